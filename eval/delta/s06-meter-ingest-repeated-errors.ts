// s06: a utility's smart-meter ingestion pipeline (Python, python-json-logger: asctime, name,
// levelname, message, exc_info). Normal traffic has almost no ERROR (a CRC-mismatch frame now
// and then). The time-series database's primary crashes and failover stalls: the same handful
// of error lines repeat, each distinct message 15-30 times, until the writer reconnects to the
// promoted replica and replays its dead-letter topic.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, every, pyTime, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function meterIngestRepeatedErrors(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s06-meter-ingest-repeated-errors"));
  const tl = new Timeline();
  const start = baseTime(r, 0, 20);
  const end = start + r.int(170, 240) * MIN;
  const vol = r.float(0.85, 1.15);
  const iStart = start + (end - start) * r.float(0.25, 0.6);
  const iEnd = iStart + r.int(22, 34) * MIN;
  const down = (t: number) => between(t, iStart, iEnd);
  const concentrators = Array.from({ length: 40 }, () => `DC-${String(r.int(1, 999)).padStart(4, "0")}`);
  const feeders = Array.from({ length: 12 }, () => `F-${r.int(100, 399)}`);
  const timeline = r.int(5, 12);

  const log = (t: number, name: string, level: string, message: string, service: string, extra: Record<string, unknown> = {}) => ({
    asctime: pyTime(t),
    name,
    levelname: level,
    message,
    service,
    process: 1,
    threadName: extra.threadName ?? "MainThread",
    ...extra,
  });
  const add = (t: number, rec: Record<string, unknown>, label: Label = null) => tl.add(t, rec, label);

  // ---------- normal pipeline ----------
  for (const t of arrivals(r, start, end, 8000 / vol)) {
    const dc = r.pick(concentrators);
    const n = r.pick([128, 256, 256, 512, 512, 1024]);
    add(
      t,
      log(
        t,
        "meterflow.gateway.mqtt",
        "INFO",
        `Received batch of ${n} readings from concentrator ${dc} (fw 3.${r.int(1, 4)}.${r.int(0, 9)})`,
        "meter-gateway",
        { readings: n, concentrator: dc },
      ),
    );
    const tv = t + r.float(5, 60);
    const rej = r.chance(0.8) ? 0 : r.int(1, 6);
    add(
      tv,
      log(tv, "meterflow.validate", "INFO", `Validated ${n} readings: ${rej} rejected`, "reading-validator", {
        readings: n,
        rejected: rej,
        duration_ms: Number(r.logNormal(9, 0.3).toFixed(2)),
      }),
    );
  }
  for (const t of arrivals(r, start, end, 50 * SEC)) {
    add(t, log(t, "meterflow.gateway.mqtt", "DEBUG", `Keepalive from ${r.pick(concentrators)} (rssi ${-r.int(60, 95)} dBm)`, "meter-gateway"));
  }
  for (const t of arrivals(r, start, end, 4 * MIN)) {
    add(
      t,
      log(
        t,
        "meterflow.gateway.clock",
        "WARNING",
        `Concentrator ${r.pick(concentrators)} clock skew ${r.float(1.1, 4.8).toFixed(1)}s, correcting`,
        "meter-gateway",
      ),
    );
  }
  for (const t of arrivals(r, start, end, 3 * MIN)) {
    const m = `M-${r.digits(7)}`;
    add(
      t,
      log(
        t,
        "meterflow.validate.range",
        "WARNING",
        `Reading out of range for meter ${m}: ${r.float(90, 400).toFixed(1)} kWh in 15 min, clamped`,
        "reading-validator",
        { meter: m },
      ),
    );
  }
  // The rare normal ERROR: a corrupted radio frame.
  for (const t of arrivals(r, start, end, 70 * MIN)) {
    add(
      t,
      log(
        t,
        "meterflow.gateway.frames",
        "ERROR",
        `Malformed frame from ${r.pick(concentrators)}: CRC mismatch (expected 0x${r.hex(4)}, got 0x${r.hex(4)})`,
        "meter-gateway",
      ),
    );
  }
  // ts-writer flushes (only while the database is up).
  for (const t of arrivals(r, start, end, 12000 / vol)) {
    if (down(t)) continue;
    const pts = r.pick([2048, 4096, 4096, 8192]);
    add(
      t,
      log(t, "meterflow.writer.flush", "INFO", `Flushed ${pts} points to tsdb`, "ts-writer", {
        points: pts,
        duration_ms: Number(r.logNormal(82, 0.3).toFixed(1)),
        shard: r.int(0, 7),
        threadName: `writer-${r.int(0, 3)}`,
      }),
    );
  }
  for (const t of every(r, start, end, 60 * SEC, SEC)) {
    if (down(t)) continue;
    add(
      t,
      log(t, "meterflow.writer.consumer", "INFO", "Consumer position committed", "ts-writer", {
        topic: "meter.readings.validated",
        lag: r.int(0, 4000),
        partitions: 8,
      }),
    );
  }
  // billing-aggregator: hourly aggregates per feeder, spread through the hour.
  for (const t of arrivals(r, start, end, 50 * SEC)) {
    if (down(t)) continue;
    const f = r.pick(feeders);
    const meters = r.int(600, 2400);
    add(
      t,
      log(t, "billing.aggregate", "INFO", `Hourly aggregate computed for feeder ${f} (${meters.toLocaleString("en-US")} meters)`, "billing-aggregator", {
        feeder: f,
        duration_ms: Math.round(r.logNormal(2300, 0.25)),
      }),
    );
  }
  for (const t of every(r, start, end, 15 * MIN, 20 * SEC)) {
    add(t, log(t, "tariffs.sync", "INFO", `Tariff table synced from MDM: ${r.int(14, 19)} tariffs, ${r.int(0, 2)} changed`, "tariff-sync"));
  }

  // ---------- the incident: the same few errors, over and over ----------
  const spread = (n: number, a: number, b: number) => Array.from({ length: n }, () => r.float(a, b)).sort((x, y) => x - y);
  const tb =
    'Traceback (most recent call last):\n  File "/app/meterflow/writer/flush.py", line 88, in flush\n    with self.pool.connection() as conn:\n  File "/usr/local/lib/python3.11/site-packages/psycopg_pool/pool.py", line 170, in connection\n    conn = self.getconn(timeout=timeout)\npsycopg.OperationalError: connection failed: connection to server at "10.4.2.11", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?';
  for (const t of spread(r.int(15, 30), iStart + 2 * SEC, iEnd)) {
    add(
      t,
      log(
        t,
        "meterflow.writer.flush",
        "ERROR",
        'tsdb write failed: OperationalError: connection to server at "10.4.2.11", port 5432 failed: Connection refused',
        "ts-writer",
        { exc_info: tb, threadName: `writer-${r.int(0, 3)}` },
      ),
      "error",
    );
  }
  for (const t of spread(r.int(15, 30), iStart + 40 * SEC, iEnd)) {
    add(
      t,
      log(t, "meterflow.writer.retry", "ERROR", "Batch dropped after 5 attempts: 4096 points sent to dead-letter topic meter.readings.dlq", "ts-writer", {
        threadName: `writer-${r.int(0, 3)}`,
      }),
      "error",
    );
  }
  for (const t of spread(r.int(15, 30), iStart + 30 * SEC, iEnd)) {
    add(t, log(t, "meterflow.health", "ERROR", "Readiness check failed: tsdb-0.tsdb.meters.svc:5432 unreachable", "ts-writer"), "error");
  }
  for (const t of spread(r.int(15, 30), iStart + 60 * SEC, iEnd)) {
    add(
      t,
      log(t, "billing.aggregate", "ERROR", "Hourly aggregation run failed: tsdb unavailable (0/20 pool connections healthy)", "billing-aggregator"),
      "error",
    );
  }
  for (const t of spread(r.int(15, 30), iStart + 90 * SEC, iEnd + MIN)) {
    add(
      t,
      log(
        t,
        "billing.reports",
        "ERROR",
        "Query timed out after 30000 ms on read replica tsdb-1: SELECT time_bucket('1 hour', ts) AS h, feeder_id, sum(kwh) FROM readings WHERE ts > now() - interval '1 day' GROUP BY 1, 2",
        "billing-aggregator",
        { duration_ms: 30000 },
      ),
      "performance",
    );
  }
  // The primary is promoted, the writer restarts, reconnects and replays.
  const tUp = iEnd + r.int(5, 40) * SEC;
  add(tUp, log(tUp, "meterflow.writer", "INFO", "Starting ts-writer 2.8.1 (liveness restart)", "ts-writer"), "pattern");
  add(
    tUp + 900,
    log(tUp + 900, "meterflow.writer.flush", "INFO", `Connected to tsdb primary tsdb-1.tsdb.meters.svc (timeline ${timeline}, failover detected)`, "ts-writer"),
    "pattern",
  );
  const replay = r.int(140000, 260000);
  const tRe = tUp + r.int(20, 60) * SEC;
  add(
    tRe,
    log(tRe, "meterflow.writer.dlq", "INFO", `Replaying ${replay.toLocaleString("en-US")} points from dead-letter topic meter.readings.dlq`, "ts-writer"),
    "pattern",
  );
  const tDone = tRe + r.int(240, 600) * SEC;
  if (tDone < end)
    add(
      tDone,
      log(
        tDone,
        "meterflow.writer.dlq",
        "INFO",
        `Dead-letter replay complete: ${replay.toLocaleString("en-US")} points in ${Math.round((tDone - tRe) / 1000)} s`,
        "ts-writer",
      ),
      "pattern",
    );

  return tl.build(
    "meter-ingest-tsdb-failover-repeats",
    "Smart-meter ingestion (python-json-logger): the time-series primary dies and failover stalls; five distinct error lines repeat 15-30 times each where normal traffic has almost no ERROR.",
  );
}
