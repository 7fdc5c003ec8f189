import { describe, expect, it } from "vitest";
import { RENDER_CHUNK, answerBytes } from "../../src/contract/rendered-answer.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";

const utf8 = new TextEncoder();

function anomaly(i: number, odd: boolean): Record<string, unknown> {
  return {
    log_index: i,
    timestamp: "2025-09-19T07:49:29.120Z",
    message: odd ? `payload "quoted" \\ tab\t \u2026 \ud83d\ude00 lone \ud800 ${i}` : `GET /api/items/${i} 200 in 45ms`,
    confidence: 0.8 + (i % 7) / 100,
    features: { message_length: 30 + i, error_keywords: 0, level_severity: 1, response_time: 45, memory_usage: 0 },
    reasons: odd ? [`new message template "GET <*> \u2026": first seen after ${i} logs`] : ["ERROR level"],
    // JSON.stringify leaves out undefined values and writes undefined array items as null.
    stream_id: undefined,
    extra: [undefined, 1],
  };
}

function answer(keys: string[], listed: number, oddEvery: number): DetectResponse {
  const values: Record<string, unknown> = {
    incident_id: "inc-\u00e9t\u00e9",
    anomalies_detected: listed,
    anomalies: Array.from({ length: listed }, (_, i) => anomaly(i, oddEvery > 0 && i % oddEvery === 0)),
    processed_logs: 100_000,
    skipped_sample: undefined,
    summary: { by_type: { error: listed }, note: "\u2026" },
  };
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = values[k];
  return out as unknown as DetectResponse;
}

describe("answerBytes", () => {
  it("is byte for byte the UTF-8 of JSON.stringify, however the listed lines fall into chunks", () => {
    const orders = [
      ["incident_id", "anomalies_detected", "anomalies", "processed_logs", "skipped_sample", "summary"],
      ["anomalies", "incident_id", "summary"],
      ["incident_id", "summary", "anomalies"],
      ["anomalies"],
      ["skipped_sample", "anomalies", "skipped_sample"],
    ];
    const sizes = [0, 1, RENDER_CHUNK - 1, RENDER_CHUNK, RENDER_CHUNK + 1, 3 * RENDER_CHUNK + 5];
    for (const keys of orders) {
      for (const listed of sizes) {
        for (const oddEvery of [0, 1, 50]) {
          const a = answer(keys, listed, oddEvery);
          expect(Buffer.from(answerBytes(a)).equals(Buffer.from(utf8.encode(JSON.stringify(a)))), `${keys.join(",")} ${listed} ${oddEvery}`).toBe(true);
        }
      }
    }
  });

  it("serialises an answer without listed lines as a whole", () => {
    const a = { incident_id: "x", anomalies_detected: 0 } as unknown as DetectResponse;
    expect(new TextDecoder().decode(answerBytes(a))).toBe('{"incident_id":"x","anomalies_detected":0}');
  });
});
