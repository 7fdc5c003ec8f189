import { END, START, StateGraph } from "@langchain/langgraph";
import { releaseMemoryWhenIdle } from "../memory-release.js";
import type { DetectRequest } from "../contract/detect-request.js";
import type { Metrics } from "../metrics.js";
import { batchDetector, recordRun, type Detector, type Outcome, type Trigger } from "./detector.js";
import { detectNode, fetchLogsNode, formatNode, loadContextNode, preprocessNode, rememberNode, type PipelineDeps } from "./nodes.js";
import { DetectionState, type PipelineItem } from "./state.js";

export type { PipelineDeps };

/**
 * The original prototype's four nodes, load_context between reading and detecting (feedback
 * rules and the memory's history of the window's services, read at once), and remember
 * between detect and format (the memory across incidents; it passes items on untouched when the
 * memory is off). Compiled once per process.
 */
export function buildDetectionGraph(deps: PipelineDeps) {
  return new StateGraph(DetectionState)
    .addNode("fetch_logs", fetchLogsNode(deps))
    .addNode("preprocess", preprocessNode)
    .addNode("load_context", loadContextNode(deps))
    .addNode("detect", detectNode(deps))
    .addNode("remember", rememberNode(deps))
    .addNode("format", formatNode)
    .addEdge(START, "fetch_logs")
    .addEdge("fetch_logs", "preprocess")
    .addEdge("preprocess", "load_context")
    .addEdge("load_context", "detect")
    .addEdge("detect", "remember")
    .addEdge("remember", "format")
    .addEdge("format", END)
    .compile();
}

export type DetectionGraph = ReturnType<typeof buildDetectionGraph>;

/** The one entry point of detection for the API and the stream consumer, with its metrics. */
export function createDetector(deps: PipelineDeps, metrics?: Metrics): Detector {
  const graph = buildDetectionGraph(deps);
  const runBatch = async (requests: readonly DetectRequest[], trigger: Trigger): Promise<Outcome[]> => {
    const startedAt = performance.now();
    let items: PipelineItem[];
    try {
      ({ items } = await graph.invoke({ items: requests.map((request) => ({ stage: "requested" as const, request })), startedAt }));
    } catch (error) {
      for (let i = 0; i < requests.length; i++) recordRun(metrics, trigger, startedAt, { error });
      throw error;
    } finally {
      releaseMemoryWhenIdle();
    }
    return items.map((item): Outcome => {
      if (item.stage === "answered") {
        recordRun(metrics, trigger, startedAt, { response: item.response });
        return { ok: true, response: item.response };
      }
      const error = item.stage === "failed" ? item.error : new Error(`pipeline: an item stopped at stage ${item.stage}`);
      recordRun(metrics, trigger, startedAt, { error });
      return { ok: false, error };
    });
  };
  return batchDetector(runBatch);
}
