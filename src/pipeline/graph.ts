import { END, START, StateGraph } from "@langchain/langgraph";
import type { DetectRequest, DetectResponse } from "../http/schemas.js";
import { detectNode, fetchLogsNode, formatNode, preprocessNode, type PipelineDeps } from "./nodes.js";
import { DetectionState } from "./state.js";
import { isServiceError } from "../errors.js";
import type { Metrics } from "../metrics.js";

export type { PipelineDeps };

/** The seed's four nodes, compiled once per process. */
export function buildDetectionGraph(deps: PipelineDeps) {
  return new StateGraph(DetectionState)
    .addNode("fetch_logs", fetchLogsNode(deps))
    .addNode("preprocess", preprocessNode)
    .addNode("detect", detectNode)
    .addNode("format", formatNode)
    .addEdge(START, "fetch_logs")
    .addEdge("fetch_logs", "preprocess")
    .addEdge("preprocess", "detect")
    .addEdge("detect", "format")
    .addEdge("format", END)
    .compile();
}

export type DetectionGraph = ReturnType<typeof buildDetectionGraph>;

export type Trigger = "api" | "stream";

export interface Detector {
  run(request: DetectRequest, trigger: Trigger): Promise<DetectResponse>;
}

const OUTCOME: Partial<Record<string, string>> = {
  NOT_FOUND: "no_logs",
  VALIDATION: "invalid",
  UNSUPPORTED_KEY_TYPE: "invalid",
  VALKEY_UNAVAILABLE: "unavailable",
};

/** Records a finished run (or its failure) in the detection metrics. */
export function recordRun(metrics: Metrics | undefined, trigger: Trigger, startedAt: number, outcome: { response: DetectResponse } | { error: unknown }): void {
  if (!metrics) return;
  if ("error" in outcome) {
    const err = outcome.error;
    metrics.detections.inc({ trigger, outcome: (isServiceError(err) && OUTCOME[err.code]) || "error" });
    return;
  }
  const response = outcome.response;
  metrics.detections.inc({ trigger, outcome: "ok" });
  metrics.detectionDuration.observe({ trigger }, (performance.now() - startedAt) / 1000);
  metrics.logsProcessed.inc({ trigger }, response.processed_logs);
  if (response.skipped_logs > 0) metrics.logsSkipped.inc(response.skipped_logs);
  for (const a of response.anomalies) metrics.anomalies.inc({ type: a.anomaly_type, trigger });
}

/** The one entry point of detection for the API and the stream consumer, with its metrics. */
export function createDetector(deps: PipelineDeps, metrics?: Metrics): Detector {
  const graph = buildDetectionGraph(deps);
  return {
    async run(request, trigger) {
      const startedAt = performance.now();
      try {
        const out = await graph.invoke({ request, startedAt });
        const response = out.response!;
        recordRun(metrics, trigger, startedAt, { response });
        return response;
      } catch (err) {
        recordRun(metrics, trigger, startedAt, { error: err });
        throw err;
      }
    },
  };
}
