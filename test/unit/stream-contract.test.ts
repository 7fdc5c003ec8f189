import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventParser } from "../../src/contract/incident-event.js";
import { buildResultEvent, resultEventJsonSchema, resultEventSchema } from "../../src/contract/result-event.js";

const parse = eventParser({ timeWindowHours: 24, confidenceThreshold: 0.7 });

describe("incident-created events", () => {
  it("reads flat fields, converting numbers sent as strings", () => {
    expect(parse(["incident_id", "INC-1", "time_window_hours", "12", "confidence_threshold", "0.5", "created_at", "2025-01-01T00:00:00Z"])).toEqual({
      ok: true,
      event: { request: { incident_id: "INC-1", time_window_hours: 12, confidence_threshold: 0.5 }, createdAt: "2025-01-01T00:00:00Z" },
    });
  });
  it("reads one JSON field (data or payload) and applies defaults", () => {
    const a = parse(["data", JSON.stringify({ incident_id: "INC-2" })]);
    const b = parse(["payload", JSON.stringify({ incident_id: "INC-2" })]);
    expect(a).toEqual({ ok: true, event: { request: { incident_id: "INC-2", time_window_hours: 24, confidence_threshold: 0.7 }, createdAt: undefined } });
    expect(b).toEqual(a);
  });
  it("ignores fields it does not know", () => {
    expect(parse(["incident_id", "INC-3", "title", "db down"]).ok).toBe(true);
  });
  it.each([
    [[], /incident_id: is required/],
    [["incident_id", ""], /incident_id/],
    [["incident_id", "a\u0000b"], /incident_id/],
    [["incident_id", "x", "time_window_hours", "NaN"], /time_window_hours/],
    [["incident_id", "x", "time_window_hours", "1e400"], /time_window_hours/],
    [["incident_id", "x", "confidence_threshold", "-0.1"], /confidence_threshold/],
    [["data", "{"], /data: is not valid JSON/],
    [["data", "null"], /data: must be a JSON object/],
    [["data", JSON.stringify({ incident_id: 7 })], /incident_id: must be a string/],
  ])("rejects %j naming the field", (fields, why) => {
    const r = parse(fields as string[]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(why);
  });
});

describe("the result event contract", () => {
  it("builds entries that satisfy their own schema", () => {
    const ev = buildResultEvent({
      sourceEventId: "1-0",
      incidentId: "INC-1",
      consumer: "c",
      outcome: {
        status: "no_logs",
        result: { incident_id: "INC-1", anomalies_detected: 0, anomalies: [], processed_logs: 0, analysis_timestamp: "t", logs_key: "k", message: "m" },
      },
    });
    expect(resultEventSchema.parse(ev)).toEqual(ev);
    expect(ev).toMatchObject({ status: "no_logs", max_confidence: "0", anomaly_types: "", anomalies_detected: "0" });
  });
  it("has its JSON Schema committed and current (npm run schema regenerates it)", () => {
    const committed = JSON.parse(readFileSync(new URL("../../schemas/anomaly-result-event.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(resultEventJsonSchema())));
    expect(committed.required).toEqual(expect.arrayContaining(["schema_version", "incident_id", "source_event_id", "status", "result"]));
  });
});
