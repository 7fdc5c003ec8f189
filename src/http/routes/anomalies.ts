import type { FastifyInstance } from "fastify";
import { ServiceError, asUnavailable } from "../../errors.js";
import { incidentIdSchema } from "../../contract/detect-request.js";
import { parseOrThrow } from "../../contract/validation.js";
import type { AppDeps } from "../deps.js";
import { z } from "zod";

const params = z.object({ incident_id: incidentIdSchema });

/** The latest result the stream consumer published for an incident (kept with a TTL). */
export function registerAnomalyRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get("/anomalies/:incident_id", async (req, reply) => {
    const { incident_id } = parseOrThrow(params, req.params);
    const key = deps.keys.latestResult(incident_id);
    let raw: string | null;
    try {
      raw = await deps.valkey.get(key);
    } catch (err) {
      throw asUnavailable(err, deps.valkey);
    }
    if (raw === null) throw new ServiceError("NOT_FOUND", `no anomaly result stored for incident ${incident_id} (key ${key})`, { key });
    return reply.type("application/json").send(raw);
  });
}
