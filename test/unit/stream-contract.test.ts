import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventParser } from "../../src/contract/incident-event.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import {
  boundedAnswer,
  buildResultEvent,
  EVENT_MAX_ANOMALIES,
  EVENT_MAX_FINDINGS,
  EVENT_MAX_TEXT,
  resultEventJsonSchema,
  resultEventSchema,
} from "../../src/contract/result-event.js";

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
  it("carries view_url as a field when it is given, and only then", () => {
    const outcome = {
      status: "no_logs" as const,
      result: {
        incident_id: "INC-1",
        anomalies_detected: 0 as const,
        anomalies: [],
        processed_logs: 0 as const,
        analysis_timestamp: "t",
        logs_key: "k",
        message: "m",
      },
    };
    const withUrl = buildResultEvent({ sourceEventId: "1-0", incidentId: "INC-1", consumer: "c", outcome, viewUrl: "https://a.example/incidents/INC-1" });
    expect(resultEventSchema.parse(withUrl).view_url).toBe("https://a.example/incidents/INC-1");
    expect(buildResultEvent({ sourceEventId: "1-0", incidentId: "INC-1", consumer: "c", outcome })).not.toHaveProperty("view_url");
  });
  it("keeps the result of a huge answer bounded: the strongest anomalies and findings, texts cut, the rest counted", () => {
    const long = "x".repeat(50_000);
    const features = { message_length: 1, error_keywords: 0, level_severity: 4, response_time: 0, memory_usage: 0 };
    const anomalies = Array.from({ length: 3000 }, (_, k) => ({
      log_index: k,
      timestamp: "t",
      level: "ERROR",
      message: long,
      service: `s${k % 200}`,
      confidence: 0.7 + (k % 300) / 1000,
      anomaly_type: "error",
      features,
      reasons: [long],
      template: long,
      finding_id: `f${k % 200}`,
    }));
    const findings = Array.from({ length: 200 }, (_, k) => ({
      finding_id: `f${k}`,
      service: `s${k}`,
      template: long,
      template_id: `t${k}`,
      anomaly_type: "error",
      count: 15,
      first_timestamp: "t",
      last_timestamp: "t",
      log_index: k,
      last_log_index: k + 2800,
      max_confidence: 0.9,
      reasons: [long],
    }));
    const response = { incident_id: "big", anomalies_detected: 5000, anomalies, anomalies_omitted: 2000, findings } as unknown as DetectResponse;
    const bounded = boundedAnswer(response);
    expect(bounded.anomalies).toHaveLength(EVENT_MAX_ANOMALIES);
    expect(bounded.anomalies_omitted).toBe(5000 - EVENT_MAX_ANOMALIES);
    expect(bounded.findings).toHaveLength(EVENT_MAX_FINDINGS);
    expect(bounded.findings_omitted).toBe(200 - EVENT_MAX_FINDINGS);
    const hundredth = anomalies.map((a) => a.confidence).sort((a, b) => b - a)[EVENT_MAX_ANOMALIES - 1]!;
    expect(Math.min(...bounded.anomalies.map((a) => a.confidence))).toBe(hundredth);
    expect(bounded.anomalies.map((a) => a.log_index)).toEqual([...bounded.anomalies.map((a) => a.log_index)].sort((a, b) => a - b));
    expect(Math.max(...bounded.anomalies.map((a) => a.message.length))).toBe(EVENT_MAX_TEXT);
    const ev = buildResultEvent({ sourceEventId: "1-0", incidentId: "big", consumer: "c", outcome: { status: "ok", response } });
    expect(ev.result.length).toBeLessThan(2_000_000);
    expect(ev).toMatchObject({ anomalies_detected: "5000", findings: "200", max_confidence: "0.9", anomaly_types: "error" });
    expect(response.anomalies).toHaveLength(3000); // the answer itself is untouched
  });
  it("has its JSON Schema committed and current (npm run schema regenerates it)", () => {
    const committed = JSON.parse(readFileSync(new URL("../../schemas/anomaly-result-event.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(resultEventJsonSchema())));
    expect(committed.required).toEqual(expect.arrayContaining(["schema_version", "incident_id", "source_event_id", "status", "result"]));
  });
});
