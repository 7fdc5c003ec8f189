import { z } from "zod";
import { ANOMALY_TYPES } from "../detection/types.js";
import { detectResponseSchema, type DetectResponse } from "./detect-response.js";
import { renderedBounded } from "./rendered-answer.js";

/**
 * The entry published on ANOMALY_STREAM for every incident-created event: a public contract.
 * Stream field values are strings; `result` is the JSON answer of POST /detect-anomalies
 * (or, for `no_logs`, a short object saying which key was empty). Bump SCHEMA_VERSION on any
 * incompatible change; adding optional fields is compatible.
 */
export const SCHEMA_VERSION = "1";

export const noLogsResultSchema = z.object({
  incident_id: z.string(),
  anomalies_detected: z.literal(0),
  anomalies: z.array(z.never()).length(0),
  processed_logs: z.literal(0),
  analysis_timestamp: z.string(),
  logs_key: z.string(),
  message: z.string(),
});
export type NoLogsResult = z.infer<typeof noLogsResultSchema>;

const intString = z.string().regex(/^\d+$/);

/**
 * A result event stays a bounded size whatever the incident: its `result` lists at most
 * EVENT_MAX_ANOMALIES anomalous lines (the strongest), EVENT_MAX_FINDINGS findings (the
 * strongest) and EVENT_MAX_SUPPRESSED suppressed groups (the largest), with messages, templates
 * and reasons cut to EVENT_MAX_TEXT characters; the answer's `anomalies_omitted`,
 * `findings_omitted` and `suppressed_omitted` say how many were left out. The summary keeps its
 * onset and suspected root services but not its timeline (services x buckets can be large).
 * GET /anomalies/:incident_id keeps the whole answer.
 */
export const EVENT_MAX_ANOMALIES = 100;
export const EVENT_MAX_FINDINGS = 50;
export const EVENT_MAX_TEXT = 1000;
/** Suppressed groups (suppressed[]) a result event lists at most, the most lines first. */
export const EVENT_MAX_SUPPRESSED = 50;
/** Suspected root services named in the event's own field (the result has them all). */
export const EVENT_MAX_ROOTS = 3;

/** The stream entry's fields as a subscriber reads them (all strings). */
export const resultEventSchema = z.object({
  schema_version: z.literal(SCHEMA_VERSION).describe("Incompatible changes bump this"),
  incident_id: z.string(),
  source_event_id: z
    .string()
    .regex(/^\d+-\d+$/)
    .describe("Id of the incident-created event on INCIDENT_STREAM"),
  status: z.enum(["ok", "no_logs"]),
  anomalies_detected: intString.describe("Decimal integer: lines at or above the threshold"),
  findings: intString.describe("Decimal integer: findings (service x template x type groups)"),
  max_confidence: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/)
    .describe("Decimal in [0, 1]; 0 when none"),
  anomaly_types: z
    .string()
    .regex(new RegExp(`^((${ANOMALY_TYPES.join("|")})(,(${ANOMALY_TYPES.join("|")}))*)?$`))
    .describe("Comma-separated distinct types of the findings; empty when none"),
  result: z
    .string()
    .describe(
      `JSON: the POST /detect-anomalies answer when status=ok, bounded in size (at most ${EVENT_MAX_ANOMALIES} anomalies and ${EVENT_MAX_FINDINGS} findings, the strongest, ${EVENT_MAX_SUPPRESSED} suppressed groups, the largest, texts cut to ${EVENT_MAX_TEXT} characters; summary.onset and summary.suspected_root_services kept, summary.timeline left out; GET /anomalies/:incident_id has the whole answer); NoLogsResult when status=no_logs`,
    ),
  onset: z.string().optional().describe("summary.onset.timestamp: when the incident started; absent when nothing was anomalous"),
  suspected_root_services: z
    .string()
    .optional()
    .describe(
      `Comma-separated: the first ${EVENT_MAX_ROOTS} of summary.suspected_root_services, most likely origin first; absent when no service has findings`,
    ),
  created_at: z.string().optional().describe("The event's created_at, when it had one"),
  processed_at: z.string().describe("ISO 8601 time the result was computed"),
  consumer: z.string().describe("Consumer that computed it"),
  view_url: z.string().optional().describe("The incident page (GET /incidents/:incident_id under PUBLIC_URL); only when PUBLIC_URL is set"),
});
export type ResultEvent = z.infer<typeof resultEventSchema>;

/** What became of an incident-created event that gets a result entry. */
export type ResultOutcome = { status: "ok"; response: DetectResponse } | { status: "no_logs"; result: NoLogsResult };

/** Text cut to EVENT_MAX_TEXT characters. */
const cut = (text: string): string => (text.length > EVENT_MAX_TEXT ? `${text.slice(0, EVENT_MAX_TEXT - 1)}…` : text);

