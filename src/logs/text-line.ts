import { parseTimestamp, withoutAnsi } from "./normalize.js";

/**
 * A stored entry that is not JSON is a log line as its producer wrote it (a syslog line, a
 * container runtime's line, a Go or nginx error log, an access log): read as one, with the
 * time, level, program and host its usual prefixes carry, instead of being skipped. Only an
 * entry that opens as a JSON object and does not parse (`{"level": "er`) is broken and skipped.
 */

/** An entry that opens as a JSON object but does not parse, holds nothing, or holds bytes that are not text. */
export const BROKEN_JSON = Symbol("broken JSON");
export const BROKEN_JSON_REASON = "entry is not valid JSON";

/** The entry's JSON value, its text read as a log line, or BROKEN_JSON. */
export function entryValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const first = firstNonSpace(text);
    // Entries are JSON objects or text: one that opens as an object and does not parse is broken
    // (cut short, say), and control characters (NUL, ...) make bytes, not a line. A line opening
    // with "[" is text as often as not ("[2026-02-21 08:01:02,345] INFO").
    return first === 123 /* { */ || first < 0 || BINARY_RE.test(text) ? BROKEN_JSON : textLog(text);
  }
}

/** C0 control characters other than tab, line breaks and ESC (terminal colours), and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const BINARY_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]/;

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c !== 0xfeff) return c;
  }
  return -1;
}

/** containerd's and CRI-O's line: `2026-02-10T14:05:00.123456789Z stderr F <the line>`. */
const CRI_RE = /^(\d{4}-\d{2}-\d{2}T\S+) (?:stdout|stderr) [FP] ?/;
/** RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD]... MSG` (`-` for a field it lacks). */
const RFC5424_RE = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) \S+ \S+ (?:-|(?:\[(?:[^\]\\]|\\.)*\])+) ?/;
/** RFC 3164 (BSD syslog): `[<PRI>]Mmm dd hh:mm:ss HOST PROGRAM[PID]: MSG`, no year. */
const RFC3164_RE = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) ([ \d]\d) (\d{2}:\d{2}:\d{2}) (\S+) ([^\s:[\]]+)(?:\[\d+\])?: ?/;
/** An ISO 8601 stamp first, bracketed or not, with `T` or a space, a fraction after `.` or `,`, an offset or none. */
const ISO_RE = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z| ?[+-]\d{2}:?\d{2}| UTC)?)(?:\][ \t]*|[ \t]+)/;
/** Go's standard logger and nginx's error log: `2026/01/14 08:26:10[.123456] ...`. */
const SLASH_DATE_RE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) /;
/** Kubernetes' klog: `E0214 08:00:01.123456    1 file.go:42] msg`: level letter, month and day, no year. */
const KLOG_RE = /^([IWEF])(\d{2})(\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) +\d+ [^\]\s]+\] ?/;
/** Apache's error log: `[Sat Feb 21 08:20:11.123456 2026] [proxy:error] ...`. */
const APACHE_RE = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})? (\d{4})\] /;
/** Ruby's Logger (Rails, Sidekiq): `E, [2026-02-21T08:27:03.512345 #1] ERROR -- app: msg`. */
const RUBY_RE = /^[DIWEFAU], \[(\S+) #\d+\] +([A-Z]+) -- [^:]*: ?/;
/** logfmt, as Go's logrus and slog text handlers, go-kit and Grafana write it: `time=... level=warn msg="..." key=value`. */
const LOGFMT_START_RE = /^(?:time|ts|t|level|lvl|msg|logger|caller)=/;
const LOGFMT_PAIR_RE = /([\w.@-]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/y;
/** The Common and Combined Log Formats: `host ident user [21/Feb/2026:08:20:11 +0000] "GET / HTTP/1.1" 200 ...`. */
const CLF_RE = /^\S+ \S+ \S+ \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}:\d{2}:\d{2}) ([+-]\d{4})\] "/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const KLOG_LEVEL: Record<string, string> = { I: "INFO", W: "WARNING", E: "ERROR", F: "CRITICAL" };

/**
 * A text line as the fields normalize.ts reads: `message` (the line after the prefixes read
 * here, trailing newline dropped), and when the prefix says them `timestamp` (epoch ms: a
 * prefix whose stamp is not a date is not read as one), `severity` (a syslog priority's 0-7, a
 * klog letter's level), `program` and `hostname`. A level word left in the message ("ERROR",
 * "[warn]") is read from it as for any log without a level field.
 */
