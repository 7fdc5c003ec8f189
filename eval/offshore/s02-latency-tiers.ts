// Four services whose everyday latencies sit orders of magnitude apart: a session cache
// answering in ~2 ms, an auth service in ~40 ms, a pricing API in ~200 ms and a report
// builder whose jobs take ~20 s. Each has a handful of requests that are slow for itself
// (a 60 ms cache read is still faster than a normal API call; a 70 s report is normal-ish
// territory for nothing else). The report worker also nears its memory limit on big jobs.
import type { Scenario } from "../blind/types.js";
import { baseDay, MIN, type PinoCtx, pino, python, Rng, round, SEC, Story, sampleTimes, scatterTimes, zap } from "./lib.js";

export function s02LatencyTiers(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(9 * 60, 11 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(280, 320) * MIN;

  const cachePods = rng.pods("session-cache", 3);
  const apiHosts: PinoCtx[] = rng.pods("pricing-api", 3).map((hostname) => ({ pid: 1, hostname, name: "pricing-api" }));
  const authPods = rng.pods("auth", 2);
  const workers = ["report-worker-0", "report-worker-1", "report-worker-2"];
  const customers = Array.from({ length: 90 }, () => `cus_${rng.alnum(14)}`);

  const cacheLine = (t: number, ms: number, label: Label2, hit = rng.chance(0.93)) => {
    const op = rng.weighted([
      ["GET", 0.82],
      ["SET", 0.14],
      ["DEL", 0.04],
    ] as const);
    story.add(
      t,
      label,
      zap(t, "info", "server/http.go:142", "request served", {
        service: "session-cache",
        instance: rng.pick(cachePods),
        method: op === "SET" ? "PUT" : op === "DEL" ? "DELETE" : "GET",
        path: "/v1/sessions/{id}",
        status: op === "GET" && !hit ? 404 : 200,
        ...(op === "GET" ? { hit } : {}),
        duration_ms: round(ms, 2),
        bytes: op === "GET" && hit ? rng.int(280, 1900) : 0,
      }),
    );
  };
  const apiLine = (t: number, ms: number, label: Label2) => {
    const route = rng.weighted([
      ["/v2/quotes", 0.5],
      ["/v2/price-lists/current", 0.2],
      ["/v2/quotes/preview", 0.2],
      ["/v2/discounts/validate", 0.1],
    ] as const);
    const bad = label === null && rng.chance(0.035);
    const status = bad ? rng.pick([404, 422]) : route === "/v2/quotes" ? 201 : 200;
    story.add(
      t,
      label,
      pino(t, bad ? "warn" : "info", rng.pick(apiHosts), "request completed", {
        reqId: rng.uuid(),
        req: { method: route === "/v2/quotes" || route.endsWith("validate") ? "POST" : "GET", url: route },
        res: { statusCode: status },
        customer: rng.pick(customers),
        responseTime: Math.round(ms),
      }),
    );
  };
  const authLine = (t: number, ms: number, label: Label2) => {
    const expired = label === null && rng.chance(0.05);
    story.add(
      t,
      label,
      zap(t, expired ? "warn" : "info", "authz/verify.go:77", expired ? "token rejected: expired" : "token verified", {
        service: "auth",
        instance: rng.pick(authPods),
        client_id: rng.pick(["pricing-api", "web", "ios", "partner-gw"]),
        elapsed_ms: Math.round(ms),
        kid: "2024-q2",
      }),
    );
  };

  // ---------------------------------------------------------------- normal traffic
  for (const t of sampleTimes(rng, rng.int(1750, 2150), start, end)) cacheLine(t, rng.logn(1.9, 0.3) + (rng.chance(0.07) ? 2.5 : 0), null);
  for (const t of sampleTimes(rng, rng.int(1050, 1300), start, end)) apiLine(t, rng.logn(195, 0.3), null);
  for (const t of sampleTimes(rng, rng.int(520, 640), start, end)) authLine(t, rng.logn(38, 0.3), null);

  const jobs: { t: number; worker: string; id: string; kind: string }[] = [];
  for (const t of sampleTimes(rng, rng.int(105, 135), start, end - 10 * MIN)) {
    jobs.push({ t, worker: rng.pick(workers), id: rng.uuid(), kind: rng.pick(["monthly_statement", "margin_summary", "quote_export", "tax_breakdown"]) });
  }
  const slowJobs = new Set(rng.sample(jobs.slice(2, -2), rng.int(4, 6)));
  for (const job of jobs) {
    const slow = slowJobs.has(job);
    const dur = slow ? rng.int(160, 420) * SEC + rng.int(0, 999) : Math.round(rng.logn(20, 0.25) * SEC);
    story.add(
      job.t,
      null,
      python(job.t, "info", "celery.worker.strategy", `Task reports.build_${job.kind}[${job.id}] received`, { worker: job.worker, task_id: job.id }),
    );
    const done = job.t + dur;
    story.add(
      done,
      slow ? "performance" : null,
      python(done, "info", "celery.app.trace", `Task reports.build_${job.kind}[${job.id}] succeeded in ${round(dur / 1000, 3)}s: None`, {
        worker: job.worker,
        task_id: job.id,
        duration_ms: dur,
        rows: slow ? rng.int(900000, 2400000) : rng.int(2000, 60000),
      }),
    );
    if (slow) {
      // The big job drags the worker close to its cgroup limit.
      const peaks = rng.int(1, 2);
      for (let k = 0; k < peaks; k++) {
        const tm = job.t + Math.round(dur * rng.float(0.4, 0.9));
        const pct = rng.int(88, 96);
        story.add(
          tm,
          "memory",
          python(tm, "warn", "reports.memwatch", `Worker RSS ${round((8 * pct) / 100, 2)} GiB (${pct}% of 8 GiB cgroup limit) while building ${job.kind}`, {
            worker: job.worker,
            task_id: job.id,
            memory_percent: pct,
          }),
        );
      }
    }
  }
  // Everyday chatter.
  for (let t = start + rng.int(0, 60) * SEC; t < end; t += 10 * MIN + rng.int(-30, 30) * SEC) {
    story.add(
      t,
      null,
      zap(t, "info", "store/evict.go:51", "eviction sweep", {
        service: "session-cache",
        instance: rng.pick(cachePods),
        evicted: rng.int(200, 4000),
        policy: "allkeys-lru",
      }),
    );
  }
  for (const t of sampleTimes(rng, rng.int(6, 10), start, end)) {
    story.add(
      t,
      null,
      python(t, "warn", "celery.app.trace", "Task reports.push_to_s3 retry: Retry in 30s: ConnectionResetError(104, 'Connection reset by peer')", {
        worker: rng.pick(workers),
      }),
    );
  }
  for (let t = start + rng.int(0, 120) * SEC; t < end; t += 15 * MIN + rng.int(-40, 40) * SEC) {
    story.add(
      t,
      null,
      pino(t, "info", rng.pick(apiHosts), "price list cache reloaded", { version: `pl-${rng.int(3000, 3999)}`, entries: rng.int(41000, 43000) }),
    );
  }

  // ---------------------------------------------------------------- slow for themselves
  for (const t of scatterTimes(rng, rng.int(8, 13), start + 5 * MIN, end - 5 * MIN)) cacheLine(t, rng.float(35, 120), "performance", true);
  for (const t of scatterTimes(rng, rng.int(8, 13), start + 5 * MIN, end - 5 * MIN)) apiLine(t, rng.float(2400, 7200), "performance");
  for (const t of scatterTimes(rng, rng.int(6, 10), start + 5 * MIN, end - 5 * MIN)) authLine(t, rng.float(900, 2600), "performance");

  return story.build(
    "latency-tiers",
    "A session cache (~2 ms), auth (~40 ms), pricing API (~200 ms) and report jobs (~20 s) each have a few requests slow for their own tier (a 60 ms cache read, a 5 s quote, a 6-minute report), and big reports push the worker near its memory limit.",
  );
}

type Label2 = "performance" | null;
