// A fault in one service spreading to its callers: the root's latency or errors first, then
// the callers' timeouts and failures. Every line the fault caused is labelled.

import type { AnomalyType, CascadeScenario, Ev } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { javaStack, outOfMemory, timeout } from "./faults.js";
import { type Rng, round } from "./prng.js";
import { ev, type Line, makeSvc, memStats, requestLine, type Route, type Svc, startTime, traffic, withoutRuntimeStats } from "./services.js";
import { MIN } from "./timeline.js";

type Effect = (r: Rng, s: Svc, e: Ev) => [Line, AnomalyType] | null;

/**
 * Rewrites the normal request lines of `s` in [from, to) into the lines the fault causes,
 * each with chance p(t); the effect may decline (null) to leave a line normal.
 */
function affect(r: Rng, events: Ev[], s: Svc, from: number, to: number, p: (t: number) => number, effect: Effect): void {
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Ev;
    if (e.svc !== s.name || !e.req || e.label !== null || e.t < from || e.t >= to) continue;
    if (!r.chance(p(e.t))) continue;
    const out = effect(r, s, e);
    if (out === null) continue;
    events[i] = ev(r, s, e.t, out[0], out[1], e.inst);
  }
}

const ramp = (from: number, full: number, peak: number) => (t: number) => (t >= full ? peak : (peak * (t - from)) / Math.max(1, full - from));
const route = (m: string, path: string): Route => ({ m, p: () => path, w: 1 });

function cascadeResult(name: string, description: string, events: Ev[], root: Svc, onsetMs: number, svcs: Svc[]): CascadeScenario {
  return { ...assemble(name, description, events), rootService: root.name, onsetMs, services: svcs.map((s) => s.name) };
}

