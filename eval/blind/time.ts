// Fixed base date and timestamp spellings. Nothing here reads the clock.

export const BASE_MS = Date.UTC(2025, 8, 19, 0, 0, 0); // 2025-09-19T00:00:00Z
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Deterministic sub-millisecond digits derived from the instant (producers with µs precision). */
export function microDigits(t: number): string {
  return pad(Math.abs(Math.imul(t, 2654435761) >>> 0) % 1000, 3);
}

/** 2025-09-19T07:49:29.123Z */
export function isoMs(t: number): string {
  return new Date(t).toISOString();
}

/** 2025-09-19T07:49:29Z (second precision) */
export function isoSec(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** ISO with a local-time offset, e.g. 2025-09-19T09:49:29.123+02:00; `micro` adds 3 more digits. */
export function isoOffset(t: number, offsetMin: number, micro = false): string {
  const d = new Date(t + offsetMin * 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const a = Math.abs(offsetMin);
  const frac = pad(d.getUTCMilliseconds(), 3) + (micro ? microDigits(t) : "");
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac}` +
    `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  );
}

/** Docker json-file style nanosecond timestamp: 2025-09-19T07:49:29.123456789Z */
export function isoNano(t: number): string {
  return new Date(t).toISOString().replace("Z", `${microDigits(t)}${microDigits(t + 7)}Z`);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** nginx $time_local: 19/Sep/2025:07:49:29 +0000 */
export function nginxTime(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Epoch seconds with microsecond fraction (zap `ts`). */
export function epochSec(t: number): number {
  return Number(`${Math.floor(t / 1000)}.${pad(t % 1000, 3)}${microDigits(t)}`);
}

/** Epoch microseconds (OpenTelemetry-style exporters). */
export function epochMicro(t: number): number {
  return t * 1000 + Number(microDigits(t));
}
