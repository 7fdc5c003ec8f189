/**
 * A memory size reported without its limit (a resident set in bytes, a heap in MB) says nothing
 * by its level: 1.9 GB is full for one process and idle for another. How it moves against the
 * same service's other instances says what a leak is: one instance's memory climbing through the
 * window, part after part, and still climbing at its end, to half again its early level and
 * more, while its peers, doing the same work, stay flat. A cache warming up climbs and levels
 * off; a collector's sawtooth falls back; neither keeps rising to the end. When most peers climb
 * alike, the climb is how the service runs (every pod filling its cache). A process with no
 * peers is not judged by its size: a night's batch climbs as its work grows, and whether that
 * is a problem depends on a limit its log does not state.
 */
import { median, neverFalls, partMedians } from "../statistics.js";
import type { InstanceIds } from "./peers.js";

/** Readings of one series (a service's instance, or the service when no instance is named) before it is judged. */
export const MIN_READINGS = 20;
/** The early and late levels: the median of this share of the series at each end (at least MIN_EDGE readings). */
const EDGE_SHARE = 0.1;
const MIN_EDGE = 5;
/** Late level over early level from which a steady climb is a leak. */
export const LEAK_GROWTH = 1.5;
/** The series is cut into this many parts; each part's median must be at least the previous one's (within NOISE). */
const PARTS = 5;
/** Readings of a steady size wobble by a percent or two: a part this close under the one before has not fallen. */
const NOISE = 0.98;
/** The last part's median over the one before: still climbing at the end of the window. */
const STILL_RISING = 1.03;
/** A peer whose late level is this much over its early one climbs too. */
const PEER_CLIMB = 1.2;
/** A line's evidence: 0 at its series' early level, full at twice it. */
const FULL_RATIO = 2;
const MAX_EVIDENCE = 0.95;

/** One climbing series, for the reasons. */
export interface GrowthSeries {
  group: number;
  /** The instance that reports it, undefined when the logs name none. */
  instance: string | undefined;
  /** Median of its first readings, bytes. */
  early: number;
  /** Other instances of the service with a series of their own (at least one; fewer than half climbing alike). */
  peers: number;
  /** The largest late/early ratio among the peers (at least 1). */
  peersGrowth: number;
}

export interface MemoryGrowth {
  /** Per row: 1 + index into `series` when the row's reading belongs to a climbing series, else 0. */
  of: Int32Array;
  series: GrowthSeries[];
  /** Per row: memory evidence of its reading against its series' early level (0 elsewhere). */
  evidence: Float64Array;
}

/** The rows of a series' readings in log order, with their early and late levels and whether each part rose. */
interface Readings {
  group: number;
  instance: string | undefined;
  rows: number[];
  early: number;
  growth: number;
  climbing: boolean;
}

/**
 * Climbing memory series of the rows' sizes (`bytes`, NaN where none), per service group and
 * instance; undefined when none climbs beside flat peers.
 */
export function memoryGrowth(bytes: Float64Array, groupOf: ArrayLike<number>, instances: InstanceIds | undefined): MemoryGrowth | undefined {
  const n = bytes.length;
  // One series per service and instance (id + 1: 0 when the row names none).
  const width = (instances?.names.length ?? 0) + 1;
  const byKey = new Map<number, Readings>();
  for (let i = 0; i < n; i++) {
    const v = bytes[i]!;
    if (!(v > 0)) continue;
    const id = instances ? instances.of[i]! : -1;
    const key = groupOf[i]! * width + id + 1;
    let r = byKey.get(key);
    if (r === undefined) {
      r = { group: groupOf[i]!, instance: id < 0 ? undefined : instances!.names[id], rows: [], early: 0, growth: 1, climbing: false };
      byKey.set(key, r);
    }
    r.rows.push(i);
  }
  const judged = [...byKey.values()].filter((r) => r.rows.length >= MIN_READINGS);
  for (const r of judged) judge(r, bytes);
  const of = new Int32Array(n);
  const evidence = new Float64Array(n);
  const series: GrowthSeries[] = [];
  for (const r of judged) {
    if (!r.climbing) continue;
    const peers = judged.filter((p) => p !== r && p.group === r.group);
    const alike = peers.filter((p) => p.growth >= PEER_CLIMB).length;
    if (peers.length === 0 || 2 * alike >= peers.length) continue;
    series.push({ group: r.group, instance: r.instance, early: r.early, peers: peers.length, peersGrowth: Math.max(1, ...peers.map((p) => p.growth)) });
    for (const i of r.rows) {
      of[i] = series.length;
      evidence[i] = MAX_EVIDENCE * Math.min(1, Math.max(0, (bytes[i]! / r.early - 1) / (FULL_RATIO - 1)));
    }
  }
  return series.length > 0 ? { of, series, evidence } : undefined;
}

/** Early and late levels, and whether the series climbed part after part to LEAK_GROWTH and is climbing still. */
function judge(r: Readings, bytes: Float64Array): void {
  const values = r.rows.map((i) => bytes[i]!);
  const m = values.length;
  const edge = Math.max(MIN_EDGE, Math.floor(EDGE_SHARE * m));
  r.early = median(values.slice(0, edge));
  r.growth = median(values.slice(m - edge)) / r.early;
  const parts = partMedians(values, PARTS);
  r.climbing = r.growth >= LEAK_GROWTH && neverFalls(parts, NOISE) && parts[PARTS - 1]! >= STILL_RISING * parts[PARTS - 2]!;
}
