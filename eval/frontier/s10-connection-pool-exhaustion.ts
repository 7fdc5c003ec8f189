// A new fraud-score model (ten times the trees) goes out at night and scoring slows from ~60 ms
// to seconds. checkout-service calls fraud-score inside its @Transactional placeOrder(), so every
// checkout now holds a pooled database connection for seconds: HikariCP's pools (20 per pod) run
// dry, every other endpoint queues for a connection, requests wait up to 30 s and then fail with
// "Connection is not available, request timed out after 30000ms"; Hikari's leak detection reports
// connections held past 10 s; mobile clients give up (499 at Traefik). The model is rolled back
// about a quarter of an hour later and the pools drain.
// Labelled: slow scoring requests, fraud-score read timeouts, slow and timed-out checkout-service
// requests with their exceptions, pool stats with waiting threads, Traefik's slow/499/500 lines
// (performance); the leak-detection warnings (error) and the "unleaked" notices (pattern).
// Decoys: the model deploy itself, pool stats with nobody waiting, Hibernate's in-memory
// pagination warning, broken-pipe warnings from clients that hang up, 404s and 400s, the CSV
// export that always takes seconds (Traefik logs it as slow every time), G1 GC pauses.

import type { Scenario } from "../blind/types.js";
import { isoMs, isoNano, jvmTime, MINUTE, nightStart, SECOND } from "./clock.js";
import { ipPool, podIp, podName, type Req, traffic, isSlow } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { type Entry, type JavaBase, k8sLine, logback, type PodRef, structlog, withPod } from "./producers.js";
import { javaStack } from "./stacks.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "connection-pool-exhaustion";

/** Traefik's JSON access log line (filtered to status 400-599 or duration over 1 s). */
function traefik(t: number, q: Req, status: number, backend: string, rng: Rng): Entry {
  const ns = Math.round(q.ms * 1e6);
  return {
    ClientAddr: `${q.ip}:${rng.int(30000, 65000)}`,
    ClientHost: q.ip,
    DownstreamContentSize: status === 499 ? 0 : q.bytes,
    DownstreamStatus: status,
    Duration: ns,
    OriginContentSize: status === 499 ? 0 : q.bytes,
    OriginDuration: ns - 90000,
    OriginStatus: status === 499 ? 0 : status,
    Overhead: 90000,
    RequestHost: "api.larkspur.shop",
    RequestMethod: q.method,
    RequestPath: q.path,
    RequestProtocol: "HTTP/2.0",
    RetryAttempts: 0,
    RouterName: "checkout-api@kubernetescrd",
    ServiceAddr: backend,
    ServiceName: "checkout-checkout-service-8080@kubernetescrd",
    StartUTC: isoNano(t - q.ms),
    entryPointName: "websecure",
    level: "info",
    msg: "",
    time: isoMs(t).replace(/\.\d+Z$/, "Z"),
  };
}

