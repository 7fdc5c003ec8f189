// Decoy: a household-survey intake validator rejects malformed form records at ERROR all day
// (~40% reject rate is its normal, stated in its own summaries). The incident is a heap climb
// and OOM crash on one export-worker pod.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, pyTime, pct, MIN, HOUR, type Rec, type Label } from "./util.js";

export default function s01(seed: number): Scenario {
  const r = makeRng(seed, "s01-survey-intake-validator-rejects");
  const tl = new Timeline();
  const start = Date.UTC(2026, 2, 3, 8, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 2.5 * HOUR;
  const vPods = ["survey-validator-6c9f7d-kq2lm", "survey-validator-6c9f7d-w8xzt"];
  const fields = [
    ["postcode", "pattern mismatch"],
    ["birth_year", "out of range"],
    ["household_size", "not an integer"],
    ["phone", "pattern mismatch"],
    ["consent_ts", "missing required field"],
  ] as const;
  const v = (t: number, level: string, event: string, extra: Rec): Rec => ({
    timestamp: iso(t),
    level,
    event,
    logger: "intake.validator",
    service: "survey-validator",
    pod: r.pick(vPods),
    ...extra,
  });

  // Dominant everyday message: the validator rejects malformed records at ERROR, all day.
  poisson(r, start, end, 4200, (t) => {
    const [field, rule] = r.pick(fields);
    tl.add(t, v(t, "error", "record rejected: invalid field value", { form_id: `HH-${r.int(100000, 999999)}`, field, rule, schema: "hh-2026.2" }));
  });
  poisson(r, start, end, 40_000, (t) =>
    tl.add(t, v(t, "warning", "record accepted after normalisation", { form_id: `HH-${r.int(100000, 999999)}`, field: "postcode", action: "uppercased" })),
  );
  every(r, start, end, 5 * MIN, (t) => {
    const acc = r.int(95, 115);
    const rej = r.int(64, 78);
    tl.add(
      t,
      v(t, "info", "validation window summary", {
        accepted: acc,
        rejected: rej,
        reject_rate: Math.round((rej / (acc + rej)) * 100) / 100,
        reject_rate_30d: 0.4,
      }),
    );
  });

  // survey-api access lines (python-json-logger)
  const routes = [
    ["POST", "/v1/responses", 202, 38],
    ["GET", "/v1/forms/current", 200, 12],
    ["GET", "/healthz", 200, 2],
  ] as const;
  poisson(r, start, end, 4000, (t) => {
    const [m, path, st, med] = r.pick(routes);
    tl.add(t, {
      asctime: pyTime(t),
      levelname: "INFO",
      name: "uvicorn.access",
      service: "survey-api",
      host: `survey-api-59d4b-${r.pick(["h7k2p", "n3x9c", "t5v1q"])}`,
      message: `${m} ${path} HTTP/1.1 ${st}`,
      status_code: st,
      duration_ms: r.lat(med),
    });
  });

  // export-worker (pino): healthy heap 45-62%; pod b leaks from +95 min, OOMs, restarts.
  const total = 2_147_483_648;
  const pods = ["export-worker-7b8d5-a2f9c", "export-worker-7b8d5-b6r4e"];
  const leakStart = start + 95 * MIN;
  const oomAt = start + 128 * MIN + r.int(0, 30_000);
  const pino = (t: number, pod: string, level: number, msg: string, extra: Rec): Rec => ({
    level,
    time: t,
    pid: pod === pods[0] ? 17 : 19,
    hostname: pod,
    name: "export-worker",
    msg,
    ...extra,
  });
  for (const pod of pods) {
    const leaky = pod === pods[1];
    every(r, start, end, 30_000, (t) => {
      if (leaky && t >= oomAt && t < oomAt + 45_000) return; // crashed, restarting
      let p = 0.45 + r.next() * 0.17;
      let label: Label = null;
      if (leaky && t >= leakStart && t < oomAt) {
        p = Math.min(0.985, 0.6 + ((t - leakStart) / (oomAt - leakStart)) * 0.39 + r.next() * 0.01);
        if (p > 0.72) label = "memory";
      }
      tl.add(
        t,
        pino(t, pod, 30, "export chunk written", { rows: r.int(800, 1200), duration_ms: r.lat(420), heapUsed: Math.round(total * p), heapTotal: total }),
        label,
      );
      if (label && p > 0.86 && r.chance(0.4))
        tl.add(t + 5, pino(t + 5, pod, 40, "heap usage high, forcing full GC", { heap_used_pct: pct(p * 100, 100), gc_pause_ms: r.int(900, 2400) }), "memory");
    });
  }
  tl.add(
    oomAt,
    pino(oomAt, pods[1]!, 60, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", {
      err: { type: "RangeError", message: "JavaScript heap out of memory" },
    }),
    "memory",
  );
  tl.add(
    oomAt + 45_000,
    pino(oomAt + 45_000, pods[1]!, 30, "export-worker started, resuming from checkpoint", { checkpoint: `chunk-${r.int(4000, 5000)}` }),
    "pattern",
  );

  return tl.build(
    "s01-survey-intake-validator-rejects",
    "Survey validator rejects ~40% of records at ERROR all day (normal); one export-worker pod leaks heap to 98% and OOMs.",
  );
}
