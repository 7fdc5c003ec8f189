import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { incidentIdSchema } from "../../contract/detect-request.js";
import { feedbackRequestSchema, suppressionRequestSchema } from "../../contract/feedback.js";
import { parseOrThrow } from "../../contract/validation.js";
import type { Feedback } from "../../feedback/feedback.js";
import type { AppDeps } from "../deps.js";

export const SUPPRESSION_ID_PATTERN = /^s_[0-9a-f]{16}$/;

const suppressionParams = z.object({
  id: z.string().regex(SUPPRESSION_ID_PATTERN, "must be a suppression id such as s_0123456789abcdef (GET /suppressions)"),
});
const deleteQuery = z.strictObject({ by: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional() });
const incidentParams = z.object({ incident_id: incidentIdSchema });

/** Suppressions and verdicts (docs/feedback.md); each change is logged and appended to FEEDBACK_STREAM. */
export function registerFeedbackRoutes(app: FastifyInstance, deps: AppDeps & { feedback: Feedback }): void {
  const { feedback, metrics } = deps;

  app.post("/suppressions", async (req, reply) => {
    const body = parseOrThrow(suppressionRequestSchema, req.body ?? undefined);
    const created = await feedback.suppressions.create(body);
    return reply.status(201).send(created);
  });

  app.get("/suppressions", async () => feedback.suppressions.list());

  app.delete("/suppressions/:id", async (req) => {
    const { id } = parseOrThrow(suppressionParams, req.params);
    const { by } = parseOrThrow(deleteQuery, req.query ?? {});
    return feedback.suppressions.remove(id, by ?? "unknown");
  });

  app.post("/anomalies/:incident_id/feedback", async (req, reply) => {
    const { incident_id } = parseOrThrow(incidentParams, req.params);
    const body = parseOrThrow(feedbackRequestSchema, req.body ?? undefined);
    const record = await feedback.verdicts.give(incident_id, body);
    metrics.feedback.inc({ verdict: record.verdict });
    return reply.status(201).send(record);
  });
}
