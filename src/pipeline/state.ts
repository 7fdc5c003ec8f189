import { StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import type { DetectRequest } from "../contract/detect-request.js";
import type { DetectResponse } from "../contract/detect-response.js";
import type { DetectionOutput, FeedbackRules } from "../detection/types.js";
import type { DetectionHistory } from "../detection/history/shapes.js";
import { LogTable } from "../logs/log-table.js";
import type { ReadLogsResult } from "../valkey/log-store.js";
import type { SimilarIncident } from "../memory/store.js";

/**
 * One incident on its way through the pipeline. A run carries a batch of them (one for an API
 * request, up to CONSUMER_BATCH_SIZE for the stream consumer): LangGraph's fixed cost per invoke
 * is then paid once per batch, not once per incident. Each node moves the items of its stage to
 * the next, so an item holds exactly what its stage has; an item that fails keeps its error and is
 * passed over by the later nodes, and the others go on.
 *
 * LangGraph validates every node's update with these schemas. Large payloads (a window of up to a
 * million logs, an answer with as many anomalies) are checked for their kind, never walked, so a
 * parse costs microseconds per item.
 */

/** The request as detection received it; the contract (contract/detect-request.ts) validated it at the edge. */
const request = z.object({ incident_id: z.string(), time_window_hours: z.number(), confidence_threshold: z.number() }) satisfies z.ZodType<DetectRequest>;

/** An object whose `key` passes `check`: enough to tell the payload's kind in constant time. */
const payload = <T>(what: string, key: string, check: (v: unknown) => boolean) =>
  z.custom<T>((v) => typeof v === "object" && v !== null && check((v as Record<string, unknown>)[key]), { error: `must be ${what}` });

const requested = z.object({ stage: z.literal("requested"), request });
const fetched = requested.extend({
  stage: z.literal("fetched"),
  fetched: payload<ReadLogsResult>("the logs read for the request", "logs", (logs) => logs instanceof LogTable),
});
const preprocessed = fetched.extend({
  stage: z.literal("preprocessed"),
  logs: z.instanceof(LogTable),
  /** Suppressions and verdicts for the incident's services, when the pipeline has a feedback source. */
  feedback: payload<FeedbackRules>("feedback rules", "suppressions", Array.isArray).optional(),
  /** What the memory keeps of the incident's services, when the memory is on. */
  history: payload<DetectionHistory>("the services' history", "services", (v) => typeof v === "object" && v !== null).optional(),
});
const detected = preprocessed.extend({ stage: z.literal("detected"), detection: payload<DetectionOutput>("a detection output", "anomalies", Array.isArray) });
const remembered = detected.extend({
  stage: z.literal("remembered"),
  /** Earlier incidents most alike; undefined when the memory is off. */
  similar: z.custom<SimilarIncident[] | undefined>((v) => v === undefined || Array.isArray(v), { error: "must be a list of similar incidents" }),
});
const answered = z.object({ stage: z.literal("answered"), request, response: payload<DetectResponse>("an answer", "anomalies", Array.isArray) });
const failed = z.object({ stage: z.literal("failed"), request, error: z.unknown() });

export const pipelineItemSchema = z.discriminatedUnion("stage", [requested, fetched, preprocessed, detected, remembered, answered, failed]);
export type PipelineItem = z.infer<typeof pipelineItemSchema>;
export type Stage = PipelineItem["stage"];
export type ItemAt<S extends Stage> = Extract<PipelineItem, { stage: S }>;

/**
 * The state the nodes pass along; values are replaced, never merged. A StateSchema checks
 * each field with its own schema as it is written; a zod object as the state makes LangGraph
 * rebuild partial schemas on every update, which made a small run two to three times as costly.
 */
export const DetectionState = new StateSchema({
  items: z.array(pipelineItemSchema),
  /** performance.now() when the run began, for the answers' duration_ms. */
  startedAt: z.number(),
});
export type DetectionState = typeof DetectionState.State;
export type DetectionStateUpdate = typeof DetectionState.Update;
