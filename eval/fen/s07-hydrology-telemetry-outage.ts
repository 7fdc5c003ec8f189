// River-gauge telemetry for a flood warning service: PostgreSQL (jsonlog, shipped by Vector),
// the Python ingest writer (python-json-logger) and the dashboard's nginx (JSON access log).
// Outage under way since before the window: the tablespace volume holding the readings table is
// full, so every insert fails; the writer spools to local disk and its backlog grows.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function hydroOutage(seed: number): Scenario {
  const rng = new Rng(seed, "s07-hydrology");
  const start = windowStart(rng);
  const end = start + rng.int(60, 100) * MIN;
  const tl = new Timeline(rng, start, end);
  const pgTs = (t: number) => `${iso(t).replace("T", " ").slice(0, 23)} UTC`;
  const pyTs = (t: number) => iso(t).replace("T", " ").slice(0, 23).replace(".", ",");
  const sessionStart = pgTs(start - rng.int(2, 30) * 60 * MIN);
  const pgPids = Array.from({ length: 4 }, () => rng.int(2000, 60000));
  let lineNum = rng.int(100, 900);
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(
      t,
      {
        timestamp: pgTs(t),
        user: "ingest",
        dbname: "hydro",
        pid: rng.pick(pgPids),
        remote_host: "10.30.2.41",
        remote_port: rng.int(40000, 60000),
        session_id: `${rng.hex(8)}.${rng.hex(4)}`,
        line_num: lineNum++,
        session_start: sessionStart,
        backend_type: "client backend",
        error_severity: sev,
        message,
        ...extra,
        kubernetes: { pod_name: "hydro-pg-0", container_name: "postgres", pod_labels: { app: "hydro-pg" } },
      },
      label,
    );
  const py = (t: number, level: string, name: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, { asctime: pyTs(t), levelname: level, name, message, service: name.startsWith("intake") ? "gauge-intake" : "ingest-writer", ...extra }, label);
  const stations = Array.from({ length: rng.int(180, 320) }, () => `ST-${String(rng.int(1, 9999)).padStart(4, "0")}`);
  const tsPath = `pg_tblspc/${rng.int(16390, 16420)}/PG_16_202307071/${rng.int(16384, 16390)}/${rng.int(24000, 26000)}`;

  // Intake keeps receiving (MQTT from the gauges), so the spool grows.
  tl.every(rng.float(6, 9) * 1000, (t) =>
    py(t, "INFO", "intake.mqtt", `received ${rng.int(4, 24)} readings from ${rng.pick(stations)}`, {
      battery_v: +rng.float(12.1, 13.4).toFixed(2),
      rssi_dbm: rng.int(-104, -71),
    }),
  );
  // Dashboard reads still work (old data), through nginx and the read-only role.
  tl.every(rng.float(6, 10) * 1000, (t) => {
    const rt = rng.around(0.045, 0.4);
    tl.add(t, {
      time_iso8601: iso(t).replace(".000", ""),
      remote_addr: rng.ip("10.30.9"),
      request: `GET /api/v1/stations/${rng.pick(stations)}/series?hours=${rng.pick([6, 24, 72])} HTTP/1.1`,
      status: 200,
      body_bytes_sent: rng.int(2000, 90000),
      request_time: +rt.toFixed(3),
      upstream_response_time: (rt - 0.001).toFixed(3),
      http_user_agent: "Mozilla/5.0",
      service: "flood-dashboard",
    });
  });
  tl.every(5 * MIN, (t) => pg(t, "LOG", "checkpoint starting: time", { user: null, dbname: null, backend_type: "checkpointer" }));
  tl.every(5 * MIN, (t) =>
    pg(
      t + 30000,
      "LOG",
      `checkpoint complete: wrote ${rng.int(300, 4000)} buffers (${rng.float(0.2, 3).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=${rng.float(20, 29).toFixed(3)} s, sync=0.004 s, total=${rng.float(29, 30).toFixed(3)} s`,
      { user: null, dbname: null, backend_type: "checkpointer" },
    ),
  );
  tl.every(rng.float(1, 2) * MIN, (t) =>
    pg(t, "LOG", "connection authorized: user=dashboard_ro database=hydro application_name=flood-dashboard", { user: "dashboard_ro" }),
  );

  // Consequences: the spool backlog grows and the freshness check flags stale stations.
  const spool0 = rng.int(80000, 200000);
  tl.spread(Math.round((end - start) / MIN), (t, i) =>
    py(
      t,
      "WARNING",
      "writer.spool",
      `spool backlog ${spool0 + i * rng.int(700, 1100)} readings on local disk, oldest ${Math.round((t - start) / MIN) + rng.int(200, 210)} min`,
      { spool_bytes: (spool0 + i * 900) * 118 },
      "performance",
    ),
  );
  tl.every(5 * MIN, (t) =>
    py(
      t,
      "WARNING",
      "writer.freshness",
      `${rng.int(Math.round(stations.length * 0.85), stations.length)} of ${stations.length} stations have no stored reading in the last 60 min`,
      {},
      "pattern",
    ),
  );
  tl.every(15 * MIN, (t) =>
    tl.add(
      t,
      {
        time: iso(t),
        level: "warn",
        msg: "Disk usage above threshold",
        mountpoint: "/pgdata/tblspc_readings",
        used_pct: 100,
        service: "node-exporter-textfile",
        instance: "db-host-2",
      },
      "pattern",
    ),
  );

  // The flood: every station insert fails; the writer logs once per batch and spools it.
  const perBatch = rng.int(3, 6);
  const batches = Math.round(tl.floodCount(rng.float(0.35, 0.5), 1 / perBatch) / perBatch);
  tl.spread(batches, (t) => {
    let u = t;
    const n = rng.int(perBatch - 1, perBatch + 1);
    for (let k = 0; k < n; k++) {
      pg(
        u,
        "ERROR",
        `could not extend file "${tsPath}.${rng.int(11, 14)}": No space left on device`,
        {
          state_code: "53100",
          hint: "Check free disk space.",
          ps: "INSERT",
          application_name: "ingest-writer",
          statement: `INSERT INTO readings (station_id, ts, stage_m, flow_m3s) VALUES ($1, $2, $3, $4), ... ON CONFLICT DO NOTHING`,
        },
        "error",
      );
      u += rng.around(6);
    }
    py(
      u + 3,
      "ERROR",
      "writer.batch",
      `batch insert of ${n * rng.int(20, 60)} readings failed, spooled for retry`,
      {
        exc_info:
          'Traceback (most recent call last):\n  File "/app/writer/batch.py", line 88, in flush\n    cur.executemany(SQL_INSERT, rows)\npsycopg.errors.DiskFull: could not extend file: No space left on device',
      },
      "error",
    );
  });
  return tl.build(
    "s07-hydrology-telemetry-outage",
    "River-gauge telemetry: readings tablespace full, every insert fails, spool backlog grows, stations go stale",
  );
}
