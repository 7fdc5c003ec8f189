import { detect } from "../detection/detect.js";
import { featuresAt } from "../detection/features/features.js";
import { summaryToJson } from "../detection/summary.js";
import { ServiceError, asUnavailable } from "../errors.js";
import { signaturePair, type MemoryStore } from "../memory/store.js";
import type { PreparedLogs } from "../detection/features/row-features.js";
import type { DetectOptions, DetectionFinding, DetectionOutput, FeedbackRules } from "../detection/types.js";
import type { AnomalyJson, DetectResponse, FindingJson, SuppressedJson } from "../contract/detect-response.js";
import type { LogSource } from "./sources.js";
import type { DetectionState, DetectionStateUpdate, ItemAt, PipelineItem, Stage } from "./state.js";

export interface PipelineDeps {
  /** Where fetch_logs reads an incident's window: Valkey in the service, a file in the CLI. */
  source: LogSource;
  /** How the detect node runs detection; default detect() on this thread. */
  detect?: (logs: PreparedLogs, options: DetectOptions) => DetectionOutput | Promise<DetectionOutput>;
  /** At most this many anomalous lines listed per answer (MAX_LISTED_ANOMALIES); all when absent. */
  maxListed?: number;
  /** Suppressions and verdicts (src/feedback/); without it answers carry no `suppressed`. */
  feedback?: FeedbackSource;
  /** The memory across incidents; absent when MEMORY=off (each incident judged alone). */
  memory?: MemoryStore;
}

/** Where the feedback rules that apply to an incident come from. */
export interface FeedbackSource {
  /** The active suppressions and the verdicts of these services. */
  rules(services: readonly string[]): Promise<FeedbackRules>;
}

function isAt<S extends Stage>(item: PipelineItem, stage: S): item is ItemAt<S> {
  return item.stage === stage;
}

/**
 * Moves every item at `stage` on with `step`, all at once (reads overlap). A throw fails that
 * item only; failed items pass as they are.
 */
function advance<S extends Stage>(items: PipelineItem[], stage: S, step: (item: ItemAt<S>) => PipelineItem | Promise<PipelineItem>): Promise<PipelineItem[]> {
  return Promise.all(
    items.map(async (item): Promise<PipelineItem> => {
      if (item.stage === "failed") return item;
      if (!isAt(item, stage))
        return { stage: "failed", request: item.request, error: new Error(`pipeline: an item at stage ${item.stage} reached the ${stage} step`) };
      try {
        return await step(item);
      } catch (error) {
        return { stage: "failed", request: item.request, error };
      }
    }),
  );
}

/** fetch logs: reads every incident's window at once, so their round trips overlap. */
export function fetchLogsNode(deps: PipelineDeps) {
  return async (state: DetectionState): Promise<DetectionStateUpdate> => ({
    items: await advance(state.items, "requested", async (item) => ({ ...item, stage: "fetched", fetched: await deps.source.read(item.request) })),
  });
}

/** preprocess: keeps readable logs; an incident whose key holds nothing readable is a 404 too. */
export async function preprocessNode(state: DetectionState): Promise<DetectionStateUpdate> {
  return {
    items: await advance(state.items, "fetched", (item) => {
      const { fetched } = item;
      if (fetched.logs.length === 0) {
        const why = fetched.skipped > 0 ? ` (${fetched.skipped} unreadable entries skipped)` : "";
        throw new ServiceError("NOT_FOUND", `no readable logs found at key ${fetched.key}${why}`, { key: fetched.key });
      }
      return { ...item, stage: "preprocessed", logs: fetched.logs };
    }),
  };
}

/**
 * load context: the active suppressions and the verdicts of the services in each window, and
 * what the memory keeps of those services, read at once (two reads, one wait).
 */
export function loadContextNode(deps: PipelineDeps) {
  return async (state: DetectionState): Promise<DetectionStateUpdate> => {
    const { feedback, memory } = deps;
    if (!feedback && !memory) return {};
    return {
      items: await advance(state.items, "preprocessed", async (item) => {
        const services = item.logs.services;
        try {
          const [rules, history] = await Promise.all([feedback?.rules(services), memory?.recall(services)]);
          return { ...item, ...(rules ? { feedback: rules } : {}), ...(history ? { history } : {}) };
        } catch (err) {
          throw asUnavailable(err);
        }
      }),
    };
  };
}

/**
 * detect: pure detection on each window's logs, starting from what the reader computed of them,
 * with the services' histories (from load_context) when the memory is on.
 */
export function detectNode(deps: PipelineDeps) {
  const run = deps.detect ?? detect;
  const learn = deps.memory !== undefined;
  return async (state: DetectionState): Promise<DetectionStateUpdate> => ({
    items: await advance(state.items, "preprocessed", async (item) => {
      const options: DetectOptions = { confidenceThreshold: item.request.confidence_threshold, maxListed: deps.maxListed, feedback: item.feedback };
      if (learn) {
        options.history = item.history;
        options.learn = true;
      }
      return { ...item, stage: "detected", detection: await run({ table: item.logs, precomputed: item.fetched.precomputed }, options) };
    }),
  });
}

