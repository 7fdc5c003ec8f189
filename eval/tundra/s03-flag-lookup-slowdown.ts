/*
 * flag-lookup-slowdown
 *
 * config-api (Go, zap) serves very different endpoints: feature-flag lookups
 * answered from an in-memory cache in 1-4 ms, segment reads in ~15 ms, dashboard
 * reads in ~75 ms and report exports that take 3-8 s. Its slow-request
 * middleware logs a WARN for anything above 1 s, so every export produces a
 * routine "slow request" warning all day.
 *
 * In the middle of the window flag-sync (Go, zap) gets an etag mismatch on its
 * incremental sync and falls back to a full cache rebuild that holds the cache
 * lock. For the 6-12 minutes the rebuild takes, flag lookups take 150-900 ms:
 * hundreds of times their normal latency, yet still below the 1 s slow-request
 * threshold and far below the exports' normal latency. checkout-web (Node, pino)
 * sees its periodic flag refresh slow down accordingly. report-worker (Python)
 * keeps producing exports undisturbed.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const pyTimestamp = (t: number): string => new Date(t).toISOString().replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};
const fmtDur = (ms: number): string => {
  const m = Math.floor(ms / 60000);
  const s = (ms % 60000) / 1000;
  return m > 0 ? `${m}m${s.toFixed(1)}s` : `${s.toFixed(3)}s`;
};

const FLAGS = [
  "checkout.new-address-form",
  "checkout.apple-pay",
  "checkout.split-shipping",
  "search.semantic-ranking",
  "search.typo-tolerance",
  "pdp.video-gallery",
  "pdp.size-advisor",
  "cart.save-for-later",
  "cart.bundle-upsell",
  "account.passkeys",
  "account.delete-self-service",
  "orders.live-tracking",
  "orders.returns-v2",
  "promo.free-shipping-banner",
  "promo.black-friday-theme",
  "i18n.pl-locale",
  "i18n.cs-locale",
  "ops.read-only-mode",
  "ops.maintenance-banner",
  "reco.trending-rail",
  "reco.recently-viewed",
  "payments.3ds2-frictionless",
  "payments.klarna",
  "loyalty.points-v3",
];

export function s03FlagLookupSlowdown(seed: number): Scenario {
  const r = rng(seed, "tundra/s03");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(6, 18), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(100, 130) * 60_000;
  const end = start + windowMs;
  const incAt = start + windowMs * r.float(0.25, 0.7);
  const rebuildMs = r.int(360, 720) * 1000;
  const incEnd = incAt + rebuildMs;
  const lockFrom = incAt + r.int(2000, 6000);

  // flag lookup latency in ms at time t
  const flagLatency = (t: number): { ms: number; slow: boolean } => {
    if (t < lockFrom || t >= incEnd) return { ms: r.logn(2.1, 0.35), slow: false };
    const into = t - lockFrom;
    const left = incEnd - t;
    if (into < 25_000 || left < 20_000) return { ms: r.float(150, 420), slow: true };
    return { ms: r.float(400, 900), slow: true };
  };

  // --- config-api ---
  const apiPods = [0, 1, 2].map(() => `config-api-${r.hex(10)}-${r.alnum(5)}`);
  const api = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller,
    msg,
    service: "config-api",
    pod: r.pick(apiPods),
    ...fields,
  });
  const reqLine = (t: number, method: string, path: string, status: number, ms: number, extra: Record<string, unknown> = {}): Record<string, unknown> =>
    api(t, "info", "httpx/middleware.go:74", "request served", {
      request_id: r.hex(16),
      method,
      path,
      status,
      latency_ms: Number(ms.toFixed(3)),
      bytes: extra["bytes"] ?? r.int(80, 900),
      ...extra,
    });

  for (let t = start + r.exp(1500); t < end; t += r.exp(r.float(1900, 2300))) {
    const kind = r.weighted([
      ["flag", 58],
      ["segment", 14],
      ["dash", 12],
      ["export", 3],
      ["health", 13],
    ] as const);
    if (kind === "flag") {
      const { ms, slow } = flagLatency(t);
      const key = r.pick(FLAGS);
      push(
        t,
        reqLine(t, "GET", `/v1/flags/${key}`, 200, ms, {
          query: `env=prod&client=${r.pick(["web", "ios", "android", "checkout-web"])}`,
          bytes: r.int(90, 240),
        }),
        slow ? "performance" : null,
      );
    } else if (kind === "segment") {
      push(t, reqLine(t, "GET", `/v1/segments/seg_${r.alnum(10)}`, 200, r.logn(14, 0.35)));
    } else if (kind === "dash") {
      push(t, reqLine(t, "GET", `/v1/dashboards/${r.int(100, 480)}`, r.chance(0.02) ? 404 : 200, r.logn(75, 0.4), { bytes: r.int(4000, 60000) }));
    } else if (kind === "export") {
      const ms = r.float(3000, 8000);
      const jobId = r.uuid();
      const tj = t - ms;
      push(tj, {
        asctime: asctime(tj),
        levelname: "INFO",
        name: "reports.export",
        message: `export ${jobId} started: dashboard=${r.int(100, 480)} format=${r.pick(["xlsx", "csv", "pdf"])} range=${r.pick(["7d", "30d", "90d", "ytd"])}`,
        service: "report-worker",
        timestamp: pyTimestamp(tj),
      });
      const rows = r.int(20_000, 900_000);
      const tf = t - r.int(40, 200);
      push(tf, {
        asctime: asctime(tf),
        levelname: "INFO",
        name: "reports.export",
        message: `export ${jobId} finished rows=${rows} bytes=${Math.round(rows * r.float(60, 140))} took ${((ms - 250) / 1000).toFixed(2)}s`,
        service: "report-worker",
        timestamp: pyTimestamp(tf),
      });
      push(t, reqLine(t, "POST", "/v1/reports/export", 200, ms, { job_id: jobId, bytes: r.int(2_000_000, 90_000_000) }));
      push(
        t + 1,
        api(t + 1, "warn", "httpx/slowlog.go:31", "slow request", {
          method: "POST",
          path: "/v1/reports/export",
          latency_ms: Number(ms.toFixed(3)),
          threshold_ms: 1000,
        }),
      );
    } else {
      push(t, reqLine(t, "GET", "/healthz", 200, r.float(0.12, 0.9), { bytes: 2 }));
    }
  }

  // --- flag-sync ---
  let version = r.int(40_000, 60_000);
  const keysTotal = r.int(30_000, 60_000);
  const fs = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller,
    msg,
    service: "flag-sync",
    ...fields,
  });
  for (let t = start + r.int(0, 30_000); t < end; t += 30_000 + r.int(-400, 400)) {
    if (t >= incAt - 1000 && t < incEnd) continue;
    const changes = r.weighted([
      [0, 50],
      [1, 25],
      [2, 12],
      [3, 8],
      [7, 5],
    ] as const);
    version += changes;
    push(t, fs(t, "info", "sync/incremental.go:88", "incremental sync applied", { changes, version, took_ms: Math.round(r.logn(35, 0.3)) }));
  }
  push(
    incAt,
    fs(
      incAt,
      "warn",
      "sync/incremental.go:121",
      `incremental sync rejected: etag mismatch (have W/"${version}" got W/"${version - r.int(3, 40)}"); scheduling full rebuild`,
      {},
    ),
    "pattern",
  );
  push(lockFrom - 300, fs(lockFrom - 300, "info", "sync/rebuild.go:42", "full rebuild started", { keys: keysTotal, lock: "exclusive" }), "pattern");
  for (let t = lockFrom + 60_000; t < incEnd - 5000; t += 60_000) {
    const done = Math.min(keysTotal, Math.round(((t - lockFrom) / (incEnd - lockFrom)) * keysTotal));
    push(t, fs(t, "info", "sync/rebuild.go:77", `full rebuild progress ${done}/${keysTotal} keys`, {}), "pattern");
  }
  push(
    incEnd,
    fs(incEnd, "info", "sync/rebuild.go:95", `full rebuild completed keys=${keysTotal} took ${fmtDur(incEnd - lockFrom)}`, { version: version + 1 }),
    "performance",
  );

  // --- checkout-web (pino) periodic flag refresh ---
  const webPods = [0, 1].map(() => `checkout-web-${r.hex(10)}-${r.alnum(5)}`);
  for (const pod of webPods) {
    for (let t = start + r.int(0, 60_000); t < end; t += 60_000 + r.int(-50, 50)) {
      const { ms, slow } = flagLatency(t);
      const total = slow ? ms + r.float(20, 120) : r.logn(7, 0.35);
      push(
        t,
        {
          level: 30,
          time: Math.floor(t),
          pid: 1,
          hostname: pod,
          service: "checkout-web",
          flags: 14,
          msg: `feature flags refreshed (14 flags) in ${Math.round(total)}ms`,
        },
        slow ? "performance" : null,
      );
    }
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "flag-lookup-slowdown",
    description:
      "config-api's 2 ms flag lookups slow to 150-900 ms during a flag-sync full cache rebuild, while 3-8 s exports (with routine slow-request warnings) stay normal.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
