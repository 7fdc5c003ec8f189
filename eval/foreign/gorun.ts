// A Go service (log/slog JSON, durations as integer nanoseconds, as slog writes time.Duration)
// with GODEBUG=gctrace=1 on stderr, both collected by Fluent Bit from the container runtime. Each
// closed websocket subscription leaves a goroutine and its buffers behind: from the first line
// the live heap and the goroutine count climb, slowly, until the heap nears GOMEMLIMIT, the
// collector runs back to back, requests slow down and accept() runs out of file descriptors.
import type { Scenario } from "../blind/types.js";
import { Incident, isoNs, type Label, MIN, rngFor, SEC, slashTime, startTime, times } from "./kit.js";

interface Pod {
  name: string;
  start: number; // when the container started
  heap0: number; // live heap just after start, MB
  leakPerMin: number; // MB a minute
  gr0: number;
  gcNum: number;
}

export function goroutineLeakDrift(seed: number): Scenario {
  const name = "go-goroutine-leak-drift";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A Go service leaks a goroutine per closed websocket subscription from the first line: slog runtime stats and gctrace show the heap climbing to GOMEMLIMIT, then GC thrash, slow requests and accept errors",
  );
  const t0 = startTime(rng);
  const span = rng.int(6 * 60, 7 * 60) * MIN;
  const end = t0 + span;
  const limitMb = 3072;
  const hash = rng.alnum(10, "bcdfghjklmnpqrstvwxz2456789");
  // The first replica leaks fast enough to reach the limit within the window.
  const podA: Pod = {
    name: `ledger-api-${hash}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`,
    start: t0 - rng.int(10, 40) * MIN,
    heap0: rng.int(180, 240),
    leakPerMin: 0,
    gr0: rng.int(140, 200),
    gcNum: rng.int(20, 60),
  };
  podA.leakPerMin = (limitMb * 0.99 - podA.heap0) / ((end - podA.start) / MIN - rng.int(15, 30));
  const podB: Pod = {
    name: `ledger-api-${hash}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`,
    start: t0 + rng.int(100, 150) * MIN,
    heap0: rng.int(180, 240),
    leakPerMin: podA.leakPerMin * rng.float(0.8, 1.1),
    gr0: rng.int(140, 200),
    gcNum: 1,
  };
  const pods = [podA, podB];
  const live = (p: Pod, t: number): number => Math.min(limitMb * 0.995, p.heap0 + (p.leakPerMin * (t - p.start)) / MIN);
  const goroutines = (p: Pod, t: number): number => Math.round(p.gr0 + ((live(p, t) - p.heap0) / 0.19) * 1.0);
  // An engineer who knows the service sees its heap at a few hundred MB: three times that is a leak.
  const leaking = (p: Pod, t: number): boolean => live(p, t) > 3 * p.heap0;
  // How hard the collector works, 0..1, once the heap nears the limit.
  const pressure = (p: Pod, t: number): number => Math.max(0, (live(p, t) - limitMb * 0.8) / (limitMb * 0.195));

  const node = `ip-10-3-${rng.int(0, 15)}-${rng.int(2, 250)}.ec2.internal`;
  const k8s = (p: Pod) => ({ pod_name: p.name, namespace_name: "ledger", container_name: "ledger-api", host: node, labels: { app: "ledger-api" } });
  const slog = (t: number, p: Pod, level: string, msg: string, label: Label, attrs: Record<string, unknown> = {}): void => {
    inc.add(t, { time: isoNs(t), level, msg, service: "ledger-api", ...attrs, stream: "stdout", app: "ledger-api", kubernetes: k8s(p) }, label);
  };
  const stderr = (t: number, p: Pod, text: string, label: Label): void => {
    inc.add(t, { time: isoNs(t), log: `${text}\n`, stream: "stderr", app: "ledger-api", kubernetes: k8s(p) }, label);
  };

  // Startup of the second replica (scaled out by the HPA as CPU rose).
  slog(podB.start, podB, "INFO", "starting ledger-api", null, { version: "v1.42.0", commit: rng.hex(7), go: "go1.22.3", gomaxprocs: 2, gomemlimit: "3GiB" });
  slog(podB.start + 180, podB, "INFO", "connected to postgres", null, { host: "ledger-db.ledger.svc", pool_max: 20 });
  slog(podB.start + 400, podB, "INFO", "listening", null, { addr: ":8080" });

  const alive = (p: Pod, t: number): boolean => t >= p.start && t >= t0;
  // Requests: a back-office API, a few a minute per replica.
  for (const t of times(rng, t0, end, rng.int(2300, 2600))) {
    const p = alive(podB, t) && rng.chance(0.5) ? podB : podA;
    const route = rng.weighted([
      ["GET /v1/accounts/{id}/balance", 45],
      ["GET /v1/accounts/{id}/entries", 25],
      ["POST /v1/transfers", 15],
      ["GET /v1/statements/{id}", 10],
      ["GET /healthz", 5],
    ] as const);
    const median = route.startsWith("POST") ? 18 : route.includes("entries") ? 14 : route.includes("healthz") ? 0.4 : 6;
    let ms = Math.min(rng.logn(median, 0.45), median * 4);
    const pr = pressure(p, t);
    // GC assists and stop-the-world pauses stretch every request once the collector runs back to back.
    if (pr > 0) ms *= 1 + pr * rng.float(8, 60);
    const slow = ms >= median * 10;
    const id = rng.int(100000, 999999);
    const path = route.split(" ")[1]!.replace("{id}", String(id));
    const notFound = route.includes("balance") && rng.chance(0.02);
    slog(t, p, notFound ? "WARN" : "INFO", "request", slow ? "performance" : null, {
      method: route.split(" ")[0],
      path,
      status: notFound ? 404 : route.startsWith("POST") ? 201 : 200,
      elapsed: Math.round(ms * 1e6),
      remote: `10.3.${rng.int(0, 15)}.${rng.int(2, 250)}:${rng.int(30000, 60000)}`,
      trace_id: rng.hex(32),
    });
  }
  // Websocket subscriptions from the back-office UI: opened and closed all day, each close leaking.
  for (const t of times(rng, t0, end, rng.int(480, 560))) {
    const p = alive(podB, t) && rng.chance(0.5) ? podB : podA;
    const sub = rng.hex(16);
    slog(t, p, "INFO", "subscription opened", null, { sub, topic: rng.pick(["balances", "transfers", "alerts"]), user: `u${rng.int(100, 999)}` });
    const closeAt = t + rng.int(1, 40) * MIN;
    if (closeAt < end) slog(closeAt, p, "INFO", "subscription closed", null, { sub, reason: rng.pick(["client going away", "idle timeout"]) });
  }
  // Runtime stats every ten minutes.
  for (const p of pods) {
    for (let t = Math.max(t0, p.start) + rng.int(10, 590) * SEC; t < end; t += 10 * MIN) {
      const heap = live(p, t);
      const gc = (0.004 + pressure(p, t) * 0.5) * rng.float(0.8, 1.2);
      slog(t, p, "INFO", "runtime stats", leaking(p, t) ? "memory" : null, {
        goroutines: goroutines(p, t),
        heap_alloc_bytes: Math.round(heap * 1048576 * rng.float(1.05, 1.5)),
        heap_inuse_bytes: Math.round(heap * 1048576 * 1.6),
        heap_sys_bytes: Math.round(Math.min(limitMb * 1.1, heap * 2.05) * 1048576),
        num_gc: p.gcNum,
        gc_cpu_fraction: Number(gc.toFixed(4)),
        open_fds: goroutines(p, t) + rng.int(20, 40),
      });
    }
  }
  // gctrace: one line per collection, spaced by how long the allocation rate takes to reach the goal.
  for (const p of pods) {
    const allocMbPerS = rng.float(0.9, 1.3);
    let t = Math.max(t0, p.start) + rng.int(5, 60) * SEC;
    while (t < end) {
      const heap = live(p, t);
      const goal = Math.min(heap * 2, limitMb);
      // The runtime forces a collection when none ran for two minutes.
      const paced = Math.max(1.5, (goal - heap) / allocMbPerS) * SEC * rng.float(0.85, 1.15);
      const forced = paced > 120 * SEC;
      const interval = forced ? 120 * SEC + rng.int(0, 400) : paced;
      p.gcNum++;
      const pr = pressure(p, t);
      const cpuPct = Math.round(1 + pr * 58 + rng.float(0, 2));
      const markMs = (heap / 40) * rng.float(0.8, 1.3);
      const sinceStart = (t - p.start) / 1000;
      const before = Math.round(Math.min(goal, heap + (interval / SEC) * allocMbPerS));
      stderr(
        t,
        p,
        `gc ${p.gcNum} @${sinceStart.toFixed(3)}s ${cpuPct}%: 0.${rng.int(30, 99)}+${markMs.toFixed(0)}+0.0${rng.int(10, 90)} ms clock, 0.${rng.int(100, 900)}+${rng.float(0.2, 3).toFixed(1)}/${(markMs * 1.8).toFixed(0)}/${rng.int(1, 60)}+0.${rng.int(100, 300)} ms cpu, ${before}->${before + rng.int(0, 8)}->${Math.round(heap)} MB, ${Math.round(goal)} MB goal, ${Math.max(1, Math.round(goroutines(p, t) * 0.008))} MB stacks, 0 MB globals, 2 P${forced ? " (forced)" : ""}`,
        leaking(p, t) ? "memory" : null,
      );
      t += interval;
    }
  }
  // The last stretch: file descriptors held by the leaked subscriptions run out.
  const fdStart = end - rng.int(12, 25) * MIN;
  for (const t of times(rng, fdStart, end, rng.int(25, 45))) {
    stderr(
      t,
      podA,
      `${slashTime(t)} http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in ${rng.pick([5, 10, 20, 40, 80, 160, 320, 640])}ms`,
      "error",
    );
  }
  for (const t of times(rng, fdStart, end, rng.int(6, 12))) {
    slog(t, podA, "ERROR", "statement export failed", "error", {
      statement_id: rng.int(100000, 999999),
      error: "open /tmp/stmt-export-2361.pdf: too many open files",
    });
  }
  return inc.finish();
}
