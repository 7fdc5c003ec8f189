// Python services logging with structlog's JSON renderer. Their normal latencies differ by
// orders of magnitude (a ~2 ms FX-rate cache, a ~40 ms ledger API, ~3 s statement rendering,
// ~25 s reconciliation batches); each is slow *for itself* only a handful of times.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMicro, type Label, Rand, round, Timeline, windowStart } from "./lib.js";

const z = (t: number) => isoMicro(t).replace("+00:00", "Z");

export function ledgerLatencyTiers(seed: number): Scenario {
  const r = new Rand(seed, "s02-ledger");
  const tl = new Timeline();
  const t0 = windowStart(r, 8, 16);
  const t1 = t0 + 4 * HOUR;
  const host = (svc: string) => `${svc}-${r.int(0, 3)}`;

  const add = (t: number, e: Record<string, unknown>, label: Label) => tl.add(t, { timestamp: z(t), ...e }, label);

  // fx-rates-cache: ~2 ms lookups.
  const cacheT = r.times(r.int(1250, 1450), t0, t1);
  const cacheSlow = r.indices(r.int(13, 16), cacheT.length);
  cacheT.forEach((t, i) => {
    const slow = cacheSlow.has(i);
    const pair = r.pick(["EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF", "EURGBP"]);
    add(
      t,
      {
        event: "rate lookup",
        level: "info",
        logger: "fxcache.store",
        service: "fx-rates-cache",
        host: host("fx-rates-cache"),
        pair,
        hit: slow ? false : r.chance(0.97),
        duration_ms: slow ? round(r.float(55, 140), 3) : round(r.logNormal(1.9, 0.3), 3),
      },
      slow ? "performance" : null,
    );
  });

  // ledger-api: ~40 ms HTTP requests.
  const apiT = r.times(r.int(1100, 1250), t0, t1);
  const apiSlow = r.indices(r.int(12, 15), apiT.length);
  apiT.forEach((t, i) => {
    const slow = apiSlow.has(i);
    const [method, path] = r.pick([
      ["GET", "/accounts/{id}/balance"],
      ["GET", "/accounts/{id}/entries"],
      ["POST", "/transfers"],
      ["POST", "/journal"],
    ] as const);
    add(
      t,
      {
        event: "request finished",
        level: slow && r.chance(0.3) ? "warning" : "info",
        logger: "ledger.api.middleware",
        service: "ledger-api",
        host: host("ledger-api"),
        method,
        path: path.replace("{id}", `acc_${r.alnum(10)}`),
        status_code: method === "POST" ? 201 : 200,
        duration_ms: slow ? round(r.float(1100, 3800), 1) : round(r.logNormal(38, 0.35), 1),
        request_id: r.uuid(),
      },
      slow ? "performance" : null,
    );
  });

  // statement-render: ~3 s PDF renders.
  const stT = r.times(r.int(300, 380), t0, t1);
  const stSlow = r.indices(r.int(8, 11), stT.length);
  stT.forEach((t, i) => {
    const slow = stSlow.has(i);
    const pages = r.int(1, 14);
    add(
      t,
      {
        event: "statement rendered",
        level: "info",
        logger: "statements.render",
        service: "statement-render",
        host: host("statement-render"),
        account_id: `acc_${r.alnum(10)}`,
        pages,
        format: "pdf",
        duration_ms: slow ? round(r.float(28000, 75000), 1) : round(r.logNormal(2600 + pages * 90, 0.25), 1),
      },
      slow ? "performance" : null,
    );
  });

  // recon-batch: ~25 s per batch, one every ~4 minutes, logs elapsed in seconds.
  const batchT = r.stream(4 * 60_000, t0, t1);
  const batchSlow = r.indices(r.int(4, 6), batchT.length);
  batchT.forEach((t, i) => {
    const slow = batchSlow.has(i);
    add(
      t,
      {
        event: "reconciliation batch complete",
        level: "info",
        logger: "recon.worker",
        service: "recon-batch",
        host: "recon-batch-0",
        batch_id: r.int(40000, 49999),
        rows: r.int(18000, 26000),
        mismatches: r.int(0, 3),
        elapsed_s: slow ? round(r.float(300, 720), 3) : round(r.logNormal(24, 0.2), 3),
      },
      slow ? "performance" : null,
    );
  });

  // Background noise: health checks and token refreshes.
  for (const t of r.stream(45_000, t0, t1)) {
    add(
      t,
      { event: "health check ok", level: "debug", logger: "ledger.health", service: "ledger-api", host: host("ledger-api"), checks: { db: "ok", cache: "ok" } },
      null,
    );
  }
  for (const t of r.times(r.int(8, 14), t0, t1)) {
    add(t, { event: "oauth token refreshed", level: "info", logger: "ledger.auth", service: "ledger-api", host: host("ledger-api"), expires_in: 3600 }, null);
  }

  return tl.build(
    "ledger-latency-tiers",
    "structlog JSON from four finance services whose normal latencies span 2 ms to 25 s; each is slow for itself only a few times, never slow in absolute terms alone.",
  );
}
