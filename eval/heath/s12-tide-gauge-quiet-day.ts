// Tide-gauge network, a full healthy day (24 hours). Nothing is wrong: gauges report, the QC pass rejects wave-splash
// spikes as it always does, a station's GNSS correction is sometimes late, a remote modem misses a cycle, the public
// API sees 404s for retired stations and 429s for a known scraper, and the nightly harmonic-analysis CronJob starts a
// pod, warns about a known gap in one record and finishes. Every line is routine: no label.
//
// Producers: gauge-ingest (Go log/slog JSON, durations in ns), datum-qc (structlog), tide-api (nginx JSON access log
// with Fluent Bit Kubernetes metadata), harmonics-batch (logback JSON), Kubernetes events (events.k8s.io/v1).
// Healthy bands (median; values stay within 3x of it): "water level sample stored" 2 ms; "QC pass complete" 3.5 s
// (duration_ms); GET /v1/stations/:id/predictions 80 ms, GET /v1/stations 20 ms (request_time); "Harmonic analysis
// completed" 45 s (durationMs).
// Routine noise (null): spikes rejected (WARN), GNSS correction unavailable (ERROR), modem not responding (ERROR),
// record gap (WARN), 404 and 429 at the API, the CronJob's pod events.
import { arrivals, HOUR, isoMicro, isoNano, isoOffset, LogBook, type Log, MIN, Rng, round } from "./rng.js";
import { startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function tideGaugeQuietDay(seed: number): Scenario {
  const r = new Rng(seed, 1212);
  const t0 = startOf(r);
  const end = t0 + 24 * HOUR;
  const book = new LogBook();
  const stations = Array.from({ length: 20 }, (_, i) => `TG-${String(i + 1).padStart(2, "0")}`);
  const apiPods = [r.pod("tide-api"), r.pod("tide-api")];
  const batchAt = t0 + r.float(8, 16) * HOUR;
  const scraper = `${r.int(30, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;

  const slog = (level: string, msg: string, extra: Log) => (t: number) => ({
    time: isoNano(t),
    level,
    msg,
    service: "gauge-ingest",
    ...extra,
  });
  const structlog = (level: string, event: string, extra: Log) => (t: number) => ({
    event,
    service: "datum-qc",
    ...extra,
    level,
    timestamp: isoMicro(t),
  });
  const nginx = (uri: string, status: number, ms: number, ip?: string) => (t: number) => ({
    time_iso8601: `${new Date(t).toISOString().slice(0, 19)}+00:00`,
    msec: (t / 1000).toFixed(3),
    remote_addr: ip ?? `${r.int(30, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    request: `GET ${uri} HTTP/1.1`,
    status,
    request_time: round(ms / 1000, 3),
    body_bytes_sent: status === 200 ? r.int(2_000, 40_000) : r.int(100, 300),
    http_user_agent: ip === scraper ? "python-requests/2.31.0" : "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)",
    kubernetes: { pod_name: r.pick(apiPods), container_name: "nginx", labels: { app: "tide-api" } },
  });
  const batchPod = `harmonics-batch-${Math.floor(batchAt / 60_000)}-${r.lower(5)}`;
  const logback = (level: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: "org.tides.harmonics.AnalysisJob",
    thread_name: "main",
    level,
    level_value: level === "WARN" ? 30000 : 20000,
    app: "harmonics-batch",
    host: batchPod,
    ...extra,
  });
  const event =
    (reason: string, note: string, controller = "kubelet") =>
    (t: number) => ({
      kind: "Event",
      apiVersion: "events.k8s.io/v1",
      metadata: { name: `${batchPod}.${r.hex(16)}`, namespace: "tides" },
      eventTime: isoMicro(t),
      type: "Normal",
      reason,
      note,
      regarding: { kind: "Pod", name: batchPod, namespace: "tides" },
      reportingController: controller,
    });

  // Gauge samples.
  for (const t of arrivals(r, t0, end, 0.6)) {
    const ms = r.healthy(2);
    const st = r.pick(stations);
    book.add(
      t,
      null,
      slog("INFO", "water level sample stored", {
        station: st,
        level_m: round(r.float(-2.8, 3.4), 3),
        sigma_m: round(r.float(0.002, 0.02), 3),
        duration: Math.round(ms * 1e6),
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.012)) {
    const st = r.pick(stations);
    book.add(t, null, slog("ERROR", `station ${st} modem not responding, will retry next cycle`, { station: st }));
  }

  // QC.
  for (const t of ticks(r, t0 + r.int(0, 29) * MIN, end, 30 * MIN)) {
    const ms = r.healthy(3_500);
    const fields = { samples: r.int(180, 260), duration_ms: round(ms, 1) };
    book.add(t + ms, null, structlog("info", "QC pass complete", fields));
  }
  for (const t of arrivals(r, t0, end, 0.02)) {
    const st = r.pick(stations);
    const jump = round(r.float(0.25, 0.6), 2);
    const fields = { station: st, jump_m: jump, window_s: 60 };
    book.add(t, null, structlog("warning", "spike rejected (wave splash)", fields));
  }
  for (const t of arrivals(r, t0, end, 0.01)) {
    const st = r.pick(["TG-05", "TG-11"]);
    const age = r.int(1, 4);
    const msg = "GNSS datum correction unavailable, using last known offset";
    book.add(t, null, structlog("error", msg, { station: st, age_h: age }));
  }

  // Public API.
  for (const t of arrivals(r, t0, end, 0.3)) {
    book.add(t, null, nginx(`/v1/stations/${r.pick(stations)}/predictions?days=${r.int(1, 7)}`, 200, r.healthy(80)));
  }
  for (const t of arrivals(r, t0, end, 0.12)) book.add(t, null, nginx("/v1/stations", 200, r.healthy(20)));
  for (const t of arrivals(r, t0, end, 0.02)) {
    book.add(t, null, nginx("/v1/stations/TG-99/predictions", 404, r.healthy(5)));
  }
  for (const t of arrivals(r, t0, end, 0.03)) {
    book.add(t, null, nginx(`/v1/stations/${r.pick(stations)}/predictions?days=7`, 429, r.healthy(1), scraper));
  }

  // Nightly harmonic analysis.
  const assigned = `Successfully assigned tides/${batchPod} to node-${r.int(1, 4)}`;
  book.add(batchAt - 2_000, null, event("Scheduled", assigned, "default-scheduler"));
  const pulled = 'Container image "registry.tides.internal/harmonics:2.3.1" already present on machine';
  book.add(batchAt - 1_200, null, event("Pulled", pulled));
  book.add(batchAt - 1_000, null, event("Created", "Created container harmonics"));
  book.add(batchAt - 800, null, event("Started", "Started container harmonics"));
  let t = batchAt;
  for (const st of stations) {
    const ms = r.healthy(45_000, 0.25);
    t += ms;
    const msg = `Harmonic analysis for ${st} completed: ${r.int(35, 68)} constituents`;
    book.add(t, null, logback("INFO", msg, { durationMs: Math.round(ms), station: st }));
    if (st === "TG-09") {
      book.add(t + 5, null, logback("WARN", "Record gap over 6 h in TG-09, constituent M4 fit degraded", {}));
    }
  }

  return {
    name: "tide-gauge-quiet-day",
    description: "A healthy day of a tide-gauge network: routine warnings and errors only, nothing labelled",
    ...book.build(),
  };
}