/**
 * remember: the earlier incidents most alike, then what this one teaches its services' memories
 * (once per incident id) and its findings for later ones. Passes items on untouched when the
 * memory is off.
 */
export function rememberNode(deps: PipelineDeps) {
  const memory = deps.memory;
  return async (state: DetectionState): Promise<DetectionStateUpdate> => ({
    items: await advance(state.items, "detected", async (item) => {
      if (!memory) return { ...item, stage: "remembered", similar: undefined };
      const id = item.request.incident_id;
      const pairs = item.detection.findings.map((f) => signaturePair(f.service, f.templateId));
      try {
        const similar = await memory.similar(id, pairs);
        await Promise.all([memory.learn(id, item.detection.lessons ?? []), pairs.length > 0 ? memory.recordIncident(id, pairs) : undefined]);
        return { ...item, stage: "remembered", similar };
      } catch (err) {
        throw asUnavailable(err);
      }
    }),
  });
}

function iso(ms: number): string | null {
  // Beyond ±8.64e15 ms (a producer's broken clock) a Date is invalid and toISOString throws.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null;
}

/** format: the prototype's answer, field for field, plus what an operator needs to trust it. */
export async function formatNode(state: DetectionState): Promise<DetectionStateUpdate> {
  return {
    items: await advance(state.items, "remembered", (item) => ({ stage: "answered", request: item.request, response: formatResponse(item, state.startedAt) })),
  };
}

function formatResponse({ request, fetched, logs, detection, similar }: ItemAt<"remembered">, startedAt: number): DetectResponse {
  // Read from the columns, not through logs.record: a listed line needs five of its fields, and
  // a 100k-log answer lists thousands.
  const anomalies: AnomalyJson[] = detection.anomalies.map((a) => {
    const row = a.row;
    const out: AnomalyJson = {
      log_index: logs.index[row]!,
      timestamp: logs.timestamp(row),
      level: logs.level(row),
      message: logs.messages[row]!,
      service: logs.service(row),
      confidence: a.confidence,
      anomaly_type: a.anomalyType,
      features: featuresAt(detection.features, row),
      reasons: a.reasons,
      template: a.template ?? "",
      finding_id: a.findingId ?? "",
    };
    const streamId = logs.streamId(row);
    if (streamId !== undefined) out.stream_id = streamId;
    return out;
  });
  const findingJson = (f: DetectionFinding): FindingJson => ({
    finding_id: f.id,
    service: f.service,
    template: f.template,
    template_id: f.templateId,
    anomaly_type: f.anomalyType,
    count: f.count,
    first_timestamp: logs.timestamp(f.firstRow),
    last_timestamp: logs.timestamp(f.lastRow),
    log_index: logs.index[f.firstRow]!,
    last_log_index: logs.index[f.lastRow]!,
    max_confidence: f.maxConfidence,
    reasons: f.reasons,
  });
  const findings = detection.findings.map((f) => {
    const out = findingJson(f);
    const v = f.confirmed;
    if (v) out.confirmed = { incident_id: v.incidentId, by: v.by, at: v.at, ...(v.note === undefined ? {} : { note: v.note }) };
    return out;
  });
  const summary: DetectResponse["summary"] = summaryToJson(detection.summary, logs);
  let suppressed: SuppressedJson[] | undefined;
  if (detection.suppressed) {
    suppressed = detection.suppressed.map((f) => {
      const w = f.why;
      return {
        ...findingJson(f),
        suppressed_by: w.by,
        ...(w.by === "suppression" ? { suppression_id: w.suppressionId } : { feedback_incident_id: w.verdict.incidentId }),
        reason: w.reason,
      };
    });
    summary.suppressed_lines = detection.suppressed.reduce((sum, f) => sum + f.count, 0);
  }
  const response: DetectResponse = {
    incident_id: request.incident_id,
    anomalies_detected: detection.detectedCount,
    anomalies,
    anomalies_omitted: detection.detectedCount - anomalies.length,
    findings,
    processed_logs: logs.length,
    analysis_timestamp: new Date().toISOString(),
    skipped_logs: fetched.skipped,
    ...(fetched.skipped > 0 ? { skipped_sample: fetched.skippedSamples } : {}),
    method: detection.method,
    confidence_threshold: request.confidence_threshold,
    time_window_hours: request.time_window_hours,
    window_start: iso(fetched.windowStartMs),
    window_end: iso(fetched.anchorMs),
    logs_key: fetched.key,
    key_type: fetched.keyType,
    truncated: fetched.truncated,
    duration_ms: Math.round((performance.now() - startedAt) * 100) / 100,
    summary,
  };
  if (suppressed) response.suppressed = suppressed;
  // Only with the memory on: with it off the answer is exactly what it was without one.
  if (detection.baselines)
    response.baselines = Object.fromEntries(detection.baselines.map((b) => [b.service, { baseline: b.baseline, incidents: b.incidents }]));
  if (similar) response.similar_incidents = similar;
  return response;
}
