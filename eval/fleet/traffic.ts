// Background request traffic: requests spread over a window and a fleet of instances, each with a
// route and a duration drawn around the route's median.

import type { Rng } from "./rng.js";
import { MIN } from "./timeline.js";

export interface Route {
  method: string;
  /** The route's shape, e.g. `/v1/carts/{id}`. */
  tpl: string;
  /** A concrete path for one request. */
  make: (r: Rng) => string;
  /** Median duration in ms. */
  med: number;
  sigma?: number;
  weight?: number;
  /** Status of a successful request. */
  ok?: number;
}

export interface Inst {
  name: string;
  weight?: number;
  /** Steady factor on every duration (a busier or farther instance). */
  slow?: number;
}

export interface Req {
  t: number;
  inst: Inst;
  route: Route;
  path: string;
  /** Duration in ms as the peers would see it (route median × jitter × the instance's steady factor). */
  dur: number;
  status: number;
}

export interface TrafficSpec {
  start: number;
  end: number;
  /** Mean requests per minute over the whole fleet. */
  perMin: number;
  insts: Inst[] | ((t: number) => Inst[]);
  routes: Route[];
  /** Multiplier on the rate at a time (diurnal swell, a quiet spell). */
  rateAt?: (t: number) => number;
}

export function eachRequest(r: Rng, spec: TrafficSpec, fn: (q: Req) => void): void {
  for (let m = spec.start; m < spec.end; m += MIN) {
    const n = r.poisson(spec.perMin * (spec.rateAt?.(m) ?? 1));
    for (let i = 0; i < n; i++) {
      const t = m + r.next() * Math.min(MIN, spec.end - m);
      const insts = typeof spec.insts === "function" ? spec.insts(t) : spec.insts;
      const inst = r.weighted(insts, (x) => x.weight ?? 1);
      const route = r.weighted(spec.routes, (x) => x.weight ?? 1);
      const dur = r.logNormal(route.med, route.sigma ?? 0.35) * (inst.slow ?? 1);
      fn({ t, inst, route, path: route.make(r), dur, status: route.ok ?? 200 });
    }
  }
}

/** Calls fn every `every` ms (with a little jitter) from start to end. */
export function every(r: Rng, start: number, end: number, everyMs: number, fn: (t: number, i: number) => void, jitterMs = 1500): void {
  let i = 0;
  for (let t = start + r.next() * everyMs; t < end; t += everyMs) {
    const at = t + r.float(-jitterMs, jitterMs);
    if (at >= start && at < end) fn(at, i);
    i++;
  }
}

/** A route helper: `{id}` parts filled by `fill`. */
export function route(method: string, tpl: string, med: number, weight: number, fill: (r: Rng) => string = () => "", extra: Partial<Route> = {}): Route {
  return { method, tpl, make: (r) => tpl.replace(/\{[a-z_]+\}/g, () => fill(r)), med, weight, ...extra };
}
