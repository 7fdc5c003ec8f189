/**
 * The wire shape (snake_case) of the incident's onset, suspected root services and timeline.
 * Absent when the summary has none (an answer computed before they existed); onset null when
 * nothing was anomalous.
 */
import type { LogTable } from "../logs/log-table.js";
import type { DetectionSummary } from "./types.js";

/** A bucket edge past the last time a Date holds (a log stamped at its very end) is shown at that end. */
const iso = (ms: number): string => new Date(Math.max(-8.64e15, Math.min(8.64e15, ms))).toISOString();

export function shapeToJson(s: DetectionSummary, logs: LogTable) {
  if (s.suspectedRoots === undefined) return {};
  const o = s.onset;
  const onset =
    o === undefined
      ? null
      : {
          timestamp: o.fromStart ? iso(o.timeMs) : logs.timestamp(o.row),
          log_index: logs.index[o.row]!,
          service: logs.service(o.row),
          template: o.template,
          from_window_start: o.fromStart,
          reasons: o.reasons,
        };
  const suspected_root_services = s.suspectedRoots.map((r) => ({
    service: r.service,
    score: r.score,
    first_anomaly_at: r.firstRow >= 0 ? logs.timestamp(r.firstRow) : null,
    findings: r.findings,
    reasons: r.reasons,
  }));
  const t = s.timeline;
  let timeline = null;
  if (t !== undefined) {
    // Suspected services first, in their order, then the rest by lines written.
    const rank = new Map(s.suspectedRoots.map((r, i) => [r.service, i]));
    const services = logs.services.map((service, id) => {
      const row = id * t.buckets;
      return {
        service,
        lines: Array.from(t.lines.subarray(row, row + t.buckets)),
        anomalous: Array.from(t.anomalous.subarray(row, row + t.buckets)),
      };
    });
    const total = (x: { lines: number[] }): number => x.lines.reduce((a, v) => a + v, 0);
    services.sort((a, b) => (rank.get(a.service) ?? Infinity) - (rank.get(b.service) ?? Infinity) || total(b) - total(a));
    timeline = {
      start: iso(t.startMs),
      end: iso(t.startMs + t.buckets * t.bucketMs),
      bucket_seconds: t.bucketMs / 1000,
      buckets: t.buckets,
      onset_bucket: o === undefined ? null : Math.min(t.buckets - 1, Math.floor((o.timeMs - t.startMs) / t.bucketMs)),
      new_templates: Array.from(t.newTemplates),
      services,
    };
  }
  return { onset, suspected_root_services, timeline };
}
