import { describe, expect, it } from "vitest";
import { detect } from "../../../src/detection/detect.js";
import { createRandom } from "../../../src/detection/forest/random.js";
import { namesService } from "../../../src/detection/root-services.js";
import { summaryToJson } from "../../../src/detection/summary.js";
import { bucketSizeFor, MAX_BUCKETS } from "../../../src/detection/timeline.js";
import type { Level, LogRecord } from "../../../src/logs/log-record.js";

const T0 = Date.parse("2025-09-19T07:00:00Z");
const MIN = 60_000;

function rec(t: number, service: string, level: Level, message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { index: 0, timestampMs: T0 + t, timestamp: new Date(T0 + t).toISOString(), level, message, service, ...extra };
}

function sorted(records: LogRecord[]): LogRecord[] {
  return records.sort((a, b) => a.timestampMs - b.timestampMs).map((r, index) => ({ ...r, index }));
}

/** An hour of routine traffic: a loud gateway and checkout, a quiet inventory, a mailer with routine errors all along. */
function routine(seed: number, minutes = 60): LogRecord[] {
  const rng = createRandom(seed);
  const out: LogRecord[] = [];
  for (let t = 0; t < minutes * MIN; t += 2000) {
    out.push(rec(t + rng.int(1000), "api-gateway", "INFO", `GET /api/products/${rng.int(99999)} 200 in ${40 + rng.int(30)}ms`));
    out.push(rec(t + rng.int(1000), "checkout", "INFO", `Order ${rng.int(9999999)} created with ${1 + rng.int(5)} items`));
    if (t % (30 * 1000) === 0) {
      out.push(rec(t + rng.int(1000), "inventory", "INFO", `Reserved ${1 + rng.int(4)} units of sku-${rng.int(99999)}`));
      out.push(rec(t + rng.int(1000), "mailer", rng.next() < 0.5 ? "ERROR" : "WARNING", `SMTP relay returned 421 try again later for message ${rng.int(1e9)}`));
    }
  }
  return out;
}

/** inventory's pool runs dry at `onsetMin`; checkout's calls to it time out, the gateway answers 504. */
function cascade(seed: number, onsetMin: number, traced = false): LogRecord[] {
  const rng = createRandom(seed + 1);
  const out = routine(seed);
  const onset = onsetMin * MIN;
  const trace = (): Partial<LogRecord> => (traced ? { traceId: `trace-${rng.int(1e9)}` } : {});
  out.push(rec(onset, "inventory", "ERROR", "Could not get JDBC connection: pool inventory-db exhausted (max 20)"));
  for (let k = 1; k < 4; k++) out.push(rec(onset + k * 90_000, "inventory", "ERROR", "Could not get JDBC connection: pool inventory-db exhausted (max 20)"));
  for (let t = onset + 40_000; t < onset + 12 * MIN; t += 3000 + rng.int(3000)) {
    const ids = trace();
    out.push(rec(t, "checkout", "ERROR", `Call to inventory timed out after 5000ms for order ${rng.int(9999999)}`, ids));
    out.push(rec(t + 30, "api-gateway", "ERROR", `POST /api/checkout 504 in ${5000 + rng.int(40)}ms upstream=checkout`, ids));
  }
  return sorted(out);
}

const run = (records: LogRecord[]) => {
  const out = detect(records, { confidenceThreshold: 0.7 });
  return { out, json: summaryToJson(out.summary, records) };
};

