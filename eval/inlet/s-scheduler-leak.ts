/**
 * scheduler-leak: a job scheduler (Go, logrus) runs the platform's periodic jobs and logs each
 * job's command as configured when it registers it and when it runs it, shell variables
 * unexpanded (`pg_dump -Fc ${PGDATABASE} > /backups/${PGDATABASE}-$(date +%F).dump`); one of
 * them triggers ledger-batch (Spring Batch, Logback LogstashEncoder, its GC log via Fluent Bit).
 * report-api (Python, python-json-logger) serves reports and, when it restarts in a routine
 * deploy, logs its logging format string `%(asctime)s %(levelname)s %(name)s %(message)s`.
 * All routine. ledger-batch leaks: each run keeps its reconciliation map, full GCs grow long and
 * back to back, a run fails with `OutOfMemoryError: Java heap space`, the JVM exits and the
 * kubelet restarts it; then it happens again, until the leak's release is rolled back.
 */
import { containerRestart, nodeName, openWindow, podMeta } from "./common.js";
import { fluentMessage, javaTrace, logrus, logstash, pyJson } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "scheduler-leak";
const FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s";
const JOBS = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the job's shell command as configured
  ["db-dump", "@every 1h", "sh -c 'pg_dump -Fc -h ${PGHOST} ${PGDATABASE} > /backups/${PGDATABASE}-$(date +%F-%H).dump'"],
  ["ledger-reconcile", "@every 10m", "curl -fsS -X POST http://ledger-batch.finance.svc:8080/jobs/reconcile"],
  ["report-cache-warm", "@every 5m", "curl -fsS -X POST http://report-api.finance.svc:8000/internal/cache/warm"],
  ["tmp-cleanup", "@every 30m", "find /scratch -type f -mmin +120 -delete"],
] as const;

