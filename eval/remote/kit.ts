// The building blocks of a scenario: an incident's time line, services, normal traffic and long payloads.

import type { AnomalyType, Ev, Level, ProducerName, Scenario } from "../blind/types.js";
import { type Rng, rngFor } from "./rng.js";
import { write } from "./write.js";

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export type Gen = (t: number) => Ev;
export interface Part {
  g: Gen;
  w: number;
  from?: number;
  to?: number;
}

export interface Svc {
  name: string;
  prod: ProducerName;
  hosts: string[];
  logger?: string;
}

const TENANTS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne", "soylent", "vandelay"];

/** Expands {int:a-b}, {hex:n}, {pick:a|b}, {uuid}, {ip}, {user}, {sku}, {ms:median}, {tenant}, {id}, {ord} in a template. */
export function fill(r: Rng, tpl: string): string {
  return tpl.replace(/\{(int|hex|pick|uuid|ip|user|sku|ms|tenant|id|ord|pct)(?::([^}]*))?\}/g, (_m: string, k: string, arg: string | undefined) => {
    switch (k) {
      case "int": {
        const [a, b] = (arg ?? "0-9").split("-").map(Number);
        return String(r.int(a ?? 0, b ?? 9));
      }
      case "hex":
        return r.hex(Number(arg ?? 8));
      case "pick":
        return r.pick((arg ?? "").split("|"));
      case "uuid":
        return r.uuid();
      case "ip":
        return `10.${r.int(0, 9)}.${r.int(0, 255)}.${r.int(2, 254)}`;
      case "user":
        return `u_${r.int(10000, 99999)}`;
      case "sku":
        return `SKU-${r.int(10000, 99999)}-${r.pick(["BL", "RD", "GR", "XL", "S", "M", "NA"])}`;
      case "ms":
        return String(Math.max(1, Math.round(r.lognormal(Number(arg ?? 20), 0.5))));
      case "tenant":
        return `${r.pick(TENANTS)}-${r.int(1, 40)}`;
      case "id":
        return String(r.int(100000, 9999999));
      case "ord":
        return `ord_${r.alnum(12)}`;
      default:
        return String(r.int(Number(arg ?? 20), Number(arg ?? 20) + 25));
    }
  });
}

export function k8sPod(r: Rng, name: string): string {
  return `${name}-${r.hex(9)}-${r.alnum(5).toLowerCase()}`;
}

export function svc(r: Rng, name: string, prod: ProducerName, nHosts = 2, logger?: string): Svc {
  const hosts: string[] = [];
  for (let i = 0; i < nHosts; i++) {
    hosts.push(
      prod === "syslog" || prod === "ras"
        ? `${name}-${String(i + 1).padStart(2, "0")}`
        : prod === "gclog" || prod === "logback"
          ? `${name}-${i + 1}`
          : k8sPod(r, name),
    );
  }
  return logger === undefined ? { name, prod, hosts } : { name, prod, hosts, logger };
}

export class Incident {
  readonly evs: Ev[] = [];
  readonly end: number;
  constructor(
    readonly r: Rng,
    readonly start: number,
    readonly span: number,
  ) {
    this.end = start + span;
  }

  static open(seed: number, name: string, spanLo: number, spanHi: number): Incident {
    const r = rngFor(seed, name);
    const start = Date.UTC(2025, 0, 6) + r.int(0, 280) * DAY + r.int(0, 86_399) * SEC + r.int(0, 999);
    return new Incident(r, start, Math.round(r.float(spanLo, spanHi)));
  }

  /** The time at a fraction of the window. */
  at(frac: number): number {
    return Math.round(this.start + frac * this.span);
  }

  add(ev: Ev): void {
    this.evs.push(ev);
  }

  /** n lines of gen at random times in [from, to). */
  scatter(n: number, from: number, to: number, g: Gen): void {
    for (let i = 0; i < n; i++) this.add(g(Math.floor(this.r.float(from, to))));
  }

  /** A line every period ms (with jitter) in [from, to); returns how many. */
  every(period: number, from: number, to: number, g: Gen, jitter = 0.05): number {
    let n = 0;
    for (let t = from; t < to; t += period) {
      const tt = Math.round(t + this.r.float(0, jitter * period));
      if (tt >= to) break;
      this.add(g(tt));
      n++;
    }
    return n;
  }