function inventoryDbPool(r: Rng): CascadeScenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 2 });
  const checkout = makeSvc(r, "checkout-service", "checkout", "pino", { weight: 0.9 });
  const cart = makeSvc(r, "cart-service", "cart", "pino", { weight: 1.2 });
  const inv = makeSvc(r, "inventory-service", "inventory", "logback", { weight: 1.4 });
  const cat = makeSvc(r, "catalog-service", "catalog", "zap", { weight: 1.2 });
  const auth = makeSvc(r, "auth-service", "auth", "k8s", { weight: 0.8 });
  const pay = makeSvc(r, "payment-service", "payment", "logback", { weight: 0.5 });
  const notif = makeSvc(r, "notification-service", "notification", "python", { weight: 0.4 });
  const svcs = [gw, checkout, cart, inv, cat, auth, pay, notif];
  const onset = t0 + r.int(22, 30) * MIN + r.int(0, 59_000);
  const fixed = onset + r.int(12, 16) * MIN;

  const events = traffic(r, svcs, t0, t1, 4650);
  // HikariCP's housekeeper: pool stats every 30 s per pod, routine
  for (const pod of inv.pods) {
    for (let t = t0 + r.int(0, 30_000); t < t1; t += 30_000) {
      const bad = t >= onset + 40_000 && t < fixed;
      const waiting = bad ? r.int(12, 80) : 0;
      const active = bad ? 20 : r.int(1, 7);
      events.push(
        ev(
          r,
          inv,
          t,
          {
            level: "DEBUG",
            msg: `HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=${waiting})`,
            logger: "com.zaxxer.hikari.pool.HikariPool",
            f: { thread_name: "HikariPool-1 housekeeper" },
          },
          bad ? "performance" : null,
          pod,
        ),
      );
    }
  }
  // the root: a slow locking query holds connections, the pool runs dry
  for (let t = onset, i = 0; t < fixed; t += r.exp(i < 6 ? 9_000 : 20_000), i++) {
    events.push(
      ev(
        r,
        inv,
        Math.floor(t),
        {
          level: "WARNING",
          msg: `slow query (${r.int(2800, 29000)} ms): select s.sku, s.on_hand, s.reserved from stock_levels s where s.sku=? for update`,
          logger: "org.hibernate.SQL_SLOW",
        },
        "performance",
      ),
    );
  }
  affect(r, events, inv, onset, fixed, ramp(onset, onset + 2 * MIN, 0.85), (rr, s) => {
    if (rr.chance(0.45)) return [requestLine(rr, s, { dur: rr.float(4000, 29000), status: 200 }), "performance"];
    if (rr.chance(0.6))
      return [
        {
          level: "ERROR",
          msg: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
          logger: "com.zaxxer.hikari.pool.HikariPool",
          stack: javaStack(rr, s, "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms."),
          f: { elapsed_ms: 30000 + rr.int(0, 30) },
        },
        "performance",
      ];
    return [requestLine(rr, s, { dur: 30000 + rr.int(0, 60), status: 500 }), "error"];
  });
  const callersFrom = onset + r.int(30, 70) * 1000;
  affect(r, events, cart, callersFrom, fixed + 20_000, ramp(callersFrom, callersFrom + 90_000, 0.5), (rr, s) => {
    if (rr.chance(0.55)) return [timeout(rr, s, "inventory-service", 5000), "performance"];
    return [requestLine(rr, s, { route: route("POST", `/api/cart/${rr.uuid()}/items`), status: 503, dur: 5000 + rr.int(2, 30) }), "error"];
  });
  affect(r, events, checkout, callersFrom, fixed + 30_000, ramp(callersFrom, callersFrom + 90_000, 0.75), (rr, s) => {
    const x = rr.next();
    if (x < 0.35) return [requestLine(rr, s, { route: route("POST", "/api/checkout"), dur: rr.float(8000, 30000), status: 200 }), "performance"];
    if (x < 0.7)
      return [
        {
          level: "ERROR",
          msg: "order placement failed: inventory reservation unavailable",
          f: { err: { type: "UpstreamError", message: "inventory-service responded 500" } },
        },
        "error",
      ];
    return [requestLine(rr, s, { route: route("POST", "/api/checkout"), status: 503, dur: rr.float(5000, 9000) }), "error"];
  });
  const gwFrom = callersFrom + r.int(10, 40) * 1000;
  affect(r, events, gw, gwFrom, fixed + 40_000, ramp(gwFrom, gwFrom + 120_000, 0.4), (rr, s) => {
    const path = rr.chance(0.5) ? "/api/checkout" : `/api/cart/${rr.uuid()}/items`;
    if (rr.chance(0.5)) return [requestLine(rr, s, { route: route("POST", path), status: 504, dur: 30000 + rr.int(0, 20) }), "performance"];
    return [requestLine(rr, s, { route: route("POST", path), status: rr.pick([502, 503]), dur: rr.float(20, 6000) }), "error"];
  });
  // the fix: a rollback of the locking change, routine deploy lines
  for (const pod of inv.pods) {
    const t = fixed - r.int(5, 40) * 1000;
    events.push(
      ev(
        r,
        inv,
        t,
        {
          level: "INFO",
          msg: "Commencing graceful shutdown. Waiting for active requests to complete",
          logger: "org.springframework.boot.web.embedded.tomcat.GracefulShutdown",
        },
        null,
        pod,
      ),
    );
    events.push(ev(r, inv, t + 400, { level: "INFO", msg: "HikariPool-1 - Shutdown initiated...", logger: "com.zaxxer.hikari.HikariDataSource" }, null, pod));
    events.push(
      ev(
        r,
        inv,
        t + 9000,
        {
          level: "INFO",
          msg: "Started InventoryApplication in 11.84 seconds (process running for 12.6)",
          logger: "com.example.inventory.InventoryApplication",
        },
        null,
        pod,
      ),
    );
  }
  return cascadeResult(
    "cascade-inventory-db-pool",
    "A locking query exhausts inventory's connection pool: slow queries and pool timeouts at the root, then cart and checkout timeouts and 503s, then gateway 502/504s, until a rollback",
    events,
    inv,
    onset,
    svcs,
  );
}

