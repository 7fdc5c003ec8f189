// s08 airquality-lora-mic-noise   (decoy: routine ERROR noise + a small memory incident)
//
// A city air-quality network: ~120 low-cost sensors uplink over LoRaWAN. lns-bridge (Go,
// logrus text lines in Docker json-file envelopes) forwards uplinks; cheap radios and
// collisions mean about a fifth of its lines are "level=error ... uplink MIC check failed,
// dropping" every day at the same rate and wording: routine, null. aq-aggregator (Spring
// Boot, log4j2 JsonLayout, two replicas) closes 5-minute windows, flushes readings and logs
// JVM stats; its GC log (JVM unified logging, text on stdout) is shipped with it. aq-public-api
// is an nginx JSON access log.
// The real incident is small and different: from about a third into the window one replica,
// aq-aggregator-1, leaks heap (a per-sensor cache that never evicts): its stats climb above
// band, GC pauses lengthen, to-space exhausted, full GCs, a slow window close, then
// OutOfMemoryError and a container restart. The other replica is flat.
//
// Healthy bands:
//   aq-aggregator JVM stats heap_used_mb/heap_total_mb 20-65 % (2048 MB heap)
//   GC: young pauses 4-30 ms, heap after GC 15-35 %, no full GC, no to-space exhaustion
//   "Closed window" took_ms median 220 ms; "Flushed ... readings" took_ms median 24 ms
//   lns-bridge: "uplink forwarded" info plus ~22 % "uplink MIC check failed" error (routine)
//   aq-public-api GET /v1/stations/<id>/latest request_time median 0.014 s
// Labels: stats above 65 %, GC lines with heap after GC above 35 %, to-space exhausted, full
// GC and the OutOfMemoryError = memory; a window close or flush above 4x its median =
// performance; the container restart event and application startup lines = pattern.
// MIC-check errors and everything else = null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, fluentBit, isoMs, isoSec, jvmTime, ticks, type Label } from "./util.js";

const NAME = "airquality-lora-mic-noise";

