// s11: a healthy, quiet day at a national weather service's observation ingest: NO labelled line.
// Producers: obs-ingest (Python structlog), PostgreSQL 16 jsonlog (shipped by Vector, which adds
// `host` and `file`), the public forecast website (PHP Monolog JSON with a hostname in `extra`),
// and journald (radar-fetch timer, cron, sshd).
// Everything here is everyday noise: bursty hourly SYNOP arrivals, malformed bulletins that fail to
// parse, late stations, duplicate-key ERRORs from re-sent bulletins, a materialized-view refresh
// that always takes ~2 s, a radar partner that is sometimes not ready (radar-fetch.service fails),
// Monolog ERRORs when a radar frame is missing.
import type { Scenario } from "./types.js";
import {
  HOUR,
  MIN,
  SEC,
  Rng,
  Timeline,
  epochMicros,
  every,
  hashSeed,
  healthy,
  iso,
  isoNumeric,
  pgTime,
  poisson,
  poissonShaped,
  round,
  startTime,
} from "./rng.js";

export function s11MetOfficeQuietDay(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s11-met"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 2, 10, 6, 0));
  const end = start + 6 * HOUR - 3 * MIN; // checkpoint completions must stay inside six hours

  const stations: string[] = [];
  for (let i = 0; i < 320; i++) stations.push(String(rng.int(3000, 3999)).padStart(5, "0"));
  const airports = ["EGLL", "EGKK", "EGCC", "EGPF", "EGPH", "EGBB", "EGGD", "EGNT", "EGAA", "EIDW", "EGNX", "EGSS"] as const;
  const centres = ["EGRR", "EGRB", "EIDB"] as const;

  // ---- obs-ingest (structlog)
  const sl = (t: number, fields: Record<string, unknown>, event: string, level: string, logger: string) => {
    tl.add(t, { ...fields, event, level, logger, timestamp: iso(t, 6) });
  };
  // hourly SYNOP burst: most reports in the first 20 minutes after the hour
  const hourPhase = (t: number) => {
    const m = (((t / MIN) % 60) + 60) % 60;
    return m < 20 ? 1 : m < 35 ? 0.25 : 0.05;
  };
  poissonShaped(rng, start, end, 3.2 * SEC, hourPhase, (t) => {
    const st = rng.pick(stations);
    sl(t, { station: st, obs_time: iso(Math.floor(t / HOUR) * HOUR, 0), elements: rng.int(9, 22), source: "GTS" }, "synop stored", "info", "ingest.synop");
  });
  poisson(rng, start, end, 30 * SEC, (t) => {
    sl(
      t,
      {
        icao: rng.pick(airports),
        raw: `${rng.pick(airports)} ${iso(t, 0).slice(8, 10)}${iso(t, 0).slice(11, 13)}${rng.pick(["20", "50"])}Z ${String(rng.int(0, 35) * 10).padStart(3, "0")}${String(rng.int(2, 22)).padStart(2, "0")}KT ${rng.pick(["9999", "8000", "6000", "CAVOK"])} ${rng.pick(["FEW012", "SCT025", "BKN018", "OVC008", "NSC"])} ${String(rng.int(1, 14)).padStart(2, "0")}/${String(rng.int(-2, 9)).padStart(2, "0")} Q${rng.int(990, 1032)}`,
      },
      "metar decoded",
      "info",
      "ingest.metar",
    );
  });
  poisson(rng, start, end, 25 * SEC, (t) => {
    sl(
      t,
      {
        ttaaii: rng.pick(["SMUK01", "SMUK02", "SIUK20", "SAUK31", "SMIE01"]),
        cccc: rng.pick(centres),
        bbb: rng.weighted([
          [null, 9],
          ["RRA", 1],
        ] as const),
        reports: rng.int(3, 48),
        bytes: rng.int(400, 9000),
      },
      "bulletin received",
      "info",
      "ingest.gts",
    );
  });
  poisson(rng, start, end, 20 * MIN, (t) => {
    sl(
      t,
      {
        ttaaii: "SMUK01",
        cccc: rng.pick(centres),
        exception: `Traceback (most recent call last):\n  File "/srv/ingest/synop/decoder.py", line 214, in decode_section1\n    group = Group.parse(tokens[i])\nsynop.errors.GroupError: unexpected group '${rng.pick(["9////", "7////", "333//", "1////"])}' at position ${rng.int(4, 17)}`,
      },
      "bulletin parse failed",
      "error",
      "ingest.synop",
    );
  });
  poisson(rng, start, end, 3 * MIN, (t) => {
    sl(
      t,
      { station: rng.pick(stations), expected: iso(Math.floor(t / HOUR) * HOUR, 0), late_by_min: rng.int(11, 45) },
      "station report late",
      "warning",
      "ingest.monitor",
    );
  });
  poisson(rng, start, end, 4 * MIN, (t) => {
    sl(t, { station: rng.pick(stations), bbb: "RRA" }, "duplicate observation ignored", "warning", "ingest.synop");
  });
  every(rng, start, end, 10 * MIN, 10 * SEC, (t) => {
    sl(t, { queue_depth: rng.int(0, 30), stored_last_10m: rng.int(80, 1200), rss_mb: round(rng.float(180, 240), 1) }, "ingest stats", "info", "ingest.monitor");
  });

  // ---- PostgreSQL jsonlog via Vector
  const pgPid = () => rng.int(20000, 90000);
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown>) => {
    // jsonlog omits fields that do not apply (no user/dbname for background workers)
    const o: Record<string, unknown> = { timestamp: pgTime(t) };
    if (extra.user !== undefined) o.user = extra.user;
    if (extra.dbname !== undefined) o.dbname = extra.dbname;
    o.pid = extra.pid ?? pgPid();
    o.session_id = `${Math.floor(t / 1000 - rng.int(60, 5000)).toString(16)}.${rng.hex(4)}`;
    o.line_num = rng.int(1, 40);
    o.session_start = pgTime(t - rng.int(60, 5000) * 1000, false);
    o.txid = 0;
    o.error_severity = sev;
    o.message = message;
    for (const [k, v] of Object.entries(extra)) if (!["user", "dbname", "pid", "backend_type"].includes(k)) o[k] = v;
    o.backend_type = extra.backend_type ?? "client backend";
    o.query_id = 0;
    o.host = "pg-obs-01";
    o.file = "/var/lib/postgresql/16/main/log/postgresql.json";
    tl.add(t, o);
  };
  every(rng, start, end, 5 * MIN, 0.5 * SEC, (t) => {
    const cp = 4321;
    pg(t, "LOG", "checkpoint starting: time", { pid: cp, backend_type: "checkpointer" });
    const buffers = rng.int(300, 4000);
    const w = round(rng.float(20, 120), 3);
    pg(
      t + w * 1000,
      "LOG",
      `checkpoint complete: wrote ${buffers} buffers (${(buffers / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${w.toFixed(3)} s, sync=${rng.float(0.001, 0.05).toFixed(3)} s, total=${(w + 0.06).toFixed(3)} s; sync files=${rng.int(10, 80)}, longest=0.0${rng.int(1, 9)}0 s, average=0.001 s; distance=${rng.int(2000, 40000)} kB, estimate=${rng.int(20000, 45000)} kB; lsn=${rng.hex(1).toUpperCase()}/${rng.hex(8).toUpperCase()}, redo lsn=${rng.hex(1).toUpperCase()}/${rng.hex(8).toUpperCase()}`,
      { pid: cp, backend_type: "checkpointer" },
    );
  });
  poisson(rng, start, end, 4 * MIN, (t) => {
    const st = rng.pick(stations);
    pg(t, "ERROR", 'duplicate key value violates unique constraint "observation_pkey"', {
      user: "ingest",
      dbname: "obs",
      remote_host: "10.30.2.14",
      remote_port: rng.int(40000, 60000),
      ps: "INSERT",
      vxid: `${rng.int(3, 30)}/${rng.int(1000, 99999)}`,
      state_code: "23505",
      detail: `Key (station_id, obs_time)=(${st}, ${pgTime(Math.floor(t / HOUR) * HOUR, false).replace(" UTC", "+00")}) already exists.`,
      statement: "INSERT INTO observation (station_id, obs_time, elements, source) VALUES ($1, $2, $3, $4)",
      application_name: "obs-ingest",
    });
  });
  every(rng, start, end, HOUR, 20 * SEC, (t) => {
    const d = healthy(rng, 1900, 0.15);
    pg(t, "LOG", `duration: ${d.toFixed(3)} ms  statement: REFRESH MATERIALIZED VIEW CONCURRENTLY hourly_summary`, {
      user: "ingest",
      dbname: "obs",
      remote_host: "10.30.2.15",
      remote_port: rng.int(40000, 60000),
      ps: "REFRESH MATERIALIZED VIEW",
      application_name: "summary-cron",
    });
  });
  poisson(rng, start, end, 18 * MIN, (t) => {
    pg(
      t,
      "LOG",
      `automatic vacuum of table "obs.public.observation": index scans: 1\npages: 0 removed, ${rng.int(80000, 90000)} remain, ${rng.int(200, 2000)} scanned\ntuples: ${rng.int(1000, 9000)} removed, ${rng.int(9_000_000, 9_500_000)} remain, 0 are dead but not yet removable`,
      { pid: pgPid(), backend_type: "autovacuum worker" },
    );
  });
  poisson(rng, start, end, 12 * MIN, (t) => {
    const p = pgPid();
    pg(t, "LOG", `connection authorized: user=ingest database=obs application_name=obs-ingest`, {
      user: "ingest",
      dbname: "obs",
      pid: p,
      remote_host: "10.30.2.14",
      remote_port: rng.int(40000, 60000),
      ps: "authentication",
      application_name: "obs-ingest",
    });
  });

  // ---- Monolog (forecast website)
  const webHosts = ["web-forecast-1", "web-forecast-2", "web-forecast-3"] as const;
  const mono = (t: number, level: number, levelName: string, channel: string, message: string, context: Record<string, unknown>) => {
    tl.add(t, {
      message,
      context,
      level,
      level_name: levelName,
      channel,
      datetime: isoNumeric(t, 6, 0),
      extra: { hostname: rng.pick(webHosts), uid: rng.hex(7) },
    });
  };
  const places = ["london", "manchester", "cardiff", "edinburgh", "belfast", "exeter", "aberdeen", "norwich", "leeds", "truro"] as const;
  poisson(rng, start, end, 15 * SEC, (t) => {
    mono(t, 200, "INFO", "app", "Rendered forecast page", {
      location: rng.pick(places),
      cache: rng.pick(["hit", "hit", "miss"]),
      ms: round(healthy(rng, 35), 1),
    });
  });
  poisson(rng, start, end, 12 * MIN, (t) => {
    mono(t, 400, "ERROR", "radar", "Radar composite frame missing, serving previous frame", {
      frame: iso(Math.floor(t / (5 * MIN)) * 5 * MIN, 0),
      age_s: rng.int(300, 600),
    });
  });
  poisson(rng, start, end, 9 * MIN, (t) => {
    mono(t, 300, "WARNING", "geo", "Geocoder rate limited, using cached result", { query: rng.pick(places), provider: "os-names" });
  });
  poisson(rng, start, end, 30 * MIN, (t) => {
    mono(t, 250, "NOTICE", "security", "Blocked request with invalid CSRF token", { route: "/account/alerts", ip: rng.ip("81.") });
  });

  // ---- journald
  const boot = rng.hex(32);
  let cursorI = rng.int(100000, 900000);
  const jd = (t: number, ident: string, pid: number, prio: number, msg: string, unit: string) => {
    cursorI++;
    tl.add(t, {
      __CURSOR: `s=${rng.hex(32)};i=${cursorI.toString(16)};b=${boot};m=${Math.floor(t % 1e9).toString(16)};t=${Math.floor(t * 1000).toString(16)};x=${rng.hex(16)}`,
      __REALTIME_TIMESTAMP: epochMicros(t),
      _BOOT_ID: boot,
      _HOSTNAME: "ingest-01",
      PRIORITY: String(prio),
      SYSLOG_IDENTIFIER: ident,
      _PID: String(pid),
      _SYSTEMD_UNIT: unit,
      _TRANSPORT: ident === "systemd" ? "journal" : "syslog",
      MESSAGE: msg,
    });
  };
  every(rng, start, end, 5 * MIN, 2 * SEC, (t) => {
    jd(t, "systemd", 1, 6, "Starting radar-fetch.service - Fetch radar composite...", "init.scope");
    const pid = rng.int(100000, 400000);
    if (rng.chance(0.1)) {
      jd(t + 2.1 * SEC, "radar-fetch", pid, 3, "curl: (22) The requested URL returned error: 404", "radar-fetch.service");
      jd(t + 2.2 * SEC, "systemd", 1, 5, "radar-fetch.service: Main process exited, code=exited, status=22/n/a", "init.scope");
      jd(t + 2.2 * SEC + 5, "systemd", 1, 4, "radar-fetch.service: Failed with result 'exit-code'.", "init.scope");
      jd(t + 2.2 * SEC + 9, "systemd", 1, 3, "Failed to start radar-fetch.service - Fetch radar composite.", "init.scope");
      return;
    }
    jd(t + 1.4 * SEC, "systemd", 1, 6, "radar-fetch.service: Deactivated successfully.", "init.scope");
    jd(t + 1.4 * SEC + 4, "systemd", 1, 6, "Finished radar-fetch.service - Fetch radar composite.", "init.scope");
  });
  every(rng, start, end, 30 * MIN, 1 * SEC, (t) => {
    jd(t, "CRON", rng.int(100000, 400000), 6, "(ingest) CMD (/opt/ingest/bin/prune-spool.sh)", "cron.service");
  });
  poisson(rng, start, end, 75 * MIN, (t) => {
    jd(
      t,
      "sshd",
      rng.int(100000, 400000),
      6,
      `Accepted publickey for deploy from 10.30.9.${rng.int(2, 250)} port ${rng.int(40000, 65000)} ssh2: ED25519 SHA256:${rng.alnum(43)}`,
      "ssh.service",
    );
  });

  return tl.build(
    "met-office-ingest-quiet-day",
    "Weather observation ingest on a healthy day: bursty hourly SYNOPs, routine parse ERRORs, duplicate-key ERRORs, failing radar fetches and Monolog ERRORs that are all everyday; nothing labelled (structlog/PostgreSQL jsonlog/Monolog/journald).",
  );
}
