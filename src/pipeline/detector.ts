import type { DetectRequest } from "../contract/detect-request.js";
import type { DetectResponse } from "../contract/detect-response.js";
import { errorPolicy } from "../errors.js";
import type { Metrics } from "../metrics.js";

/**
 * Detection as the API and the stream consumer see it, wherever it runs: on this thread
 * (graph.ts), in the thread pool (threads/), or a test's stand-in.
 */

export type Trigger = "api" | "stream";

/** What became of one request of a batch. */
export type Outcome = { ok: true; response: DetectResponse } | { ok: false; error: unknown };

export interface Detector {
  run(request: DetectRequest, trigger: Trigger): Promise<DetectResponse>;
  /**
   * Several incidents in one pipeline run; one outcome per request, in order. A failure of one
   * (no logs, a bad key) does not fail the others; the promise rejects only on a broken pipeline.
   */
  runBatch(requests: readonly DetectRequest[], trigger: Trigger): Promise<Outcome[]>;
}

/** The answer of a one-request batch, or its error thrown. */
export function unwrap(outcome: Outcome): DetectResponse {
  if (outcome.ok) return outcome.response;
  throw outcome.error;
}

/** A Detector from its batch function: a single run is a batch of one. */
export function batchDetector(runBatch: Detector["runBatch"]): Detector {
  return { runBatch, run: async (request, trigger) => unwrap((await runBatch([request], trigger))[0]!) };
}

/** A Detector around a one-request function (wrappers, tests): a batch runs its requests concurrently. */
export function detectorFrom(run: Detector["run"]): Detector {
  return {
    run,
    runBatch: (requests, trigger) =>
      Promise.all(
        requests.map((request) =>
          run(request, trigger).then(
            (response): Outcome => ({ ok: true, response }),
            (error: unknown): Outcome => ({ ok: false, error }),
          ),
        ),
      ),
  };
}

/** Records a finished run (or its failure) in the detection metrics. */
export function recordRun(metrics: Metrics | undefined, trigger: Trigger, startedAt: number, outcome: { response: DetectResponse } | { error: unknown }): void {
  if (!metrics) return;
  if ("error" in outcome) {
    const err = outcome.error;
    metrics.detections.inc({ trigger, outcome: errorPolicy(err).outcome });
    return;
  }
  const response = outcome.response;
  metrics.detections.inc({ trigger, outcome: "ok" });
  metrics.detectionDuration.observe({ trigger }, (performance.now() - startedAt) / 1000);
  metrics.logsProcessed.inc({ trigger }, response.processed_logs);
  if (response.skipped_logs > 0) metrics.logsSkipped.inc(response.skipped_logs);
  // Findings count every detected line, listed or not (and do not need the listed lines).
  for (const f of response.findings) metrics.anomalies.inc({ type: f.anomaly_type, trigger }, f.count);
  for (const s of response.suppressed ?? []) {
    metrics.suppressedLines.inc({ by: s.suppressed_by, trigger }, s.count);
    metrics.suppressedFindings.inc({ by: s.suppressed_by, trigger });
  }
}
