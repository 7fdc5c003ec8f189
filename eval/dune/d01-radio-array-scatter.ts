// d01: a radio-telescope array's control micro-services; isolated anomalies of all four kinds
// scattered over the whole 4-hour window (no single incident window).
import { arrivals, HOUR, iso, type Label, MIN, Rng, round, scatter, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d01(seed: number): Scenario {
  const r = new Rng(seed, "d01-radio-array-scatter");
  const t0 = startTime(r);
  const t1 = t0 + 4 * HOUR;
  const tl = new Timeline();
  const dishes = ["ant-03", "ant-07", "ant-11", "ant-14", "ant-19", "ant-22"];
  const targets = ["3C273", "Cyg A", "PSR B1919+21", "Sgr A*", "M87", "W49N", "Orion KL"];
  const pods = { "obs-planner": "obs-planner-7b9d", "dish-ctl": "dish-ctl-5c4f", "spectra-store": "spectra-store-0" };
  const put = (t: number, service: keyof typeof pods, level: string, message: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, { timestamp: iso(t), level, service, instance: pods[service], message, ...extra }, label);

  // normal traffic
  for (const t of arrivals(r, t0, t1, 11_000)) {
    const id = r.int(40_000, 49_999);
    const post = r.chance(0.25);
    const ms = round(r.logn(post ? 60 : 32, 0.3));
    const path = post ? `/v1/schedule/blocks/${id}/submit` : `/v1/schedule/blocks/${id}`;
    put(t, "obs-planner", "INFO", `${post ? "POST" : "GET"} ${path} 200 ${ms}ms`, { path, status: 200, duration_ms: ms });
  }
  for (const t of arrivals(r, t0, t1, 9_000)) {
    const d = r.pick(dishes);
    const slew = r.chance(0.3);
    const ms = round(r.logn(slew ? 2400 : 110, 0.25));
    const msg = slew
      ? `slew ${d} to ${r.pick(targets)} completed in ${ms}ms`
      : `track update ${d} az=${round(r.float(0, 360), 2)} el=${round(r.float(15, 85), 2)} applied in ${ms}ms`;
    put(t, "dish-ctl", "INFO", msg, { dish: d, op: slew ? "slew" : "track", duration_ms: ms });
  }
  for (const t of arrivals(r, t0, t1, 10_000)) {
    const ms = round(r.logn(18, 0.3));
    put(t, "spectra-store", "INFO", `stored spectrum chunk scan=${r.int(9000, 9999)} chan=4096 bytes=${r.int(30, 34)}MiB in ${ms}ms`, {
      op: "write",
      duration_ms: ms,
    });
  }
  for (let t = t0 + r.int(0, 59_999); t < t1; t += 60_000) {
    const pct = round(r.normal(52, 5));
    put(t, "spectra-store", "INFO", `heap stats used=${pct}% gc_young=${r.int(0, 3)}`, { heap_used_pct: pct });
  }
  // routine warnings and rejected proposals at their everyday rate
  for (const t of arrivals(r, t0, t1, 6 * MIN)) {
    const g = round(r.float(9, 15));
    put(t, "dish-ctl", "WARNING", `wind gust ${g} m/s at ${r.pick(dishes)}, below stow limit 20 m/s`, { wind_ms: g });
  }
  for (const t of arrivals(r, t0, t1, 11 * MIN)) {
    const id = r.int(40_000, 49_999);
    put(t, "obs-planner", "ERROR", `proposal ${id} rejected: target below horizon for requested LST range`, {
      path: `/v1/schedule/blocks/${id}/submit`,
      status: 422,
    });
  }

  // scattered anomalies over the whole window
  const kinds = ["perf-api", "perf-slew", "perf-store", "err-api", "err-enc", "err-io", "mem", "restart", "clock"] as const;
  for (const t of scatter(r, t0 + MIN, t1 - MIN, r.int(190, 240))) {
    const k = r.pick(kinds);
    const d = r.pick(dishes);
    if (k === "perf-api") {
      const id = r.int(40_000, 49_999);
      const ms = round(r.float(2_500, 9_000));
      put(
        t,
        "obs-planner",
        "WARNING",
        `GET /v1/schedule/blocks/${id} 200 ${ms}ms (slow request)`,
        { path: `/v1/schedule/blocks/${id}`, status: 200, duration_ms: ms },
        "performance",
      );
    } else if (k === "perf-slew") {
      put(
        t,
        "dish-ctl",
        "ERROR",
        `slew ${d} to ${r.pick(targets)} timed out after 30000ms, drive did not settle`,
        { dish: d, op: "slew", duration_ms: 30_000 },
        "performance",
      );
    } else if (k === "perf-store") {
      const ms = round(r.float(900, 4_000));
      put(
        t,
        "spectra-store",
        "WARNING",
        `stored spectrum chunk scan=${r.int(9000, 9999)} chan=4096 bytes=32MiB in ${ms}ms (fsync stall)`,
        { op: "write", duration_ms: ms },
        "performance",
      );
    } else if (k === "err-api") {
      const id = r.int(40_000, 49_999);
      put(
        t,
        "obs-planner",
        "ERROR",
        `POST /v1/schedule/blocks/${id}/submit 500 unhandled IllegalStateException: calibrator slot already released`,
        { path: `/v1/schedule/blocks/${id}/submit`, status: 500 },
        "error",
      );
    } else if (k === "err-enc") {
      put(t, "dish-ctl", "ERROR", `encoder read failed on ${d}: CRC mismatch on axis EL (frame ${r.int(1e5, 9e5)}), command aborted`, { dish: d }, "error");
    } else if (k === "err-io") {
      put(
        t,
        "spectra-store",
        "ERROR",
        `write scan=${r.int(9000, 9999)} failed: IOException: Input/output error on /data/spectra/vol${r.int(1, 4)}`,
        { op: "write" },
        "error",
      );
    } else if (k === "mem") {
      const pct = round(r.float(92, 98.5));
      put(t, "spectra-store", "WARNING", `heap stats used=${pct}% gc_young=${r.int(8, 15)} old gen not reclaimed`, { heap_used_pct: pct }, "memory");
    } else if (k === "restart") {
      const svc = r.pick(["obs-planner", "dish-ctl", "spectra-store"] as const);
      put(t, svc, "INFO", `process started pid=${r.int(100, 30000)} version=4.12.${r.int(0, 3)} (previous instance exited unexpectedly)`, {}, "pattern");
    } else {
      const step = round(r.float(1.2, 4.5), 3);
      put(t, "dish-ctl", "WARNING", `system clock stepped by +${step}s (chronyd), pointing model timestamps re-synced`, { dish: d }, "pattern");
    }
  }
  return tl.build(
    "d01-radio-array-scatter",
    "Radio-telescope control services with isolated latency, error, heap and restart/clock anomalies scattered over 4 h",
  );
}
