// A search ranking service in Go writing go-kit logfmt, parsed to JSON by the shipper (every
// value a string, `ts`, `caller`, `component`), beside Flagger's zap JSON. A canary of a new
// learning-to-rank model on one pod scores products that lack a new feature as NaN: empty
// result pages, NaN warnings, a slower and much larger model, until Flagger's analysis on the
// latency metric rolls it back.
import type { Scenario } from "../blind/types.js";
import { goDuration, Incident, iso, isoNs, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

export function rankerCanaryNan(seed: number): Scenario {
  const name = "search-ranker-canary-nan-scores";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A canary learning-to-rank model scores products missing a new feature as NaN: empty result pages, slow and memory-hungry ranking on the canary pod, and Flagger's rollback, in go-kit logfmt parsed to JSON",
  );
  const t0 = startTime(rng, 6, 20);
  const span = rng.int(75, 90) * MIN;
  const end = t0 + span;
  const canaryAt = t0 + Math.floor(span * rng.float(0.38, 0.5));
  const hash = rng.alnum(10, "bcdfghjklmnpqrstvwxz2456789");
  const primaries = [0, 1, 2, 3].map(() => `ranker-primary-${hash}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  const canary = `ranker-${rng.alnum(10, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
  const ready = canaryAt + rng.int(60, 120) * SEC;
  const steps = [10, 20];
  const failedAt = ready + (steps.length + 5) * MIN + rng.int(0, 40) * SEC;

  const kit = (t: number, pod: string, level: string, caller: string, msg: string, label: Label, kv: Record<string, string> = {}): void => {
    inc.add(t, { level, ts: isoNs(t), caller, component: "ranker", msg, ...kv, pod }, label);
  };
  const flagger = (t: number, level: string, msg: string, label: Label): void => {
    inc.add(t, { level, ts: iso(t), caller: "controller/events.go:45", msg, canary: "ranker.search", component: "flagger" }, label);
  };
  const canaryShare = (t: number): number => {
    if (t < ready || t >= failedAt) return 0;
    return Math.min(steps.length, 1 + Math.floor((t - ready) / MIN)) * 0.1;
  };

  const queries = [
    "rain jacket",
    "trail shoes",
    "down jacket women",
    "tent 2 person",
    "merino base layer",
    "headlamp",
    "hiking poles",
    "sleeping bag -10",
    "gore tex boots",
    "kids fleece",
  ];
  for (const t of times(rng, t0, end, rng.int(2200, 2600))) {
    const onCanary = rng.chance(canaryShare(t));
    const pod = onCanary ? canary : rng.pick(primaries);
    const q = rng.pick(queries);
    const cands = rng.int(400, 1200);
    const qid = `q_${rng.alnum(12, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    if (!onCanary) {
      const ms = Math.min(rng.logn(22, 0.35), 80);
      kit(t + ms, pod, "info", "rank/handler.go:88", "ranked", null, {
        query_id: qid,
        q,
        candidates: String(cands),
        returned: "24",
        model: "ltr-v41",
        top_score: rng.float(2.1, 4.8).toFixed(3),
        took: goDuration(ms),
      });
      continue;
    }
    const ms = rng.logn(260, 0.4);
    // Products added since the feature was backfilled have no price_ratio_7d: their scores are NaN, and NaN sorts them all out.
    const nan = rng.chance(0.45);
    if (nan) {
      kit(t + ms - 2, pod, "warn", "rank/features.go:141", "feature vector contains NaN", "pattern", {
        query_id: qid,
        feature: "price_ratio_7d",
        affected_candidates: String(rng.int(40, cands)),
      });
      kit(t + ms, pod, "warn", "rank/handler.go:97", "empty result page served", "pattern", {
        query_id: qid,
        q,
        candidates: String(cands),
        returned: "0",
        model: "ltr-v42",
        top_score: "NaN",
        took: goDuration(ms),
      });
    } else {
      kit(t + ms, pod, "info", "rank/handler.go:88", "ranked", ms >= 220 ? "performance" : null, {
        query_id: qid,
        q,
        candidates: String(cands),
        returned: "24",
        model: "ltr-v42",
        top_score: rng.float(2.1, 4.8).toFixed(3),
        took: goDuration(ms),
      });
    }
  }
  // Every pod refreshes its feature cache and reports its memory every minute.
  for (const pod of [...primaries, canary]) {
    const from = pod === canary ? canaryAt + 30 * SEC : t0;
    const until = pod === canary ? failedAt + 40 * SEC : end;
    for (let t = from + rng.int(0, 59) * SEC; t < until; t += MIN) {
      const big = pod === canary;
      const rss = big ? rng.float(3.45, 3.9) : rng.float(1.1, 1.6);
      kit(t, pod, big && rss / 4 > 0.85 ? "warn" : "info", "runtime/stats.go:31", "runtime stats", big && rss / 4 > 0.85 ? "memory" : null, {
        rss: `${rss.toFixed(2)}GiB`,
        limit: "4GiB",
        memory_pct: ((rss / 4) * 100).toFixed(1),
        goroutines: String(rng.int(180, 320)),
      });
      if (rng.chance(0.5))
        kit(t + rng.int(1, 20) * SEC, pod, "info", "features/cache.go:64", "feature cache refreshed", null, {
          entries: String(rng.int(180000, 240000)),
          took: goDuration(rng.float(300, 1800)),
        });
    }
  }
  // The canary's start and Flagger's analysis.
  kit(canaryAt, canary, "info", "cmd/ranker/main.go:52", "starting ranker", null, { version: "2.18.0", model: "ltr-v42" });
  kit(canaryAt + rng.int(20, 50) * SEC, canary, "info", "model/loader.go:77", "model loaded", null, {
    model: "ltr-v42",
    trees: "2400",
    resident: "2.41GiB",
    took: goDuration(rng.float(20000, 45000)),
  });
  flagger(canaryAt + 5 * SEC, "info", "New revision detected! Scaling up ranker.search", null);
  flagger(ready - 10 * SEC, "info", "Starting canary analysis for ranker.search", null);
  for (let i = 0; i < steps.length; i++) flagger(ready + i * MIN, "info", `Advance ranker.search canary weight ${steps[i]}`, null);
  for (let k = 1; k <= 5; k++) {
    flagger(
      ready + (steps.length + k - 1) * MIN + rng.int(0, 20) * SEC,
      "info",
      `Halt ranker.search advancement request duration ${rng.int(240, 420)}ms > 100ms`,
      "performance",
    );
  }
  flagger(failedAt, "info", "Rolling back ranker.search failed checks threshold reached 5", "error");
  flagger(failedAt + 2 * SEC, "info", "Canary failed! Scaling down ranker.search", "error");
  kit(failedAt + 30 * SEC, canary, "info", "cmd/ranker/main.go:88", "shutting down", null, { signal: "terminated" });
  return inc.finish();
}
