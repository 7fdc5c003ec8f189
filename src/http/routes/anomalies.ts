import type { FastifyInstance } from "fastify";
import { ServiceError, asUnavailable } from "../../errors.js";
import { incidentIdSchema } from "../../contract/detect-request.js";
import { parseOrThrow } from "../../contract/validation.js";
import { incidentListQuerySchema } from "../../contract/incident-list.js";
import { resultQuerySchema } from "../../contract/result-query.js";
import { recentIncidents } from "../../stream/recent-results.js";
import type { AppDeps } from "../deps.js";
import { z } from "zod";

const params = z.object({ incident_id: incidentIdSchema });

/** The results the stream consumer published: one incident's latest (kept with a TTL), and the recent ones. */
export function registerAnomalyRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get("/anomalies", async (req) => {
    const query = parseOrThrow(incidentListQuerySchema, req.query);
    try {
      return await recentIncidents(deps.valkey, deps.keys.anomalyStream, query);
    } catch (err) {
      throw asUnavailable(err);
    }
  });

  app.get("/anomalies/:incident_id", async (req, reply) => {
    const { incident_id } = parseOrThrow(params, req.params);
    const query = parseOrThrow(resultQuerySchema, req.query);
    const key = deps.keys.latestResult(incident_id);
    let raw: string | null;
    try {
      raw = await deps.valkey.get(key);
    } catch (err) {
      throw asUnavailable(err, deps.valkey);
    }
    if (raw === null) throw new ServiceError("NOT_FOUND", `no anomaly result stored for incident ${incident_id} (key ${key})`, { key });
    if (query.lines === "all" && query.finding_id === undefined) return reply.type("application/json").send(raw);
    const answer = JSON.parse(raw) as { anomalies?: Array<{ finding_id?: string }> };
    // A no_logs result has no lines to narrow.
    if (Array.isArray(answer.anomalies)) {
      answer.anomalies = query.lines === "none" ? [] : answer.anomalies.filter((a) => a.finding_id === query.finding_id);
    }
    return reply.type("application/json").send(answer);
  });
}