  /** A sequence of lines from `from`, each step ms apart (jittered), until n lines or `to`. */
  seq(from: number, to: number, n: number, g: (t: number, i: number) => Ev): number {
    const step = (to - from) / Math.max(1, n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const t = Math.round(from + i * step + this.r.float(0, step * 0.8));
      if (t >= to) break;
      this.add(g(t, i));
      k++;
    }
    return k;
  }

  /** Normal traffic: as many lines of the weighted parts as bring the incident to `total`. */
  fillTo(total: number, parts: Part[]): void {
    // Never more than 40 % anomalous where 6,000 lines allow it.
    const anomalous = this.evs.filter((e) => e.label !== null).length;
    const target = Math.min(6000, Math.max(total, Math.ceil(anomalous / 0.4), this.evs.length + 600));
    const n = target - this.evs.length;
    if (n < 300) throw new Error(`too few normal lines: ${n} of ${target}`);
    const pairs = parts.map((p) => [p, p.w] as const);
    for (let i = 0; i < n; i++) {
      const p = this.r.weighted(pairs);
      const from = p.from ?? this.start;
      const to = p.to ?? this.end;
      this.add(p.g(Math.floor(this.r.float(from, to))));
    }
  }

  build(name: string, description: string): Scenario {
    const evs = this.evs.filter((e) => e.t >= this.start && e.t <= this.end);
    evs.sort((a, b) => a.t - b.t);
    if (evs.length < 2000 || evs.length > 6000) throw new Error(`${name}: ${evs.length} lines`);
    return { name, description, logs: evs.map((e) => write(e, this.r)), labels: evs.map((e) => e.label) };
  }
}

/** A line of a service: the event with host, level and label. */
export function line(r: Rng, s: Svc, t: number, level: Level, msg: string, label: AnomalyType | null = null, f?: Record<string, unknown>, stack?: string): Ev {
  const ev: Ev = { t, svc: s.name, level, msg, label, prod: s.prod, inst: r.pick(s.hosts) };
  if (s.logger !== undefined) ev.logger = s.logger;
  if (f !== undefined) ev.f = f;
  if (stack !== undefined) ev.stack = stack;
  return ev;
}

/** Lines of one level from templates, picked at random. */
export function tpl(r: Rng, s: Svc, level: Level, tpls: string[], fields?: (r: Rng) => Record<string, unknown>): Gen {
  return (t) => line(r, s, t, level, fill(r, r.pick(tpls)), null, fields?.(r));
}

export interface Route {
  m: string;
  p: string;
  ms: number;
  w?: number;
}

/** A Go-style duration, as zap writes it: 12.3ms, 1.234s. */
export function goDur(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(1)}ms`;
}

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
  "okhttp/4.12.0",
  "Go-http-client/1.1",
  "python-requests/2.31.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)",
];

/** One request line as the service's producer writes it. */
export function httpEv(r: Rng, s: Svc, t: number, method: string, path: string, status: number, ms: number, label: AnomalyType | null = null): Ev {
  const level: Level = status >= 500 ? "ERROR" : "INFO";
  const ev = (msg: string, f: Record<string, unknown>): Ev => line(r, s, t, level, msg, label, f);
  switch (s.prod) {
    case "pino":
      return ev("request completed", {
        req: { id: r.int(1, 999999), method, url: path, remoteAddress: fill(r, "{ip}") },
        res: { statusCode: status },
        responseTime: ms,
      });
    case "python":
      return ev(`"${method} ${path} HTTP/1.1" ${status} ${r.int(120, 48000)}`, { method, path, status_code: status, duration_ms: Math.round(ms * 10) / 10 });
    case "zap":
      return ev("request served", { method, path, status, latency: goDur(ms), bytes: r.int(80, 64000), request_id: r.hex(16) });
    case "logback":
      return ev(`Completed ${method} ${path} ${status} in ${Math.round(ms)}ms`, {
        http_method: method,
        uri: path,
        status_code: status,
        elapsed_ms: Math.round(ms),
      });
    case "otel":
      return ev(`${method} ${path.split("?")[0]}`, {
        "http.request.method": method,
        "url.path": path,
        "http.response.status_code": status,
        duration_ms: Math.round(ms),
      });
    case "docker-nginx": {
      const up = Math.max(0.001, (ms - r.int(0, 3)) / 1000);
      return ev("", {
        remote_addr: `${r.int(11, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
        request: `${method} ${path} HTTP/${r.pick(["1.1", "2.0"])}`,
        status,
        body_bytes_sent: status === 304 || status === 204 ? 0 : r.int(200, 90000),
        request_time: Math.round(ms) / 1000,
        upstream_response_time: up.toFixed(3),
        http_referer: "-",
        http_user_agent: r.pick(AGENTS),
      });
    }
    default:
      return ev(`${method} ${path} ${status} ${Math.round(ms)}ms`, { method, path, status_code: status, duration_ms: Math.round(ms) });
  }
}

