/**
 * s02: an analytics-dashboards product whose operations live in very different latency bands:
 * a Redis cache gateway (OpenTelemetry log records, 1-3 ms), a query planner (20-80 ms),
 * a dashboard API (40-250 ms) and a report renderer / PDF exporter (1-5 s), the Python ones
 * logging with structlog. The anomalies are each operation's own slowdowns only.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, epochNanos, every, isoUs, podName, round, spanId, traceId, uuid, type Label, type Log } from "./common.js";

const NAME = "latency-bands";

type OtelValue = { stringValue: string } | { intValue: string } | { boolValue: boolean } | { doubleValue: number };
const kv = (key: string, v: string | number | boolean): { key: string; value: OtelValue } => ({
  key,
  value:
    typeof v === "string" ? { stringValue: v } : typeof v === "boolean" ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
});

export function s02LatencyBands(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(150, 210) * MIN;
  const start = rng.start2026(span, 7, 16);
  const end = start + span;
  const tl = new Timeline();

  const tenants = Array.from({ length: 40 }, () => rng.int(1000, 9999));
  const cachePods = Array.from({ length: 3 }, () => podName(rng, "cache-gateway"));
  const redisNodes = ["redis-dash-0", "redis-dash-1", "redis-dash-2"];

  // ------------------------------------------------------------ producers
  const otel = (t: number, sev: "INFO" | "WARN", body: string, attrs: { key: string; value: OtelValue }[], pod: string): Log => ({
    resource: {
      attributes: [kv("service.name", "cache-gateway"), kv("service.instance.id", pod), kv("service.version", "1.19.3"), kv("telemetry.sdk.language", "go")],
    },
    scope: { name: "github.com/lumenboard/cachegw/redisclient" },
    timeUnixNano: epochNanos(t),
    observedTimeUnixNano: epochNanos(t + 0.4),
    severityNumber: sev === "INFO" ? 9 : 13,
    severityText: sev,
    body: { stringValue: body },
    attributes: attrs,
    traceId: traceId(rng),
    spanId: spanId(rng),
    flags: 1,
  });
  const structlog = (t: number, service: string, logger: string, level: string, event: string, fields: Log): Log => ({
    ...fields,
    event,
    level,
    logger,
    service,
    timestamp: isoUs(t),
  });

  // ------------------------------------------------------------ operations
  const cacheOp = (t: number, slowMs: number | null): void => {
    const op = rng.weighted([
      ["GET", 70],
      ["MGET", 15],
      ["SET", 15],
    ] as const);
    const median = op === "GET" ? 1.6 : op === "MGET" ? 2.0 : 1.7;
    const ms = slowMs ?? rng.logNormal(median, 0.2, 1.75);
    const tenant = rng.pick(tenants);
    const key =
      op === "MGET"
        ? `tenant:${tenant}:widgets:{${rng.int(1, 400)}}`
        : `tenant:${tenant}:${rng.pick(["widget", "filter", "session", "dash"])}:${rng.int(1, 9000)}`;
    const hit = op === "SET" ? null : rng.chance(0.88);
    const body = `${op} ${key}${hit === null ? "" : hit ? " hit" : " miss"} ${ms.toFixed(2)}ms`;
    const attrs = [kv("db.system", "redis"), kv("db.operation", op), kv("net.peer.name", rng.pick(redisNodes)), kv("duration_us", Math.round(ms * 1000))];
    if (hit !== null) attrs.push(kv("cache.hit", hit));
    if (op === "MGET") attrs.push(kv("db.keys", rng.int(4, 40)));
    tl.add(t, otel(t, "INFO", body, attrs, rng.pick(cachePods)), slowMs === null ? null : "performance");
  };

  const dashboardRequest = (t: number): void => {
    const r = rng.next();
    const tenant = rng.pick(tenants);
    const [method, path, median] =
      r < 0.5
        ? (["GET", `/api/v3/dashboards/${rng.int(1, 5000)}`, 110] as const)
        : r < 0.8
          ? (["GET", `/api/v3/dashboards/${rng.int(1, 5000)}/widgets/${rng.int(1, 40)}/data`, 90] as const)
          : r < 0.93
            ? (["POST", `/api/v3/reports`, 70] as const)
            : (["GET", `/api/v3/reports/${uuid(rng)}/status`, 45] as const);
    const status = rng.chance(0.012) ? 401 : rng.chance(0.01) ? 404 : method === "POST" ? 202 : 200;
    tl.add(
      t,
      structlog(t, "dashboard-api", "dashapi.middleware", status >= 400 ? "warning" : "info", "request finished", {
        request_id: uuid(rng),
        tenant_id: tenant,
        method,
        path,
        status,
        duration_ms: round(rng.logNormal(median, 0.3, 2.2), 2),
      }),
    );
  };

  const planner = (t: number, slowMs: number | null): void => {
    const level = !slowMs && rng.chance(0.03) ? "warning" : "info";
    tl.add(
      t,
      structlog(t, "query-planner", "planner.core", level, level === "warning" ? "partition pruning disabled: filter on non-partition column" : "plan built", {
        tenant_id: rng.pick(tenants),
        dataset: rng.pick(["events", "sessions", "orders_fact", "pageviews", "inventory_snapshots"]),
        partitions_scanned: rng.int(1, 120),
        duration_ms: round(slowMs ?? rng.logNormal(40, 0.3, 2), 2),
      }),
      slowMs === null ? null : "performance",
    );
  };

  const report = (t: number, slowS: number | null, label: Label): void => {
    const truncated = slowS === null && rng.chance(0.04);
    tl.add(
      t,
      structlog(t, "report-renderer", "reports.render", truncated ? "warning" : "info", truncated ? "row limit reached, result truncated" : "report rendered", {
        report_id: uuid(rng),
        tenant_id: rng.pick(tenants),
        template: rng.pick(["weekly-kpi", "cohort-retention", "funnel", "revenue-by-region", "inventory-aging", "custom"]),
        rows: truncated ? 500000 : rng.int(40, 180000),
        pages: rng.int(1, 40),
        duration_s: round(slowS ?? rng.logNormal(2.4, 0.3, 2.05), 3),
      }),
      label,
    );
  };

  const pdfExport = (t: number, slowMs: number | null): void => {
    const pages = rng.int(1, 30);
    const ms = slowMs ?? rng.logNormal(2500, 0.3, 2);
    tl.add(
      t,
      structlog(t, "pdf-exporter", "exporter.pdf", "info", `exported report to pdf (${pages} pages) in ${(ms / 1000).toFixed(2)}s`, {
        report_id: uuid(rng),
        tenant_id: rng.pick(tenants),
        pages,
        took_ms: Math.round(ms),
        renderer: "chromium-124",
      }),
      slowMs === null ? null : "performance",
    );
  };

  // ------------------------------------------------------------ normal traffic
  for (const t of arrivals(rng, start, end, span / 4700)) {
    const k = rng.weighted([
      ["cache", 55],
      ["dash", 21],
      ["plan", 11],
      ["report", 8],
      ["pdf", 4],
    ] as const);
    if (k === "cache") cacheOp(t, null);
    else if (k === "dash") dashboardRequest(t);
    else if (k === "plan") planner(t, null);
    else if (k === "report") report(t, null, null);
    else pdfExport(t, null);
  }
  for (const t of every(rng, start, end, 5 * MIN, 2 * SEC)) {
    tl.add(
      t,
      structlog(t, "report-renderer", "reports.scheduler", "info", "scheduled refresh batch enqueued", { jobs: rng.int(20, 140), queue: "reports-default" }),
    );
  }

  // ------------------------------------------------------------ anomalies: each operation slower than itself
  // Redis node slow (fork for BGSAVE on a big dataset): most cache calls through it crawl.
  const episodes = rng.int(1, 2);
  for (let e = 0; e < episodes; e++) {
    const t0 = start + span * rng.float(e === 0 ? 0.2 : 0.6, e === 0 ? 0.45 : 0.85);
    const d = rng.float(2, 5) * MIN;
    for (const t of arrivals(rng, t0, t0 + d, span / 4700 / 0.55)) {
      if (rng.chance(0.6)) cacheOp(t, rng.float(12, 95));
    }
    if (rng.chance(0.7)) {
      const tw = t0 + rng.float(5, 30) * SEC;
      tl.add(
        tw,
        otel(
          tw,
          "WARN",
          `slow command on ${rng.pick(redisNodes)}: GET took ${rng.int(120, 260)}ms, pool wait ${rng.int(40, 90)}ms`,
          [kv("db.system", "redis"), kv("duration_us", rng.int(120000, 260000))],
          rng.pick(cachePods),
        ),
        "performance",
      );
    }
  }
  // isolated slow cache calls
  for (let i = rng.int(10, 16); i > 0; i--) cacheOp(rng.float(start, end), rng.float(25, 70));
  // reports that took far longer than reports take
  for (let i = rng.int(14, 22); i > 0; i--) report(rng.float(start, end), rng.float(16, 80), "performance");
  for (let i = rng.int(2, 4); i > 0; i--) {
    const t = rng.float(start, end);
    tl.add(
      t,
      structlog(t, "report-renderer", "reports.render", "error", "report render timed out", {
        report_id: uuid(rng),
        tenant_id: rng.pick(tenants),
        template: "custom",
        timeout_s: 120,
        duration_s: 120.0,
      }),
      "performance",
    );
  }
  for (let i = rng.int(3, 6); i > 0; i--) pdfExport(rng.float(start, end), rng.float(20000, 65000));
  for (let i = rng.int(4, 8); i > 0; i--) planner(rng.float(start, end), rng.float(700, 3000));

  return tl.build(
    NAME,
    "Analytics dashboards with 1-3 ms cache calls beside 1-5 s reports; the anomalies are cache calls of 12-95 ms, reports of 16-120 s, slow exports and plans.",
  );
}
