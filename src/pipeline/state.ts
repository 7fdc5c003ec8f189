import { Annotation } from "@langchain/langgraph";
import type { LogTable } from "../logs/log-table.js";
import type { DetectionOutput } from "../detection/types.js";
import type { DetectRequest } from "../contract/detect-request.js";
import type { DetectResponse } from "../contract/detect-response.js";
import type { ReadLogsResult } from "../valkey/log-store.js";

/**
 * One incident on its way through the pipeline. A run carries a batch of them (one for an API
 * request, up to CONSUMER_BATCH_SIZE for the stream consumer): LangGraph's fixed cost per invoke
 * is then paid once per batch, not once per incident. An item that fails keeps its error and is
 * passed over by the later nodes; the others go on.
 */
export interface PipelineItem {
  request: DetectRequest;
  fetched?: ReadLogsResult;
  logs?: LogTable;
  detection?: DetectionOutput;
  response?: DetectResponse;
  error?: unknown;
}

/** The typed state the four nodes pass along. Values are replaced, never merged. */
export const DetectionState = Annotation.Root({
  items: Annotation<PipelineItem[]>(),
  startedAt: Annotation<number>(),
});

export type DetectionStateType = typeof DetectionState.State;
export type DetectionStateUpdate = typeof DetectionState.Update;
