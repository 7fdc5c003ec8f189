import type { AnomalyType, Scenario } from "./types.js";
import type { Rng } from "./rng.js";

export type Label = AnomalyType | null;
export type Rec = Record<string, unknown>;
export const SEC = 1000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** Collects entries at integer epoch-ms times; build() sorts them oldest first (stable). */
export class Timeline {
  private evs: { t: number; s: number; log: Rec; label: Label }[] = [];
  add(t: number, log: Rec, label: Label = null): void {
    this.evs.push({ t, s: this.evs.length, log, label });
  }
  build(name: string, description: string): Scenario {
    const evs = [...this.evs].sort((a, b) => a.t - b.t || a.s - b.s);
    return { name, description, logs: evs.map((e) => e.log), labels: evs.map((e) => e.label) };
  }
}

/** Poisson arrivals in [start, end): fn gets integer ms. */
export function poisson(r: Rng, start: number, end: number, meanGapMs: number, fn: (t: number, i: number) => void): void {
  let i = 0;
  for (let t = start + r.gap(meanGapMs); t < end; t += r.gap(meanGapMs)) fn(Math.round(t), i++);
}

/** Fixed cadence with small jitter (<= 10% of the step). */
export function every(r: Rng, start: number, end: number, stepMs: number, fn: (t: number, i: number) => void): void {
  let i = 0;
  for (let t = start + r.int(0, stepMs - 1); t < end; t += stepMs) fn(Math.round(t + r.int(0, Math.floor(stepMs / 10))), i++);
}

export const iso = (t: number): string => new Date(t).toISOString();
/** Python logging asctime: 2026-03-03 08:00:01,123 (UTC) */
export const pyTime = (t: number): string => iso(t).replace("T", " ").replace("Z", "").replace(".", ",");
/** ISO 8601 in a local offset, e.g. +01:00 */
export function isoOff(t: number, offMin: number): string {
  const s = new Date(t + offMin * MIN).toISOString().replace("Z", "");
  const sign = offMin >= 0 ? "+" : "-";
  const a = Math.abs(offMin);
  return `${s}${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** journalctl -o json entry */
export function journald(t: number, host: string, ident: string, prio: number, msg: string, extra: Rec = {}): Rec {
  return {
    __REALTIME_TIMESTAMP: String(t * 1000),
    _HOSTNAME: host,
    SYSLOG_IDENTIFIER: ident,
    PRIORITY: String(prio),
    _TRANSPORT: ident === "kernel" ? "kernel" : "journal",
    MESSAGE: msg,
    ...extra,
  };
}

/** events.k8s.io/v1 Event as an event exporter ships it */
export function k8sEvent(t: number, ns: string, pod: string, reason: string, note: string, type = "Warning"): Rec {
  return {
    kind: "Event",
    apiVersion: "events.k8s.io/v1",
    metadata: { name: `${pod}.${(t * 7919).toString(16).slice(-12)}`, namespace: ns },
    eventTime: iso(t).replace("Z", "000Z"),
    reportingController: "kubelet",
    reportingInstance: `node-${ns.length}-${pod.length % 5}`,
    action: reason === "BackOff" ? "Restarting" : "Probing",
    reason,
    note,
    type,
    regarding: { kind: "Pod", namespace: ns, name: pod },
  };
}

export const pct = (used: number, total: number): number => Math.round((used / total) * 1000) / 10;
