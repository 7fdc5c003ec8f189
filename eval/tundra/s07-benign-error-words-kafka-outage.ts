/*
 * benign-error-words-kafka-outage
 *
 * An event-ingestion pipeline whose healthy logs are full of error vocabulary:
 * ingest-gateway (Go, zap) reports "0 errors, 0 rejected, retry_count=0" on
 * every batch and a per-minute "error_rate=0.000 timeouts=0
 * circuit_breaker=closed" summary; stream-processor (Spring/Kafka Streams,
 * logstash JSON) commits offsets with "failed=0", reports windows with "0
 * exceptions" and says "0 failed messages" about its dead-letter queue;
 * rollup-worker (Python) says "errors=0, no exceptions" and re-logs
 * "timeout=30s configured"; alert-router (Node, pino) evaluates rules with
 * "0 firing, 0 errors". Occasional tiny non-zero rates (a single timeout, an
 * error_rate of 0.002) are part of normal life.
 *
 * The real failure: a Kafka broker drops out. ingest-gateway batches start
 * failing with NOT_LEADER_OR_FOLLOWER and produce timeouts, accepted batches get
 * slow, the producer circuit breaker opens and batches are rejected with 503
 * for a few minutes; stream-processor fails offset commits and its lag and late
 * events balloon; rollup-worker windows come up empty or slow; alert-router
 * fires critical alerts. Then the breaker closes and everything returns to the
 * usual zero-error chatter.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};
const hhmm = (t: number): string => iso(t).slice(11, 16);
const num = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

type Phase = "normal" | "degraded" | "open";

export function s07BenignErrorWordsKafkaOutage(seed: number): Scenario {
  const r = rng(seed, "tundra/s07");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(0, 22), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(90, 115) * 60_000;
  const end = start + windowMs;
  const incAt = start + windowMs * r.float(0.2, 0.65);
  const incMs = r.int(420, 720) * 1000;
  const openAt = incAt + incMs * 0.35;
  const closeAt = incAt + incMs * 0.8;
  const phase = (t: number): Phase => (t < incAt || t >= closeAt ? "normal" : t < openAt ? "degraded" : "open");
  const inIncident = (t: number): boolean => t >= incAt && t < closeAt;
  const deadBroker = r.int(1, 5);

  // --- ingest-gateway (zap) ---
  const gwPods = [0, 1].map(() => `ingest-gateway-${r.hex(10)}-${r.alnum(5)}`);
  const gw = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller,
    msg,
    service: "ingest-gateway",
    pod: r.pick(gwPods),
    ...fields,
  });
  let minuteStats = { req: 0, err: 0, to: 0, maxLat: 0 };
  const statsLines: { t: number; s: typeof minuteStats; ph: Phase }[] = [];
  let nextStats = start + r.int(10_000, 60_000);
  for (let t = start + r.exp(2000); t < end; t += r.exp(r.float(2800, 3300))) {
    while (t >= nextStats) {
      statsLines.push({ t: nextStats, s: minuteStats, ph: phase(nextStats - 30_000) });
      minuteStats = { req: 0, err: 0, to: 0, maxLat: 0 };
      nextStats += 60_000;
    }
    const events = r.chance(0.7) ? 500 : r.int(12, 499);
    const tenant = `tn_${r.alnum(8)}`;
    const ph = phase(t);
    minuteStats.req += r.int(18, 24);
    if (ph === "normal") {
      const lat = r.logn(22, 0.35);
      const rej = r.chance(0.02) ? r.int(1, 3) : 0;
      const retry = r.chance(0.03) ? 1 : 0;
      minuteStats.maxLat = Math.max(minuteStats.maxLat, lat);
      push(
        t + lat,
        gw(t + lat, "info", "ingest/handler.go:131", `batch accepted: ${events} events, 0 errors, ${rej} rejected (schema), retry_count=${retry}`, {
          tenant,
          latency_ms: Math.round(lat),
        }),
      );
    } else if (ph === "degraded") {
      const roll = r.next();
      if (roll < 0.35) {
        const lat = r.float(120, 900);
        const errs = r.int(Math.floor(events * 0.15), Math.floor(events * 0.45));
        minuteStats.err += r.int(4, 9);
        push(
          t + lat,
          gw(t + lat, "error", "ingest/producer.go:88", `batch partially failed: ${events} events, ${errs} errors, ${errs} rejected, retry_count=3`, {
            tenant,
            latency_ms: Math.round(lat),
            error: `kafka: Failed to produce message to topic events-raw: kafka server: Tried to send a message to a replica that is not the leader for some partition. Your metadata is out of date (NOT_LEADER_OR_FOLLOWER), broker=kafka-${deadBroker}`,
          }),
          "error",
        );
      } else if (roll < 0.6) {
        const lat = 30_000 + r.float(5, 60);
        minuteStats.to += r.int(3, 7);
        minuteStats.err += r.int(3, 7);
        push(
          t + lat,
          gw(t + lat, "error", "ingest/producer.go:94", `batch failed: ${events} events, ${events} errors, retry_count=3`, {
            tenant,
            latency_ms: Math.round(lat),
            error: "kafka: Failed to produce message to topic events-raw: kafka server: Request exceeded the user-specified time limit in the request",
          }),
          "performance",
        );
      } else {
        const lat = r.float(900, 4200);
        minuteStats.maxLat = Math.max(minuteStats.maxLat, lat);
        push(
          t + lat,
          gw(t + lat, "info", "ingest/handler.go:131", `batch accepted: ${events} events, 0 errors, 0 rejected (schema), retry_count=${r.int(1, 3)}`, {
            tenant,
            latency_ms: Math.round(lat),
          }),
          "performance",
        );
      }
    } else {
      const lat = r.float(0.2, 1.5);
      minuteStats.err += r.int(15, 22);
      push(
        t + lat,
        gw(t + lat, "warn", "ingest/handler.go:117", `batch rejected: circuit breaker kafka-producer is open, responding 503 (${events} events)`, {
          tenant,
          latency_ms: Number(lat.toFixed(2)),
          status: 503,
        }),
        "error",
      );
    }
  }
  for (const { t, s, ph } of statsLines) {
    const bad = ph !== "normal" || inIncident(t - 5000);
    const errRate = bad ? s.err / Math.max(1, s.req) : r.chance(0.12) ? r.int(1, 3) / 1000 : 0;
    const timeouts = bad ? s.to : r.chance(0.05) ? 1 : 0;
    const p99 = bad ? Math.max(s.maxLat, s.to > 0 ? 30_000 + r.int(1, 60) : 0) : r.logn(42, 0.2);
    const cb = phase(t) === "open" ? "open" : "closed";
    push(
      t,
      gw(
        t,
        "info",
        "ingest/stats.go:44",
        `stats: requests=${s.req} error_rate=${errRate.toFixed(3)} timeouts=${timeouts} p99_ms=${Math.round(p99)} circuit_breaker=${cb}`,
      ),
      bad ? "error" : null,
    );
  }
  push(
    openAt,
    gw(
      openAt,
      "error",
      "breaker/breaker.go:71",
      `circuit breaker kafka-producer: closed -> open after 50 consecutive failures (last error: NOT_LEADER_OR_FOLLOWER)`,
    ),
    "error",
  );
  const tHalf = closeAt - r.int(8000, 15_000);
  push(tHalf, gw(tHalf, "warn", "breaker/breaker.go:71", "circuit breaker kafka-producer: open -> half-open"), "error");
  push(closeAt, gw(closeAt, "info", "breaker/breaker.go:71", "circuit breaker kafka-producer: half-open -> closed after 5 successful probes"));
  // config re-read every 15 minutes (benign error words)
  for (let t = start + r.int(60_000, 900_000); t < end; t += 900_000) {
    push(t, gw(t, "info", "config/watch.go:52", "config reloaded: producer timeout=30s configured, max_errors_before_trip=50, error_budget=0.1%, retries=3"));
  }

  // --- stream-processor (logstash JSON) ---
  const spInstances = [r.uuid(), r.uuid()];
  const sp = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `stream-processor-${r.pick(spInstances)}-StreamThread-${r.int(1, 4)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "stream-processor",
    ...extra,
  });
  const offsets = [0, 1, 2, 3, 4, 5].map(() => r.int(10_000_000, 40_000_000));
  for (let t = start + r.int(0, 30_000); t < end; t += 30_000 + r.int(-200, 200)) {
    for (let p = 0; p < 6; p += 2) {
      const part = p + r.int(0, 1);
      const tc = t + r.int(0, 900);
      offsets[part] = (offsets[part] ?? 0) + r.int(3000, 9000);
      if (phase(tc) !== "normal" && r.chance(0.7)) {
        push(
          tc,
          sp(
            tc,
            "ERROR",
            "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
            `Offset commit failed for partition events-raw-${part} at offset ${offsets[part]}`,
            {
              stack_trace:
                "org.apache.kafka.common.errors.TimeoutException: Timeout of 60000ms expired before successfully committing offsets {events-raw-" +
                part +
                "=OffsetAndMetadata{offset=" +
                offsets[part] +
                ", leaderEpoch=" +
                r.int(40, 60) +
                ", metadata=''}}\n",
            },
          ),
          "error",
        );
      } else {
        push(
          tc,
          sp(
            tc,
            "INFO",
            "com.acme.stream.OffsetCommitter",
            `Committed offsets for events-raw-${part} at ${offsets[part]} (failed=0, retry_count=0) in ${r.int(2, 9)} ms`,
          ),
        );
      }
    }
  }
  let lag = 0;
  for (let t = start + r.int(0, 60_000); t < end; t += 60_000 + r.int(-100, 100)) {
    const ph = phase(t - 20_000);
    const win = `${hhmm(t - 60_000)}-${hhmm(t)}`;
    if (ph === "normal" && lag < 20_000) {
      lag = r.int(200, 3000);
      push(
        t,
        sp(
          t,
          "INFO",
          "com.acme.stream.WindowReporter",
          `Processed window ${win}: ${num(r.int(40_000, 56_000))} events, 0 exceptions, late=${r.int(0, 40)}, consumer_lag=${num(lag)}`,
        ),
      );
    } else {
      lag = ph === "normal" ? Math.floor(lag * 0.3) : lag + r.int(30_000, 60_000);
      push(
        t,
        sp(
          t,
          "INFO",
          "com.acme.stream.WindowReporter",
          `Processed window ${win}: ${num(r.int(6_000, 20_000))} events, 0 exceptions, late=${num(r.int(2_000, 9_000))}, consumer_lag=${num(lag)}`,
        ),
        "performance",
      );
      if (lag > 50_000) {
        push(
          t + 5,
          sp(t + 5, "WARN", "com.acme.stream.LagMonitor", `Consumer lag for group stream-processor is ${num(lag)} records (threshold 10,000)`),
          "performance",
        );
      }
    }
  }
  for (let t = start + r.int(0, 300_000); t < end; t += 300_000) {
    push(t, sp(t, "INFO", "com.acme.stream.dlq.DeadLetterMonitor", "DLQ events-dlq: 0 failed messages pending, exception handler DeadLetterHandler active"));
  }

  // --- rollup-worker (python) ---
  const ru = (t: number, levelname: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name: "rollup.worker",
    message,
    service: "rollup-worker",
    ...extra,
    timestamp: pyTimestamp(t),
  });
  for (let t = start + r.int(5_000, 60_000); t < end; t += 60_000 + r.int(-300, 300)) {
    const win = hhmm(t - 120_000);
    const ph = phase(t - 60_000);
    if (ph === "open") {
      push(
        t,
        ru(t, "ERROR", `rollup window ${win} incomplete: 0 events received in 60s from events-agg (partition leader unavailable: broker kafka-${deadBroker})`),
        "error",
      );
      continue;
    }
    if (ph === "degraded") {
      const took = r.float(25, 58);
      push(
        t,
        ru(
          t,
          "WARNING",
          `rollup ${win} complete: ${num(r.int(8_000, 20_000))} events -> ${num(r.int(300, 900))} rows, errors=0, took ${took.toFixed(1)}s (waited for late partitions)`,
        ),
        "performance",
      );
      continue;
    }
    push(t, ru(t, "INFO", `validation passed for ${win}: 0 schema errors, 0 type errors, no exceptions`));
    const tDone = t + r.int(200, 900);
    push(
      tDone,
      ru(
        tDone,
        "INFO",
        `rollup ${win} complete: ${num(r.int(40_000, 56_000))} events -> ${num(r.int(1_000, 1_500))} rows, errors=0, took ${r.float(0.8, 2.2).toFixed(1)}s`,
      ),
    );
  }
  for (let t = start + r.int(0, 1_200_000); t < end; t += 1_200_000) {
    push(t, ru(t, "INFO", "warehouse connection refreshed: timeout=30s configured, statement_timeout=60s, failed_attempts=0"));
  }

  // --- alert-router (pino) ---
  const ar = (t: number, level: number, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: "alert-router-0",
    service: "alert-router",
    ...extra,
    msg,
  });
  let firedErr = false;
  let firedLag = false;
  for (let t = start + r.int(0, 30_000); t < end; t += 30_000) {
    const ph = phase(t - 45_000);
    const firing = ph === "normal" ? 0 : ph === "degraded" ? 1 : 3;
    push(t, ar(t, 30, `evaluated 84 rules in ${r.int(90, 180)}ms: ${firing} firing, 0 errors`, { rules: 84, firing }), firing > 0 ? "error" : null);
    if (ph !== "normal" && !firedErr) {
      firedErr = true;
      push(
        t + 40,
        ar(t + 40, 50, "alert firing: IngestErrorRateHigh (error_rate > 0.05 for 1m) severity=critical, routed to pagerduty:data-platform", {
          alert: "IngestErrorRateHigh",
        }),
        "error",
      );
    }
    if (ph === "open" && !firedLag) {
      firedLag = true;
      push(
        t + 55,
        ar(t + 55, 50, "alert firing: StreamConsumerLagHigh (lag > 10000 for 2m) severity=critical, routed to pagerduty:data-platform", {
          alert: "StreamConsumerLagHigh",
        }),
        "performance",
      );
    }
    if (r.chance(0.1)) {
      push(t + 80, ar(t + 80, 30, "notification channel pagerduty healthy (last error: none, retries=0)"));
    }
  }
  const tres = closeAt + r.int(90_000, 150_000);
  push(tres, ar(tres, 30, "alert resolved: IngestErrorRateHigh, StreamConsumerLagHigh", { alert: "IngestErrorRateHigh" }));

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "benign-error-words-kafka-outage",
    description:
      "Ingestion pipeline whose healthy logs say '0 errors', 'error_rate=0.000', 'circuit_breaker=closed' all day; a Kafka broker loss causes real produce failures, timeouts, an open breaker, lag and alerts.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
