// Service model and normal-traffic generation, plus turning events into a Scenario.

import { produce } from "./producers.js";
import { poissonTimes, type Rng } from "./random.js";
import type { AnomalyType, Ev, Level, ProducerName, Scenario } from "./types.js";

export type Lang = "java" | "python" | "go" | "node";
/** How a request line carries its latency. */
export type LatStyle = "text" | "kv" | "duration_ms" | "response_time" | "latency_ms" | "elapsed_ms" | "took_ms";

export interface Line {
  msg: string;
  level?: Level;
  f?: Record<string, unknown>;
  logger?: string;
  stack?: string;
  rawLevel?: string;
}
export type Gen = (r: Rng, t: number) => string | Line;

export interface Route {
  m: string;
  path: (r: Rng) => string;
  med: number; // median latency ms
  sig: number; // log-normal sigma
  w: number; // weight
  /** custom rendering (e.g. "report X generated in 2.3 s") */
  render?: (r: Rng, ms: number, status: number, path: string) => Line;
}
export interface Bg {
  perHour: number;
  level: Level;
  gen: Gen;
  logger?: string;
  prod?: ProducerName; // written by a second producer (e.g. app logs vs. access logs of one service)
}
export interface Periodic {
  everySec: number;
  level: Level;
  gen: Gen;
  perInstance?: boolean;
  logger?: string;
  prod?: ProducerName;
}
export interface MemSpec {
  everySec: number;
  lo: number; // normal band, percent
  hi: number;
  render: (pct: number, r: Rng) => Line;
}
export interface Svc {
  name: string;
  prod: ProducerName;
  insts: string[];
  lang: Lang;
  reqPerMin: number;
  routes: Route[];
  lat: LatStyle;
  warn4xx?: boolean;
  deps: string[];
  bg: Bg[];
  periodic: Periodic[];
  startup: string[];
  oneOffs: (string | Line)[];
  mem?: MemSpec;
  tracing?: boolean;
  /** extra producer hints / fields on every line (e.g. {_ns: "payments"}) */
  extra?: Record<string, unknown>;
}

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;
}

export function traceFields(r: Rng): Record<string, unknown> {
  return { trace_id: r.hex(32), span_id: r.hex(16) };
}

function okStatus(m: string): number {
  return m === "POST" ? 201 : m === "DELETE" ? 204 : 200;
}

/** Render one request line in the service's style. */
export function requestLine(svc: Svc, r: Rng, route: Route, ms: number, status: number, path = route.path(r)): Line {
  const level: Level = status >= 500 ? "ERROR" : status >= 400 && svc.warn4xx ? "WARNING" : "INFO";
  if (route.render) return { level, ...route.render(r, ms, status, path) };
  const v = Math.round(ms * 10) / 10;
  switch (svc.lat) {
    case "text":
      return { level, msg: `${route.m} ${path} ${status} in ${fmtMs(ms)}` };
    case "kv":
      return { level, msg: `request completed method=${route.m} path=${path} status=${status} latency=${fmtMs(ms)}` };
    case "duration_ms":
      return { level, msg: `${route.m} ${path} ${status}`, f: { duration_ms: v } };
    case "response_time":
      return { level, msg: "request completed", f: { method: route.m, url: path, status_code: status, response_time: v } };
    case "latency_ms":
      return { level, msg: `handled ${route.m} ${path}`, f: { status, latency_ms: v } };
    case "elapsed_ms":
      return { level, msg: `${route.m} ${path} completed with ${status}`, f: { elapsed_ms: v } };
    case "took_ms":
      return { level, msg: `${route.m} ${path} -> ${status}`, f: { took_ms: Math.round(ms) } };
  }
}

export function pickRoute(r: Rng, svc: Svc): Route {
  return r.weighted(svc.routes.map((x) => [x, x.w] as const));
}

export function normalStatus(r: Rng, m: string): number {
  return r.weighted([
    [okStatus(m), 955],
    [404, 22],
    [400, 10],
    [401, 9],
    [409, 4],
  ]);
}

/** Build an event for `svc` from a Line. */
export function ev(svc: Svc, r: Rng, t: number, line: string | Line, label: AnomalyType | null = null, level?: Level): Ev {
  const l: Line = typeof line === "string" ? { msg: line } : line;
  const e: Ev = {
    t: Math.floor(t),
    svc: svc.name,
    level: level ?? l.level ?? "INFO",
    msg: l.msg,
    label,
    prod: svc.prod,
    inst: r.pick(svc.insts),
  };
  const f: Record<string, unknown> = { ...(svc.extra ?? {}), ...(l.f ?? {}) };
  if (Object.keys(f).length > 0) e.f = f;
  if (l.logger) e.logger = l.logger;
  if (l.stack) e.stack = l.stack;
  if (l.rawLevel) e.rawLevel = l.rawLevel;
  return e;
}

/** Request-scoped lines carry trace/span ids when the service is traced. */
export function traceable(svc: Svc, r: Rng, e: Ev): Ev {
  if (svc.tracing) e.f = { ...traceFields(r), ...(e.f ?? {}) };
  return e;
}

