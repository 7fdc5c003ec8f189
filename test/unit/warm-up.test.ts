import { describe, expect, it } from "vitest";
import { detect } from "../../src/detection/detect.js";
import { ANOMALY_TYPES } from "../../src/detection/types.js";
import { normalizeInto } from "../../src/logs/normalize.js";
import { LogTableBuilder } from "../../src/logs/table-builder.js";
import { warmUp, warmUpIncident } from "../../src/threads/warm-up.js";

describe("warmUpIncident", () => {
  const end = Date.parse("2026-03-01T12:00:00Z");

  it("is the same incident every time, of JSON lines within the hour before its end", () => {
    const lines = warmUpIncident(2_000, end);
    expect(lines).toHaveLength(2_000);
    expect(warmUpIncident(2_000, end)).toEqual(lines);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(["timestamp", "level", "service", "message"]));
      const ms = Date.parse(entry.timestamp as string);
      expect(ms).toBeGreaterThanOrEqual(end - 3_600_000);
      expect(ms).toBeLessThanOrEqual(end);
    }
  });

  it("gives detection work of every anomaly type", () => {
    const lines = warmUpIncident(5_000, end);
    const table = new LogTableBuilder(lines.length);
    for (const [i, line] of lines.entries()) expect(normalizeInto(table, JSON.parse(line), i)).toBeUndefined();
    const out = detect(table.build(), { confidenceThreshold: 0.7 });
    expect(new Set(out.anomalies.map((a) => a.anomalyType))).toEqual(new Set(ANOMALY_TYPES));
  });
});

describe("warmUp", () => {
  it("runs the rounds one after the other", async () => {
    let running = 0;
    let most = 0;
    const rounds = await warmUp(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
      },
      () => false,
      4,
    );
    expect(rounds).toBe(4);
    expect(most).toBe(1);
  });

  it("stops after the round in progress once asked", async () => {
    let calls = 0;
    let stop = false;
    const rounds = await warmUp(
      async () => {
        calls++;
        if (calls === 2) stop = true;
      },
      () => stop,
      6,
    );
    expect(rounds).toBe(2);
    expect(calls).toBe(2);
  });

  it("ends with the error of a round that throws", async () => {
    await expect(
      warmUp(
        async () => {
          throw new Error("broken round");
        },
        () => false,
        6,
      ),
    ).rejects.toThrow("broken round");
  });
});
