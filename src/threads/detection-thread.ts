/**
 * A detection thread (started by detection-entry.ts): the same LangGraph pipeline as the main thread, with its
 * own Valkey connection, so reading, parsing and detecting a large incident never blocks the
 * main thread's event loop (health checks, the stream consumer, other requests). Messages in
 * and out are small: a request, then its answer or its error.
 */
import { availableParallelism } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config.js";
import { createValkey } from "../valkey/client.js";
import { buildKeys } from "../valkey/keys.js";
import { createFeedback } from "../feedback/feedback.js";
import { detect } from "../detection/detect.js";
import { FOREST_THREAD_MIN_LOGS, SPLIT_READ_MIN_LOGS, createHelperThread, detectBeside, spareCore } from "./helper.js";
import { createDetector, type PipelineDeps } from "../pipeline/graph.js";
import { readOptions, valkeyLogSource } from "../pipeline/sources.js";
import { readHeldEntries, type RangeReader } from "../valkey/log-store.js";
import { warmUp, warmUpIncident } from "./warm-up.js";
import { createMemory } from "../memory/store.js";
import { toWorkerError, type WireOutcome, type WorkerReply, type WorkerRequest, type WorkerWarmedUp, type WorkerWarning } from "./detection-pool.js";
import { renderAnswer, type RenderedAnswer } from "../contract/rendered-answer.js";
import { boundedAnswer } from "../contract/result-event.js";
import type { DetectResponse } from "../contract/detect-response.js";
import { withViewUrl } from "../contract/view-url.js";
import { takeEarlyHelper } from "./early-helper.js";

/**
 * `busy[0]`: runs in flight in the whole pool, kept by the main thread, for spareCore. `ready`:
 * started to wait for the next large incident, which it warms up for (warm-up.ts).
 */
const { config, busy, ready } = workerData as { config: Config; busy: Int32Array; ready?: boolean };
const cores = availableParallelism();
const valkey = createValkey(config, { connectionName: `${config.SERVICE_NAME}:${config.CONSUMER_NAME}:worker` });
// Errors surface through the commands (as VALKEY_UNAVAILABLE); the main thread logs connection state.
valkey.on("error", () => {});
valkey.connect().catch(() => {});
const forest = config.DETECTION_FOREST_THREAD ? createHelperThread(config, takeEarlyHelper()) : undefined;
const reportHelperFailure = (err: Error) =>
  parentPort!.postMessage({
    warning: `helper thread failed; its work (forest, bursts, lessons) was done on the detection worker instead: ${err.message}`,
  } satisfies WorkerWarning);
const reportReadFailure = (err: Error) =>
  parentPort!.postMessage({
    warning: `helper thread failed; its half of the logs was read on the detection worker instead: ${err.message}`,
  } satisfies WorkerWarning);
const helper: RangeReader | undefined = forest && { minLogs: SPLIT_READ_MIN_LOGS, read: (req) => forest.read(req), onFailure: reportReadFailure };
const keys = buildKeys(config);
// The helper reads and detects only while a core is free for it (spareCore).
const readHelper = () => (helper && spareCore(Atomics.load(busy, 0), cores) ? helper : undefined);
const detectHere: PipelineDeps["detect"] = forest
  ? (records, options) =>
      spareCore(Atomics.load(busy, 0), cores)
        ? detectBeside(forest, Math.max(config.DETECTION_OFFLOAD_MIN_LOGS, FOREST_THREAD_MIN_LOGS), records, options, reportHelperFailure)
        : detect(records, options)
  : undefined;
const detector = createDetector({
  maxListed: config.MAX_LISTED_ANOMALIES,
  memory: createMemory(config, valkey, keys),
  feedback: createFeedback(valkey, keys, config).source,
  source: valkeyLogSource(valkey, keys, config, readHelper),
  detect: detectHere,
});
const port = parentPort!;

/**
 * The warm-up's own pipeline: the same read, detection and answer as an incident's, on logs held
 * in memory, with no memory across incidents, no feedback and no metrics, so nothing of it
 * leaves the thread.
 */
function warmUpRound(): () => Promise<void> {
  const entries = warmUpIncident();
  const warm = createDetector({
    maxListed: config.MAX_LISTED_ANOMALIES,
    source: { read: (request) => readHeldEntries(valkey, "warm-up", entries, { ...readOptions(config, request), helper: readHelper() }) },
    detect: detectHere,
  });
  const request = { incident_id: "warm-up", time_window_hours: 24, confidence_threshold: config.DEFAULT_CONFIDENCE_THRESHOLD };
  return async () => {
    const [outcome] = await warm.runBatch([request], "stream");
    if (!outcome?.ok) throw outcome?.error ?? new Error("warm-up: no answer");
    render(outcome.response, "stream");
  };
}

/** Set once the first request arrives: the warm-up stops after the round in progress (or once any thread of the pool has a run). */
let requested = false;
const warming: Promise<void> | undefined =
  ready && config.DETECTION_THREAD_WARMUP_ROUNDS > 0
    ? (async () => {
        const startedAt = performance.now();
        try {
          const rounds = await warmUp(warmUpRound(), () => requested || Atomics.load(busy, 0) > 0, config.DETECTION_THREAD_WARMUP_ROUNDS);
          port.postMessage({ warmedUp: { rounds, ms: performance.now() - startedAt } } satisfies WorkerWarmedUp);
        } catch (err) {
          port.postMessage({ warning: `warm-up of a ready detection thread failed, it waits cold: ${(err as Error).message}` } satisfies WorkerWarning);
        }
      })()
    : undefined;

function render(response: DetectResponse, trigger: WorkerRequest["trigger"]): RenderedAnswer {
  const answer = withViewUrl(response, config.PUBLIC_URL);
  return renderAnswer(answer, trigger === "stream" ? boundedAnswer(answer) : undefined);
}

port.on("message", async (msg: WorkerRequest) => {
  requested = true;
  if (warming) await warming;
  detector.runBatch(msg.requests, msg.trigger).then(
    (outcomes) => {
      // Answers cross as JSON bytes (moved, not copied), with their view_url as the main thread
      // would add it: the main thread neither copies nor serialises the listed lines.
      const wire = outcomes.map(
        (o): WireOutcome => (o.ok ? { ok: true, rendered: render(o.response, msg.trigger) } : { ok: false, error: toWorkerError(o.error) }),
      );
      const transfer = wire.flatMap((w) => (w.ok ? [w.rendered.json.buffer as ArrayBuffer] : []));
      port.postMessage({ id: msg.id, ok: true, outcomes: wire } satisfies WorkerReply, transfer);
    },
    (err: unknown) => port.postMessage({ id: msg.id, ok: false, error: toWorkerError(err) } satisfies WorkerReply),
  );
});
