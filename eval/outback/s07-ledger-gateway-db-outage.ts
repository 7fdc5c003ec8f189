// A Rust payments-ledger gateway (axum + sqlx) logging with tracing-subscriber's JSON formatter.
// A few minutes after the window opens the Postgres primary becomes unreachable and the failover
// stalls: pool timeouts, an open circuit breaker, read-only errors against the standby, stale
// cached balances and failing readiness cover most of the window until the database returns.
import type { Scenario } from "../blind/types.js";
import { isoMicro, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

const z = (t: number) => isoMicro(t).replace("+00:00", "Z");

export function ledgerGatewayDbOutage(seed: number): Scenario {
  const r = new Rand(seed, "s07-outage");
  const tl = new Timeline();
  const t0 = windowStart(r, 1, 22);
  const t1 = t0 + 90 * MIN;
  const down = t0 + r.float(7, 11) * MIN;
  const up = t1 - r.float(6, 9) * MIN;
  const roStart = down + r.float(25, 40) * MIN; // standby promoted half-way: writes hit read-only
  const pod = `ledger-gateway-${r.alnum(9)}-${r.alnum(5)}`;
  let thread = 1;

  const ev = (t: number, level: string, target: string, fields: Record<string, unknown>, span: Record<string, unknown> | null, label: Label) => {
    thread = (thread % 16) + 1;
    tl.add(
      t,
      {
        timestamp: z(t),
        level,
        fields,
        target,
        ...(span ? { span, spans: [span] } : {}),
        threadId: `ThreadId(${thread})`,
        service: "ledger-gateway",
        host: pod,
      },
      label,
    );
  };

  for (const t of r.stream(2200, t0, t1)) {
    const [method, route] = r.weighted([
      [["GET", "/v1/accounts/{id}/balance"], 5],
      [["POST", "/v1/transfers"], 3],
      [["POST", "/v1/holds"], 1],
      [["GET", "/v1/transfers/{id}"], 2],
    ] as const);
    const uri = route.replace("{id}", r.uuid());
    const traceId = r.hex(32);
    const span = { name: "request", method, uri, "otel.trace_id": traceId };
    const outage = t >= down && t < up;
    if (!outage) {
      const ms = r.logNormal(method === "GET" ? 6 : 18, 0.4);
      ev(
        t + ms,
        "INFO",
        "tower_http::trace::on_response",
        { message: "finished processing request", latency: `${round(ms, 3)} ms`, status: method === "POST" ? 201 : 200 },
        span,
        null,
      );
      continue;
    }
    const sinceDown = t - down;
    if (sinceDown < 3 * MIN) {
      // pool exhausted: every request waits for acquire_timeout (30 s)
      const ms = r.float(30000, 30040);
      ev(
        t + ms - 1,
        "ERROR",
        "ledger_gateway::db",
        { message: "database error", error: "pool timed out while waiting for an open connection", acquire_timeout_ms: 30000 },
        span,
        "performance",
      );
      ev(
        t + ms,
        "ERROR",
        "tower_http::trace::on_failure",
        { message: "response failed", classification: "Status code: 503 Service Unavailable", latency: `${round(ms, 3)} ms` },
        span,
        "performance",
      );
      continue;
    }
    if (method === "GET" && route.includes("balance") && r.chance(0.35)) {
      ev(
        t + r.float(0.3, 2),
        "WARN",
        "ledger_gateway::balance",
        { message: "serving cached balance because database is unavailable", cache_age_s: Math.round((t - down) / 1000) + r.int(0, 60) },
        span,
        "pattern",
      );
      ev(
        t + r.float(2, 4),
        "INFO",
        "tower_http::trace::on_response",
        { message: "finished processing request", latency: `${round(r.float(2, 4), 3)} ms`, status: 200 },
        span,
        "pattern",
      );
      continue;
    }
    if (method === "POST" && t >= roStart && r.chance(0.6)) {
      const ms = r.float(4, 15);
      ev(
        t + ms - 0.5,
        "ERROR",
        "ledger_gateway::db",
        {
          message: "database error",
          error: `error returned from database: cannot execute ${r.pick(["INSERT", "UPDATE"])} in a read-only transaction`,
          code: "25006",
        },
        span,
        "error",
      );
      ev(
        t + ms,
        "ERROR",
        "tower_http::trace::on_failure",
        { message: "response failed", classification: "Status code: 500 Internal Server Error", latency: `${round(ms, 3)} ms` },
        span,
        "error",
      );
      continue;
    }
    const ms = r.float(0.2, 1.2);
    ev(
      t + ms,
      "WARN",
      "ledger_gateway::breaker",
      { message: "circuit open for postgres-primary; rejecting request", open_for_s: Math.round(sinceDown / 1000) },
      span,
      "error",
    );
  }
  // The breaker's half-open probes fail every ~30 s; sqlx logs reconnect attempts.
  for (let t = down + 3 * MIN; t < up; t += r.float(28_000, 33_000)) {
    ev(t, "INFO", "ledger_gateway::breaker", { message: "circuit half-open; probing postgres-primary" }, null, "error");
    ev(
      t + r.float(2, 5000),
      "ERROR",
      "ledger_gateway::breaker",
      {
        message: "probe failed",
        error: r.pick([
          "error communicating with database: Connection refused (os error 111)",
          "error communicating with database: Connection timed out (os error 110)",
          "error communicating with database: failed to lookup address information: Name or service not known",
        ]),
      },
      null,
      "error",
    );
  }
  // Kubernetes probes: liveness is fine throughout; readiness fails during the outage.
  for (let t = t0 + r.float(0, 10_000); t < t1; t += 10_000) {
    ev(
      t,
      "DEBUG",
      "tower_http::trace::on_response",
      { message: "finished processing request", latency: `${round(r.float(0.05, 0.3), 3)} ms`, status: 200 },
      { name: "request", method: "GET", uri: "/healthz/live" },
      null,
    );
    const outage = t >= down && t < up;
    ev(
      t + 3,
      outage ? "WARN" : "DEBUG",
      "tower_http::trace::on_response",
      { message: "finished processing request", latency: `${round(r.float(0.05, 0.6), 3)} ms`, status: outage ? 503 : 200 },
      { name: "request", method: "GET", uri: "/healthz/ready" },
      outage ? "error" : null,
    );
  }
  ev(
    up + 1200,
    "INFO",
    "ledger_gateway::breaker",
    { message: "probe succeeded; closing circuit for postgres-primary", outage_s: Math.round((up - down) / 1000) },
    null,
    null,
  );

  return tl.build(
    "ledger-gateway-db-outage",
    "Rust tracing JSON from a payments gateway whose Postgres primary becomes unreachable minutes into the window: pool timeouts, an open breaker and read-only errors cover most of the window.",
  );
}
