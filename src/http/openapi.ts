import { z } from "zod";
import type { Config } from "../config.js";
import { detectRequestSchema } from "../contract/detect-request.js";
import { detectResponseSchema, errorResponseSchema } from "../contract/detect-response.js";
import { feedbackRequestSchema, suppressionListSchema, suppressionRequestSchema, suppressionSchema, verdictRecordSchema } from "../contract/feedback.js";
import { baselineViewSchema, learnRequestSchema, learnResponseSchema } from "../contract/baselines.js";
import { incidentListQuerySchema, incidentListSchema } from "../contract/incident-list.js";
import { resultQuerySchema } from "../contract/result-query.js";

/** OpenAPI 3.1 document generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(config: Pick<Config, "DEFAULT_TIME_WINDOW_HOURS" | "DEFAULT_CONFIDENCE_THRESHOLD">) {
  const request = detectRequestSchema({
    timeWindowHours: config.DEFAULT_TIME_WINDOW_HOURS,
    confidenceThreshold: config.DEFAULT_CONFIDENCE_THRESHOLD,
  });
  const json = (s: z.ZodType, io: "input" | "output" = "output") => z.toJSONSchema(s, { io, target: "draft-2020-12", unrepresentable: "any" });
  const queryParameters = (s: z.ZodType) =>
    Object.entries((json(s, "input") as { properties: Record<string, { description?: string }> }).properties).map(([name, schema]) => ({
      name,
      in: "query",
      required: false,
      description: schema.description,
      schema,
    }));
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
            "413": error("Body larger than BODY_LIMIT_BYTES; or TOO_LARGE: every log read is over MAX_LOG_ENTRY_BYTES, nothing could be analysed"),
            "422": error("The logs key holds an unsupported type"),
            "429": error("Over RATE_LIMIT_MAX requests in RATE_LIMIT_WINDOW_MS for this client; see Retry-After"),
            "503": error("Valkey unavailable"),
          },
        },
      },
      "/anomalies/{incident_id}": {
        get: {
          summary: "Latest result the stream consumer published for an incident",
          parameters: [{ name: "incident_id", in: "path", required: true, schema: { type: "string" } }, ...queryParameters(resultQuerySchema)],
          responses: {
            "200": { description: "Detection result", content: { "application/json": { schema: { $ref: "#/components/schemas/DetectResponse" } } } },
            "401": error("API_KEY is set and the request has no valid `Authorization: Bearer` key"),
            "404": error("No result stored (never processed, or its TTL expired)"),
            "429": error("Rate limit exceeded"),
          },
        },
      },
      "/baselines/learn": {
        post: {
          summary: "Teach the memory across incidents from an incident's logs declared normal (no anomalies produced; learning an id twice counts once)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/LearnRequest" } } } },
          responses: {
            "200": { description: "What each service learnt", content: { "application/json": { schema: { $ref: "#/components/schemas/LearnResponse" } } } },
            "400": error("Invalid body; `field` names the offending field"),
            "401": error("API_KEY is set and the request has no valid `Authorization: Bearer` key"),
            "404": error("No logs at the incident's key; `key` names it"),
            "409": error("MEMORY=off"),
            "429": error("Rate limit exceeded"),
            "503": error("Valkey unavailable"),
          },
        },
      },
      "/baselines/{service}": {
        get: {
          summary: "A service's memory: incidents learnt, numeric baselines, templates with ids and counts",
          parameters: [{ name: "service", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The service's memory", content: { "application/json": { schema: { $ref: "#/components/schemas/BaselineView" } } } },
            "401": error("API_KEY is set and the request has no valid `Authorization: Bearer` key"),
            "404": error("Nothing remembered of this service"),
            "409": error("MEMORY=off"),
            "429": error("Rate limit exceeded"),
            "503": error("Valkey unavailable"),
          },
        },
      },
      "/anomalies": {
        get: {
          summary: "Recent incidents from the result stream, newest first, one per incident, with their strongest finding",
          parameters: queryParameters(incidentListQuerySchema),
          responses: {
            "200": { description: "Recent incidents", content: { "application/json": { schema: { $ref: "#/components/schemas/IncidentList" } } } },
            "400": error("Invalid query; `field` names the offending parameter"),
            "401": error("API_KEY is set and the request has no valid `Authorization: Bearer` key"),
            "429": error("Rate limit exceeded"),
            "503": error("Valkey unavailable"),
          },
        },
      },
      "/incidents": { get: { summary: "The recent incidents page (HTML; open: it holds no data)", responses: { "200": { description: "text/html" } } } },
      "/incidents/{incident_id}": {
        get: {
          summary: "An incident's page (HTML; open: its script fetches the data with the API key)",
          parameters: [{ name: "incident_id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "text/html" }, "400": error("Invalid incident id") },
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
        IncidentList: json(incidentListSchema),
        Error: json(errorResponseSchema),
        SuppressionRequest: json(suppressionRequestSchema, "input"),
        Suppression: json(suppressionSchema),
        SuppressionList: json(suppressionListSchema),
        FeedbackRequest: json(feedbackRequestSchema, "input"),
        Verdict: json(verdictRecordSchema),
        LearnRequest: json(learnRequestSchema, "input"),
        LearnResponse: json(learnResponseSchema),
        BaselineView: json(baselineViewSchema),
      },
    },
  };
}
