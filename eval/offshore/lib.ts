// Shared helpers for the "offshore" scenarios: a seeded PRNG, time helpers, and writers that
// shape one log entry the way a real producer writes it (pino, python-json-logger, zap,
// logstash-logback-encoder, Go slog, nginx JSON access log, rsyslog JSON, BlueGene RAS,
// JVM unified GC log shipped by filebeat, Kubernetes container logs merged by fluent-bit).
import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/** FNV-1a over the string's UTF-16 units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit seed from a family seed and a per-scenario salt. */
export function mixSeed(seed: number, salt: string): number {
  let h = hashString(`${salt}#${seed}`) ^ Math.imul(seed >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = "0123456789abcdef";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const K8S = "bcdfghjklmnpqrstvwxz2456789";

export class Rng {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = mulberry32(seed);
  }
  next(): number {
    return this.r();
  }
  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.r();
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.r() * items.length)];
    if (v === undefined) throw new Error("pick from an empty list");
    return v;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.r() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }
  gauss(): number {
    const u = Math.max(this.r(), 1e-12);
    const v = this.r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal draw around a median. */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gauss());
  }
  chars(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.r() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    return this.chars(n, HEX);
  }
  alnum(n: number): string {
    return this.chars(n, ALNUM);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle([...items]).slice(0, k);
  }
  /** Kubernetes-style pod name: deployment-replicasethash-suffix. */
  pod(deployment: string, rsHash?: string): string {
    return `${deployment}-${rsHash ?? this.chars(10, K8S)}-${this.chars(5, K8S)}`;
  }
  /** n replicas of one deployment (one ReplicaSet hash). */
  pods(deployment: string, n: number): string[] {
    const hash = this.rsHash();
    return Array.from({ length: n }, () => this.pod(deployment, hash));
  }
  rsHash(): string {
    return this.chars(10, K8S);
  }
  privateIp(prefix = "10"): string {
    return `${prefix}.${this.int(0, 31)}.${this.int(0, 255)}.${this.int(2, 254)}`;
  }
  publicIp(): string {
    const first = this.pick([23, 31, 45, 62, 77, 81, 86, 91, 94, 109, 151, 176, 185, 188, 212, 217]);
    return `${first}.${this.int(1, 254)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Midnight UTC of a day in the given year chosen by the seed. */
export function baseDay(rng: Rng, year = 2024): number {
  return Date.UTC(year, 0, 1) + rng.int(20, 330) * DAY;
}

/** Relative traffic by hour of day (UTC): a night trough, a morning climb, an afternoon peak. */
export function diurnal(t: number): number {
  const h = (((t % DAY) + DAY) % DAY) / HOUR;
  const day = Math.exp(-((h - 14) ** 2) / (2 * 4.2 ** 2));
  const morning = 0.35 * Math.exp(-((h - 10) ** 2) / (2 * 1.5 ** 2));
  return 0.18 + day + morning;
}

/** n sorted times in [start, end) with density following `weight`. */
export function sampleTimes(rng: Rng, n: number, start: number, end: number, weight: (t: number) => number = diurnal): number[] {
  let maxW = 0;
  for (let i = 0; i <= 240; i++) maxW = Math.max(maxW, weight(start + ((end - start) * i) / 240));
  maxW *= 1.05;
  const out: number[] = [];
  let guard = 0;
  while (out.length < n && guard < n * 400) {
    guard++;
    const t = start + rng.next() * (end - start);
    if (rng.next() * maxW < weight(t)) out.push(Math.floor(t));
  }
  while (out.length < n) out.push(Math.floor(start + rng.next() * (end - start)));
  return out.sort((a, b) => a - b);
}

/** n sorted times spread uniformly over [start, end). */
export function uniformTimes(rng: Rng, n: number, start: number, end: number): number[] {
  return sampleTimes(rng, n, start, end, () => 1);
}

/** n sorted times spread over the whole window but kept apart: one per stratum, jittered. */
export function scatterTimes(rng: Rng, n: number, start: number, end: number): number[] {
  const out: number[] = [];
  const step = (end - start) / n;
  for (let i = 0; i < n; i++) out.push(Math.floor(start + step * (i + 0.1 + 0.8 * rng.next())));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Time formats
// ---------------------------------------------------------------------------------------------

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** Deterministic sub-millisecond digits for a stamp (producers with µs / ns clocks). */
function subMs(t: number, digits: number): string {
  const h = hashString(String(t));
  return String(h % 10 ** digits).padStart(digits, "0");
}

/** ISO-8601 UTC with `frac` fractional digits (0, 3, 6 or 9) and the given zone suffix. */
export function iso(t: number, frac = 3, zone = "Z"): string {
  const d = new Date(t);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (frac === 0) return `${base}${zone}`;
  const ms = pad(d.getUTCMilliseconds(), 3);
  return `${base}.${ms}${frac > 3 ? subMs(t, frac - 3) : ""}${zone}`;
}

/** Seconds since the epoch as a float with µs (zap's default `ts`). */
export function epochSecFloat(t: number): number {
  return Number(`${Math.floor(t / 1000)}.${pad(t % 1000, 3)}${subMs(t, 3)}`);
}

// ---------------------------------------------------------------------------------------------
// The scenario under construction
// ---------------------------------------------------------------------------------------------

interface Row {
  t: number;
  seq: number;
  label: Label;
  e: Record<string, unknown>;
}

export class Story {
  private readonly rows: Row[] = [];
  add(t: number, label: Label, e: Record<string, unknown>): void {
    this.rows.push({ t, seq: this.rows.length, label, e });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.e), labels: rows.map((r) => r.label) };
  }
}

// ---------------------------------------------------------------------------------------------
// Producers
// ---------------------------------------------------------------------------------------------

export type Lvl = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
type Fields = Record<string, unknown>;

const PINO_LEVEL: Record<Lvl, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface PinoCtx {
  pid: number;
  hostname: string;
  name?: string;
}

/** pino: numeric level, epoch-ms `time`, pid/hostname bindings, then the object, then `msg`. */
export function pino(t: number, lvl: Lvl, ctx: PinoCtx, msg: string, f: Fields = {}): Fields {
  const e: Fields = { level: PINO_LEVEL[lvl], time: t, pid: ctx.pid, hostname: ctx.hostname };
  if (ctx.name !== undefined) e.name = ctx.name;
  return { ...e, ...f, msg };
}

const PY_LEVEL: Record<Lvl, string> = { trace: "DEBUG", debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };

/** python-json-logger with a renamed `timestamp` field (isoformat with µs and offset). */
export function python(t: number, lvl: Lvl, logger: string, message: string, f: Fields = {}, excInfo?: string): Fields {
  const e: Fields = { timestamp: iso(t, 6, "+00:00"), levelname: PY_LEVEL[lvl], name: logger, message, ...f };
  if (excInfo !== undefined) e.exc_info = excInfo;
  return e;
}

const ZAP_LEVEL: Record<Lvl, string> = { trace: "debug", debug: "debug", info: "info", warn: "warn", error: "error", fatal: "fatal" };

/** zap production encoder: `ts` in float seconds, durations in float seconds. */
export function zap(t: number, lvl: Lvl, caller: string, msg: string, f: Fields = {}, stacktrace?: string): Fields {
  const e: Fields = { level: ZAP_LEVEL[lvl], ts: epochSecFloat(t), caller, msg, ...f };
  if (stacktrace !== undefined) e.stacktrace = stacktrace;
  return e;
}

const LOGBACK_LEVEL: Record<Lvl, [string, number]> = {
  trace: ["TRACE", 5000],
  debug: ["DEBUG", 10000],
  info: ["INFO", 20000],
  warn: ["WARN", 30000],
  error: ["ERROR", 40000],
  fatal: ["ERROR", 40000],
};

/** logstash-logback-encoder. */
export function logback(t: number, lvl: Lvl, logger: string, thread: string, message: string, f: Fields = {}, stack?: string): Fields {
  const [level, levelValue] = LOGBACK_LEVEL[lvl];
  const e: Fields = {
    "@timestamp": iso(t, 3, "+00:00"),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: levelValue,
    ...f,
  };
  if (stack !== undefined) e.stack_trace = stack;
  return e;
}

const SLOG_LEVEL: Record<Lvl, string> = { trace: "DEBUG", debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "ERROR" };

/** Go log/slog JSONHandler: `time`, `level`, `msg`, attrs; time.Duration attrs are integer nanoseconds. */
export function slog(t: number, lvl: Lvl, msg: string, f: Fields = {}): Fields {
  return { time: iso(t, 9, "Z"), level: SLOG_LEVEL[lvl], msg, ...f };
}

/** nginx `log_format ... escape=json` access line with `$time_iso8601` (whole seconds). */
export function nginx(t: number, f: Fields): Fields {
  return { time: iso(Math.floor(t / 1000) * 1000, 0, "+00:00"), ...f };
}

export type SyslogSeverity = "emerg" | "alert" | "crit" | "err" | "warning" | "notice" | "info" | "debug";

/** rsyslog JSON template shipped to logstash (`@timestamp`, `sysloghost`, `severity`, `facility`, `programname`, `procid`, `message`). */
export function syslog(t: number, host: string, program: string, procid: string, facility: string, severity: SyslogSeverity, message: string): Fields {
  return {
    "@timestamp": iso(t, 6, "+00:00"),
    "@version": "1",
    message: ` ${message}`,
    sysloghost: host,
    severity,
    facility,
    programname: program,
    procid,
  };
}

/** BlueGene/L RAS event: unix seconds, its dotted date-time, location, component and level. */
export function ras(t: number, location: string, component: string, level: string, message: string): Fields {
  const d = new Date(t);
  const dotted = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${subMs(t, 3)}`;
  return {
    ts: Math.floor(t / 1000),
    date: `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`,
    node: location,
    datetime: dotted,
    location,
    type: "RAS",
    component,
    level,
    message,
  };
}

