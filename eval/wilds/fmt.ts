// Timestamp spellings and the stored shapes of common log formats, written the way the real tools write them.
// Sub-millisecond digits (micro/nanoseconds) are drawn from the scenario's PRNG, so output stays deterministic.

import type { Rng } from "./rng.js";

export type Entry = string | Record<string, unknown>;

export const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
export const WDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

export const pad = (n: number, w = 2): string => String(Math.trunc(n)).padStart(w, "0");

export interface Parts {
  Y: number;
  M: number; // 1-12
  D: number;
  h: number;
  m: number;
  s: number;
  ms: number;
  wd: number;
  mon: string;
  wday: string;
}

/** calendar fields of t in a zone offMin minutes east of UTC */
export function parts(t: number, offMin = 0): Parts {
  const d = new Date(t + offMin * 60000);
  return {
    Y: d.getUTCFullYear(),
    M: d.getUTCMonth() + 1,
    D: d.getUTCDate(),
    h: d.getUTCHours(),
    m: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    wd: d.getUTCDay(),
    mon: MON[d.getUTCMonth()] ?? "Jan",
    wday: WDAY[d.getUTCDay()] ?? "Sun",
  };
}

/** "+0100" (colon=false) or "+01:00" */
export function offStr(offMin: number, colon: boolean): string {
  const sign = offMin < 0 ? "-" : "+";
  const a = Math.abs(offMin);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ":" : ""}${pad(a % 60)}`;
}

const hms = (p: Parts): string => `${pad(p.h)}:${pad(p.m)}:${pad(p.s)}`;
const ymd = (p: Parts, sep = "-"): string => `${p.Y}${sep}${pad(p.M)}${sep}${pad(p.D)}`;

/** logfmt value: bare when safe, quoted otherwise */
export function lfv(v: unknown): string {
  const s = typeof v === "string" ? v : String(v);
  if (s === "" || /[\s"=\\]/.test(s)) return JSON.stringify(s);
  return s;
}

export function logfmt(pairs: readonly (readonly [string, unknown])[]): string {
  return pairs.map(([k, v]) => `${k}=${lfv(v)}`).join(" ");
}

export class Fmt {
  constructor(private readonly rng: Rng) {}

  private readonly lastSub = new Map<number, number>();
  private lastMs = Number.NaN;
  /** nanoseconds within the millisecond; several stamps in one millisecond come out increasing, in call order */
  private sub(ms?: number): number {
    if (ms === undefined) return this.rng.int(0, 999999);
    const last = this.lastSub.get(ms);
    const v = last === undefined ? this.rng.int(0, 600000) : Math.min(999999, last + 1 + this.rng.int(0, Math.max(0, Math.floor((999999 - last) / 4))));
    this.lastSub.set(ms, v);
    if (ms !== this.lastMs && this.lastSub.size > 50000) this.lastSub.clear();
    this.lastMs = ms;
    return v;
  }

  // ---------------------------------------------------------------- timestamps
  /** 2026-02-21T08:01:12.345Z */
  iso(t: number): string {
    return new Date(t).toISOString();
  }
  /** ISO 8601 with the given number of fraction digits (0 = none) and zone suffix */
  isoD(t: number, digits: number, zone = "Z", offMin = 0): string {
    const p = parts(t, offMin);
    const f = digits > 0 ? `.${(pad(p.ms, 3) + pad(this.sub(t + offMin * 60000), 6)).slice(0, digits)}` : "";
    return `${ymd(p)}T${hms(p)}${f}${zone}`;
  }
  /** Go time.RFC3339Nano in UTC: trailing zeros of the fraction trimmed */
  nano(t: number): string {
    const p = parts(t);
    const f = (pad(p.ms, 3) + pad(this.sub(t), 6)).replace(/0+$/, "");
    return `${ymd(p)}T${hms(p)}${f ? `.${f}` : ""}Z`;
  }
  /** "2026-02-21 08:01:12" + optional fraction with separator */
  space(t: number, digits = 0, sep = ".", offMin = 0): string {
    const p = parts(t, offMin);
    return `${ymd(p)} ${hms(p)}${digits > 0 ? sep + this.fracOf(p, digits, t + offMin * 60000) : ""}`;
  }
  private fracOf(p: Parts, digits: number, ms?: number): string {
    return (pad(p.ms, 3) + pad(this.sub(ms), 6)).slice(0, digits);
  }
  /** epoch seconds with fraction, as a number (zap, GELF, Fluent Bit "date") */
  epochS(t: number, digits = 6): number {
    const us = Math.floor(this.sub() / 1000);
    return Number(((t * 1000 + us) / 1e6).toFixed(digits));
  }
  /** epoch nanoseconds as a decimal string (OTLP JSON) */
  epochNs(t: number): string {
    return `${t}${pad(this.sub(t), 6)}`;
  }
  /** epoch microseconds as a decimal string (journald) */
  epochUs(t: number): string {
    return `${t}${pad(Math.floor(this.sub() / 1000), 3)}`;
  }
  /** Feb 19 04:13:27 (RFC 3164: day padded with a space) */
  bsd(t: number): string {
    const p = parts(t);
    return `${p.mon} ${String(p.D).padStart(2, " ")} ${hms(p)}`;
  }
  /** 14/Jan/2026:08:26:10 +0000 (common log format) */
  clf(t: number, offMin = 0): string {
    const p = parts(t, offMin);
    return `${pad(p.D)}/${p.mon}/${p.Y}:${hms(p)} ${offStr(offMin, false)}`;
  }
  /** 2026/01/14 08:26:10 (nginx error log, Go log) */
  slash(t: number, micro = false): string {
    const p = parts(t);
    return `${ymd(p, "/")} ${hms(p)}${micro ? `.${this.fracOf(p, 6, t)}` : ""}`;
  }
  /** klog header time: 0214 08:00:01.123456 */
  klogTs(t: number): string {
    const p = parts(t);
    return `${pad(p.M)}${pad(p.D)} ${hms(p)}.${this.fracOf(p, 6, t)}`;
  }

  // ---------------------------------------------------------------- plain-text line formats
  /** RFC 3164 syslog as written by rsyslog to /var/log/syslog (optionally with the <PRI> of the wire form) */
  syslog(t: number, host: string, prog: string, pid: number | null, msg: string, pri?: number): string {
    const tag = pid === null ? `${prog}:` : `${prog}[${pid}]:`;
    return `${pri === undefined ? "" : `<${pri}>`}${this.bsd(t)} ${host} ${tag} ${msg}`;
  }
  /** RFC 5424 (rsyslog RSYSLOG_SyslogProtocol23Format) */
  syslog5424(t: number, pri: number, host: string, app: string, procid: string | number, msgid: string, sd: string, msg: string, ts?: string): string {
    return `<${pri}>1 ${ts ?? this.isoD(t, 6, "+00:00")} ${host} ${app} ${procid} ${msgid} ${sd} ${msg}`;
  }
  /** containerd CRI log line (RFC3339Nano, trailing zeros trimmed) */
  cri(t: number, stream: "stdout" | "stderr", msg: string, partial = false): string {
    return `${this.nano(t)} ${stream} ${partial ? "P" : "F"} ${msg}`;
  }
  /** CRI-O (conmon) log line: nine fraction digits and a numeric zone */
  crio(t: number, stream: "stdout" | "stderr", msg: string, partial = false): string {
    return `${this.isoD(t, 9, "+00:00")} ${stream} ${partial ? "P" : "F"} ${msg}`;
  }
  /** klog header + message */
  klog(t: number, sev: "I" | "W" | "E" | "F", tid: number, file: string, msg: string): string {
    return `${sev}${this.klogTs(t)} ${String(tid).padStart(7, " ")} ${file}] ${msg}`;
  }
  /** nginx error log */
  nginxErr(t: number, level: string, pid: number, cid: number | null, msg: string): string {
    return `${this.slash(t)} [${level}] ${pid}#${pid}: ${cid === null ? "" : `*${cid} `}${msg}`;
  }
  /** log4j "%d %-5p [%t] %c - %m" */
  log4j(t: number, level: string, thread: string, logger: string, msg: string): string {
    return `${this.space(t, 3, ",")} ${level.padEnd(5)} [${thread}] ${logger} - ${msg}`;
  }
  /** logback default "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg" */
  logback(t: number, thread: string, level: string, logger: string, msg: string): string {
    return `${this.space(t, 3, ".")} [${thread}] ${level.padEnd(5)} ${logger} - ${msg}`;
  }
  /** Python logging "%(asctime)s - %(name)s - %(levelname)s - %(message)s" */
  py(t: number, name: string, level: string, msg: string): string {
    return `${this.space(t, 3, ",")} - ${name} - ${level} - ${msg}`;
  }
  /** Ruby Logger::Formatter */
  ruby(t: number, pid: number, sev: string, progname: string, msg: string): string {
    return `${sev.slice(0, 1)}, [${this.isoD(t, 6, "")} #${pid}] ${sev.padStart(5)} -- ${progname}: ${msg}`;
  }
  /** Redis server log: pid:role dd Mon yyyy hh:mm:ss.mmm <level> msg */
  redis(t: number, pid: number, role: "M" | "S" | "C" | "X", lvl: "." | "-" | "*" | "#", msg: string): string {
    const p = parts(t);
    return `${pid}:${role} ${pad(p.D)} ${p.mon} ${p.Y} ${hms(p)}.${pad(p.ms, 3)} ${lvl} ${msg}`;
  }
  /** PostgreSQL stderr log with log_line_prefix '%m [%p] %q%u@%d ' */
  pg(t: number, pid: number, userDb: string | null, level: string, msg: string): string {
    return `${this.space(t, 3, ".")} UTC [${pid}] ${userDb ? `${userDb} ` : ""}${level}:  ${msg}`;
  }
  /** MySQL 8 error log */
  mysql(t: number, thread: number, prio: "System" | "Warning" | "ERROR" | "Note", code: string, subsys: string, msg: string): string {
    return `${this.isoD(t, 6)} ${thread} [${prio}] [${code}] [${subsys}] ${msg}`;
  }
  /** Kafka / Confluent server.log "[%d] %p %m (%c)" */
  kafka(t: number, level: string, msg: string, logger: string): string {
    return `[${this.space(t, 3, ",")}] ${level} ${msg} (${logger})`;
  }
  /** nginx/Apache combined access log; extra is appended verbatim */
  combined(ip: string, user: string, t: number, req: string, status: number, bytes: number | "-", ref: string, ua: string, extra = "", offMin = 0): string {
    return `${ip} - ${user} [${this.clf(t, offMin)}] "${req}" ${status} ${bytes} "${ref}" "${ua}"${extra}`;
  }
  /** Apache 2.4 error log */
  apacheErr(t: number, module: string, level: string, pid: number, tid: number, msg: string, offMin = 0): string {
    const p = parts(t, offMin);
    return `[${p.wday} ${p.mon} ${pad(p.D)} ${hms(p)}.${this.fracOf(p, 6, t + offMin * 60000)} ${p.Y}] [${module}:${level}] [pid ${pid}:tid ${tid}] ${msg}`;
  }

  // ---------------------------------------------------------------- JSON envelopes
  /** Go time.RFC3339Nano for an explicit nanosecond offset within the millisecond */
  nanoAt(t: number, subNs: number): string {
    const p = parts(t);
    const f = (pad(p.ms, 3) + pad(subNs, 6)).replace(/0+$/, "");
    return `${ymd(p)}T${hms(p)}${f ? `.${f}` : ""}Z`;
  }
  /** Docker json-file driver entry (subNs: fixed offset within the millisecond, for lines written in one burst) */
  docker(t: number, stream: "stdout" | "stderr", log: string, subNs?: number): Record<string, unknown> {
    return { log: `${log}\n`, stream, time: subNs === undefined ? this.nano(t) : this.nanoAt(t, subNs) };
  }
  /** GELF 1.1 as sent by the Docker gelf driver */
  gelfDocker(
    t: number,
    host: string,
    c: { name: string; id: string; image: string; imageId: string; command: string; created: string },
    stream: "stdout" | "stderr",
    msg: string,
  ): Record<string, unknown> {
    return {
      version: "1.1",
      host,
      short_message: msg,
      timestamp: this.epochS(t, 3),
      level: stream === "stderr" ? 3 : 6,
      _command: c.command,
      _container_id: c.id,
      _container_name: c.name,
      _created: c.created,
      _image_id: c.imageId,
      _image_name: c.image,
      _tag: c.id.slice(0, 12),
    };
  }
  /** journalctl -o json record (all values strings) */
  journal(t: number, boot: { id: string; at: number }, f: Record<string, string>): Record<string, unknown> {
    const us = this.epochUs(t);
    const mono = String((t - boot.at) * 1000 + this.rng.int(0, 999));
    return {
      __CURSOR: `s=${this.rng.hex(32)};i=${this.rng.hex(6)};b=${boot.id};m=${Number(mono).toString(16)};t=${Number(us).toString(16)};x=${this.rng.hex(16)}`,
      __REALTIME_TIMESTAMP: us,
      __MONOTONIC_TIMESTAMP: mono,
      _BOOT_ID: boot.id,
      ...f,
    };
  }
}
