import type { AnomalyJson, DetectResponse } from "../contract/detect-response.js";
import { ANOMALY_TYPES } from "../detection/types.js";
import { renderTable, wrap, type Column } from "./table.js";
import { renderIncidentShape } from "./incident-shape.js";
import { count } from "./progress.js";

/** Human output shared by analyze, watch, publish --wait and the demo. */

/** "2025-09-19T07:49:29.000Z" -> "2025-09-19 07:49:29"; anything else as it came. */
export function formatTime(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(ts);
  return m ? `${m[1]} ${m[2]}` : ts;
}

export function typeCounts(anomalies: readonly Pick<AnomalyJson, "anomaly_type">[]): string {
  const counts = new Map<string, number>();
  for (const a of anomalies) counts.set(a.anomaly_type, (counts.get(a.anomaly_type) ?? 0) + 1);
  return ANOMALY_TYPES.filter((t) => counts.has(t))
    .map((t) => `${counts.get(t)} ${t}`)
    .join(", ");
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/** The one line-number convention of every table: the API's log_index, counted from 0. */
export const POSITION_HEADER = "LOG_INDEX";

/** Reasons shown under a row, strongest first. */
const REASONS_SHOWN = 3;

export interface FindingTableOptions {
  width: number;
  /** How a log_index is found again, said under the table, e.g. "LINDEX <key> <LOG_INDEX>". */
  positionNote: string;
  indent?: string;
}

/** One row of the table: a finding, or a listed anomaly of an answer that has no findings. */
interface Row {
  logIndex: number;
  lastLogIndex: number;
  first: string;
  last: string;
  service: string;
  type: string;
  confidence: number | undefined;
  count: number;
  reasons: readonly string[];
  message: string;
}

/**
 * The rows of an answer: one per finding (its lines share service, template and type), in log
 * order, so thirty identical lines are one row that says 30. An answer from another producer
 * without findings gets one row per anomaly.
 */
function rowsOf(r: Partial<DetectResponse>): Row[] {
  const anomalies = Array.isArray(r.anomalies) ? r.anomalies : [];
  const findings = Array.isArray(r.findings) ? r.findings : [];
  if (findings.length === 0) {
    return anomalies.map((a) => ({
      logIndex: Number(a.log_index),
      lastLogIndex: Number(a.log_index),
      first: String(a.timestamp ?? ""),
      last: String(a.timestamp ?? ""),
      service: String(a.service ?? ""),
      type: String(a.anomaly_type ?? ""),
      confidence: typeof a.confidence === "number" ? a.confidence : undefined,
      count: 1,
      reasons: Array.isArray(a.reasons) ? a.reasons.map(String) : [],
      message: String(a.message ?? ""),
    }));
  }
  const strongest = new Map<string, AnomalyJson>();
  for (const a of anomalies) {
    const seen = strongest.get(a.finding_id);
    if (!seen || a.confidence > seen.confidence) strongest.set(a.finding_id, a);
  }
  return findings
    .map((f) => ({
      logIndex: f.log_index,
      lastLogIndex: f.last_log_index,
      first: f.first_timestamp,
      last: f.last_timestamp,
      service: f.service,
      type: f.anomaly_type,
      confidence: f.max_confidence,
      count: f.count,
      reasons: f.reasons,
      message: strongest.get(f.finding_id)?.message ?? f.template,
    }))
    .sort((a, b) => a.logIndex - b.logIndex);
}

/**
 * The table of an answer: a row per finding with its line count, and under each row its reasons,
 * wrapped, never cut (the message is cut to the width; --json has it whole). Positions are the
 * API's log_index, from 0, as the header and the note below the table say.
 */
export function renderFindings(r: Partial<DetectResponse>, o: FindingTableOptions): string[] {
  const indent = o.indent ?? "";
  const rows = rowsOf(r);
  if (rows.length === 0) return [];
  // One date for all rows (the usual incident) becomes the header, leaving room for the message.
  const times = rows.map((x) => formatTime(x.first));
  const day = times[0]?.slice(0, 10);
  const oneDay = day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) && times.every((t) => t.length === 19 && t.startsWith(day));
  const columns: Column[] = [
    { header: POSITION_HEADER, align: "right" },
    { header: oneDay ? day : "TIME", max: 19 },
    { header: "SERVICE", max: 22 },
    { header: "TYPE" },
    { header: "CONF", align: "right" },
    { header: "LINES", align: "right" },
    { header: "MESSAGE", flex: 1, min: 16 },
  ];
  const cells = rows.map((x, i) => [
    String(x.logIndex),
    oneDay ? times[i]!.slice(11) : times[i]!,
    x.service,
    x.type,
    x.confidence === undefined ? "?" : x.confidence.toFixed(3),
    count(x.count),
    x.message,
  ]);
  const width = o.width - indent.length;
  const table = renderTable(columns, cells, width);
  const under = " ".repeat(Math.max(POSITION_HEADER.length, ...cells.map((c) => c[0]!.length)) + 2);
  const out = [indent + table[0]!];
  rows.forEach((x, i) => {
    out.push(indent + table[i + 1]!);
    const span =
      x.count > 1
        ? [`${count(x.count)} lines from ${formatTime(x.first)} to ${formatTime(x.last)} (${POSITION_HEADER} ${x.logIndex} .. ${x.lastLogIndex})`]
        : [];
    // The strongest reasons; --json has them all.
    const text = [...span, ...x.reasons.slice(0, REASONS_SHOWN)].join("; ");
    if (text) out.push(...wrap(text, width, under).map((l) => indent + l));
  });
  out.push(...wrap(o.positionNote, width, indent));
  return out;
}

