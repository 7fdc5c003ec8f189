import type { DetectResponse } from "../contract/detect-response.js";

/**
 * The onset, the suspected root services and a sparkline per service (analyze, watch): where and
 * when the incident started, readable in a terminal.
 */

type Summary = DetectResponse["summary"];

const TOP_ROOTS = 3;
const REASONS_SHOWN = 3;
const SPARK_SERVICES = 6;
const BARS = "▁▂▃▄▅▆▇█";

const hhmmss = (ts: string): string => /T(\d{2}:\d{2}:\d{2})/.exec(ts)?.[1] ?? ts;
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s);

/** Anomalous lines per bucket as bars, scaled to the service's busiest bucket; a dot for none. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (c <= 0 ? "·" : BARS[Math.min(BARS.length - 1, Math.ceil((c / max) * BARS.length) - 1)])).join("");
}

export function renderIncidentShape(summary: Summary | undefined, width: number, indent = ""): string[] {
  if (!summary || summary.suspected_root_services === undefined) return [];
  const out: string[] = [];
  const w = Math.max(40, width - indent.length);
  const onset = summary.onset;
  if (onset) {
    out.push(`Onset ${hhmmss(onset.timestamp)}${onset.from_window_start ? " (the window start)" : ""}: ${onset.service}, "${cut(onset.template, w - 40)}"`);
    for (const r of onset.reasons) out.push(`  ${cut(r, w - 2)}`);
  } else out.push("Onset: none (nothing anomalous)");
  const roots = summary.suspected_root_services.slice(0, TOP_ROOTS);
  if (roots.length > 0) {
    out.push(`Suspected root services (${roots.length} of ${summary.suspected_root_services.length}):`);
    roots.forEach((r, i) => {
      const first = r.first_anomaly_at ? `, from ${hhmmss(r.first_anomaly_at)}` : "";
      out.push(`  ${i + 1}. ${r.service}  score ${r.score.toFixed(2)}, ${r.findings} finding${r.findings === 1 ? "" : "s"}${first}`);
      for (const reason of r.reasons.slice(0, REASONS_SHOWN)) out.push(`     - ${cut(reason, w - 7)}`);
    });
  }
  const t = summary.timeline;
  if (t) {
    const services = t.services.filter((s) => s.anomalous.some((c) => c > 0)).slice(0, SPARK_SERVICES);
    if (services.length > 0) {
      const name = Math.min(22, Math.max(...services.map((s) => s.service.length)));
      const secs = t.bucket_seconds;
      const size = secs % 3600 === 0 ? `${secs / 3600} h` : secs % 60 === 0 ? `${secs / 60} min` : `${secs} s`;
      out.push(`Anomalous lines per ${size} from ${hhmmss(t.start)} to ${hhmmss(t.end)}${t.onset_bucket !== null ? " (^ onset)" : ""}:`);
      for (const s of services) {
        const total = s.anomalous.reduce((a, c) => a + c, 0);
        out.push(`  ${cut(s.service, name).padEnd(name)}  ${sparkline(s.anomalous)}  ${total}`);
      }
      if (t.onset_bucket !== null) out.push(`  ${" ".repeat(name)}  ${" ".repeat(t.onset_bucket)}^`);
    }
  } else if (onset) out.push("(the per-service timeline is in the whole answer: GET /anomalies/<incident_id>)");
  return out.map((l) => indent + l);
}
