// The orders database's primary (orders-db-0) loses its EBS volume: PostgreSQL PANICs on fdatasync,
// the postmaster kills every backend (clients get "terminating connection because of crash of
// another server process", then "in recovery mode", then refused connections), crash recovery fails
// on the same I/O error. Patroni's leader key expires and orders-db-1 promotes itself (new timeline);
// orders-db-2 follows it; the service endpoint flips and orders-api recovers after ~40 s. The broken
// member keeps failing to start until on-call deletes the pod, and it is rebuilt as a replica.
// Labelled: the PANIC and crash lines, refused and recovery-mode connections, replicas losing their
// WAL stream, orders-api's failed requests and broken connections, the outbox relay's failures,
// Patroni's failed starts (error); Patroni's election, promotion and timeline messages, the member
// status dumps and PostgreSQL's promotion sequence (pattern). Decoys: Patroni's "no action" loop
// on every member, checkpoints and restartpoints, autovacuum, slow reporting statements,
// duplicate-key errors from idempotent retries, clients resetting connections, Hikari's
// "Failed to validate connection" warning, G1 GC pauses, and the rebuild of the failed member.

import type { Scenario } from "../blind/types.js";
import { isoOffset, jvmTime, MINUTE, nightStart, pgTime, pyAsctime, SECOND } from "./clock.js";
import { podName, traffic } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { type Entry, type JavaBase, k8sLine, kubeEvent, logback, type PodRef, withPod } from "./producers.js";
import { javaStack } from "./stacks.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "postgres-primary-failover";

const PSQL_FRAMES = [
  "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)",
  "org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)",
  "org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)",
  "org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)",
  "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags(PgPreparedStatement.java:194)",
  "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)",
  "org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess.executeQuery(DeferredResultSetAccess.java:246)",
  "com.larkspur.orders.repository.OrderRepository.findByIdForUpdate(OrderRepository.java:58)",
  "com.larkspur.orders.service.OrderService.updateStatus(OrderService.java:141)",
];

