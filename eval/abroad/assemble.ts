// Turns a list of events into a Scenario: oldest first (stable for equal times), rendered by
// each event's producer, labelled line by line.

import type { AnomalyType, Ev, Scenario } from "../blind/types.js";
import { render } from "./render.js";
import type { Rng } from "./prng.js";

export function assemble(name: string, description: string, events: Ev[]): Scenario {
  const order = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i);
  return {
    name,
    description,
    logs: order.map(({ e }) => render(e)),
    labels: order.map(({ e }) => e.label),
  };
}

/**
 * Brings the event list to exactly `target` lines: drops normal events at random (never a
 * labelled one, never one marked `keep`) or adds more normal lines from `fill`.
 */
export function fitTo(r: Rng, events: Ev[], target: number, fill: (n: number) => Ev[], keep?: (e: Ev) => boolean): Ev[] {
  if (events.length < target) return events.concat(fill(target - events.length));
  let excess = events.length - target;
  if (excess === 0) return events;
  const droppable: number[] = [];
  events.forEach((e, i) => {
    if (e.label === null && !(keep?.(e) ?? false)) droppable.push(i);
  });
  r.shuffle(droppable);
  const drop = new Set<number>();
  for (const i of droppable) {
    if (excess === 0) break;
    drop.add(i);
    excess--;
  }
  return events.filter((_, i) => !drop.has(i));
}

/** Line count, anomalous fraction and per-type counts of a scenario. */
export function summary(s: Scenario): { lines: number; anomalous: number; byType: Record<AnomalyType, number> } {
  const byType: Record<AnomalyType, number> = { performance: 0, memory: 0, error: 0, pattern: 0 };
  let anomalous = 0;
  for (const l of s.labels) {
    if (l === null) continue;
    anomalous++;
    byType[l]++;
  }
  return { lines: s.labels.length, anomalous, byType };
}
