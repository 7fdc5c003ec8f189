// Collects the lines of one scenario from all its producers and stores them oldest first, by the
// time each line itself carries (the order a log store sorted on the written time returns them).

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;

const TIME_KEYS = ["timestamp", "time", "@timestamp", "ts", "timeMillis", "datetime"];

/** The written time of an entry in epoch ms, read the way a log store reads it. */
export function writtenTime(entry: Record<string, unknown>): number | undefined {
  for (const key of TIME_KEYS) {
    const v = entry[key];
    if (typeof v === "number") return v < 1e11 ? v * 1000 : v;
    if (typeof v === "string") {
      const ms = Date.parse(v);
      if (Number.isFinite(ms)) return ms;
    }
  }
  return undefined;
}

interface Row {
  at: number;
  t: number;
  seq: number;
  entry: Record<string, unknown>;
  label: Label;
}

export const MIN_LINES = 2500;
export const MAX_LINES = 5500;

export class Timeline {
  private readonly rows: Row[] = [];

  /** Adds a line that happened at `t` (epoch ms); its position follows the time it carries. */
  add(t: number, entry: Record<string, unknown>, label: Label = null): void {
    const at = writtenTime(entry);
    if (at === undefined) throw new Error(`entry without a readable time: ${JSON.stringify(entry).slice(0, 160)}`);
    this.rows.push({ at, t, seq: this.rows.length, entry, label });
  }

  get size(): number {
    return this.rows.length;
  }

  scenario(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.at - b.at || a.t - b.t || a.seq - b.seq);
    if (rows.length < MIN_LINES || rows.length > MAX_LINES) throw new Error(`${name}: ${rows.length} lines, outside ${MIN_LINES}-${MAX_LINES}`);
    return { name, description, logs: rows.map((r) => r.entry), labels: rows.map((r) => r.label) };
  }
}
