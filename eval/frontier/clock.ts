// Time spellings used by the producers.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number): string => String(n).padStart(2, "0");
const p3 = (n: number): string => String(n).padStart(3, "0");

/** Sub-millisecond digits, stable for a time (clocks print them; the ms part is what matters). */
function subMs(t: number, digits: number): string {
  const x = Math.imul((t % 1000003) | 0, 0x9e3779b1) >>> 0;
  return String(x % 10 ** digits).padStart(digits, "0");
}

export const MINUTE = 60_000;
export const SECOND = 1000;

export const isoMs = (t: number): string => new Date(t).toISOString();
export const isoMicro = (t: number): string => isoMs(t).replace("Z", `${subMs(t, 3)}Z`);
export const isoNano = (t: number): string => isoMs(t).replace("Z", `${subMs(t, 6)}Z`);
export const isoOffset = (t: number): string => isoMs(t).replace("Z", "+00:00");
export const isoMicroOffset = (t: number): string => isoMicro(t).replace("Z", "+00:00");
export const isoSec = (t: number): string => `${isoMs(t).slice(0, 19)}+00:00`;

function parts(t: number) {
  const d = new Date(t);
  return {
    Y: d.getUTCFullYear(),
    M: p2(d.getUTCMonth() + 1),
    Mon: MONTHS[d.getUTCMonth()]!,
    D: p2(d.getUTCDate()),
    d: d.getUTCDate(),
    hms: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    ms: p3(d.getUTCMilliseconds()),
  };
}

/** PostgreSQL's log time: `2025-11-18 03:12:01.123 UTC`. */
export function pgTime(t: number): string {
  const p = parts(t);
  return `${p.Y}-${p.M}-${p.D} ${p.hms}.${p.ms} UTC`;
}

/** Python logging's asctime: `2025-11-18 03:12:01,123`. */
export function pyAsctime(t: number): string {
  const p = parts(t);
  return `${p.Y}-${p.M}-${p.D} ${p.hms},${p.ms}`;
}

/** nginx error log and Go's standard log: `2025/11/18 03:12:01`. */
export function slashTime(t: number): string {
  const p = parts(t);
  return `${p.Y}/${p.M}/${p.D} ${p.hms}`;
}

/** klog's header after the level letter: `1118 03:12:01.123456`. */
export function klogTime(t: number): string {
  const p = parts(t);
  return `${p.M}${p.D} ${p.hms}.${p.ms}${subMs(t, 3)}`;
}

/** BSD syslog: `Nov 18 03:12:01`. */
export function syslogTime(t: number): string {
  const p = parts(t);
  return `${p.Mon} ${String(p.d).padStart(2, " ")} ${p.hms}`;
}

/** JVM unified logging decoration: `2025-11-18T03:12:01.123+0000`. */
export function jvmTime(t: number): string {
  return isoMs(t).replace("Z", "+0000");
}

/** Java's Date.toString() in UTC: `Tue Nov 18 03:00:00 UTC 2025`. */
export function javaDate(t: number): string {
  const d = new Date(t);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const p = parts(t);
  return `${days[d.getUTCDay()]} ${p.Mon} ${p.D} ${p.hms} UTC ${p.Y}`;
}

/** Fluent Bit's own log time: `[2025/11/18 03:12:01]`. */
export function fluentTime(t: number): string {
  return `[${slashTime(t)}]`;
}

/** The start of a night's incident window: a night from late November 2025 on, between 01:30 and 02:40 UTC. */
export function nightStart(dayOffset: number, minuteOffset: number): number {
  return Date.UTC(2025, 10, 24) + dayOffset * 86_400_000 + (90 + minuteOffset) * MINUTE + ((dayOffset * 7919 + minuteOffset * 104729) % 60_000);
}
