/**
 * The producers the creek scenarios write: the channel family's (eval/channel/producers.ts) and
 * the inlet family's python-json-logger, logrus and Fluent Bit `message` lines, with Serilog's
 * compact JSON (CLEF), rclone's JSON log, and the text the producers print inside a message:
 * ClickHouse's server log, ffmpeg's progress line, rsync's `--progress` and summary lines, and
 * sizes and rates as each of them spells them.
 */
import { isoMicrosOffset, isoMs, isoNanos } from "../channel/producers.js";
import { fnv1a } from "../channel/rng.js";

export * from "../channel/producers.js";
export { fluentMessage, type LogrusLevel, logrus, type PyLevel, pyJson } from "../inlet/producers.js";

type Fields = Record<string, unknown>;

// ── Serilog (.NET), RenderedCompactJsonFormatter (CLEF with the rendered message) ─────────────
export type SerilogLevel = "Verbose" | "Debug" | "Information" | "Warning" | "Error" | "Fatal";

/** `@t` as Serilog writes a UTC DateTimeOffset ("O"): seven fractional digits. */
function clefTime(t: number): string {
  const iso = isoMs(t);
  const ticks = String((Math.imul(t % 999_983, 40503) >>> 0) % 10_000).padStart(4, "0");
  return `${iso.slice(0, 23)}${ticks}Z`;
}

/**
 * One event: `@t`, the rendered message `@m`, the template's event id `@i`, `@l` unless it is
 * Information, `@x` the exception, then the properties (SourceContext, enrichers, the template's).
 */
export function serilog(t: number, level: SerilogLevel, template: string, rendered: string, props: Fields = {}, exception?: string): Fields {
  const out: Fields = { "@t": clefTime(t), "@m": rendered, "@i": fnv1a(template).toString(16).padStart(8, "0") };
  if (level !== "Information") out["@l"] = level;
  if (exception !== undefined) out["@x"] = exception;
  return { ...out, ...props };
}

/** A .NET exception as `ToString()` writes it: type, message, `   at` frames. */
export function dotnetTrace(type: string, message: string, frames: readonly string[]): string {
  return [`${type}: ${message}`, ...frames.map((f) => `   at ${f}`)].join("\n");
}

// ── rclone, --use-json-log ───────────────────────────────────────────────────────────────────
export type RcloneLevel = "debug" | "info" | "notice" | "warning" | "error";

/** rclone's JSON log line: level, msg, source (file:line), time (RFC 3339 in µs), extra (e.g. `stats`, `object`). */
export function rcloneJson(t: number, level: RcloneLevel, msg: string, source: string, extra: Fields = {}): Fields {
  return { level, msg, source, time: isoMicrosOffset(t), ...extra };
}

// ── sizes and rates as the producers print them ──────────────────────────────────────────────
const BINARY = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** A size with a binary suffix and `digits` decimals: `2.19 KiB`, `15.26 MiB` (ClickHouse, rclone use 2 and 3). */
export function binarySize(bytes: number, digits = 2): string {
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(digits)} ${BINARY[i]}`;
}

/** rclone's size with its suffix glued: `1.234Gi`, `10Mi`. */
export function rcloneSuffix(bytes: number): string {
  return binarySize(bytes, 3)
    .replace(/\.?0+ /, " ")
    .replace(/ (\w)iB$/, "$1i")
    .replace(/ B$/, "");
}

/** A number with thousands separators, as rsync and Postgres' tools print them: `12,345,678`. */
export function commas(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** rsync's rate on a progress line: `45.32MB/s`, `812.40kB/s` (decimal units, two decimals). */
export function rsyncRate(bytesPerSec: number): string {
  if (bytesPerSec >= 1e9) return `${(bytesPerSec / 1e9).toFixed(2)}GB/s`;
  if (bytesPerSec >= 1e6) return `${(bytesPerSec / 1e6).toFixed(2)}MB/s`;
  return `${(bytesPerSec / 1e3).toFixed(2)}kB/s`;
}

/** rsync's `--progress` line when a file is done: size, 100%, rate, time, transfer number and what is left to check. */
export function rsyncProgress(bytes: number, bytesPerSec: number, xfr: number, toCheck: number, total: number): string {
  const secs = Math.max(0, Math.round(bytes / Math.max(1, bytesPerSec)));
  const hh = Math.floor(secs / 3600);
  const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, "0");
  const ss = String(secs % 60).padStart(2, "0");
  return `${commas(bytes).padStart(15)} 100% ${rsyncRate(bytesPerSec).padStart(11)} ${`${hh}:${mm}:${ss}`.padStart(8)} (xfr#${xfr}, to-chk=${toCheck}/${total})`;
}

/** rsync's closing summary: `sent ... bytes  received ... bytes  ... bytes/sec`. */
export function rsyncSummary(sent: number, received: number, bytesPerSec: number): string {
  return `sent ${commas(sent)} bytes  received ${commas(received)} bytes  ${bytesPerSec.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} bytes/sec`;
}

// ── ClickHouse server log (text), as the container writes it ─────────────────────────────────
export type ClickhouseLevel = "Trace" | "Debug" | "Information" | "Warning" | "Error";

/** `2026.03.10 14:03:07.123456 [ 312 ] {query id} <Debug> executeQuery: ...` */
export function clickhouseLine(t: number, thread: number, queryId: string, level: ClickhouseLevel, logger: string, message: string): string {
  // the µs the shipper's own stamp (isoNanos) carries, so the two agree
  const iso = isoNanos(t);
  const micros = (iso.slice(20, -1) || "0").padEnd(6, "0").slice(0, 6);
  const stamp = `${iso.slice(0, 10).replaceAll("-", ".")} ${iso.slice(11, 19)}.${micros}`;
  return `${stamp} [ ${thread} ] {${queryId}} <${level}> ${logger}: ${message}`;
}

// ── ffmpeg's progress line on stderr ─────────────────────────────────────────────────────────
/** C's `%.3g`: three significant digits, trailing zeros dropped (`3.2`, `0.312`, `12`). */
function g3(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** `frame= 1234 fps= 96 q=28.0 size=   10240kB time=00:00:41.23 bitrate=2034.5kbits/s speed=3.21x` */
export function ffmpegProgress(frame: number, fps: number, q: number, sizeKb: number, mediaSecs: number, bitrateKbps: number, speed: number): string {
  const h = Math.floor(mediaSecs / 3600);
  const m = Math.floor((mediaSecs % 3600) / 60);
  const s = mediaSecs % 60;
  const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${s.toFixed(2).padStart(5, "0")}`;
  const fpsText = fps >= 9.95 ? String(Math.round(fps)) : fps.toFixed(1);
  return `frame=${String(frame).padStart(5)} fps=${fpsText.padStart(3)} q=${q.toFixed(1)} size=${String(Math.round(sizeKb)).padStart(8)}kB time=${time} bitrate=${bitrateKbps.toFixed(1).padStart(6)}kbits/s speed=${g3(speed).padStart(4)}x    `;
}
