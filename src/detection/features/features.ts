/**
 * The reference method's five features, column-major so the forest and the statistics read typed arrays
 * instead of walking objects. The text of each message shape is parsed once (message-shapes.ts);
 * a message only reads its own numbers.
 */
import { messageShapes, type MessageShapes } from "./message-shapes.js";
import { parseMemoryPct, responseTimeFromPlan } from "./message-metrics.js";
import { asTable, type Logs } from "../../logs/from-records.js";
import type { RowColumns } from "../../logs/log-table.js";
import type { FeatureKey, FeatureMatrix, Features } from "../types.js";

export { countErrorKeywords, mentionsTimeout, parseMemoryPct, parseResponseTimeMs } from "./message-metrics.js";

/** A structured field wins over the message, but only when it holds a usable number. */
function usable(v: number): boolean {
  return Number.isFinite(v) && v >= 0;
}

/** `shapes` must be messageShapes(records); detect() computes it once for features and templates. */
export function extractFeatures(logs: Logs, shapes?: MessageShapes): FeatureMatrix {
  const t = asTable(logs);
  const m = emptyFeatures(t.length);
  fillFeatures(t, shapes ?? messageShapes(t), m);
  return m;
}

/**
 * Zeroed columns for n rows. `shared`: in memory other threads can read without a copy (a
 * SharedArrayBuffer), for columns the forest's helper thread reads while this one goes on
 * (threads/helper.ts); such columns cannot be transferred.
 */
export function emptyFeatures(n: number, shared = false): FeatureMatrix {
  return featureMatrix(n, shared ? () => new Float64Array(new SharedArrayBuffer(8 * n)) : () => new Float64Array(n));
}

/**
 * Every FeatureMatrix is made here: one literal, one order of fields, so one hidden class. A
 * spread copy (`{ ...m, n }`) or a matrix cloned from another thread has another; the hot
 * passes reading the columns then meet a second or third class after V8 has compiled them for
 * the first, and are compiled again (a "wrong map" deoptimisation) for several incidents.
 * `column` is called once per feature, in FEATURE_KEYS order.
 */
export function featureMatrix(n: number, column: (key: FeatureKey) => Float64Array): FeatureMatrix {
  return {
    n,
    messageLength: column("messageLength"),
    errorKeywords: column("errorKeywords"),
    levelSeverity: column("levelSeverity"),
    responseTime: column("responseTime"),
    memoryUsage: column("memoryUsage"),
  };
}

/** Every row's features into `m` (zeroed, of the source's length); `shapes` are the source's. */
export function fillFeatures(src: RowColumns, shapes: MessageShapes, m: FeatureMatrix): void {
  const n = src.length;
  const { shapeOf, keywords, memory, planStart, planPool } = shapes;
  const { messages, severity, responseTimeMs, memoryPct } = src;
  for (let i = 0; i < n; i++) {
    const message = messages[i]!;
    const s = shapeOf[i]!;
    m.messageLength[i] = message.length;
    m.errorKeywords[i] = keywords[s]!;
    m.levelSeverity[i] = severity[i]!;
    const rt = responseTimeMs[i]!;
    m.responseTime[i] = usable(rt) ? rt : responseTimeFromPlan(message, planPool, planStart[s]!, planStart[s + 1]!);
    const mem = memoryPct[i]!;
    if (usable(mem)) m.memoryUsage[i] = Math.min(mem, 100);
    else if (memory[s] === 1) m.memoryUsage[i] = parseMemoryPct(message);
  }
}

/** The forest's input, in the reference method's feature order; later features append here. */
export function featureColumns(m: FeatureMatrix): Float64Array[] {
  return [m.messageLength, m.errorKeywords, m.levelSeverity, m.responseTime, m.memoryUsage];
}

export function featuresAt(m: FeatureMatrix, row: number): Features {
  return {
    message_length: m.messageLength[row] ?? 0,
    error_keywords: m.errorKeywords[row] ?? 0,
    level_severity: m.levelSeverity[row] ?? 0,
    response_time: m.responseTime[row] ?? 0,
    memory_usage: m.memoryUsage[row] ?? 0,
  };
}
