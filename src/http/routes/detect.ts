import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply } from "fastify";
import { detectRequestSchema } from "../../contract/detect-request.js";
import { skippedLogFields } from "../../contract/detect-response.js";
import { parseOrThrow } from "../../contract/validation.js";
import { withViewUrl } from "../../contract/view-url.js";
import { answerJson } from "../../contract/rendered-answer.js";
import type { AppDeps } from "../deps.js";

/** Bytes written to the socket per event-loop turn for a large answer. */
const SLICE_BYTES = 256 * 1024;

/**
 * A large answer (a 1M-log incident's is megabytes) written in slices, one per event-loop turn:
 * written at once it is one long copy into the socket that health checks wait behind.
 */
function sendInSlices(reply: FastifyReply, body: Buffer): FastifyReply {
  if (body.length <= SLICE_BYTES) return reply.send(body);
  reply.header("content-length", body.length);
  return reply.send(Readable.from(slices(body), { objectMode: false, highWaterMark: SLICE_BYTES }));
}

function* slices(body: Buffer): Generator<Buffer> {
  for (let at = 0; at < body.length; at += SLICE_BYTES) yield body.subarray(at, at + SLICE_BYTES);
}

export function registerDetectRoutes(app: FastifyInstance, deps: AppDeps): void {
  const schema = detectRequestSchema({
    timeWindowHours: deps.config.DEFAULT_TIME_WINDOW_HOURS,
    confidenceThreshold: deps.config.DEFAULT_CONFIDENCE_THRESHOLD,
  });
  app.post("/detect-anomalies", async (req, reply) => {
    // A missing or non-object body is a validation error like any other (zod names it).
    const request = parseOrThrow(schema, req.body ?? undefined);
    req.log = req.log.child({ incident_id: request.incident_id });
    const response = await deps.detector.run(request, "api");
    req.log.info(
      {
        processed_logs: response.processed_logs,
        anomalies_detected: response.anomalies_detected,
        ...skippedLogFields(response),
        method: response.method,
        duration_ms: response.duration_ms,
      },
      "detection finished",
    );
    // As rendered by a detection thread when it was (rendered-answer.ts): sent as it is.
    const json = answerJson(withViewUrl(response, deps.config.PUBLIC_URL));
    reply.type("application/json; charset=utf-8");
    return typeof json === "string" ? reply.send(json) : sendInSlices(reply, json);
  });
  // A GET (a browser, a curl without -d) learns what the route takes instead of a bare 404.
  app.route({
    method: ["GET", "PUT", "PATCH", "DELETE"],
    url: "/detect-anomalies",
    handler: async (req, reply) =>
      reply
        .status(405)
        .header("allow", "POST")
        .send({
          error: "Method Not Allowed",
          message: `/detect-anomalies takes POST with a JSON body such as {"incident_id":"INC-1"}, not ${req.method}; GET /anomalies/INCIDENT_ID returns the latest result the stream consumer stored`,
          statusCode: 405,
        }),
  });
}
