// s10 cdn-purge-kafka-cascade: a CDN's purge pipeline over three hours. The disk under Kafka broker 2
// starts stalling: its segment rolls take seconds, the leaders on brokers 0/1 shrink ISRs, produce
// requests to its partitions time out, so purge-api logs the same enqueue error hundreds of times and
// answers 503/slow; the dispatcher's consumer lag climbs; edge PoPs apply purges minutes late, and the
// origin shield keeps serving negative-cached 404s for freshly deployed assets. The broker is restarted
// (the dispatcher's client spams "could not be established" while it is down), ISRs expand, lag drains.
//
// Producers: kafka-0/1/2 (log4j text lines in the container runtime's JSON envelope, Fluent Bit
// kubernetes metadata), purge-api (zap production JSON), purge-dispatcher (log4j2 JSONLayout with
// timeMillis), edge-agent (Rust tracing JSON), origin-shield (nginx JSON access log).
// Healthy bands:
//   kafka "Rolled new log segment ... in N ms": 2-9 ms.
//   purge-api POST /v1/purge 202, latency (zap seconds) median 0.025 s.
//   purge-dispatcher "Dispatched purge batch" duration_ms median 120 ms; "Consumer lag" lag 0-200.
//   edge-agent "purge applied" elapsed_ms median 15 ms; purge_age_ms 300-3000 ms.
//   origin-shield GET /assets/... 200 request_time median 0.004 s (HIT) / 0.060 s (MISS).
//   Routine noise: purge-api WARN "purge rejected: tag list too long" with 400 (~4/h); origin-shield
//   404 for /robots.txt variants; kafka "Deleted log segment" lines.
// Evidence: slow segment rolls, produce timeouts (the repeated enqueue error), slow or timed-out
// purges, lag > 200, purge_age_ms > 12 s (performance); 503s without latency, negative-cached 404s,
// connection failures (error); ISR shrink/expand and the broker restart (pattern).
import { HOUR, MIN, SEC, Timeline, epochS, epochMs, isoMicro, isoOff, log4jTime, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

const POPS = ["ams-3", "fra-1", "lhr-2", "cdg-1", "mad-2", "waw-1", "sto-1", "mil-1", "iad-4", "sjc-2", "nrt-1", "sin-3", "syd-1", "gru-1"];

export function cdnPurgeKafkaCascade(seed: number): Scenario {
  const rng = makeRng(seed * 6833 + 1010);
  const tl = new Timeline();
  const t0 = startTime(rng);
  const t1 = t0 + 3 * HOUR + rng.int(0, 20) * MIN;
  const stall = t0 + Math.floor((t1 - t0) * rng.float(0.33, 0.45));
  const restart = stall + rng.int(32, 48) * MIN;
  const back = restart + rng.int(150, 220) * SEC;
  const drained = back + rng.int(9, 15) * MIN;
  const stalled = (t: number) => t >= stall && t < restart;
  const lagging = (t: number) => t >= stall + 90 * SEC && t < drained;
  const deployHash = rng.hex(8);
  const kpod = (b: number) => ({ pod_name: `kafka-${b}`, namespace_name: "purge", container_name: "kafka", labels: { app: "kafka" } });
  const klog = (t: number, b: number, level: string, text: string) => ({
    log: `[${log4jTime(t)}] ${level} ${text}\n`,
    stream: "stdout",
    time: isoMicro(t),
    kubernetes: kpod(b),
  });

  // kafka routine
  for (const t of poisson(rng, t0, t1, 2.5 * MIN)) {
    const b = rng.int(0, 2);
    if (b === 2 && t >= restart && t < back) continue;
    const p = rng.int(0, 11);
    const slow = b === 2 && stalled(t);
    tl.add(
      t,
      klog(
        t,
        b,
        "INFO",
        `[Log partition=purge-requests-${p}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${rng.int(1e6, 9e7)} in ${slow ? rng.int(1800, 9500) : rng.int(2, 9)} ms. (kafka.log.LocalLog)`,
      ),
      slow ? "performance" : null,
    );
    if (rng.chance(0.4))
      tl.add(
        t + 40,
        klog(
          t + 40,
          b,
          "INFO",
          `Deleted log segment ${String(rng.int(1e6, 9e7)).padStart(20, "0")}.log for partition purge-requests-${p} (kafka.log.LocalLog$)`,
        ),
      );
  }
  // ISR shrink on the leaders whose follower is broker 2
  const parts = [1, 4, 7, 10];
  for (const p of parts) {
    const ts = stall + rng.int(30, 120) * SEC;
    const leader = p % 2;
    tl.add(
      ts,
      klog(
        ts,
        leader,
        "INFO",
        `[Partition purge-requests-${p} broker=${leader}] Shrinking ISR from ${leader},${1 - leader},2 to ${leader},${1 - leader}. Leader: (highWatermark: ${rng.int(1e6, 9e7)}, endOffset: ${rng.int(1e6, 9e7)}). Out of sync replicas: (brokerId: 2, endOffset: ${rng.int(1e6, 9e7)}). (kafka.cluster.Partition)`,
      ),
      "pattern",
    );
    const te = back + rng.int(40, 160) * SEC;
    tl.add(
      te,
      klog(
        te,
        leader,
        "INFO",
        `[Partition purge-requests-${p} broker=${leader}] ISR updated to ${leader},${1 - leader},2 and version updated to ${rng.int(20, 90)} (kafka.cluster.Partition)`,
      ),
      "pattern",
    );
  }
  tl.add(restart, klog(restart, 2, "INFO", "[KafkaServer id=2] shutting down (kafka.server.KafkaServer)"), "pattern");
  tl.add(restart + 4 * SEC, klog(restart + 4 * SEC, 2, "INFO", "[KafkaServer id=2] shut down completed (kafka.server.KafkaServer)"), "pattern");
  tl.add(back, klog(back, 2, "INFO", "[KafkaServer id=2] started (kafka.server.KafkaServer)"), "pattern");

  // purge-api (zap)
  for (const t of poisson(rng, t0, t1, 9 * SEC)) {
    const rid = rng.uuid();
    const base = {
      logger: "purge-api",
      caller: "api/purge.go:97",
      method: "POST",
      path: "/v1/purge",
      request_id: rid,
      customer: `cust_${rng.int(1000, 9999)}`,
    };
    if (stalled(t) && rng.chance(0.55)) {
      const te = t + 10000 + rng.int(1, 40);
      tl.add(
        te,
        {
          level: "error",
          ts: epochS(te),
          logger: "purge-api",
          caller: "queue/producer.go:64",
          msg: "failed to enqueue purge request",
          topic: "purge-requests",
          error: "kafka server: Request exceeded the user-specified time limit in the request",
        },
        "performance",
      );
      tl.add(
        te + 1,
        { level: "info", ts: epochS(te + 1), msg: "request", ...base, status: 503, latency: round(10 + rng.float(0.001, 0.05), 4) },
        "performance",
      );
    } else if (stalled(t) && rng.chance(0.3)) {
      tl.add(t, { level: "info", ts: epochS(t), msg: "request", ...base, status: 202, latency: round(rng.slow(0.025, 8, 120), 4) }, "performance");
    } else if (t >= restart && t < back && rng.chance(0.35)) {
      tl.add(t, { level: "info", ts: epochS(t), msg: "request", ...base, status: 503, latency: round(rng.band(0.025), 4) }, "error");
    } else {
      tl.add(t, { level: "info", ts: epochS(t), msg: "request", ...base, status: 202, latency: round(rng.band(0.025), 4) });
    }
  }
  for (const t of poisson(rng, t0, t1, 15 * MIN)) {
    tl.add(t, {
      level: "warn",
      ts: epochS(t),
      logger: "purge-api",
      caller: "api/validate.go:41",
      msg: "purge rejected: tag list too long",
      tags: rng.int(501, 900),
      max: 500,
      status: 400,
    });
  }

  // purge-dispatcher (log4j2 JSONLayout)
  const lj = (t: number, level: string, logger: string, message: string, contextMap: Record<string, unknown> = {}) => ({
    timeMillis: epochMs(t),
    thread: "dispatch-1",
    level,
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    contextMap: { service: "purge-dispatcher", ...contextMap },
    threadId: 31,
    threadPriority: 5,
  });
  for (const t of poisson(rng, t0, t1, 16 * SEC)) {
    const slow = lagging(t) && rng.chance(0.4);
    tl.add(
      t,
      lj(t, "INFO", "net.edgeco.purge.Dispatcher", `Dispatched purge batch ${rng.hex(10)} to ${POPS.length} PoPs`, {
        batch_size: String(rng.int(1, 40)),
        duration_ms: String(round(slow ? rng.slow(120, 6, 20) : rng.band(120), 1)),
      }),
      slow ? "performance" : null,
    );
  }
  let lag = 0;
  for (const t of ticks(rng, t0, t1, 30 * SEC, 0.01)) {
    if (lagging(t) && t < back) lag = Math.min(90000, lag + rng.int(300, 2200));
    else if (lagging(t)) lag = Math.max(rng.int(210, 900), Math.floor(lag * 0.7));
    else lag = rng.int(0, 150);
    tl.add(
      t,
      lj(t, lag > 200 ? "WARN" : "INFO", "net.edgeco.purge.LagMonitor", `Consumer lag for group purge-dispatcher on purge-requests: ${lag}`, {
        lag: String(lag),
      }),
      lag > 200 ? "performance" : null,
    );
  }
  for (const t of ticks(rng, restart + 2 * SEC, back, 1.1 * SEC, 0.1)) {
    tl.add(
      t,
      lj(
        t,
        "WARN",
        "org.apache.kafka.clients.NetworkClient",
        "[Consumer clientId=purge-dispatcher-1, groupId=purge-dispatcher] Connection to node 2 (kafka-2.kafka-headless.purge.svc.cluster.local/10.4.2.12:9092) could not be established. Broker may not be available.",
        { thread: "kafka-coordinator-heartbeat-thread" },
      ),
      "error",
    );
  }

  // edge-agent (Rust tracing)
  for (const t of poisson(rng, t0, t1, 12 * SEC)) {
    const late = lagging(t + 60 * SEC) && t > stall + 3 * MIN && rng.chance(0.85);
    const age = late ? rng.int(12000, Math.max(20000, Math.min(1800000, t - stall))) : rng.int(300, 3000);
    tl.add(
      t,
      {
        timestamp: isoMicro(t),
        level: "INFO",
        fields: { message: "purge applied", pop: rng.pick(POPS), keys: rng.int(1, 400), elapsed_ms: round(rng.band(15), 2), purge_age_ms: age },
        target: "edge_agent::purge",
        span: { name: "apply_purge" },
        threadId: `ThreadId(${rng.int(2, 12)})`,
      },
      late ? "performance" : null,
    );
  }

  // origin-shield (nginx)
  const spod = `origin-shield-${rng.hex(10)}-${rng.alnum(5)}`;
  for (const tm of poisson(rng, t0, t1, 4.6 * SEC)) {
    const t = Math.floor(tm / 1000) * 1000;
    const neg = t > stall + 4 * MIN && t < drained + 2 * MIN && rng.chance(0.35);
    const hit = neg || rng.chance(0.8);
    const path = neg
      ? `/assets/app.${deployHash}.${rng.pick(["js", "css"])}`
      : rng.chance(0.03)
        ? "/robots.txt"
        : `/assets/${rng.pick(["vendor", "app", "runtime", `chunk-${rng.int(100, 999)}`])}.${rng.hex(8)}.${rng.pick(["js", "css", "woff2"])}`;
    const status = neg || path === "/robots.txt" ? 404 : 200;
    let label: AnomalyType | null = neg ? "error" : null;
    const rt = path === "/robots.txt" ? 0.001 : hit ? rng.band(0.004) : rng.band(0.06);
    if (path === "/robots.txt") label = null;
    tl.add(
      t,
      {
        time_iso8601: isoOff(t).replace(".000", ""),
        remote_addr: `10.9.${rng.int(0, 31)}.${rng.int(2, 254)}`,
        request: `GET ${path} HTTP/1.1`,
        status,
        body_bytes_sent: status === 404 ? 146 : rng.int(2000, 400000),
        request_time: round(rt, 3),
        upstream_cache_status: hit ? "HIT" : "MISS",
        http_host: "static.shop-example.com",
        http_user_agent: "EdgeFetcher/2.1",
        kubernetes: { pod_name: spod, namespace_name: "edge", container_name: "nginx", labels: { app: "origin-shield" } },
      },
      label,
    );
  }
  return tl.build(
    "cdn-purge-kafka-cascade",
    "a stalling Kafka broker disk cascades through the CDN purge pipeline: repeated produce timeouts and 503s in purge-api, dispatcher lag, late purges at the edge and negative-cached 404s at the origin shield, until the broker is restarted",
  );
}
