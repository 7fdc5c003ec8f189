import {
  whole,
  baseTime,
  between,
  chance,
  HOUR,
  hex,
  int,
  iso,
  type Label,
  MIN,
  nginxTime,
  pick,
  poisson,
  pyTime,
  round,
  rngFor,
  SEC,
  Sink,
  uuid,
} from "./lib.js";
import type { Scenario } from "./types.js";

interface Job {
  job: string;
  every: number; // minutes
  first: number; // fraction of the window
  writes: boolean;
  lines: ((n: number) => string)[];
}

const JOBHUB: Job[] = [
  {
    job: "sync_carrier_rates",
    every: 60,
    first: 0,
    writes: true,
    lines: [(n) => `pulled ${n % 5} carrier rate cards over SFTP`, (n) => `rate card diff applied to ${n} lanes`],
  },
  { job: "expire_guest_carts", every: 30, first: 0.01, writes: true, lines: [(n) => `swept ${n} guest carts idle for more than 72h`] },
  {
    job: "rebuild_search_synonyms",
    every: 120,
    first: 0.03,
    writes: false,
    lines: [() => "synonym graph rebuilt from merchandising sheet", () => "synonyms pushed to alias products_live"],
  },
  {
    job: "reconcile_vendor_invoices",
    every: 120,
    first: 0.1,
    writes: true,
    lines: [(n) => `matched ${n} vendor invoices against purchase orders`, (n) => `${n % 7} invoices parked for manual review`],
  },
  {
    job: "export_loyalty_ledger",
    every: 180,
    first: 0.17,
    writes: false,
    lines: [(n) => `loyalty ledger slice written to s3://exports/loyalty/part-${n}.parquet`],
  },
  {
    job: "warm_recommendation_cache",
    every: 60,
    first: 0.23,
    writes: false,
    lines: [(n) => `precomputed carousels for ${n} active customers`, () => "carousel cache generation swapped"],
  },
  {
    job: "compute_store_footfall",
    every: 120,
    first: 0.3,
    writes: true,
    lines: [(n) => `footfall counters folded for ${n % 90} stores`, () => "hourly footfall table upserted"],
  },
  {
    job: "settle_marketplace_payouts",
    every: 60,
    first: 0.36,
    writes: true,
    lines: [(n) => `payout batch assembled for ${n % 300} sellers`, () => "payout ledger entries booked"],
  },
  {
    job: "refresh_currency_rates",
    every: 60,
    first: 0.42,
    writes: true,
    lines: [() => "ECB reference rates fetched", (n) => `stored ${n % 40} currency pairs`],
  },
  { job: "purge_soft_deleted_reviews", every: 180, first: 0.48, writes: true, lines: [(n) => `hard-deleted ${n} reviews past retention`] },
  {
    job: "send_abandoned_basket_digest",
    every: 120,
    first: 0.53,
    writes: false,
    lines: [(n) => `digest queued for ${n} shoppers`, () => "digest template v7 rendered"],
  },
  { job: "aggregate_return_reasons", every: 90, first: 0.58, writes: true, lines: [(n) => `return reasons bucketed for ${n} orders`] },
  {
    job: "snapshot_inventory_positions",
    every: 60,
    first: 0.63,
    writes: true,
    lines: [(n) => `inventory positions captured for ${n} SKUs`, () => "snapshot checksum recorded"],
  },
  { job: "rotate_signed_url_keys", every: 240, first: 0.66, writes: true, lines: [() => "new signing key published to key ring"] },
];

