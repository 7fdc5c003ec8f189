// Kind 3: a lock pile-up in PostgreSQL spreading to the service and then the gateway (root first).
// Kind 4: one Python exception repeated 15-40 times in a window whose normal traffic has no ERROR.
import { HOUR, iso, MIN, Rng, round, Story, SEC, spread, startTime } from "./lib.js";
import type { Scenario } from "./types.js";

export function tollplazaCascade(seed: number): Scenario {
  const r = new Rng(seed, "tollplaza");
  const t0 = startTime(r);
  const end = t0 + 90 * MIN;
  const T = t0 + r.float(0.4, 0.55) * 90 * MIN; // first root error
  const D = r.int(12, 18) * MIN;
  const svcAt = T + r.int(20, 45) * SEC; // callers notice later
  const gwAt = svcAt + r.int(15, 40) * SEC;
  const st = new Story();
  const rel = r.int(16384, 17999);
  let line = 1;
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown> = {}) => ({
    timestamp: iso(t),
    user: "tolls",
    dbname: "tolls",
    pid: r.int(2000, 60000),
    remote_host: r.ip("10.8"),
    session_id: `${r.hex(8)}.${r.hex(4)}`,
    line_num: line++,
    error_severity: sev,
    message,
    backend_type: "client backend",
    service: "tolls-pg-0",
    ...extra,
  });
  // postgres background chatter
  for (let t = t0 + r.int(0, 300) * SEC; t < end; t += 5 * MIN) {
    st.add(t, pg(t, "LOG", "checkpoint starting: time", { backend_type: "checkpointer", user: null, dbname: null }));
    const tc = t + r.int(20, 50) * SEC;
    st.add(
      tc,
      pg(
        tc,
        "LOG",
        `checkpoint complete: wrote ${r.int(300, 4000)} buffers (${r.float(0.5, 6).toFixed(1)}%); write=${r.float(20, 40).toFixed(3)} s, sync=0.0${r.int(10, 99)} s`,
        { backend_type: "checkpointer", user: null, dbname: null },
      ),
    );
  }
  for (const t of spread(r, r.int(350, 450), t0, end)) {
    const v = r.next();
    if (v < 0.5) st.add(t, pg(t, "LOG", "connection authorized: user=tolls database=tolls application_name=toll-accounts"));
    else if (v < 0.8)
      st.add(
        t,
        pg(t, "LOG", `duration: ${r.float(200, 420).toFixed(3)} ms  statement: SELECT * FROM toll_events WHERE plate_id = $1 ORDER BY passed_at DESC LIMIT 50`),
      );
    else
      st.add(
        t,
        pg(t, "LOG", `automatic vacuum of table "tolls.public.${r.pick(["toll_events", "accounts", "topups"])}": index scans: 1`, {
          backend_type: "autovacuum worker",
        }),
      );
  }
  // the root: a migration holds AccessExclusiveLock; everything queues behind it
  const migPid = r.int(2000, 60000);
  const tm = T - r.int(2, 8) * SEC;
  st.add(
    tm,
    pg(tm, "LOG", "statement: ALTER TABLE toll_events ADD COLUMN gantry_firmware text NOT NULL DEFAULT 'unknown'", {
      pid: migPid,
      user: "migrator",
      application_name: "flyway",
    }),
  );
  st.add(
    T,
    pg(T, "ERROR", "canceling statement due to lock timeout", {
      state_code: "55P03",
      statement: "INSERT INTO toll_events (plate_id, gantry, passed_at, amount_cents) VALUES ($1,$2,$3,$4)",
    }),
    "error",
  );
  for (const t of spread(r, Math.round((D / MIN) * 9), T + 1, T + D)) {
    const v = r.next();
    if (v < 0.35)
      st.add(
        t,
        pg(
          t,
          "LOG",
          `process ${r.int(2000, 60000)} still waiting for RowExclusiveLock on relation ${rel} of database 16384 after ${r.float(1000, 1010).toFixed(3)} ms`,
          { detail: `Process holding the lock: ${migPid}. Wait queue: ${r.int(20, 180)} processes.` },
        ),
        "performance",
      );
    else if (v < 0.75) st.add(t, pg(t, "ERROR", "canceling statement due to lock timeout", { state_code: "55P03" }), "error");
    else st.add(t, pg(t, "FATAL", "remaining connection slots are reserved for non-replication superuser connections", { state_code: "53300" }), "error");
  }
  st.add(
    T + D,
    pg(
      T + D,
      "LOG",
      `duration: ${(D + r.int(5, 20) * SEC).toFixed(3)} ms  statement: ALTER TABLE toll_events ADD COLUMN gantry_firmware text NOT NULL DEFAULT 'unknown'`,
      { pid: migPid, user: "migrator" },
    ),
    "performance",
  );

  // toll-accounts, pino
  const hosts = [`toll-accounts-6c9f-${r.alnum(5)}`, `toll-accounts-6c9f-${r.alnum(5)}`];
  const routes = ["/v1/accounts/:id/balance", "/v1/passages", "/v1/topups", "/v1/accounts/:id/statements"];
  const pino = (t: number, level: number, msg: string, url: string, status: number, ms: number) => ({
    level,
    time: Math.round(t),
    pid: 1,
    hostname: r.pick(hosts),
    name: "toll-accounts",
    reqId: `req-${r.alnum(6)}`,
    req: { method: url.startsWith("/v1/passages") || url.startsWith("/v1/topups") ? "POST" : "GET", url: url.replace(":id", String(r.int(100000, 999999))) },
    res: { statusCode: status },
    responseTime: round(ms, 1),
    msg,
  });
  const inc = (t: number) => t >= svcAt && t < T + D + r.int(5, 40) * SEC;
  for (const t of spread(r, r.int(1500, 1900), t0, end)) {
    const url = r.pick(routes);
    if (inc(t) && r.chance(0.85)) {
      if (r.chance(0.55))
        st.add(t, { ...pino(t, 50, "pool acquire timeout: 20/20 connections busy, waited 5000ms", url, 503, 5000 + r.int(1, 40)) }, "performance");
      else
        st.add(
          t,
          {
            ...pino(t, 50, "request errored", url, 500, r.around(1200, 0.4)),
            err: { type: "DatabaseError", message: "canceling statement due to lock timeout", code: "55P03" },
          },
          "error",
        );
    } else st.add(t, pino(t, 30, "request completed", url, 200, r.around(35, 0.4)));
  }
  // gateway, Envoy JSON access log
  const envoy = (t: number, path: string, cluster: string, code: number, flags: string, ms: number) => ({
    start_time: iso(t),
    method: path.includes("passages") || path.includes("topups") ? "POST" : "GET",
    path,
    protocol: "HTTP/1.1",
    response_code: code,
    response_flags: flags,
    duration: Math.round(ms),
    upstream_cluster: cluster,
    upstream_host: cluster === "toll-accounts" ? `${r.ip("10.42")}:8080` : `${r.ip("10.43")}:9000`,
    x_request_id: r.uuid(),
    bytes_sent: code === 200 ? r.int(200, 4000) : r.int(19, 91),
    service: "toll-gw",
  });
  for (const t of spread(r, r.int(1400, 1700), t0, end)) {
    const accounts = r.chance(0.7);
    const path = accounts ? r.pick(routes).replace(":id", String(r.int(100000, 999999))) : r.pick(["/v1/plates/lookup", "/v1/gantries/status", "/healthz"]);
    const cluster = accounts ? "toll-accounts" : "plates";
    if (accounts && t >= gwAt && t < T + D + r.int(20, 60) * SEC && r.chance(0.8)) {
      if (r.chance(0.6)) st.add(t, envoy(t, path, cluster, 504, "UT", 15000 + r.int(0, 30)), "performance");
      else st.add(t, envoy(t, path, cluster, 503, "UO", r.int(0, 2)), "error");
    } else st.add(t, envoy(t, path, cluster, 200, "-", r.around(accounts ? 42 : 18, 0.4)));
  }
  return st.build(
    "atoll-tollplaza-pg-cascade",
    "a migration's lock on tolls-pg-0 times out writes (root, first), then toll-accounts pool timeouts, then toll-gw 504/503 on account routes",
  );
}

