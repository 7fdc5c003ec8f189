/**
 * settlement-resend-duplicates: settlement-batch (.NET, Serilog) posts the lines of each bank
 * statement file as it arrives; partway in the bank re-sends yesterday's file under a new name
 * and every one of its lines fails with the same unique-constraint violation (23505), logged at
 * Error with the Npgsql exception, and PostgreSQL logs each rejected INSERT; the file's summary
 * reports them failed. Other files keep posting normally. Twice a deadlock aborts a posting, and
 * for a while reconciliation-api's report queries take seconds.
 */
import { clef, pgjson, pino } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "settlement-resend-duplicates";

export function settlementResendDuplicates(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-02", 5);
  const end = start + 3 * HOUR + rng.int(0, 20) * MINUTE;
  const tl = new Timeline(start, end);

  const sb = { application: "settlement-batch", machine: rng.pod("settlement-batch") };
  const pgPod = { pod: "ledger-pg-0", namespace: "finance", container: "postgres", app: "ledger-pg", host: "ip-10-50-3-11" };
  const banks = ["NORDEA", "DNB", "SEB", "DANSKE", "ING"];
  const resendAt = tl.at(rng.float(0.55, 0.72));
  const npgsql = (ref: string): string =>
    [
      `Npgsql.PostgresException (0x80004005): 23505: duplicate key value violates unique constraint "uq_settlement_line_bank_ref"`,
      "",
      `DETAIL: Key (bank_ref)=(${ref}) already exists.`,
      "   at Npgsql.Internal.NpgsqlConnector.ReadMessageLong(Boolean async, DataRowLoadingMode dataRowLoadingMode, Boolean readingNotifications, Boolean isReadingPrependedMessage)",
      "   at Npgsql.NpgsqlDataReader.NextResult(Boolean async, Boolean isConsuming, CancellationToken cancellationToken)",
      "   at Npgsql.NpgsqlCommand.ExecuteReader(Boolean async, CommandBehavior behavior, CancellationToken cancellationToken)",
      "   at Dapper.SqlMapper.ExecuteImplAsync(IDbConnection cnn, CommandDefinition command, Object param)",
      "   at Settlement.Batch.Posting.LinePoster.PostAsync(StatementLine line, CancellationToken ct) in /src/Settlement.Batch/Posting/LinePoster.cs:line 74",
      "   at Settlement.Batch.Posting.FileProcessor.ProcessAsync(StatementFile file, CancellationToken ct) in /src/Settlement.Batch/Posting/FileProcessor.cs:line 52",
      "  Exception data:",
      "    Severity: ERROR",
      "    SqlState: 23505",
      "    ConstraintName: uq_settlement_line_bank_ref",
    ].join("\n");

  // ── statement files: one every 9-14 minutes; the resent one fails line by line ────────────
  const fileTimes = ticks(rng, start, end - 5 * MINUTE, rng.int(9, 14) * MINUTE, 2 * MINUTE);
  const resend = fileTimes.findIndex((t) => t >= resendAt);
  // Two other files each lose one posting to a deadlock (file index -> line index).
  const deadlocks = new Map<number, number>([
    [rng.int(1, Math.max(1, resend - 2)), rng.int(5, 35)],
    [Math.min(fileTimes.length - 1, resend + rng.int(1, 3)), rng.int(5, 35)],
  ]);
  for (const [i, t0] of fileTimes.entries()) {
    const bank = rng.pick(banks);
    const isResend = i === resend;
    const lines = isResend ? rng.int(70, 160) : rng.int(40, 110);
    const file = isResend
      ? `${bank}_STMT_${new Date(t0 - 86400000).toISOString().slice(0, 10).replace(/-/g, "")}_R1.xml`
      : `${bank}_STMT_${new Date(t0).toISOString().slice(0, 16).replace(/[-:T]/g, "")}.xml`;
    tl.add(
      t0,
      clef(t0, sb, "Information", "Settlement.Batch.Posting.FileProcessor", "Processing statement file {FileName} with {LineCount} lines", {
        FileName: file,
        LineCount: lines,
      }),
    );
    let t = t0 + rng.int(200, 900);
    let failed = 0;
    for (let n = 0; n < lines; n++) {
      const ref = `${bank.slice(0, 2)}${rng.int(10000000, 99999999)}`;
      const amount = Number(rng.logNormal(420, 1.1).toFixed(2));
      const pid = rng.int(30000, 33000);
      if (isResend) {
        const took = rng.logNormal(6, 0.3);
        t += Math.round(took) + rng.int(1, 6);
        tl.add(
          t,
          pgjson(t, pgPod, pid, "ERROR", `duplicate key value violates unique constraint "uq_settlement_line_bank_ref"`, {
            user: "settlement",
            dbname: "ledger",
            state_code: "23505",
            detail: `Key (bank_ref)=(${ref}) already exists.`,
            statement: "INSERT INTO settlement_line (bank_ref, amount, currency, value_date, account_id) VALUES ($1, $2, $3, $4, $5)",
            application_name: "settlement-batch",
          }),
          "error",
        );
        t += rng.int(1, 4);
        tl.add(
          t,
          clef(
            t,
            sb,
            "Error",
            "Settlement.Batch.Posting.LinePoster",
            "Failed to post settlement line {BankRef} from {FileName}",
            { BankRef: ref, FileName: file },
            npgsql(ref),
          ),
          "error",
        );
        failed += 1;
        continue;
      }
      const took = rng.logNormal(9, 0.35);
      t += Math.round(took) + rng.int(200, 1800);
      if (!isResend && deadlocks.get(i) === n) {
        tl.add(
          t,
          pgjson(t, pgPod, pid, "ERROR", "deadlock detected", {
            user: "settlement",
            dbname: "ledger",
            state_code: "40P01",
            detail: `Process ${pid} waits for ShareLock on transaction ${rng.int(9000000, 9999999)}; blocked by process ${rng.int(30000, 33000)}.`,
            statement: "UPDATE account_balance SET balance = balance + $1 WHERE account_id = $2",
            application_name: "settlement-batch",
          }),
          "error",
        );
        tl.add(
          t + 3,
          clef(t + 3, sb, "Warning", "Settlement.Batch.Posting.LinePoster", "Deadlock posting settlement line {BankRef}, retrying once", { BankRef: ref }),
          "error",
        );
        t += rng.int(100, 400);
      }
      tl.add(
        t,
        clef(t, sb, "Information", "Settlement.Batch.Posting.LinePoster", "Posted settlement line {BankRef} for {Amount} {Currency} in {Elapsed:0.0} ms", {
          BankRef: ref,
          Amount: amount,
          Currency: rng.pick(["EUR", "SEK", "NOK", "DKK"]),
          Elapsed: Number(took.toFixed(3)),
        }),
      );
    }
    t += rng.int(100, 600);
    tl.add(
      t,
      clef(
        t,
        sb,
        isResend ? "Warning" : "Information",
        "Settlement.Batch.Posting.FileProcessor",
        "Statement file {FileName} done: {Posted} posted, {Failed} failed",
        {
          FileName: file,
          Posted: lines - failed,
          Failed: failed,
        },
      ),
      isResend ? "error" : null,
    );
  }

  // ── PostgreSQL: checkpoints; statements over log_min_duration_statement (500 ms) ──────────
  for (const t of ticks(rng, start, end, 5 * MINUTE, 2 * SECOND)) {
    tl.add(t, pgjson(t, pgPod, 88, "LOG", "checkpoint starting: time"));
    const w = rng.int(300, 5000);
    const took = rng.float(25, 80);
    tl.add(
      t + Math.round(took * 1000),
      pgjson(
        t + Math.round(took * 1000),
        pgPod,
        88,
        "LOG",
        `checkpoint complete: wrote ${w} buffers (${((w / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${took.toFixed(3)} s, sync=0.004 s, total=${(took + 0.05).toFixed(3)} s`,
      ),
    );
  }

  // ── reconciliation-api (Node): lookups and reports; reports slow for a while ─────────────
  const rc = [0, 1].map(() => ({ name: "reconciliation-api", hostname: rng.pod("reconciliation-api"), pid: 1 }));
  const slowFrom = tl.at(rng.float(0.2, 0.45));
  const slowTo = slowFrom + rng.int(10, 18) * MINUTE;
  for (const t of arrivals(rng, start, end, 6.5, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const report = rng.chance(0.12);
    const slow = report && t >= slowFrom && t < slowTo;
    const took = slow ? rng.logNormal(9000, 0.3) : report ? rng.logNormal(320, 0.3) : rng.logNormal(25, 0.4);
    const label: AnomalyType | null = slow ? "performance" : null;
    const d = t + Math.round(took);
    const acct = rng.int(100000, 999999);
    if (report && took > 500) {
      tl.add(
        d - 2,
        pgjson(
          d - 2,
          pgPod,
          rng.int(30000, 33000),
          "LOG",
          `duration: ${took.toFixed(3)} ms  execute <unnamed>: SELECT l.* FROM settlement_line l JOIN account a ON a.id = l.account_id WHERE a.id = $1 AND l.value_date >= $2 ORDER BY l.value_date`,
          {
            user: "reconciliation",
            dbname: "ledger",
            application_name: "reconciliation-api",
          },
        ),
        label,
      );
    }
    tl.add(
      d,
      pino(d, rng.pick(rc), "info", report ? "reconciliation report served" : "balance lookup served", {
        accountId: acct,
        route: report ? "/v1/accounts/:id/reconciliation" : "/v1/accounts/:id/balance",
        statusCode: 200,
        responseTime: Math.round(took),
      }),
      label,
    );
  }

  return tl.build(
    NAME,
    "the bank re-sends yesterday's statement file and settlement-batch fails every one of its lines with the same unique-constraint violation, PostgreSQL rejecting each INSERT; two deadlocks and a spell of slow reconciliation reports",
  );
}