/** PostgreSQL 15+ `log_destination = jsonlog`: space-separated UTC timestamp, `error_severity`. */
export function pgJson(
  t: number,
  f: {
    user?: string;
    dbname?: string;
    pid: number;
    severity: string;
    message: string;
    ps?: string;
    detail?: string;
    statement?: string;
    backend?: string;
    sqlState?: string;
  },
): Fields {
  const stamp = iso(t, 3, "").replace("T", " ");
  const e: Fields = { timestamp: `${stamp} UTC` };
  if (f.user !== undefined) e.user = f.user;
  if (f.dbname !== undefined) e.dbname = f.dbname;
  e.pid = f.pid;
  if (f.ps !== undefined) e.ps = f.ps;
  e.error_severity = f.severity;
  if (f.sqlState !== undefined) e.state_code = f.sqlState;
  e.message = f.message;
  if (f.detail !== undefined) e.detail = f.detail;
  if (f.statement !== undefined) e.statement = f.statement;
  e.backend_type = f.backend ?? "client backend";
  return e;
}

export interface GcSource {
  host: string;
  service: string;
  path: string;
  startMs: number; // JVM start, for the uptime decoration
  offset: number; // filebeat byte offset, advanced per line
}

/** One JVM unified-logging GC line (-Xlog:gc*:file=...:time,uptime,level,tags) as shipped by filebeat. */
export function gcLine(t: number, src: GcSource, level: string, tags: string, text: string): Fields {
  const uptime = ((t - src.startMs) / 1000).toFixed(3);
  const message = `[${iso(t, 3, "+0000")}][${uptime}s][${level}][${tags}] ${text}`;
  const e: Fields = {
    "@timestamp": iso(t, 3, "Z"),
    message,
    log: { file: { path: src.path }, offset: src.offset },
    host: { name: src.host },
    service: { name: src.service },
    input: { type: "filestream" },
  };
  src.offset += message.length + 1;
  return e;
}

