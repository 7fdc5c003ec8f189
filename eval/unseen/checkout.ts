// A reporting batch job takes every server connection in pgbouncer's pool; the orders service
// (Quarkus) waits for JDBC connections, then times out, and the Istio ingress in front of it turns
// slow and then answers 503/504. The cascade runs root → callers inside one block of the hour.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, type Label, MIN, pgStamp, SEC, USER_AGENTS } from "./kit.js";

export function pgbouncerPoolCascade(seed: number): Scenario {
  const g = new Gen(seed, "pgbouncer-pool-cascade");
  const inc = new Incident();
  const start = baseTime(seed, 14);
  const end = start + 60 * MIN;
  const onset = start + (33 + g.int(0, 4)) * MIN; // the batch job starts
  const starve = onset + 2 * MIN + g.int(0, 60) * SEC; // pool fully taken
  const recover = starve + (9 + g.int(0, 3)) * MIN; // job killed by the DBA
  const pods = ["orders-7c9f6d5b8-2xkqp", "orders-7c9f6d5b8-9hj4v", "orders-7c9f6d5b8-tq6mz"];
  let seq = 1;

  const quarkus = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) => {
    const pod = g.pick(pods);
    inc.add(
      t,
      {
        timestamp: iso(t),
        sequence: seq++,
        loggerClassName: "org.jboss.logging.Logger",
        loggerName: logger,
        level,
        message,
        threadName: `executor-thread-${g.int(1, 48)}`,
        threadId: g.int(30, 140),
        mdc: { traceId: g.hex(32), spanId: g.hex(16) },
        ndc: "",
        hostName: pod,
        processName: "quarkus-run.jar",
        processId: 1,
        service: "orders",
        ...extra,
      },
      label,
    );
  };

  const envoy = (t: number, method: string, path: string, code: number, flags: string, dur: number, upstream: string, label: Label) => {
    const rid = g.uuid();
    const ua = g.pick(USER_AGENTS);
    const up = flags !== "-" ? "-" : String(Math.max(1, Math.round(dur - g.int(0, 3))));
    inc.add(
      t,
      {
        timestamp: iso(t),
        severity_text: "INFO",
        body: `[${iso(t)}] "${method} ${path} HTTP/2" ${code} ${flags} via_upstream - "-" ${g.int(0, 900)} ${g.int(80, 12000)} ${Math.round(dur)} ${up} "${g.ip("203.0.")}" "${ua}" "${rid}" "shop.example.com" "${upstream}"`,
        "service.name": "istio-ingressgateway",
        method,
        path,
        response_code: code,
        response_flags: flags,
        duration: Math.round(dur),
        upstream_cluster: upstream,
        request_id: rid,
        "k8s.pod.name": `istio-ingressgateway-5d8f7b9c4-${g.pick(["x7k2p", "m4q9z"])}`,
      },
      label,
    );
  };

  const pgb = (t: number, level: string, text: string, label: Label = null) => {
    inc.add(t, { time: iso(t), log: `${pgStamp(t)} [1] ${text}\n`, stream: "stderr", level, app: "pgbouncer" }, label);
  };

  // Ingress traffic: orders routes go through the pool; catalog and cart do not.
  for (const t of g.times(start, end, 1900)) {
    const route = g.weighted([
      ["orders", 40],
      ["catalog", 35],
      ["cart", 20],
      ["static", 5],
    ] as const);
    if (route === "orders") {
      const id = g.int(4_000_000, 4_999_999);
      const [method, path] = g.weighted([
        [["GET", `/api/orders/${id}`], 50],
        [["POST", "/api/orders"], 25],
        [["GET", `/api/orders?customer=${g.int(10000, 99999)}&page=${g.int(1, 4)}`], 25],
      ] as const);
      const inStarve = t >= starve && t < recover;
      const inSlow = t >= onset + 40 * SEC && t < recover + 30 * SEC;
      if (inStarve && g.chance(0.55)) {
        const timeout = g.chance(0.6);
        envoy(
          t,
          method,
          path,
          timeout ? 504 : 503,
          timeout ? "UT" : "UC",
          timeout ? 15000 + g.int(0, 40) : g.logNormal(4000, 0.4),
          "outbound|8080||orders.shop.svc.cluster.local",
          "error",
        );
      } else if (inSlow) {
        const d = g.logNormal(t >= starve ? 6500 : 1400, 0.45);
        envoy(t, method, path, 200, "-", d, "outbound|8080||orders.shop.svc.cluster.local", d > 600 ? "performance" : null);
      } else {
        const code = g.weighted([
          [200, 95],
          [404, 3],
          [401, 2],
        ] as const);
        envoy(t, method, path, method === "POST" && code === 200 ? 201 : code, "-", g.logNormal(45, 0.5), "outbound|8080||orders.shop.svc.cluster.local", null);
      }
    } else if (route === "catalog") {
      const sku = `SKU-${g.int(10000, 99999)}`;
      envoy(
        t,
        "GET",
        g.pick([`/api/catalog/items/${sku}`, `/api/catalog/search?q=${g.pick(["boots", "lamp", "desk", "cable", "mug"])}`]),
        200,
        "-",
        g.logNormal(28, 0.5),
        "outbound|8080||catalog.shop.svc.cluster.local",
        null,
      );
    } else if (route === "cart") {
      envoy(t, g.pick(["GET", "PUT"]), `/api/cart/${g.hex(12)}`, 200, "-", g.logNormal(18, 0.45), "outbound|8080||cart.shop.svc.cluster.local", null);
    } else {
      envoy(t, "GET", `/static/js/app.${g.hex(8)}.js`, g.chance(0.8) ? 200 : 304, "-", g.logNormal(4, 0.4), "outbound|80||web.shop.svc.cluster.local", null);
    }
  }

  // Orders service: its own view of the same requests, plus routine lines.
  for (const t of g.times(start, end, 1500)) {
    const id = g.int(4_000_000, 4_999_999);
    if (t >= starve && t < recover) {
      const r = g.next();
      if (r < 0.45) {
        quarkus(t, "ERROR", "io.agroal.pool", "Datasource '<default>': Acquisition timeout while waiting for new connection", {}, "error");
      } else if (r < 0.7) {
        quarkus(
          t,
          "ERROR",
          "org.acme.orders.OrderResource",
          `Failed to load order ${id}: jakarta.persistence.PersistenceException: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection`,
          { exception: { exceptionType: "jakarta.persistence.PersistenceException", message: "Unable to acquire JDBC Connection" } },
          "error",
        );
      } else {
        const d = g.logNormal(5200, 0.35);
        quarkus(
          t,
          "INFO",
          "org.acme.orders.OrderResource",
          `GET /api/orders/${id} served in ${Math.round(d)} ms`,
          { duration_ms: Math.round(d) },
          "performance",
        );
      }
    } else if (t >= onset + 40 * SEC && t < recover + 20 * SEC) {
      const d = g.logNormal(t < starve ? 1300 : 900, 0.4);
      quarkus(
        t,
        "INFO",
        "org.acme.orders.OrderResource",
        `GET /api/orders/${id} served in ${Math.round(d)} ms`,
        { duration_ms: Math.round(d) },
        d > 400 ? "performance" : null,
      );
    } else {
      const kind = g.weighted([
        ["get", 45],
        ["create", 25],
        ["event", 20],
        ["warn", 5],
        ["cache", 5],
      ] as const);
      if (kind === "get") {
        const d = Math.round(g.logNormal(32, 0.5));
        quarkus(t, "INFO", "org.acme.orders.OrderResource", `GET /api/orders/${id} served in ${d} ms`, { duration_ms: d });
      } else if (kind === "create") {
        const d = Math.round(g.logNormal(58, 0.45));
        quarkus(
          t,
          "INFO",
          "org.acme.orders.OrderService",
          `Order ${id} created for customer ${g.int(10000, 99999)} (${g.int(1, 7)} items, total ${g.int(5, 900)}.${g.int(10, 99)} EUR) in ${d} ms`,
          { duration_ms: d },
        );
      } else if (kind === "event") {
        quarkus(t, "INFO", "io.smallrye.reactive.messaging.kafka", `Sent OrderCreated for ${id} to topic orders.events partition ${g.int(0, 11)}`);
      } else if (kind === "warn") {
        quarkus(t, "WARN", "org.acme.orders.StockClient", `Stock reservation for order ${id} retried once: inventory answered 409 (concurrent update)`);
      } else {
        quarkus(t, "DEBUG", "io.quarkus.cache", `Cache 'customer-profile' miss for key ${g.int(10000, 99999)}`);
      }
    }
  }

  // pgbouncer: routine stats and client churn; the batch job's logins, the pool running dry.
  for (const t of g.every(start, end, MIN, 200)) {
    const busy = t >= onset && t < recover + MIN;
    const wait = busy ? (t >= starve ? g.int(2_500_000, 9_000_000) : g.int(180_000, 900_000)) : g.int(3, 40);
    const xact = busy ? g.int(40_000, 160_000) : g.int(900, 1900);
    pgb(
      t,
      "info",
      `LOG stats: ${g.int(110, 190)} xacts/s, ${g.int(250, 420)} queries/s, in ${g.int(40000, 70000)} B/s, out ${g.int(110000, 190000)} B/s, xact ${xact} us, query ${g.int(400, 900)} us, wait ${wait} us`,
      busy ? "performance" : null,
    );
  }
  for (const t of g.times(start, end, 420)) {
    const c = `C-0x${g.hex(12)}`;
    const ip = g.ip("10.42.");
    if (g.chance(0.5)) pgb(t, "info", `LOG ${c}: orders/orders_app@${ip}:${g.int(30000, 60000)} login attempt: db=orders user=orders_app tls=no`);
    else pgb(t, "info", `LOG ${c}: orders/orders_app@${ip}:${g.int(30000, 60000)} closing because: client close request (age=${g.int(60, 3600)}s)`);
  }
  for (const t of g.times(onset, onset + 90 * SEC, 24)) {
    pgb(
      t,
      "info",
      `LOG C-0x${g.hex(12)}: orders/reporting_batch@10.42.${g.int(0, 31)}.${g.int(2, 254)}:${g.int(30000, 60000)} login attempt: db=orders user=reporting_batch tls=no`,
      "pattern",
    );
  }
  for (const t of g.times(starve, recover, 160)) {
    const c = `C-0x${g.hex(12)}`;
    if (g.chance(0.55)) pgb(t, "warning", `WARNING ${c}: orders/orders_app@${g.ip("10.42.")}:${g.int(30000, 60000)} pooler error: query_wait_timeout`, "error");
    else pgb(t, "info", `LOG ${c}: orders/orders_app@${g.ip("10.42.")}:${g.int(30000, 60000)} closing because: query_wait_timeout (age=120s)`, "error");
  }
  pgb(
    recover - 20 * SEC,
    "info",
    `LOG S-0x${g.hex(12)}: orders/reporting_batch@10.40.3.11:5432 closing because: client unexpected eof (age=${g.int(600, 900)}s)`,
    null,
  );

  return inc.build(
    "pgbouncer-pool-cascade",
    "A reporting batch job takes pgbouncer's pool; the Quarkus orders service times out on JDBC and the Istio ingress answers 503/504",
  );
}