export function airqualityLoraMicNoise(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 9, 6, 9, 0) + r.int(0, 120) * MIN + r.int(0, 59) * SEC;
  const dur = 3 * 60 * MIN;
  const end = start + dur;
  const creepStart = start + dur * r.float(0.28, 0.38);
  const oomAt = start + dur * r.float(0.84, 0.9);
  const restartAt = oomAt + r.float(8, 20) * SEC;
  const node = `aks-aqpool-${r.int(10000000, 99999999)}-vmss00000${r.int(0, 9)}`;
  const aggK8s = (i: number) => ({ pod: `aq-aggregator-${i}`, namespace: "airquality", container: "aggregator", app: "aq-aggregator", node });

  // ---- lns-bridge (logrus text in Docker json-file envelope) ----
  const sensors = Array.from({ length: 120 }, () => `70b3d57ed005${r.hex(4)}`);
  const gws = ["gw-harbour-03", "gw-oldtown-01", "gw-ringroad-07", "gw-station-02", "gw-park-05", "gw-uni-04"];
  // Vector docker_logs source on the gateway VM, with a remap that sets .service from the compose label
  const lnsImage = "registry.city.example/aq/lns-bridge:1.9.3";
  const lnsContainer = `lns-bridge-${r.hex(12)}`;
  const lns = (t: number, line: string): void => {
    tl.add(
      t,
      {
        timestamp: `${isoMs(t).slice(0, 23)}${String(Math.floor(t * 1000) % 1000).padStart(3, "0")}Z`,
        message: line,
        stream: "stderr",
        source_type: "docker_logs",
        container_name: lnsContainer,
        image: lnsImage,
        host: "lora-vm-01",
        service: "lns-bridge",
      },
      null,
    );
  };
  const fcnt = new Map<string, number>();
  for (const t of arrivals(r, start, end, () => 12, 12)) {
    const dev = r.pick(sensors);
    const f = (fcnt.get(dev) ?? r.int(1000, 40000)) + 1;
    fcnt.set(dev, f);
    const gw = r.pick(gws);
    lns(
      t,
      `time="${isoSec(t)}" level=info msg="uplink forwarded" dev_eui=${dev} fcnt=${f} gw=${gw} rssi=${r.int(-118, -72)} snr=${r.float(-8, 10).toFixed(1)} sf=SF${r.pick([7, 8, 9, 9, 10])} topic=aq/up`,
    );
  }
  for (const t of arrivals(r, start, end, () => 3.4, 3.4)) {
    lns(
      t,
      `time="${isoSec(t)}" level=error msg="uplink MIC check failed, dropping" dev_eui=${r.pick(sensors)} gw=${r.pick(gws)} rssi=${r.int(-124, -112)} snr=${r.float(-19, -9).toFixed(1)} sf=SF${r.pick([10, 11, 12])}`,
    );
  }

  // ---- aq-aggregator (log4j2 JsonLayout) ----
  const threadId = 40;
  const l4j = (
    t: number,
    i: number,
    level: string,
    logger: string,
    thread: string,
    message: string,
    contextMap: Record<string, unknown>,
    label: Label,
    thrown?: Record<string, unknown>,
  ): void => {
    const sec = Math.floor(t / 1000);
    const log: Record<string, unknown> = {
      instant: { epochSecond: sec, nanoOfSecond: Math.floor((t - sec * 1000) * 1e6) },
      thread,
      level,
      loggerName: logger,
      message,
      endOfBatch: false,
      loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
      contextMap,
      threadId: threadId + r.int(0, 6),
      threadPriority: 5,
    };
    if (thrown) log.thrown = thrown;
    log.kubernetes = { pod_name: `aq-aggregator-${i}`, namespace_name: "airquality", container_name: "aggregator", labels: { app: "aq-aggregator" } };
    tl.add(t, log, label);
  };

  // heap model: baseline (live set after GC) in percent of 2048 MB
  const base = (i: number, t: number): number => {
    if (i === 0 || t >= restartAt || t < creepStart) return 22;
    return 22 + ((t - creepStart) / (oomAt - creepStart)) * 74;
  };
  const alive = (i: number, t: number): boolean => !(i === 1 && t >= oomAt && t < restartAt + 9 * SEC);
  const distress = (i: number, t: number): number => Math.max(0, base(i, t) - 70) / 26; // 0..1

  for (const i of [0, 1]) {
    // JVM stats every 30 s
    for (const t of ticks(r, start, end, 30 * SEC, 300, r.float(0, 30) * SEC)) {
      if (!alive(i, t)) continue;
      const b = base(i, t);
      const pct = Math.min(99.6, b + r.float(0, Math.max(3, 40 - b * 0.35)));
      const used = Math.round((pct / 100) * 2048);
      l4j(
        t,
        i,
        "INFO",
        "city.air.agg.metrics.JvmStatsReporter",
        "jvm-stats",
        "jvm stats",
        { heap_used_mb: String(used), heap_total_mb: "2048", gc_count: String(r.int(10, 40)), threads: String(r.int(38, 46)) },
        pct > 65 ? "memory" : null,
      );
    }
    // GC log lines (unified logging on stdout), every ~45 s, more often under pressure
    let gc = r.int(3000, 9000);
    let t = start + r.float(0, 45) * SEC;
    while (t < end) {
      const d = distress(i, t);
      t += (45 - 38 * d) * SEC * r.float(0.7, 1.3);
      if (t >= end || !alive(i, t)) continue;
      gc++;
      const b = base(i, t);
      const after = Math.min(2046, Math.round(((b + r.float(-2, 2)) / 100) * 2048));
      const before = Math.min(2048, after + Math.round(r.float(0.25, 0.45) * (2048 - after) + 20));
      const heavy = b > 70;
      let line: string;
      let label: Label = (after / 2048) * 100 > 35 ? "memory" : null;
      if (b > 88 && r.chance(0.5)) {
        const ms = r.float(1400, 3200);
        line = `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Full (G1 Compaction Pause) ${before}M->${after}M(2048M) ${ms.toFixed(3)}ms`;
        label = "memory";
      } else if (b > 84 && r.chance(0.4)) {
        tl.add(t - 2, fluentBit(t - 2, `[${jvmTime(t - 2)}][info][gc] GC(${gc}) To-space exhausted`, aggK8s(i)), "memory");
        line = `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(2048M) ${r.float(150, 420).toFixed(3)}ms`;
      } else {
        const kind = b > 60 && r.chance(0.4) ? "Pause Young (Mixed) (G1 Evacuation Pause)" : "Pause Young (Normal) (G1 Evacuation Pause)";
        const ms = heavy ? r.float(40, 180) : r.float(4, 30);
        line = `[${jvmTime(t)}][info][gc] GC(${gc}) ${kind} ${before}M->${after}M(2048M) ${ms.toFixed(3)}ms`;
      }
      tl.add(t, fluentBit(t, line, aggK8s(i)), label);
    }
    // flushes every minute and window closes every 5 minutes
    for (const tf of ticks(r, start, end, MIN, 2 * SEC, r.float(0, 60) * SEC)) {
      if (!alive(i, tf)) continue;
      const d = distress(i, tf);
      const ms = d > 0.45 && r.chance(0.5) ? r.slow(24, 6 + 10 * d) : r.healthy(24);
      l4j(
        tf,
        i,
        "INFO",
        "city.air.agg.sink.TimescaleSink",
        "sink-flush",
        `Flushed ${r.int(100, 140)} readings to timescale in ${Math.round(ms)} ms`,
        { took_ms: String(Math.round(ms)) },
        ms > 24 * 4 ? "performance" : null,
      );
    }
    for (const tw of ticks(r, start, end, 5 * MIN, 3 * SEC, r.float(4, 9) * SEC)) {
      if (!alive(i, tw)) continue;
      const d = distress(i, tw);
      const ms = d > 0.3 ? r.slow(220, 5 + 12 * d) : r.healthy(220);
      const from = new Date(Math.floor(tw / (5 * MIN)) * 5 * MIN - 5 * MIN).toISOString().slice(11, 16);
      const to = new Date(Math.floor(tw / (5 * MIN)) * 5 * MIN).toISOString().slice(11, 16);
      l4j(
        tw,
        i,
        "INFO",
        "city.air.agg.window.WindowAggregator",
        `agg-worker-${r.int(1, 4)}`,
        `Closed window ${from}-${to} for ${i === 0 ? 61 : 59} sensors: ${r.int(560, 620)} readings, took ${Math.round(ms)} ms`,
        { took_ms: String(Math.round(ms)), shard: String(i) },
        ms > 220 * 4 ? "performance" : null,
      );
    }
  }

  // OOM on aq-aggregator-1, restart
  l4j(oomAt, 1, "ERROR", "city.air.agg.window.WindowAggregator", "agg-worker-2", "Uncaught exception in window worker", {}, "memory", {
    commonElementCount: 0,
    localizedMessage: "Java heap space",
    message: "Java heap space",
    name: "java.lang.OutOfMemoryError",
    extendedStackTrace: [
      { class: "java.util.HashMap", method: "resize", file: "HashMap.java", line: 702 },
      { class: "city.air.agg.cache.SensorCalibrationCache", method: "remember", file: "SensorCalibrationCache.java", line: 77 },
      { class: "city.air.agg.window.WindowAggregator", method: "accept", file: "WindowAggregator.java", line: 143 },
    ],
  });
  tl.add(oomAt + 40, fluentBit(oomAt + 40, "Terminating due to java.lang.OutOfMemoryError: Java heap space", aggK8s(1), "stderr"), "memory");
  tl.add(
    restartAt,
    {
      kind: "Event",
      apiVersion: "v1",
      metadata: { name: `aq-aggregator-1.${r.hex(16)}`, namespace: "airquality" },
      involvedObject: { kind: "Pod", namespace: "airquality", name: "aq-aggregator-1", fieldPath: "spec.containers{aggregator}" },
      reason: "Started",
      message: "Started container aggregator",
      source: { component: "kubelet", host: node },
      firstTimestamp: isoSec(start - 9 * 86400 * SEC),
      lastTimestamp: isoSec(restartAt),
      count: 2,
      type: "Normal",
      reportingComponent: "kubelet",
    },
    "pattern",
  );
  l4j(
    restartAt + 1800,
    1,
    "INFO",
    "city.air.agg.AqAggregatorApplication",
    "main",
    "Starting AqAggregatorApplication v2.8.1 using Java 21.0.4 with PID 1 (/app/app.jar started by app in /app)",
    {},
    "pattern",
  );
  l4j(
    restartAt + 8200,
    1,
    "INFO",
    "city.air.agg.AqAggregatorApplication",
    "main",
    `Started AqAggregatorApplication in ${r.float(5.5, 7.5).toFixed(3)} seconds (process running for ${r.float(6.5, 8.5).toFixed(3)})`,
    {},
    "pattern",
  );

  // ---- aq-public-api (nginx JSON access log) ----
  for (const t of arrivals(r, start, end, () => 6, 6)) {
    const rt = r.healthy(0.014);
    tl.add(
      t,
      {
        time_iso8601: isoSec(t).replace("Z", "+00:00"),
        remote_addr: `${r.pick(["145.53", "82.161", "31.151", "77.167"])}.${r.int(1, 254)}.${r.int(1, 254)}`,
        request: `GET /v1/stations/${r.pick(sensors).slice(-4)}/latest HTTP/1.1`,
        status: 200,
        body_bytes_sent: r.int(380, 620),
        request_time: Math.round(rt * 1000) / 1000,
        http_user_agent: r.pick([
          "LuchtApp/3.1 (Android 14)",
          "LuchtApp/3.1 (iOS 18.0)",
          "python-requests/2.32.3",
          "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
        ]),
        service: "aq-public-api",
      },
      null,
    );
  }

  return tl.build(
    NAME,
    "City air-quality network: the LoRa bridge's MIC-check ERRORs are everyday noise (null); the real incident is a heap leak on one aggregator replica (stats above band, long GCs, full GC, OOM, restart) in the last two thirds.",
  );
}
