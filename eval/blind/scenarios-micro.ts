// Micro-service incidents: scattered mixed anomalies, relative latency, repeated error, odd INFO lines.

import { exceptionLine, longJson, oddLine, slowRequest } from "./anomalies.js";
import { apiGateway, auth, cart, inventory, notifications, orders, payments, pricing, reportService, search, sessionCache } from "./catalog-shop.js";
import { clientIp, customer, orderId, USER_AGENTS } from "./ids.js";
import { scatteredTimes, type Rng } from "./random.js";
import { episode, episodeTimes, normalTraffic, typeMix, windowOf } from "./scen-util.js";
import { MIN } from "./time.js";
import { ev, finalize, type Svc } from "./traffic.js";
import type { Ev, Scenario } from "./types.js";

export function scatteredMixed(r: Rng): Scenario {
  const svcs = [
    apiGateway(r, "canonical"),
    orders(r, "logback"),
    payments(r, "python"),
    inventory(r, "zap"),
    auth(r, "pino"),
    search(r, "canonical"),
    cart(r, "k8s"),
    notifications(r, "python"),
  ];
  // the gateway's access lines are canonical JSON, its own application lines come from zap
  for (const b of svcs[0]!.bg) b.prod = "zap";
  svcs[0]!.periodic[1]!.prod = "zap";
  const w = windowOf(r, r.int(100, 140));
  const evs = normalTraffic(r, svcs, w, r.int(4200, 5600));
  const types = typeMix(r, 22, 4);
  episodeTimes(r, w, types.length).forEach((t, i) => {
    evs.push(...episode(r, types[i] ?? "error", svcs, t));
  });
  return finalize(
    r,
    "microservices-scattered-mixed",
    "Eight shop services over two hours; short slow-request, memory, exception and odd-line episodes scattered from the first minutes to the end.",
    evs,
  );
}

function exportWorker(r: Rng): Svc {
  const s = reportService(r, "python", "export-worker");
  s.lang = "python";
  s.reqPerMin = 0.8;
  s.routes = [
    {
      m: "POST",
      path: (r) => `/exports/${r.pick(["orders-csv", "customers-xlsx", "invoices-pdf"])}`,
      med: 8200,
      sig: 0.35,
      w: 1,
      render: (r, ms, _st, p) => ({
        msg: `export ${p.slice(9)} finished files=${r.int(1, 12)} took ${(ms / 1000).toFixed(1)} s`,
        f: { elapsed_ms: Math.round(ms) },
        logger: "exports.runner",
      }),
    },
  ];
  s.startup = ["rq worker export-worker started, queues: exports", "Listening on exports..."];
  s.oneOffs = ["s3 bucket acme-exports lifecycle rule verified (expire after 7d)"];
  return s;
}

export function relativeLatency(r: Rng): Scenario {
  const cache = sessionCache(r, "zap");
  const report = reportService(r, "logback");
  const inv = inventory(r, "canonical");
  const price = pricing(r, "k8s");
  const exp = exportWorker(r);
  const gw = apiGateway(r, "k8s");
  gw.deps = ["pricing", "inventory", "report-service"];
  const svcs = [cache, report, inv, price, exp, gw];
  const w = windowOf(r, r.int(90, 120));
  const evs = normalTraffic(r, svcs, w, r.int(3800, 5000));
  // slowness relative to each service: a 120-400 ms cache hit is as bad as a 60-180 s report
  const slowPlan: [Svc, number, number][] = [
    [cache, 40, 150],
    [inv, 30, 90],
    [price, 20, 60],
    [report, 25, 80],
    [exp, 15, 40],
  ];
  episodeTimes(r, w, 14).forEach((t, i) => {
    const [svc, lo, hi] = slowPlan[i % slowPlan.length] ?? slowPlan[0]!;
    const n = r.int(1, 4);
    for (let k = 0; k < n; k++) evs.push(slowRequest(svc, r, t + r.float(0, 30_000), r.float(lo, hi)));
  });
  for (const t of episodeTimes(r, w, 6)) evs.push(...episode(r, r.pick(["error", "memory", "pattern"] as const), [report, inv, price, gw], t));
  return finalize(
    r,
    "latency-relative-cache-vs-reports",
    "A 2 ms session cache next to a 2 s report service and an 8 s export worker; slowness is relative per service and scattered over the window.",
    evs,
  );
}

export function repeatedNpe(r: Rng): Scenario {
  const gw = apiGateway(r, "canonical");
  const ord = orders(r, "logback");
  const svcs = [gw, ord, inventory(r, "zap"), auth(r, "pino"), cart(r, "pino"), payments(r, "python")];
  const w = windowOf(r, r.int(80, 110));
  const evs = normalTraffic(r, svcs, w, r.int(3000, 4200), { noErrors: true });
  for (const t of scatteredTimes(r, w.start + 2 * MIN, w.end - MIN, r.int(18, 22))) {
    evs.push(exceptionLine(ord, r, t, 0));
    const gwLine = {
      msg: `HTTP 500 Internal Server Error on POST /api/orders (upstream=orders) in ${Math.round(r.logNormal(190, 0.3))}ms`,
      level: "ERROR" as const,
    };
    evs.push(ev(gw, r, t + r.int(3, 60), gwLine, "error"));
  }
  return finalize(
    r,
    "repeated-npe-no-routine-errors",
    "Services with no ERROR lines in normal operation; the same NullPointerException in orders (and the gateway's HTTP 500 on POST /api/orders) recurs ~20 times across the window.",
    evs,
  );
}

export function oddInfoLines(r: Rng): Scenario {
  const gw = apiGateway(r, "canonical");
  gw.bg.push({
    perHour: 25,
    level: "INFO",
    gen: (r) =>
      `audit: user=${customer(r)} action=${r.pick(["view_order", "update_address", "download_invoice"])} resource=/api/orders/${orderId(r)} ip=${clientIp(r)} ua="${r.pick(USER_AGENTS)}" session=s_${r.alnum(16)} result=allowed`,
  });
  const ord = orders(r, "logback");
  ord.periodic[0]!.prod = "canonical"; // the outbox publisher ships through a sidecar in canonical JSON
  const c = cart(r, "pino");
  const inv = inventory(r, "zap");
  const svcs = [gw, ord, c, inv, auth(r, "pino"), search(r, "python"), payments(r, "python")];
  const w = windowOf(r, r.int(90, 130));
  const evs = normalTraffic(r, svcs, w, r.int(3600, 5200));
  const families: [Svc, (t: number) => Ev][] = [
    [
      ord,
      (t) =>
        ev(ord, r, t, { msg: `cart snapshot before checkout: ${longJson(r, r.int(600, 1500))}`, logger: "com.acme.orders.web.CheckoutController" }, "pattern"),
    ],
    [ord, (t) => oddLine(ord, r, t, 3)],
    [gw, (t) => oddLine(gw, r, t, 2)],
    [c, (t) => oddLine(c, r, t, 1)],
  ];
  for (const [, mk] of families) for (const t of scatteredTimes(r, w.start + r.float(0, 5) * MIN, w.end - MIN, r.int(10, 14))) evs.push(mk(t));
  return finalize(
    r,
    "recurring-odd-info-lines",
    "Normal shop traffic (with a routine long audit line); four odd INFO line kinds - a 600-1500 char dump, a SQL IN list of 100+ ids, a 0-day certificate, a flag flipped by an unknown actor - recur about a dozen times each.",
    evs,
  );
}