export interface NormalOpts {
  scale?: number; // multiplies request and background rates
  noErrors?: boolean; // drop routine ERROR/CRITICAL background templates
  startup?: boolean; // force (true) or suppress (false) start-up lines; default: 50 %
  oneOffs?: number; // how many rare harmless lines; default 0-2
}

export function genNormal(r: Rng, svc: Svc, start: number, end: number, o: NormalOpts = {}): Ev[] {
  const out: Ev[] = [];
  const scale = o.scale ?? 1;
  for (const t of poissonTimes(r, start, end, svc.reqPerMin * scale)) {
    const route = pickRoute(r, svc);
    const e = traceable(svc, r, ev(svc, r, t, requestLine(svc, r, route, r.logNormal(route.med, route.sig), normalStatus(r, route.m))));
    e.req = true;
    out.push(e);
  }
  for (const b of svc.bg) {
    if (o.noErrors && (b.level === "ERROR" || b.level === "CRITICAL")) continue;
    for (const t of poissonTimes(r, start, end, (b.perHour / 60) * scale)) {
      const e = traceable(svc, r, ev(svc, r, t, b.gen(r, t), null, b.level));
      if (b.logger && !e.logger) e.logger = b.logger;
      if (b.prod) e.prod = b.prod;
      out.push(e);
    }
  }
  for (const p of svc.periodic) {
    const insts = p.perInstance ? svc.insts : [r.pick(svc.insts)];
    for (const inst of insts) {
      let t = start + r.float(0, p.everySec * 1000);
      while (t < end) {
        const e = ev(svc, r, t + r.float(-0.02, 0.02) * p.everySec * 1000, p.gen(r, t), null, p.level);
        e.inst = inst;
        if (p.logger && !e.logger) e.logger = p.logger;
        if (p.prod) e.prod = p.prod;
        if (e.t >= start && e.t < end) out.push(e);
        t += p.everySec * 1000;
      }
    }
  }
  if (svc.mem) {
    const m = svc.mem;
    for (const inst of svc.insts) {
      let t = start + r.float(0, m.everySec * 1000);
      const phase = r.next();
      while (t < end) {
        const saw = ((t - start) / (m.everySec * 1000 * 9) + phase) % 1; // sawtooth between GC cycles
        const pct = m.lo + (m.hi - m.lo) * (0.15 + 0.75 * saw) + r.float(-0.05, 0.05) * (m.hi - m.lo);
        const e = ev(svc, r, t, m.render(Math.round(Math.min(m.hi, Math.max(m.lo, pct)) * 10) / 10, r));
        e.inst = inst;
        out.push(e);
        t += m.everySec * 1000 + r.float(-500, 500);
      }
    }
  }
  const withStartup = o.startup ?? r.chance(0.5);
  if (withStartup && svc.startup.length > 0) {
    let t = start + r.float(0, (end - start) * 0.1);
    const inst = r.pick(svc.insts);
    for (const s of svc.startup) {
      const e = ev(svc, r, t, s);
      e.inst = inst;
      out.push(e);
      t += r.float(30, 1800);
    }
  }
  const nOne = Math.min(o.oneOffs ?? r.int(0, 2), svc.oneOffs.length);
  for (const line of r.sample(svc.oneOffs, nOne)) out.push(ev(svc, r, r.float(start, end), line));
  return out;
}

/** Rough number of lines genNormal writes at scale 1 (startup and one-offs ignored). */
export function expectedLines(svc: Svc, durMs: number): { scaled: number; fixed: number } {
  const min = durMs / 60000;
  const scaled = svc.reqPerMin * min + svc.bg.reduce((a, b) => a + (b.perHour / 60) * min, 0);
  let fixed = 0;
  for (const p of svc.periodic) fixed += (durMs / (p.everySec * 1000)) * (p.perInstance ? svc.insts.length : 1);
  if (svc.mem) fixed += (durMs / (svc.mem.everySec * 1000)) * svc.insts.length;
  return { scaled, fixed };
}

/** Scale factor so that all services together write about `target` normal lines. */
export function scaleFor(svcs: Svc[], durMs: number, target: number): number {
  let scaled = 0;
  let fixed = 0;
  for (const s of svcs) {
    const x = expectedLines(s, durMs);
    scaled += x.scaled;
    fixed += x.fixed;
  }
  return Math.max(0.05, (target - fixed) / Math.max(1, scaled));
}

/** Sort (stable), write every event with its producer, and return the Scenario. */
export function finalize(r: Rng, name: string, description: string, evs: Ev[]): Scenario {
  const sorted = evs.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i);
  const pr = r.fork(`produce:${name}`);
  return {
    name,
    description,
    logs: sorted.map(({ e }) => produce(e, pr)),
    labels: sorted.map(({ e }) => e.label),
  };
}

/** Remove normal events matching `pred` inside [from, to) (e.g. a template that is bursting there). */
export function dropWhere(evs: Ev[], pred: (e: Ev) => boolean): Ev[] {
  return evs.filter((e) => !pred(e));
}
