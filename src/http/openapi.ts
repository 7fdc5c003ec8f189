import { z } from "zod";
import type { Config } from "../config.js";
import { detectRequestSchema } from "../contract/detect-request.js";
import { detectResponseSchema, errorResponseSchema } from "../contract/detect-response.js";
import { feedbackRequestSchema, suppressionListSchema, suppressionRequestSchema, suppressionSchema, verdictRecordSchema } from "../contract/feedback.js";

/** OpenAPI 3.1 document generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(config: Pick<Config, "DEFAULT_TIME_WINDOW_HOURS" | "DEFAULT_CONFIDENCE_THRESHOLD">) {
  const request = detectRequestSchema({
    timeWindowHours: config.DEFAULT_TIME_WINDOW_HOURS,
    confidenceThreshold: config.DEFAULT_CONFIDENCE_THRESHOLD,
  });
  const json = (s: z.ZodType, io: "input" | "output" = "output") => z.toJSONSchema(s, { io, target: "draft-2020-12", unrepresentable: "any" });
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const unauthorized = error("API_KEY is set and the request has no valid `Authorization: Bearer` key");
  return {
    openapi: "3.1.0",
    info: { title: "Anomaly detection service", version: "1.0.0", description: "Detects anomalies in incident logs stored in Valkey." },
    paths: {
      "/livez": {
        get: {
          summary: "Liveness: the process serves requests (Valkey is not consulted); for restart probes",
          responses: { "200": { description: 'Always, while the process runs: {"status":"alive"}' } },
        },
      },
      "/health": {
        get: {
          summary: "Readiness: service status and Valkey connectivity; for traffic and readiness probes",
          responses: { "200": { description: "Valkey answers (status healthy or degraded)" }, "503": { description: "Valkey does not answer" } },
        },
      },
      "/detect-anomalies": {
        post: {
          summary: "Detect anomalies in an incident's logs",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/DetectRequest" } } } },
          responses: {
            "200": { description: "Detection result", content: { "application/json": { schema: { $ref: "#/components/schemas/DetectResponse" } } } },
            "400": error("Invalid body; `field` names the offending field"),
            "401": error("API_KEY is set and the request has no valid `Authorization: Bearer` key"),
            "404": error("No logs at the incident's key; `key` names it"),
            "413": error("Body larger than BODY_LIMIT_BYTES"),
            "422": error("The logs key holds an unsupported type"),
            "429": error("Over RATE_LIMIT_MAX requests in RATE_LIMIT_WINDOW_MS for this client; see Retry-After"),
            "503": error("Valkey unavailable"),
          },
        },
      },
      "/anomalies/{incident_id}": {
        get: {
          summary: "Latest result the stream consumer published for an incident",
          parameters: [{ name: "incident_id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "Detection result", content: { "application/json": { schema: { $ref: "#/components/schemas/DetectResponse" } } } },
            "401": error("API_KEY is set and the request has no valid `Authorization: Bearer` key"),
            "404": error("No result stored (never processed, or its TTL expired)"),
            "429": error("Rate limit exceeded"),
          },
        },
      },
      "/metrics": { get: { summary: "Prometheus metrics", responses: { "200": { description: "text exposition format" } } } },
      "/suppressions": {
        post: {
          summary: "Hide what a match names (a service and any of template id, template, type, message substring) until an expiry, or for good",
          requestBody: { required: true, content: { "application/json": { schema: ref("SuppressionRequest") } } },
          responses: {
            "201": { description: "The suppression, with its id", content: { "application/json": { schema: ref("Suppression") } } },
            "400": error("Invalid body, or a match that names only the service; `field` names the offending field"),
            "401": unauthorized,
            "409": error("MAX_ACTIVE_SUPPRESSIONS suppressions are in force already"),
            "503": error("Valkey unavailable"),
          },
        },
        get: {
          summary: "Suppressions in force, and those that expired or were deleted within SUPPRESSION_HISTORY_HOURS",
          responses: { "200": { description: "The list", content: { "application/json": { schema: ref("SuppressionList") } } }, "401": unauthorized },
        },
      },
      "/suppressions/{id}": {
        delete: {
          summary: "End a suppression in force; its findings come back in the next detections",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "by", in: "query", required: false, schema: { type: "string" }, description: "Who deletes it (logged, on FEEDBACK_STREAM)" },
          ],
          responses: {
            "200": { description: "The ended suppression", content: { "application/json": { schema: ref("Suppression") } } },
            "400": error("Not a suppression id"),
            "401": unauthorized,
            "404": error("No suppression with that id in force"),
          },
        },
      },
      "/anomalies/{incident_id}/feedback": {
        post: {
          summary: "A verdict on a finding of the incident's stored result: expected, not_useful or confirmed (appended to FEEDBACK_STREAM)",
          parameters: [{ name: "incident_id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: ref("FeedbackRequest") } } },
          responses: {
            "201": { description: "The verdict as recorded", content: { "application/json": { schema: ref("Verdict") } } },
            "400": error("Invalid body; `field` names the offending field"),
            "401": unauthorized,
            "404": error("No stored result for the incident, or no such finding or listed line in it"),
            "503": error("Valkey unavailable"),
          },
        },
      },
    },
    components: {
      schemas: {
        DetectRequest: json(request, "input"),
        DetectResponse: json(detectResponseSchema),
        Error: json(errorResponseSchema),
        SuppressionRequest: json(suppressionRequestSchema, "input"),
        Suppression: json(suppressionSchema),
        SuppressionList: json(suppressionListSchema),
        FeedbackRequest: json(feedbackRequestSchema, "input"),
        Verdict: json(verdictRecordSchema),
      },
    },
  };
}
