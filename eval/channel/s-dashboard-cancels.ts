/**
 * dashboard-cancels: analytics-api (Python, FastAPI, structlog) runs each dashboard panel's query
 * on ClickHouse behind Traefik; panels take seconds, and people flip to another dashboard or
 * close the tab before they load. The browser drops the panel requests, Traefik logs 499 and
 * analytics-api kills the ClickHouse query and logs `panel query cancelled` (client
 * disconnected) at ERROR: a fifth to a third of panel queries, all window, routine. The incident
 * is elsewhere: two fifths to half-way in, the EBS volume under Kafka broker 2 degrades. Its
 * node's kernel times out NVMe I/O and reports hung tasks (rare, odd); broker 2 falls out of the
 * ISR of its followers' partitions, and partitions it leads take seconds to accept writes.
 * ingest-api (Go, log/slog) `POST /v1/events` slows from ~25 ms to seconds, some produces time
 * out (503), and SDKs give up on some requests at their 10 s timeout (Traefik 499): those
 * aborts are the slowness. The volume recovers late in the window and the ISRs expand.
 */
import { browser, kernel, nodeName, openWindow } from "./common.js";
import { fluentRaw, type KubeMeta, slog, structlog, traefikJson } from "./producers.js";
import { arrivals, MINUTE, ramp, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "dashboard-cancels";
const SDK_TIMEOUT_MS = 10_000;

export function dashboardCancels(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-01-20", 14, 3);
  const cancelShare = rng.float(0.22, 0.32);

  const degradeAt = tl.at(rng.float(0.4, 0.5));
  const shrinkAt = degradeAt + rng.int(35, 60) * SECOND;
  const recoverAt = tl.at(rng.float(0.76, 0.84));
  const degraded = (t: number): boolean => t >= degradeAt && t < recoverAt;

  let requestCount = rng.int(100_000, 900_000);
  const traefik = (
    s: number,
    r: {
      method: string;
      path: string;
      host: string;
      status: number;
      originStatus: number;
      tookMs: number;
      router: string;
      service: string;
      addr: string;
      size: number;
    },
    label: AnomalyType | null,
  ) => {
    requestCount += rng.int(1, 30);
    tl.add(
      s + Math.round(r.tookMs + 0.4),
      traefikJson(s, {
        clientHost: rng.clientIp(),
        clientPort: rng.int(1024, 65000),
        method: r.method,
        path: r.path,
        host: r.host,
        downstreamStatus: r.status,
        originStatus: r.originStatus,
        durationMs: r.tookMs + 0.4,
        originDurationMs: r.tookMs,
        downstreamSize: r.size,
        routerName: r.router,
        serviceName: r.service,
        serviceAddr: r.addr,
        requestCount,
      }),
      label,
    );
  };

  // ── analytics-api: dashboards and their panel queries ───────────────────────────────────────
  const analytics = [0, 1].map(() => ({ pod: rng.pod("analytics-api"), addr: `${rng.privateIp("10.48")}:8000` }));
  const dashboards = Array.from({ length: 25 }, () => rng.int(100, 9999));
  const panelTypes = ["timeseries", "table", "funnel", "retention", "top_n"];
  for (const s of arrivals(rng, start, end, 3, shape, 1.2)) {
    const a = rng.pick(analytics);
    const dash = rng.pick(dashboards);
    const path = `/api/v1/dashboards/${dash}/query`;
    const queryId = rng.uuid();
    const panel = rng.pick(panelTypes);
    const work = rng.logNormal(panel === "retention" || panel === "funnel" ? 9000 : 3200, 0.55);
    const ctx = { dashboard_id: dash, panel: `p_${rng.alnum(6)}`, panel_type: panel, clickhouse_query_id: queryId, user_id: `u_${rng.alnum(10)}`, pod: a.pod };
    if (rng.chance(cancelShare)) {
      const gone = Math.min(work * rng.float(0.1, 0.95), rng.float(400, 25000));
      const d = s + Math.round(gone);
      tl.add(
        d + 4,
        structlog(d + 4, "error", "analytics.panels", "panel query cancelled", {
          ...ctx,
          reason: "client disconnected",
          elapsed_ms: Math.round(gone),
          rows_read: rng.int(0, 40_000_000),
        }),
      );
      traefik(
        s,
        {
          method: "POST",
          path,
          host: "analytics.shop.example",
          status: 499,
          originStatus: 0,
          tookMs: gone,
          router: "analytics-api@kubernetescrd",
          service: "analytics-analytics-api-8000@kubernetes",
          addr: a.addr,
          size: 21,
        },
        null,
      );
      continue;
    }
    const d = s + Math.round(work);
    tl.add(
      d - 1,
      structlog(d - 1, "info", "analytics.panels", "panel query finished", {
        ...ctx,
        elapsed_ms: Math.round(work),
        rows_read: rng.int(100_000, 900_000_000),
        result_rows: rng.int(1, 500),
      }),
    );
    traefik(
      s,
      {
        method: "POST",
        path,
        host: "analytics.shop.example",
        status: 200,
        originStatus: 200,
        tookMs: work + 1,
        router: "analytics-api@kubernetescrd",
        service: "analytics-analytics-api-8000@kubernetes",
        addr: a.addr,
        size: rng.int(800, 90000),
      },
      null,
    );
  }
  for (const s of arrivals(rng, start, end, 1.8, shape, 1.2)) {
    const a = rng.pick(analytics);
    const dash = rng.pick(dashboards);
    const took = rng.logNormal(32, 0.4);
    const d = s + Math.round(took);
    tl.add(
      d,
      structlog(d, "info", "analytics.access", "request finished", {
        method: "GET",
        path: `/api/v1/dashboards/${dash}`,
        status_code: 200,
        duration_ms: Math.round(took),
        user_agent: browser(rng),
        pod: a.pod,
      }),
    );
    traefik(
      s,
      {
        method: "GET",
        path: `/api/v1/dashboards/${dash}`,
        host: "analytics.shop.example",
        status: 200,
        originStatus: 200,
        tookMs: took + 1,
        router: "analytics-api@kubernetescrd",
        service: "analytics-analytics-api-8000@kubernetes",
        addr: a.addr,
        size: rng.int(3000, 20000),
      },
      null,
    );
  }

  // ── Kafka: broker 2's volume degrades ───────────────────────────────────────────────────────
  const kafkaNode = nodeName(rng, "10.48");
  const broker: KubeMeta[] = [0, 1, 2].map((i) => ({
    pod: `events-kafka-${i}`,
    namespace: "kafka",
    container: "kafka",
    app: "events-kafka",
    host: i === 2 ? kafkaNode : nodeName(rng, "10.48"),
  }));
  const strimzi = (t: number, b: number, level: "INFO" | "WARN", message: string, logger: string, thread: string, label: AnomalyType | null) => {
    const stamp = new Date(t).toISOString().replace("T", " ").replace("Z", "").replace(".", ",");
    tl.add(t, fluentRaw(t, `${stamp} ${level.padEnd(5)} ${message} (${logger}) [${thread}]`, broker[b]!, "stdout"), label);
  };
  // partitions of `events`: who leads each, and its replicas
  const partitions = Array.from({ length: 12 }, (_, p) => ({ p, leader: p % 3, replicas: [p % 3, (p + 1) % 3, (p + 2) % 3] }));
  for (const b of [0, 1, 2]) {
    for (const t of ticks(rng, start, end, 10 * MINUTE, MINUTE)) {
      strimzi(
        t,
        b,
        "INFO",
        `[LocalLog partition=events-${rng.int(0, 11)}, dir=/var/lib/kafka/data-0/kafka-log${b}] Rolled new log segment at offset ${rng.int(1e8, 9e8)} in ${rng.int(1, 9)} ms.`,
        "kafka.log.LocalLog",
        `data-plane-kafka-request-handler-${rng.int(0, 7)}`,
        null,
      );
    }
  }
  for (const part of partitions.filter((x) => x.leader !== 2 && x.replicas.includes(2))) {
    const t = shrinkAt + rng.int(0, 20) * SECOND;
    const isr = part.replicas.join(",");
    const hw = rng.int(1e8, 9e8);
    strimzi(
      t,
      part.leader,
      "INFO",
      `[Partition events-${part.p} broker=${part.leader}] Shrinking ISR from ${isr} to ${part.replicas.filter((r) => r !== 2).join(",")}. Leader: (highWatermark: ${hw}, endOffset: ${hw + rng.int(200, 3000)}). Out of sync replicas: (brokerId: 2, endOffset: ${hw - rng.int(1000, 9000)}, lastCaughtUpTimeMs: ${t - 30_000 - rng.int(0, 4000)}).`,
      "kafka.cluster.Partition",
      `data-plane-kafka-request-handler-${rng.int(0, 7)}`,
      "pattern",
    );
    const back = recoverAt + rng.int(60, 240) * SECOND;
    strimzi(
      back,
      part.leader,
      "INFO",
      `[Partition events-${part.p} broker=${part.leader}] ISR updated to ${isr} and version updated to ${rng.int(40, 90)}`,
      "kafka.cluster.Partition",
      `data-plane-kafka-request-handler-${rng.int(0, 7)}`,
      null,
    );
  }
  // the kernel on broker 2's node
  for (let t = degradeAt + rng.int(5, 30) * SECOND; t < recoverAt; t += rng.int(40, 150) * SECOND) {
    const qid = rng.int(1, 4);
    tl.add(t, kernel(t, kafkaNode, "warning", `nvme nvme1: I/O ${rng.int(0, 1023)} QID ${qid} timeout, aborting`), "pattern");
    tl.add(t + 3, kernel(t + 3, kafkaNode, "warning", "nvme nvme1: Abort status: 0x0"), "pattern");
    if (rng.chance(0.35)) {
      const h = t + rng.int(5, 20) * SECOND;
      const pid = rng.int(2000, 40000);
      tl.add(h, kernel(h, kafkaNode, "err", `INFO: task data-plane-kafk:${pid} blocked for more than 120 seconds.`), "pattern");
      tl.add(h + 1, kernel(h + 1, kafkaNode, "err", "      Not tainted 5.10.205-195.807.amzn2.x86_64 #1"), "pattern");
      tl.add(h + 2, kernel(h + 2, kafkaNode, "err", `"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`), "pattern");
    }
  }

  // ── ingest-api (Go, slog): SDK event batches produced to Kafka ──────────────────────────────
  const ingest = [0, 1, 2].map(() => ({ pod: rng.pod("ingest-api"), addr: `${rng.privateIp("10.48")}:8080` }));
  const sdks = ["analytics-js/3.11.2", "analytics-ios/2.4.0", "analytics-android/2.6.1", "analytics-python/2.3.0"];
  for (const s of arrivals(rng, start, end, 4, shape, 1.2)) {
    const a = rng.pick(ingest);
    const part = rng.pick(partitions);
    const reqId = rng.hex(16);
    const events = rng.int(1, 80);
    let produceMs = rng.logNormal(9, 0.5);
    if (degraded(s)) {
      const early = s < shrinkAt + 20 * SECOND && part.replicas.includes(2);
      if (part.leader === 2 || early) produceMs = rng.logNormal(2600 * (0.6 + ramp(s, degradeAt, degradeAt + 6 * MINUTE)), 0.7);
    }
    const label: AnomalyType | null = produceMs > 800 ? "performance" : null;
    const meta = { request_id: reqId, sdk: rng.pick(sdks), events, topic: "events", partition: part.p, pod: a.pod };
    if (produceMs >= SDK_TIMEOUT_MS) {
      // the SDK gives up at 10 s; the produce fails at its own 10 s timeout a moment later
      const d = s + SDK_TIMEOUT_MS;
      traefik(
        s,
        {
          method: "POST",
          path: "/v1/events",
          host: "ingest.shop.example",
          status: 499,
          originStatus: 0,
          tookMs: SDK_TIMEOUT_MS,
          router: "ingest-api@kubernetescrd",
          service: "ingest-ingest-api-8080@kubernetes",
          addr: a.addr,
          size: 21,
        },
        "performance",
      );
      tl.add(d + 200, slog(d + 200, "ERROR", "produce failed", { ...meta, err: "kafka: request timed out", duration_ms: SDK_TIMEOUT_MS + 200 }), "error");
      tl.add(
        d + 201,
        slog(d + 201, "INFO", "request", { method: "POST", path: "/v1/events", status: 503, duration_ms: SDK_TIMEOUT_MS + 201, ...meta }),
        "error",
      );
      continue;
    }
    const took = produceMs + rng.logNormal(12, 0.3);
    const d = s + Math.round(took);
    if (produceMs > 1000) tl.add(d - 1, slog(d - 1, "WARN", "slow produce", { ...meta, latency_ms: Math.round(produceMs) }), label);
    tl.add(d, slog(d, "INFO", "request", { method: "POST", path: "/v1/events", status: 202, duration_ms: Math.round(took), ...meta }), label);
    traefik(
      s,
      {
        method: "POST",
        path: "/v1/events",
        host: "ingest.shop.example",
        status: 202,
        originStatus: 202,
        tookMs: took + 1,
        router: "ingest-api@kubernetescrd",
        service: "ingest-ingest-api-8080@kubernetes",
        addr: a.addr,
        size: 2,
      },
      label,
    );
  }

  return tl.build(
    NAME,
    "a fifth to a third of dashboard panel queries are cancelled by people leaving the dashboard all window (Traefik 499, `panel query cancelled` at ERROR: routine); Kafka broker 2's volume degrades: NVMe timeouts and hung tasks on its node, ISR shrinks, and ingest-api's event batches take seconds, some timing out, until the volume recovers",
  );
}