export function jobhubReadonlyReplicaFallback(seed: number): Scenario {
  const name = "jobhub-readonly-replica-fallback";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 8, 18, 0);
  const span = 24 * HOUR;
  const end = start + span;
  const probFrom = start + 0.71 * span + between(r, 0, 20) * MIN;
  const probTo = probFrom + between(r, 3.5, 4.2) * HOUR;
  const primary = `orders-pg-${pick(r, ["a", "b"])}`;
  const replica = `orders-pg-replica-${int(r, 1, 3)}`;
  const host = `jobhub-${hex(r, 6)}`;
  let fallbacks = 0;
  for (const j of JOBHUB) {
    const base = between(r, 8, 90) * SEC;
    for (let t = start + j.first * span + between(r, 1, 9) * MIN; t < end; t += j.every * MIN + between(r, 0, 40) * SEC) {
      const runId = uuid(r);
      const log = (at: number, levelname: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
        s.add(
          at,
          { asctime: pyTime(at), levelname, name: "jobhub.runner", app: "jobhub", hostname: host, job: j.job, run_id: runId, message, ...extra },
          label,
        );
      log(t, "INFO", `Running job "${j.job}" (trigger: interval[${Math.floor(j.every / 60)}:${String(j.every % 60).padStart(2, "0")}:00])`);
      const inProblem = t > probFrom && t < probTo;
      let at = t + between(r, 0.2, 2) * SEC;
      if (inProblem && fallbacks < 58) {
        fallbacks++;
        log(at, "INFO", `session opened on ${replica} (read-only); ${primary} not accepting connections from pool`, { db_host: replica }, "pattern");
      }
      if (inProblem && j.writes && chance(r, 0.5)) {
        at += between(r, 1, 8) * SEC;
        log(
          at,
          "ERROR",
          `Job "${j.job}" raised an exception`,
          {
            exc_info: `Traceback (most recent call last):\n  File "/app/jobhub/jobs/${j.job}.py", line ${int(r, 40, 180)}, in run\n    cur.execute(stmt)\npsycopg2.errors.ReadOnlySqlTransaction: cannot execute UPDATE in a read-only transaction`,
          },
          "error",
        );
        continue;
      }
      const dur = base * between(r, 0.8, 1.25) * (inProblem && !j.writes ? between(r, 4, 7) : 1);
      for (const line of j.lines) {
        at += (dur / (j.lines.length + 1)) * between(r, 0.7, 1.3);
        log(at, "INFO", line(int(r, 20, 4000)));
      }
      log(t + dur, "INFO", `Job "${j.job}" executed successfully`, { duration_ms: Math.round(dur) }, dur > base * 3 ? "performance" : null);
    }
  }
  // order-history-api: Go slog JSON handler, unaffected reads
  const apiHost = `order-history-api-${hex(r, 5)}`;
  poisson(r, start, end, 31 * SEC, (t) => {
    const path = pick(r, ["/v1/orders", "/v1/orders/{id}", "/v1/orders/{id}/shipments", "/v1/returns"]).replace("{id}", String(int(r, 10000000, 99999999)));
    s.add(t, {
      time: iso(t),
      level: "INFO",
      msg: "request served",
      service: "order-history-api",
      instance: apiHost,
      method: "GET",
      path,
      status: chance(r, 0.03) ? 404 : 200,
      duration_ms: round(between(r, 6, 60), 2),
    });
  });
  return s.build(
    name,
    "A cron scheduler whose jobs each log their own lines (new ones start all day); the orders primary stops taking connections and every run quietly opens a read-only replica session at INFO, write jobs fail and read jobs run 4-7x longer",
  );
}

interface SpringJob {
  bean: string;
  step: string;
  every: number;
  first: number;
  lines: ((n: number) => string)[];
}

const BATCHD: SpringJob[] = [
  { bean: "invoiceArchiveJob", step: "archiveStep", every: 45, first: 0, lines: [(n) => `Archived ${n} invoices to s3://finance-archive/invoices/`] },
  {
    bean: "dunningLetterJob",
    step: "renderLettersStep",
    every: 60,
    first: 0.02,
    lines: [(n) => `Rendered ${n} dunning letters in locale de_DE`, () => "Letters handed to print vendor queue"],
  },
  { bean: "glPostingJob", step: "postJournalStep", every: 30, first: 0.08, lines: [(n) => `Posted ${n} journal lines to general ledger period`] },
  { bean: "fxRevaluationJob", step: "revalueStep", every: 120, first: 0.2, lines: [(n) => `Revalued ${n % 60} foreign-currency accounts at closing rate`] },
  {
    bean: "bankStatementImportJob",
    step: "camt053ParseStep",
    every: 60,
    first: 0.31,
    lines: [(n) => `Parsed camt.053 statement with ${n} entries`, () => "Auto-matched statement entries to open items"],
  },
  { bean: "costCentreAllocationJob", step: "allocateStep", every: 90, first: 0.45, lines: [(n) => `Allocated shared costs across ${n % 80} cost centres`] },
  {
    bean: "expenseReceiptOcrJob",
    step: "ocrStep",
    every: 40,
    first: 0.56,
    lines: [(n) => `OCR completed for ${n % 200} expense receipts`, () => "Low-confidence receipts routed to approvers"],
  },
  { bean: "intercompanyNettingJob", step: "nettingStep", every: 120, first: 0.64, lines: [(n) => `Netted ${n % 30} intercompany balances`] },
];