export function tariffKeyErrorRepeat(seed: number): Scenario {
  const r = new Rng(seed, "tariff");
  const t0 = startTime(r);
  const end = t0 + 4 * HOUR;
  const st = new Story();
  const zone = `Z${r.int(7, 19)}`;
  const line = r.int(180, 260);
  const workers = [1, 2, 3].map(() => `fares-web-${r.alnum(5)}`);
  const sl = (t: number, level: string, logger: string, event: string, extra: Record<string, unknown> = {}) => ({
    timestamp: iso(t),
    level,
    logger,
    event,
    host: r.pick(workers),
    ...extra,
  });
  const access = (t: number, path: string, status: number, ms: number) =>
    sl(t, "info", "gunicorn.access", `${r.ip("10.2")} - - "GET ${path} HTTP/1.1" ${status} ${status === 200 ? r.int(300, 2400) : 141}`, {
      duration_ms: round(ms, 1),
    });
  for (const t of spread(r, r.int(2700, 3300), t0, end)) {
    const v = r.next();
    if (v < 0.55) {
      const p = r.pick([`/v1/fares/quote?from=${r.int(1000, 9999)}&to=${r.int(1000, 9999)}`, `/v1/stops/${r.int(1, 4000)}`, "/v1/zones", "/healthz"]);
      st.add(t, access(t, p, 200, r.around(p === "/healthz" ? 2 : 45, 0.4)));
    } else if (v < 0.75)
      st.add(
        t,
        sl(t, "debug", "fares.pricing", "quote computed", {
          zone_from: `Z${r.int(1, 6)}`,
          zone_to: `Z${r.int(1, 6)}`,
          fare_cents: r.int(180, 640),
          request_id: r.uuid(),
        }),
      );
    else if (v < 0.88)
      st.add(t, sl(t, "info", "celery.app.trace", `Task fares.tasks.refresh_realtime[${r.uuid()}] succeeded in ${r.float(0.2, 2.5).toFixed(3)}s: None`));
    else if (v < 0.96) st.add(t, sl(t, "info", "fares.cache", "tariff cache warm", { entries: r.int(5800, 6100), took_ms: r.int(80, 300) }));
    else
      st.add(
        t,
        sl(
          t,
          "warning",
          "fares.api",
          r.pick(["stop lookup fell back to GTFS static feed", "request carried deprecated header X-Fare-Class", "rate limit 80% for api key partner-7"]),
        ),
      );
  }
  // a tariff import drops a zone; quotes touching it fail with the same exception, 15-40 times
  const tImport = t0 + r.float(0.15, 0.35) * 4 * HOUR;
  st.add(tImport, sl(tImport, "info", "fares.tasks", "tariff import finished", { zones: r.int(11, 18), source: "tariffs-2025Q3.csv" }));
  const exc = `Traceback (most recent call last):\n  File "/app/fares/api/quote.py", line 64, in get_quote\n    return pricing.quote(origin, dest, when)\n  File "/app/fares/pricing.py", line ${line}, in quote\n    band = TARIFF_ZONES[stop.zone_code]\n           ~~~~~~~~~~~~^^^^^^^^^^^^^^^^\nKeyError: '${zone}'`;
  for (const t of spread(r, r.int(15, 40), tImport + r.int(2, 20) * MIN, end - MIN)) {
    const rid = r.uuid();
    st.add(t, sl(t, "error", "fares.api", "Exception on /v1/fares/quote [GET]", { exception: exc, request_id: rid }), "error");
    const ta = t + r.int(1, 9);
    st.add(ta, access(ta, `/v1/fares/quote?from=${r.int(1000, 9999)}&to=${r.int(1000, 9999)}`, 500, r.around(30, 0.3)), "error");
  }
  return st.build(
    "atoll-tariff-keyerror-repeat",
    `after a tariff import, the same KeyError on fare quotes 15-40 times (each with its 500 access line); no ERROR otherwise`,
  );
}