export function schedulerLeak(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-19", 6, 3);
  const leakFrom = tl.at(rng.float(0.25, 0.35));
  const fixAt = tl.at(rng.float(0.78, 0.85));
  const host = nodeName(rng, "10.44");
  const batch = podMeta(rng, "ledger-batch", "finance", "ledger-batch", host);

  const sched = (t: number, level: "info" | "warning", msg: string, extra: Record<string, unknown> = {}, label: AnomalyType | null = null) =>
    tl.add(t, logrus(t, "job-scheduler", level, msg, extra), label);
  const register = (t: number) => {
    sched(t, "info", "scheduler starting: 4 jobs from /etc/scheduler/jobs.ini");
    let at = t;
    for (const [name, spec, cmd] of JOBS) {
      at += rng.int(1, 5);
      sched(at, "info", `New job registered "${name}" - "${cmd}" - "${spec}"`);
    }
  };
  register(start + rng.int(1, 30) * SECOND);
  register(tl.at(rng.float(0.5, 0.6)));

  // ── ledger-batch: heap after each reconcile run, rising while the leak is deployed ──────────
  let heapMb = 610;
  let gc = rng.int(300, 900);
  let runs = 0;
  for (const [name, spec, cmd] of JOBS) {
    const every = Number.parseInt(spec.replace("@every ", ""), 10) * (spec.endsWith("h") ? 60 : 1) * MINUTE;
    for (const t of ticks(rng, start, end, every, 800)) {
      const id = rng.hex(8);
      sched(t, "info", `[Job "${name}" (${id})] Started - ${cmd}`);
      let took = rng.logNormal(name === "db-dump" ? 40000 : 900, 0.3);
      let failed = false;
      if (name === "ledger-reconcile") {
        runs++;
        const leaking = t >= leakFrom && t < fixAt;
        heapMb = leaking ? heapMb + rng.int(150, 260) : rng.int(560, 680);
        const thread = `jobLauncher-${rng.int(1, 4)}`;
        tl.add(
          t + 40,
          logstash(
            t + 40,
            "INFO",
            "o.s.b.c.l.support.SimpleJobLauncher",
            thread,
            `Job: [SimpleJob: [name=ledgerReconcile]] launched with the following parameters: [{run.id=${runs + 4000}}]`,
            { service: "ledger-batch" },
          ),
        );
        const gcs = leaking && heapMb > 1500 ? rng.int(3, 6) : 1;
        let at = t + 200;
        for (let i = 0; i < gcs; i++) {
          at += rng.int(600, 4000);
          const full = heapMb > 1500;
          const pause = full ? rng.float(900, 3200) : rng.float(4, 18);
          const before = Math.min(2048, heapMb + rng.int(40, 200));
          tl.add(
            at,
            fluentMessage(
              at,
              `[${new Date(at).toISOString().replace("Z", "+0000")}][info][gc] GC(${gc++}) ${full ? "Pause Full (G1 Compaction Pause)" : "Pause Young (Normal) (G1 Evacuation Pause)"} ${before}M->${Math.min(2040, heapMb)}M(2048M) ${pause.toFixed(3)}ms`,
              batch,
            ),
            full ? "memory" : null,
          );
        }
        if (heapMb > 1500 && heapMb < 2000) {
          tl.add(
            at + 30,
            logstash(
              at + 30,
              "WARN",
              "c.n.ledger.monitor.HeapMonitor",
              "heap-monitor",
              `heap usage ${Math.round((heapMb / 2048) * 100)}% after full GC (${heapMb} MiB of 2048 MiB)`,
              { service: "ledger-batch" },
            ),
            "memory",
          );
        }
        if (heapMb >= 2000) {
          failed = true;
          took = at - t + 1500;
          const oom = javaTrace("java.lang.OutOfMemoryError", "Java heap space", [
            "java.base/java.util.HashMap.resize(HashMap.java:710)",
            "com.northwind.ledger.reconcile.ReconcileProcessor.process(ReconcileProcessor.java:74)",
            "org.springframework.batch.core.step.item.SimpleChunkProcessor.doProcess(SimpleChunkProcessor.java:134)",
          ]);
          tl.add(
            at + 900,
            logstash(
              at + 900,
              "ERROR",
              "o.s.batch.core.step.AbstractStep",
              thread,
              "Encountered an error executing step reconcileStep in job ledgerReconcile",
              { service: "ledger-batch" },
              oom,
            ),
            "memory",
          );
          tl.add(
            at + 1000,
            logstash(
              at + 1000,
              "INFO",
              "o.s.b.c.l.support.SimpleJobLauncher",
              thread,
              `Job: [SimpleJob: [name=ledgerReconcile]] completed with the following parameters: [{run.id=${runs + 4000}}] and the following status: [FAILED] in ${((at - t) / 1000).toFixed(1)}s`,
              { service: "ledger-batch" },
            ),
            "error",
          );
          tl.add(at + 1100, fluentMessage(at + 1100, "Terminating due to java.lang.OutOfMemoryError: Java heap space", batch, "stderr"), "memory");
          containerRestart(rng, tl, at + 2500, batch, "ghcr.io/northwind/ledger-batch:3.4.0");
          const up = at + rng.int(20, 30) * SECOND;
          tl.add(
            up,
            logstash(
              up,
              "INFO",
              "c.n.ledger.LedgerBatchApplication",
              "main",
              `Started LedgerBatchApplication in ${rng.float(9, 14).toFixed(3)} seconds (process running for ${rng.float(10, 15).toFixed(3)})`,
              { service: "ledger-batch" },
            ),
          );
          heapMb = rng.int(560, 680);
        } else {
          tl.add(
            at + 500,
            logstash(
              at + 500,
              "INFO",
              "o.s.b.c.l.support.SimpleJobLauncher",
              thread,
              `Job: [SimpleJob: [name=ledgerReconcile]] completed with the following parameters: [{run.id=${runs + 4000}}] and the following status: [COMPLETED] in ${((at + 500 - t) / 1000).toFixed(1)}s`,
              { service: "ledger-batch" },
            ),
          );
          took = at + 600 - t;
        }
      }
      const done = t + Math.round(took);
      if (failed)
        sched(
          done,
          "warning",
          `[Job "${name}" (${id})] Finished in "${(took / 1000).toFixed(3)}s", failed: true, skipped: false, error: exit status 22`,
          {},
          "error",
        );
      else sched(done, "info", `[Job "${name}" (${id})] Finished in "${(took / 1000).toFixed(3)}s", failed: false, skipped: false, error: none`);
    }
  }
  const rollback = fixAt - rng.int(30, 90) * SECOND;
  tl.add(
    rollback,
    logstash(rollback, "INFO", "c.n.ledger.LedgerBatchApplication", "main", `Starting LedgerBatchApplication v3.3.7 using Java 21.0.3 with PID 1`, {
      service: "ledger-batch",
    }),
  );

  // ── report-api: requests; a routine deploy restarts it and it logs its logging config ─────────
  const boot = (t: number, version: string) => {
    tl.add(t, pyJson(t, "report-api", "INFO", "report_api.logging", `logging configured: level=INFO format="${FORMAT}"`));
    tl.add(t + 30, pyJson(t + 30, "report-api", "INFO", "uvicorn.error", "Started server process [1]"));
    tl.add(t + 60, pyJson(t + 60, "report-api", "INFO", "report_api.app", `report-api ${version} ready on 0.0.0.0:8000`));
  };
  boot(start + rng.int(5, 60) * SECOND, "1.22.0");
  boot(tl.at(rng.float(0.4, 0.5)), "1.22.1");
  for (const t0 of arrivals(rng, start, end, 14, shape, 1.2)) {
    const route = rng.weighted([
      ["/reports/daily", 4],
      ["/reports/ledger/{date}", 2],
      ["/internal/cache/warm", 0.3],
      ["/healthz", 3],
    ] as const);
    const ms = rng.logNormal(route === "/healthz" ? 2 : 45, 0.4);
    const path = route.replace("{date}", `2026-03-${String(rng.int(1, 18)).padStart(2, "0")}`);
    const client = `10.44.${rng.int(0, 63)}.${rng.int(2, 250)}:${rng.int(30000, 60000)}`;
    tl.add(
      t0 + Math.round(ms),
      pyJson(t0 + Math.round(ms), "report-api", "INFO", "uvicorn.access", `${client} - "GET ${path} HTTP/1.1" 200`, { duration_ms: Math.round(ms) }),
    );
  }
  return tl.build(
    NAME,
    "ledger-batch leaks heap across reconcile runs until full GCs, OutOfMemoryError and restarts, among a scheduler that logs its shell commands and a service that logs its format string",
  );
}