export function postgresPrimaryFailover(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const onset = start + rng.int(12, 34) * MINUTE;
  const promoted = onset + rng.int(33, 44) * SECOND;
  const endpointFlip = promoted + rng.int(1500, 3500);
  const podDeleted = onset + rng.int(5, 9) * MINUTE;
  const rebuilt = podDeleted + rng.int(150, 260) * SECOND;
  const end = onset + rng.int(30, 40) * MINUTE;

  const node = (i: number) => `ip-10-0-5-${11 + i * 17}.ec2.internal`;
  const members: PodRef[] = [0, 1, 2].map((i) => ({
    pod: `orders-db-${i}`,
    ns: "orders",
    container: "postgres",
    node: node(i),
    app: "orders-db",
    image: "ghcr.io/zalando/spilo-16:3.3-p2",
  }));
  const memberIp = [0, 1, 2].map((i) => `10.0.5.${11 + i}`);
  const pidOf = [0, 1, 2].map(() => rng.int(60, 400));

  const patroni = (t: number, m: number, lvl: "INFO" | "WARNING" | "ERROR", msg: string, label: Label = null) =>
    tl.add(t, k8sLine(t, members[m]!, "stderr", `${pyAsctime(t)} ${lvl}: ${msg}`), label);
  const pg = (t: number, m: number, sev: "LOG" | "ERROR" | "FATAL" | "PANIC" | "DETAIL" | "STATEMENT", msg: string, extra: Entry = {}, label: Label = null) =>
    tl.add(
      t,
      withPod(
        {
          timestamp: pgTime(t),
          pid: extra.pid ?? pidOf[m],
          session_id: `${Math.floor(t / 1000).toString(16)}.${rng.hex(4)}`,
          line_num: rng.int(1, 40),
          session_start: pgTime(t - rng.int(1000, 3_600_000)),
          txid: 0,
          error_severity: sev,
          message: msg,
          backend_type: extra.backend_type ?? "postmaster",
          query_id: 0,
          ...extra,
        },
        members[m]!,
      ),
      label,
    );

  // --- who leads when --------------------------------------------------------------------------
  const leaderAt = (t: number) => (t < onset ? 0 : t < promoted ? -1 : 1);
  const zeroDown = (t: number) => t >= onset && t < rebuilt;

  // Patroni's loop on each member every 10 s.
  for (let m = 0; m < 3; m++) {
    for (const t of rng.ticks(start, end, 10 * SECOND, 300)) {
      const leader = leaderAt(t);
      if (m === 0 && zeroDown(t)) {
        if (t < onset + 9 * SECOND) continue;
        if (t >= podDeleted) continue;
        if (t < promoted) {
          patroni(t, 0, "WARNING", "Postgresql is not running.", "error");
          patroni(t + 2, 0, "INFO", "Lock owner: orders-db-0; I am orders-db-0", "pattern");
          patroni(t + 4, 0, "INFO", "starting as readonly because i had the session lock", "pattern");
          patroni(t + 2100, 0, "INFO", "failed to start postgres", "error");
        } else {
          patroni(t, 0, "INFO", "Lock owner: orders-db-1; I am orders-db-0", "pattern");
          patroni(t + 3, 0, "INFO", "starting as a secondary", "pattern");
          patroni(t + 2100, 0, "INFO", "failed to start postgres", "error");
        }
        continue;
      }
      if (leader === -1) {
        patroni(t, m, "INFO", `no action. I am (orders-db-${m}), a secondary, and following a leader (orders-db-0)`);
        continue;
      }
      if (leader === m) patroni(t, m, "INFO", `no action. I am (orders-db-${m}), the leader with the lock`);
      else patroni(t, m, "INFO", `no action. I am (orders-db-${m}), a secondary, and following a leader (orders-db-${leader})`);
    }
  }

  // --- the crash on orders-db-0 -------------------------------------------------------------------
  const wal = `0000000400000004000000${rng.pick(["58", "59", "5A"])}`;
  const bpid = rng.int(20000, 40000);
  pg(onset, 0, "PANIC", `could not fdatasync file "pg_wal/${wal}": Input/output error`, { pid: bpid, backend_type: "walwriter" }, "error");
  pg(onset + 60, 0, "LOG", `WAL writer process (PID ${bpid}) was terminated by signal 6: Aborted`, {}, "error");
  pg(onset + 61, 0, "LOG", "terminating any other active server processes", {}, "error");
  pg(onset + 320, 0, "LOG", "all server processes terminated; reinitializing", {}, "error");
  pg(
    onset + 410,
    0,
    "LOG",
    `database system was interrupted; last known up at ${pgTime(onset - rng.int(60, 280) * SECOND).replace(/\.\d+ UTC/, " UTC")}`,
    { pid: bpid + 7, backend_type: "startup" },
    "error",
  );
  pg(onset + 415, 0, "LOG", "database system was not properly shut down; automatic recovery in progress", { pid: bpid + 7, backend_type: "startup" }, "error");
  pg(onset + 430, 0, "LOG", "redo starts at 4/58000028", { pid: bpid + 7, backend_type: "startup" }, "pattern");
  for (let i = 0; i < rng.int(6, 11); i++) {
    const t = onset + 500 + i * rng.int(200, 400);
    pg(
      t,
      0,
      "FATAL",
      "the database system is in recovery mode",
      {
        pid: bpid + 20 + i,
        backend_type: "client backend",
        user_name: "orders_app",
        dbname: "orders",
        remote_host: `10.244.${rng.int(1, 9)}.${rng.int(2, 250)}`,
      },
      "error",
    );
  }
  pg(onset + 3900, 0, "PANIC", `could not fdatasync file "pg_wal/${wal}": Input/output error`, { pid: bpid + 7, backend_type: "startup" }, "error");
  pg(onset + 3960, 0, "LOG", `startup process (PID ${bpid + 7}) was terminated by signal 6: Aborted`, {}, "error");
  pg(onset + 3961, 0, "LOG", "aborting startup due to startup process failure", {}, "error");
  pg(onset + 3990, 0, "LOG", "database system is shut down", {}, "error");

  // Replicas lose the WAL stream and retry until the promotion.
  for (const m of [1, 2]) {
    pg(
      onset + rng.int(80, 200),
      m,
      "FATAL",
      "could not receive data from WAL stream: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.",
      { backend_type: "walreceiver" },
      "error",
    );
    for (let t = onset + 5 * SECOND + rng.int(0, 900); t < promoted + (m === 2 ? 4 * SECOND : 0); t += 5 * SECOND) {
      pg(
        t,
        m,
        "FATAL",
        `could not connect to the primary server: connection to server at "${memberIp[0]}", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`,
        { backend_type: "walreceiver" },
        "error",
      );
    }
  }

  // The election.
  const status = (m: number, state: string, role: string) =>
    JSON.stringify({
      state,
      postmaster_start_time: `${pgTime(start - rng.int(3, 40) * 86_400_000).replace(" UTC", "+00:00")}`,
      role,
      server_version: 160004,
      xlog: {
        received_location: 19763339424 + rng.int(0, 4000),
        replayed_location: 19763339424,
        replayed_timestamp: isoOffset(onset - 900).replace("T", " "),
        paused: false,
      },
      timeline: 4,
      cluster_unlocked: true,
      dcs_last_seen: Math.floor(promoted / 1000) - 1,
      database_system_identifier: "7291846530122456108",
      patroni: { version: "3.3.2", scope: "orders-db", name: `orders-db-${m}` },
    });
  const te = promoted - rng.int(400, 900);
  patroni(te, 1, "INFO", `Got response from orders-db-2 http://${memberIp[2]}:8008/patroni: ${status(2, "running", "replica")}`, "pattern");
  patroni(
    te + 40,
    1,
    "INFO",
    `Got response from orders-db-0 http://${memberIp[0]}:8008/patroni: ${JSON.stringify({ state: "stopped", role: "uninitialized", cluster_unlocked: true, dcs_last_seen: Math.floor(promoted / 1000) - 1, database_system_identifier: "7291846530122456108", patroni: { version: "3.3.2", scope: "orders-db", name: "orders-db-0" } })}`,
    "pattern",
  );
  patroni(te + 120, 2, "INFO", `Got response from orders-db-1 http://${memberIp[1]}:8008/patroni: ${status(1, "running", "replica")}`, "pattern");
  patroni(te + 180, 2, "INFO", "Could not take out TTL lock", "pattern");
  patroni(promoted - rng.int(1500, 3000), 0, "INFO", "Demoting self (immediate-nolock)", "pattern");
  patroni(promoted - 1200, 0, "INFO", "Leader key released", "pattern");
  patroni(promoted, 1, "INFO", "promoted self to leader by acquiring session lock", "pattern");
  pg(promoted + 120, 1, "LOG", "received promote request", {}, "pattern");
  pg(
    promoted + 125,
    1,
    "LOG",
    "redo done at 4/5A0000A0 system usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s",
    { backend_type: "startup" },
    "pattern",
  );
  pg(promoted + 131, 1, "LOG", "selected new timeline ID: 5", { backend_type: "startup" }, "pattern");
  pg(promoted + 190, 1, "LOG", "archive recovery complete", { backend_type: "startup" }, "pattern");
  pg(promoted + 260, 1, "LOG", "checkpoint starting: force", { backend_type: "checkpointer" }, "pattern");
  pg(promoted + 270, 1, "LOG", "database system is ready to accept connections", {}, "pattern");
  patroni(promoted + 1400, 1, "INFO", "cleared rewind state after becoming the leader", "pattern");
  patroni(promoted + 4100, 2, "INFO", "Lock owner: orders-db-1; I am orders-db-2", "pattern");
  patroni(promoted + 4110, 2, "INFO", "Local timeline=4 lsn=4/5A0000A0", "pattern");
  patroni(promoted + 4160, 2, "INFO", "master_timeline=5", "pattern");
  pg(promoted + 5200, 2, "LOG", "new target timeline is 5", { backend_type: "startup" }, "pattern");
  pg(promoted + 5300, 2, "LOG", "started streaming WAL from primary at 4/5A000000 on timeline 5", { backend_type: "walreceiver" }, "pattern");

  // On-call deletes the broken pod; it comes back as a replica.
  tl.add(
    podDeleted,
    kubeEvent(podDeleted, {
      ns: "orders",
      kind: "Pod",
      name: "orders-db-0",
      reason: "Killing",
      message: "Stopping container postgres",
      type: "Normal",
      component: "kubelet",
      host: node(0),
      uid: rng.uuid(),
    }),
  );
  const boot = podDeleted + rng.int(40, 70) * SECOND;
  tl.add(
    boot - 9000,
    kubeEvent(boot - 9000, {
      ns: "orders",
      kind: "Pod",
      name: "orders-db-0",
      reason: "Scheduled",
      message: `Successfully assigned orders/orders-db-0 to ${node(0).replace("5-11", "5-93")}`,
      type: "Normal",
      component: "default-scheduler",
      uid: rng.uuid(),
    }),
  );
  patroni(boot, 0, "INFO", "Selected new K8s API server endpoint https://172.20.0.1:443");
  patroni(boot + 900, 0, "INFO", "No PostgreSQL configuration items changed, nothing to reload.");
  patroni(boot + 1500, 0, "INFO", "trying to bootstrap from leader 'orders-db-1'");
  patroni(rebuilt - 3000, 0, "INFO", "replica has been created using basebackup");
  patroni(rebuilt - 2900, 0, "INFO", "bootstrapped from leader 'orders-db-1'");
  pg(rebuilt - 1200, 0, "LOG", "database system is ready to accept read-only connections", {});
  pg(rebuilt - 900, 0, "LOG", "started streaming WAL from primary at 4/7C000000 on timeline 5", { backend_type: "walreceiver" });

  // --- routine PostgreSQL lines ------------------------------------------------------------------
  const leaderNow = (t: number) => (t < onset ? 0 : t >= promoted ? 1 : -1);
  for (const t of rng.ticks(start, end, 5 * MINUTE, 2 * SECOND)) {
    const l = leaderNow(t);
    if (l >= 0) {
      pg(t, l, "LOG", "checkpoint starting: time", { backend_type: "checkpointer" });
      const w = rng.int(900, 4200);
      pg(
        t + 269_900,
        l,
        "LOG",
        `checkpoint complete: wrote ${w} buffers (${(w / 1310.72).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 4)} recycled; write=269.${rng.int(100, 999)} s, sync=0.0${rng.int(10, 99)} s, total=269.9${rng.int(10, 99)} s; sync files=${rng.int(60, 140)}, longest=0.00${rng.int(2, 9)} s, average=0.001 s; distance=${rng.int(20000, 60000)} kB, estimate=${rng.int(40000, 60000)} kB; lsn=4/${rng.hex(8).toUpperCase()}, redo lsn=4/${rng.hex(8).toUpperCase()}`,
        { backend_type: "checkpointer" },
      );
    }
    const r = l === 0 ? 1 : 2;
    if (!(r === 1 && t >= onset && t < promoted + 60_000))
      pg(t + rng.int(1000, 9000), r, "LOG", "restartpoint starting: time", { backend_type: "checkpointer" });
  }
  for (const t of rng.times(start, end, rng.int(50, 80))) {
    const l = leaderNow(t);
    if (l < 0) continue;
    const kind = rng.int(0, 3);
    const client = {
      pid: rng.int(20000, 40000),
      backend_type: "client backend",
      user_name: "orders_app",
      dbname: "orders",
      remote_host: `10.244.${rng.int(1, 9)}.${rng.int(2, 250)}`,
    };
    if (kind === 0)
      pg(
        t,
        l,
        "LOG",
        `duration: ${rng.float(520, 2400).toFixed(3)} ms  statement: SELECT date_trunc('hour', created_at) AS h, status, count(*) FROM orders WHERE created_at > now() - interval '7 days' GROUP BY 1, 2`,
        { ...client, user_name: "metabase" },
      );
    else if (kind === 1) {
      pg(t, l, "ERROR", 'duplicate key value violates unique constraint "idempotency_keys_pkey"', client);
      pg(t + 1, l, "DETAIL", `Key (key)=(${rng.uuid()}) already exists.`, client);
    } else if (kind === 2) pg(t, l, "LOG", "could not receive data from client: Connection reset by peer", client);
    else
      pg(
        t,
        l,
        "LOG",
        `automatic vacuum of table "orders.public.${rng.pick(["order_events", "outbox", "idempotency_keys"])}": index scans: 1\npages: 0 removed, ${rng.int(2000, 9000)} remain, ${rng.int(100, 900)} scanned (${rng.float(1, 20).toFixed(2)}% of total)\ntuples: ${rng.int(1000, 20000)} removed, ${rng.int(100000, 900000)} remain, 0 are dead but not yet removable`,
        { backend_type: "autovacuum worker" },
      );
  }

  // --- orders-api ------------------------------------------------------------------------------------
  const appHash = rng.kube(10);
  const app = [0, 1, 2].map((i) => ({
    base: { app: "orders-api", host: podName(rng, "orders-api", appHash) } as JavaBase,
    node: node(i).replace("0-5", "0-6"),
  }));
  const dbDown = (t: number) => t >= onset && t < endpointFlip;
  const thread = () => `http-nio-8080-exec-${rng.int(1, 40)}`;
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(1600, 1800),
    insts: ["-"],
    ips: ["10.244.2.31", "10.244.4.17", "10.244.6.90", "10.244.1.201"],
    uas: ["Larkspur-Checkout/2.8", "okhttp/4.12.0"],
    routes: [
      { method: "GET", route: "get", path: (r) => `/api/orders/${r.int(4000000, 4999999)}`, weight: 40, med: 12, sigma: 0.4, statuses: [[404, 0.02]] },
      {
        method: "POST",
        route: "create",
        path: () => "/api/orders",
        weight: 15,
        med: 48,
        sigma: 0.35,
        statuses: [
          [422, 0.03],
          [409, 0.01],
        ],
      },
      { method: "PATCH", route: "status", path: (r) => `/api/orders/${r.int(4000000, 4999999)}/status`, weight: 12, med: 25, sigma: 0.35 },
      {
        method: "GET",
        route: "list",
        path: (r) => `/api/customers/${r.int(100000, 999999)}/orders?page=${r.int(0, 3)}`,
        weight: 18,
        med: 30,
        sigma: 0.45,
        statuses: [[401, 0.01]],
      },
    ],
  });
  const justCrashed = (t: number) => t >= onset && t < onset + 400;
  for (const q of reqs) {
    const a = rng.pick(app);
    const mdc: Entry = { traceId: rng.hex(32), spanId: rng.hex(16), method: q.method, uri: q.path };
    if (dbDown(q.t) && q.status < 400) {
      q.status = 503;
      q.label = "error";
      let stack: string;
      let msg: string;
      if (justCrashed(q.t)) {
        tl.add(
          q.t - 3,
          logback(
            q.t - 3,
            a.base,
            "warn",
            "com.zaxxer.hikari.pool.ProxyConnection",
            thread(),
            `HikariPool-1 - Connection org.postgresql.jdbc.PgConnection@${rng.hex(8)} marked as broken because of SQLSTATE(57P02), ErrorCode(0)`,
            {},
            javaStack(
              "org.postgresql.util.PSQLException: FATAL: terminating connection because of crash of another server process\n  Detail: The postmaster has commanded this server process to roll back the current transaction and exit, because another server process exited abnormally and possibly corrupted shared memory.\n  Hint: In a moment you should be able to reconnect to the database and repeat your command.",
              PSQL_FRAMES,
            ),
          ),
          "error",
        );
        msg = "Request processing failed: org.springframework.dao.DataAccessResourceFailureException: could not execute statement";
        stack = javaStack(
          "org.springframework.dao.DataAccessResourceFailureException: could not execute statement",
          ["org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:256)", ...PSQL_FRAMES.slice(7)],
          [
            {
              head: "org.postgresql.util.PSQLException: FATAL: terminating connection because of crash of another server process",
              frames: PSQL_FRAMES.slice(0, 5),
              more: 38,
            },
          ],
        );
      } else if (q.t < onset + 4000) {
        msg = "Request processing failed: org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction";
        stack = javaStack(
          "org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction",
          ["org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)"],
          [
            {
              head: "org.postgresql.util.PSQLException: FATAL: the database system is in recovery mode",
              frames: [
                "org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)",
                "org.postgresql.core.v3.ConnectionFactoryImpl.tryConnect(ConnectionFactoryImpl.java:203)",
                "com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:477)",
              ],
              more: 61,
            },
          ],
        );
      } else {
        msg = "Request processing failed: org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction";
        stack = javaStack(
          "org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction",
          ["org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)"],
          [
            {
              head: "org.postgresql.util.PSQLException: Connection to orders-db-rw.orders.svc:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
              frames: [
                "org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:352)",
                "org.postgresql.core.ConnectionFactory.openConnection(ConnectionFactory.java:54)",
                "com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:477)",
              ],
              more: 61,
            },
            {
              head: "java.net.ConnectException: Connection refused",
              frames: ["java.base/sun.nio.ch.Net.pollConnect(Native Method)", "java.base/java.net.Socket.connect(Socket.java:751)"],
              more: 14,
            },
          ],
        );
      }
      q.ms = rng.logNormal(justCrashed(q.t) ? 30 : 8, 0.4);
      tl.add(
        q.t - 1,
        logback(
          q.t - 1,
          a.base,
          "error",
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          thread(),
          `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [${msg}] with root cause`,
          mdc,
          stack,
        ),
        "error",
      );
    }
    if (q.status === 422)
      tl.add(
        q.t - 1,
        logback(
          q.t - 1,
          a.base,
          "warn",
          "org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver",
          thread(),
          "Resolved [org.springframework.web.bind.MethodArgumentNotValidException: Validation failed for argument [0] in public org.springframework.http.ResponseEntity<com.larkspur.orders.api.OrderDto> com.larkspur.orders.api.OrderController.create(com.larkspur.orders.api.CreateOrderRequest): [Field error in object 'createOrderRequest' on field 'items': rejected value [[]]; default message [must not be empty]] ]",
          mdc,
        ),
      );
    tl.add(
      q.t,
      logback(
        q.t,
        a.base,
        q.status >= 500 ? "error" : "info",
        "com.larkspur.orders.web.AccessLog",
        thread(),
        `${q.method} ${q.path} -> ${q.status} (${Math.round(q.ms)} ms)`,
        { ...mdc, status: q.status, duration_ms: Math.round(q.ms), client: q.ip },
      ),
      q.label,
    );
  }
  // The outbox relay polls every 15 s on one pod.
  for (const t of rng.ticks(start, end, 15 * SECOND, 800)) {
    const a = app[0]!;
    if (dbDown(t))
      tl.add(
        t,
        logback(
          t,
          a.base,
          "error",
          "com.larkspur.orders.outbox.OutboxRelay",
          "scheduling-1",
          "Outbox poll failed, will retry on next tick",
          {},
          javaStack("org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection", [
            "org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)",
            "com.larkspur.orders.outbox.OutboxRelay.poll(OutboxRelay.java:52)",
          ]),
        ),
        "error",
      );
    else if (rng.chance(0.35))
      tl.add(
        t,
        logback(t, a.base, "info", "com.larkspur.orders.outbox.OutboxRelay", "scheduling-1", `Published ${rng.int(1, 40)} outbox events to orders.events`),
      );
  }
  // Background: Hikari's validation warning, GC pauses.
  for (const t of rng.times(start, end, rng.int(3, 6))) {
    const a = rng.pick(app);
    tl.add(
      t,
      logback(
        t,
        a.base,
        "warn",
        "com.zaxxer.hikari.pool.PoolBase",
        "http-nio-8080-exec-3",
        `HikariPool-1 - Failed to validate connection org.postgresql.jdbc.PgConnection@${rng.hex(8)} (This connection has been closed.). Possibly consider using a shorter maxLifetime value.`,
      ),
    );
  }
  for (const a of app) {
    const ref: PodRef = {
      pod: a.base.host,
      ns: "orders",
      container: "orders-api",
      node: a.node,
      app: "orders-api",
      image: "ghcr.io/larkspur/orders-api:7.2.0",
    };
    let gc = rng.int(1000, 5000);
    for (const t of rng.ticks(start, end, 45 * SECOND, 20 * SECOND)) {
      gc += 1;
      tl.add(
        t,
        k8sLine(
          t,
          ref,
          "stdout",
          `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Young (Normal) (G1 Evacuation Pause) ${rng.int(600, 760)}M->${rng.int(140, 220)}M(1024M) ${rng.float(2.5, 11).toFixed(3)}ms`,
        ),
      );
    }
  }
  return tl.scenario(NAME, "The orders database primary crashes on an I/O error; clients see resets and refused connections until Patroni promotes a replica.");
}
