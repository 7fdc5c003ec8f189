/**
 * Small water-utility telemetry system: five Python services write a few lines a minute
 * (station batches, stored readings, PLC polls, rule evaluations, hourly reports, process
 * stats) over an 8-hour shift, about 2,000-2,500 lines. Somewhere in the shift the MQTT
 * broker's certificate is rotated to a new CA the gateway does not trust: telemetry-gw
 * loses its connection and every reconnect fails certificate verification, station
 * batches stop arriving, the gateway's offline buffer grows in memory, alerting fires a
 * "no data" rule for dozens of stations; after 12-40 minutes someone installs the CA
 * bundle, the gateway reconnects and flushes its backlog slowly, ingest-worker stores
 * oversized batches slowly, and the alert resolves. Only 15-30 lines tell that story;
 * the occasional routine reservoir alert and PLC retry are normal.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

export function s11QuietTelemetry(seed: number): Scenario {
  const rng = new Rng(seed, "s11-quiet-telemetry");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const span = 8 * 3_600_000 - rng.int(0, 20) * 60_000;
  const start = rng.start2026(span, 5, 14);
  const end = start + span;
  const down = start + Math.floor(span * rng.float(0.05, 0.85));
  const outage = rng.int(12, 40) * 60_000;
  const up = down + outage;

  const rec = (t: number, app: string, logger: string, level: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": new Date(Math.floor(t)).toISOString(),
    levelname: level,
    app,
    logger,
    message,
    ...extra,
  });
  const stations = Array.from({ length: rng.int(38, 55) }, (_, i) => `ST-${String(i + 1).padStart(3, "0")}`);
  const every = (mean: number, jitter: number, fn: (t: number) => void): void => {
    let t = start + rng.int(0, mean);
    while (t < end) {
      fn(t);
      t += mean + rng.int(-jitter, jitter);
    }
  };
  const offline = (t: number): boolean => t >= down && t < up;

  // ---- normal traffic ----------------------------------------------------------------------
  every(28_000, 8_000, (t) => {
    if (offline(t)) return;
    const st = rng.pick(stations);
    const k = rng.int(6, 24);
    const ms = Math.round(rng.logNormal(11, 0.3));
    add(t, rec(t, "telemetry-gw", "gw.mqtt", "INFO", `batch received station=${st} readings=${k} in ${ms}ms`, { station: st, duration_ms: ms }), null);
    if (rng.chance(0.72)) {
      const ms2 = Math.round(rng.logNormal(38, 0.3));
      add(
        t + 400 + ms2,
        rec(t + 400 + ms2, "ingest-worker", "ingest.store", "INFO", `stored ${k} readings for ${st} in ${ms2}ms`, { station: st, duration_ms: ms2 }),
        null,
      );
    }
  });
  every(120_000, 10_000, (t) => {
    const plc = `plc-${String(rng.int(1, 6)).padStart(2, "0")}`;
    const ms = Math.round(rng.logNormal(180, 0.25));
    add(t, rec(t, "scada-bridge", "bridge.modbus", "INFO", `polled ${plc} in ${ms}ms, ${rng.int(40, 120)} tags`, { duration_ms: ms }), null);
    if (rng.chance(0.04))
      add(t + ms + 50, rec(t + ms + 50, "scada-bridge", "bridge.modbus", "WARNING", `${plc}: read holding registers timed out once, retried OK`), null);
  });
  every(300_000, 2_000, (t) => {
    add(t, rec(t, "alerting", "alerting.eval", "INFO", `evaluated ${rng.int(210, 218)} rules`, { duration_ms: rng.int(40, 120) }), null);
  });
  every(3_600_000, 30_000, (t) => {
    const s = rng.float(1.8, 3.2);
    add(
      t,
      rec(t, "reports", "reports.hourly", "INFO", `hourly consumption report generated in ${s.toFixed(1)}s (${stations.length} stations)`, {
        duration_ms: Math.round(s * 1000),
      }),
      null,
    );
  });
  const routineAlerts = rng.int(2, 5);
  for (let i = 0; i < routineAlerts; i++) {
    const t = start + rng.int(0, span - 1);
    const st = rng.pick(stations);
    add(
      t,
      rec(t, "alerting", "alerting.eval", "WARNING", `rule reservoir_level_low firing for ${st} (level ${rng.float(1.6, 1.95).toFixed(2)}m < 2.00m)`),
      null,
    );
    const tr = t + rng.int(10, 50) * 60_000;
    add(tr, rec(tr, "alerting", "alerting.eval", "INFO", `rule reservoir_level_low resolved for ${st}`), null);
  }
  const memBase: Record<string, number> = {
    "telemetry-gw": rng.float(38, 46),
    "ingest-worker": rng.float(30, 40),
    "scada-bridge": rng.float(20, 28),
    alerting: rng.float(25, 33),
    reports: rng.float(30, 45),
  };
  for (const app of Object.keys(memBase)) {
    every(900_000, 5_000, (t) => {
      let mem = (memBase[app] as number) + rng.normal(0, 2);
      let lab: Label = null;
      if (app === "telemetry-gw" && offline(t)) {
        mem = 55 + 38 * ((t - down) / outage);
        lab = "memory";
      }
      const pct = Math.round(mem * 10) / 10;
      add(t, rec(t, app, "ops.stats", "INFO", `process stats rss=${Math.round(pct * 20.48)}MB`, { memory_usage: pct, open_fds: rng.int(20, 60) }), lab);
    });
  }

  // ---- the incident -------------------------------------------------------------------------------
  const broker = "mqtts://broker.water.local:8883";
  add(
    down,
    rec(
      down,
      "telemetry-gw",
      "gw.mqtt",
      "ERROR",
      `MQTT connection lost: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)`,
      { broker },
    ),
    "error",
  );
  let t = down + 2000;
  let attempt = 1;
  let backoff = 30_000;
  while (t < up - 60_000) {
    add(
      t,
      rec(
        t,
        "telemetry-gw",
        "gw.mqtt",
        "WARNING",
        `reconnect attempt ${attempt} to ${broker} failed: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate`,
        { broker, attempt },
      ),
      "error",
    );
    attempt++;
    t += backoff;
    backoff = Math.min(300_000, backoff * 2);
  }
  const silent = Math.min(stations.length, rng.int(30, 45));
  const fire = down + rng.int(10, 11) * 60_000;
  if (fire < up)
    add(
      fire,
      rec(
        fire,
        "alerting",
        "alerting.eval",
        "WARNING",
        `rule station_data_missing firing for ${silent} stations (no data for 10m): ${stations.slice(0, 6).join(", ")} and ${silent - 6} more`,
      ),
      "pattern",
    );
  const perMinute = rng.int(1500, 1900);
  for (let tb = down + 10 * 60_000; tb < up; tb += 10 * 60_000) {
    const buffered = Math.round(((tb - down) / 60_000) * perMinute);
    const pct = Math.round((55 + 38 * ((tb - down) / outage)) * 10) / 10;
    add(
      tb,
      rec(
        tb,
        "telemetry-gw",
        "gw.buffer",
        "WARNING",
        `offline buffer holding ${buffered} readings (${Math.round(buffered * 0.009)} MB), process memory ${pct}%`,
        { memory_usage: pct },
      ),
      "memory",
    );
  }
  add(up - 20_000, rec(up - 20_000, "telemetry-gw", "gw.tls", "INFO", "CA bundle reloaded from /etc/water/tls/ca-bundle.pem (3 certificates)"), "pattern");
  add(up, rec(up, "telemetry-gw", "gw.mqtt", "INFO", `MQTT connected to ${broker} (session resumed=false)`, { broker }), "pattern");
  const backlog = Math.round((outage / 60_000) * perMinute);
  const flushS = rng.float(120, 320);
  add(
    up + flushS * 1000,
    rec(up + flushS * 1000, "telemetry-gw", "gw.buffer", "INFO", `flushed ${backlog} buffered readings in ${flushS.toFixed(1)}s`, {
      duration_ms: Math.round(flushS * 1000),
    }),
    "performance",
  );
  const chunks = rng.int(2, 4);
  for (let i = 0; i < chunks; i++) {
    const tc = up + 5000 + (i * flushS * 1000) / chunks;
    const ms = rng.int(4000, 12000);
    add(
      tc + ms,
      rec(tc + ms, "ingest-worker", "ingest.store", "WARNING", `stored ${Math.round(backlog / chunks)} readings for ${silent} stations in ${ms}ms (backlog)`, {
        duration_ms: ms,
      }),
      "performance",
    );
  }
  const resolved = up + flushS * 1000 + rng.int(60, 300) * 1000;
  if (fire < up)
    add(resolved, rec(resolved, "alerting", "alerting.eval", "INFO", `rule station_data_missing resolved (${silent} stations reporting again)`), "pattern");

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  const cut = lines.filter((x) => x.t < end);
  return {
    name: "s11-quiet-telemetry",
    description:
      "Quiet 8-hour water-telemetry log where a broker certificate rotation cuts the gateway off for 12-40 minutes; about 15-30 lines (TLS failures, buffer growth, no-data alert, slow backlog flush) are the incident.",
    logs: cut.map((x) => x.e),
    labels: cut.map((x) => x.l),
  };
}
