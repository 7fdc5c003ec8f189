// Collects the lines of one incident with their labels and times, then sorts them oldest first.

import type { AnomalyType, Scenario } from "../blind/types.js";
import type { Rng } from "./rng.js";

export type Label = AnomalyType | null;

interface Row {
  t: number;
  seq: number;
  log: Record<string, unknown>;
  label: Label;
}

export class Incident {
  private rows: Row[] = [];
  private seq = 0;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  add(t: number, log: Record<string, unknown>, label: Label = null): void {
    this.rows.push({ t, seq: this.seq++, log, label });
  }

  get size(): number {
    return this.rows.length;
  }

  /** fraction of the window at time t */
  at(frac: number): number {
    return this.start + (this.end - this.start) * frac;
  }

  build(name: string, description: string): Scenario {
    const rows = this.rows.filter((r) => r.t >= this.start && r.t <= this.end);
    rows.sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.log), labels: rows.map((r) => r.label) };
  }
}

/** events of a Poisson process with a constant rate (per second) in [start, end) */
export function poisson(rng: Rng, start: number, end: number, perSecond: number, fn: (t: number) => void): void {
  if (perSecond <= 0) return;
  let t = start;
  for (;;) {
    t += rng.exp(perSecond) * 1000;
    if (t >= end) return;
    fn(Math.floor(t));
  }
}

/** events of a Poisson process whose rate (per second) varies, by thinning against maxPerSecond */
export function poissonVar(rng: Rng, start: number, end: number, maxPerSecond: number, rate: (t: number) => number, fn: (t: number) => void): void {
  poisson(rng, start, end, maxPerSecond, (t) => {
    if (rng.next() * maxPerSecond < rate(t)) fn(t);
  });
}

/** periodic events every periodMs with a small jitter, starting at a random phase */
export function every(rng: Rng, start: number, end: number, periodMs: number, jitterMs: number, fn: (t: number, i: number) => void): void {
  let i = 0;
  for (let t = start + rng.float(0, periodMs); t < end; t += periodMs) {
    const tj = Math.floor(t + rng.float(-jitterMs, jitterMs));
    if (tj >= start && tj < end) fn(tj, i);
    i++;
  }
}

/** a value ramping from a to b between t0 and t1 (clamped) */
export function ramp(t: number, t0: number, t1: number, a: number, b: number): number {
  if (t <= t0) return a;
  if (t >= t1) return b;
  return a + ((t - t0) / (t1 - t0)) * (b - a);
}

export const round = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
