// Kubernetes JSON with trace fields, a majority outage, and a quiet incident whose anomaly is a burst.

import { apiGateway, auth, cart, inventory, notifications, orders, payments, search, shipping } from "./catalog-shop.js";
import { poissonTimes, type Rng } from "./random.js";
import { normalTraffic, windowOf } from "./scen-util.js";
import { MIN } from "./time.js";
import { ev, finalize, traceFields, type Svc } from "./traffic.js";
import type { Ev, Scenario } from "./types.js";

const BAD_NODE = "ip-10-0-7-91.eu-west-1.compute.internal";

export function k8sNodePressure(r: Rng): Scenario {
  const checkout = orders(r, "k8s", "checkout");
  checkout.lang = "go";
  checkout.lat = "latency_ms";
  const pay = payments(r, "k8s");
  pay.lang = "go";
  pay.extra = { _ns: "payments" };
  const svcs: Svc[] = [apiGateway(r, "k8s", "frontend-bff"), checkout, pay, inventory(r, "k8s"), cart(r, "k8s"), shipping(r, "k8s")];
  for (const s of svcs) s.tracing = true;
  const w = windowOf(r, r.int(80, 110));
  const evs = normalTraffic(r, svcs, w, r.int(3600, 4800));
  const badPods = new Set([pay.insts[1]!, checkout.insts[2]!]);
  const p0 = w.start + r.float(0.3, 0.6) * (w.end - w.start);
  const p1 = Math.min(w.end - MIN, p0 + r.float(14, 25) * MIN);
  const payIp = `10.0.7.${r.int(20, 200)}`;
  // the node starts thrashing (disk pressure / IO wait): kubelet probes time out, calls through its payment pod stall
  for (const t of poissonTimes(r, p0, p1, 1.2)) {
    const pod = r.pick([...badPods]);
    evs.push({
      t,
      svc: "kubelet",
      level: "WARNING",
      prod: "k8s",
      inst: pod,
      label: "performance",
      msg: `Readiness probe failed: Get "http://${payIp}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      f: { _ns: pod.startsWith("payments") ? "payments" : "shop", _node: BAD_NODE, probe: "readiness" },
    });
  }
  evs.push({
    t: Math.floor(p0 - r.float(20_000, 60_000)),
    svc: "kubelet",
    level: "WARNING",
    prod: "k8s",
    inst: `node/${BAD_NODE}`,
    label: "performance",
    msg: `PLEG is not healthy: pleg was last seen active 3m${r.int(1, 40)}.${r.int(100, 999)}s ago; threshold is 3m0s`,
    f: { _ns: "kube-system", _node: BAD_NODE },
  });
  for (const t of poissonTimes(r, p0, p1, 6)) {
    const trace = traceFields(r);
    const ms = r.float(2500, 9800);
    const failed = ms > 5000;
    evs.push({
      ...ev(
        pay,
        r,
        t,
        {
          msg: failed ? "authorize aborted: context canceled by caller" : `authorize card took ${(ms / 1000).toFixed(2)}s`,
          level: failed ? "ERROR" : "WARNING",
          f: { ...trace, latency_ms: Math.round(ms), iowait_pct: r.int(60, 95) },
        },
        failed ? "error" : "performance",
      ),
      inst: pay.insts[1]!,
    });
    const parentSpan = { trace_id: trace.trace_id, span_id: r.hex(16) };
    evs.push({
      ...ev(
        checkout,
        r,
        t + Math.min(ms, 5000) + r.int(1, 30),
        failed
          ? {
              msg: "payment authorization failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded",
              level: "ERROR",
              f: { ...parentSpan, latency_ms: 5000 + r.int(0, 12), upstream: "payments" },
            }
          : { msg: "POST /api/checkout 200", level: "INFO", f: { ...parentSpan, latency_ms: Math.round(ms + r.float(30, 90)) } },
        "performance",
      ),
    });
  }
  for (const t of poissonTimes(r, p1 - 3 * MIN, p1, 4))
    evs.push(
      ev(
        checkout,
        r,
        t,
        {
          msg: `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${payIp}:50051: connect: connection refused"`,
          level: "ERROR",
          f: { upstream: "payments" },
        },
        "error",
      ),
    );
  for (const e of evs) if (e.inst && badPods.has(e.inst)) e.f = { ...(e.f ?? {}), _node: BAD_NODE };
  return finalize(
    r,
    "k8s-node-pressure-traced-calls",
    "Kubernetes JSON (trace_id, span_id, pod, namespace, node) for six services; one node thrashes, its payments pod stalls, checkout calls time out with shared trace ids, probes fail, then connections are refused.",
    evs,
  );
}