function authMemoryLeak(r: Rng): CascadeScenario {
  const t0 = startTime(r);
  const t1 = t0 + 90 * MIN;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 2 });
  const auth = makeSvc(r, "auth", "auth", "pino", { weight: 1.3, pods: 2 });
  const cart = makeSvc(r, "cart", "cart", "pino", { weight: 1.1 });
  const checkout = makeSvc(r, "checkout", "checkout", "pino", { weight: 0.7 });
  const prof = makeSvc(r, "profile", "profile", "zap", { weight: 1 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1.2 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 0.9 });
  const notif = makeSvc(r, "notification", "notification", "python", { weight: 0.4 });
  const svcs = [gw, auth, cart, checkout, prof, cat, search, notif];
  withoutRuntimeStats(auth); // its memory lines are written below
  const events = traffic(r, svcs, t0, t1, 4600);

  // a leak in a JWKS/session map: heap climbs from ~55 % to the limit, pod by pod
  const crash = new Map<string, number>();
  let onset = t1;
  auth.pods.forEach((pod, k) => {
    const start = t0 + r.int(0, 5) * MIN;
    const full = t0 + (k === 0 ? r.int(62, 68) : r.int(72, 80)) * MIN;
    crash.set(pod, full);
    for (let t = start + r.int(0, 20_000); t < t1; t += 20_000 + r.int(-1500, 1500)) {
      const restarted = t > full;
      const p = restarted ? r.normal(50, 3) : 52 + (47 * (t - start)) / (full - start) + r.normal(0, 1.2);
      const pct = round(Math.min(99.6, p), 1);
      const bad = !restarted && pct >= 85;
      if (bad) onset = Math.min(onset, t);
      events.push(
        ev(
          r,
          auth,
          t,
          bad && pct > 93 ? memStats(r, auth, pct, "WARNING", `heap usage ${Math.round(pct)}% of heap_size_limit`) : memStats(r, auth, pct),
          bad ? "memory" : null,
          pod,
        ),
      );
      if (bad && pct > 90 && r.chance(0.5))
        events.push(
          ev(
            r,
            auth,
            t + r.int(200, 4000),
            {
              level: "WARNING",
              msg: `long GC pause: mark-compact ${r.int(400, 2200)} ms, heap ${Math.round((auth.limitMb * pct) / 100)}MB of ${auth.limitMb}MB`,
            },
            "memory",
            pod,
          ),
        );
    }
    events.push(ev(r, auth, full, outOfMemory(r, auth), "memory", pod));
    events.push(ev(r, auth, full + 1, { level: "CRITICAL", msg: "process exited with code 134 (SIGABRT)" }, "error", pod));
    events.push(
      ev(r, auth, full + r.int(4000, 9000), { level: "INFO", msg: "auth service v3.8.2 starting (node v20.11.1, NODE_ENV=production)" }, "pattern", pod),
    );
    events.push(
      ev(r, auth, full + r.int(9500, 11000), { level: "INFO", msg: "loaded 4 signing keys from vault, server listening on 0.0.0.0:8080" }, "pattern", pod),
    );
  });
  const firstCrash = Math.min(...crash.values());
  const lastCrash = Math.max(...crash.values());
  // auth requests slow down as GC eats the CPU, and fail around the crashes
  const slowFrom = onset + 4 * MIN;
  affect(r, events, auth, slowFrom, lastCrash + 15_000, ramp(slowFrom, firstCrash, 0.8), (rr, s, e) => {
    const near = [...crash.values()].some((c) => Math.abs(e.t - c) < 15_000);
    if (near) return [requestLine(rr, s, { status: 503, dur: rr.float(1, 20) }), "error"];
    return [requestLine(rr, s, { dur: s.median * rr.float(8, 60), status: 200 }), "performance"];
  });
  const callersFrom = slowFrom + 5 * MIN;
  for (const c of [cart, checkout]) {
    affect(r, events, c, callersFrom, lastCrash + 30_000, ramp(callersFrom, firstCrash, 0.3), (rr, s, e) => {
      const near = [...crash.values()].some((x) => e.t >= x - 5000 && e.t < x + 25_000);
      if (near)
        return [
          {
            level: "ERROR",
            msg: "token validation failed: connect ECONNREFUSED auth:8080",
            f: { res: { statusCode: 401 }, err: { type: "Error", code: "ECONNREFUSED" } },
          },
          "error",
        ];
      return [timeout(rr, s, "auth", 2000), "performance"];
    });
  }
  affect(r, events, gw, callersFrom, lastCrash + 30_000, ramp(callersFrom, firstCrash, 0.25), (rr, s, e) => {
    const near = [...crash.values()].some((x) => e.t >= x - 5000 && e.t < x + 25_000);
    if (near) return [requestLine(rr, s, { route: route("POST", "/api/auth/token"), status: 503, dur: rr.float(1, 30) }), "error"];
    if (rr.chance(0.6)) return [requestLine(rr, s, { route: route("POST", "/api/auth/token"), dur: rr.float(1500, 9000), status: 200 }), "performance"];
    return null;
  });
  return cascadeResult(
    "cascade-auth-memory-leak",
    "A heap leak in the Node auth service: memory climbs past 85 %, GC pauses slow its token calls, callers time out, then each pod dies out of memory and restarts while gateway and callers return 401/503",
    events,
    auth,
    onset,
    svcs,
  );
}