describe("suspected root services", () => {
  it("ranks a quiet root first when it deviated first and its callers name it, with the reasons in numbers", () => {
    const { json } = run(cascade(3, 35));
    const roots = json.suspected_root_services!;
    expect(roots.map((r) => r.service).slice(0, 3)).toEqual(["inventory", "checkout", "api-gateway"]);
    for (const r of roots) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    const [inventory, checkout, gateway] = roots;
    expect(inventory!.first_anomaly_at).toBe("2025-09-19T07:35:00.000Z");
    expect(inventory!.reasons.join("\n")).toMatch(/first to deviate, at 2025-09-19T07:35:00.000Z, \d+ s before checkout/);
    expect(inventory!.reasons.join("\n")).toMatch(/checkout's anomalous lines name it as the callee \(\d+ lines, e.g. "Call to inventory timed out/);
    expect(checkout!.reasons.join("\n")).toMatch(/its anomalous lines name inventory \(\d+ lines\): it calls a service that failed/);
    expect(checkout!.reasons.join("\n")).toMatch(/deviated at .*, \d+ s after inventory/);
    expect(gateway!.reasons.join("\n")).toMatch(/name checkout/);
    // Volume counts for nothing: the root wrote a handful of lines, its callers hundreds.
    expect(inventory!.findings).toBeGreaterThanOrEqual(1);
  });

  it("dates a quiet root's trouble by its callers' lines naming it, when its own first line comes minutes later", () => {
    // inventory's own first anomalous line (out of memory) comes 4 minutes after checkout's
    // calls to it began timing out: those calls say it was failing already.
    const records = cascade(3, 35).filter((r) => !(r.service === "inventory" && r.level === "ERROR"));
    records.push(rec(39 * MIN, "inventory", "CRITICAL", "java.lang.OutOfMemoryError: Java heap space"));
    records.push(rec(39 * MIN + 30_000, "inventory", "CRITICAL", "java.lang.OutOfMemoryError: Java heap space"));
    const { json } = run(sorted(records));
    const roots = json.suspected_root_services!;
    expect(roots[0]!.service).toBe("inventory");
    expect(roots[0]!.first_anomaly_at).toBe("2025-09-19T07:39:00.000Z");
    expect(roots[0]!.reasons[0]).toMatch(
      /^first to deviate, at 2025-09-19T07:35:\d\d\.\d+Z \(checkout's line naming it then; its own first anomalous line \d+ s later\)/,
    );
    expect(roots.find((r) => r.service === "checkout")!.reasons.join("\n")).toMatch(/it calls a service that failed/);
  });

  it("suspects a service with no anomalous line of its own when the incident's callers name it, not when a path does", () => {
    // inventory writes nothing anomalous: its pool's errors are gone, only checkout's timeouts name it.
    const silentRoot = cascade(3, 35).filter((r) => !(r.service === "inventory" && r.level === "ERROR"));
    const roots = run(sorted(silentRoot)).json.suspected_root_services!;
    expect(roots[0]).toMatchObject({ service: "inventory", findings: 0, first_anomaly_at: null });
    expect(roots[0]!.reasons[0]).toMatch(/\(checkout's line naming it then; no line of its own is anomalous\)/);
    // The same incident where checkout's lines only have "inventory" as a path segment.
    const byPath = silentRoot.map((r) =>
      r.service === "checkout" && r.level === "ERROR" ? { ...r, message: r.message.replace("Call to inventory", "Call to /inventory?sku=1") } : r,
    );
    expect(run(sorted(byPath)).json.suspected_root_services!.map((r) => r.service)).not.toContain("inventory");
  });

  it("says which traces tie services together when the logs carry trace ids", () => {
    const { json } = run(cascade(3, 35, true));
    const checkout = json.suspected_root_services!.find((r) => r.service === "checkout")!;
    expect(checkout.reasons.join("\n")).toMatch(/\d+ traces tie its anomalous lines to those of api-gateway/);
  });

  it("names a service only as a whole word", () => {
    expect(namesService("Call to inventory timed out", "inventory")).toBe(true);
    expect(namesService("HTTPConnectionPool(host='auth', port=80)", "auth")).toBe(true);
    expect(namesService("GET http://inventory.shop.svc:8080/x", "inventory")).toBe(true);
    expect(namesService("oauth token refresh failed", "auth")).toBe(false);
    expect(namesService("auth-db connection lost", "auth")).toBe(false);
    // The logs without a service are grouped under "": no message names that group.
    expect(namesService("line 42", "")).toBe(false);
    expect(namesService("", "")).toBe(false);
  });
});

describe("onset", () => {
  it("is the change in rate, not the first flagged line, and is marked in the timeline", () => {
    const records = cascade(3, 35);
    const early = rec(8 * MIN, "checkout", "CRITICAL", "java.lang.NullPointerException: Cannot invoke PriceFormatter.format() on a null object");
    const { out, json } = run(sorted([...records, early]));
    expect(out.summary!.timeline!.firstMs).toBe(records[0]!.timestampMs);
    expect(json.first_anomaly!.timestamp).toBe(early.timestamp);
    const onset = json.onset!;
    expect(onset.reasons.join("\n")).toMatch(
      /1 anomalous line before it, at the earlier rate \(the first at 2025-09-19T07:08:00Z\): routine noise, not the start/,
    );
    expect(onset.timestamp).toBe("2025-09-19T07:35:00.000Z");
    expect(onset.from_window_start).toBe(false);
    expect(onset.reasons[0]).toMatch(/anomalous lines rose from [\d.]+ to [\d.]+ per 1,000 lines at .* \(\d+ lines, 1 min buckets\)/);
    const t = json.timeline!;
    expect(t.bucket_seconds).toBe(60);
    expect(t.onset_bucket).toBe(Math.floor((Date.parse(onset.timestamp) - Date.parse(t.start)) / 60_000));
    const checkout = t.services.find((s) => s.service === "checkout")!;
    expect(checkout.lines.reduce((a, v) => a + v, 0)).toBe(records.filter((r) => r.service === "checkout").length + 1);
    expect(checkout.anomalous[8]).toBe(1);
    expect(checkout.anomalous.slice(9, 35).every((c) => c === 0)).toBe(true);
    expect(checkout.anomalous.slice(36, 46).some((c) => c > 0)).toBe(true);
  });

  it("is the window start, said plainly, when anomalies run from the first minute", () => {
    const records = cascade(5, 0.3);
    const { json } = run(records);
    expect(json.onset!.from_window_start).toBe(true);
    expect(json.onset!.timestamp).toBe(new Date(records[0]!.timestampMs).toISOString());
    expect(json.onset!.reasons[0]).toMatch(/from the first minute of the logs .*the onset is the window start; it may have begun earlier/);
    expect(json.suspected_root_services![0]!.service).toBe("inventory");
  });

  it("is null with no anomaly, and then no service is suspected; the timeline still counts the lines", () => {
    const records = sorted(routine(7, 30).filter((r) => r.service !== "mailer"));
    const { out, json } = run(records);
    expect(out.detectedCount).toBe(0);
    expect(json.onset).toBeNull();
    expect(json.suspected_root_services).toEqual([]);
    expect(json.timeline!.services.reduce((a, s) => a + s.lines.reduce((x, v) => x + v, 0), 0)).toBe(records.length);
    expect(json.timeline!.onset_bucket).toBeNull();
  });

  it("with one service only: that service, the only one to deviate", () => {
    const records = sorted(cascade(9, 20).filter((r) => r.service === "checkout"));
    const { json } = run(records);
    const roots = json.suspected_root_services!;
    expect(roots.map((r) => r.service)).toEqual(["checkout"]);
    expect(roots[0]!.reasons[0]).toMatch(/^the only service whose anomalies rose at the onset, from /);
    expect(json.onset!.service).toBe("checkout");
    expect(Math.abs(Date.parse(json.onset!.timestamp) - (T0 + 20 * MIN + 40_000))).toBeLessThanOrEqual(60_000);
  });
});

describe("timeline buckets", () => {
  it("takes the smallest round size giving at most 60 buckets", () => {
    expect(bucketSizeFor(T0, T0 + 59 * 60_000)).toBe(60_000);
    expect(bucketSizeFor(T0, T0 + 2 * 3_600_000)).toBe(5 * 60_000);
    expect(bucketSizeFor(T0, T0 + 295_000)).toBe(5_000);
    expect(bucketSizeFor(T0, T0 + 300_000)).toBe(10_000);
    expect(bucketSizeFor(T0, T0)).toBe(1000);
    const year = bucketSizeFor(T0, T0 + 365 * 86_400_000);
    expect((365 * 86_400_000) / year).toBeLessThanOrEqual(MAX_BUCKETS);
  });
});
