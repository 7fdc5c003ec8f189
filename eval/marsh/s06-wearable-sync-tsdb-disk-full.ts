// s06 wearable-sync-tsdb-disk-full
//
// A fitness-band vendor's sync path. Caddy (JSON access log, 5xx at level "error") fronts
// sync-api (Rust, tracing-subscriber JSON), which writes sample batches into TimescaleDB
// (PostgreSQL jsonlog, shipped by Fluent Bit). The database volume filled up before the
// window (a compression policy had been failing silently), so from the first minute every
// batch insert fails with "could not extend file ... No space left on device": sync-api
// WARNs and retries once, the database logs an ERROR per attempt, sync-api gives up (ERROR)
// and Caddy logs a 503. Reads keep working: the device config route and coach-insights
// (Python structlog) stay healthy. At 75-85 % of the window the volume is expanded online
// (kubelet event), writes succeed again and sync-api reports it once.
//
// Healthy bands:
//   sync-api "stored samples" elapsed_ms median 38 ms (band 14-106 ms)
//   caddy POST /v2/devices/<id>/samples 202 duration median 0.045 s; GET /v2/devices/<id>/config 200 median 0.012 s;
//     GET /v2/users/me/summary 200 median 0.065 s
//   coach-insights "summary served" duration_ms median 52 ms
//   PostgreSQL: "checkpoint starting/complete" every 5 min; no ERROR lines
// Labels: sync-api retry WARN, give-up ERROR, PostgreSQL "No space left on device" ERRORs,
// Caddy 503s = error; FileSystemResizeSuccessful event and "writes succeeding again" = pattern.
// Everything else null (including checkpoints and all successful requests).
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, deploymentPods, epochSec, isoMs, isoUs, pgSec, pgTs, round, ticks, type Label } from "./util.js";

const NAME = "wearable-sync-tsdb-disk-full";

