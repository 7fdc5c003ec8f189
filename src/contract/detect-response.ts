import { z } from "zod";
import { ANOMALY_TYPES } from "../detection/types.js";

/** The answer of POST /detect-anomalies, also the `result` of a stream result event. */
export const featuresSchema = z.object({
  message_length: z.number(),
  error_keywords: z.number(),
  level_severity: z.number(),
  response_time: z.number(),
  memory_usage: z.number(),
});

export const anomalySchema = z.object({
  log_index: z.number().int().describe("0-based position of the log in the stored key, skipped entries counted"),
  timestamp: z.string(),
  level: z.string(),
  message: z.string(),
  service: z.string(),
  confidence: z.number().min(0).max(1),
  anomaly_type: z.enum(ANOMALY_TYPES as unknown as [string, ...string[]]),
  features: featuresSchema,
  reasons: z.array(z.string()).describe("Plain sentences with the numbers behind the decision"),
  template: z.string().describe('The message template of the log (Drain), variable parts as "<*>"'),
  stream_id: z.string().optional().describe("Entry id when the logs key is a stream"),
});

const countsByTypeSchema = z.object({
  performance: z.number().int(),
  memory: z.number().int(),
  error: z.number().int(),
  pattern: z.number().int(),
});

export const summarySchema = z.object({
  by_type: countsByTypeSchema.describe("Reported anomalies per type"),
  top_services: z
    .array(z.object({ service: z.string(), anomalies: z.number().int(), by_type: countsByTypeSchema }))
    .describe("Services with the most reported anomalies, most first (at most 5)"),
  top_templates: z
    .array(
      z.object({
        template: z.string(),
        service: z.string(),
        anomalies: z.number().int(),
        occurrences: z.number().int().describe("Logs of this template in the window, reported or not"),
        anomaly_type: z.enum(ANOMALY_TYPES as unknown as [string, ...string[]]),
      }),
    )
    .describe("Message templates with the most reported anomalies, most first (at most 5)"),
  first_anomaly: z
    .object({
      log_index: z.number().int(),
      timestamp: z.string(),
      service: z.string(),
      anomaly_type: z.enum(ANOMALY_TYPES as unknown as [string, ...string[]]),
      message: z.string(),
    })
    .nullable()
    .describe("The earliest reported anomaly (by timestamp), null when none"),
  baseline_logs: z.number().int().describe("Logs the baselines were fitted on: the quiet part of the window"),
  folded_repeats: z.number().int().describe("Lines identical to five earlier candidates, folded below the threshold"),
});

export const detectResponseSchema = z.object({
  incident_id: z.string(),
  anomalies_detected: z.number().int(),
  anomalies: z.array(anomalySchema),
  processed_logs: z.number().int(),
  analysis_timestamp: z.string(),
  skipped_logs: z.number().int().describe("Entries that could not be read (not JSON, no message)"),
  method: z.enum(["isolation_forest", "statistical"]),
  confidence_threshold: z.number(),
  time_window_hours: z.number(),
  window_start: z.string().nullable(),
  window_end: z.string().nullable(),
  logs_key: z.string(),
  key_type: z.enum(["stream", "zset", "list", "file"]).describe("file: the CLI's offline analysis"),
  truncated: z.boolean().describe("True when MAX_LOGS_PER_INCIDENT cut older logs of the window"),
  duration_ms: z.number(),
  summary: summarySchema.describe("Counts by type, most affected services, top templates, the first anomalous log"),
});
export type DetectResponse = z.infer<typeof detectResponseSchema>;
export type AnomalyJson = z.infer<typeof anomalySchema>;

export const errorResponseSchema = z.object({
  error: z.string().describe("HTTP reason phrase"),
  code: z.string().optional().describe("VALIDATION, NOT_FOUND, UNSUPPORTED_KEY_TYPE, VALKEY_UNAVAILABLE, or Fastify's FST_* code"),
  key: z.string().optional().describe("The Valkey key concerned (404, 422)"),
  message: z.string(),
  statusCode: z.number().int(),
  field: z.string().optional(),
});
