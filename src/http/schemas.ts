import { z } from "zod";
import { ANOMALY_TYPES } from "../detection/types.js";
import { ServiceError } from "../errors.js";

/**
 * The wire contract, shared by POST /detect-anomalies and the stream consumer's events.
 * An incident id can never address another key: a safe character set and a length limit
 * (no `*`, braces, spaces or control characters).
 */
export const INCIDENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}$/;

export const incidentIdSchema = z
  .string({ error: "must be a string" })
  .regex(
    INCIDENT_ID_PATTERN,
    "must be 1-200 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
  );

export function detectRequestSchema(defaults: { timeWindowHours: number; confidenceThreshold: number }) {
  return z.strictObject({
    incident_id: incidentIdSchema,
    time_window_hours: z
      .number({ error: "must be a number" })
      .positive("must be greater than 0")
      .max(24 * 366, "must be at most 8784 (one year)")
      .default(defaults.timeWindowHours),
    confidence_threshold: z
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 1")
      .max(1, "must be between 0 and 1")
      .default(defaults.confidenceThreshold),
  });
}
export type DetectRequest = z.infer<ReturnType<typeof detectRequestSchema>>;

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

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** "field: message" lines for a zod error, naming the offending field. */
export function describeZodError(err: z.ZodError, input?: unknown): { field: string; message: string } {
  const first = err.issues[0];
  const field = first && first.path.length > 0 ? first.path.join(".") : "(body)";
  const message = err.issues
    .map((i) => {
      const f = i.path.length > 0 ? i.path.join(".") : "(body)";
      if (i.code === "unrecognized_keys") return `${f}: unknown field(s) ${i.keys.join(", ")}`;
      if (i.code === "invalid_type" && i.path.length > 0 && valueAt(input, i.path) === undefined) return `${f}: is required`;
      return `${f}: ${i.message}`;
    })
    .join("; ");
  return { field, message };
}

/** Parses or throws a VALIDATION error (400) whose message and `field` name the offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const { field, message } = describeZodError(r.error, input);
  throw new ServiceError("VALIDATION", message, { field });
}
