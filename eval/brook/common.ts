/** The channel family's helpers (eval/channel/common.ts), each scenario's window drawn from the brook family's random source. */
import { openWindow as channelWindow } from "../channel/common.js";

export * from "../channel/common.js";

/** One brook scenario's window (channel's openWindow, keyed by this family). */
export function openWindow(seed: number, name: string, isoDay: string, hourUtc: number, hours: number) {
  return channelWindow(seed, name, isoDay, hourUtc, hours, "brook");
}
