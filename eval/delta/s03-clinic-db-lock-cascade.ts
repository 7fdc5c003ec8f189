// s03: a clinic appointment-booking platform. A Flyway migration's ALTER TABLE queues for an
// AccessExclusiveLock behind the nightly reminder batch's open transaction, and every query on
// the appointments table then queues behind the ALTER. PostgreSQL (jsonlog) logs lock waits and
// statement timeouts, the Spring services (logstash-logback-encoder JSON) exhaust their Hikari
// pools and open a circuit breaker, the Envoy edge (JSON access log) answers 504s then fast
// 503s, until a DBA terminates the batch backend and the migration completes.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, every, iso, seedFor, spaceTime } from "./rng.js";
import type { Scenario } from "./types.js";

export function clinicDbLockCascade(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s03-clinic-db-lock-cascade"));
  const tl = new Timeline();
  const start = baseTime(r, 0, 5);
  const end = start + r.int(120, 190) * MIN;
  const vol = r.float(0.85, 1.15);
  const tBatch = start + (end - start) * r.float(0.3, 0.5);
  const tMig = tBatch + r.int(3, 7) * MIN + r.int(0, 59) * SEC;
  const tKill = tMig + r.int(9, 17) * MIN;
  const tBreaker = tMig + r.int(150, 300) * SEC;
  const relId = r.int(16400, 16999);
  const dbId = 16384;
  const batchPid = r.int(3000, 9000);
  const migPid = batchPid + r.int(200, 2000);
  const version = r.int(44, 61);
  const pgHost = "pg-clinic-0";
  const apiPods = [r.podName("scheduling-api"), r.podName("scheduling-api"), r.podName("scheduling-api")];
  const bffPods = [r.podName("patient-portal-bff"), r.podName("patient-portal-bff")];
  const workerPod = r.podName("reminders-worker");
  const migPod = `booking-migrations-v${version}-${r.alnum(5)}`;
  const envoyHost = r.podName("edge-envoy");
  const locked = (t: number) => between(t, tMig, tKill);
  // Envoy's access log is stamped (and placed) at each request's start_time.
  // Envoy's route timeout (15 s) fires unless the lock is released (and the query done) before.
  const ms15 = (waitMs: number, got: boolean) => !got || waitMs >= 15000;

  // ---------- producers ----------
  let lineNum = 0;
  const pg = (
    t: number,
    sev: string,
    message: string,
    o: { pid?: number; app?: string; user?: string; detail?: string; statement?: string; ps?: string; backend?: string },
  ) => {
    lineNum++;
    const client = !o.backend;
    const rec: Record<string, unknown> = { timestamp: `${spaceTime(t)} UTC` };
    if (client) {
      rec.user = o.user ?? "booking";
      rec.dbname = "clinic";
    }
    rec.pid = o.pid ?? r.int(1000, 30000);
    if (client) rec.remote_host = r.ip("10.12");
    rec.session_id = `${r.hex(8)}.${r.hex(4)}`;
    rec.line_num = (lineNum % 40) + 1;
    if (client) rec.ps = o.ps ?? "idle";
    rec.vxid = `${r.int(2, 40)}/${r.int(1000, 90000)}`;
    rec.txid = 0;
    rec.error_severity = sev;
    rec.message = message;
    if (o.detail) rec.detail = o.detail;
    if (o.statement) rec.statement = o.statement;
    if (client) rec.application_name = o.app ?? "";
    rec.backend_type = o.backend ?? "client backend";
    rec.query_id = 0;
    rec.host = pgHost;
    return rec;
  };
  const spring = (
    t: number,
    app: string,
    pod: string,
    level: "DEBUG" | "INFO" | "WARN" | "ERROR",
    logger: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) => ({
    "@timestamp": iso(t).replace("Z", "+00:00"),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: app === "reminders-worker" ? "batch-1" : `http-nio-8080-exec-${r.int(1, 40)}`,
    level,
    level_value: { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level],
    springAppName: app,
    HOSTNAME: pod,
    traceId: r.hex(16),
    spanId: r.hex(16),
    ...extra,
  });
  const envoy = (t: number, method: string, path: string, code: number, flags: string, ms: number, cluster: string) => ({
    start_time: iso(t),
    method,
    path,
    protocol: "HTTP/2",
    response_code: code,
    response_flags: flags,
    bytes_received: method === "GET" ? 0 : r.int(200, 900),
    bytes_sent: code === 200 || code === 201 ? r.int(400, 9000) : r.int(19, 120),
    duration: Math.round(ms),
    upstream_service_time: code === 503 && flags === "-" ? String(r.int(2, 9)) : flags === "UT" ? "-" : String(Math.max(1, Math.round(ms) - r.int(1, 3))),
    x_forwarded_for: r.ip("81"),
    user_agent: r.pick(["MediBook/4.2.1 (iPhone; iOS 17.3)", "MediBook/4.2.0 (Android 14)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"]),
    request_id: r.uuid(),
    authority: "api.medibook.example",
    upstream_cluster: cluster,
    hostname: envoyHost,
    upstream_host: cluster === "scheduling-api" ? `10.12.3.${r.int(10, 40)}:8080` : `10.12.4.${r.int(10, 40)}:3000`,
  });

  // ---------- normal PostgreSQL background ----------
  for (const t of every(r, start, end, 5 * MIN, 2 * SEC)) {
    tl.add(t, pg(t, "LOG", "checkpoint starting: time", { backend: "checkpointer", pid: 62 }));
    const d = t + r.float(150, 180) * SEC;
    const bufs = r.int(300, 4000);
    tl.add(
      d,
      pg(
        d,
        "LOG",
        `checkpoint complete: wrote ${bufs} buffers (${(bufs / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 3)} recycled; write=${r.float(150, 179).toFixed(3)} s, sync=0.0${r.int(10, 99)} s, total=${r.float(150, 180).toFixed(3)} s; sync files=${r.int(10, 80)}, longest=0.00${r.int(1, 9)} s, average=0.001 s; distance=${r.int(4000, 30000)} kB, estimate=${r.int(9000, 30000)} kB`,
        { backend: "checkpointer", pid: 62 },
      ),
    );
  }
  for (const t of arrivals(r, start, end, 9 * MIN)) {
    const tbl = r.pick(["appointment_events", "sms_outbox", "audit_log", "slots"]);
    tl.add(
      t,
      pg(
        t,
        "LOG",
        `automatic vacuum of table "clinic.public.${tbl}": index scans: 1\npages: 0 removed, ${r.int(800, 9000)} remain, ${r.int(50, 800)} scanned (${r.float(1, 20).toFixed(2)}% of total)\ntuples: ${r.int(100, 9000)} removed, ${r.int(50000, 900000)} remain, 0 are dead but not yet removable`,
        { backend: "autovacuum worker" },
      ),
    );
  }
  for (const t of arrivals(r, start, end, 6 * MIN)) {
    if (locked(t)) continue;
    const pr = r.int(100, 900);
    tl.add(
      t,
      pg(t, "ERROR", 'duplicate key value violates unique constraint "appointments_slot_uniq"', {
        app: "scheduling-api",
        detail: `Key (practitioner_id, starts_at)=(${pr}, 2025-0${r.int(1, 9)}-1${r.int(0, 9)} 0${r.int(8, 9)}:${r.pick(["00", "15", "30", "45"])}:00+00) already exists.`,
        statement: "insert into appointments (clinic_id, patient_id, practitioner_id, starts_at, status) values ($1, $2, $3, $4, $5)",
        ps: "INSERT",
      }),
    );
  }
  for (const t of arrivals(r, start, end, 12 * MIN)) {
    tl.add(t, pg(t, "LOG", "could not receive data from client: Connection reset by peer", { app: "metabase", ps: "idle" }));
  }
  // Slow-query log (log_min_duration_statement = 250 ms): analytics queries are normally slow.
  for (const t of arrivals(r, start, end, 2 * MIN)) {
    if (locked(t)) continue;
    const q = r.pick([
      "SELECT c.name, count(*) FROM appointments a JOIN clinics c ON c.id = a.clinic_id WHERE a.starts_at >= $1 GROUP BY c.name",
      "SELECT practitioner_id, avg(extract(epoch FROM ends_at - starts_at)) FROM appointments WHERE status = 'completed' GROUP BY 1",
      "SELECT date_trunc('day', created_at), count(*) FROM appointment_events WHERE kind = $1 GROUP BY 1 ORDER BY 1",
    ]);
    tl.add(t, pg(t, "LOG", `duration: ${r.float(260, 2600).toFixed(3)} ms  execute <unnamed>: ${q}`, { app: "metabase", user: "analytics", ps: "SELECT" }));
  }

  // ---------- reminders-worker: batch every 15 minutes ----------
  for (const t of every(r, start, end, 15 * MIN, 20 * SEC)) {
    const isBlocker = Math.abs(t - tBatch) < 7.5 * MIN;
    const tb = isBlocker ? tBatch : t;
    const params = `{run.date=${iso(tb).slice(0, 10)}, window=${r.pick(["24h", "48h"])}}`;
    tl.add(
      tb,
      spring(
        tb,
        "reminders-worker",
        workerPod,
        "INFO",
        "o.s.b.c.l.support.SimpleJobLauncher",
        `Job: [SimpleJob: [name=appointmentReminderJob]] launched with the following parameters: [${params}]`,
      ),
    );
    tl.add(tb + 40, spring(tb + 40, "reminders-worker", workerPod, "INFO", "o.s.batch.core.job.SimpleStepHandler", "Executing step: [sendReminders]"));
    if (isBlocker) {
      // Sends in chunks, keeping one transaction open between chunks (normally harmless).
      for (const tc of every(r, tb + 30 * SEC, tKill, 50 * SEC, 8 * SEC)) {
        tl.add(
          tc,
          spring(
            tc,
            "reminders-worker",
            workerPod,
            "INFO",
            "c.m.reminders.SmsReminderWriter",
            `Sent ${r.int(180, 250)} reminders via sms-gateway (chunk of 250)`,
          ),
        );
      }
      continue;
    }
    const dur = r.float(70, 200);
    const te = tb + dur * SEC;
    tl.add(te, spring(te, "reminders-worker", workerPod, "INFO", "c.m.reminders.SmsReminderWriter", `Sent ${r.int(150, 900)} reminders via sms-gateway`));
    tl.add(
      te + 20,
      spring(
        te + 20,
        "reminders-worker",
        workerPod,
        "INFO",
        "o.s.batch.core.step.AbstractStep",
        `Step: [sendReminders] executed in ${Math.floor(dur / 60)}m${Math.round(dur % 60)}s`,
      ),
    );
    tl.add(
      te + 40,
      spring(
        te + 40,
        "reminders-worker",
        workerPod,
        "INFO",
        "o.s.b.c.l.support.SimpleJobLauncher",
        `Job: [SimpleJob: [name=appointmentReminderJob]] completed with the following parameters: [${params}] and the following status: [COMPLETED] in ${Math.floor(dur / 60)}m${Math.round(dur % 60) + 1}s`,
      ),
    );
  }

  // ---------- the migration (the change that starts it) ----------
  const mig = (t: number, logger: string, m: string, level: "INFO" | "WARN" = "INFO") =>
    tl.add(t, spring(t, "booking-migrations", migPod, level, logger, m), "pattern");
  mig(tMig - 4200, "o.f.c.internal.license.VersionPrinter", "Flyway Community Edition 9.22.3 by Redgate");
  mig(tMig - 3900, "o.f.c.i.database.base.BaseDatabaseType", `Database: jdbc:postgresql://${pgHost}.db:5432/clinic (PostgreSQL 15.6)`);
  mig(tMig - 600, "o.f.core.internal.command.DbValidate", `Successfully validated ${version} migrations (execution time 00:00.0${r.int(40, 99)}s)`);
  mig(tMig - 300, "o.f.core.internal.command.DbMigrate", `Current version of schema "public": ${version - 1}`);
  mig(tMig - 100, "o.f.core.internal.command.DbMigrate", `Migrating schema "public" to version "${version} - appointments telehealth url"`);
  const alter = "ALTER TABLE appointments ADD COLUMN telehealth_url text";
  // PostgreSQL: the ALTER waits for the batch's lock (log_lock_waits, deadlock_timeout = 1s).
  tl.add(
    tMig + 1000,
    pg(tMig + 1000, "LOG", `process ${migPid} still waiting for AccessExclusiveLock on relation ${relId} of database ${dbId} after 1000.${r.int(50, 190)} ms`, {
      pid: migPid,
      app: "booking-migrations",
      user: "flyway",
      detail: `Process holding the lock: ${batchPid}. Wait queue: ${migPid}.`,
      statement: alter,
      ps: "ALTER TABLE waiting",
    }),
    "performance",
  );

  // ---------- API traffic through Envoy ----------
  const clinic = () => r.int(100, 480);
  const breakerEvents: [number, string, Label][] = [];
  breakerEvents.push([tBreaker, "CLOSED to OPEN", "error"]);
  let tp = tBreaker + 60 * SEC;
  while (tp < tKill + 60 * SEC) {
    breakerEvents.push([tp, "OPEN to HALF_OPEN", "pattern"]);
    if (tp < tKill) breakerEvents.push([tp + r.int(10, 29) * SEC, "HALF_OPEN to OPEN", "error"]);
    else breakerEvents.push([tp + r.int(3, 9) * SEC, "HALF_OPEN to CLOSED", "pattern"]);
    tp += 60 * SEC;
  }
  const breakerClosedAt = (breakerEvents[breakerEvents.length - 1] as [number, string, Label])[0];
  for (const [t, change, label] of breakerEvents) {
    const pod = r.pick(apiPods);
    tl.add(
      t,
      spring(
        t,
        "scheduling-api",
        pod,
        change.endsWith("OPEN") && !change.startsWith("OPEN") ? "WARN" : "INFO",
        "i.g.r.c.i.CircuitBreakerStateMachine",
        `CircuitBreaker 'appointmentsDb' changed state from ${change}`,
      ),
      label,
    );
  }
  const breakerOpen = (t: number) => between(t, tBreaker, breakerClosedAt);

  for (const t of arrivals(r, start, end, 4500 / vol)) {
    const kind = r.weighted([
      ["slots", 0.34],
      ["book", 0.12],
      ["get", 0.2],
      ["cancel", 0.05],
      ["clinic", 0.14],
      ["practitioner", 0.1],
      ["portal", 0.05],
    ] as const);
    const pod = r.pick(apiPods);
    let method = "GET";
    let path: string;
    let base: number;
    let touchesDb = true;
    let logger = "c.m.scheduling.web.AppointmentController";
    if (kind === "slots") {
      path = `/api/v1/clinics/${clinic()}/slots?date=2025-0${r.int(1, 9)}-${r.int(10, 28)}`;
      base = r.logNormal(34, 0.3);
      logger = "c.m.scheduling.web.SlotController";
    } else if (kind === "book") {
      method = "POST";
      path = "/api/v1/appointments";
      base = r.logNormal(82, 0.3);
    } else if (kind === "get") {
      path = `/api/v1/appointments/${r.uuid()}`;
      base = r.logNormal(12, 0.3);
    } else if (kind === "cancel") {
      method = "PATCH";
      path = `/api/v1/appointments/${r.uuid()}/cancel`;
      base = r.logNormal(41, 0.3);
    } else if (kind === "clinic") {
      path = `/api/v1/clinics/${clinic()}`;
      base = r.logNormal(9, 0.3);
      touchesDb = false;
      logger = "c.m.scheduling.web.ClinicController";
    } else if (kind === "practitioner") {
      path = `/api/v1/practitioners/${r.int(100, 900)}/profile`;
      base = r.logNormal(14, 0.3);
      touchesDb = false;
      logger = "c.m.scheduling.web.PractitionerController";
    } else {
      path = "/portal/api/dashboard";
      base = r.logNormal(140, 0.3);
    }
    const cluster = kind === "portal" ? "patient-portal-bff" : "scheduling-api";
    const pathOnly = path.split("?")[0] as string;

    if (touchesDb && locked(t) && breakerOpen(t)) {
      // Rejected fast by the breaker.
      if (kind === "portal") {
        const bpod = r.pick(bffPods);
        tl.add(
          t,
          spring(
            t,
            "patient-portal-bff",
            bpod,
            "ERROR",
            "c.m.portal.client.SchedulingClient",
            "Downstream call to scheduling-api failed: 503 Service Unavailable on GET /api/v1/patients/me/appointments",
          ),
          "error",
        );
        tl.add(t, envoy(t, method, path, 502, "-", r.float(8, 30), cluster), "error");
      } else {
        tl.add(
          t,
          spring(
            t,
            "scheduling-api",
            pod,
            "WARN",
            logger,
            `${method} ${pathOnly} -> 503 (${r.int(2, 8)} ms): io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'appointmentsDb' is OPEN and does not permit further calls`,
            {
              duration_ms: r.int(2, 8),
            },
          ),
          "error",
        );
        tl.add(t, envoy(t, method, path, 503, "-", r.float(4, 12), cluster), "error");
      }
      continue;
    }
    if (touchesDb && locked(t)) {
      // Blocked behind the ALTER: Envoy gives up at 15 s, the app at 30 s.
      if (kind === "portal") {
        const bpod = r.pick(bffPods);
        tl.add(
          t + 10000,
          spring(
            t + 10000,
            "patient-portal-bff",
            bpod,
            "ERROR",
            "c.m.portal.client.SchedulingClient",
            "Read timed out calling scheduling-api GET /api/v1/patients/me/appointments after 10000 ms",
            {
              duration_ms: 10000,
            },
          ),
          "performance",
        );
        tl.add(t, envoy(t, method, path, 500, "-", 10004 + r.int(0, 9), cluster), "performance");
        continue;
      }
      const waitMs = tKill - t;
      const stmt =
        kind === "slots"
          ? "select s.id, s.starts_at from slots s left join appointments a on a.slot_id = s.id where s.clinic_id = $1 and s.day = $2 and a.id is null"
          : kind === "book"
            ? "insert into appointments (clinic_id, patient_id, practitioner_id, starts_at, status) values ($1, $2, $3, $4, $5)"
            : kind === "cancel"
              ? "update appointments set status = 'cancelled', cancelled_at = now() where id = $1"
              : "select a.* from appointments a where a.id = $1";
      const gotConnection = t < tMig + 25 * SEC || r.chance(0.45);
      const pid = r.int(10000, 30000);
      if (gotConnection) {
        tl.add(
          t + 1000,
          pg(
            t + 1000,
            "LOG",
            `process ${pid} still waiting for ${kind === "book" || kind === "cancel" ? "RowExclusiveLock" : "AccessShareLock"} on relation ${relId} of database ${dbId} after 1000.${r.int(40, 200)} ms`,
            {
              pid,
              app: "scheduling-api",
              detail: `Process holding the lock: ${batchPid}. Wait queue: ${migPid}, ${pid}.`,
              statement: stmt,
              ps: `${kind === "book" ? "INSERT" : kind === "cancel" ? "UPDATE" : "SELECT"} waiting`,
            },
          ),
          "performance",
        );
      }
      if (waitMs < 30000 && gotConnection) {
        // Released before the statement timeout: completes, slowly.
        const ms = waitMs + base;
        tl.add(
          t + ms,
          pg(t + ms, "LOG", `duration: ${ms.toFixed(3)} ms  execute <unnamed>: ${stmt}`, { pid, app: "scheduling-api", ps: "SELECT" }),
          "performance",
        );
        tl.add(
          t + ms + 1,
          spring(t + ms + 1, "scheduling-api", pod, "INFO", logger, `${method} ${pathOnly} -> ${kind === "book" ? 201 : 200} (${Math.round(ms)} ms)`, {
            duration_ms: Math.round(ms),
          }),
          "performance",
        );
        if (ms < 15000) tl.add(t, envoy(t, method, path, kind === "book" ? 201 : 200, "-", ms + 2, cluster), "performance");
      }
      if (ms15(waitMs, gotConnection)) tl.add(t, envoy(t, method, path, 504, "UT", 15000 + r.int(0, 3), cluster), "performance");
      if (waitMs >= 30000 && gotConnection) {
        tl.add(
          t + 30000,
          pg(t + 30000, "ERROR", "canceling statement due to statement timeout", { pid, app: "scheduling-api", statement: stmt, ps: "SELECT waiting" }),
          "performance",
        );
        tl.add(
          t + 30010,
          spring(
            t + 30010,
            "scheduling-api",
            pod,
            "ERROR",
            "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
            `Servlet.service() for servlet [dispatcherServlet] threw exception: org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [${stmt}]; ERROR: canceling statement due to statement timeout`,
            {
              duration_ms: 30010,
              stack_trace:
                "org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2713)\n\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2401)\n\t...",
            },
          ),
          "performance",
        );
      } else if (!gotConnection) {
        tl.add(
          t + 30000,
          spring(
            t + 30000,
            "scheduling-api",
            pod,
            "ERROR",
            "c.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            {
              duration_ms: 30000,
              stack_trace:
                "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\t...",
            },
          ),
          "performance",
        );
      }
      continue;
    }
    // Healthy request (including requests that never touch the locked table).
    const status = kind === "book" && r.chance(0.06) ? 409 : kind === "get" && r.chance(0.03) ? 404 : kind === "book" ? 201 : 200;
    const ms = base;
    if (kind === "portal") {
      const bpod = r.pick(bffPods);
      tl.add(
        t + ms,
        spring(t + ms, "patient-portal-bff", bpod, "INFO", "c.m.portal.web.DashboardController", `GET /portal/api/dashboard -> 200 (${Math.round(ms)} ms)`, {
          duration_ms: Math.round(ms),
        }),
      );
    } else {
      tl.add(
        t + ms,
        spring(
          t + ms,
          "scheduling-api",
          pod,
          status === 409 ? "WARN" : "INFO",
          logger,
          `${method} ${pathOnly} -> ${status} (${Math.round(ms)} ms)${status === 409 ? ": slot already taken" : ""}`,
          {
            duration_ms: Math.round(ms),
          },
        ),
      );
    }
    tl.add(t, envoy(t, method, path, status, "-", ms + r.float(0.5, 3), cluster));
  }

  // Hikari housekeeping (DEBUG every 30 s per pod); saturated while the table is locked.
  for (const pod of apiPods) {
    for (const t of every(r, start, end, 30 * SEC, SEC)) {
      const sat = locked(t) && t > tMig + 40 * SEC;
      const active = sat ? 20 : r.int(0, 5);
      const idle = sat ? 0 : r.int(Math.max(0, 8 - active), 10 - active);
      tl.add(
        t,
        spring(
          t,
          "scheduling-api",
          pod,
          "DEBUG",
          "c.zaxxer.hikari.pool.HikariPool",
          `HikariPool-1 - Pool stats (total=${active + idle}, active=${active}, idle=${idle}, waiting=${sat ? r.int(9, 60) : 0})`,
          {
            thread_name: "HikariPool-1 housekeeper",
          },
        ),
        sat ? "pattern" : null,
      );
    }
  }

  // ---------- the DBA steps in ----------
  const tDba = tKill - r.int(20, 50) * SEC;
  tl.add(
    tDba,
    pg(
      tDba,
      "LOG",
      `statement: SELECT pid, state, xact_start, wait_event_type, left(query, 60) FROM pg_stat_activity WHERE datname = 'clinic' ORDER BY xact_start`,
      {
        app: "psql",
        user: "dba_oncall",
        ps: "idle",
      },
    ),
    "pattern",
  );
  tl.add(tKill - 200, pg(tKill - 200, "LOG", `statement: SELECT pg_terminate_backend(${batchPid});`, { app: "psql", user: "dba_oncall" }), "pattern");
  tl.add(
    tKill,
    pg(tKill, "FATAL", "terminating connection due to administrator command", { pid: batchPid, app: "reminders-worker", ps: "idle in transaction" }),
    "pattern",
  );
  const migMs = tKill - tMig + r.float(40, 300);
  tl.add(
    tKill + 300,
    pg(tKill + 300, "LOG", `duration: ${migMs.toFixed(3)} ms  statement: ${alter}`, {
      pid: migPid,
      app: "booking-migrations",
      user: "flyway",
      ps: "ALTER TABLE",
    }),
    "performance",
  );
  tl.add(
    tKill + 900,
    spring(
      tKill + 900,
      "booking-migrations",
      migPod,
      "INFO",
      "o.f.core.internal.command.DbMigrate",
      `Successfully applied 1 migration to schema "public", now at version v${version} (execution time ${String(Math.floor(migMs / 60000)).padStart(2, "0")}:${((migMs % 60000) / 1000).toFixed(3).padStart(6, "0")}s)`,
    ),
    "pattern",
  );
  // Queries released at once: long durations in the slow-query log.
  for (let i = 0; i < r.int(6, 14); i++) {
    const t = tKill + r.int(50, 900);
    tl.add(
      t,
      pg(t, "LOG", `duration: ${(r.float(2000, 29000)).toFixed(3)} ms  execute <unnamed>: select a.* from appointments a where a.id = $1`, {
        app: "scheduling-api",
        ps: "SELECT",
      }),
      "performance",
    );
  }
  // The batch job fails.
  const tf = tKill + r.int(200, 900);
  const ran = (tf - tBatch) / 1000;
  tl.add(
    tf,
    spring(
      tf,
      "reminders-worker",
      workerPod,
      "ERROR",
      "o.s.batch.core.step.AbstractStep",
      "Encountered an error executing step sendReminders in job appointmentReminderJob",
      {
        stack_trace:
          "org.springframework.dao.DataAccessResourceFailureException: PreparedStatementCallback; SQL [select * from appointments where starts_at between ? and ? order by id]; FATAL: terminating connection due to administrator command\n\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:105)\n\t...",
      },
    ),
    "error",
  );
  tl.add(
    tf + 30,
    spring(
      tf + 30,
      "reminders-worker",
      workerPod,
      "INFO",
      "o.s.b.c.l.support.SimpleJobLauncher",
      `Job: [SimpleJob: [name=appointmentReminderJob]] completed with the following parameters: [{run.date=${iso(tBatch).slice(0, 10)}, window=24h}] and the following status: [FAILED] in ${Math.floor(ran / 60)}m${Math.round(ran % 60)}s`,
    ),
    "error",
  );

  return tl.build(
    "clinic-booking-migration-lock-queue",
    "Clinic booking (PostgreSQL jsonlog, Spring JSON, Envoy): a migration's ALTER TABLE queues behind a batch transaction, blocking the appointments table; callers time out, a breaker opens, 504s then 503s until a DBA kills the batch.",
  );
}
