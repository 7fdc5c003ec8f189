// Timestamp formats the stream contract accepts (ISO 8601 in several shapes, epoch s/ms/us),
// plus the in-message time shapes some producers print (Apache, Redis, JVM uptime).

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** deterministic sub-millisecond digits, so microsecond and nanosecond stamps look real */
function subDigits(t: number, n: number): string {
  if (n <= 0) return "";
  const x = (Math.imul((t % 2147483629) | 0, 2654435761) >>> 0) % 10 ** n;
  return String(x).padStart(n, "0");
}

export interface IsoOptions {
  /** digits after the seconds: 0, 3, 6 or 9 */
  frac?: 0 | 3 | 6 | 9;
  /** offset from UTC in minutes; the wall time shown is shifted by it */
  offsetMin?: number;
  /** write "+00:00" instead of "Z" at offset 0 */
  numericUtc?: boolean;
  /** "+0000" instead of "+00:00" */
  compactOffset?: boolean;
}

export function iso(t: number, o: IsoOptions = {}): string {
  const frac = o.frac ?? 3;
  const off = o.offsetMin ?? 0;
  const ms = Math.floor(t);
  const d = new Date(ms + off * MIN);
  let s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (frac > 0) s += `.${(pad(d.getUTCMilliseconds(), 3) + subDigits(ms, frac - 3)).slice(0, frac)}`;
  if (off === 0 && !o.numericUtc) return `${s}Z`;
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  return `${s}${sign}${pad(Math.floor(a / 60))}${o.compactOffset ? "" : ":"}${pad(a % 60)}`;
}

/** epoch seconds with microseconds, as zap and Python's time.time() write them */
export function epochSeconds(t: number): number {
  return Number(`${Math.floor(t / 1000)}.${pad(Math.floor(t) % 1000, 3)}${subDigits(Math.floor(t), 3)}`);
}

/** Apache/nginx common log time: 19/Sep/2025:07:00:13 +0000 */
export function clfTime(t: number, offsetMin = 0): string {
  const d = new Date(Math.floor(t) + offsetMin * MIN);
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** Apache error log time in the server's local time: Fri Sep 19 07:00:13.123456 2025 */
export function apacheErrorTime(t: number, offsetMin = 0): string {
  const d = new Date(Math.floor(t) + offsetMin * MIN);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${subDigits(Math.floor(t), 3)} ${d.getUTCFullYear()}`;
}

/** Redis server log time: 19 Sep 2025 07:00:13.123 */
export function redisTime(t: number): string {
  const d = new Date(Math.floor(t));
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** date only, 2025-09-19 */
export function day(t: number): string {
  return iso(t, { frac: 0 }).slice(0, 10);
}

/** hh:mm:ss of a duration in ms, as PostgreSQL prints session times */
export function hms(ms: number): string {
  const s = ms / 1000;
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${(s % 60).toFixed(3).padStart(6, "0")}`;
}

/**
 * A start time in 2025 at a wall-clock hour in [hourFrom, hourTo) UTC, on a day and minute the
 * seed chooses.
 */
export function startTime(rng: { int(a: number, b: number): number }, hourFrom: number, hourTo: number): number {
  const month = rng.int(1, 10);
  const dayOfMonth = rng.int(1, 28);
  const hour = rng.int(hourFrom, hourTo - 1);
  return Date.UTC(2025, month, dayOfMonth, hour, rng.int(0, 59), rng.int(0, 59), rng.int(0, 999));
}
