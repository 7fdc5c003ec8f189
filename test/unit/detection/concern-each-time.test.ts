import { describe, expect, it } from "vitest";
import { detect } from "../../../src/detection/detect.js";
import { createRandom } from "../../../src/detection/forest/random.js";
import type { LogRecord } from "../../../src/logs/log-record.js";
import { log } from "./log-fixtures.js";

const START = Date.parse("2026-03-02T09:00:00Z");
const SPAN_MS = 3 * 3600_000;

/**
 * Three hours of a shop: two busy services and a small cart service, all INFO, with `extra`
 * lines of cart's at the given times (fractions of the window). Ordered by time.
 */
function shop(extra: { at: number; message: string }[], seed = 7): { records: LogRecord[]; rows: number[] } {
  const rng = createRandom(seed);
  const lines: { ms: number; record: LogRecord; extra: boolean }[] = [];
  const add = (ms: number, record: LogRecord, isExtra = false) =>
    lines.push({ ms, record: { ...record, timestampMs: ms, timestamp: new Date(ms).toISOString() }, extra: isExtra });
  for (let i = 0; i < 3000; i++) {
    const ms = START + rng.next() * SPAN_MS;
    const service = i % 2 === 0 ? "catalog" : "checkout";
    add(ms, log("INFO", `GET /api/${service}/${1000 + i} 200 in ${Math.round(40 + rng.next() * 60)}ms`, service));
  }
  for (let i = 0; i < 430; i++) {
    const ms = START + rng.next() * SPAN_MS;
    const r = rng.next();
    const message =
      r < 0.6
        ? `cart saved for user ${5000 + i}: ${1 + Math.floor(rng.next() * 6)} items`
        : r < 0.9
          ? `cart loaded for user ${5000 + i}`
          : `expired carts purged: ${Math.floor(rng.next() * 40)}`;
    add(ms, log("INFO", message, "cart"));
  }
  for (const e of extra) add(START + e.at * SPAN_MS, log("INFO", e.message, "cart"), true);
  lines.sort((a, b) => a.ms - b.ms);
  const records = lines.map((l, index) => ({ ...l.record, index }));
  const rows = lines.flatMap((l, i) => (l.extra ? [i] : []));
  return { records, rows };
}

/** `count` lines at random times (not on a clock: evenly spaced lines would be a timer's). */
function scattered(count: number, message: (k: number) => string): { at: number; message: string }[] {
  const rng = createRandom(count);
  return Array.from({ length: count }, (_, k) => ({ at: rng.next(), message: message(k) }));
}
const flip = (actor: string) => (k: number) =>
  `config reloaded: feature flag checkout.v2 flipped to ${k % 2 === 0 ? "true" : "false"} by ${actor} (api key ak_${(k * 7919).toString(36)}***)`;

describe("detect: a change by an actor the line cannot name", () => {
  it("flags each of a dozen scattered flag flips by an unknown actor, at 2-3 % of a small service", () => {
    const { records, rows } = shop(scattered(12, flip("unknown actor")));
    const out = detect(records, { confidenceThreshold: 0.7 });
    for (const row of rows) {
      const a = out.anomalies.find((x) => x.row === row);
      expect(a, `row ${row}`).toBeDefined();
      expect(a!.anomalyType).toBe("pattern");
      expect(a!.reasons[0]).toMatch(/a change by an actor it cannot name \("by unknown"\).*12 of \d+ logs of cart/);
    }
  });

  it("flags them among the same change by named actors, one template with its actor masked", () => {
    const named = scattered(150, (k) => `feature flag checkout.v${k % 3} flipped to true by ${["deploy-bot", "alice", "release-train"][k % 3]}`);
    const nameless = scattered(10, (k) => `feature flag checkout.v${k % 3} flipped to true by unknown`).map((e) => ({ ...e, at: e.at * 0.999 }));
    const { records, rows } = shop([...named, ...nameless]);
    const namelessRows = rows.filter((r) => records[r]!.message.endsWith("by unknown"));
    expect(namelessRows).toHaveLength(10);
    const out = detect(records, { confidenceThreshold: 0.7 });
    for (const row of namelessRows)
      expect(out.anomalies.find((x) => x.row === row)?.reasons[0], `row ${row}`).toMatch(/^a change by an actor it cannot name \("by unknown"\)/);
    expect(out.anomalies.filter((a) => rows.includes(a.row) && !namelessRows.includes(a.row))).toEqual([]);
  });

  it("leaves the same flips alone when the line names who made them", () => {
    const { records, rows } = shop(scattered(12, flip("deploy-bot")));
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows.includes(a.row))).toEqual([]);
  });

  it("leaves alone a reloader that never knows who asked, reloading all through the window", () => {
    const { records, rows } = shop(scattered(180, (k) => `config reloaded by unknown actor: ${3 + (k % 4)} keys changed`));
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows.includes(a.row))).toEqual([]);
  });
});

