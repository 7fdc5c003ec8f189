// An IoT telemetry pipeline: an MQTT broker, an ingest service, gateways reporting their health.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, type Ln, MIN, podName, Rng, windowStart, Lines } from "./kit.js";

/**
 * Thirty cellular gateways send telemetry all afternoon, disconnecting and reconnecting as
 * cellular links do; after a release-candidate firmware reaches two of them, they send malformed
 * frames, try to publish to broker system topics, run low on memory, and the ingest's database
 * writes slow down under the retries.
 */
export function iotGatewayFirmwareRc(seed: number): Scenario {
  const r = new Rng(seed, "iot-gateway-firmware-rc");
  const start = windowStart(r, 12);
  const end = start + 3 * HOUR;
  const lines = new Lines();
  const gws = Array.from({ length: 30 }, (_, i) => `gw-${String(100 + i * 3 + r.int(0, 2)).padStart(4, "0")}`);
  const bad = [gws[5] ?? "gw-0115", gws[7] ?? "gw-0121"];
  const gwIp = new Map(gws.map((g) => [g, `10.8.${r.int(0, 7)}.${r.int(2, 250)}`]));
  const rollout = start + Math.floor(r.float(0.25, 0.4) * 3 * HOUR);
  const ingestPod = podName(r, "telemetry-ingest");
  const registryPod = podName(r, "device-registry");
  const ingest = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], caller: string, f: Record<string, unknown>): Ln => ({
    t,
    svc: "telemetry-ingest",
    lvl,
    msg,
    label,
    fmt: "zap",
    host: ingestPod,
    logger: "ingest",
    meta: { caller },
    f,
  });
  const broker = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"]): Ln => ({
    t,
    svc: "mosquitto",
    lvl,
    msg,
    label,
    fmt: "syslog",
    host: "mqtt-broker-1",
    meta: { pid: 812, facility: "daemon" },
  });

  for (const t of r.times(r.int(1700, 1900), start, end)) {
    const g = r.pick(gws);
    lines.push(
      ingest(t, "DEBUG", "telemetry frame decoded", null, "ingest/decode.go:64", {
        gateway: g,
        devices: r.int(1, 12),
        readings: r.int(4, 96),
        bytes: r.int(120, 1800),
        latency_ms: Number(r.logn(2.4, 0.35).toFixed(2)),
      }),
    );
  }
  for (const t of r.every(start, end, 10_000, 1500))
    lines.push(
      ingest(t, "INFO", "batch written to timescaledb", null, "ingest/sink.go:118", {
        rows: r.int(200, 2400),
        table: "readings",
        latency_ms: Math.round(r.logn(45, 0.3)),
      }),
    );
  for (const t of r.times(r.int(20, 35), start, end))
    lines.push(
      ingest(t, "WARNING", "clock skew detected; using broker receive time", null, "ingest/decode.go:91", { gateway: r.pick(gws), skew_ms: r.int(1500, 9000) }),
    );
  for (const g of gws) {
    for (const t of r.every(start, end, 10 * MIN, 60_000)) {
      const isBad = bad.includes(g) && t > rollout;
      const pct = isBad ? Math.min(99, 80 + Math.round(((t - rollout) / (end - rollout)) * 19) + r.int(0, 2)) : r.int(38, 64);
      lines.push({
        t,
        svc: "gateway-agent",
        lvl: "INFO",
        msg: "gateway health",
        label: isBad && pct >= 85 ? "memory" : null,
        fmt: "otel",
        host: g,
        f: {
          "device.id": g,
          "firmware.version": isBad ? "4.2.0-rc1" : "4.1.3",
          mem_used_pct: pct,
          cpu_pct: r.int(3, 30),
          rssi_dbm: -r.int(60, 105),
          uptime_s: r.int(1000, 900000),
        },
      });
    }
  }
  for (const t of r.times(r.int(80, 110), start, end)) {
    const g = r.pick(gws);
    const ip = gwIp.get(g) ?? "10.8.0.2";
    const port = r.int(30000, 65000);
    lines.push(broker(t, "INFO", `Client ${g} has exceeded timeout, disconnecting.`, null));
    lines.push(broker(t + r.int(5000, 60000), "INFO", `New connection from ${ip}:${port} on port 8883.`, null));
    lines.push(broker(t + r.int(60001, 61000), "INFO", `New client connected from ${ip}:${port} as ${g} (p2, c0, k60, u'${g}').`, null));
  }
  for (const t of r.times(r.int(500, 600), start, end))
    lines.push({
      t,
      svc: "device-registry",
      lvl: "INFO",
      msg: "device lookup",
      label: null,
      fmt: "pino",
      host: registryPod,
      f: { deviceId: `dev-${r.hex(8)}`, gateway: r.pick(gws), duration_ms: Math.round(r.logn(6, 0.35)) },
    });
  for (const g of bad)
    lines.push({
      t: rollout + r.int(0, 60_000),
      svc: "device-registry",
      lvl: "INFO",
      msg: "firmware update applied",
      label: null,
      fmt: "pino",
      host: registryPod,
      f: { gateway: g, from: "4.1.3", to: "4.2.0-rc1", channel: "beta" },
    });

  // ---- after the release candidate lands ----
  const after = (n: number) => r.times(n, rollout + 2 * MIN, end);
  for (const t of after(r.int(11, 16))) {
    const g = r.pick(bad);
    const head = r.hex(r.int(180, 360));
    lines.push(
      ingest(
        t,
        "WARNING",
        `unexpected payload on topic telemetry/${g}: declared length ${r.int(40, 60)}, frame length 65535, head=${head}`,
        "pattern",
        "ingest/decode.go:77",
        { gateway: g, bytes: 65535 },
      ),
    );
  }
  for (const t of after(r.int(10, 15)))
    lines.push(
      ingest(t, "ERROR", "failed to decode frame", "error", "ingest/decode.go:71", { gateway: r.pick(bad), error: "cbor: unexpected EOF", topic: "telemetry" }),
    );
  for (const t of after(r.int(3, 5))) {
    const g = r.pick(bad);
    lines.push(
      broker(
        t,
        "INFO",
        `Denied PUBLISH from ${g} (d0, q1, r0, m${r.int(1, 99)}, '$SYS/broker/load/messages/received/1min', ... (${r.int(60, 120)} bytes))`,
        "pattern",
      ),
    );
  }
  for (const t of after(r.int(2, 4)))
    lines.push({
      t,
      svc: "gateway-agent",
      lvl: "WARNING",
      msg: `low memory: ${r.float(0.8, 3.5).toFixed(1)} kB heap free, dropping buffered frames`,
      label: "memory",
      fmt: "otel",
      host: r.pick(bad),
      f: { "firmware.version": "4.2.0-rc1", dropped_frames: r.int(10, 400) },
    });
  for (const t of after(r.int(4, 7)))
    lines.push(
      ingest(t, "INFO", "batch written to timescaledb", "performance", "ingest/sink.go:118", {
        rows: r.int(2000, 9000),
        table: "readings",
        latency_ms: r.int(2800, 7000),
      }),
    );

  return finish(
    "iot-gateway-firmware-rc",
    "Thirty cellular gateways send telemetry; after a release-candidate firmware reaches two of them they send malformed frames, publish to system topics, run low on memory, and ingest writes slow",
    lines,
  );
}