function coreDnsLine(r: Rng, name: string, rcode: string, secs: number): string {
  const flags = rcode === "NOERROR" ? (name.endsWith("cluster.local.") ? "qr,aa,rd" : "qr,rd,ra") : "qr,rd";
  const size = rcode === "NOERROR" ? r.int(90, 260) : r.int(30, 60);
  return `[INFO] ${r.privateIp()}:${r.int(32768, 60999)} - ${r.int(1, 65535)} "${r.pick(["A", "A", "AAAA"])} IN ${name} udp ${r.int(30, 80)} false 512" ${rcode} ${flags} ${size} ${secs.toFixed(6)}s`;
}

function dnsServfail(r: Rng): CascadeScenario {
  const t0 = startTime(r);
  const t1 = t0 + 45 * MIN;
  const dns = makeSvc(r, "coredns", "pricing", "k8s", { weight: 2.2, ns: "kube-system", pods: 2 });
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.6 });
  const checkout = makeSvc(r, "checkout", "checkout", "pino", { weight: 0.8 });
  const pay = makeSvc(r, "payment", "payment", "zap", { weight: 0.9 });
  const notif = makeSvc(r, "notification", "notification", "python", { weight: 0.7 });
  const ship = makeSvc(r, "shipping", "shipping", "k8s", { weight: 0.7 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1 });
  const svcs = [dns, gw, checkout, pay, notif, ship, cat];
  const internal = [
    "payment.prod.svc.cluster.local.",
    "checkout.prod.svc.cluster.local.",
    "catalog.prod.svc.cluster.local.",
    "redis-master.prod.svc.cluster.local.",
    "postgres-rw.prod.svc.cluster.local.",
    "kafka-0.kafka-headless.prod.svc.cluster.local.",
  ];
  const external = ["api.stripe.com.", "smtp.sendgrid.net.", "onlinetools.ups.com.", "api.dhl.com.", "sqs.eu-west-1.amazonaws.com."];
  dns.reqShare = 0.96;
  dns.bg = [
    [() => ({ level: "INFO", msg: "[INFO] plugin/reload: Running configuration SHA512 = 1f3c0a8e54b2d7c9a4a3d62c8d0b1b5d" }), 0.1],
    [() => ({ level: "WARNING", msg: "[WARNING] No files matching import glob pattern: /etc/coredns/custom/*.override" }), 1],
  ];
  const events = traffic(r, svcs, t0, t1, 4700);
  const onset = t0 + r.int(16, 24) * MIN + r.int(0, 59_000);
  const fixed = onset + r.int(9, 13) * MIN;
  // coredns query lines: internal names answered from the cluster zone, external forwarded upstream
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Ev;
    if (e.svc !== dns.name || !e.req) continue;
    const ext = r.chance(0.3);
    const name = ext ? r.pick(external) : r.pick(internal);
    const broken = ext && e.t >= onset && e.t < fixed && r.chance(0.9);
    const line = broken
      ? coreDnsLine(r, name, "SERVFAIL", r.float(2.0, 2.01))
      : coreDnsLine(r, name, "NOERROR", ext ? r.lognormal(0.004, 0.6) : r.lognormal(0.00015, 0.5));
    events[i] = ev(r, dns, e.t, { level: "INFO", msg: line }, broken ? "error" : null, e.inst);
  }
  for (let t = onset + r.int(0, 3000); t < fixed; t += r.exp(4000)) {
    events.push(
      ev(
        r,
        dns,
        Math.floor(t),
        {
          level: "ERROR",
          msg: `[ERROR] plugin/errors: 2 ${r.pick(external)} ${r.pick(["A", "AAAA"])}: read udp ${r.privateIp()}:${r.int(32768, 60999)}->10.0.0.2:53: i/o timeout`,
        },
        "performance",
      ),
    );
  }
  const from = onset + r.int(5, 20) * 1000;
  affect(
    r,
    events,
    pay,
    from,
    fixed,
    () => 0.7,
    (rr) => [
      {
        level: "ERROR",
        msg: "charge failed",
        f: {
          error: 'Post "https://api.stripe.com/v1/payment_intents": dial tcp: lookup api.stripe.com on 10.96.0.10:53: server misbehaving',
          provider: "stripe",
          order_id: `ord_${rr.alnum(14)}`,
        },
      },
      "error",
    ],
  );
  affect(
    r,
    events,
    notif,
    from,
    fixed,
    () => 0.7,
    (rr, s) => [
      {
        level: "ERROR",
        msg: "failed to deliver email batch",
        stack: `Traceback (most recent call last):\n  File "/app/notification/smtp.py", line ${rr.int(40, 90)}, in send\n    conn = smtplib.SMTP("smtp.sendgrid.net", 587, timeout=10)\n  File "/usr/local/lib/python3.11/socket.py", line 962, in getaddrinfo\n    for res in _socket.getaddrinfo(host, port, family, type, proto, flags):\nsocket.gaierror: [Errno -3] Temporary failure in name resolution`,
        logger: `${s.logger}.smtp`,
      },
      "error",
    ],
  );
  affect(
    r,
    events,
    ship,
    from,
    fixed,
    () => 0.6,
    (rr) => [
      {
        level: "ERROR",
        msg: "carrier rate request failed",
        f: {
          error: `Post "https://onlinetools.ups.com/api/rating/v1/Shop": dial tcp: lookup onlinetools.ups.com: i/o timeout`,
          latency_ms: round(rr.float(5000, 5050), 1),
        },
      },
      "performance",
    ],
  );
  const cFrom = from + r.int(5, 20) * 1000;
  affect(
    r,
    events,
    checkout,
    cFrom,
    fixed + 10_000,
    () => 0.6,
    (rr, s) =>
      rr.chance(0.6)
        ? [
            {
              level: "ERROR",
              msg: "payment authorization failed: payment responded 502",
              f: { err: { type: "UpstreamError", message: "Request failed with status code 502" } },
            },
            "error",
          ]
        : [requestLine(rr, s, { route: route("POST", "/api/checkout"), status: 502, dur: rr.float(2100, 2600) }), "error"],
  );
  affect(
    r,
    events,
    gw,
    cFrom + 5000,
    fixed + 15_000,
    () => 0.15,
    (rr, s) => [requestLine(rr, s, { route: route("POST", "/api/checkout"), status: 502, dur: rr.float(2150, 2700) }), "error"],
  );
  events.push(ev(r, dns, fixed - 2000, { level: "INFO", msg: "[INFO] Reloading" }, null));
  events.push(ev(r, dns, fixed - 500, { level: "INFO", msg: "[INFO] plugin/reload: Running configuration SHA512 = 7a0e6b1d2c4f8e9a3b5c7d9e1f2a4b6c" }, null));
  events.push(ev(r, dns, fixed, { level: "INFO", msg: "[INFO] Reloading complete" }, null));
  return cascadeResult(
    "cascade-dns-servfail",
    "The cluster's upstream resolver stops answering: CoreDNS logs i/o timeouts and SERVFAILs for external names, then payment, email and shipping fail to resolve their providers and checkout and the gateway return 502s",
    events,
    dns,
    onset,
    svcs,
  );
}

export function cascadeScenarios(r: Rng): CascadeScenario[] {
  return [inventoryDbPool(r.fork("inventory-db-pool")), authMemoryLeak(r.fork("auth-leak")), dnsServfail(r.fork("dns"))];
}
