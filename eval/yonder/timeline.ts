// Collects a scenario's entries with their times and labels, then stores them oldest first.

import type { AnomalyType, Scenario } from "../blind/types.js";
import type { Rng } from "./rng.js";

export type Label = AnomalyType | null;
export type Entry = Record<string, unknown>;
/** Builds an entry for its final time (a few ms may be added so that no two entries share one). */
export type Make = (t: number) => Entry;

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Pending {
  t: number;
  seq: number;
  make: Make;
  label: Label;
}

/** The most lines a scenario is allowed to store; the family's limit is 6,000. */
const MAX_LINES = 5800;

export class Timeline {
  private readonly pending: Pending[] = [];
  private seq = 0;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  get span(): number {
    return this.end - this.start;
  }

  /** The time at a fraction of the window. */
  at(frac: number): number {
    return this.start + Math.round(frac * this.span);
  }

  /** Adds an entry; one outside the window is dropped (it was written before or after the incident's logs). */
  add(t: number, make: Make, label: Label = null): void {
    if (!(t >= this.start && t <= this.end)) return;
    this.pending.push({ t: Math.round(t), seq: this.seq++, make, label });
  }

  /** Orders the entries by time (ties in the order they were added), gives each its own millisecond, builds them. */
  build(name: string, description: string, rng: Rng): Scenario {
    let events = [...this.pending].sort((x, y) => x.t - y.t || x.seq - y.seq);
    if (events.length > MAX_LINES) {
      // A safety net for an unlucky seed: thin the normal lines evenly, never the labelled ones.
      const normal = events.filter((e) => e.label === null).length;
      const drop = (events.length - MAX_LINES) / normal;
      events = events.filter((e) => e.label !== null || !rng.chance(drop * 1.05));
    }
    const logs: Entry[] = [];
    const labels: Label[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (const e of events) {
      const t = e.t > last ? e.t : last + 1;
      last = t;
      logs.push(e.make(t));
      labels.push(e.label);
    }
    return { name, description, logs, labels };
  }
}

/** A Poisson process: calls fn at random times in [from, to) with the given mean gap. */
export function poisson(rng: Rng, from: number, to: number, meanGap: number, fn: (t: number) => void): void {
  let t = from + rng.exp(meanGap);
  while (t < to) {
    fn(t);
    t += rng.exp(meanGap);
  }
}

/** A Poisson process whose mean gap changes with time. */
export function poissonVar(rng: Rng, from: number, to: number, meanGapAt: (t: number) => number, fn: (t: number) => void): void {
  let t = from + rng.exp(meanGapAt(from));
  while (t < to) {
    fn(t);
    t += rng.exp(meanGapAt(t));
  }
}

/** A periodic process with jitter (a scheduler, a reporter): first tick at `first`. */
export function every(rng: Rng, first: number, to: number, period: number, jitter: number, fn: (t: number, i: number) => void): void {
  let i = 0;
  for (let t = first; t < to; t = first + ++i * period) fn(t + (jitter > 0 ? rng.float(0, jitter) : 0), i);
}

/**
 * The start of a scenario's window: a day between early 2024 and mid 2025, at an hour drawn from
 * `hours` (UTC), with random minutes and seconds.
 */
export function pickStart(rng: Rng, hours: readonly number[]): number {
  const day0 = Date.UTC(2024, 0, 8);
  const day = day0 + rng.int(0, 520) * DAY;
  return day + rng.pick(hours) * HOUR + rng.int(0, 59) * MIN + rng.int(0, 59) * SEC + rng.int(0, 999);
}

/** A ramp from 0 (before `from`) to 1 (after `to`), smooth in between. */
export function ramp(t: number, from: number, to: number): number {
  if (t <= from) return 0;
  if (t >= to) return 1;
  const x = (t - from) / (to - from);
  return x * x * (3 - 2 * x);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
