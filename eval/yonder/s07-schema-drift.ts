// Schema drift in a streaming ETL: a mobile-gateway release starts serialising prices as locale
// strings ("12,99"); from the next micro-batch on the clickstream ETL rejects a quarter of its rows,
// logs sampled row rejections never seen before, and its data-quality gate fails batch after batch.
// Decoys: a handful of malformed rows rejected in every batch, a geoip enricher that logs lookups
// of private addresses at ERROR all day, an hourly compaction that is heavy by design.

import type { Scenario } from "../blind/types.js";
import { canonical, otel, pino, type PinoProc, pyjson, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { runJob, sparkApp } from "./spark.js";
import { every, fmtInt, HOUR, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const PRICED = ["add_to_cart", "purchase", "view_item", "remove_from_cart", "begin_checkout"];

export function etlSchemaDrift(seed: number): Scenario {
  const rng = new Rng(seed, "etl-schema-drift");
  const start = pickStart(rng, [7, 8, 10, 12, 16, 18, 20]);
  const tl = new Timeline(start, start + rng.int(70, 90) * MIN);
  const end = tl.end;
  const releaseAt = tl.at(rng.float(0.48, 0.66));
  const pricedShare = rng.float(0.2, 0.28);

  // --- mobile-gateway (zap): event batches from the apps; rolled out at releaseAt
  const gwRng = rng.fork("gateway");
  const gwOld = [0, 1, 2].map(() => gwRng.pod("mobile-gateway"));
  const gwNew = [0, 1, 2].map(() => gwRng.pod("mobile-gateway"));
  const swap = [0, 1, 2].map((i) => releaseAt + i * gwRng.int(30, 50) * SEC);
  const newShare = (t: number) => swap.filter((s) => s <= t).length / 3;
  for (const [i, p] of gwOld.entries()) {
    tl.add(swap[i] ?? releaseAt, (t) =>
      zap(t, "info", "server/server.go:211", "shutting down: draining connections", { service: "mobile-gateway", pod: p, version: "5.2.4" }),
    );
  }
  gwNew.forEach((p, i) => {
    const at = (swap[i] ?? releaseAt) - gwRng.int(8, 15) * SEC;
    tl.add(at, (t) =>
      zap(t, "info", "cmd/gateway/main.go:58", "starting mobile-gateway", { service: "mobile-gateway", pod: p, version: "5.3.0", commit: "1a9e0c4" }),
    );
    tl.add(at + 900, (t) => zap(t, "info", "server/server.go:96", "listening", { service: "mobile-gateway", pod: p, addr: ":8080" }));
  });
  poisson(gwRng, start, end, 2200, (t) => {
    const useNew = gwRng.next() < newShare(t);
    const pod = useNew ? gwRng.pick(gwNew) : gwRng.pick(gwOld);
    const events = gwRng.int(3, 60);
    const status = gwRng.chance(0.012) ? 413 : gwRng.chance(0.01) ? 400 : 202;
    const lat = round(gwRng.logn(0.011, 0.5), 6);
    const app = gwRng.pick(["ios/7.14.1", "ios/7.14.0", "android/7.14.1", "android/7.13.2", "android/7.14.0"]);
    tl.add(t, (tt) =>
      zap(tt, status === 202 ? "info" : "warn", "server/middleware.go:74", "request", {
        service: "mobile-gateway",
        pod,
        method: "POST",
        path: "/v1/events",
        status,
        latency: lat,
        events,
        client: app,
        request_id: gwRng.hex(16),
      }),
    );
  });

  // --- clickstream-etl (Python): a micro-batch every 60 s
  const eRng = rng.fork("etl");
  let batch = eRng.int(14_000, 52_000);
  const etl = (t: number, level: "info" | "warn" | "error", msg: string, extra: Record<string, unknown> = {}) =>
    pyjson(t, "clickstream-etl", "clickstream.etl", level, msg, { pod: "clickstream-etl-0", ...extra });
  every(eRng, start + eRng.int(0, 60) * SEC, end, 60 * SEC, 2500, (t) => {
    const id = batch++;
    const files = eRng.int(2, 5);
    const d = new Date(t - 120_000).toISOString();
    const prefix = `s3://acme-raw-events/clickstream/dt=${d.slice(0, 10)}/hour=${d.slice(11, 13)}/`;
    tl.add(t, (tt) => etl(tt, "info", `Batch ${id} started: ${files} new files under ${prefix}`, { batch_id: id, files }));
    const rowsIn = eRng.int(38_000, 56_000);
    // files written after the release contain the new serialisation (with a minute of delay)
    const share = newShare(t - 75 * SEC);
    const badRows = Math.round(rowsIn * pricedShare * share * eRng.float(0.95, 1.05));
    const malformed = eRng.weighted([
      [0, 3],
      [1, 3],
      [2, 2],
      [eRng.int(3, 9), 1],
    ] as const);
    const rejected = badRows + malformed;
    const dur = eRng.logn(21_000, 0.2) + badRows * 0.4;
    const doneAt = t + dur;
    const fields = { batch_id: id, rows_in: rowsIn, rows_out: rowsIn - rejected, rows_rejected: rejected, duration_ms: Math.round(dur) };
    if (badRows > 0) {
      const ratio = round((100 * rejected) / rowsIn, 1);
      for (let k = 0; k < 3; k++) {
        const ev = eRng.pick(PRICED);
        const field = eRng.chance(0.75) ? "properties.price" : "properties.value";
        const val = `${eRng.int(1, 250)},${eRng.int(10, 99)}`;
        const appv = eRng.pick(["ios/7.14.1", "android/7.14.1", "android/7.13.2", "ios/7.14.0"]);
        tl.add(
          t + dur * (0.2 + 0.2 * k),
          (tt) =>
            etl(tt, "warn", `Row rejected: field '${field}' expected double, got string ('${val}') [event_type=${ev}, client=${appv}]`, {
              batch_id: id,
              reason: "type_mismatch",
              field,
            }),
          "pattern",
        );
      }
      tl.add(
        doneAt,
        (tt) => etl(tt, "error", `Batch ${id}: rejected ${fmtInt(rejected)} of ${fmtInt(rowsIn)} rows (${ratio}%): schema validation failed`, fields),
        "error",
      );
      tl.add(
        doneAt + 40,
        (tt) =>
          etl(
            tt,
            "error",
            `Data quality check failed for warehouse.events_clean: reject ratio ${ratio}% exceeds threshold 1.0%; batch ${id} committed with rejects routed to s3://acme-raw-events/rejects/`,
            { batch_id: id, check: "reject_ratio", observed: ratio, threshold: 1.0 },
          ),
        "error",
      );
    } else {
      tl.add(doneAt, (tt) => etl(tt, "info", `Batch ${id}: wrote ${fmtInt(rowsIn - rejected)} rows to warehouse.events_clean, rejected ${rejected}`, fields));
      if (malformed > 0) {
        const reason = eRng.pick(["malformed JSON", "missing event_id", "event_ts in the future"]);
        tl.add(doneAt - 300, (tt) =>
          etl(tt, "warn", `Rejected ${malformed} row${malformed === 1 ? "" : "s"} in batch ${id}: ${reason}`, { batch_id: id, reason }),
        );
      }
    }
    if (eRng.chance(0.08))
      tl.add(t + 500, (tt) => etl(tt, "info", `Checkpoint written to s3://acme-etl-state/clickstream/checkpoints/${id}`, { batch_id: id }));
  });

  // --- geoip-enricher (pino): routine ERRORs for private addresses
  const gRng = rng.fork("geoip");
  const gPods: PinoProc[] = [0, 1].map(() => ({ name: "geoip-enricher", hostname: gRng.pod("geoip-enricher"), pid: 1 }));
  poisson(gRng, start, end, 14_000, (t) => {
    const ip = `10.${gRng.int(0, 255)}.${gRng.int(0, 255)}.${gRng.int(1, 254)}`;
    tl.add(t, (tt) => pino(tt, gRng.pick(gPods), "error", `GeoIP lookup failed for ${ip}: address not in database`, { ip, db: "GeoIP2-City-2024-09" }));
  });
  every(gRng, start + gRng.int(0, 30) * SEC, end, 30 * SEC, 1500, (t) => {
    const n = gRng.int(900, 1800);
    tl.add(t, (tt) =>
      pino(tt, gRng.pick(gPods), "info", "enriched batch", { records: n, cacheHitRatio: round(gRng.float(0.82, 0.95), 3), durationMs: gRng.int(30, 120) }),
    );
  });

  // --- feature-store writer (OpenTelemetry logs): consumes clean events
  const fRng = rng.fork("features");
  const fRes = {
    "service.name": "feature-store-writer",
    "service.version": "1.8.3",
    "k8s.pod.name": fRng.pod("feature-store-writer"),
    "deployment.environment": "prod",
  };
  every(fRng, start + fRng.int(0, 30) * SEC, end, 30 * SEC, 2000, (t) => {
    const rows = fRng.int(600, 1600);
    tl.add(t, (tt) =>
      otel(
        tt,
        fRes,
        "info",
        `wrote ${rows} feature rows to online store`,
        { "db.system": "redis", rows, duration_ms: fRng.int(20, 90) },
        fRng.hex(32),
        fRng.hex(16),
      ),
    );
    if (fRng.chance(0.02))
      tl.add(t + 200, (tt) => otel(tt, fRes, "warn", "redis pipeline retry after MOVED redirection", { "db.system": "redis", attempt: 2 }));
  });

  // --- dashboards querying the warehouse (Trino)
  const qRng = rng.fork("trino");
  poisson(qRng, start, end, 24_000, (t) => {
    const q = qRng.pick(["daily_active_users", "funnel_add_to_cart", "revenue_by_country", "retention_cohorts", "search_ctr"]);
    const ms = Math.round(qRng.logn(q === "retention_cohorts" ? 9000 : 1800, 0.5));
    tl.add(t, (tt) =>
      canonical(
        tt,
        "trino-coordinator",
        "info",
        `Query ${new Date(tt).toISOString().slice(0, 10).replace(/-/g, "")}_${qRng.int(100000, 999999)}_${qRng.int(10000, 99999)}_${qRng.alnum(5)} FINISHED`,
        { user: "metabase", source: `dashboard:${q}`, elapsed_ms: ms, rows: qRng.int(10, 5000), catalog: "iceberg", schema: "warehouse" },
      ),
    );
  });

  // --- hourly compaction (Spark), heavy by design
  const firstHour = Math.floor(start / HOUR) * HOUR;
  for (let h = firstHour; h < end; h += HOUR) {
    const cRng = rng.fork(`compaction-${h}`);
    const at = h + 20 * MIN + cRng.int(5, 40) * SEC;
    const app = sparkApp(cRng, "iceberg-compaction", "events-compaction", 4, 4);
    runJob(tl, cRng, app, at, "rewriteDataFiles at CompactionJob.scala:41", [
      { tasks: 48, kind: "ShuffleMapStage", duration: () => cRng.logn(38_000, 0.3), executorLines: 2 },
      { tasks: 16, kind: "ResultStage", duration: () => cRng.logn(52_000, 0.3), executorLines: 4 },
    ]);
  }

  return tl.build(
    "etl-schema-drift",
    "A mobile-gateway release serialises prices as locale strings; the clickstream ETL starts rejecting a quarter of each micro-batch and its data-quality gate fails, among routine malformed-row rejects and a geoip service that always logs errors",
    rng,
  );
}
