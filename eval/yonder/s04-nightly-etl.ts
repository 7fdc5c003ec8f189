// A nightly warehouse load that normally takes about four minutes takes forty: a backfill left one
// customer with tens of millions of rows, one shuffle partition straggles (spilling again and
// again, speculated), the DAG misses its SLA and a downstream sensor times out.
// Decoys: an hourly rollup that is heavy and slow by design (and spills too), a 15-minute data
// quality DAG, health probes, routine warehouse maintenance.

import type { Scenario } from "../blind/types.js";
import { schedLine, type TaskInstance, taskEnd, taskLine, taskStart } from "./airflow.js";
import { fluentbit, isoOffset, pglog, type PodRef } from "./producers.js";
import { Rng } from "./rng.js";
import { runJob, type SparkApp, sparkApp, spillLine } from "./spark.js";
import { every, HOUR, type Label, MIN, poisson, round, SEC, Timeline } from "./timeline.js";

const DAY = 24 * HOUR;

export function nightlyEtlSlowRun(seed: number): Scenario {
  const rng = new Rng(seed, "nightly-etl-slow-run");
  const day = Date.UTC(2024, 0, 8) + rng.int(0, 520) * DAY;
  const start = day + 1 * HOUR + rng.int(38, 52) * MIN + rng.int(0, 59_999);
  const tl = new Timeline(start, start + rng.int(88, 112) * MIN);
  const end = tl.end;
  const nightly = day + 2 * HOUR;
  let jobId = rng.int(180_000, 420_000);
  const workers = [0, 1, 2, 3].map((i) => `airflow-worker-${i}.airflow-worker.airflow.svc.cluster.local`);
  const mkTi = (dag: string, task: string, operator: string, logical: number, tryNumber = 1, maxTries = 3): TaskInstance => ({
    dag,
    task,
    operator,
    logical,
    runType: "scheduled",
    tryNumber,
    maxTries,
    host: rng.pick(workers),
    jobId: jobId++,
    pid: rng.int(2000, 60000),
  });
  const skewed = rng.int(3, 196);
  const skewMs = rng.float(33, 39) * MIN;

  // --- the nightly DAG
  const sched = "airflow.jobs.scheduler_job_runner.SchedulerJobRunner";
  tl.add(nightly + rng.int(200, 900), (t) =>
    schedLine(
      t,
      "info",
      "airflow.models.dag",
      `Setting next_dagrun for warehouse_nightly to ${isoOffset(nightly).replace(/\.\d{3}/, "")}, run_after=${isoOffset(nightly + DAY).replace(/\.\d{3}/, "")}`,
    ),
  );
  const logical = nightly - DAY;
  // extract_orders: a Python task that copies yesterday's orders
  let t = nightly + rng.int(4, 9) * SEC;
  const exTi = mkTi("warehouse_nightly", "extract_orders", "PythonOperator", logical);
  let t2 = taskStart(tl, rng, exTi, t);
  const rows = rng.int(1_800_000, 2_600_000);
  tl.add(t2 + 200, (tt) =>
    taskLine(
      tt,
      exTi,
      "info",
      "extract.py",
      41,
      `Exporting orders updated between ${isoOffset(logical)} and ${isoOffset(nightly)} to s3://acme-lake/raw/orders/dt=${isoOffset(logical).slice(0, 10)}/`,
    ),
  );
  const exDur = rng.int(95, 140) * SEC;
  tl.add(t2 + exDur - 800, (tt) =>
    taskLine(tt, exTi, "info", "extract.py", 77, `Exported ${rows.toLocaleString("en-US")} rows in ${rng.int(11, 14)} files (${round(rows / 9800, 1)} MiB)`),
  );
  taskEnd(tl, rng, exTi, t, t2 + exDur, "success");
  // build_customer_dim runs in parallel with the load
  const dimTi = mkTi("warehouse_nightly", "build_customer_dim", "SQLExecuteQueryOperator", logical);
  t = t2 + exDur + rng.int(3, 8) * SEC;
  t2 = taskStart(tl, rng, dimTi, t + 900);
  const dimDur = rng.int(150, 210) * SEC;
  tl.add(t2 + 300, (tt) =>
    taskLine(
      tt,
      dimTi,
      "info",
      "sql.py",
      418,
      "Running statement: INSERT INTO marts.dim_customer SELECT ... FROM staging.customers_snapshot, parameters: None",
    ),
  );
  tl.add(t2 + dimDur - 400, (tt) => taskLine(tt, dimTi, "info", "sql.py", 427, `Rows affected: ${rng.int(2_000_000, 3_100_000)}`));
  tl.add(t2 + dimDur - 300, (tt) =>
    pglog(
      tt,
      "warehouse-db-0",
      3811,
      "LOG",
      `duration: ${round(dimDur - 900, 3)} ms  statement: INSERT INTO marts.dim_customer SELECT c.id, c.region, c.segment, ... FROM staging.customers_snapshot c`,
      { user: "airflow", dbname: "warehouse", application_name: "airflow", service: "warehouse-db" },
    ),
  );
  taskEnd(tl, rng, dimTi, t + 900, t2 + dimDur, "success");

  // load_orders_fact: SparkSubmitOperator; stage 2 has the straggler
  const loadTi = mkTi("warehouse_nightly", "load_orders_fact", "SparkSubmitOperator", logical);
  const loadStart = t;
  t2 = taskStart(tl, rng, loadTi, loadStart);
  const app = sparkApp(rng.fork("spark-nightly"), "spark-orders-fact", "load-orders-fact", 8, 4);
  tl.add(t2 + 300, (tt) =>
    taskLine(
      tt,
      loadTi,
      "info",
      "spark_submit.py",
      341,
      "Spark-Submit cmd: spark-submit --master k8s://https://kubernetes.default.svc:443 --conf spark.executor.instances=8 --conf spark.executor.cores=4 --conf spark.executor.memory=12g --conf spark.speculation=true --conf spark.kubernetes.report.interval=30s --name load-orders-fact --class com.acme.warehouse.OrdersFactJob --deploy-mode cluster s3a://acme-jobs/warehouse/orders-fact-3.7.1.jar --date " +
        isoOffset(logical).slice(0, 10),
    ),
  );
  tl.add(t2 + 9000, (tt) => taskLine(tt, loadTi, "info", "spark_submit.py", 502, `Identified spark driver pod: ${app.driverPod}`));
  const sparkStart = t2 + rng.int(25, 35) * SEC;
  const sRng = rng.fork("stages");
  const straggle = (i: number): Label => (i === skewed ? "performance" : null);
  const sparkEnd = runJob(
    tl,
    sRng,
    app,
    sparkStart,
    "save at OrdersFactJob.scala:112",
    [
      { tasks: 128, kind: "ShuffleMapStage", duration: () => sRng.logn(5200, 0.3), executorLines: 6 },
      { tasks: 24, kind: "ShuffleMapStage", duration: () => sRng.logn(3100, 0.3), executorLines: 6 },
      {
        tasks: 200,
        kind: "ShuffleMapStage",
        duration: (i) => (i === skewed ? skewMs : sRng.logn(4600, 0.35)),
        executorLines: 5,
        label: straggle,
        speculateAfter: sRng.float(52_000, 64_000),
        summaryLabel: "performance",
        during: (i, from, to, ex, tid) => {
          if (i !== skewed) {
            if (sRng.chance(0.03)) tl.add(from + sRng.int(800, 2500), (tt) => spillLine(app, ex, tt, tid, sRng.int(180, 420), 1));
            return;
          }
          let n = 0;
          for (let x = from + sRng.int(40, 80) * SEC; x < to - 20 * SEC; x += sRng.int(55, 110) * SEC) {
            n += 1;
            const times = n;
            tl.add(x, (tt) => spillLine(app, ex, tt, tid, sRng.int(980, 1100), times), "performance");
          }
          tl.add(
            from + 1500,
            (tt) =>
              logShuffle(
                app,
                ex,
                tt,
                tid,
                `Getting 512 (${round(sRng.float(38, 46), 1)} GiB) non-empty blocks including 64 (${round(sRng.float(4, 6), 1)} GiB) local and 0 (0.0 B) host-local and 0 (0.0 B) push-merged-local and 448 (${round(sRng.float(34, 40), 1)} GiB) remote blocks`,
              ),
            "performance",
          );
        },
      },
      { tasks: 64, kind: "ResultStage", duration: () => sRng.logn(2900, 0.3), executorLines: 8 },
    ],
    "performance",
  );
  // spark-submit's status lines every 30 s while the application runs
  every(sRng, sparkStart, sparkEnd, 30 * SEC, 400, (x) => {
    tl.add(x, (tt) => taskLine(tt, loadTi, "info", "spark_submit.py", 521, `Application status for ${app.appId} (phase: Running)`));
  });
  const loadEnd = sparkEnd + rng.int(4, 9) * SEC;
  tl.add(loadEnd - 2000, (tt) =>
    taskLine(tt, loadTi, "info", "spark_submit.py", 521, `Application load-orders-fact with submission ID spark:${app.driverPod} finished`),
  );
  const long = loadEnd - loadStart > 20 * MIN;
  taskEnd(tl, rng, loadTi, loadStart, loadEnd, "success", { sched: long ? "performance" : null });
  // SLA misses, found by the DAG processor
  const slaAt = loadStart + 20 * MIN + rng.int(20, 90) * SEC;
  if (long) {
    tl.add(
      slaAt,
      (tt) =>
        schedLine(
          tt,
          "warn",
          "airflow.dag_processing.processor.DagFileProcessor",
          `SLA miss for DAG warehouse_nightly: task load_orders_fact (sla 0:20:00) not finished for run scheduled__${isoOffset(logical).replace(/\.\d{3}/, "")}`,
        ),
      "pattern",
    );
    tl.add(
      slaAt + 900,
      (tt) => schedLine(tt, "info", "airflow.dag_processing.processor.DagFileProcessor", "Sent an SLA miss alert email to ['data-oncall@acme.io']"),
      "pattern",
    );
    tl.add(
      slaAt + 30 * SEC + rng.int(0, 30) * SEC,
      (tt) =>
        schedLine(
          tt,
          "warn",
          "airflow.dag_processing.processor.DagFileProcessor",
          `SLA miss for DAG warehouse_nightly: task publish_marts (sla 0:30:00) not finished for run scheduled__${isoOffset(logical).replace(/\.\d{3}/, "")}`,
        ),
      "pattern",
    );
  }
  // publish_marts and refresh_bi_extracts
  const pubTi = mkTi("warehouse_nightly", "publish_marts", "SQLExecuteQueryOperator", logical);
  const pubStart = loadEnd + rng.int(4, 10) * SEC;
  t2 = taskStart(tl, rng, pubTi, pubStart);
  const pubDur = rng.int(70, 120) * SEC;
  tl.add(t2 + 400, (tt) =>
    taskLine(
      tt,
      pubTi,
      "info",
      "sql.py",
      418,
      `Running statement: CALL marts.swap_partitions('fct_orders', %(ds)s), parameters: {'ds': '${isoOffset(logical).slice(0, 10)}'}`,
    ),
  );
  taskEnd(tl, rng, pubTi, pubStart, t2 + pubDur, "success");
  const biTi = mkTi("warehouse_nightly", "refresh_bi_extracts", "HttpOperator", logical);
  const biStart = t2 + pubDur + rng.int(5, 10) * SEC;
  const t3 = taskStart(tl, rng, biTi, biStart);
  tl.add(t3 + 300, (tt) => taskLine(tt, biTi, "info", "http.py", 175, "Calling HTTP method POST on https://bi.internal.acme.io/api/v1/extracts/refresh"));
  taskEnd(tl, rng, biTi, biStart, t3 + rng.int(20, 50) * SEC, "success");
  const publishedAt = t2 + pubDur;

  // --- finance_daily_report waits for publish_marts (ExternalTaskSensor, poke every 60 s, timeout 20 min)
  const finLogical = nightly + 15 * MIN - DAY;
  let finTry = 1;
  let sensorStart = nightly + 15 * MIN + rng.int(3, 9) * SEC;
  while (sensorStart < end) {
    const sTi = mkTi("finance_daily_report", "wait_for_marts", "ExternalTaskSensor", finLogical, finTry, 3);
    sTi.logical = finLogical;
    const s0 = taskStart(tl, rng, sTi, sensorStart);
    let x = s0 + 300;
    let met = false;
    while (x < sensorStart + 20 * MIN && x < end) {
      const runStr = isoOffset(logical).replace(/\.\d{3}/, "");
      tl.add(x, (tt) => taskLine(tt, sTi, "info", "external_task.py", 260, `Poking for tasks ['publish_marts'] in dag warehouse_nightly on ${runStr} ... `));
      if (x > publishedAt) {
        tl.add(x + 60, (tt) => taskLine(tt, sTi, "info", "base.py", 293, "Success criteria met. Exiting."));
        taskEnd(tl, rng, sTi, sensorStart, x + 900, "success");
        met = true;
        break;
      }
      x += 60 * SEC + rng.int(0, 400);
    }
    if (met || x >= end) break;
    const ran = round((x - sensorStart) / 1000, 2).toFixed(2);
    const lbl: Label = "performance";
    tl.add(
      x,
      (tt) => taskLine(tt, sTi, "error", "base.py", 276, `Sensor has timed out; run duration of ${ran} seconds exceeded the specified timeout of 1200.0.`),
      lbl,
    );
    tl.add(
      x + 40,
      (tt) =>
        taskLine(tt, sTi, "error", "taskinstance.py", 2698, "Task failed with exception", {
          exc_text: `Traceback (most recent call last):\n  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/sensors/base.py", line 276, in execute\n    raise AirflowSensorTimeout(message)\nairflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of ${ran} seconds exceeded the specified timeout of 1200.0.`,
        }),
      "error",
    );
    taskEnd(tl, rng, sTi, sensorStart, x + 300, "failed", { task: "error", sched: "error" });
    finTry += 1;
    sensorStart = x + 5 * MIN + rng.int(2, 10) * SEC;
  }

  // --- decoy: the hourly rollup, heavy and slow by design
  const firstHour = Math.ceil((start - 5 * MIN) / HOUR) * HOUR;
  for (let h = firstHour - HOUR; h < end; h += HOUR) {
    const hRng = rng.fork(`hourly-${h}`);
    const hStart = h + 5 * MIN + hRng.int(3, 9) * SEC;
    const hTi = mkTi("events_hourly_rollup", "rollup_events", "SparkSubmitOperator", h + 5 * MIN - HOUR);
    const h0 = taskStart(tl, hRng, hTi, hStart);
    const happ: SparkApp = sparkApp(hRng, "spark-events-rollup", "events-rollup", 6, 4);
    tl.add(h0 + 300, (tt) =>
      taskLine(
        tt,
        hTi,
        "info",
        "spark_submit.py",
        341,
        "Spark-Submit cmd: spark-submit --master k8s://https://kubernetes.default.svc:443 --conf spark.executor.instances=6 --conf spark.executor.cores=4 --conf spark.kubernetes.report.interval=30s --name events-rollup --deploy-mode cluster s3a://acme-jobs/events/rollup-1.12.0.jar",
      ),
    );
    const hs = h0 + hRng.int(25, 35) * SEC;
    const he = runJob(tl, hRng, happ, hs, "insertInto at RollupJob.scala:58", [
      {
        tasks: 72,
        kind: "ShuffleMapStage",
        duration: () => hRng.logn(61_000, 0.3),
        executorLines: 6,
        during: (_i, from, _to, ex, tid) => {
          if (hRng.chance(0.3)) tl.add(from + hRng.int(9000, 40_000), (tt) => spillLine(happ, ex, tt, tid, hRng.int(300, 900), 1));
        },
      },
      {
        tasks: 48,
        kind: "ShuffleMapStage",
        duration: () => hRng.logn(72_000, 0.3),
        executorLines: 6,
        during: (_i, from, _to, ex, tid) => {
          if (hRng.chance(0.3)) tl.add(from + hRng.int(9000, 40_000), (tt) => spillLine(happ, ex, tt, tid, hRng.int(300, 900), hRng.int(1, 2)));
        },
      },
      { tasks: 24, kind: "ResultStage", duration: () => hRng.logn(22_000, 0.3), executorLines: 6 },
    ]);
    every(hRng, hs, he, 30 * SEC, 400, (x) =>
      tl.add(x, (tt) => taskLine(tt, hTi, "info", "spark_submit.py", 521, `Application status for ${happ.appId} (phase: Running)`)),
    );
    taskEnd(tl, hRng, hTi, hStart, he + hRng.int(4, 9) * SEC, "success");
  }

  // --- the 15-minute data quality DAG
  for (let q = Math.floor(start / (15 * MIN)) * 15 * MIN; q < end; q += 15 * MIN) {
    const qRng = rng.fork(`dq-${q}`);
    const qTi = mkTi("dq_checks_15min", "check_freshness", "PythonOperator", q - 15 * MIN);
    const qs = q + qRng.int(3, 8) * SEC;
    const q0 = taskStart(tl, qRng, qTi, qs);
    const tables: [string, number][] = [
      ["raw.events", qRng.int(40, 300)],
      ["raw.sessions", qRng.int(60, 400)],
      ["staging.payments", qRng.int(100, 900)],
      ["raw.web_vitals", qRng.int(60, 500)],
    ];
    for (const [k, [tab, lag]] of tables.entries()) {
      tl.add(q0 + 400 + k * qRng.int(200, 900), (tt) =>
        taskLine(tt, qTi, "info", "freshness.py", 33, `Freshness ${tab}: max(loaded_at) lag ${lag}s (threshold 3600s) OK`),
      );
    }
    if (qRng.chance(0.25))
      tl.add(q0 + 4000, (tt) =>
        taskLine(
          tt,
          qTi,
          "warn",
          "freshness.py",
          48,
          `Freshness raw.partner_feed: lag ${qRng.int(5400, 9000)}s exceeds threshold 3600s (known: partner pushes twice a day)`,
        ),
      );
    taskEnd(tl, qRng, qTi, qs, q0 + qRng.int(6, 14) * SEC, "success");
  }

  // --- scheduler housekeeping
  const hk = rng.fork("housekeeping");
  every(hk, start + hk.int(0, 300) * SEC, end, 5 * MIN, 1000, (x) => {
    tl.add(x, (tt) => schedLine(tt, "info", sched, "Adopting or resetting orphaned tasks for active dag runs"));
    tl.add(x + 400, (tt) => schedLine(tt, "info", sched, `Marked 0 SchedulerJob instances as failed`));
  });
  every(hk, start + hk.int(0, 60) * SEC, end, 60 * SEC, 800, (x) => {
    if (hk.chance(0.35))
      tl.add(x, (tt) => schedLine(tt, "info", "airflow.executors.kubernetes_executor.KubernetesExecutor", `Found ${hk.int(0, 2)} queued task instances`));
  });

  // --- webserver probes and warehouse maintenance
  const ws: PodRef = {
    pod: hk.pod("airflow-webserver"),
    namespace: "airflow",
    container: "webserver",
    node: `ip-10-${hk.int(0, 40)}-${hk.int(0, 255)}-${hk.int(2, 254)}.ec2.internal`,
    app: "airflow-webserver",
  };
  every(hk, start + hk.int(0, 10_000), end, 10 * SEC, 300, (x) => {
    const ip = `10.${hk.int(0, 3)}.${hk.int(0, 255)}.1`;
    tl.add(x, (tt) => {
      const d = new Date(tt);
      const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
      const stamp = `${String(d.getUTCDate()).padStart(2, "0")}/${mon}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
      return fluentbit(tt, ws, "stdout", `${ip} - - [${stamp}] "GET /health HTTP/1.1" 200 ${hk.int(310, 330)} "-" "kube-probe/1.29"`);
    });
  });
  poisson(hk, start, end, 4 * MIN, (x) => {
    tl.add(x, (tt) =>
      pglog(
        tt,
        "warehouse-db-0",
        3000 + hk.int(0, 900),
        "LOG",
        `automatic analyze of table "warehouse.${hk.pick(["raw.events", "raw.sessions", "staging.payments", "marts.fct_events_hourly"])}" system usage: CPU: user: ${round(hk.float(0.1, 2), 2)} s, system: 0.0${hk.int(1, 9)} s, elapsed: ${round(hk.float(0.5, 4), 2)} s`,
        { user: "", dbname: "warehouse", backend_type: "autovacuum worker", service: "warehouse-db" },
      ),
    );
  });
  every(hk, start + hk.int(0, 300) * SEC, end, 5 * MIN, 2000, (x) => {
    tl.add(x, (tt) =>
      pglog(tt, "warehouse-db-0", 58, "LOG", "checkpoint starting: time", { user: "", dbname: "", backend_type: "checkpointer", service: "warehouse-db" }),
    );
    const b = hk.int(2000, 40_000);
    tl.add(x + hk.int(30, 140) * SEC, (tt) =>
      pglog(
        tt,
        "warehouse-db-0",
        58,
        "LOG",
        `checkpoint complete: wrote ${b} buffers (${round(b / 1638.4, 1)}%); 0 WAL file(s) added, 0 removed, ${hk.int(1, 9)} recycled; write=${round(hk.float(30, 140), 3)} s, sync=0.${hk.int(10, 99)} s`,
        { user: "", dbname: "", backend_type: "checkpointer", service: "warehouse-db" },
      ),
    );
  });

  return tl.build(
    "nightly-etl-slow-run",
    "The nightly orders-fact load takes forty minutes instead of four because one skewed shuffle partition straggles; SLA misses and a downstream sensor timeout follow, beside an hourly rollup that is slow by design",
    rng,
  );
}

function logShuffle(app: SparkApp, ex: SparkApp["executors"][number], t: number, tid: number, msg: string): Record<string, unknown> {
  return {
    timeMillis: t,
    thread: `Executor task launch worker for task ${tid}`,
    level: "INFO",
    loggerName: "org.apache.spark.storage.ShuffleBlockFetcherIterator",
    message: msg,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    threadId: 60 + (tid % 40),
    threadPriority: 5,
    service: app.service,
    spark_app_id: app.appId,
    pod: ex.pod,
    role: "executor",
    executor_id: String(ex.id),
  };
}