const LATE_1099: SpringJob = {
  bean: "vendor1099ExportJob",
  step: "payeeTotalsStep",
  every: 20,
  first: 0.8,
  lines: [
    (n) => `Collected payee totals for ${n} vendors for tax year`,
    () => "Applied backup withholding flags from TIN match results",
    () => "Wrote 1099-NEC batch file to sftp outbox",
  ],
};

export function batchdNewExportJobLedgerSlow(seed: number): Scenario {
  const name = "batchd-new-export-job-ledger-slow";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 11, 3, 6);
  const span = 12 * HOUR;
  const end = start + span;
  const slowFrom = start + 0.38 * span + between(r, 0, 15) * MIN;
  const slowTo = slowFrom + between(r, 22, 30) * MIN;
  const host = `batchd-${hex(r, 5)}`;
  const runJob = (j: SpringJob) => {
    for (let t = start + j.first * span + between(r, 0, 6) * MIN; t < end; t += j.every * MIN + between(r, 0, 30) * SEC) {
      const log = (at: number, message: string, logger: string) =>
        s.add(at, {
          "@timestamp": iso(at),
          "@version": "1",
          message,
          logger_name: logger,
          thread_name: "scheduling-1",
          level: "INFO",
          level_value: 20000,
          app: "batchd",
          HOSTNAME: host,
        });
      log(
        t,
        `Job: [SimpleJob: [name=${j.bean}]] launched with the following parameters: [{run.id=${int(r, 1000, 99999)}}]`,
        "org.springframework.batch.core.launch.support.SimpleJobLauncher",
      );
      let at = t + between(r, 0.5, 2) * SEC;
      log(at, `Executing step: [${j.step}]`, "org.springframework.batch.core.job.SimpleStepHandler");
      for (const line of j.lines) {
        at += between(r, 2, 40) * SEC;
        log(at, line(int(r, 10, 5000)), `com.corp.finance.batch.${j.bean}`);
      }
      const ms = Math.round(at - t + between(r, 100, 900));
      log(t + ms, `Step: [${j.step}] executed in ${Math.floor(ms / 1000)}s${ms % 1000}ms`, "org.springframework.batch.core.step.AbstractStep");
      log(
        t + ms + 20,
        `Job: [SimpleJob: [name=${j.bean}]] completed with the following parameters: [{}] and the following status: [COMPLETED] in ${Math.floor(ms / 1000)}s${ms % 1000}ms`,
        "org.springframework.batch.core.launch.support.SimpleJobLauncher",
      );
    }
  };
  for (const j of BATCHD) runJob(j);
  runJob(LATE_1099);
  // ledger-reports nginx JSON access log: a slow spell with 504s mid-window
  poisson(r, start, end, 15 * SEC, (t0) => {
    const t = whole(t0);
    const bad = t > slowFrom && t < slowTo;
    const report = chance(r, 0.55);
    const uri = report
      ? pick(r, ["/api/reports/trial-balance", "/api/reports/aged-debtors", "/api/reports/cash-position"])
      : pick(r, ["/api/accounts", "/api/periods/current", "/static/app.js"]);
    let status = 200;
    let rt = report ? between(r, 0.08, 0.6) : between(r, 0.005, 0.05);
    let label: Label = null;
    if (bad && report) {
      if (chance(r, 0.25)) {
        status = 504;
        rt = 60 + between(r, 0, 0.1);
        label = "error";
      } else {
        rt = between(r, 6, 28);
        label = "performance";
      }
    }
    s.add(
      t,
      {
        time_iso8601: nginxTime(t),
        app: "ledger-reports",
        remote_addr: `10.12.${int(r, 0, 9)}.${int(r, 2, 250)}`,
        request: `GET ${uri} HTTP/1.1`,
        status,
        body_bytes_sent: status === 504 ? 167 : int(r, 300, 90000),
        request_time: round(rt, 3),
        upstream_response_time: status === 504 ? "60.001" : String(round(rt * 0.98, 3)),
        http_user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
      },
      label,
    );
  });
  return s.build(
    name,
    "Spring Batch scheduler keeps starting jobs with their own lines; a new 1099 export job begins its runs late (benign); ledger-reports answers slowly with some 504s for about 25 minutes",
  );
}
