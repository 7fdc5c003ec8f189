import type { AnomalyJson, DetectResponse } from "../contract/detect-response.js";
import { ANOMALY_TYPES } from "../detection/types.js";
import { renderTable, type Column } from "./table.js";
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

export interface AnomalyTableOptions {
  width: number;
  /** Header of the first column, e.g. LINE for a file, # (log_index) for a key. */
  positionHeader: string;
  position(a: AnomalyJson): string;
  indent?: string;
}

export function renderAnomalies(anomalies: readonly AnomalyJson[], o: AnomalyTableOptions): string[] {
  const indent = o.indent ?? "";
  // One date for all rows (the usual incident) becomes the header, leaving room for the message.
  // Defensive throughout: a result read from a stream may come from another producer.
  const times = anomalies.map((a) => formatTime(String(a.timestamp ?? "")));
  const day = times[0]?.slice(0, 10);
  const oneDay = day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) && times.every((t) => t.length === 19 && t.startsWith(day));
  const columns: Column[] = [
    { header: o.positionHeader, align: "right" },
    { header: oneDay ? day : "TIME", max: 19 },
    { header: "SERVICE", max: 22 },
    { header: "TYPE" },
    { header: "CONF", align: "right" },
    { header: "REASON", flex: 2, min: 12 },
    { header: "MESSAGE", flex: 3, min: 16 },
  ];
  const rows = anomalies.map((a, i) => [
    o.position(a),
    oneDay ? times[i]!.slice(11) : times[i]!,
    String(a.service ?? ""),
    String(a.anomaly_type ?? ""),
    typeof a.confidence === "number" ? a.confidence.toFixed(3) : "?",
    String(a.reasons?.[0] ?? ""),
    String(a.message ?? ""),
  ]);
  return renderTable(columns, rows, o.width - indent.length).map((l) => indent + l);
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
    out.push(
      `${plural(r.anomalies_detected, "anomaly", "anomalies")} at confidence >= ${r.confidence_threshold}: ${typeCounts(r.anomalies)}; highest confidence ${max}.`,
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
  if (r.anomalies.length > 0) out.push(...renderAnomalies(r.anomalies, { width, positionHeader: "#", position: (a) => String(a.log_index), indent: "  " }));
  return out;
}

function cutJson(s: string): string {
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
