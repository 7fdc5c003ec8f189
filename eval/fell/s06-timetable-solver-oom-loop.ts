import { type Ev, HOUR, MIN, assemble, every, hex, int, iso, lognormal, pick, rngFor, round, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// School timetable generator, 5 h. A district-wide job makes the solver leak until it is OOM-killed; the job
// resumes after each restart and leaks again (crash loop), the API answers 503 while the solver is down.
// Healthy bands:
//   timetable-solver (structlog) "solve iteration" rss_mb/limit_mb 30-55 % of 4096 MB
//   solver-api (nginx JSON via Fluent Bit) GET /jobs/<id>/status request_time median 0.015 s, 200
//   solver-api "constraint set loaded" INFO lines of 700-1400 chars about every 25 min (routine, null)
// Routine noise (null): soft-constraint conflicts (WARN), room missing from calendar feed (ERROR).
// Anomalies: rss above 55 %, MemoryError, OOMKilled (memory); BackOff, 503s (error);
// worker restarts after the kills (pattern).
export function timetableSolverOomLoop(seed: number): Scenario {
  const r = rngFor(seed, "s06-timetable");
  const t0 = startTime(r);
  const t1 = t0 + 5 * HOUR;
  const evs: Ev[] = [];
  const limit = 4096;
  const sl = (t: number, level: string, event: string, extra: Record<string, unknown>) => ({
    event,
    level,
    timestamp: iso(t),
    logger: "timetable-solver",
    ...extra,
  });
  const ngx = (t: number, uri: string, status: number, rt: number) => ({
    time_iso8601: iso(t),
    remote_addr: `172.16.${int(r, 0, 9)}.${int(r, 2, 250)}`,
    request: `GET ${uri} HTTP/1.1`,
    status,
    request_time: round(rt, 3),
    kubernetes: { pod_name: `solver-api-${hex(r, 5)}`, labels: { app: "solver-api" } },
  });
  const k8s = (t: number, type: string, reason: string, note: string) => ({
    kind: "Event",
    apiVersion: "events.k8s.io/v1",
    type,
    reason,
    note,
    eventTime: iso(t),
    reportingController: "kubelet",
    regarding: { kind: "Pod", name: "timetable-solver-0", namespace: "schools" },
  });
  // Memory cycles: healthy until L, then ramps to the limit, killed, restarted, ramps again.
  const L = t0 + uniform(r, 0.2, 0.3) * (t1 - t0);
  let ramp = int(r, 45, 70) * MIN;
  const up: [number, number, number][] = []; // [start, end, pct at start]; pct climbs to 100 at end
  let s = L;
  let restarts = 0;
  const downs: [number, number][] = [];
  while (s < t1) {
    const e = s + ramp;
    up.push([s, e, uniform(r, 38, 45)]);
    if (e >= t1) break;
    const back = Math.min(300_000, 10_000 * 2 ** restarts) + int(r, 20_000, 40_000);
    downs.push([e, e + back]);
    s = e + back;
    ramp *= 0.7;
    restarts++;
  }
  const isDown = (t: number) => downs.some(([a, b]) => t >= a && t < b);
  const pctAt = (t: number) => {
    for (const [a, b, p] of up) if (t >= a && t < b) return p + ((t - a) / (b - a)) * (99 - p);
    return uniform(r, 32, 50);
  };
  const job = `job-${hex(r, 6)}`;
  for (const t of every(r, t0, t1, 20_000, 0.1)) {
    if (isDown(t)) continue;
    evs.push({
      t,
      label: null,
      make: (tt) => {
        const pct = pctAt(tt);
        return {
          ...sl(tt, pct > 85 ? "warning" : "info", "solve iteration", {
            job,
            iteration: int(r, 1, 5000),
            hard_violations: int(r, 0, 30),
            rss_mb: Math.round((pct / 100) * limit),
            limit_mb: limit,
          }),
          _label: pct > 55 ? "memory" : null,
        };
      },
    });
  }
  evs.push({ t: t0 + 500, label: null, make: (tt) => sl(tt, "info", "solver worker started", { restart: 0 }) });
  downs.forEach(([a, b], i) => {
    evs.push({
      t: a - 1_500,
      label: "memory",
      make: (tt) =>
        sl(tt, "error", "solve iteration crashed", {
          job,
          exception: 'Traceback (most recent call last):\n  File "solver/cpsat.py", line 212, in expand\nMemoryError',
        }),
    });
    evs.push({
      t: a,
      label: "memory",
      make: (tt) => k8s(tt, "Warning", "OOMKilled", "Container solver terminated: OOMKilled (exit code 137)"),
    });
    if (i > 0) {
      evs.push({
        t: a + 2_000,
        label: "error",
        make: (tt) => k8s(tt, "Warning", "BackOff", "Back-off restarting failed container solver in pod timetable-solver-0"),
      });
    }
    evs.push({ t: b, label: "pattern", make: (tt) => sl(tt, "info", "solver worker started", { restart: i + 1 }) });
    evs.push({ t: b + 3_000, label: "pattern", make: (tt) => sl(tt, "info", "resuming job from checkpoint", { job }) });
  });
  for (const t of every(r, t0, t1, 15_000)) {
    const down = isDown(t);
    const uri = `/jobs/${pick(r, [job, `job-${hex(r, 6)}`])}/status`;
    evs.push({
      t,
      label: down ? "error" : null,
      make: (tt) => (down ? ngx(tt, uri, 503, uniform(r, 0.001, 0.004)) : ngx(tt, uri, 200, lognormal(r, 0.015))),
    });
  }
  const subjects = ["maths", "english", "physics", "chemistry", "biology", "history", "art", "pe", "french", "music"];
  for (const t of every(r, t0, t1, 25 * MIN, 0.1)) {
    evs.push({
      t,
      label: null,
      make: (tt) => {
        const parts: string[] = [];
        const n = int(r, 14, 24);
        for (let i = 0; i < n; i++) {
          parts.push(`${pick(r, subjects)}:y${int(r, 7, 13)}:${int(r, 2, 6)}p/w:rooms=[${int(r, 100, 399)},${int(r, 100, 399)}]`);
        }
        return {
          time_iso8601: iso(tt),
          message: `constraint set loaded school=${hex(r, 4)} hard=${n} soft=${int(r, 40, 90)} ${parts.join(";")}`,
          level: "info",
          kubernetes: { pod_name: `solver-api-${hex(r, 5)}`, labels: { app: "solver-api" } },
        };
      },
    });
  }
  for (const t of every(r, t0, t1, 3 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => sl(tt, "warning", "soft constraint conflict", { teacher: `T${int(r, 1, 80)}`, rule: "no-period-1" }),
    });
  }
  for (const t of every(r, t0, t1, 22 * MIN, 0.6)) {
    evs.push({
      t,
      label: null,
      make: (tt) => sl(tt, "error", "room missing from calendar feed, skipping", { room: `R-${int(r, 100, 399)}` }),
    });
  }
  return {
    name: "timetable-solver-oom-loop",
    description: "school timetable solver: a district job leaks to OOMKilled, restarts and leaks again in a crash loop",
    ...assemble(evs),
  };
}