export function majorityOutage(r: Rng): Scenario {
  const gw = apiGateway(r, "canonical");
  const ord = orders(r, "logback");
  const inv = inventory(r, "zap");
  const svcs = [gw, ord, inv, cart(r, "pino"), search(r, "canonical")];
  const w = windowOf(r, r.int(40, 50));
  const o0 = w.start + r.float(5, 9) * MIN;
  let evs = normalTraffic(r, svcs, w, r.int(1200, 1500), { startup: false, oneOffs: 0 });
  // the shared Postgres primary dies and failover is stuck: nothing that needs the database succeeds
  evs = evs.filter((e) => !(e.t >= o0 && (e.svc === "orders" || e.svc === "inventory") && e.f?.heap_used_pct === undefined));
  evs = evs.filter((e) => !(e.t >= o0 + 3_000 && e.svc === gw.name && e.req && /\/api\/(orders|cart|products)/.test(e.msg)));
  const dbIp = `10.0.9.${r.int(2, 250)}`;
  const out: Ev[] = [...evs];
  out.push(
    ev(
      inv,
      r,
      o0,
      {
        msg: `failed to connect to \`host=inventory-db.shop.svc user=inventory database=inventory\`: dial error (dial tcp ${dbIp}:5432: connect: connection refused)`,
        level: "ERROR",
      },
      "error",
    ),
  );
  for (const t of poissonTimes(r, o0 + 500, w.end, r.float(22, 28))) {
    out.push(
      r.chance(0.55)
        ? ev(
            inv,
            r,
            t,
            {
              msg: `failed to connect to \`host=inventory-db.shop.svc user=inventory database=inventory\`: dial error (dial tcp ${dbIp}:5432: connect: connection refused)`,
              level: "ERROR",
            },
            "error",
          )
        : ev(
            inv,
            r,
            t,
            {
              msg: `GET /v1/stock/SKU-${r.int(10000, 99999)} 503`,
              level: "ERROR",
              f: { latency_ms: Math.round(r.float(1, 4) * 10) / 10, error: "database unavailable" },
            },
            "error",
          ),
    );
  }
  for (const t of poissonTimes(r, o0 + 2_000, w.end, r.float(18, 24))) {
    const x = r.next();
    if (x < 0.4)
      out.push(
        ev(
          ord,
          r,
          t,
          {
            msg: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            level: "WARNING",
            logger: "com.zaxxer.hikari.pool.HikariPool",
          },
          "performance",
        ),
      );
    else if (x < 0.75)
      out.push(
        ev(
          ord,
          r,
          t,
          {
            msg: "Request processing failed: org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection",
            level: "ERROR",
            stack: `org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\nCaused by: org.postgresql.util.PSQLException: Connection to orders-db.shop.svc:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.`,
          },
          "error",
        ),
      );
    else out.push(ev(ord, r, t, { msg: `POST /api/orders 500`, level: "ERROR", f: { duration_ms: 30000 + r.int(1, 60) } }, "performance"));
  }
  for (const t of poissonTimes(r, o0 + 3_000, w.end, r.float(14, 20))) {
    const route = r.pick(["POST /api/orders", `GET /api/orders/${r.uuid()}`, "POST /api/cart/items", `GET /api/products/SKU-${r.int(10000, 99999)}`]);
    out.push(
      r.chance(0.45)
        ? ev(
            gw,
            r,
            t,
            {
              msg: `${route} 504 in ${30000 + r.int(0, 40)}ms upstream=${route.includes("orders") ? "orders" : "inventory"} (upstream request timeout)`,
              level: "ERROR",
            },
            "performance",
          )
        : ev(gw, r, t, { msg: `${route} 503 in ${r.int(2, 40)}ms upstream=${route.includes("orders") ? "orders" : "inventory"}`, level: "ERROR" }, "error"),
    );
  }
  for (let t = o0 + 20_000; t < w.end; t += r.float(40_000, 90_000))
    out.push(
      ev(
        ord,
        r,
        t,
        {
          msg: `Health check failed: db: DOWN (Connection to orders-db.shop.svc:5432 refused)`,
          level: "WARNING",
          logger: "org.springframework.boot.actuate.health.HealthEndpointSupport",
        },
        "error",
      ),
    );
  return finalize(
    r,
    "majority-outage-database-down",
    "Shop services where the shared Postgres primary dies a few minutes in and never comes back in the window: refused connections, 30 s pool timeouts, 500/503/504s - most lines are the outage.",
    out,
  );
}

export function quietBurst(r: Rng): Scenario {
  const a = auth(r, "pino");
  const refresh = a.bg.find((b) => b.gen(r, 0).toString().startsWith("token refreshed"));
  if (refresh) refresh.perHour = 110;
  const svcs = [a, notifications(r, "python"), search(r, "canonical"), shipping(r, "otel")];
  const w = windowOf(r, r.int(150, 200));
  const b0 = w.start + r.float(0.2, 0.85) * (w.end - w.start);
  const b1 = b0 + r.float(55, 80) * 1000;
  const isRefresh = (e: Ev): boolean => e.svc === a.name && e.msg.startsWith("token refreshed for client_id=");
  // normal-rate occurrences inside the burst minute cannot be told apart from the extra ones: all are written below
  const evs = normalTraffic(r, svcs, w, r.int(2300, 3000)).filter((e) => !(isRefresh(e) && e.t >= b0 && e.t < b1));
  const rate = (110 / 60) * r.float(25, 45);
  for (const t of poissonTimes(r, b0, b1, rate))
    evs.push(ev(a, r, t, { msg: `token refreshed for client_id=${r.chance(0.9) ? "mobile-android" : "mobile-ios"}`, level: "INFO" }, "pattern"));
  return finalize(
    r,
    "quiet-burst-token-refresh",
    "A quiet afternoon for four services; for about a minute the ordinary 'token refreshed' line comes 25-45x faster than usual (a client refresh loop), nothing else is wrong.",
    evs,
  );
}
