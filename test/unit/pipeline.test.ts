import { describe, expect, it } from "vitest";
import { demoIncidentLogs } from "../../src/cli/demo-incident.js";
import { isServiceError } from "../../src/errors.js";
import { tableOf } from "../../src/logs/from-records.js";
import { createDetector } from "../../src/pipeline/graph.js";
import { preprocessNode } from "../../src/pipeline/nodes.js";
import { memoryLogSource } from "../../src/pipeline/sources.js";
import { pipelineItemSchema, type PipelineItem } from "../../src/pipeline/state.js";
import type { ReadLogsResult } from "../../src/valkey/log-store.js";

const request = { incident_id: "inc-1", time_window_hours: 24, confidence_threshold: 0.7 };

function read(skipped: number): ReadLogsResult {
  return {
    key: "incident:inc-1:logs",
    keyType: "list",
    logs: tableOf([]),
    skipped,
    skippedSamples: [],
    totalInKey: skipped,
    truncated: false,
    anchorMs: Number.NaN,
    windowStartMs: Number.NaN,
  };
}

describe("pipeline nodes", () => {
  it("preprocess fails an item whose key held nothing readable, and passes failed items over", async () => {
    const failed: PipelineItem = { stage: "failed", request: { ...request, incident_id: "inc-0" }, error: new Error("earlier") };
    const { items } = await preprocessNode({ items: [failed, { stage: "fetched", request, fetched: read(3) }], startedAt: 0 });
    expect(items![0]).toBe(failed);
    const [, second] = items!;
    expect(second!.stage).toBe("failed");
    const error = second!.stage === "failed" ? second!.error : undefined;
    expect(isServiceError(error, "NOT_FOUND") && error.message).toBe("no readable logs found at key incident:inc-1:logs (3 unreadable entries skipped)");
  });

  it("fails an item that reaches a step not of its stage, instead of reading what it lacks", async () => {
    const { items } = await preprocessNode({ items: [{ stage: "requested", request }], startedAt: 0 });
    expect(items![0]).toMatchObject({ stage: "failed", error: { message: "pipeline: an item at stage requested reached the fetched step" } });
  });
});

describe("graph state", () => {
  it("rejects an item without what its stage holds", () => {
    expect(pipelineItemSchema.safeParse({ stage: "fetched", request }).success).toBe(false);
    expect(pipelineItemSchema.safeParse({ stage: "preprocessed", request, fetched: read(0), logs: [] }).success).toBe(false);
    expect(pipelineItemSchema.safeParse({ stage: "fetched", request, fetched: read(0) }).success).toBe(true);
  });

  it("carries a batch through the four nodes: one answer per request, a failure for the one without logs", async () => {
    const logs = demoIncidentLogs(Date.parse("2025-09-19T08:00:00Z"));
    const detector = createDetector({ source: { read: (r) => memoryLogSource(r.incident_id, r.incident_id === "empty" ? [] : logs).read(r) } });
    const [ok, empty] = await detector.runBatch([request, { ...request, incident_id: "empty" }], "api");
    expect(ok!.ok && ok!.response.processed_logs).toBe(logs.length);
    expect(ok!.ok && ok!.response.anomalies_detected).toBeGreaterThan(0);
    expect(!empty!.ok && isServiceError(empty!.error, "NOT_FOUND")).toBe(true);
  });
});
