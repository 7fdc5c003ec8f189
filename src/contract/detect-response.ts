import { z } from "zod";
import { ANOMALY_TYPES } from "../detection/types.js";
import { SKIPPED_EXCERPT_CHARS, SKIPPED_SAMPLE_SIZE } from "../logs/skipped.js";

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
  finding_id: z.string().describe("The finding (service x template x type) this line belongs to: see findings[]"),
});

export const findingSchema = z.object({
  finding_id: z.string().describe("Stable id: the same service, template and type give the same id in every incident"),
  service: z.string(),
  template: z.string().describe('The message template, variable parts as "<*>"'),
  template_id: z.string().describe("Stable id of the template text, the same in every incident"),
  anomaly_type: z.enum(ANOMALY_TYPES as unknown as [string, ...string[]]),
  count: z.number().int().describe("Anomalous lines in this finding"),
  first_timestamp: z.string(),
  last_timestamp: z.string(),
  log_index: z.number().int().describe("log_index of its earliest line"),
  last_log_index: z.number().int().describe("log_index of its latest line"),
  max_confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()).describe("The reasons of its strongest line"),
  confirmed: z
    .object({ incident_id: z.string(), by: z.string(), at: z.string(), note: z.string().optional() })
    .optional()
    .describe("Its service's template was confirmed as a problem: where, by whom, when (POST /anomalies/:incident_id/feedback)"),
});

export const suppressedSchema = findingSchema.omit({ confirmed: true }).extend({
  suppressed_by: z.enum(["suppression", "expected", "not_useful"]).describe("A suppression, or a verdict on an earlier result"),
  suppression_id: z.string().optional().describe("The suppression that matched (suppressed_by=suppression)"),
  feedback_incident_id: z.string().optional().describe("The incident whose result got the verdict (expected, not_useful)"),
  reason: z.string().describe("The suppression's reason, or who gave the verdict, when and why"),
});

export const skippedSampleSchema = z.object({
  log_index: z.number().int().describe("0-based position of the entry in the stored key (line of the file, from 0)"),
  reason: z
    .string()
    .describe(
      'Why it was skipped: "entry is not valid JSON", "no message field (message, msg, log, text, body, event) and no request (request, or a method and a path)", ...',
    ),
  excerpt: z.string().describe(`The entry's first ${SKIPPED_EXCERPT_CHARS} characters, control characters replaced, "…" when cut`),
});

const countsByTypeSchema = z.object({
  performance: z.number().int(),
  memory: z.number().int(),
  error: z.number().int(),
  pattern: z.number().int(),
});

export const onsetSchema = z.object({
  timestamp: z.string().describe("When the incident departed from its earlier behaviour; the window's first log when from_window_start"),
  log_index: z.number().int().describe("The first anomalous line of the change (when from_window_start: the earliest anomalous line)"),
  service: z.string().describe("Service of that line"),
  template: z.string().describe('Message template of that line, variable parts as "<*>"'),
  from_window_start: z
    .boolean()
    .describe("True when anomalies run from the first minute of the logs, or at a steady rate all along: the incident was under way before the window"),
  reasons: z.array(z.string()).describe("The rate change in numbers: anomalous lines per 1,000 lines before and after, bucket size, new templates"),
});

export const suspectedRootSchema = z.object({
  service: z.string(),
  score: z.number().min(0).max(1).describe("How likely its fault is the origin: time order, callee names, shared traces, size of the change; not volume"),
  first_anomaly_at: z.string().nullable().describe("Its first anomalous line at or after the onset (else its first anomalous line)"),
  findings: z.number().int().describe("Findings of this service"),
  reasons: z
    .array(z.string())
    .describe(
      "Why, in numbers: first to deviate (38 s before checkout), callers' lines naming it as the callee, traces shared, how much its anomalous share rose",
    ),
});

export const timelineSchema = z.object({
  start: z.string().describe("Start of the first bucket (a multiple of the bucket size)"),
  end: z.string().describe("End of the last bucket"),
  bucket_seconds: z.number().describe("Bucket size, the smallest round size giving at most 60 buckets over the logs' span"),
  buckets: z.number().int(),
  onset_bucket: z.number().int().nullable().describe("Bucket of the onset, null when nothing was anomalous"),
  new_templates: z.array(z.number().int()).describe("Message templates first seen per bucket"),
  services: z
    .array(
      z.object({
        service: z.string(),
        lines: z.array(z.number().int()).describe("Lines per bucket"),
        anomalous: z.array(z.number().int()).describe("Anomalous lines per bucket (confidence at least the threshold and 0.5)"),
      }),
    )
    .describe("Every service, suspected root services first in their order, then by lines written"),
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
  findings: z.number().int().describe("Findings (service x template x type groups) of the detected lines"),
  onset: onsetSchema
    .nullable()
    .optional()
    .describe(
      "When the incident started: a change point in the rate of anomalous lines and new templates, not merely the first flagged line; null when nothing was anomalous",
    ),
  suspected_root_services: z
    .array(suspectedRootSchema)
    .optional()
    .describe("Every service with findings, and any service the incident's anomalous lines name as the callee, the most likely origin of the incident first"),
  timeline: timelineSchema
    .nullable()
    .optional()
    .describe(
      "Lines and anomalous lines per service per time bucket, onset marked; null when no log has a timestamp. Left out of result events (see GET /anomalies/:incident_id)",
    ),
  suppressed_lines: z.number().int().optional().describe("Lines at or above the threshold that suppressions or verdicts took out (listed in suppressed[])"),
});

