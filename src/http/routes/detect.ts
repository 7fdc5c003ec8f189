import type { FastifyInstance } from "fastify";
import { detectRequestSchema } from "../../contract/detect-request.js";
import { parseOrThrow } from "../../contract/validation.js";
import { withViewUrl } from "../../contract/view-url.js";
import type { AppDeps } from "../deps.js";

export function registerDetectRoutes(app: FastifyInstance, deps: AppDeps): void {
  const schema = detectRequestSchema({
    timeWindowHours: deps.config.DEFAULT_TIME_WINDOW_HOURS,
    confidenceThreshold: deps.config.DEFAULT_CONFIDENCE_THRESHOLD,
  });
  app.post("/detect-anomalies", async (req) => {
    // A missing or non-object body is a validation error like any other (zod names it).
    const request = parseOrThrow(schema, req.body ?? undefined);
    req.log = req.log.child({ incident_id: request.incident_id });
    const response = await deps.detector.run(request, "api");
    req.log.info(
      {
        processed_logs: response.processed_logs,
        anomalies_detected: response.anomalies_detected,
        skipped_logs: response.skipped_logs,
        method: response.method,
        duration_ms: response.duration_ms,
      },
      "detection finished",
    );
    return withViewUrl(response, deps.config.PUBLIC_URL);
  });
}
