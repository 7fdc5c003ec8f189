// City water-meter LoRaWAN network (ChirpStack v3 on Kubernetes, logrus JSON inside Fluent Bit
// envelopes; the operator's own ingest service logs with pino). Routine: gateways hear devices
// of neighbouring networks, whose frames have no device-session here (null). Incident: the
// meter ingest's database stalls for a few minutes, HTTP integration calls time out.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function lorawanDecoy(seed: number): Scenario {
  const rng = new Rng(seed, "s03-lorawan");
  const start = windowStart(rng);
  const end = start + rng.int(35, 50) * MIN;
  const tl = new Timeline(rng, start, end);
  const pods: Record<string, string> = {};
  const k8s = (app: string, container: string) => {
    pods[app] ??= `${app}-${rng.int(5, 8)}${rng.hex(8)}-${rng.hex(5)}`;
    return { pod_name: pods[app], namespace_name: "lorawan", container_name: container, host: `node-${rng.int(1, 3)}`, labels: { app } };
  };
  const go = (t: number, app: string, container: string, fields: Record<string, unknown>, label: Label = null) => {
    const inner = Object.fromEntries(Object.entries({ ...fields, time: iso(t) }).sort(([a], [b]) => a.localeCompare(b)));
    tl.add(t, { log: `${JSON.stringify(inner)}\n`, stream: "stderr", time: iso(t), kubernetes: k8s(app, container) }, label);
  };
  const ingestHost = `meter-ingest-${rng.hex(10)}-${rng.hex(5)}`;
  const pino = (t: number, level: number, msg: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, { level, time: Math.round(t), pid: 1, hostname: ingestHost, name: "meter-ingest", msg, ...extra }, label);
  const gws = Array.from({ length: rng.int(3, 5) }, () => rng.hex(16));
  const meters = Array.from({ length: 400 }, () => `70b3d5${rng.hex(10)}`);
  const stallFrom = start + rng.float(0.4, 0.7) * (end - start);
  const stallTo = stallFrom + rng.float(3, 6) * MIN;

  // Our meters: bridge publishes, network server collects and hands over, application server posts to ingest.
  tl.every(rng.float(4.5, 6.5) * 1000, (t) => {
    const gw = rng.pick(gws),
      dev = rng.pick(meters),
      up = rng.uuid(),
      ctx = rng.uuid();
    go(t, "chirpstack-gateway-bridge", "gateway-bridge", {
      event: "up",
      gateway_id: gw,
      level: "info",
      msg: "integration/mqtt: publishing event",
      qos: 0,
      uplink_id: up,
    });
    go(t + 210, "chirpstack-network-server", "network-server", {
      ctx_id: ctx,
      gw_count: rng.int(1, 3),
      level: "info",
      msg: "uplink: frame(s) collected",
      uplink_ids: `[${up}]`,
    });
    if (rng.chance(0.5)) return;
    go(t + 240, "chirpstack-network-server", "network-server", {
      ctx_id: ctx,
      "grpc.code": "OK",
      "grpc.method": "HandleUplinkData",
      "grpc.service": "as.ApplicationServerService",
      "grpc.time_ms": +rng.around(6).toFixed(3),
      level: "info",
      msg: "finished client unary call",
      "span.kind": "client",
      system: "grpc",
    });
    const stalled = t >= stallFrom && t < stallTo;
    const took = stalled ? rng.float(4900, 5200) : rng.around(38, 0.4);
    if (stalled && rng.chance(0.7)) {
      pino(
        t + 300 + took,
        50,
        "insert reading failed",
        {
          devEui: dev,
          err: {
            type: "Error",
            message: "Query read timeout",
            stack: "Error: Query read timeout\n    at Timeout._onTimeout (/app/node_modules/pg/lib/client.js:106:28)",
          },
          duration_ms: Math.round(took),
        },
        "performance",
      );
      pino(
        t + 302 + took,
        40,
        "request completed",
        { req: { method: "POST", url: "/v1/uplink" }, res: { statusCode: 503 }, responseTime: Math.round(took + 4) },
        "performance",
      );
      go(
        t + 300 + Math.min(took, 5000),
        "chirpstack-application-server",
        "application-server",
        {
          ctx_id: ctx,
          dev_eui: dev,
          error: `Post "http://meter-ingest.lorawan.svc:8080/v1/uplink": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
          event: "up",
          level: "error",
          msg: "integration/http: publish event error",
        },
        "performance",
      );
      return;
    }
    pino(t + 300 + took, 30, "reading stored", { devEui: dev, fCnt: rng.int(100, 60000), litres: rng.int(0, 900000), duration_ms: Math.round(took) });
    pino(t + 302 + took, 30, "request completed", { req: { method: "POST", url: "/v1/uplink" }, res: { statusCode: 204 }, responseTime: Math.round(took + 3) });
  });
  pino(
    stallFrom + 2000,
    50,
    "pg pool error: Connection terminated unexpectedly",
    { err: { type: "Error", message: "Connection terminated unexpectedly" } },
    "error",
  );
  pino(stallFrom + 2300, 40, "pg pool: waiting clients", { waiting: 18, total: 10, idle: 0 }, "performance");
  pino(stallTo + 1500, 30, "pg pool: reconnected to billing-db", { total: 10, idle: 7 }, "pattern");

  // Gateway stats every 30 s per gateway, MQTT broker, application server API.
  for (const gw of gws)
    tl.every(30_000, (t) =>
      go(t, "chirpstack-gateway-bridge", "gateway-bridge", {
        event: "stats",
        gateway_id: gw,
        level: "info",
        msg: "integration/mqtt: publishing event",
        qos: 0,
        stats_id: rng.uuid(),
      }),
    );
  tl.every(rng.float(8, 14) * 1000, (t) =>
    go(t, "chirpstack-application-server", "application-server", {
      "grpc.code": "OK",
      "grpc.method": rng.pick(["Get", "List", "GetStats"]),
      "grpc.service": rng.pick(["api.DeviceService", "api.GatewayService"]),
      "grpc.time_ms": +rng.around(9).toFixed(3),
      level: "info",
      msg: "finished unary call with code OK",
      "peer.address": `${rng.ip("10.42.1")}:${rng.int(30000, 60000)}`,
      "span.kind": "server",
      system: "grpc",
    }),
  );
  tl.every(rng.float(40, 70) * 1000, (t) =>
    tl.add(t, {
      log: `${Math.round(t / 1000)}: Received PINGREQ from ${rng.pick(["chirpstack-ns", "chirpstack-as", "gw-bridge"])}-${rng.hex(6)}\n`,
      stream: "stdout",
      time: iso(t),
      kubernetes: k8s("mosquitto", "mosquitto"),
    }),
  );

  // Routine flood: frames from other operators' devices heard by our gateways.
  tl.spread(tl.floodCount(rng.float(0.3, 0.5)), (t) =>
    go(t, "chirpstack-network-server", "network-server", {
      ctx_id: rng.uuid(),
      error: "get device-session error: object does not exist",
      level: "error",
      msg: "uplink: processing uplink frame error",
    }),
  );
  return tl.build(
    "s03-lorawan-network-decoy",
    "LoRaWAN network: routine unknown-device uplink errors from neighbours' devices; meter ingest database stalls, integration calls time out",
  );
}
