// Helpers shared by the scenario builders: windows, normal traffic for many services, scattered episodes.

import { exceptionLine, memoryLine, oddLine, oomLine, slowRequest, timeoutLine } from "./anomalies.js";
import { scatteredTimes, type Rng } from "./random.js";
import { BASE_MS, DAY, HOUR, MIN } from "./time.js";
import { ev, genNormal, requestLine, scaleFor, type NormalOpts, type Svc } from "./traffic.js";
import type { AnomalyType, Ev } from "./types.js";

export interface Window {
  start: number;
  end: number;
}

/** A window of `minutes` on some day after the base date, derived from the rng only. */
export function windowOf(r: Rng, minutes: number, dayOffset?: number, hour?: number): Window {
  const start = BASE_MS + (dayOffset ?? r.int(0, 45)) * DAY + (hour ?? r.int(0, 21)) * HOUR + r.int(0, 59) * MIN + r.int(0, 59_999);
  return { start, end: start + minutes * MIN };
}

/** Normal traffic for all services, scaled so that the total is about `target` lines. */
export function normalTraffic(r: Rng, svcs: Svc[], w: Window, target: number, o: NormalOpts = {}): Ev[] {
  const scale = scaleFor(svcs, w.end - w.start, target);
  const out: Ev[] = [];
  for (const s of svcs) out.push(...genNormal(r.fork(`normal:${s.name}`), s, w.start, w.end, { scale, ...o }));
  return out;
}

/** Episode times spread over the whole window, including the first and the last few minutes. */
export function episodeTimes(r: Rng, w: Window, n: number): number[] {
  const edge = 3 * MIN;
  const inner = scatteredTimes(r, w.start + edge, w.end - edge, Math.max(1, n - 2));
  return [w.start + r.float(15_000, edge - 30_000), ...inner, w.end - r.float(60_000, edge)].slice(0, n);
}

/** A small burst of lines of one anomaly type in one service (1-6 lines within ~40 s). */
export function episode(r: Rng, type: AnomalyType, svcs: Svc[], t: number): Ev[] {
  const out: Ev[] = [];
  const svc = r.pick(svcs);
  const n = r.int(1, 5);
  const at = (): number => t + r.float(0, 40_000);
  switch (type) {
    case "performance": {
      for (let i = 0; i < n; i++) out.push(slowRequest(svc, r, at()));
      const caller = svcs.find((s) => s.deps.includes(svc.name));
      if (caller && r.chance(0.6)) out.push(timeoutLine(caller, r, at(), svc.name, r.pick([2000, 3000, 5000])));
      break;
    }
    case "memory": {
      const m = svcs.filter((s) => s.mem);
      const target = m.length > 0 ? r.pick(m) : svc;
      let pct = r.float(90, 94);
      for (let i = 0; i < Math.max(2, n); i++) {
        out.push(memoryLine(target, r, t + i * r.float(15_000, 60_000), pct));
        pct = Math.min(99.4, pct + r.float(0.5, 2));
      }
      if (r.chance(0.25)) out.push(oomLine(target, r, t + 5 * 60_000));
      break;
    }
    case "error": {
      for (let i = 0; i < Math.min(n, 3); i++) {
        const at0 = at();
        out.push(exceptionLine(svc, r, at0));
        const caller = svcs.find((s) => s.deps.includes(svc.name));
        const route = caller?.routes[0];
        if (caller && route) out.push(ev(caller, r, at0 + r.int(5, 80), requestLine(caller, r, route, r.logNormal(route.med, 0.3), 500), "error"));
      }
      break;
    }
    case "pattern": {
      const kind = r.int(0, 6);
      for (let i = 0; i < Math.min(n, 3); i++) out.push(oddLine(svc, r, at(), kind));
      break;
    }
  }
  return out;
}

/** A list of `n` anomaly types containing each of the four at least `min` times, shuffled. */
export function typeMix(r: Rng, n: number, min = 2): AnomalyType[] {
  const all: AnomalyType[] = ["performance", "memory", "error", "pattern"];
  const out: AnomalyType[] = [];
  for (const a of all) for (let i = 0; i < min; i++) out.push(a);
  while (out.length < n) out.push(r.pick(all));
  return r.shuffle(out);
}
