import { describe, expect, it } from "vitest";
import { resultDelaySeconds } from "../../src/stream/consumer.js";

describe("result delay (anomaly_stream_result_delay_seconds)", () => {
  const now = Date.parse("2025-09-19T08:00:00.000Z");
  it("counts from the event's created_at when it is a readable time", () => {
    expect(resultDelaySeconds(`${now - 90_000}-0`, "2025-09-19T07:59:30.000Z", now)).toBe(30);
  });
  it("else from the time in the stream entry id", () => {
    expect(resultDelaySeconds(`${now - 90_000}-3`, undefined, now)).toBe(90);
    expect(resultDelaySeconds(`${now - 4_500}-0`, "yesterday-ish", now)).toBe(4.5);
  });
  it("is never negative when clocks disagree", () => {
    expect(resultDelaySeconds(`${now + 5_000}-0`, undefined, now)).toBe(0);
  });
});
