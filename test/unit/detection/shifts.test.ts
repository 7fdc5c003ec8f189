import { describe, expect, it } from "vitest";
import { chooseReference } from "../../../src/detection/reference.js";
import { serviceGroups } from "../../../src/detection/evidence/evidence.js";
import { extractFeatures } from "../../../src/detection/features/features.js";
import { shiftStats } from "../../../src/detection/templates/shifts.js";
import { mineTemplates } from "../../../src/detection/templates/templates.js";
import type { Level, LogRecord } from "../../../src/logs/log-record.js";
import { log, reindex } from "./log-fixtures.js";

/** One service's requests every second; `line` at one second in `before` until `from`, then one in `after`. */
function incident(seconds: number, from: number, before: number, after: number, level: Level = "INFO", others = 1): LogRecord[] {
  const records: LogRecord[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let k = 0; k < others; k++) records.push(log("INFO", `GET /v1/orders/${s % 40} 200 in ${20 + (s % 9)}ms`, "api", { timestampMs: s * 1000 + k }));
    if (s % (s >= from ? after : before) === 3) records.push(log(level, `rate limit applied to client cl_${s % 13}`, "api", { timestampMs: s * 1000 + 500 }));
  }
  return reindex(records);
}

function shifts(records: LogRecord[]) {
  const m = extractFeatures(records);
  const { groupOf, services } = serviceGroups(records);
  const reference = chooseReference(m, groupOf, services.length);
  const t = mineTemplates(records);
  const periodic = new Uint8Array(t.count);
  const s = shiftStats(
    t.templateOf,
    t.count,
    t.occurrences,
    groupOf,
    reference,
    periodic,
    Float64Array.from(records, (r) => r.timestampMs),
    m.levelSeverity,
  );
  const id = t.templateOf[records.findIndex((r) => r.message.startsWith("rate limit"))]!;
  return { s, id, reference };
}

describe("shiftStats", () => {
  it("finds where a line's share of its service rose for the rest of the window, and how far", () => {
    const { s, id, reference } = shifts(incident(3000, 1300, 50, 7));
    expect(s.fromBin[id]).toBeGreaterThanOrEqual(Math.floor((1300 / 3000) * reference.bins) - 1);
    expect(s.fromBin[id]).toBeLessThanOrEqual(Math.ceil((1300 / 3000) * reference.bins) + 1);
    expect(s.after[id]! / s.before[id]!).toBeGreaterThan(5);
    expect(s.evidence[id]).toBeGreaterThan(0.6);
  });

  it("splits a rise that began early in the window where it began, not a quarter in", () => {
    // From 450 s of 3000 (15 %): a split no earlier than a quarter would count 300 s of the
    // storm as "before" and see a smaller rise.
    const { s, id, reference } = shifts(incident(3000, 450, 50, 7));
    expect(s.fromBin[id]).toBeLessThan(Math.floor(0.25 * reference.bins));
    expect(s.after[id]! / s.before[id]!).toBeGreaterThan(4);
  });

  it("finds nothing where the share holds, or rises less than twofold", () => {
    expect(shifts(incident(3000, 1300, 20, 20)).s.fromBin.every((b) => b === -1)).toBe(true);
    expect(shifts(incident(3000, 1300, 20, 14)).s.fromBin.every((b) => b === -1)).toBe(true);
  });

  it("leaves a rise of WARNING lines to their error evidence", () => {
    const { s, id } = shifts(incident(3000, 1300, 50, 7, "WARNING"));
    expect(s.fromBin[id]).toBe(-1);
  });

  it("leaves out a line that becomes most of its service: the service changed", () => {
    // From 1300 s on, three retries a second beside one request: three quarters of the service.
    const records: LogRecord[] = [];
    for (let s = 0; s < 3000; s++) {
      records.push(log("INFO", `GET /v1/orders/${s % 40} 200 in ${20 + (s % 9)}ms`, "api", { timestampMs: s * 1000 }));
      const retries = s >= 1300 ? 3 : s % 50 === 3 ? 1 : 0;
      for (let k = 0; k < retries; k++) records.push(log("INFO", `retrying connection to db-${s % 3}`, "api", { timestampMs: s * 1000 + 500 + k }));
      if (s % 60 === 0) records.push(log("INFO", "heartbeat ok", "other", { timestampMs: s * 1000 + 700 }));
    }
    const rows = reindex(records);
    const m = extractFeatures(rows);
    const { groupOf, services } = serviceGroups(rows);
    const t = mineTemplates(rows);
    const out = shiftStats(t.templateOf, t.count, t.occurrences, groupOf, chooseReference(m, groupOf, services.length), new Uint8Array(t.count));
    expect(out.fromBin[t.templateOf[rows.findIndex((r) => r.message.startsWith("retrying"))]!]).toBe(-1);
  });

  it("needs ten bins for a before and an after", () => {
    const { s } = shifts(incident(200, 90, 20, 3));
    expect(s.bins).toBeLessThan(10);
    expect(s.fromBin.every((b) => b === -1)).toBe(true);
  });
});
