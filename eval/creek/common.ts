/** The channel family's helpers (eval/channel/common.ts), each scenario's window drawn from the creek family's random source. */
import { openWindow as channelWindow } from "../channel/common.js";
import type { Rng } from "../channel/rng.js";

export * from "../channel/common.js";

/** One creek scenario's window (channel's openWindow, keyed by this family). */
export function openWindow(seed: number, name: string, isoDay: string, hourUtc: number, hours: number) {
  return channelWindow(seed, name, isoDay, hourUtc, hours, "creek");
}

/** `n` pods of one ReplicaSet of `deployment`: one pod-template hash, a suffix each. */
export function replicaPods(rng: Rng, deployment: string, n: number): string[] {
  const hash = rng.pod(deployment).split("-").at(-2)!;
  return Array.from({ length: n }, () => `${deployment}-${hash}-${rng.pod("x").split("-")[2]!}`);
}
