/**
 * A scenario's window: lines added in any order with the time they were written and their
 * label, built oldest first (lines written in the same millisecond keep the order they were
 * added); and the arrival processes the scenarios draw their traffic from.
 */
import type { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

interface Line {
  t: number;
  seq: number;
  entry: Record<string, unknown>;
  label: AnomalyType | null;
}

export class Timeline {
  private readonly lines: Line[] = [];

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  /** A line written at `t` (epoch ms); lines after the window's end are dropped. */
  add(t: number, entry: Record<string, unknown>, label: AnomalyType | null = null): void {
    if (t > this.end) return;
    this.lines.push({ t, seq: this.lines.length, entry, label });
  }

  /** The time `frac` of the way through the window. */
  at(frac: number): number {
    return Math.round(this.start + frac * (this.end - this.start));
  }

  get size(): number {
    return this.lines.length;
  }

  build(name: string, description: string): Scenario {
    const sorted = [...this.lines].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((l) => l.entry), labels: sorted.map((l) => l.label) };
  }
}

/** A window's start: `hourUtc` on `isoDay`, moved by up to 40 minutes and a few seconds by the seed. */
export function windowStart(rng: Rng, isoDay: string, hourUtc: number): number {
  return Date.parse(`${isoDay}T00:00:00Z`) + hourUtc * HOUR + rng.int(0, 40) * MINUTE + rng.int(0, 59_999);
}

/** A gentle swell of traffic over [start, end]: 1 ± `amplitude`, a phase of its own. */
export function swell(start: number, end: number, amplitude: number, phase: number): (t: number) => number {
  const span = end - start;
  return (t) => 1 + amplitude * Math.sin(phase + (2 * Math.PI * (t - start)) / span);
}

/**
 * Arrivals of a Poisson process between `from` and `to`, `perMinute` on average, its rate
 * scaled by `shape(t)` (never above `peak`), by thinning; oldest first.
 */
export function arrivals(rng: Rng, from: number, to: number, perMinute: number, shape?: (t: number) => number, peak = 1): number[] {
  const out: number[] = [];
  if (perMinute <= 0 || to <= from) return out;
  const top = perMinute * peak;
  let t = from;
  for (;;) {
    t += rng.exp(MINUTE / top);
    if (t >= to) break;
    const keep = shape === undefined ? 1 : Math.max(0, shape(t)) / peak;
    if (rng.chance(keep)) out.push(Math.round(t));
  }
  return out;
}

/** A periodic job's runs between `from` and `to`: every `every`, moved by up to `jitter` either way. */
export function ticks(rng: Rng, from: number, to: number, every: number, jitter: number): number[] {
  const out: number[] = [];
  for (let t = from + rng.int(0, every); t < to; t += every) {
    const at = Math.round(t + rng.float(-jitter, jitter));
    if (at >= from && at < to) out.push(at);
  }
  return out;
}

/** 0 before `from`, 1 after `to`, a straight ramp between. */
export function ramp(t: number, from: number, to: number): number {
  if (t <= from) return 0;
  if (t >= to) return 1;
  return (t - from) / (to - from);
}
