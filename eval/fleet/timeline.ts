// Collects the lines of one scenario with their labels, then stores them oldest first.

import type { AnomalyType, Scenario } from "../blind/types.js";

export const SEC = 1000;
export const MIN = 60 * SEC;

export type Label = AnomalyType | null;

interface Row {
  t: number;
  seq: number;
  entry: Record<string, unknown>;
  label: Label;
}

export class Timeline {
  private readonly rows: Row[] = [];

  /** `t` is epoch ms and may carry a fraction (microseconds for the producers that write them). */
  add(t: number, entry: Record<string, unknown>, label: Label = null): void {
    this.rows.push({ t, seq: this.rows.length, entry, label });
  }

  get size(): number {
    return this.rows.length;
  }

  scenario(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    if (rows.length < 2000 || rows.length > 6000) throw new Error(`fleet scenario ${name} has ${rows.length} lines, outside 2,000-6,000`);
    return { name, description, logs: rows.map((r) => r.entry), labels: rows.map((r) => r.label) };
  }
}

/** `2025-03-10T08:00:00.123Z` */
export function isoMs(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

/** `2025-03-10T08:00:00.123456+00:00` (Python's isoformat, rsyslog's date-rfc3339). */
export function isoMicro(t: number, offset = "+00:00"): string {
  const ms = Math.floor(t);
  const micro = Math.min(999, Math.floor((t - ms) * 1000));
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micro).padStart(3, "0")}${offset}`;
}

/** `2025-03-10T08:00:00.123+00:00` (logstash-logback-encoder). */
export function isoMsOffset(t: number): string {
  return `${new Date(Math.floor(t)).toISOString().slice(0, 23)}+00:00`;
}

/** Epoch seconds with microseconds, as zap's production encoder writes `ts`. */
export function epochSeconds(t: number): number {
  return Number((t / 1000).toFixed(6));
}

/** The scenario's start: a minute in 2025 that depends on the seed. */
export function startTime(seedRng: { int(lo: number, hi: number): number }): number {
  return Date.UTC(2025, seedRng.int(0, 10), seedRng.int(1, 27), seedRng.int(0, 22), seedRng.int(0, 59), 0);
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
