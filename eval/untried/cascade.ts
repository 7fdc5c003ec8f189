// A schema migration takes a lock in the ledger database; the ledger service, the payments API
// and the checkout gateway in front of it slow down and fail in turn.

import type { Scenario } from "../blind/types.js";
import { type Label, k8s, logstash, MIN, nginxLine, pgjson, pino, pod, rng, Timeline, times, UAS, uuid, weighted, windowStart } from "./kit.js";

export function ledgerLockCascade(seed: number): Scenario {
  const name = "ledger-lock-cascade";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 150 * MIN;
  const onset = t0 + Math.round((0.5 + r.next() * 0.15) * 150 * MIN);
  const tl = new Timeline();
  const ledger = pod(r, "ledger-svc", "payments");
  const pay = pod(r, "payments-api", "payments");
  const gw = pod(r, "checkout-gw", "edge");
  const db = (t: number, sev: "LOG" | "WARNING" | "ERROR" | "FATAL", msg: string, f: Record<string, unknown> = {}, pid = r.int(3000, 9000)) => ({
    ...pgjson(t, pid, sev, msg, f),
    app: "ledger-db",
  });
  const hikariStack =
    "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n\tat com.acme.ledger.PostingService.post(PostingService.java:92)";
  const deadlockStack =
    "org.springframework.dao.CannotAcquireLockException: could not execute statement; SQL [n/a]\nCaused by: org.postgresql.util.PSQLException: ERROR: deadlock detected\n  Detail: Process 5121 waits for ShareLock on transaction 88123411; blocked by process 5177.\n\tat com.acme.ledger.PostingService.post(PostingService.java:97)";

  // The migration that starts it.
  tl.add(
    onset,
    db(
      onset,
      "LOG",
      "statement: ALTER TABLE postings ADD COLUMN reconciled_at timestamptz NOT NULL DEFAULT now()",
      { application_name: "flyway", user: "migrator", command_tag: "ALTER TABLE" },
      4111,
    ),
    "pattern",
  );

  // Requests through gateway -> payments -> ledger.
  const nReq = r.int(1050, 1250);
  for (const t of times(r, nReq, t0, t1)) {
    const since = (t - onset) / (t1 - onset);
    const hit = t > onset + 20_000 && r.chance(0.25 + 0.5 * Math.min(1, since * 1.5));
    const order = uuid(r);
    const thread = `http-nio-8080-exec-${r.int(1, 64)}`;
    const ip = r.ip("10.4.");
    let ledgerMs = r.logn(14, 0.35);
    let outcome: "ok" | "slow" | "timeout" | "deadlock" = "ok";
    if (hit)
      outcome = weighted(r, [
        [5, "slow"],
        [3, "timeout"],
        [1, "deadlock"],
      ] as const);
    if (outcome === "slow") ledgerMs = 2000 + r.next() * 7000;
    if (outcome === "timeout") ledgerMs = 30000 + r.int(0, 40);
    if (outcome === "deadlock") ledgerMs = 1000 + r.int(0, 300);
    const payMs = ledgerMs + r.logn(35, 0.3);
    const gwS = (payMs + r.logn(8, 0.3)) / 1000;
    const lbl: Label = outcome === "ok" ? null : outcome === "deadlock" ? "error" : "performance";
    const tl2 = t + ledgerMs;
    if (outcome === "timeout")
      tl.add(
        tl2,
        logstash(
          ledger,
          tl2,
          "error",
          "com.zaxxer.hikari.pool.HikariPool",
          thread,
          "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
          { orderId: order },
          hikariStack,
        ),
        lbl,
      );
    else if (outcome === "deadlock")
      tl.add(
        tl2,
        logstash(ledger, tl2, "error", "com.acme.ledger.PostingService", thread, "Failed to post journal entry", { orderId: order }, deadlockStack),
        lbl,
      );
    else
      tl.add(
        tl2,
        logstash(ledger, tl2, "info", "com.acme.ledger.PostingService", thread, "Posted journal entry", {
          orderId: order,
          legs: 2,
          duration_ms: Math.round(ledgerMs),
        }),
        lbl,
      );
    const tp = t + payMs;
    const status = outcome === "timeout" ? 504 : outcome === "deadlock" ? 500 : 201;
    tl.add(
      tp,
      pino(pay, tp, status >= 500 ? "error" : "info", status >= 500 ? "request errored" : "request completed", {
        req: { id: order, method: "POST", url: "/v1/charges", remoteAddress: ip },
        res: { statusCode: status },
        responseTime: Math.round(payMs),
        ...(status === 504
          ? { err: { type: "TimeoutError", message: "ledger-svc did not answer within 30000 ms" } }
          : status === 500
            ? { err: { type: "LedgerError", message: "ledger rejected posting: lock conflict" } }
            : {}),
      }),
      lbl,
    );
    const tg = t + gwS * 1000;
    tl.add(
      tg,
      k8s(gw, tg, nginxLine(tg, r.ip("81."), "POST", "/checkout/confirm", status, status >= 500 ? 162 : r.int(400, 900), r.pick(UAS), gwS, gwS - 0.004)),
      lbl,
    );
  }

  // The database: lock waits and slow statements after the migration; connections and checkpoints throughout.
  for (const t of times(r, r.int(35, 50), onset + 1000, t1)) {
    const waiter = r.int(5000, 9000);
    tl.add(
      t,
      db(
        t,
        "LOG",
        `process ${waiter} still waiting for RowExclusiveLock on relation 16402 of database 16384 after ${(1000 + r.next() * 40).toFixed(3)} ms`,
        {
          detail: `Process holding the lock: 4111. Wait queue: ${waiter}, ${waiter + 7}.`,
          query: "INSERT INTO postings (entry_id, account_id, amount) VALUES ($1, $2, $3)",
        },
        waiter,
      ),
      "performance",
    );
  }
  for (const t of times(r, r.int(30, 45), onset + 1000, t1)) {
    tl.add(
      t,
      db(
        t,
        "LOG",
        `duration: ${(2000 + r.next() * 9000).toFixed(3)} ms  execute <unnamed>: INSERT INTO postings (entry_id, account_id, amount) VALUES ($1, $2, $3)`,
        { command_tag: "INSERT" },
      ),
      "performance",
    );
  }
  for (const t of times(r, r.int(5, 9), onset + 60_000, t1)) {
    tl.add(
      t,
      db(t, "ERROR", "deadlock detected", {
        state_code: "40P01",
        detail: "Process 5121 waits for ShareLock on transaction 88123411; blocked by process 5177.",
        hint: "See server log for query details.",
      }),
      "error",
    );
  }
  for (const t of times(r, Math.max(0, r.int(2900, 3300) - tl.size), t0, t1)) {
    const pid = r.int(3000, 9000);
    tl.add(
      t,
      weighted(r, [
        [40, () => db(t, "LOG", `connection received: host=10.0.7.41 port=${r.int(30000, 60000)}`, {}, pid)],
        [
          40,
          () =>
            db(
              t,
              "LOG",
              "connection authorized: user=ledger database=ledger application_name=ledger-svc SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)",
              {},
              pid,
            ),
        ],
        [
          30,
          () =>
            db(
              t,
              "LOG",
              `disconnection: session time: 0:0${r.int(0, 9)}:${String(r.int(10, 59))}.${r.int(100, 999)} user=ledger database=ledger host=10.0.7.41 port=${r.int(30000, 60000)}`,
              {},
              pid,
            ),
        ],
        [3, () => db(t, "LOG", `automatic vacuum of table "ledger.public.idempotency_keys": index scans: 1`, { backend_type: "autovacuum worker" }, pid)],
        [
          2,
          () =>
            db(
              t,
              "LOG",
              `checkpoint complete: wrote ${r.int(300, 4000)} buffers (${(r.next() * 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 2 recycled; write=${(r.next() * 200).toFixed(3)} s, sync=0.00${r.int(1, 9)} s, total=${(200 + r.next() * 30).toFixed(3)} s`,
              { backend_type: "checkpointer" },
              58,
            ),
        ],
      ] as const)(),
    );
  }
  return tl.scenario(
    name,
    "A migration's lock in the ledger database slows and then times out the ledger service, the payments API and the checkout gateway, in that order",
  );
}
