import { z } from "zod";
import { ANOMALY_TYPES, VERDICTS } from "../detection/types.js";

/**
 * Suppressions and verdicts as the API, the CLI and the feedback stream speak of them
 * (docs/feedback.md).
 */

const anomalyType = z.enum(ANOMALY_TYPES as unknown as [string, ...string[]], { error: `must be one of ${ANOMALY_TYPES.join(", ")}` });
const text = (max: number) => z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
/** Who acts: a person or a tool, as it names itself. */
const actor = text(200);

/** Durations such as "90s", "30m", "6h", "2d", "1w". */
const DURATION = /^(\d{1,6})(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** A suppression with an expiry lasts at most a year; longer ones are permanent ones, said so. */
export const MAX_SUPPRESSION_MS = 366 * 86_400_000;

/**
 * The expiry time (epoch ms) of `until`: an ISO 8601 time or a duration from `now`. A string
 * that names the problem when it is neither, in the past, or over a year away.
 */
export function parseUntil(until: string, now: number): number | string {
  const d = DURATION.exec(until);
  let at: number;
  if (d) at = now + Number(d[1]) * UNIT_MS[d[2]!]!;
  else if (/^\d{4}-\d{2}-\d{2}T/.test(until)) at = Date.parse(until);
  else return 'must be an ISO 8601 time (2026-12-03T06:00:00Z) or a duration such as "90s", "30m", "6h", "2d", "1w"; leave it out for a permanent suppression';
  if (!Number.isFinite(at)) return "is not a valid ISO 8601 time";
  if (at <= now) return "must be in the future";
  if (at - now > MAX_SUPPRESSION_MS) return "must be at most 366 days away; leave it out for a permanent suppression";
  return at;
}

export const suppressionMatchSchema = z
  .strictObject({
    service: text(200).describe("The service whose lines it hides (required)"),
    template_id: z
      .string({ error: "must be a string" })
      .regex(/^t_[0-9a-f]{16}$/, "must be a template id such as t_1dcefc3818221e42 (findings[].template_id)")
      .optional(),
    template: text(2000).optional().describe('The template text exactly, variable parts as "<*>"'),
    anomaly_type: anomalyType.optional(),
    message: text(500).optional().describe("A substring of the message, case-insensitive"),
  })
  .refine((m) => m.template_id !== undefined || m.template !== undefined || m.anomaly_type !== undefined || m.message !== undefined, {
    error:
      "must name at least one of template_id, template, anomaly_type, message besides the service: a suppression of a whole service would hide everything it logs",
  });

export const suppressionRequestSchema = z.strictObject({
  match: suppressionMatchSchema,
  until: z
    .string({ error: 'must be a string: an ISO 8601 time or a duration such as "6h"' })
    .optional()
    .describe('ISO 8601 time or duration ("90s", "30m", "6h", "2d", "1w"); absent = permanent'),
  reason: text(1000),
  created_by: actor,
});
export type SuppressionRequest = z.infer<typeof suppressionRequestSchema>;

/** A suppression as stored and listed. */
export const suppressionSchema = z.object({
  id: z.string(),
  match: z.object({
    service: z.string(),
    template_id: z.string().optional(),
    template: z.string().optional(),
    anomaly_type: anomalyType.optional(),
    message: z.string().optional(),
  }),
  until: z.string().nullable().describe("Expiry (ISO 8601); null = permanent"),
  reason: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  deleted_at: z.string().optional(),
  deleted_by: z.string().optional(),
});
export type Suppression = z.infer<typeof suppressionSchema>;

export const suppressionListSchema = z.object({
  active: z.array(suppressionSchema).describe("In force now"),
  ended: z
    .array(suppressionSchema.extend({ status: z.enum(["expired", "deleted"]) }))
    .describe("Expired or deleted within SUPPRESSION_HISTORY_HOURS, most recent first"),
  max_active: z.number().int().describe("MAX_ACTIVE_SUPPRESSIONS"),
});

export const feedbackRequestSchema = z
  .strictObject({
    finding_id: z
      .string({ error: "must be a string" })
      .regex(/^f_[0-9a-f]{16}$/, "must be a finding id such as f_1dcefc3818221e42 (findings[].finding_id)")
      .optional(),
    log_index: z.number({ error: "must be a number" }).int("must be an integer").min(0, "must be 0 or more").optional(),
    verdict: z.enum(VERDICTS as unknown as [string, ...string[]], { error: `must be one of ${VERDICTS.join(", ")}` }),
    by: actor.optional(),
    created_by: actor.optional(),
    note: text(1000).optional(),
  })
  .refine((b) => (b.finding_id === undefined) !== (b.log_index === undefined), {
    error: "give exactly one of finding_id and log_index",
    path: ["finding_id"],
  })
  .refine((b) => b.by !== undefined || b.created_by !== undefined, { error: "is required: who gives the verdict (by or created_by)", path: ["by"] });
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

/** A verdict as stored, answered and appended to FEEDBACK_STREAM. */
export const verdictRecordSchema = z.object({
  feedback_id: z.string().describe("Id of its entry on FEEDBACK_STREAM"),
  incident_id: z.string(),
  finding_id: z.string(),
  service: z.string(),
  template_id: z.string(),
  template: z.string(),
  anomaly_type: anomalyType,
  verdict: z.enum(VERDICTS as unknown as [string, ...string[]]),
  by: z.string(),
  note: z.string().optional(),
  at: z.string(),
});
export type VerdictRecord = z.infer<typeof verdictRecordSchema>;
