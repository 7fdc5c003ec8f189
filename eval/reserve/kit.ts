// The reserve family's own tools: a seeded generator, the producers' formats as real software
// writes them, and the step that turns a scenario's lines into stored entries, oldest first.

import type { AnomalyType, Level, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** mulberry32 seeded from the family seed and the scenario's name: deterministic, independent per scenario. */
export class Rng {
  private s: number;

  constructor(seed: number, salt: string) {
    let h = (2166136261 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619) >>> 0;
    this.s = h;
    for (let i = 0; i < 4; i++) this.next();
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error("pick from an empty list");
    return v;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** a shuffled copy */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }

  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** log-normal around a median, sigma on the natural-log scale */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  hex(n: number): string {
    let s = "";
    while (s.length < n) {
      const x = Math.floor(this.next() * 65536);
      s += HEX2[x >> 8]! + HEX2[x & 255]!;
    }
    return s.length === n ? s : s.slice(0, n);
  }

  alnum(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(this.next() * 36)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  privateIp(prefix = "10.0"): string {
    return `${prefix}.${this.int(0, 31)}.${this.int(2, 250)}`;
  }

  publicIp(): string {
    return `${this.pick(["203.0.113", "198.51.100", "192.0.2"])}.${this.int(2, 250)}`;
  }

  /** n times in [start, end), sorted */
  times(n: number, start: number, end: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(start + Math.floor(this.next() * (end - start)));
    return out.sort((a, b) => a - b);
  }

  /** times every period ms with a jitter, from start to end */
  every(start: number, end: number, period: number, jitter = 0): number[] {
    const out: number[] = [];
    for (let t = start + Math.floor(this.next() * period); t < end; t += period) out.push(Math.max(start, Math.floor(t + (this.next() - 0.5) * 2 * jitter)));
    return out.sort((a, b) => a - b);
  }
}

/** a window start somewhere in 2025-2026 at a given UTC hour (random minute) */
export function windowStart(r: Rng, hour: number): number {
  return Date.UTC(2025 + r.int(0, 1), r.int(0, 11), r.int(1, 28), hour, r.int(0, 59), r.int(0, 59), r.int(0, 999));
}

export const MIN = 60_000;
export const HOUR = 3_600_000;

export type Fmt =
  | "pino" // Node pino: numeric level, epoch ms time, msg last
  | "bunyan" // Node bunyan: numeric level, ISO time, v:0
  | "pylog" // python-json-logger with a renamed timestamp
  | "structlog" // structlog's JSONRenderer: event, level, timestamp
  | "zap" // Go zap production encoder: ts in epoch seconds
  | "zapiso" // zap with an ISO8601 time encoder (etcd)
  | "klog" // Kubernetes components' JSON format: ts in epoch seconds, v, err
  | "logback" // logstash-logback-encoder
  | "log4j2" // log4j2 JsonLayout: timeMillis, loggerName, thrown
  | "syslog" // rsyslog JSON template
  | "otel" // an OpenTelemetry log record, attributes flattened
  | "k8s" // container stdout merged by fluent-bit with its kubernetes metadata
  | "k8sevent" // a Kubernetes event as an event exporter ships it
  | "nginx" // nginx log_format escape=json, $time_iso8601 (seconds)
  | "gclog" // JVM unified logging (-Xlog:gc*) shipped line by line
  | "ras" // HPC RAS event (Blue Gene style)
  | "pgjson" // PostgreSQL jsonlog
  | "redis"; // redis-server log shipped as JSON

/** One line before its producer writes it. */
export interface Ln {
  t: number;
  svc: string;
  lvl: Level;
  msg: string;
  label: Label;
  fmt: Fmt;
  host?: string;
  logger?: string;
  /** structured extras written as the producer would (duration fields, http fields, ids ...) */
  f?: Record<string, unknown>;
  /** exception or traceback text */
  stack?: string;
  /** exception class name, where the producer writes one apart */
  exc?: string;
  /** the producer's own level spelling, overriding the mapping */
  raw?: string | number;
  /** the field the service name goes in, when not the producer's usual one */
  sk?: string;
  /** producer-specific bits: thread, caller, namespace, node ... */
  meta?: Record<string, string | number>;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** stable sub-millisecond digits derived from the time, so a rendered line is a function of its line */
function subMs(t: number, digits: number): string {
  const x = (Math.imul(t % 1_000_003, 2654435761) >>> 0) % 10 ** digits;
  return pad(x, digits);
}

const minutePrefix = new Map<number, string>();

/** toISOString's text, with the date and minute of each minute formatted once */
export function iso(time: number): string {
  const t = Math.floor(time);
  const minute = Math.floor(t / 60_000);
  let prefix = minutePrefix.get(minute);
  if (prefix === undefined) {
    prefix = new Date(minute * 60_000).toISOString().slice(0, 17);
    if (minutePrefix.size > 100_000) minutePrefix.clear();
    minutePrefix.set(minute, prefix);
  }
  const ms = t - minute * 60_000;
  const sec = Math.floor(ms / 1000);
  return `${prefix}${sec < 10 ? "0" : ""}${sec}.${String(ms % 1000).padStart(3, "0")}Z`;
}

function isoOffset(t: number): string {
  return iso(t).replace("Z", "+00:00");
}

function isoMicro(t: number, offset = false): string {
  const s = iso(t).replace("Z", `${subMs(t, 3)}${offset ? "+00:00" : "Z"}`);
  return s;
}

function isoNano(t: number): string {
  return iso(t).replace("Z", `${subMs(t, 6)}Z`);
}

function isoSeconds(t: number): string {
  return iso(t).replace(/\.\d{3}Z$/, "+00:00");
}

function pgTime(t: number): string {
  return iso(t).replace("T", " ").replace("Z", " UTC");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** nginx's $time_local */
export function nginxLocal(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCDate(), 2)}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} +0000`;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function pidOf(host: string): number {
  return 1 + (hash(host) % 32000);
}

const NUMERIC: Record<Level, number> = { DEBUG: 20, INFO: 30, WARNING: 40, ERROR: 50, CRITICAL: 60 };
const UPPER_JAVA: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARN", ERROR: "ERROR", CRITICAL: "FATAL" };
const LOGBACK_VALUE: Record<string, number> = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };
const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warn", ERROR: "error", CRITICAL: "fatal" };
const SYSLOG: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warning", ERROR: "err", CRITICAL: "crit" };
const OTEL: Record<Level, [string, number]> = { DEBUG: ["DEBUG", 5], INFO: ["INFO", 9], WARNING: ["WARN", 13], ERROR: ["ERROR", 17], CRITICAL: ["FATAL", 21] };
const PG: Record<Level, string> = { DEBUG: "DEBUG1", INFO: "LOG", WARNING: "WARNING", ERROR: "ERROR", CRITICAL: "FATAL" };
const RAS: Record<Level, string> = { DEBUG: "INFO", INFO: "INFO", WARNING: "WARNING", ERROR: "ERROR", CRITICAL: "FATAL" };

function nodeName(host: string): string {
  const h = hash(`node:${host}`);
  return `ip-10-0-${h % 64}-${(h >>> 8) % 250}.ec2.internal`;
}

/** fluent-bit's kubernetes metadata of a pod */
function podMeta(pod: string, namespace: string, container: string): Record<string, unknown> {
  return {
    pod_name: pod,
    namespace_name: namespace,
    container_name: container,
    host: nodeName(pod),
    labels: { app: container, "pod-template-hash": pod.split("-").slice(-2, -1)[0] ?? "5d8f7c9b6" },
  };
}

/** the entry a producer writes for a line */
export function render(ln: Ln): Record<string, unknown> {
  const host = ln.host ?? ln.svc;
  const f = ln.f ?? {};
  const m = ln.meta ?? {};
  switch (ln.fmt) {
    case "pino": {
      const e: Record<string, unknown> = { level: ln.raw ?? NUMERIC[ln.lvl], time: ln.t, pid: pidOf(host), hostname: host, [ln.sk ?? "service"]: ln.svc };
      Object.assign(e, f);
      if (ln.stack !== undefined) e.err = { type: ln.exc ?? "Error", message: ln.msg, stack: ln.stack };
      e.msg = ln.msg;
      return e;
    }
    case "bunyan": {
      const e: Record<string, unknown> = { name: ln.svc, hostname: host, pid: pidOf(host), [ln.sk ?? "component"]: ln.svc, level: ln.raw ?? NUMERIC[ln.lvl] };
      if (ln.logger !== undefined) e.module = ln.logger;
      Object.assign(e, f);
      if (ln.stack !== undefined) e.err = { name: ln.exc ?? "Error", message: ln.msg, stack: ln.stack };
      e.msg = ln.msg;
      e.time = iso(ln.t);
      e.v = 0;
      return e;
    }
    case "pylog": {
      const e: Record<string, unknown> = {
        timestamp: isoMicro(ln.t, true),
        levelname: ln.raw ?? ln.lvl,
        name: ln.logger ?? ln.svc,
        message: ln.msg,
        [ln.sk ?? "service"]: ln.svc,
        process: pidOf(host),
        threadName: m.thread ?? "MainThread",
        ...f,
      };
      if (ln.stack !== undefined) e.exc_info = ln.stack;
      return e;
    }
    case "structlog": {
      const e: Record<string, unknown> = {
        event: ln.msg,
        level: ln.raw ?? ln.lvl.toLowerCase(),
        timestamp: isoMicro(ln.t),
        logger: ln.logger ?? ln.svc,
        [ln.sk ?? "service"]: ln.svc,
        ...f,
      };
      if (ln.stack !== undefined) e.exception = ln.stack;
      return e;
    }
    case "zap":
    case "zapiso": {
      const e: Record<string, unknown> = { level: ln.raw ?? ZAP[ln.lvl], ts: ln.fmt === "zap" ? ln.t / 1000 : isoMicro(ln.t) };
      if (ln.logger !== undefined) e.logger = ln.logger;
      if (m.caller !== undefined) e.caller = m.caller;
      e.msg = ln.msg;
      e[ln.sk ?? "service"] = ln.svc;
      Object.assign(e, f);
      if (ln.stack !== undefined) e.stacktrace = ln.stack;
      return e;
    }
    case "klog": {
      const e: Record<string, unknown> = {
        ts: ln.t / 1000,
        caller: m.caller ?? "server/handler.go:142",
        msg: ln.msg,
        v: m.v ?? 0,
        [ln.sk ?? "component"]: ln.svc,
        ...f,
      };
      return e;
    }
    case "logback": {
      const lvl = String(ln.raw ?? (ln.lvl === "CRITICAL" ? "ERROR" : UPPER_JAVA[ln.lvl]));
      const e: Record<string, unknown> = {
        "@timestamp": isoOffset(ln.t),
        "@version": "1",
        message: ln.msg,
        logger_name: ln.logger ?? "ROOT",
        thread_name: m.thread ?? "main",
        level: lvl,
        level_value: LOGBACK_VALUE[lvl] ?? 20000,
        [ln.sk ?? "app"]: ln.svc,
        ...f,
      };
      if (ln.stack !== undefined) e.stack_trace = ln.stack;
      return e;
    }
    case "log4j2": {
      const e: Record<string, unknown> = {
        timeMillis: ln.t,
        thread: m.thread ?? "main",
        level: ln.raw ?? UPPER_JAVA[ln.lvl],
        loggerName: ln.logger ?? "root",
        message: ln.msg,
        endOfBatch: false,
        loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
        threadId: m.threadId ?? 1,
        threadPriority: 5,
        [ln.sk ?? "application"]: ln.svc,
        ...f,
      };
      if (ln.stack !== undefined) {
        const [first, ...frames] = ln.stack.split("\n");
        e.thrown = {
          commonElementCount: 0,
          localizedMessage: first ?? "",
          message: first ?? "",
          name: ln.exc ?? "java.lang.RuntimeException",
          extendedStackTrace: frames.map((s) => s.trim()).filter((s) => s.startsWith("at ")),
        };
      }
      return e;
    }
    case "syslog":
      return {
        timestamp: isoMicro(ln.t, true),
        host,
        [ln.sk ?? "app"]: ln.svc,
        ...(m.pid !== undefined ? { pid: m.pid } : {}),
        facility: m.facility ?? "daemon",
        severity: ln.raw ?? SYSLOG[ln.lvl],
        message: ln.msg,
        ...f,
      };
    case "otel": {
      const [text, num] = OTEL[ln.lvl];
      const e: Record<string, unknown> = {
        timestamp: isoNano(ln.t),
        observed_timestamp: isoNano(ln.t + 1),
        severity_text: ln.raw ?? text,
        severity_number: num,
        body: ln.msg,
        [ln.sk ?? "service.name"]: ln.svc,
        "service.namespace": m.namespace ?? "prod",
        "host.name": host,
        ...f,
      };
      if (ln.stack !== undefined) {
        e["exception.type"] = ln.exc ?? "Exception";
        e["exception.stacktrace"] = ln.stack;
      }
      return e;
    }
    case "k8s": {
      const lvlText = String(ln.raw ?? ZAP[ln.lvl]);
      const e: Record<string, unknown> = {
        time: isoNano(ln.t),
        stream: ln.lvl === "INFO" || ln.lvl === "DEBUG" ? "stdout" : "stderr",
        _p: "F",
        level: lvlText,
        msg: ln.msg,
        [ln.sk ?? "app"]: ln.svc,
        ...f,
      };
      if (ln.stack !== undefined) e.error_stack = ln.stack;
      e.kubernetes = podMeta(host, String(m.namespace ?? "prod"), ln.svc);
      return e;
    }
    case "k8sevent":
      return {
        time: isoOffset(ln.t),
        type: ln.lvl === "INFO" ? "Normal" : "Warning",
        reason: m.reason ?? "Unknown",
        message: ln.msg,
        count: m.count ?? 1,
        involvedObject: { kind: m.kind ?? "Pod", name: host, namespace: m.namespace ?? "prod" },
        [ln.sk ?? "component"]: ln.svc,
        host: nodeName(host),
        ...f,
      };
    case "nginx":
      return { time: isoSeconds(ln.t), ...f, message: ln.msg, [ln.sk ?? "service"]: ln.svc };
    case "gclog":
      return {
        timestamp: isoOffset(ln.t),
        uptime: m.uptime ?? "0.000s",
        level: ln.raw ?? ln.lvl.toLowerCase(),
        tags: m.tags ?? "gc",
        message: ln.msg,
        [ln.sk ?? "service"]: ln.svc,
        host,
        ...f,
      };
    case "ras":
      return {
        timestamp: isoMicro(ln.t),
        epoch: Math.floor(ln.t / 1000),
        location: host,
        type: "RAS",
        [ln.sk ?? "component"]: ln.svc,
        level: ln.raw ?? RAS[ln.lvl],
        message: ln.msg,
        ...f,
      };
    case "pgjson": {
      const e: Record<string, unknown> = {
        timestamp: pgTime(ln.t),
        user: m.user ?? "postgres",
        dbname: m.dbname ?? "postgres",
        pid: m.pid ?? pidOf(`${host}:${ln.t % 97}`),
        remote_host: m.remote_host ?? "[local]",
        session_id: m.session_id ?? `${(ln.t / 1000).toString(16).slice(0, 8)}.${(pidOf(host) % 4096).toString(16)}`,
        line_num: m.line_num ?? 1,
        ps: m.ps ?? "idle",
        session_start: pgTime(ln.t - Number(m.session_age ?? 60_000)).replace(/\.\d{3}/, ""),
        vxid: m.vxid ?? "",
        txid: m.txid ?? 0,
        error_severity: ln.raw ?? PG[ln.lvl],
        message: ln.msg,
        application_name: m.application_name ?? "",
        backend_type: m.backend_type ?? "client backend",
        query_id: 0,
        [ln.sk ?? "service"]: ln.svc,
        ...f,
      };
      return e;
    }
    case "redis":
      return {
        timestamp: iso(ln.t),
        [ln.sk ?? "service"]: ln.svc,
        pid: m.pid ?? 1,
        role: m.role ?? "M",
        level: ln.raw ?? (ln.lvl === "DEBUG" ? "verbose" : ln.lvl === "INFO" ? "notice" : "warning"),
        message: ln.msg,
        ...f,
      };
  }
}

/** The time a rendered entry carries, as a reader of the stored entry parses it: zap and klog write float seconds. */
function storedTime(ln: Ln): number {
  return ln.fmt === "zap" || ln.fmt === "klog" ? (ln.t / 1000) * 1000 : ln.t;
}

/** A scenario's lines, each written by its producer as it is added (times in whole milliseconds, nginx's cut to the second). */
export class Lines {
  private readonly entries: Record<string, unknown>[] = [];
  private readonly labels: Label[] = [];
  private readonly stored: number[] = [];
  private readonly times: number[] = [];

  push(...lns: Ln[]): void {
    for (const ln of lns) {
      ln.t = ln.fmt === "nginx" ? Math.floor(ln.t / 1000) * 1000 : Math.floor(ln.t);
      this.entries.push(render(ln));
      this.labels.push(ln.label);
      this.stored.push(storedTime(ln));
      this.times.push(ln.t);
    }
  }

  /** the entries oldest first by the time each carries as written, ties in the order the lines happened */
  sorted(): { logs: Record<string, unknown>[]; labels: Label[] } {
    const { stored, times } = this;
    const order = Array.from(stored.keys()).sort((a, b) => stored[a]! - stored[b]! || times[a]! - times[b]! || a - b);
    return { logs: order.map((i) => this.entries[i]!), labels: order.map((i) => this.labels[i]!) };
  }
}

/** The scenario: its lines oldest first, checked to be 2,000 to 6,000. */
export function finish(name: string, description: string, lines: Lines): Scenario {
  const { logs, labels } = lines.sorted();
  if (logs.length < 2000 || logs.length > 6000) throw new Error(`${name}: ${logs.length} lines, outside 2,000-6,000`);
  return { name, description, logs, labels };
}

// ---- shared pieces of realistic text ----

export function javaStack(r: Rng, head: string, pkg: string, frames: string[]): string {
  const lines = [head];
  for (const fr of frames) lines.push(`\tat ${fr}(${fr.split(".").slice(-2, -1)[0] ?? "Unknown"}.java:${r.int(40, 900)})`);
  lines.push(`\tat ${pkg}.internal.Dispatcher.run(Dispatcher.java:${r.int(40, 300)})`);
  lines.push("\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)");
  lines.push("\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)");
  lines.push("\tat java.base/java.lang.Thread.run(Thread.java:840)");
  return lines.join("\n");
}

export function pyTraceback(r: Rng, frames: [string, string, string][], last: string): string {
  const lines = ["Traceback (most recent call last):"];
  for (const [file, fn, code] of frames) lines.push(`  File "${file}", line ${r.int(20, 600)}, in ${fn}\n    ${code}`);
  lines.push(last);
  return lines.join("\n");
}

export function nodeStack(r: Rng, head: string, frames: string[]): string {
  return [head, ...frames.map((fr) => `    at ${fr} (/app/dist/${fr.split(".")[0]?.toLowerCase() ?? "index"}.js:${r.int(10, 400)}:${r.int(5, 60)})`)].join(
    "\n",
  );
}

/** a pod name for a deployment: name-<replicaset hash>-<5 chars> */
export function podName(r: Rng, deploy: string): string {
  return `${deploy}-${r.pick(["7c9f8d", "5b6d4f", "64f9c7", "8d7b5c", "6c4d9f"])}${r.int(100, 999)}-${r.alnum(5)}`;
}

const UAS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
  "okhttp/4.12.0",
  "ShopApp/5.14.2 (iOS 17.5; iPhone15,3)",
];

export function userAgent(r: Rng): string {
  return r.pick(UAS);
}

export interface NginxReq {
  ip: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  rt: number; // seconds
  ua: string;
  upstream?: string;
  urt?: number; // seconds
  cache?: string;
  referer?: string;
}

/** an nginx access line: the raw line as message, the log_format's fields beside it */
export function nginxLine(t: number, svc: string, q: NginxReq, label: Label, host?: string): Ln {
  const urt = q.upstream === undefined ? "-" : (q.urt ?? q.rt * 0.95).toFixed(3);
  const raw = `${q.ip} - - [${nginxLocal(t)}] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "${q.referer ?? "-"}" "${q.ua}" rt=${q.rt.toFixed(3)} urt="${urt}"${q.cache !== undefined ? ` cache=${q.cache}` : ""}`;
  const f: Record<string, unknown> = {
    remote_addr: q.ip,
    remote_user: "",
    request: `${q.method} ${q.path} HTTP/1.1`,
    request_method: q.method,
    request_uri: q.path,
    status: q.status,
    body_bytes_sent: q.bytes,
    request_time: Number(q.rt.toFixed(3)),
    upstream_addr: q.upstream ?? "",
    upstream_response_time: urt,
    http_referrer: q.referer ?? "",
    http_user_agent: q.ua,
  };
  if (q.cache !== undefined) f.upstream_cache_status = q.cache;
  return { t, svc, lvl: q.status >= 500 ? "ERROR" : "INFO", msg: raw, label, fmt: "nginx", f, ...(host !== undefined ? { host } : {}) };
}
