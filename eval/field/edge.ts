// Sidecar access logs (Envoy JSON) of services whose normal latencies are two orders of magnitude
// apart, with the Go service's own zap log beside them.

import type { Scenario } from "../blind/types.js";
import { arrivals, envoy, Incident, type Label, rngFor, ticks, windowStart, zap } from "./gen.js";

/**
 * autocomplete answers in a few milliseconds from an in-memory index; a snapshot that fails to load
 * sends it to Elasticsearch for every keystroke and its latency jumps to hundreds of milliseconds,
 * still far below what report-export takes on a normal day.
 */
export function autocompleteLatencyJump(seed: number): Scenario {
  const name = "autocomplete-latency-jump";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 35 * 60_000;
  const jump = t0 + rng.int(19, 24) * 60_000;
  const acPods = ["autocomplete-6f5d8-2mzq8", "autocomplete-6f5d8-kx9pw", "autocomplete-6f5d8-v7h4t"];
  const prefixes = ["sho", "shoe", "jac", "lamp", "des", "desk", "so", "sock", "wint", "rain", "bag", "bo", "boot", "ch", "chair", "tab"];

  const services = [
    ["autocomplete", "GET", () => `/v1/suggest?q=${rng.pick(prefixes)}&limit=8`, 4, 0.45, 1.3],
    [
      "catalog-search",
      "GET",
      () => `/v1/search?q=${rng.pick(prefixes)}&page=${rng.int(1, 6)}&sort=${rng.pick(["relevance", "price_asc", "newest"])}`,
      45,
      0.5,
      0.5,
    ],
    ["pdf-render", "POST", () => `/v1/render/invoice/${rng.int(1e7, 9e7)}`, 900, 0.45, 0.08],
    [
      "report-export",
      "POST",
      () => `/v1/exports/${rng.pick(["orders", "customers", "inventory", "payouts"])}?format=${rng.pick(["csv", "xlsx"])}`,
      1500,
      0.6,
      0.05,
    ],
  ] as const;
  for (const [svc, method, path, median, sigma, rate] of services) {
    for (const t of arrivals(rng, t0, end, rate)) {
      let d = rng.chance(0.01) ? rng.logNormal(median * 3.5, 0.3) : rng.logNormal(median, sigma);
      let label: Label = null;
      if (svc === "autocomplete" && t >= jump) {
        d = rng.logNormal(260, 0.45);
        label = "performance";
      }
      const status = rng.chance(0.002) ? 503 : 200;
      inc.add(
        t,
        envoy(
          rng,
          t,
          svc,
          method,
          path(),
          status,
          d,
          status === 503 ? "UF" : "-",
          svc === "autocomplete" ? { service: svc, pod: rng.pick(acPods) } : { service: svc },
        ),
        label,
      );
    }
  }

  // autocomplete's own log (zap).
  for (const pod of acPods) {
    for (const t of ticks(rng, t0, end, 120_000, 5000)) {
      const loaded = t < jump;
      if (loaded) {
        inc.add(
          t,
          zap(t, "info", "autocomplete", "index/snapshot.go:88", "index snapshot refreshed", {
            pod,
            generation: Math.floor((t - t0) / 120_000) + 5120,
            terms: rng.int(1_180_000, 1_220_000),
            took_ms: Math.round(rng.logNormal(640, 0.2)),
          }),
        );
      } else {
        inc.add(
          t,
          zap(t, "error", "autocomplete", "index/snapshot.go:71", "index snapshot load failed, serving from elasticsearch", {
            pod,
            error: `decode snapshot gs://search-index-prod/autocomplete/gen-${Math.floor((t - t0) / 120_000) + 5120}.bin: unexpected EOF`,
          }),
          "error",
        );
      }
    }
    for (const t of ticks(rng, t0, end, 60_000, 3000)) {
      const hit = t < jump ? 0.93 + rng.next() * 0.04 : 0;
      inc.add(
        t,
        zap(t, "info", "autocomplete", "server/stats.go:42", "suggest stats", {
          pod,
          qps: Math.round(rng.logNormal(420, 0.1)),
          cache_hit_ratio: Number(hit.toFixed(3)),
          goroutines: rng.int(80, 140),
        }),
      );
    }
  }
  for (const t of arrivals(rng, t0, end, 0.04)) {
    inc.add(
      t,
      zap(t, "debug", "autocomplete", "server/handler.go:133", "query rejected: too short", { pod: rng.pick(acPods), q: rng.pick(["s", "b", "c", "d"]) }),
    );
  }

  return inc.scenario(
    name,
    "autocomplete's index snapshot stops loading and its latency jumps from ~4 ms to ~250 ms, beside services that normally take 1-2 s per request",
  );
}
