import { Annotation } from "@langchain/langgraph";
import type { DetectionOutput, LogRecord } from "../detection/types.js";
import type { DetectRequest, DetectResponse } from "../http/schemas.js";
import type { ReadLogsResult } from "../valkey/log-store.js";

/** The typed state the four nodes pass along. Values are replaced, never merged. */
export const DetectionState = Annotation.Root({
  request: Annotation<DetectRequest>(),
  startedAt: Annotation<number>(),
  fetched: Annotation<ReadLogsResult | undefined>(),
  records: Annotation<LogRecord[] | undefined>(),
  detection: Annotation<DetectionOutput | undefined>(),
  response: Annotation<DetectResponse | undefined>(),
});

export type DetectionStateType = typeof DetectionState.State;
export type DetectionStateUpdate = typeof DetectionState.Update;