/** Request traffic over routes, with latencies around each route's median and the usual 2xx/3xx/4xx mix. */
export function http(r: Rng, s: Svc, routes: Route[], notFound = 0.02): Gen {
  const pairs = routes.map((rt) => [rt, rt.w ?? 1] as const);
  return (t) => {
    const rt = r.weighted(pairs);
    const status = r.chance(notFound) ? r.pick([404, 404, 401, 403, 409, 422]) : rt.m === "POST" ? r.pick([200, 201, 201]) : r.chance(0.06) ? 304 : 200;
    const ms = Math.max(0.4, r.lognormal(rt.ms, 0.45));
    return httpEv(r, s, t, rt.m, fill(r, rt.p), status, Math.round(ms * 10) / 10);
  };
}

export function health(r: Rng, s: Svc, path = "/healthz"): Gen {
  return (t) => {
    const e = httpEv(r, s, t, "GET", path, 200, Math.round(r.float(0.3, 3) * 10) / 10);
    if (s.prod !== "docker-nginx") e.level = "DEBUG";
    return e;
  };
}

// Long payloads real services put in a line.

export function jsonBody(r: Rng, minChars: number): string {
  const items: unknown[] = [];
  const body: Record<string, unknown> = {
    order_id: `ord_${r.alnum(12)}`,
    customer: { id: `cus_${r.alnum(10)}`, email: `${r.alnum(7).toLowerCase()}@example.com`, tier: r.pick(["gold", "silver", "basic"]) },
    currency: r.pick(["EUR", "USD", "GBP"]),
    items,
    shipping: {
      method: r.pick(["express", "standard"]),
      address: {
        line1: `${r.int(1, 300)} ${r.pick(["Harbour", "Station", "Mill", "Oak"])} Road`,
        city: r.pick(["Leeds", "Lyon", "Porto", "Gdansk"]),
        zip: String(r.int(10000, 99999)),
      },
    },
  };
  while (JSON.stringify(body).length < minChars) {
    items.push({
      sku: fill(r, "{sku}"),
      qty: r.int(1, 4),
      unit_price: r.int(199, 25999) / 100,
      attributes: { color: r.pick(["black", "navy", "sand"]), size: r.pick(["S", "M", "L", "XL"]), gift_wrap: r.chance(0.2) },
    });
  }
  return JSON.stringify(body);
}

export function goroutineDump(r: Rng, frames: number): string {
  const fns = [
    "net/http.(*conn).serve",
    "main.(*Server).handleQuote",
    "github.com/acme/quotes/internal/pricing.(*Engine).Price",
    "github.com/acme/quotes/internal/pricing.applyRules",
    "github.com/acme/quotes/internal/rules.(*Set).Match",
    "runtime.gopanic",
    "github.com/jackc/pgx/v5.(*Conn).Query",
    "github.com/acme/quotes/internal/store.(*Repo).Rules",
    "sync.(*Once).doSlow",
    "encoding/json.(*decodeState).object",
  ];
  const parts = [`goroutine ${r.int(100, 99999)} [running]:`];
  for (let i = 0; i < frames; i++) {
    const fn = r.pick(fns);
    parts.push(`${fn}(0xc000${r.hex(6)}, 0x${r.hex(6)}) /build/${fn.split(".")[0]?.replace(/[()*]/g, "")}.go:${r.int(20, 900)} +0x${r.hex(3)}`);
  }
  return parts.join(" | ");
}