export interface KubeMeta {
  pod: string;
  namespace: string;
  container: string;
  app: string;
  node: string;
  image: string;
  podId: string;
}

/** A container log line after fluent-bit's kubernetes filter (Merge_Log On): CRI time, stream, the app's own fields, `kubernetes`. */
export function kube(t: number, meta: KubeMeta, app: Fields, stream: "stdout" | "stderr" = "stdout"): Fields {
  return {
    time: iso(t, 9, "Z"),
    stream,
    _p: "F",
    ...app,
    kubernetes: {
      pod_name: meta.pod,
      namespace_name: meta.namespace,
      pod_id: meta.podId,
      labels: { app: meta.app, "pod-template-hash": meta.pod.split("-").slice(-2, -1)[0] ?? "" },
      host: meta.node,
      container_name: meta.container,
      container_image: meta.image,
    },
  };
}

/** A Kubernetes Event as an event exporter writes it, stamped with `time`. */
export function kubeEvent(
  t: number,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
  obj: { kind: string; name: string; namespace: string },
  source: { component: string; host?: string },
  count = 1,
): Fields {
  return {
    time: iso(t, 0, "Z"),
    kind: "Event",
    type,
    reason,
    message,
    involvedObject: { kind: obj.kind, namespace: obj.namespace, name: obj.name, apiVersion: obj.kind === "Pod" ? "v1" : "apps/v1" },
    source,
    count,
    reportingComponent: source.component,
  };
}

/** klog's JSON format (kubelet/controllers with --logging-format=json): `ts` in float epoch milliseconds, `v`, no level field unless an error. */
export function klog(t: number, caller: string, msg: string, f: Fields = {}, err?: string): Fields {
  const e: Fields = { ts: Number(`${t}.${subMs(t, 3)}`), caller, msg, v: 0, ...f };
  if (err !== undefined) e.err = err;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Stack traces
// ---------------------------------------------------------------------------------------------

export function javaStack(head: string, frames: string[], cause?: string): string {
  const lines = [head, ...frames.map((f) => `\tat ${f}`)];
  if (cause !== undefined) lines.push(`Caused by: ${cause}`, "\t... 42 common frames omitted");
  return lines.join("\n");
}

export function pyTrace(frames: [string, number, string, string][], last: string): string {
  const lines = ["Traceback (most recent call last):"];
  for (const [file, line, fn, code] of frames) lines.push(`  File "${file}", line ${line}, in ${fn}`, `    ${code}`);
  lines.push(last);
  return lines.join("\n");
}

export function nodeStack(head: string, frames: string[]): string {
  return [head, ...frames.map((f) => `    at ${f}`)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Small conveniences
// ---------------------------------------------------------------------------------------------

export function round(n: number, digits = 0): number {
  const k = 10 ** digits;
  return Math.round(n * k) / k;
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "ShopApp/5.12.1 (iOS 17.4; iPhone15,2)",
  "ShopApp/5.12.0 (Android 14; SM-S911B)",
];
