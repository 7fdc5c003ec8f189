import type { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

interface Event {
  t: number;
  seq: number;
  entry: Record<string, unknown>;
  label: AnomalyType | null;
}

/**
 * The lines of one scenario as they are written, each with its label; `build` orders them by
 * the time they were written (ties in the order they were added) and returns the scenario.
 */
export class Timeline {
  private readonly events: Event[] = [];

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  /** Adds a line written at `t` (ms); a line outside the window is not stored. */
  add(t: number, entry: Record<string, unknown>, label: AnomalyType | null = null): void {
    if (t < this.start || t > this.end) return;
    this.events.push({ t, seq: this.events.length, entry, label });
  }

  /** A time `fraction` of the way through the window, whole milliseconds. */
  at(fraction: number): number {
    return Math.round(this.start + fraction * (this.end - this.start));
  }

  get size(): number {
    return this.events.length;
  }

  build(name: string, description: string): Scenario {
    const sorted = [...this.events].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((e) => e.entry), labels: sorted.map((e) => e.label) };
  }
}

/**
 * Independent arrivals at `perMinute` on average between `from` and `to` (whole ms), thinned
 * by `shape` (a multiplier of the rate at a time, at most `peak`): everyday traffic.
 */
export function arrivals(rng: Rng, from: number, to: number, perMinute: number, shape: (t: number) => number = () => 1, peak = 1): number[] {
  const out: number[] = [];
  if (perMinute <= 0 || to <= from) return out;
  const meanGap = MINUTE / (perMinute * peak);
  let t = from + rng.exp(meanGap);
  while (t < to) {
    if (rng.next() * peak < shape(t)) out.push(Math.round(t));
    t += rng.exp(meanGap);
  }
  return out;
}

/** A clock: one time every `period` ms from a random phase, each moved by up to `jitter` ms. */
export function ticks(rng: Rng, from: number, to: number, period: number, jitter = 0): number[] {
  const out: number[] = [];
  let base = from + rng.float(0, period);
  while (base < to) {
    const t = Math.round(base + (jitter > 0 ? rng.float(-jitter, jitter) : 0));
    if (t >= from && t < to) out.push(t);
    base += period;
  }
  return out;
}

/** A gentle swell over the window (1 ± amplitude), as traffic has over a few hours. */
export function swell(start: number, end: number, amplitude: number, phase = 0): (t: number) => number {
  return (t) => 1 + amplitude * Math.sin(phase + (2 * Math.PI * (t - start)) / (end - start));
}

/** A start for the window: a fixed day and hour moved by the seed (days and minutes), whole ms. */
export function windowStart(rng: Rng, isoDay: string, hourUtc: number): number {
  const day = Date.parse(`${isoDay}T00:00:00Z`) + rng.int(0, 27) * DAY;
  return day + hourUtc * HOUR + rng.int(0, 40) * MINUTE + rng.int(0, 59) * SECOND + rng.int(0, 999);
}
