import type { BaselineView } from "../contract/baselines.js";
import { memoryQuantile, timeQuantile, total, type Histogram } from "../detection/history/histogram.js";
import { historyReady, isRoutine, type ServiceHistory } from "../detection/history/history.js";

const LEVELS = ["UNKNOWN", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));
const orNull = (v: number, digits = 2): number | null => (Number.isFinite(v) ? round(v, digits) : null);
const iso = (ms: number): string => new Date(Number.isFinite(ms) ? ms : 0).toISOString();

function times(h: Histogram | undefined) {
  return { p50: orNull(timeQuantile(h, 0.5)), p95: orNull(timeQuantile(h, 0.95)), samples: round(total(h)) };
}

function percents(h: Histogram | undefined) {
  return { p50: orNull(memoryQuantile(h, 0.5)), p95: orNull(memoryQuantile(h, 0.95)), samples: round(total(h)) };
}

/** A service's memory as GET /baselines/:service and `anomaly-detect baseline` show it. */
export function baselineView(h: ServiceHistory, routineIncidents: number): BaselineView {
  const lines = h.levels.reduce((a, b) => a + b, 0);
  const levelMix: Record<string, number> = {};
  h.levels.forEach((v, i) => {
    if (v > 0 && lines > 0) levelMix[LEVELS[i] ?? String(i)] = round(v / lines, 4);
  });
  return {
    service: h.service,
    incidents: h.incidents,
    primed: h.primed,
    baseline: historyReady(h, routineIncidents) ? "history" : "incident",
    first_learnt: iso(h.firstMs),
    last_update: iso(h.updatedMs),
    weight: round(h.weight, 3),
    response_time_ms: times(h.rt),
    memory_pct: percents(h.mem),
    level_mix: levelMix,
    lines_per_minute: round(h.linesPerMinute),
    templates: [...h.templates]
      .sort((a, b) => b.incidents - a.incidents || b.weight - a.weight || a.id.localeCompare(b.id))
      .map((t) => {
        const out: BaselineView["templates"][number] = {
          template_id: t.id,
          template: t.text,
          incidents: t.incidents,
          weight: round(t.weight, 3),
          last_seen: iso(t.lastSeenMs),
          flagged_incidents: t.flagged,
          lines: t.lines,
          severe_lines: t.severe ? t.severe.lines : null,
          severe_share: t.severe ? round(t.severe.lines / t.severe.of, 4) : null,
          routine: isRoutine(t, h, routineIncidents),
          confirmed: t.confirmed,
          expected: t.expected,
        };
        if (t.rt) out.response_time_ms = times(t.rt);
        if (t.mem) out.memory_pct = percents(t.mem);
        return out;
      }),
  };
}
