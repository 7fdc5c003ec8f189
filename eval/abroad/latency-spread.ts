// Incidents whose services' normal latencies differ by 100x or more: a 2 ms cache beside
// 2 s report jobs. An anomaly is slow for its own service, often still faster than another
// service's normal.

import type { Ev, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { memoryHigh, outOfMemory, slowRequest, timeout } from "./faults.js";
import { type Rng, round } from "./prng.js";
import { fill, sprinkle } from "./scattered.js";
import { ev, makeSvc, requestLine, startTime } from "./services.js";
import { burst, MIN } from "./timeline.js";

function cacheAndReports(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 75 * MIN;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.8 });
  const cache = makeSvc(r, "session-cache", "session-cache", "zap", { weight: 2.4, median: 2 });
  const reports = makeSvc(r, "report-worker", "report-worker", "python", { weight: 0.5, median: 2000 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1.1 });
  const checkout = makeSvc(r, "checkout", "checkout", "pino", { weight: 0.6 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 0.9 });
  const auth = makeSvc(r, "auth", "auth", "k8s", { weight: 0.8 });
  const svcs = [gw, cache, reports, cat, checkout, search, auth];

  const flushIp = r.privateIp();
  const a: Ev[] = [
    ...sprinkle(r, cache, r.int(14, 17), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(30, 120))),
    ...sprinkle(r, reports, r.int(4, 6), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(15, 40)), false),
    ...sprinkle(
      r,
      reports,
      1,
      t0 + 20 * MIN,
      t1,
      "performance",
      (rr) => ({ level: "ERROR", msg: `report job-${rr.int(100000, 999999)} exceeded 600s deadline, cancelled`, f: { duration_ms: 600000 + rr.int(0, 900) } }),
      false,
    ),
    ...sprinkle(r, auth, r.int(3, 5), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(40, 70)), false),
    ...sprinkle(r, reports, r.int(4, 6), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(91, 98), 1)), false),
    ...sprinkle(r, reports, 1, t0 + 30 * MIN, t1, "memory", (rr, s) => outOfMemory(rr, s), false),
    ...sprinkle(r, checkout, r.int(14, 16), t0, t1, "error", () => ({
      level: "ERROR",
      msg: "order creation failed: Connection terminated unexpectedly",
      f: { err: { type: "Error", message: "Connection terminated unexpectedly" } },
    })),
    ...sprinkle(
      r,
      cache,
      r.int(5, 7),
      t0,
      t1,
      "pattern",
      (rr) => ({ level: "WARNING", msg: `FLUSHDB issued by client ${flushIp}:${rr.int(40000, 60000)} (name=, user=default)`, f: { op: "FLUSHDB", db: 0 } }),
      false,
    ),
  ];
  return assemble(
    "latency-spread-cache-and-reports",
    "A 2 ms session cache beside 2 s report jobs and 40-200 ms web services: cache calls at 60-240 ms, report jobs at 30-80 s, plus report-worker memory, a repeated checkout error and stray FLUSHDB commands",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

function grpcMesh(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const price = makeSvc(r, "pricing", "pricing", "zap", { weight: 2.4, median: 0.8, sigma: 0.4 });
  const prof = makeSvc(r, "profile", "profile", "zap", { weight: 1.5 });
  const fraud = makeSvc(r, "fraud-scoring", "fraud", "python", { weight: 0.9 });
  const ship = makeSvc(r, "shipping", "shipping", "k8s", { weight: 0.7 });
  const reports = makeSvc(r, "settlement-reports", "report-worker", "logback", { weight: 0.4, median: 2500 });
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.6 });
  const svcs = [price, prof, fraud, ship, reports, gw];

  const floodAt = t0 + r.int(15, 45) * MIN;
  const a: Ev[] = [
    ...sprinkle(r, price, r.int(12, 16), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(30, 100))),
    ...sprinkle(r, fraud, r.int(5, 7), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(20, 40)), false),
    ...sprinkle(r, gw, r.int(2, 3), t0, t1, "performance", (rr, s) => timeout(rr, s, "fraud-scoring", 3000), false),
    ...sprinkle(r, prof, r.int(11, 13), t0, t1, "error", (rr, s) => {
      const l = requestLine(rr, s, { grpcCode: "Internal" });
      return { ...l, f: { ...l.f, error: "pq: sorry, too many clients already" } };
    }),
    ...sprinkle(r, fraud, r.int(5, 7), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(90, 97), 1)), false),
    ...burst(r, r.int(35, 45), floodAt, 2500).map((t) =>
      ev(r, price, t, { level: "INFO", msg: `price rules reloaded (${r.int(1200, 1400)} rules)` }, "pattern"),
    ),
  ];
  return assemble(
    "latency-spread-grpc-mesh",
    "gRPC pricing at 0.8 ms and profile at 6 ms beside 70 ms scoring and 2.5 s settlement jobs: pricing calls at 25-80 ms and scoring at 1.5-3 s, repeated profile Internal errors, scorer memory, a flood of rule reloads",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

export function latencySpreadScenarios(r: Rng): Scenario[] {
  return [cacheAndReports(r.fork("cache-reports")), grpcMesh(r.fork("grpc-mesh"))];
}