/** The closing line of an analysis: what was read, what was found. */
export function summarize(r: DetectResponse, totalEntries?: number): string[] {
  const out: string[] = [];
  const outside = totalEntries === undefined ? 0 : totalEntries - r.processed_logs - r.skipped_logs;
  const window =
    r.window_start && r.window_end
      ? `the ${r.time_window_hours} h window ${formatTime(r.window_start)} .. ${formatTime(r.window_end)}`
      : "no time window (no timestamps)";
  out.push(
    `${plural(r.processed_logs, "log")} analysed (${r.method}) in ${window}` +
      (r.skipped_logs > 0 ? `; ${plural(r.skipped_logs, "unreadable entry", "unreadable entries")} skipped` : "") +
      (outside > 0 ? `; ${plural(outside, "older log")} outside the window (widen it with --window-hours)` : "") +
      (r.truncated ? "; older logs cut by MAX_LOGS_PER_INCIDENT or MAX_INCIDENT_BYTES" : ""),
  );
  if (r.anomalies_detected === 0) out.push(`No anomalies at confidence >= ${r.confidence_threshold}.`);
  else {
    const max = Math.max(...r.anomalies.map((a) => a.confidence));
    const findings = Array.isArray(r.findings) && r.findings.length > 0 ? ` in ${plural(r.findings.length, "finding")}` : "";
    out.push(
      `${plural(r.anomalies_detected, "anomaly", "anomalies")}${findings} at confidence >= ${r.confidence_threshold}: ${typeCounts(r.anomalies)}; highest confidence ${max}.`,
    );
  }
  return out;
}

/** A result entry of the anomaly stream: a header, then its anomalies. */
export function renderResultEntry(id: string, f: Record<string, string>, width: number): string[] {
  const types = f.anomaly_types ? ` (${f.anomaly_types})` : "";
  const n = Number(f.anomalies_detected ?? 0);
  const out = [
    `${f.processed_at ?? "?"}  ${f.incident_id ?? "?"}  ${f.status ?? "?"}  ${plural(n, "anomaly", "anomalies")}${types}, max confidence ${f.max_confidence ?? "?"}`,
  ];
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(f.result ?? "") as Record<string, unknown>;
    if (result === null || typeof result !== "object") throw new Error("not an object");
  } catch {
    out.push(`  result ${id}: the result field is not JSON`);
    return out;
  }
  const by = `result ${id} for event ${f.source_event_id ?? "?"}, by ${f.consumer ?? "?"}`;
  if (f.status !== "ok") {
    out.push(`  ${by}; ${String(result.message ?? "no logs")}`);
    return out;
  }
  const r = result as unknown as DetectResponse;
  if (!Array.isArray(r.anomalies) || typeof r.processed_logs !== "number") {
    out.push(`  ${by}; its result is not a detection answer: ${cutJson(f.result ?? "")}`);
    return out;
  }
  out.push(`  ${by}; ${plural(r.processed_logs, "log")} from ${r.logs_key} (${r.key_type}), ${r.method}, threshold ${r.confidence_threshold}`);
  if (r.anomalies.length > 0) out.push(...renderFindings(r, { width, positionNote: keyPositionNote(r.logs_key, r.key_type), indent: "  " }));
  out.push(...renderIncidentShape(r.summary, width, "  "));
  return out;
}

/** How a log_index of a Valkey key finds its log. */
export function keyPositionNote(key: string, keyType: string): string {
  const command =
    keyType === "zset"
      ? `ZRANGE ${key} <${POSITION_HEADER}> <${POSITION_HEADER}>`
      : keyType === "stream"
        ? "the row's stream_id in --json"
        : `LINDEX ${key} <${POSITION_HEADER}>`;
  return `${POSITION_HEADER} counts from 0, as the API's log_index: ${command} returns the log.`;
}

/** Up to five skipped entries, each with its position and reason, under a summary. */
export function renderSkipped(r: Pick<DetectResponse, "skipped_logs" | "skipped_sample">, width: number): string[] {
  const sample = r.skipped_sample ?? [];
  if (sample.length === 0) return [];
  const head = r.skipped_logs > sample.length ? `Skipped (the first ${sample.length} of ${count(r.skipped_logs)}):` : "Skipped:";
  return [head, ...sample.flatMap((x) => wrap(`${POSITION_HEADER} ${x.log_index}: ${x.reason}: ${x.excerpt}`, width, "  "))];
}

function cutJson(s: string): string {
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
