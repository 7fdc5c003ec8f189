// Seismograph network, about two hours. Two operations 100x apart: appending a miniSEED record to the waveform
// archive takes ~2 ms, solving a hypocentre ~300 ms. A RAID member of the archive volume fails and the array
// rebuilds: appends slow to 10-60 ms (still far below the locator's healthy 300 ms, but 5-30x their own median),
// the ingest ring buffer backs up, and later the locator waits on waveform windows and slows to seconds.
//
// Producers: waveform-ingest (Rust tracing JSON), event-locator (Go log/slog JSON, durations in ns),
// station-registry (pino-http), alert-publisher (structlog), kernel messages via journald JSON.
// Healthy bands (median; healthy values stay within 3x of it):
//   waveform-ingest "appended miniSEED record" 2 ms (elapsed_ms); ring buffer backlog 0-400 records
//   event-locator "hypocentre solved" 300 ms (duration, ns); station-registry GET /stations/:id 8 ms
//   alert-publisher "event bulletin published" 40 ms (duration_ms)
// Routine noise (null): duplicate packets dropped (WARN), stale station metadata served from cache (WARN),
// phase picks rejected for residual (WARN), clock-quality warnings (WARN).
// Labelled: the kernel's RAID failure (error) and rebuild (pattern) lines, slow appends and locator solves
// (performance), backlog reports above 400 (performance), waveform fetch timeouts (performance).
import { arrivals, HOUR, isoMicro, isoNano, LogBook, type Log, MIN, Rng, round, SEC, startOf } from "./rng.js";
import { epochUs, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function seismographLatencyTiers(seed: number): Scenario {
  const r = new Rng(seed, 202);
  const t0 = startOf(r);
  const span = 2 * HOUR + r.int(-8, 8) * MIN;
  const end = t0 + span;
  const book = new LogBook();

  const raidFail = t0 + span * r.float(0.36, 0.42);
  const locatorSlow = raidFail + span * r.float(0.1, 0.14);
  const rebuildDone = t0 + span * r.float(0.74, 0.8);
  const disk = r.pick(["sdc", "sdd", "sde"]);
  const archiveHost = `wfarch-${r.int(1, 4)}`;

  const nets = ["GE", "IU", "II", "CX", "NZ", "AK"];
  const stations = Array.from({ length: 22 }, () => `${r.pick(nets)}.${r.upper(3)}`);
  const channels = ["HHZ", "HHN", "HHE", "BHZ", "BHN", "BHE"];

  const tracing =
    (level: string, message: string, fields: Log, target = "waveform_ingest::archive") =>
    (t: number) => ({
      timestamp: isoMicro(t),
      level,
      fields: { message, ...fields },
      target,
      threadName: `tokio-runtime-worker-${r.int(0, 7)}`,
    });
  const slog = (level: string, msg: string, extra: Log) => (t: number) => ({
    time: isoNano(t),
    level,
    msg,
    service: "event-locator",
    ...extra,
  });
  const registryHost = r.pod("station-registry");
  const registryPid = r.int(1, 30);
  let reqId = r.int(100, 9_000);
  const pino = (level: number, msg: string, extra: Log) => (t: number) => ({
    level,
    time: t,
    pid: registryPid,
    hostname: registryHost,
    name: "station-registry",
    ...extra,
    msg,
  });
  const structlog = (level: string, event: string, extra: Log) => (t: number) => ({
    event,
    service: "alert-publisher",
    ...extra,
    level,
    timestamp: isoMicro(t),
  });
  const kernel = (priority: string, message: string) => (t: number) => ({
    __REALTIME_TIMESTAMP: epochUs(t),
    _HOSTNAME: archiveHost,
    PRIORITY: priority,
    SYSLOG_IDENTIFIER: "kernel",
    _TRANSPORT: "kernel",
    MESSAGE: message,
  });

  // Waveform appends: 2 ms healthy; 10-60 ms while the array is degraded (a few still hit the page cache).
  for (const t of arrivals(r, t0, end, 15)) {
    const degraded = t >= raidFail && t < rebuildDone && !r.chance(0.12);
    const ms = degraded ? r.slow(2, 5, 30) : r.healthy(2);
    const station = r.pick(stations);
    book.add(
      t,
      degraded ? "performance" : null,
      tracing("INFO", "appended miniSEED record", {
        station,
        channel: r.pick(channels),
        samples: r.int(380, 460),
        seq: r.int(100_000, 999_999),
        elapsed_ms: round(ms, 2),
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.5)) {
    const station = r.pick(stations);
    const msg = `duplicate packet dropped (${station} ${r.pick(channels)} seq ${r.int(100_000, 999_999)})`;
    book.add(t, null, tracing("WARN", msg, {}, "waveform_ingest::seedlink"));
  }
  // Ring buffer report every minute: 0-400 records is healthy.
  for (const t of ticks(r, t0 + r.int(5, 50) * SEC, end, MIN)) {
    let backlog: number;
    if (t < raidFail + 90 * SEC || t >= rebuildDone + 2 * MIN) backlog = r.int(0, 320);
    else if (t < rebuildDone) backlog = Math.round(900 + (t - raidFail) / 350 + r.int(0, 400));
    else backlog = r.int(1_500, 4_000);
    const label = backlog > 400 ? "performance" : null;
    const level = backlog > 400 ? "WARN" : "INFO";
    const msg = backlog > 400 ? "ring buffer backlog above high-water mark" : "ring buffer status";
    book.add(t, label, tracing(level, msg, { backlog_records: backlog, high_water: 400 }, "waveform_ingest::ring"));
  }

  // Kernel: the member fails, the array degrades, a spare rebuilds it.
  const md = `md${r.int(0, 2)}`;
  const ioErr = `blk_update_request: I/O error, dev ${disk}, sector ${r.int(1e6, 9e8)}`;
  book.add(raidFail - 900, "error", kernel("3", ioErr));
  book.add(raidFail - 400, "error", kernel("2", `md/raid10:${md}: Disk failure on ${disk}, disabling device.`));
  const degradedMsg = `md/raid10:${md}: Operation continuing on ${r.int(5, 7)} devices.`;
  book.add(raidFail - 380, "pattern", kernel("2", degradedMsg));
  book.add(raidFail + 40 * SEC, "pattern", kernel("6", `md: recovery of RAID array ${md}`));
  book.add(rebuildDone, "pattern", kernel("6", `md: ${md}: recovery done.`));
  for (const t of ticks(r, t0 + r.int(3, 30) * MIN, end, 40 * MIN, 0.2)) {
    const rate = r.int(60, 90) * 1000;
    const took = r.int(2501, 3900);
    const msg = `perf: interrupt took too long (${took} > 2500), lowering kernel.perf_event_max_sample_rate to ${rate}`;
    book.add(t, null, kernel("4", msg));
  }

  // Hypocentre solutions: 300 ms healthy, seconds once the locator waits on a degraded archive.
  for (const t of arrivals(r, t0, end, 1.6)) {
    const slow = t >= locatorSlow && t < rebuildDone && !r.chance(0.2);
    const ms = slow ? r.slow(300, 5, 16) : r.healthy(300);
    const eventId = `hq${new Date(t).getUTCFullYear()}${r.lower(6)}`;
    const mag = round(r.float(0.4, 4.6), 1);
    book.add(
      t + ms,
      slow ? "performance" : null,
      slog("INFO", "hypocentre solved", {
        event_id: eventId,
        phases: r.int(8, 60),
        stations_used: r.int(5, 22),
        depth_km: round(r.float(2, 40), 1),
        magnitude: mag,
        duration: Math.round(ms * 1e6),
      }),
    );
    if (slow && r.chance(0.35)) {
      const fetch = `waveform window fetch for ${r.pick(stations)} timed out after 5s, solving without it`;
      book.add(t + ms - 5, "performance", slog("WARN", fetch, { event_id: eventId }));
    }
    if (mag >= 2.5) {
      const pub = r.healthy(40);
      book.add(
        t + ms + pub,
        null,
        structlog("info", "event bulletin published", {
          event_id: eventId,
          magnitude: mag,
          duration_ms: round(pub, 1),
          subscribers: r.int(40, 60),
        }),
      );
    }
    if (r.chance(0.08)) {
      const residual = round(r.float(2.6, 4.2), 1);
      const msg = `phase pick rejected: residual ${residual}s exceeds 2.5s at ${r.pick(stations)}`;
      book.add(t + 10, null, slog("WARN", msg, { event_id: eventId }));
    }
  }

  // Station metadata lookups: 8 ms, healthy all window.
  for (const t of arrivals(r, t0, end, 5)) {
    const ms = r.healthy(8);
    book.add(
      t,
      null,
      pino(30, "request completed", {
        req: { id: reqId++, method: "GET", url: `/stations/${r.pick(stations)}` },
        res: { statusCode: 200 },
        responseTime: Math.max(1, Math.round(ms)),
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.25)) {
    const msg = `station metadata stale for ${r.pick(stations)}, serving cached response`;
    book.add(t, null, pino(40, msg, { cacheAgeS: r.int(3_700, 9_000) }));
  }
  for (const t of arrivals(r, t0, end, 0.12)) {
    const msg = `clock quality ${r.int(40, 79)}% below 80% at ${r.pick(stations)}`;
    book.add(t, null, pino(40, msg, {}));
  }

  return {
    name: "seismograph-latency-tiers",
    description: "Seismic archive RAID degrades: 2 ms appends go 10-60 ms, then 300 ms hypocentre solves go to seconds",
    ...book.build(),
  };
}