export function wearableSyncTsdbDiskFull(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 0, 5, 17, 40) + r.int(0, 50) * MIN + r.int(0, 59) * SEC;
  const dur = 45 * MIN;
  const end = start + dur;
  const fixAt = start + dur * r.float(0.75, 0.85);

  const syncPods = deploymentPods(r, "sync-api", 3);
  const coachPods = deploymentPods(r, "coach-insights", 2);
  const caddyHost = `edge-${r.int(1, 3)}.pulseband.example`;
  const relFile = `base/16402/${r.int(2_800_000, 2_899_999)}`;
  const pvc = `pvc-${r.uuid()}`;
  const dbK8s = { pod_name: "tsdb-0", namespace_name: "pulse", container_name: "timescaledb", labels: { app: "tsdb" } };
  const pgStart = start - r.int(5, 30) * 86400 * SEC;
  let lineNum = r.int(10_000, 90_000);

  const caddy = (t: number, method: string, uri: string, status: number, durS: number, size: number, read: number, ua: string, label: Label): void => {
    tl.add(
      t,
      {
        level: status >= 500 ? "error" : "info",
        ts: epochSec(t),
        logger: "http.log.access.log0",
        msg: "handled request",
        request: {
          remote_ip: `${r.pick(["82.132", "90.214", "2.31", "151.227", "86.12"])}.${r.int(1, 254)}.${r.int(1, 254)}`,
          remote_port: String(r.int(20000, 65000)),
          client_ip: "",
          proto: "HTTP/2.0",
          method,
          host: "sync.pulseband.example",
          uri,
          headers: { "User-Agent": [ua], "Content-Type": ["application/x-protobuf"] },
          tls: { resumed: r.chance(0.6), version: 772, cipher_suite: 4865, proto: "h2", server_name: "sync.pulseband.example" },
        },
        bytes_read: read,
        user_id: "",
        duration: round(durS, 6),
        size,
        status,
        resp_headers: { Server: ["Caddy"], "Content-Type": [status >= 500 ? "application/problem+json" : "application/json"] },
        host: caddyHost,
      },
      label,
    );
  };
  const rust = (t: number, pod: string, level: string, target: string, fields: Record<string, unknown>, span: Record<string, unknown>, label: Label): void => {
    tl.add(
      t,
      {
        timestamp: isoUs(t),
        level,
        fields,
        target,
        span,
        spans: span.uri === undefined ? [span] : [{ method: "POST", uri: span.uri, name: "request" }, span],
        pod,
      },
      label,
    );
  };
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown>, label: Label): void => {
    tl.add(
      t,
      {
        timestamp: pgTs(t),
        pid: extra.pid ?? r.int(200, 400),
        session_id: `${Math.floor(pgStart / 1000).toString(16)}.${r.hex(3)}`,
        line_num: lineNum++,
        session_start: pgSec(pgStart),
        vxid: `${r.int(3, 60)}/${r.int(1_000_000, 9_999_999)}`,
        txid: 0,
        error_severity: sev,
        message,
        ...extra,
        kubernetes: dbK8s,
      },
      label,
    );
  };

  const uas = [
    "PulseBand/5.12.0 (iOS 17.2.1; PB5)",
    "PulseBand/5.12.0 (Android 14; PB5)",
    "PulseBand/5.11.3 (Android 13; PB4)",
    "PulseBand/5.12.0 (iOS 16.7.4; PB4)",
  ];
  let failures = r.int(2400, 3100);

  // Sample uploads
  const syncRate = (t: number): number => 19 + 4 * Math.sin(((t - start) / dur) * Math.PI);
  for (const t0 of arrivals(r, start, end, syncRate, 23)) {
    const pod = r.pick(syncPods);
    const dev = `PB${r.pick(["4", "5", "5"])}-${r.hex(6).toUpperCase()}`;
    const points = r.pick([360, 720, 1440, 1440, 2880]);
    const uri = `/v2/devices/${dev}/samples`;
    const span = { device_id: dev, points, uri, name: "ingest_batch" };
    const ua = r.pick(uas);
    const read = points * r.int(11, 14);
    const dbPid = r.int(1200, 1800);
    const insert =
      "INSERT INTO samples (device_id, ts, hr, spo2, steps, skin_temp) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int2[], $4::int2[], $5::int4[], $6::float4[])";
    if (t0 < fixAt) {
      let t = t0 + r.float(3, 9);
      for (let a = 1; a <= 2; a++) {
        pg(
          t,
          "ERROR",
          `could not extend file "${relFile}.${r.int(10, 14)}": No space left on device`,
          {
            pid: dbPid,
            user: "pulse_sync",
            dbname: "pulse",
            remote_host: `10.3.${r.int(1, 4)}.${r.int(2, 250)}`,
            remote_port: r.int(40000, 60999),
            ps: "INSERT",
            state_code: "53100",
            hint: "Check free disk space.",
            statement: insert,
            application_name: "pulse-sync",
            backend_type: "client backend",
          },
          "error",
        );
        t += r.float(0.5, 2);
        const err = `db error: ERROR: could not extend file "${relFile}": No space left on device`;
        if (a === 1) {
          rust(
            t,
            pod,
            "WARN",
            "pulse_sync::store::timescale",
            { message: "sample batch write failed, retrying", attempt: a, retry_in_ms: 250, error: err },
            span,
            "error",
          );
          t += 250 + r.float(1, 6);
        } else {
          failures++;
          rust(t, pod, "ERROR", "pulse_sync::ingest", { message: "giving up on sample batch; client will resend", attempts: 2, error: err }, span, "error");
        }
      }
      caddy(t + r.float(0.5, 2), "POST", uri, 503, (t - t0) / 1000 + r.float(0.0005, 0.002), 96, read, ua, "error");
    } else {
      const ms = r.healthy(38);
      rust(t0 + ms, pod, "INFO", "pulse_sync::ingest", { message: "stored samples", points, elapsed_ms: round(ms, 3) }, span, null);
      caddy(t0 + ms + r.float(1, 5), "POST", uri, 202, r.healthy(0.045), 41, read, ua, null);
    }
  }
  // Device config checks (reads; unaffected)
  for (const t of arrivals(r, start, end, () => 8, 8)) {
    const dev = `PB${r.pick(["4", "5", "5"])}-${r.hex(6).toUpperCase()}`;
    caddy(t, "GET", `/v2/devices/${dev}/config`, 200, r.healthy(0.012), r.int(300, 700), 0, r.pick(uas), null);
  }
  // Weekly summaries via coach-insights (reads; unaffected)
  for (const t of arrivals(r, start, end, () => 14, 14)) {
    const ms = r.healthy(52);
    const pod = r.pick(coachPods);
    tl.add(
      t + ms,
      {
        event: "summary served",
        level: "info",
        timestamp: isoUs(t + ms),
        logger: "insights.api",
        service: "coach-insights",
        pod,
        user_id: `u_${r.hex(10)}`,
        week: "2026-W02",
        duration_ms: round(ms, 2),
        cache: r.pick(["hit", "hit", "miss"]),
      },
      null,
    );
    caddy(t + ms + r.float(1, 4), "GET", "/v2/users/me/summary?week=2026-W02", 200, r.healthy(0.065), r.int(1800, 5200), 0, r.pick(uas), null);
  }
  // Checkpoints every 5 minutes (routine)
  for (const tc of ticks(r, start, end, 5 * MIN, 2 * SEC, r.float(0, 5) * MIN)) {
    pg(tc, "LOG", "checkpoint starting: time", { pid: 61, backend_type: "checkpointer" }, null);
    const w = r.int(800, 6000);
    const tDone = tc + 269_800 + r.float(0, 300);
    if (tDone < end)
      pg(
        tDone,
        "LOG",
        `checkpoint complete: wrote ${w} buffers (${((w / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(1, 4)} recycled; write=269.${r.int(100, 999)} s, sync=0.0${r.int(10, 99)} s, total=269.${r.int(100, 999)} s; sync files=${r.int(40, 160)}, longest=0.00${r.int(2, 9)} s, average=0.001 s; distance=${r.int(20000, 90000)} kB, estimate=${r.int(50000, 95000)} kB; lsn=6A/${r.hex(8).toUpperCase()}, redo lsn=6A/${r.hex(8).toUpperCase()}`,
        { pid: 61, backend_type: "checkpointer" },
        null,
      );
  }
  // Recovery: online volume expansion, then writes succeed
  const tResize = fixAt - r.float(5, 15) * SEC;
  tl.add(
    tResize,
    {
      kind: "Event",
      apiVersion: "v1",
      metadata: { name: `tsdb-0.${r.hex(16)}`, namespace: "pulse" },
      involvedObject: { kind: "Pod", namespace: "pulse", name: "tsdb-0" },
      reason: "FileSystemResizeSuccessful",
      message: `MountVolume.NodeExpandVolume succeeded for volume "${pvc}" tsdb-0`,
      source: { component: "kubelet", host: `ip-10-3-${r.int(1, 4)}-${r.int(10, 250)}.ec2.internal` },
      firstTimestamp: isoMs(tResize).replace(/\.\d{3}Z$/, "Z"),
      lastTimestamp: isoMs(tResize).replace(/\.\d{3}Z$/, "Z"),
      count: 1,
      type: "Normal",
      reportingComponent: "kubelet",
    },
    "pattern",
  );
  syncPods.forEach((pod, i) => {
    const t = fixAt + r.float(1, 12) * SEC + i;
    rust(
      t,
      pod,
      "INFO",
      "pulse_sync::store::timescale",
      { message: "sample writes succeeding again", failed_batches_since_last_success: Math.round(failures / 3) + r.int(-40, 40) },
      { name: "write_health" },
      "pattern",
    );
  });

  return tl.build(
    NAME,
    "Fitness-band sync: the TimescaleDB volume is already full when the window opens, so every sample upload fails (WARN retry, DB ERROR x2, ERROR give-up, Caddy 503) while reads stay healthy; the volume is expanded at ~80% and writes recover.",
  );
}
