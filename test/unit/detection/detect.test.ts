import { describe, expect, it } from "vitest";
import { detect } from "../../../src/detection/detect.js";
import { featuresAt } from "../../../src/detection/features.js";
import type { LogRecord } from "../../../src/detection/types.js";
import { calmIncident, log, reindex } from "./log-fixtures.js";

const SEED_MESSAGE = "Database connection timeout after 30s";

function withPlanted(planted: LogRecord[], n = 150): { records: LogRecord[]; rows: number[] } {
  const base = calmIncident(n);
  const rows: number[] = [];
  planted.forEach((p, k) => {
    const at = 20 + k * 31;
    base.splice(at, 0, p);
    rows.push(at);
  });
  return { records: reindex(base), rows };
}

const find = (out: ReturnType<typeof detect>, row: number) => out.anomalies.find((a) => a.row === row);

describe("detect: the seed example", () => {
  it("reports the 30 s database timeout as a confident performance anomaly", () => {
    const { records, rows } = withPlanted([log("ERROR", SEED_MESSAGE, "user-service")]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.method).toBe("isolation_forest");
    const a = find(out, rows[0]!);
    expect(a).toBeDefined();
    expect(a!.anomalyType).toBe("performance");
    expect(a!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(featuresAt(out.features, a!.row).response_time).toBe(30000);
    expect(a!.reasons[0]).toMatch(/^response time 30000 ms is \d+x the median of user-service \(\d+ ms\)/);
    expect(a!.reasons.some((r) => /^isolation score 0\.\d{3} above the incident's 90th percentile/.test(r))).toBe(true);
  });

  it("reports it on its own too, by the statistical path", () => {
    const out = detect([log("ERROR", SEED_MESSAGE)], { confidenceThreshold: 0.7 });
    expect(out.method).toBe("statistical");
    expect(out.anomalies).toHaveLength(1);
    expect(out.anomalies[0]!.anomalyType).toBe("performance");
    expect(out.anomalies[0]!.confidence).toBeGreaterThanOrEqual(0.8);
  });
});

describe("detect: types", () => {
  it("classifies OOM, FATAL among INFO and a huge message", () => {
    const { records, rows } = withPlanted([
      log("ERROR", "java.lang.OutOfMemoryError: Java heap space", "order-service"),
      log("CRITICAL", "ledger checksum mismatch, halting writes", "payment-service"),
      log("INFO", `payload dump ${"ab".repeat(600)}`, "order-service"),
    ]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const [oom, fatal, huge] = rows.map((r) => find(out, r));
    expect(oom?.anomalyType).toBe("memory");
    expect(oom!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(oom!.reasons[0]).toBe("memory usage 100%");
    expect(fatal?.anomalyType).toBe("error");
    expect(fatal!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(fatal!.reasons[0]).toMatch(/^CRITICAL level among [\d.]+% critical lines/);
    expect(huge?.anomalyType).toBe("pattern");
    expect(huge!.reasons[0]).toMatch(/^message length 1213 characters vs median \d+ in order-service/);
  });

  it("judges response times within their service", () => {
    // 900 ms is ordinary for the slow report service but far out for the fast API.
    const records: LogRecord[] = [];
    for (let i = 0; i < 40; i++) {
      records.push(log("INFO", `GET /api/${i} 200 in ${40 + (i % 7) * 5}ms`, "api"));
      records.push(log("INFO", `report ${i} built in ${800 + (i % 5) * 60}ms`, "reports"));
    }
    records.push(log("INFO", "GET /api/x 200 in 900ms", "api"));
    records.push(log("INFO", "report x built in 900ms", "reports"));
    const out = detect(reindex(records), { confidenceThreshold: 0.5 });
    const api = find(out, records.length - 2);
    expect(api?.anomalyType).toBe("performance");
    expect(api!.reasons[0]).toMatch(/the median of api/);
    expect(find(out, records.length - 1)?.anomalyType ?? "none").not.toBe("performance");
  });

  it("does not find an error among errors unusual", () => {
    const line = (): LogRecord => log("ERROR", "Payment declined for order 4242", "payment-service");
    const calm = withPlanted([line()]);
    const noisyBase = calmIncident(150).map((r, i) => (i % 2 ? log("ERROR", `Payment declined for order ${4000 + i}`, r.service) : r));
    noisyBase.splice(40, 0, line());
    const noisy = reindex(noisyBase);
    const inCalm = find(detect(calm.records, { confidenceThreshold: 0 }), calm.rows[0]!);
    const inNoisy = find(detect(noisy, { confidenceThreshold: 0 }), 40);
    expect(inCalm!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(inCalm!.anomalyType).toBe("error");
    expect(inNoisy!.confidence).toBeLessThan(0.5);
    expect(detect(noisy, { confidenceThreshold: 0.7 }).anomalies.some((a) => a.row === 40)).toBe(false);
  });

  it("calls a forest-only outlier a pattern anomaly with a mid confidence", () => {
    // A lone DEBUG line without a response time: isolated, yet no evidence speaks for it.
    const { records, rows } = withPlanted([log("DEBUG", "cache warm for key user:1234", "user-service")]);
    const out = detect(records, { confidenceThreshold: 0 });
    const a = find(out, rows[0]!)!;
    expect(a.anomalyType).toBe("pattern");
    expect(a.confidence).toBeGreaterThanOrEqual(0.5);
    expect(a.confidence).toBeLessThanOrEqual(0.7);
    expect(a.reasons).toHaveLength(1);
    expect(a.reasons[0]).toMatch(/^isolation score/);
  });

  it("keeps a calm incident quiet: no ordinary request is reported and nothing is confident", () => {
    const records = calmIncident(300);
    // Flagged rows start at 0.5; ordinary requests must stay near that floor.
    const out = detect(records, { confidenceThreshold: 0.6 });
    for (const a of out.anomalies) {
      expect(records[a.row]!.level).not.toBe("INFO");
      expect(a.confidence).toBeLessThan(0.8);
    }
  });
});

describe("detect: threshold, order, method, determinism", () => {
  const { records } = withPlanted([
    log("ERROR", SEED_MESSAGE),
    log("WARNING", "heap used 91%", "order-service"),
    log("CRITICAL", "disk failure on /dev/sda", "payment-service"),
  ]);

  it("returns only anomalies at or above the threshold, in row order", () => {
    const loose = detect(records, { confidenceThreshold: 0.3 });
    const strict = detect(records, { confidenceThreshold: 0.85 });
    expect(strict.anomalies.length).toBeGreaterThan(0);
    expect(strict.anomalies.length).toBeLessThan(loose.anomalies.length);
    for (const out of [loose, strict]) {
      const rows = out.anomalies.map((a) => a.row);
      expect(rows).toEqual([...rows].sort((x, y) => x - y));
    }
    for (const a of strict.anomalies) expect(a.confidence).toBeGreaterThanOrEqual(0.85);
    const looseRows = new Set(loose.anomalies.map((a) => a.row));
    for (const a of strict.anomalies) expect(looseRows.has(a.row)).toBe(true);
    expect(detect(records, { confidenceThreshold: 0 }).anomalies).toHaveLength(records.length);
    expect(detect(records, { confidenceThreshold: 1.01 }).anomalies).toHaveLength(0);
  });

  it("keeps confidences in [0, 1] with at most 3 decimals", () => {
    for (const a of detect(records, { confidenceThreshold: 0 }).anomalies) {
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
      expect(Math.round(a.confidence * 1000) / 1000).toBe(a.confidence);
    }
  });

  it("uses the statistical path below minForestSamples", () => {
    expect(detect(records.slice(0, 19), { confidenceThreshold: 0.7 }).method).toBe("statistical");
    expect(detect(records.slice(0, 20), { confidenceThreshold: 0.7 }).method).toBe("isolation_forest");
    expect(detect(records.slice(0, 10), { confidenceThreshold: 0.7, minForestSamples: 5 }).method).toBe(
      "isolation_forest",
    );
    const empty = detect([], { confidenceThreshold: 0.7 });
    expect(empty.method).toBe("statistical");
    expect(empty.anomalies).toEqual([]);
  });

  it("gives the same answer for the same input and seed", () => {
    const a = detect(records, { confidenceThreshold: 0, seed: 3 });
    const b = detect(records, { confidenceThreshold: 0, seed: 3 });
    expect(b.anomalies).toEqual(a.anomalies);
  });
});