describe("detect: a lifetime run out", () => {
  const cert = (days: number) => `certificate for api.internal expires in ${days} days (not after 2026-03-0${days === 0 ? 2 : 9}T23:59:59Z)`;

  it("flags each line of a certificate at 0 days among the same check's lines with months left", () => {
    const routine = scattered(60, (k) => cert(40 + (k % 30)));
    const zero = scattered(11, () => cert(0)).map((e) => ({ ...e, at: Math.min(0.999, e.at * 0.97 + 0.02) }));
    const { records, rows } = shop([...routine, ...zero]);
    const zeroRows = rows.filter((r) => records[r]!.message.includes("in 0 days"));
    expect(zeroRows).toHaveLength(11);
    const out = detect(records, { confidenceThreshold: 0.7 });
    for (const row of zeroRows) {
      const a = out.anomalies.find((x) => x.row === row);
      expect(a, `row ${row}`).toBeDefined();
      expect(a!.anomalyType).toBe("pattern");
      expect(a!.reasons[0]).toMatch(/^a lifetime run out \("expires in 0 days"\)/);
    }
    expect(out.anomalies.filter((a) => rows.includes(a.row) && !zeroRows.includes(a.row))).toEqual([]);
  });

  it("flags a certificate at 0 days that its checker reports on a clock: the clock is the checker's", () => {
    const routine = scattered(60, (k) => cert(40 + (k % 30)));
    const clock = Array.from({ length: 12 }, (_, k) => ({ at: 0.3 + k * 0.05, message: cert(0) }));
    const { records, rows } = shop([...routine, ...clock]);
    const zeroRows = rows.filter((r) => records[r]!.message.includes("in 0 days"));
    expect(zeroRows).toHaveLength(12);
    const out = detect(records, { confidenceThreshold: 0.7 });
    for (const row of zeroRows) expect(out.anomalies.find((x) => x.row === row)?.reasons[0], `row ${row}`).toMatch(/^a lifetime run out/);
  });

  it("leaves alone a change by nobody on a clock: a timer made it", () => {
    const clock = Array.from({ length: 12 }, (_, k) => ({ at: 0.3 + k * 0.05, message: flip("unknown actor")(k) }));
    const { records, rows } = shop(clock);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows.includes(a.row) && /actor it cannot name/.test(a.reasons[0] ?? ""))).toEqual([]);
  });

  it("leaves alone day-long certificates that read 0 days at every scan, all through the window", () => {
    const { records, rows } = shop(scattered(200, (k) => `workload certificate spiffe://mesh/ns/shop/sa/web-${k % 9} expires in 0 days`));
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows.includes(a.row))).toEqual([]);
  });

  it("leaves alone tokens issued for an hour", () => {
    const { records, rows } = shop(scattered(40, (k) => `access token issued for client web-${k % 7}, expires in 1 hours`));
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows.includes(a.row))).toEqual([]);
  });
});
