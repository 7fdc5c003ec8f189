import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { VERDICTS } from "./detection/types.js";
import { DEAD_LETTER_REASONS, DETECTION_OUTCOMES, SERVER_FAULT_CAUSES } from "./errors.js";
import { withTimeout } from "./timeout.js";
import { WriteHealth } from "./valkey/write-health.js";

/**
 * Every Prometheus series the service exports. One registry per process (tests build several),
 * so nothing registers into prom-client's global default.
 */
export interface MetricsOptions {
  /** PING round trip in ms; called at scrape time so `anomaly_valkey_up` never goes stale. */
  ping?: () => Promise<number>;
  /** Suppressions in force, counted at scrape time (they also end by expiring). */
  activeSuppressions?: () => Promise<number>;
  /** Detection worker threads running now, read at scrape time (they start and stop on their own). */
  detectionThreads?: () => number;
}

export function createMetrics(opts: MetricsOptions = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges named *_total break the exposition conventions (`promtool check metrics` rejects them).
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
    registry.removeSingleMetric(name);
  }
  const r = [registry];
  const ping = opts.ping;
  const valkeyPing: Gauge = new Gauge({
    name: "anomaly_valkey_ping_seconds",
    help: "Round trip of the last Valkey PING",
    registers: r,
  });
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  const metrics = {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests by route and status code",
      labelNames: ["method", "route", "status_code"] as const,
      registers: r,
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by route",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: latencyBuckets,
      registers: r,
    }),
    detections: new Counter({
      name: "anomaly_detections_total",
      help: "Detection runs by trigger (api, stream) and outcome (ok, no_logs, invalid, unavailable, error)",
      labelNames: ["trigger", "outcome"] as const,
      registers: r,
    }),
    detectionDuration: new Histogram({
      name: "anomaly_detection_duration_seconds",
      help: "Duration of one detection pipeline run (fetch, preprocess, detect, format)",
      labelNames: ["trigger"] as const,
      buckets: latencyBuckets,
      registers: r,
    }),
    logsProcessed: new Counter({
      name: "anomaly_logs_processed_total",
      help: "Logs analysed by the detection pipeline",
      labelNames: ["trigger"] as const,
      registers: r,
    }),
    logsSkipped: new Counter({
      name: "anomaly_logs_skipped_total",
      help: "Stored log entries that could not be read (broken JSON, binary, no message, too large)",
      registers: r,
    }),
    anomalies: new Counter({
      name: "anomalies_detected_total",
      help: "Anomalous lines detected (listed in the answer or not), by anomaly type",
      labelNames: ["type", "trigger"] as const,
      registers: r,
    }),
    valkeyUp: new Gauge({
      name: "anomaly_valkey_up",
      help: "1 when a Valkey PING (at scrape time or by /health) succeeded, else 0",
      registers: r,
      async collect() {
        if (!ping) return;
        try {
          const ms = await withTimeout(ping(), 1000, "PING");
          this.set(1);
          valkeyPing.set(ms / 1000);
        } catch {
          this.set(0);
        }
      },
    }),
    valkeyPing,
    /** Whether Valkey takes writes (the consumer reports, GET /health reads). */
    valkeyWrites: new WriteHealth(
      new Gauge({
        name: "anomaly_valkey_writes_failing",
        help: "1 while this process's writes to Valkey fail with a server fault (out of memory, read-only, ...), else 0",
        registers: r,
        collect() {
          // Lets a failure nobody retried lately expire at scrape time too.
          metrics.valkeyWrites.current();
        },
      }),
    ),
    suppressedLines: new Counter({
      name: "anomaly_suppressed_lines_total",
      help: "Detected lines taken out of the answers, by what took them out (suppression, expected, not_useful)",
      labelNames: ["by", "trigger"] as const,
      registers: r,
    }),
    suppressedFindings: new Counter({
      name: "anomaly_suppressed_findings_total",
      help: "Findings (or parts of them) taken out of the answers, by what took them out (suppression, expected, not_useful)",
      labelNames: ["by", "trigger"] as const,
      registers: r,
    }),
    feedback: new Counter({
      name: "anomaly_feedback_total",
      help: "Verdicts given on findings, by verdict (expected, not_useful, confirmed)",
      labelNames: ["verdict"] as const,
      registers: r,
    }),
    detectionThreads: new Gauge({
      name: "anomaly_detection_threads",
      help: "Detection worker threads running now (each helper thread not counted)",
      registers: r,
      collect() {
        this.set(opts.detectionThreads?.() ?? 0);
      },
    }),
    activeSuppressions: new Gauge({
      name: "anomaly_suppressions_active",
      help: "Suppressions in force, counted at scrape time",
      registers: r,
      async collect() {
        if (!opts.activeSuppressions) return;
        try {
          this.set(await withTimeout(opts.activeSuppressions(), 1000, "ZCOUNT"));
        } catch {
          // Valkey down: anomaly_valkey_up says so; the last count stays.
        }
      },
    }),
    stream: {
      received: new Counter({ name: "anomaly_stream_events_received_total", help: "Incident events read from the input stream", registers: r }),
      processed: new Counter({
        name: "anomaly_stream_events_processed_total",
        help: "Incident events whose result was published, by status (ok, no_logs)",
        labelNames: ["status"] as const,
        registers: r,
      }),
      failed: new Counter({ name: "anomaly_stream_events_failed_total", help: "Processing attempts that failed and will be retried", registers: r }),
      deadLettered: new Counter({
        name: "anomaly_stream_events_dead_lettered_total",
        help: "Incident events moved to the dead-letter stream, by reason (invalid, max_deliveries, unsupported_key_type, too_large)",
        labelNames: ["reason"] as const,
        registers: r,
      }),
      duplicates: new Counter({
        name: "anomaly_stream_duplicates_skipped_total",
        help: "Redeliveries of events already published (idempotency marker hit)",
        registers: r,
      }),
      deletedPending: new Counter({
        name: "anomaly_stream_deleted_pending_total",
        help: "Pending entries acknowledged because the stream entry was deleted or trimmed",
        registers: r,
      }),
      serverFaultWaits: new Counter({
        name: "anomaly_stream_server_fault_waits_total",
        help: "Processing attempts that met a server fault (out of memory, read-only, timeout, ...) and wait to be retried without spending a delivery, by cause",
        labelNames: ["cause"] as const,
        registers: r,
      }),
      groupRecreated: new Counter({
        name: "anomaly_stream_group_recreated_total",
        help: "Times the consumer group had vanished while the consumer ran (stream deleted, server data lost) and was recreated",
        registers: r,
      }),
      duration: new Histogram({
        name: "anomaly_stream_processing_duration_seconds",
        help: "Time from reading an event to acknowledging it",
        buckets: latencyBuckets,
        registers: r,
      }),
      resultDelay: new Histogram({
        name: "anomaly_stream_result_delay_seconds",
        help: "Time from an incident's creation (the event's created_at, else its stream entry id) to its result being published",
        // From a second (an idle consumer) to an hour (a backlog, a consumer that was down).
        buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
        registers: r,
      }),
      batchSize: new Histogram({
        name: "anomaly_stream_batch_size",
        help: "Events per batch: read together and detected in one pipeline run (at most CONSUMER_BATCH_SIZE)",
        buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
        registers: r,
      }),
      inFlight: new Gauge({ name: "anomaly_stream_in_flight", help: "Incident events being processed now", registers: r }),
      pending: new Gauge({ name: "anomaly_stream_pending", help: "Entries delivered to the group and not yet acknowledged (XINFO GROUPS)", registers: r }),
      lag: new Gauge({ name: "anomaly_stream_lag", help: "Entries in the stream not yet delivered to the group (XINFO GROUPS lag)", registers: r }),
      lastProcessedAge: new Gauge({
        name: "anomaly_stream_last_processed_age_seconds",
        help: "Seconds since this consumer last finished an event",
        registers: r,
      }),
      consumerUp: new Gauge({ name: "anomaly_stream_consumer_up", help: "1 while this process's consumer loop runs", registers: r }),
    },
  };
  initLabelledCounters(metrics);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Series with labels appear only once incremented; `increase()` then misses the first event
 * after a restart. Known label values start at 0.
 */
function initLabelledCounters(m: Pick<Metrics, "stream" | "detections" | "logsProcessed" | "feedback" | "suppressedLines" | "suppressedFindings">): void {
  for (const reason of DEAD_LETTER_REASONS) m.stream.deadLettered.inc({ reason }, 0);
  for (const cause of SERVER_FAULT_CAUSES) m.stream.serverFaultWaits.inc({ cause }, 0);
  for (const verdict of VERDICTS) m.feedback.inc({ verdict }, 0);
  for (const status of ["ok", "no_logs"]) m.stream.processed.inc({ status }, 0);
  for (const trigger of ["api", "stream"]) {
    for (const outcome of DETECTION_OUTCOMES) m.detections.inc({ trigger, outcome }, 0);
    m.logsProcessed.inc({ trigger }, 0);
    for (const by of ["suppression", "expected", "not_useful"]) {
      m.suppressedLines.inc({ by, trigger }, 0);
      m.suppressedFindings.inc({ by, trigger }, 0);
    }
  }
}
