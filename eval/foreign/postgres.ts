// PostgreSQL 16 with log_destination = jsonlog (error_severity, message, session fields, the
// timestamp as `2024-05-01 10:00:00.123 UTC`), shipped with a `component` naming the server. An
// analyst opens a transaction from DBeaver on the primary and leaves it idle: the xmin horizon
// stops, autovacuum keeps finding dead rows it cannot remove, the outbox poller's and balance
// updates' statements slow down until some hit the statement timeout, and the session is
// terminated by hand.
import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, type Label, MIN, pgTime, type Rng, rngFor, SEC, startTime, times } from "./kit.js";

interface Session {
  pid: number;
  start: number;
  user: string;
  db: string;
  app: string;
  host: string;
  port: number;
  line: number;
  vxid: string;
}

export function postgresIdleInTransaction(seed: number): Scenario {
  const name = "postgres-idle-in-transaction-bloat";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "An analyst's idle DBeaver transaction on the PostgreSQL primary holds back the xmin horizon: autovacuum removes nothing, outbox and balance statements slow to the statement timeout, until the session is terminated; PostgreSQL jsonlog",
  );
  const t0 = startTime(rng);
  const span = rng.int(300, 340) * MIN;
  const end = t0 + span;
  const openAt = t0 + Math.floor(span * rng.float(0.18, 0.3));
  const killAt = openAt + Math.floor(span * rng.float(0.45, 0.55));
  let xid = rng.int(800_000_000, 900_000_000);

  const sess = (r: Rng, user: string, app: string, host: string, start: number): Session => ({
    pid: r.int(10000, 4000000),
    start,
    user,
    db: "ledger",
    app,
    host,
    port: r.int(30000, 65000),
    line: 0,
    vxid: `${r.int(3, 90)}/${r.int(1000, 900000)}`,
  });
  const sid = (s: Session): string => `${Math.floor(s.start / 1000).toString(16)}.${s.pid.toString(16)}`;
  const add = (t: number, server: string, s: Session | null, sev: string, message: string, label: Label, extra: Record<string, unknown> = {}): void => {
    const base = s
      ? {
          user: s.user,
          dbname: s.db,
          pid: s.pid,
          remote_host: s.host,
          remote_port: s.port,
          session_id: sid(s),
          line_num: ++s.line,
          ps: extra.ps ?? "idle",
          session_start: pgTime(s.start),
          vxid: s.vxid,
          txid: 0,
          application_name: s.app,
          backend_type: "client backend",
          query_id: 0,
        }
      : {
          pid: rng.int(100, 4000),
          session_id: `${Math.floor(t0 / 1000).toString(16)}.${rng.hex(3)}`,
          line_num: rng.int(1, 9000),
          session_start: pgTime(t0 - 9 * 24 * HOUR),
          txid: 0,
          backend_type: extra.backend ?? "checkpointer",
          query_id: 0,
        };
    const { ps: _ps, backend: _b, ...rest } = extra;
    inc.add(t, { timestamp: pgTime(t), ...base, error_severity: sev, message, ...rest, component: server }, label);
  };

  const apps: [string, string, string][] = [
    ["ledger_app", "ledger-api", "10.0.3."],
    ["ledger_app", "outbox-relay", "10.0.4."],
    ["ledger_app", "settlement-worker", "10.0.5."],
  ];
  // Pooled connections recycled every 30 minutes: received, authorized, and later disconnected.
  for (const t of times(rng, t0, end, rng.int(720, 860))) {
    const [user, app, net] = rng.pick(apps);
    const s = sess(rng, user, app, `${net}${rng.int(10, 250)}`, t);
    add(t, "pg-primary", s, "LOG", `connection received: host=${s.host} port=${s.port}`, null);
    add(
      t + rng.int(2, 9),
      "pg-primary",
      s,
      "LOG",
      `connection authorized: user=${user} database=ledger application_name=${app} SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
      null,
    );
    const dur = rng.int(25, 35) * MIN + rng.int(0, 59) * SEC;
    if (t + dur < end) {
      const d = dur / 1000;
      add(
        t + dur,
        "pg-primary",
        s,
        "LOG",
        `disconnection: session time: ${Math.floor(d / 3600)}:${String(Math.floor((d % 3600) / 60)).padStart(2, "0")}:${(d % 60).toFixed(3).padStart(6, "0")} user=${user} database=ledger host=${s.host} port=${s.port}`,
        null,
      );
    }
  }
  // Read replica traffic from the reporting app.
  for (const t of times(rng, t0, end, rng.int(140, 180))) {
    const s = sess(rng, "reporting", "metabase", `10.0.6.${rng.int(10, 250)}`, t);
    add(
      t,
      "pg-replica-1",
      s,
      "LOG",
      `connection authorized: user=reporting database=ledger application_name=Metabase v0.49.7 [${rng.uuid()}] SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
      null,
    );
    if (rng.chance(0.5))
      add(
        t + rng.int(1, 20) * SEC,
        "pg-replica-1",
        s,
        "LOG",
        `duration: ${rng.float(520, 1900).toFixed(3)} ms  execute <unnamed>: SELECT date_trunc('day', "public"."entries"."created_at") AS "created_at", sum("public"."entries"."amount") AS "sum" FROM "public"."entries" WHERE "public"."entries"."created_at" >= now() - interval '30 day' GROUP BY 1 ORDER BY 1`,
        null,
        { ps: "SELECT" },
      );
  }
  // Checkpoints every five minutes on both servers.
  for (const server of ["pg-primary", "pg-replica-1"]) {
    const primary = server === "pg-primary";
    let lsnHi = rng.int(0x2a, 0x3f);
    for (let t = t0 + rng.int(0, 299) * SEC; t < end; t += 5 * MIN) {
      const bufs = rng.int(800, 9000);
      lsnHi += rng.chance(0.1) ? 1 : 0;
      add(t, server, null, "LOG", primary ? "checkpoint starting: time" : "restartpoint starting: time", null, { backend: "checkpointer" });
      add(
        t + 270 * SEC + rng.int(0, 2000),
        server,
        null,
        "LOG",
        `${primary ? "checkpoint" : "restartpoint"} complete: wrote ${bufs} buffers (${(bufs / 1310.72).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 4)} recycled; write=${rng.float(268, 270).toFixed(3)} s, sync=0.0${rng.int(10, 99)} s, total=${rng.float(270, 271).toFixed(3)} s; sync files=${rng.int(30, 140)}, longest=0.00${rng.int(1, 9)} s, average=0.001 s; distance=${rng.int(20000, 90000)} kB, estimate=${rng.int(40000, 95000)} kB; lsn=${lsnHi.toString(16).toUpperCase()}/${rng.hex(8).toUpperCase()}, redo lsn=${lsnHi.toString(16).toUpperCase()}/${rng.hex(8).toUpperCase()}`,
        null,
        { backend: "checkpointer" },
      );
      if (!primary)
        add(t + 271 * SEC, server, null, "LOG", `recovery restart point at ${lsnHi.toString(16).toUpperCase()}/${rng.hex(8).toUpperCase()}`, null, {
          backend: "checkpointer",
          detail: `Last completed transaction was at log time ${pgTime(t + 270 * SEC - rng.int(0, 900)).replace(" UTC", "+00")}.`,
        });
    }
  }

  const held = (t: number): boolean => t >= openAt && t < killAt;
  // How far behind the horizon is, as a share of the worst: it grows for as long as the transaction is open.
  const lag = (t: number): number => (held(t) ? (t - openAt) / (killAt - openAt) : 0);
  const vacuum = (t: number, table: string, live: number, dead: number, blocked: boolean, label: Label): void => {
    const pages = Math.round(live / 60);
    const removed = blocked ? 0 : dead;
    const notRemovable = blocked ? dead : 0;
    const ageXids = blocked ? Math.round(lag(t) * 9_000_000) + rng.int(50_000, 200_000) : rng.int(2, 400);
    xid += rng.int(2000, 40000);
    add(
      t,
      "pg-primary",
      null,
      "LOG",
      `automatic vacuum of table "ledger.public.${table}": index scans: ${blocked ? 0 : 1}\npages: 0 removed, ${pages} remain, ${rng.int(100, pages)} scanned (${rng.float(1, 60).toFixed(2)}% of total)\ntuples: ${removed} removed, ${live} remain, ${notRemovable} are dead but not yet removable\nremovable cutoff: ${xid - ageXids}, which was ${ageXids} XIDs old when operation ended\nfrozen: 0 pages from table (0.00% of total) had 0 tuples frozen\nindex scan ${blocked ? "bypassed" : "needed"}: ${rng.int(0, 900)} pages from table (${rng.float(0, 5).toFixed(2)}% of total) ${blocked ? "have" : "had"} ${blocked ? notRemovable : removed} dead item identifiers${blocked ? "" : " removed"}\navg read rate: ${rng.float(0, 40).toFixed(3)} MB/s, avg write rate: ${rng.float(0, 20).toFixed(3)} MB/s\nbuffer usage: ${rng.int(1000, 90000)} hits, ${rng.int(0, 900)} misses, ${rng.int(0, 900)} dirtied\nWAL usage: ${rng.int(100, 9000)} records, ${rng.int(0, 200)} full page images, ${rng.int(10000, 900000)} bytes\nsystem usage: CPU: user: ${rng.float(0, 2).toFixed(2)} s, system: ${rng.float(0, 0.5).toFixed(2)} s, elapsed: ${rng.float(0.1, 9).toFixed(2)} s`,
      label,
      { backend: "autovacuum worker" },
    );
  };
  // Autovacuum: the hot tables come round every few minutes; while the horizon is held, more often and for nothing.
  for (const [table, every, live] of [
    ["outbox", 9, 60_000],
    ["balances", 14, 410_000],
    ["entries", 45, 9_800_000],
    ["idempotency_keys", 30, 1_200_000],
  ] as const) {
    for (let t = t0 + rng.int(0, every) * MIN; t < end; ) {
      const blocked = held(t) && table !== "entries";
      const dead = blocked ? Math.round(live * (0.1 + lag(t) * rng.float(1.5, 4))) : Math.round(live * rng.float(0.05, 0.2));
      vacuum(t, table, live + (blocked ? dead : 0), dead, blocked, blocked ? "pattern" : null);
      if (!blocked && rng.chance(0.5))
        add(
          t + rng.int(1, 9) * SEC,
          "pg-primary",
          null,
          "LOG",
          `automatic analyze of table "ledger.public.${table}"\navg read rate: ${rng.float(0, 80).toFixed(3)} MB/s, avg write rate: ${rng.float(0, 5).toFixed(3)} MB/s\nbuffer usage: ${rng.int(100, 9000)} hits, ${rng.int(0, 900)} misses, ${rng.int(0, 90)} dirtied\nsystem usage: CPU: user: ${rng.float(0, 0.5).toFixed(2)} s, system: 0.00 s, elapsed: ${rng.float(0.05, 2).toFixed(2)} s`,
          null,
          { backend: "autovacuum worker" },
        );
      t += (blocked ? rng.float(0.25, 0.5) : rng.float(0.8, 1.3)) * every * MIN;
    }
  }

  // The analyst.
  const analyst = sess(rng, "analyst_ro", "DBeaver 24.0.3 - SQLEditor <Script-7.sql>", `10.8.0.${rng.int(2, 60)}`, openAt);
  add(openAt, "pg-primary", analyst, "LOG", `connection received: host=${analyst.host} port=${analyst.port}`, "pattern");
  add(
    openAt + 8,
    "pg-primary",
    analyst,
    "LOG",
    `connection authorized: user=analyst_ro database=ledger application_name=DBeaver 24.0.3 - Main <ledger> SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
    "pattern",
  );
  const q = openAt + rng.int(1, 4) * MIN;
  add(
    q,
    "pg-primary",
    analyst,
    "LOG",
    `duration: ${rng.float(30000, 90000).toFixed(3)} ms  statement: SELECT a.id, a.iban, b.available, b.pending, sum(e.amount) FROM accounts a JOIN balances b ON b.account_id = a.id JOIN entries e ON e.account_id = a.id WHERE e.created_at > '2024-01-01' GROUP BY 1, 2, 3, 4 HAVING sum(e.amount) <> b.available`,
    "pattern",
    { ps: "idle in transaction" },
  );
  add(killAt, "pg-primary", analyst, "FATAL", "terminating connection due to administrator command", "pattern", {
    state_code: "57P01",
    ps: "idle in transaction",
  });
  const dur = (killAt - openAt) / 1000;
  add(
    killAt + 1,
    "pg-primary",
    analyst,
    "LOG",
    `disconnection: session time: ${Math.floor(dur / 3600)}:${String(Math.floor((dur % 3600) / 60)).padStart(2, "0")}:${(dur % 60).toFixed(3).padStart(6, "0")} user=analyst_ro database=ledger host=${analyst.host} port=${analyst.port}`,
    "pattern",
  );

  // The statements that slow down as the dead rows pile up: logged once over log_min_duration_statement (500 ms).
  for (const t of times(rng, openAt + 10 * MIN, killAt + 3 * MIN, rng.int(140, 190))) {
    const l = held(t) ? lag(t) : 0.6;
    const outbox = rng.chance(0.6);
    const ms = (outbox ? 300 : 200) + l * rng.float(600, 7000);
    const s = sess(rng, "ledger_app", outbox ? "outbox-relay" : "ledger-api", `10.0.${outbox ? 4 : 3}.${rng.int(10, 250)}`, t - rng.int(1, 29) * MIN);
    const stmt = outbox
      ? "SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED"
      : "UPDATE balances SET available = available + $1, version = version + 1 WHERE account_id = $2 AND version = $3";
    if (ms >= 5000) {
      add(t, "pg-primary", s, "ERROR", "canceling statement due to statement timeout", "error", {
        state_code: "57014",
        statement: stmt,
        ps: outbox ? "SELECT" : "UPDATE",
      });
    } else if (ms >= 500) {
      add(t, "pg-primary", s, "LOG", `duration: ${ms.toFixed(3)} ms  execute <unnamed>: ${stmt}`, "performance", {
        ps: outbox ? "SELECT" : "UPDATE",
        ...(outbox ? {} : { detail: `Parameters: $1 = '${rng.int(-90000, 90000) / 100}', $2 = '${rng.int(100000, 999999)}', $3 = '${rng.int(1, 4000)}'` }),
      });
    }
  }
  return inc.finish();
}