export function textLog(text: string): Record<string, unknown> {
  // Terminal colours ("\u001b[31mERROR\u001b[0m") are for a terminal: the line is what they colour.
  const line = (text.includes("\u001b[") ? withoutAnsi(text) : text).replace(/[\r\n]+$/, "");
  const log: Record<string, unknown> = {};
  let rest = line;
  const cri = CRI_RE.exec(rest);
  if (cri && stamp(log, cri[1])) {
    // A container runtime's prefix says when the line was written; what follows is the app's
    // line, JSON or not (normalize.ts reads an app's JSON log held as a message).
    rest = rest.slice(cri[0].length);
    if (firstNonSpace(rest) === 123) {
      log.message = rest;
      return log;
    }
  }
  if (LOGFMT_START_RE.test(rest)) {
    const fields = logfmt(rest);
    if (fields !== undefined) return fields;
  }
  for (const prefix of PREFIXES) {
    const m = prefix.re.exec(rest);
    if (m !== null && prefix.read(m, log)) {
      rest = prefix.keepsLine ? rest : rest.slice(m[0].length).replace(/^\ufeff/, "");
      break;
    }
  }
  log.message = rest === "" ? line : rest;
  return log;
}

/** A line prefix: `read` sets the log's fields from the match, false when its stamp is not a date (nothing set then). */
interface Prefix {
  re: RegExp;
  read: (m: RegExpExecArray, log: Record<string, unknown>) => boolean;
  /** The whole line is the message (an access line: its request, status and times are read from it). */
  keepsLine?: boolean;
}

const PREFIXES: Prefix[] = [
  {
    re: RFC5424_RE,
    read: (m, log) => {
      if (m[2] !== "-" && !stamp(log, m[2]!)) return false;
      log.severity = Number(m[1]) & 7;
      if (m[3] !== "-") log.hostname = m[3];
      if (m[4] !== "-") log.program = m[4];
      return true;
    },
  },
  {
    re: RFC3164_RE,
    read: (m, log) => {
      if (!stamp(log, yearless(MONTHS.indexOf(m[2]!), Number(m[3]!.trim()), m[4]!))) return false;
      if (m[1] !== undefined) log.severity = Number(m[1]) & 7;
      log.hostname = m[5];
      log.program = m[6];
      return true;
    },
  },
  { re: ISO_RE, read: (m, log) => stamp(log, m[1]!.replace(" UTC", "Z").replace(/ (?=[+-]\d)/, "")) },
  { re: SLASH_DATE_RE, read: (m, log) => stamp(log, `${m[1]}-${m[2]}-${m[3]}T${m[4]}`) },
  {
    re: RUBY_RE,
    read: (m, log) => {
      if (!stamp(log, m[1]!)) return false;
      log.severity = m[2];
      return true;
    },
  },
  {
    re: KLOG_RE,
    read: (m, log) => {
      if (!stamp(log, yearless(Number(m[2]) - 1, Number(m[3]), m[4]!))) return false;
      log.severity = KLOG_LEVEL[m[1]!];
      return true;
    },
  },
  { re: APACHE_RE, read: (m, log) => stamp(log, `${m[5]}-${monthNumber(m[1]!)}-${m[2]}T${m[3]}${(m[4] ?? "").slice(0, 4)}`) },
  { re: CLF_RE, read: (m, log) => stamp(log, `${m[3]}-${monthNumber(m[2]!)}-${m[1]}T${m[4]}${m[5]!.slice(0, 3)}:${m[5]!.slice(3)}`), keepsLine: true },
];

/**
 * A logfmt line's pairs, quoted values unescaped; undefined unless the whole line is pairs and
 * one of them is a message (`msg`, `message`), so prose with an `=` in it stays text.
 */
function logfmt(line: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let at = 0;
  while (at < line.length) {
    LOGFMT_PAIR_RE.lastIndex = at;
    const m = LOGFMT_PAIR_RE.exec(line);
    if (m === null) return undefined;
    out[m[1]!] = m[2] === undefined ? m[3] : m[2].replace(/\\(.)/g, "$1");
    at = LOGFMT_PAIR_RE.lastIndex;
    while (line.charCodeAt(at) === 32) at++;
  }
  return typeof out.msg === "string" || typeof out.message === "string" ? out : undefined;
}

/** Sets the log's time from `s` when it is a date. */
function stamp(log: Record<string, unknown>, s: string | undefined): boolean {
  const ms = s === undefined ? Number.NaN : parseTimestamp(s);
  if (Number.isNaN(ms)) return false;
  log.timestamp = ms;
  return true;
}

const monthNumber = (name: string): string => String(MONTHS.indexOf(name) + 1).padStart(2, "0");

/**
 * A stamp without a year (BSD syslog, klog) in the year that puts it at most a day ahead of now:
 * a line read on 1 January about 31 December is last year's.
 */
function yearless(month: number, day: number, time: string): string | undefined {
  if (month < 0 || month > 11 || !(day >= 1 && day <= 31)) return undefined;
  const now = Date.now();
  let year = new Date(now).getUTCFullYear();
  const mm = String(month + 1).padStart(2, "0");
  const dd = String(day).padStart(2, "0");
  const at = (y: number) => `${y}-${mm}-${dd}T${time}Z`;
  if (Date.parse(at(year)) > now + 86_400_000) year--;
  return at(year);
}
