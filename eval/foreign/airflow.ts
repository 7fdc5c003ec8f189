// An Airflow deployment on the KubernetesExecutor logging through python-json-logger (levelname,
// name, message, a timestamp with its offset). Overnight the daily customer_360.build_features
// task loads a source that doubled in size: its pod is OOM-killed three tries in a row while the
// hourly loads that share the warehouse run several times slower.
import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, isoOffset, type Label, MIN, rngFor, SEC } from "./kit.js";

interface Dag {
  id: string;
  tasks: { id: string; op: string; work: (r: number) => string[]; median: number }[];
  minute: number;
}

export function airflowOomRetries(seed: number): Scenario {
  const name = "airflow-k8s-executor-oom";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "An Airflow daily feature build is OOM-killed on the KubernetesExecutor three tries in a row while hourly warehouse loads slow down, in python-json-logger records",
  );
  const day = Date.UTC(2024, 0, 8) + rng.int(0, 680) * 24 * HOUR;
  const t0 = day + rng.int(0, 30) * MIN;
  const end = t0 + (rng.int(5, 6) * HOUR + rng.int(0, 20) * MIN);
  const bigStart = day + 2 * HOUR + rng.int(0, 5) * MIN;
  const bigEnd = bigStart + rng.int(60, 80) * MIN;

  const add = (t: number, logger: string, level: string, message: string, label: Label, extra: Record<string, unknown> = {}): void => {
    const [file, line] = FILES[logger] ?? ["taskinstance.py", 1234];
    inc.add(t, { timestamp: isoOffset(t, 0, 6), levelname: level, name: logger, message, filename: file, lineno: line, ...extra }, label);
  };
  const sched = (t: number, level: string, message: string, label: Label = null, logger = SCHED): void =>
    add(t, logger, level, message, label, { component: "scheduler", process: 7 });
  const runId = (t: number): string => `scheduled__${isoOffset(t, 0, 0)}`;
  const key = (dag: string, task: string, run: string, tryN: number): string =>
    `TaskInstanceKey(dag_id='${dag}', task_id='${task}', run_id='${run}', try_number=${tryN}, map_index=-1)`;
  const compact = (t: number): string => isoOffset(t, 0, 0).slice(0, 19).replace(/[-:]/g, "");

  const dags: Dag[] = [
    dag("ingest_orders", ["extract", "load", "dbt_run", "dbt_test"]),
    dag("ingest_payments", ["extract", "load", "dbt_run"]),
    dag("sync_crm", ["pull_accounts", "pull_contacts", "merge"]),
    dag("export_partner_feeds", ["build_feed", "upload_sftp"]),
    dag("refresh_search_index", ["snapshot", "reindex", "swap_alias"]),
    dag("reverse_etl_marketing", ["query", "push_braze", "push_ads"]),
    dag("fx_rates", ["fetch", "store"]),
    dag("ingest_inventory", ["extract", "load", "dbt_run", "dbt_test"]),
    dag("usage_billing", ["aggregate", "export_stripe"]),
    dag("ingest_shipments", ["extract", "load", "dbt_run"]),
    dag("data_quality_checks", ["freshness", "row_counts", "publish_report"]),
  ];
  function dag(id: string, tasks: string[]): Dag {
    return {
      id,
      minute: rng.int(0, 55),
      tasks: tasks.map((tk) => ({
        id: tk,
        op: tk.startsWith("dbt") ? "BashOperator" : tk === "load" ? "SnowflakeOperator" : "PythonOperator",
        median: rng.int(20, 90),
        work: (r: number) =>
          tk === "load"
            ? [
                `Running statement: COPY INTO staging.${id.replace("ingest_", "")} FROM @lake_stage/${id.replace("ingest_", "")}/ FILE_FORMAT = (TYPE = PARQUET) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE, parameters: None`,
                `Rows affected: ${r}`,
              ]
            : tk.startsWith("dbt")
              ? [
                  `Running command: ['/usr/bin/bash', '-c', 'dbt ${tk === "dbt_run" ? "run" : "test"} --select ${id.replace("ingest_", "")}+ --target prod']`,
                  `Output:`,
                  `Finished running ${rng.int(4, 40)} ${tk === "dbt_run" ? "table models" : "tests"} in ${rng.int(0, 1)} hours ${rng.int(0, 3)} minutes and ${rng.float(5, 59).toFixed(2)} seconds (${rng.float(20, 240).toFixed(2)}s).`,
                ]
              : [`Fetched ${r} records from ${rng.pick(["https://api.hubapi.com", "s3://lake/raw", "https://api.partner.example.com", "postgres://replica"])}`],
      })),
    };
  }

  // Periodic scheduler housekeeping.
  for (let t = t0 + rng.int(0, 300) * SEC; t < end; t += 5 * MIN) sched(t, "INFO", "Adopting or resetting orphaned tasks for active dag runs");
  for (let t = t0 + rng.int(0, 60) * SEC; t < end; t += 2 * MIN) sched(t, "INFO", `Sync ${rng.int(0, 2)} DAGs`, null, "airflow.models.dagbag.DagBag");

  let jobId = rng.int(400000, 900000);
  const runTask = (
    dagId: string,
    task: Dag["tasks"][number],
    run: string,
    start: number,
    tryN: number,
    prio: number,
    slowFactor: number,
    slowLabel: Label,
  ): number => {
    const ti = `<TaskInstance: ${dagId}.${task.id} ${run} [scheduled]>`;
    const pod = `${dagId.replace(/_/g, "-")}-${task.id.replace(/_/g, "-")}-${rng.alnum(8, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    sched(start, "INFO", `1 tasks up for execution:\n\t${ti}`);
    sched(start + 40, "INFO", `Sending ${key(dagId, task.id, run, tryN)} to KubernetesExecutor with priority ${prio} and queue default`);
    sched(
      start + 120,
      "INFO",
      `Creating kubernetes pod for job is ${key(dagId, task.id, run, tryN)}, with pod name ${pod}, annotations: <omitted>`,
      null,
      EXEC,
    );
    const w = (t: number, level: string, message: string, label: Label = null, logger = "airflow.task"): void =>
      add(t, logger, level, message, label, { component: "worker", dag_id: dagId, task_id: task.id, run_id: run, try_number: tryN, hostname: pod });
    let t = start + rng.int(9, 25) * SEC;
    w(t, "INFO", `Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: ${dagId}.${task.id} ${run} [queued]>`);
    w(t + 30, "INFO", `Starting attempt ${tryN} of 3`, null, "airflow.task");
    w(t + 60, "INFO", `Executing <Task(${task.op}): ${task.id}> on ${run.slice(11).replace("T", " ")}`);
    const dur = Math.min(rng.logn(task.median, 0.3), task.median * 2.5) * SEC * slowFactor;
    const rows = rng.int(2000, 900000);
    const lines = task.work(rows);
    for (const [i, l] of lines.entries()) w(t + 200 + Math.floor((dur * (i + 1)) / (lines.length + 1)), "INFO", l);
    if (task.id === "load")
      w(t + dur - 100, "INFO", `Loaded ${rows} rows into staging.${dagId.replace("ingest_", "")} in ${(dur / 1000).toFixed(1)}s`, slowLabel);
    t += dur;
    const s0 = compact(start + 20 * SEC);
    w(t, "INFO", "Done. Returned value was: None");
    w(
      t + 40,
      "INFO",
      `Marking task as SUCCESS. dag_id=${dagId}, task_id=${task.id}, run_id=${run}, execution_date=${compact(Date.parse(run.slice(11)))}, start_date=${s0}, end_date=${compact(t)}`,
    );
    w(t + 900, "INFO", "Task exited with return code 0", null, "airflow.jobs.local_task_job_runner.LocalTaskJobRunner");
    w(t + 1000, "INFO", "0 downstream tasks scheduled from follow-on schedule check", null, "airflow.jobs.local_task_job_runner.LocalTaskJobRunner");
    t += rng.int(2, 6) * SEC;
    sched(t, "INFO", `Received executor event with state success for task instance ${key(dagId, task.id, run, tryN)}`);
    sched(
      t + 30,
      "INFO",
      `TaskInstance Finished: dag_id=${dagId}, task_id=${task.id}, run_id=${run}, map_index=-1, run_start_date=${isoOffset(start + 20 * SEC, 0, 6)}, run_end_date=${isoOffset(t - 2 * SEC, 0, 6)}, run_duration=${((t - start) / 1000).toFixed(6)}, state=success, executor_state=success, try_number=${tryN}, max_tries=2, job_id=${jobId++}, pool=default_pool, queue=default, priority_weight=${prio}, operator=${task.op}, queued_dttm=${isoOffset(start + 40, 0, 6)}, queued_by_job_id=3, pid=${rng.int(10, 90)}`,
      slowLabel,
    );
    return t + rng.int(1, 8) * SEC;
  };

  for (const d of dags) {
    for (let h = Math.floor(t0 / HOUR) * HOUR + d.minute * MIN; h < end - 20 * MIN; h += HOUR) {
      if (h < t0) continue;
      const run = runId(h - HOUR);
      let t = h + rng.int(2, 20) * SEC;
      for (const [i, task] of d.tasks.entries()) {
        // The hourly loads share the warehouse with the big build while it runs.
        const slow = task.id === "load" && t > bigStart + 5 * MIN && t < bigEnd;
        t = runTask(d.id, task, run, t, 1, d.tasks.length - i, slow ? rng.float(6, 11) : 1, slow ? "performance" : null);
      }
      sched(
        t,
        "INFO",
        `Marking run <DagRun ${d.id} @ ${isoOffset(h - HOUR, 0, 0)}: ${run}, state:running, queued_at: ${isoOffset(h, 0, 6)}. externally triggered: False> successful`,
        null,
        "airflow.models.dagrun.DagRun",
      );
      sched(
        t + 20,
        "INFO",
        `DagRun Finished: dag_id=${d.id}, execution_date=${isoOffset(h - HOUR, 0, 0)}, run_id=${run}, run_start_date=${isoOffset(h, 0, 6)}, run_end_date=${isoOffset(t, 0, 6)}, run_duration=${((t - h) / 1000).toFixed(6)}, state=success, external_trigger=False, run_type=scheduled, data_interval_start=${isoOffset(h - HOUR, 0, 0)}, data_interval_end=${isoOffset(h, 0, 0)}, dag_hash=${rng.hex(32)}`,
        null,
        "airflow.models.dagrun.DagRun",
      );
    }
  }

  // customer_360: extract runs fine, build_features is killed three times, the run fails.
  const dagId = "customer_360";
  const run = `scheduled__${isoOffset(day + 2 * HOUR - 24 * HOUR, 0, 0)}`;
  let t = runTask(
    dagId,
    {
      id: "extract_events",
      op: "PythonOperator",
      median: 200,
      work: () => [`Exported ${rng.int(40, 50)}M events to s3://lake/tmp/customer_360/${run}/ in 412 parts`],
    },
    run,
    bigStart,
    1,
    4,
    1,
    null,
  );
  for (let tryN = 1; tryN <= 3; tryN++) {
    const task = "build_features";
    const pod = `customer-360-build-features-${rng.alnum(8, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    const k = key(dagId, task, run, tryN);
    sched(t, "INFO", `1 tasks up for execution:\n\t<TaskInstance: ${dagId}.${task} ${run} [scheduled]>`);
    sched(t + 40, "INFO", `Sending ${k} to KubernetesExecutor with priority 3 and queue default`);
    sched(t + 120, "INFO", `Creating kubernetes pod for job is ${k}, with pod name ${pod}, annotations: <omitted>`, null, EXEC);
    const w = (tt: number, level: string, message: string, label: Label = null): void =>
      add(tt, "airflow.task", level, message, label, { component: "worker", dag_id: dagId, task_id: task, run_id: run, try_number: tryN, hostname: pod });
    let tt = t + rng.int(15, 40) * SEC;
    w(tt, "INFO", `Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: ${dagId}.${task} ${run} [queued]>`);
    w(tt + 30, "INFO", `Starting attempt ${tryN} of 3`);
    w(tt + 60, "INFO", `Executing <Task(PythonOperator): ${task}> on ${run.slice(11).replace("T", " ")}`);
    const files = rng.int(400, 430);
    w(tt + 2 * SEC, "INFO", `Reading s3://lake/tmp/customer_360/${run}/ (${files} files, ${rng.float(36, 42).toFixed(1)} GiB)`);
    let rss = rng.float(1.2, 2);
    for (let f = 0; f < rng.int(6, 9); f++) {
      tt += rng.int(50, 90) * SEC;
      rss += rng.float(1.3, 2.1);
      const high = rss > 9;
      w(
        tt,
        high ? "WARNING" : "INFO",
        `loaded ${(f + 1) * 50} of ${files} files, frame ${(rss * 0.82).toFixed(1)} GiB, process rss=${rss.toFixed(1)}GiB limit=14.0GiB`,
        high ? "memory" : null,
      );
    }
    tt += rng.int(20, 60) * SEC;
    const ev = tt + rng.int(2, 9) * SEC;
    sched(ev, "INFO", `Event: ${pod} Failed, annotations: <omitted>`, "error", WATCH);
    sched(ev + 200, "WARNING", `Pod ${pod} container base terminated: reason=OOMKilled exit_code=137 (memory limit 14Gi)`, "memory", WATCH);
    sched(
      ev + 2 * SEC,
      "INFO",
      `Changing state of (${k}, <TaskInstanceState.FAILED: 'failed'>, '${pod}', 'airflow', '${rng.int(100000000, 999999999)}') to failed`,
      "error",
      EXEC,
    );
    sched(ev + 2 * SEC + 300, "INFO", `Received executor event with state failed for task instance ${k}`, "error");
    sched(
      ev + 2 * SEC + 500,
      "ERROR",
      `Executor KubernetesExecutor(parallelism=32) reported that the task instance <TaskInstance: ${dagId}.${task} ${run} [running]> finished with state failed, but the task instance's state attribute is running. Learn more: https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html#task-state-changed-externally`,
      "error",
    );
    const final = tryN === 3;
    sched(
      ev + 2 * SEC + 900,
      "INFO",
      `Marking task as ${final ? "FAILED" : "UP_FOR_RETRY"}. dag_id=${dagId}, task_id=${task}, run_id=${run}, execution_date=${compact(day + 2 * HOUR - 24 * HOUR)}, start_date=${compact(t + 20 * SEC)}, end_date=${compact(ev)}`,
      "error",
      "airflow.models.taskinstance",
    );
    if (final) {
      sched(
        ev + 4 * SEC,
        "ERROR",
        `DagRun Finished: dag_id=${dagId}, execution_date=${isoOffset(day + 2 * HOUR - 24 * HOUR, 0, 0)}, run_id=${run}, run_start_date=${isoOffset(bigStart, 0, 6)}, run_end_date=${isoOffset(ev + 4 * SEC, 0, 6)}, run_duration=${((ev + 4 * SEC - bigStart) / 1000).toFixed(6)}, state=failed, external_trigger=False, run_type=scheduled, data_interval_start=${isoOffset(day + 2 * HOUR - 24 * HOUR, 0, 0)}, data_interval_end=${isoOffset(day + 2 * HOUR, 0, 0)}, dag_hash=${rng.hex(32)}`,
        "error",
        "airflow.models.dagrun.DagRun",
      );
      sched(ev + 5 * SEC, "INFO", `Executing on_failure_callback: slack_alert for dag ${dagId}`, null, "airflow.models.dagrun.DagRun");
    }
    t = ev + 5 * MIN + rng.int(0, 20) * SEC;
  }
  return inc.finish();
}

const SCHED = "airflow.jobs.scheduler_job_runner.SchedulerJobRunner";
const EXEC = "airflow.providers.cncf.kubernetes.executors.kubernetes_executor.KubernetesExecutor";
const WATCH = "airflow.providers.cncf.kubernetes.executors.kubernetes_executor_utils.KubernetesJobWatcher";
const FILES: Record<string, [string, number]> = {
  [SCHED]: ["scheduler_job_runner.py", 417],
  [EXEC]: ["kubernetes_executor.py", 301],
  [WATCH]: ["kubernetes_executor_utils.py", 159],
  "airflow.models.dagbag.DagBag": ["dagbag.py", 643],
  "airflow.models.dagrun.DagRun": ["dagrun.py", 822],
  "airflow.models.taskinstance": ["taskinstance.py", 1206],
  "airflow.task": ["taskinstance.py", 2510],
  "airflow.jobs.local_task_job_runner.LocalTaskJobRunner": ["local_task_job_runner.py", 234],
};