export const serviceBaselineSchema = z.object({
  baseline: z.enum(["history", "incident"]).describe("history: judged against the service's memory; incident: against this incident alone"),
  incidents: z.number().int().describe("Incidents of the service in its memory"),
});

export const similarIncidentSchema = z.object({
  incident_id: z.string(),
  similarity: z.number().min(0).max(1).describe("Jaccard similarity of the two incidents' findings (service x template pairs)"),
  analysed_at: z.string().describe("When the earlier incident was analysed (ISO 8601)"),
});

export const detectResponseSchema = z.object({
  incident_id: z.string(),
  anomalies_detected: z.number().int().describe("Lines at or above the threshold, listed or not"),
  anomalies: z
    .array(anomalySchema)
    .describe("Anomalous lines in log order; at most MAX_LISTED_ANOMALIES, the strongest (every finding's strongest line included)"),
  anomalies_omitted: z.number().int().describe("Detected lines not listed in anomalies[] (MAX_LISTED_ANOMALIES); their findings are complete"),
  findings: z.array(findingSchema).describe("Every finding, strongest first: the detected lines grouped by service x template x type"),
  findings_omitted: z.number().int().optional().describe("Only in a result event: findings left out to keep the event bounded"),
  suppressed: z
    .array(suppressedSchema)
    .optional()
    .describe("Detected lines taken out of anomalies[], findings and the counts by a suppression or a verdict, grouped by finding and rule, most lines first"),
  suppressed_omitted: z.number().int().optional().describe("Only in a result event: suppressed groups left out to keep the event bounded"),
  processed_logs: z.number().int(),
  analysis_timestamp: z.string(),
  skipped_logs: z.number().int().describe("Entries that could not be read (broken JSON, binary, no message, a time that is not a date)"),
  skipped_sample: z
    .array(skippedSampleSchema)
    .optional()
    .describe(`Only when skipped_logs > 0: the first ${SKIPPED_SAMPLE_SIZE} skipped entries by position, with the reason`),
  method: z.enum(["isolation_forest", "statistical"]),
  confidence_threshold: z.number(),
  time_window_hours: z.number(),
  window_start: z.string().nullable(),
  window_end: z.string().nullable(),
  logs_key: z.string(),
  key_type: z.enum(["stream", "zset", "list", "file"]).describe("file: the CLI's offline analysis"),
  truncated: z.boolean().describe("True when MAX_LOGS_PER_INCIDENT or MAX_INCIDENT_BYTES cut older logs of the window"),
  duration_ms: z.number(),
  summary: summarySchema.describe("Counts by type, most affected services, top templates, the first anomalous log"),
  baselines: z.record(z.string(), serviceBaselineSchema).optional().describe("Per service, the baseline its lines were judged against; absent when MEMORY=off"),
  similar_incidents: z
    .array(similarIncidentSchema)
    .max(3)
    .optional()
    .describe("Up to three earlier incidents whose findings are most alike, most similar first; absent when MEMORY=off"),
  view_url: z.string().optional().describe("The incident page (GET /incidents/:incident_id under PUBLIC_URL); only when PUBLIC_URL is set"),
});
export type DetectResponse = z.infer<typeof detectResponseSchema>;

/** What a request's log line says about skipped entries: how many, and the first with its reason. */
export function skippedLogFields(r: Pick<DetectResponse, "skipped_logs" | "skipped_sample">): Record<string, unknown> {
  const first = r.skipped_sample?.[0];
  return first ? { skipped_logs: r.skipped_logs, skipped_first: first } : { skipped_logs: r.skipped_logs };
}
export type AnomalyJson = z.infer<typeof anomalySchema>;
export type FindingJson = z.infer<typeof findingSchema>;
export type SuppressedJson = z.infer<typeof suppressedSchema>;

export const errorResponseSchema = z.object({
  error: z.string().describe("HTTP reason phrase"),
  code: z.string().optional().describe("VALIDATION, NOT_FOUND, UNSUPPORTED_KEY_TYPE, TOO_LARGE, VALKEY_UNAVAILABLE, CONFLICT, or Fastify's FST_* code"),
  key: z.string().optional().describe("The Valkey key concerned (404, 422)"),
  reason: z.enum(["unreachable", "auth_failed"]).optional().describe("Why Valkey is unavailable (503): no connection, or the server refused the credentials"),
  message: z.string(),
  statusCode: z.number().int(),
  field: z.string().optional(),
});