/** The answer as a result event carries it: the strongest anomalies and findings, texts cut. */
export function boundedAnswer(response: DetectResponse): DetectResponse {
  const keep = new Set(
    response.anomalies
      .map((a, k) => [a.confidence, k] as const)
      .sort((x, y) => y[0] - x[0] || x[1] - y[1])
      .slice(0, EVENT_MAX_ANOMALIES)
      .map(([, k]) => k),
  );
  const anomalies = response.anomalies
    .filter((_, k) => keep.has(k))
    .map((a) => ({ ...a, message: cut(a.message), template: cut(a.template), reasons: a.reasons.map(cut) }));
  const findings = response.findings.slice(0, EVENT_MAX_FINDINGS).map((f) => ({ ...f, template: cut(f.template), reasons: f.reasons.map(cut) }));
  const out: DetectResponse = {
    ...response,
    anomalies,
    anomalies_omitted: response.anomalies_omitted + response.anomalies.length - anomalies.length,
    findings,
  };
  // Answers built by hand (tests, older producers) may lack a summary.
  if (response.summary?.timeline !== undefined) {
    const { timeline: _, ...summary } = response.summary;
    out.summary = summary;
  }
  const findingsOmitted = (response.findings_omitted ?? 0) + response.findings.length - findings.length;
  if (findingsOmitted > 0) out.findings_omitted = findingsOmitted;
  if (response.suppressed) {
    const suppressed = response.suppressed.slice(0, EVENT_MAX_SUPPRESSED);
    out.suppressed = suppressed.map((f) => ({ ...f, template: cut(f.template), reason: cut(f.reason), reasons: f.reasons.map(cut) }));
    const suppressedOmitted = (response.suppressed_omitted ?? 0) + response.suppressed.length - suppressed.length;
    if (suppressedOmitted > 0) out.suppressed_omitted = suppressedOmitted;
  }
  return out;
}

export function buildResultEvent(args: {
  sourceEventId: string;
  incidentId: string;
  createdAt?: string;
  consumer: string;
  outcome: ResultOutcome;
  /** The incident page's address, when PUBLIC_URL is set. */
  viewUrl?: string;
}): ResultEvent {
  const { outcome } = args;
  const findings = outcome.status === "ok" ? outcome.response.findings : [];
  let max = 0;
  const types = new Set<string>();
  for (const f of findings) {
    if (f.max_confidence > max) max = f.max_confidence;
    types.add(f.anomaly_type);
  }
  const ev: ResultEvent = {
    schema_version: SCHEMA_VERSION,
    incident_id: args.incidentId,
    source_event_id: args.sourceEventId,
    status: outcome.status,
    anomalies_detected: String(outcome.status === "ok" ? outcome.response.anomalies_detected : 0),
    findings: String(findings.length),
    max_confidence: String(max),
    anomaly_types: ANOMALY_TYPES.filter((t) => types.has(t)).join(","),
    result: outcome.status === "ok" ? (renderedBounded(outcome.response) ?? JSON.stringify(boundedAnswer(outcome.response))) : JSON.stringify(outcome.result),
    processed_at: new Date().toISOString(),
    consumer: args.consumer,
  };
  if (outcome.status === "ok") {
    const { onset, suspected_root_services: roots } = outcome.response.summary ?? {};
    if (onset) ev.onset = onset.timestamp;
    if (roots && roots.length > 0)
      ev.suspected_root_services = roots
        .slice(0, EVENT_MAX_ROOTS)
        .map((r) => r.service)
        .join(",");
  }
  if (args.createdAt !== undefined) ev.created_at = args.createdAt;
  if (args.viewUrl !== undefined) ev.view_url = args.viewUrl;
  return ev;
}

/** JSON Schema of the result event, with the decoded `result` payloads as definitions. */
export function resultEventJsonSchema(): Record<string, unknown> {
  const opts = { target: "draft-2020-12" as const, unrepresentable: "any" as const };
  const base = z.toJSONSchema(resultEventSchema, opts) as Record<string, unknown>;
  return {
    ...base,
    $id: "https://github.com/anomaly-detection-service/schemas/anomaly-result-event.v1.json",
    title: "Anomaly result event (stream entry fields)",
    description:
      "One entry on the anomaly stream per incident-created event. All values are strings (stream fields); " +
      "`result` decodes (JSON.parse) to DetectResponse when status=ok and to NoLogsResult when status=no_logs.",
    $defs: {
      DetectResponse: z.toJSONSchema(detectResponseSchema, opts),
      NoLogsResult: z.toJSONSchema(noLogsResultSchema, opts),
    },
  };
}