export function connectionPoolExhaustion(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const onset = start + rng.int(20, 40) * MINUTE;
  const rollback = onset + rng.int(12, 18) * MINUTE;
  const end = rollback + rng.int(11, 18) * MINUTE;
  const fraudSlow = (t: number) => t >= onset && t < rollback;

  const nodes = ["ip-10-50-1-40.ec2.internal", "ip-10-50-2-19.ec2.internal", "ip-10-50-3-77.ec2.internal"];
  const hash = rng.kube(10);
  const pods = nodes.map((node) => {
    const host = podName(rng, "checkout-service", hash);
    return {
      base: { app: "checkout-service", host } as JavaBase,
      ref: {
        pod: host,
        ns: "checkout",
        container: "checkout-service",
        node,
        app: "checkout-service",
        image: "ghcr.io/larkspur/checkout-service:9.4.1",
      } as PodRef,
      ip: podIp(rng),
      exhaustFrom: onset + rng.int(100, 260) * SECOND,
      exhaustTo: rollback + rng.int(20, 70) * SECOND,
    };
  });
  // The third pod took fewer checkouts and only ran dry at the worst of it.
  const last = pods[2]!;
  const mid = (last.exhaustFrom + last.exhaustTo) / 2;
  last.exhaustFrom = mid - rng.int(120, 200) * SECOND;
  last.exhaustTo = mid + rng.int(60, 150) * SECOND;
  const exhausted = (pi: number, t: number) => t >= pods[pi]!.exhaustFrom && t < pods[pi]!.exhaustTo;
  const depth = (pi: number, t: number) => {
    const p = pods[pi]!;
    const x = Math.min(1, (t - p.exhaustFrom) / (4 * MINUTE), (p.exhaustTo - t) / (2 * MINUTE));
    return Math.max(1, Math.round(x * rng.int(30, 70)));
  };
  const fraudHash = rng.kube(10);
  const fraudPods: PodRef[] = [0, 1].map((i) => ({
    pod: podName(rng, "fraud-score", fraudHash),
    ns: "risk",
    container: "fraud-score",
    node: nodes[i]!,
    app: "fraud-score",
    image: "ghcr.io/larkspur/fraud-score:4.2.0",
  }));
  const thread = () => `http-nio-8080-exec-${rng.int(1, 200)}`;

  // --- model deploy and rollback (normal-looking operations) --------------------------------------
  const fs = (t: number, lvl: "info" | "warn", event: string, kv: Entry, p: PodRef, label: Label = null) =>
    tl.add(t, withPod(structlog(t, "fraud-score", lvl, "fraud.app", event, kv), p), label);
  for (const [t, version, trees] of [
    [onset, "gbm-2025.11.17", 1200],
    [rollback, "gbm-2025.10.02", 120],
  ] as const) {
    fraudPods.forEach((p, i) => {
      const tt = t + i * rng.int(3, 9) * SECOND;
      fs(tt, "info", "model_reload_requested", { source: "s3://larkspur-models/fraud/current", by: "model-registry-webhook" }, p);
      fs(tt + rng.int(1500, 4000), "info", "model_loaded", { version, trees, features: 212, load_ms: rng.int(900, 3500) }, p);
    });
  }

  // --- traffic ----------------------------------------------------------------------------------------
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(1700, 1900),
    insts: ["0", "1", "2"],
    ips: ipPool(rng, 220),
    routes: [
      { method: "POST", route: "checkout", path: () => "/api/checkout", weight: 16, med: 140, sigma: 0.35, statuses: [[400, 0.02]] },
      { method: "GET", route: "cart", path: () => "/api/cart", weight: 34, med: 18, sigma: 0.4 },
      { method: "GET", route: "shipping", path: () => "/api/checkout/shipping-options", weight: 18, med: 30, sigma: 0.4 },
      { method: "GET", route: "order", path: (r) => `/api/orders/${r.int(5000000, 5999999)}`, weight: 20, med: 15, sigma: 0.4, statuses: [[404, 0.03]] },
      { method: "GET", route: "export", path: () => "/api/orders/export.csv", weight: 0.7, med: 4200, sigma: 0.35 },
    ],
  });
  const fraudCaller = ["10.244.1.9", "10.244.2.71", "10.244.3.40"];
  for (const q of reqs) {
    const pi = Number(q.inst);
    const p = pods[pi]!;
    const mdc: Entry = { traceId: rng.hex(32), spanId: rng.hex(16) };
    let timedOut = false;
    if (q.route === "checkout" && q.status === 200) {
      // The call to fraud-score, inside the transaction.
      let fms = rng.logNormal(60, 0.3);
      if (fraudSlow(q.t)) fms = rng.logNormal(4200, 0.55);
      const tStart = q.t - q.ms;
      const fp = rng.pick(fraudPods);
      const served = Math.min(fms, 10000);
      const fLabel: Label = fraudSlow(q.t) && fms > 60 * Math.exp(3.2 * 0.3) ? "performance" : null;
      fs(
        tStart + 20 + fms,
        "info",
        "request_finished",
        {
          method: "POST",
          path: "/v1/score",
          status_code: 200,
          duration_ms: Number(fms.toFixed(1)),
          client: fraudCaller[pi],
          model: fraudSlow(q.t) ? "gbm-2025.11.17" : "gbm-2025.10.02",
        },
        fp,
        fLabel,
      );
      if (fms > 10000) {
        tl.add(
          tStart + 10020,
          logback(
            tStart + 10020,
            p.base,
            "warn",
            "com.larkspur.checkout.fraud.FraudClient",
            thread(),
            'fraud-score call failed, sending order to manual review: I/O error on POST request for "http://fraud-score.risk.svc:8000/v1/score": Read timed out',
            mdc,
          ),
          "performance",
        );
      }
      q.ms += served;
      if (exhausted(pi, q.t)) q.ms += rng.float(500, 12000);
      if (isSlow(q)) q.label = "performance";
      if (q.ms > 10000 && rng.chance(0.3)) {
        const tl0 = tStart + 10000 + rng.int(5, 400);
        const conn = rng.hex(8);
        const th = thread();
        tl.add(
          tl0,
          logback(
            tl0,
            p.base,
            "warn",
            "com.zaxxer.hikari.pool.ProxyLeakTask",
            "HikariPool-1 housekeeper",
            `Connection leak detection triggered for org.postgresql.jdbc.PgConnection@${conn} on thread ${th}, stack trace follows`,
            {},
            javaStack("java.lang.Exception: Apparent connection leak detected", [
              "com.larkspur.checkout.service.CheckoutService.placeOrder(CheckoutService.java:88)",
              "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
              "org.springframework.aop.support.AopUtils.invokeJoinpointUsingReflection(AopUtils.java:359)",
              "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:119)",
              "com.larkspur.checkout.api.CheckoutController.checkout(CheckoutController.java:54)",
            ]),
          ),
          "error",
        );
        tl.add(
          q.t + 2,
          logback(
            q.t + 2,
            p.base,
            "info",
            "com.zaxxer.hikari.pool.ProxyLeakTask",
            thread(),
            `Previously reported leaked connection org.postgresql.jdbc.PgConnection@${conn} on thread ${th} was returned to the pool (unleaked)`,
          ),
          "pattern",
        );
      }
      q.t = tStart + q.ms;
    } else if (exhausted(pi, q.t) && q.status < 400 && q.route !== "export") {
      if (rng.chance(0.55)) {
        timedOut = true;
        q.ms = 30000 + rng.float(2, 40);
        q.status = 500;
        const d = depth(pi, q.t);
        tl.add(
          q.t - 2,
          logback(
            q.t - 2,
            p.base,
            "error",
            "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
            thread(),
            "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction] with root cause",
            mdc,
            javaStack(
              `java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting=${d})`,
              [
                "com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)",
                "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)",
                "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)",
                "com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:99)",
                "org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)",
                "org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:420)",
              ],
            ),
          ),
          "performance",
        );
      } else q.ms += rng.float(400, 28000);
      q.label = isSlow(q) ? "performance" : null;
    }
    if (q.route === "order" && q.status === 200 && rng.chance(0.04))
      tl.add(
        q.t - 3,
        logback(
          q.t - 3,
          p.base,
          "warn",
          "org.hibernate.orm.query",
          thread(),
          "HHH90003004: firstResult/maxResults specified with collection fetch; applying in memory",
          mdc,
        ),
      );
    if (q.status < 400 && q.label === null && rng.chance(0.006))
      tl.add(
        q.t + 1,
        logback(
          q.t + 1,
          p.base,
          "warn",
          "org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver",
          thread(),
          "Resolved [org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe]",
          mdc,
        ),
      );
    tl.add(
      q.t,
      logback(
        q.t,
        p.base,
        q.status >= 500 ? "error" : "info",
        "com.larkspur.checkout.web.AccessLog",
        thread(),
        `${q.method} ${q.path} ${q.status} (${Math.round(q.ms)} ms)`,
        { ...mdc, status: q.status, duration_ms: Math.round(q.ms) },
      ),
      q.label,
    );
    // Traefik logs only errors and requests over a second; clients give up after 15 s.
    const backend = `${p.ip}:8080`;
    if (q.ms > 15000 && q.route !== "export") {
      const tg = q.t - q.ms + 15000 + rng.int(0, 30);
      const gaveUp: Req = { ...q, ms: 15000 + rng.float(0, 30) };
      tl.add(tg, traefik(tg, gaveUp, 499, backend, rng), "performance");
    } else if (q.ms > 1000 || q.status >= 400) tl.add(q.t + 1, traefik(q.t + 1, q, q.status, backend, rng), timedOut ? "performance" : q.label);
  }

  // --- Hikari housekeeping per pod ------------------------------------------------------------------
  pods.forEach((p, pi) => {
    for (const t of rng.ticks(start, end, 30 * SECOND, 200)) {
      if (exhausted(pi, t)) {
        tl.add(
          t,
          logback(
            t,
            p.base,
            "debug",
            "com.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 housekeeper",
            `HikariPool-1 - Pool stats (total=20, active=20, idle=0, waiting=${depth(pi, t)})`,
          ),
          "performance",
        );
      } else {
        const active = rng.int(0, 5);
        tl.add(
          t,
          logback(
            t,
            p.base,
            "debug",
            "com.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 housekeeper",
            `HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=0)`,
          ),
        );
        tl.add(
          t + 1,
          logback(
            t + 1,
            p.base,
            "debug",
            "com.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 housekeeper",
            "HikariPool-1 - Fill pool skipped, pool has sufficient level or currently being filled (queueing=0).",
          ),
        );
      }
    }
    let gc = rng.int(3000, 8000);
    for (const t of rng.ticks(start, end, 60 * SECOND, 30 * SECOND)) {
      gc += 1;
      tl.add(
        t,
        k8sLine(
          t,
          p.ref,
          "stdout",
          `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Young (Normal) (G1 Evacuation Pause) ${rng.int(900, 1100)}M->${rng.int(250, 380)}M(2048M) ${rng.float(4, 16).toFixed(3)}ms`,
        ),
      );
    }
  });
  // fraud-score also serves the account-risk batch all night.
  for (const t of rng.times(start, end, rng.int(120, 180))) {
    const fms = fraudSlow(t) ? rng.logNormal(4200, 0.55) : rng.logNormal(60, 0.3);
    fs(
      t,
      "info",
      "request_finished",
      {
        method: "POST",
        path: "/v1/score",
        status_code: 200,
        duration_ms: Number(fms.toFixed(1)),
        client: "10.244.5.12",
        model: fraudSlow(t) ? "gbm-2025.11.17" : "gbm-2025.10.02",
      },
      rng.pick(fraudPods),
      fraudSlow(t) && fms > 60 * Math.exp(3.2 * 0.3) ? "performance" : null,
    );
  }
  return tl.scenario(
    NAME,
    "A slower fraud model makes checkout hold database connections for seconds; Hikari pools run dry and requests time out after 30 s until a rollback.",
  );
}
