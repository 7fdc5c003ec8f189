import { describe, expect, it } from "vitest";
import { runFeedbackProtocol } from "../../eval/feedback-protocol.js";
import type { LabelledIncident } from "../../eval/evaluate.js";
import type { AnomalyType } from "../../src/detection/types.js";

/**
 * The feedback protocol on a small hand-made sequence: a routine rsync error flagged every
 * night (noise), and on the last night a real database timeout. Feedback on the first nights
 * must remove the noise from the last and keep the timeout.
 */
function night(day: number, withError: boolean): LabelledIncident {
  const logs: Record<string, unknown>[] = [];
  const labels: (AnomalyType | null)[] = [];
  const t0 = Date.UTC(2025, 8, 1 + day, 1, 0, 0);
  for (let i = 0; i < 300; i++) {
    logs.push({ timestamp: new Date(t0 + i * 10_000).toISOString(), level: "INFO", service: "shop", message: `GET /items/${i} 200 in ${40 + (i % 9)}ms` });
    labels.push(null);
  }
  // Late in the window, an ERROR the service writes every night: noise.
  logs.push({
    timestamp: new Date(t0 + 2_900_000).toISOString(),
    level: "ERROR",
    service: "shop",
    message: `rsync: [sender] file has vanished: "/var/lib/uploads/tmp/upload-${1000 + day}.part" (code 24)`,
  });
  labels.push(null);
  if (withError) {
    logs.push({ timestamp: new Date(t0 + 2_950_000).toISOString(), level: "ERROR", service: "shop", message: "Database connection timeout after 30s" });
    labels.push("performance");
  }
  return { name: `night-${day}`, logs, labels };
}

describe("feedback protocol", () => {
  it("verdicts on the first incidents cut false positives in the later ones and keep the real anomaly", async () => {
    const figures = await runFeedbackProtocol("test", [{ name: "nights", incidents: [night(1, false), night(2, false), night(3, true)], history: 2 }]);
    expect(figures.before.incidents).toBe(1);
    expect(figures.before.fpLines).toBeGreaterThan(0);
    expect(figures.verdicts.expected + figures.verdicts.not_useful).toBeGreaterThan(0);
    expect(figures.after.fpLines).toBeLessThan(figures.before.fpLines);
    expect(figures.after.tp).toBe(figures.before.tp);
    expect(figures.before.tp).toBe(1);
    expect(figures.after.suppressedLines).toBe(figures.before.fpLines - figures.after.fpLines);
  });
});
