/*
 * nightly-etl-slow-stage
 *
 * The nightly warehouse DAG: airflow-scheduler (JSON logging) launches Spark
 * stages on etl-runner (Spark driver, ECS-style JSON with service.name),
 * warehouse-loader (Go, zap) copies the results into the warehouse and
 * dq-checks (Python) validates them. Normal lines are big and slow by nature:
 * Spark tasks of 30-90 s, partitions of hundreds of thousands of rows, stages
 * of several minutes, COPY statements of a minute, a recurring "task of very
 * large size" warning.
 *
 * Tonight one stage (which one varies) runs about 6x slower than usual: every
 * task takes minutes instead of tens of seconds, Airflow logs an SLA miss, and
 * the stage and task-instance summaries report hour-long durations. Late in
 * that stage one skewed partition fails: its executor is killed by YARN for
 * exceeding physical memory, the retry hits S3 SlowDown (sometimes), and the
 * partition is retried until it succeeds. The rest of the run is normal.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};
const num = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const dur = (ms: number): string => {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${m}m${sec}s` : m > 0 ? `${m}m${sec}s` : `${(ms / 1000).toFixed(1)}s`;
};

interface StageSpec {
  task: string;
  tasks: number;
  medianMs: number;
  partitions: number;
  rowsPerPartition: number;
  table: string;
}

const STAGES: StageSpec[] = [
  { task: "extract_orders", tasks: 192, medianMs: 42_000, partitions: 24, rowsPerPartition: 520_000, table: "stg_orders" },
  { task: "extract_customers", tasks: 128, medianMs: 31_000, partitions: 16, rowsPerPartition: 240_000, table: "stg_customers" },
  { task: "extract_sessions", tasks: 256, medianMs: 48_000, partitions: 32, rowsPerPartition: 2_800_000, table: "stg_sessions" },
  { task: "extract_payments", tasks: 96, medianMs: 51_000, partitions: 12, rowsPerPartition: 610_000, table: "stg_payments" },
  { task: "extract_inventory", tasks: 96, medianMs: 27_000, partitions: 12, rowsPerPartition: 180_000, table: "stg_inventory" },
  { task: "transform_sessions", tasks: 192, medianMs: 74_000, partitions: 24, rowsPerPartition: 3_400_000, table: "fct_sessions" },
  { task: "transform_orders", tasks: 160, medianMs: 58_000, partitions: 20, rowsPerPartition: 640_000, table: "fct_orders" },
  { task: "build_marts", tasks: 128, medianMs: 88_000, partitions: 16, rowsPerPartition: 310_000, table: "mart_daily_revenue" },
];

export function s09NightlyEtlSlowStage(seed: number): Scenario {
  const r = rng(seed, "tundra/s09");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const month = r.int(0, 10);
  const day = r.int(2, 28);
  const dagStart = Date.UTC(2026, month, day, 1, 0, 0) + r.int(2000, 40_000);
  const runDate = iso(Date.UTC(2026, month, day - 1)).slice(0, 10);
  const runId = `scheduled__${runDate}T01:00:00+00:00`;
  const slowTask = r.pick(["extract_sessions", "transform_sessions", "transform_orders", "build_marts"]);
  const slots = 32;
  const hosts = Array.from({ length: 8 }, (_, i) => ({ ip: `10.0.${r.int(2, 5)}.${r.int(10, 250)}`, exec: i + 1 }));

  // --- producers ---
  const af = (t: number, levelname: string, name: string, message: string): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name,
    message,
    app: "airflow-scheduler",
    timestamp: pyTimestamp(t),
  });
  const spark = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": isoOffset(t),
    level,
    logger_name: logger,
    thread_name: logger.includes("TaskSetManager") ? `task-result-getter-${r.int(0, 3)}` : "main",
    message,
    "service.name": "etl-runner",
    "spark.app.id": sparkAppId,
    ...extra,
  });
  const sparkAppId = `application_${Math.floor(dagStart / 1000) - r.int(60, 600)}_${String(r.int(1000, 9999)).padStart(4, "0")}`;
  const loader = (t: number, level: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller: "copy/runner.go:112",
    msg,
    service: "warehouse-loader",
    ...fields,
  });
  const dq = (t: number, levelname: string, message: string): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name: "dq.checks",
    message,
    service: "dq-checks",
    timestamp: pyTimestamp(t),
  });

  const tiStr = (task: string, state: string): string => `<TaskInstance: nightly_warehouse.${task} ${runId} [${state}]>`;
  let jobId = r.int(80_000, 99_000);
  let pid = r.int(2000, 9000);
  let stageNo = r.int(2, 6);
  let tid = r.int(100, 900);

  const airflowTaskStart = (t: number, task: string, priority: number): void => {
    push(
      t,
      af(t, "INFO", "airflow.jobs.scheduler_job_runner.SchedulerJobRunner", `Setting the following tasks to queued state:\n\t${tiStr(task, "scheduled")}`),
    );
    push(
      t + 40,
      af(
        t + 40,
        "INFO",
        "airflow.jobs.scheduler_job_runner.SchedulerJobRunner",
        `Sending TaskInstanceKey(dag_id='nightly_warehouse', task_id='${task}', run_id='${runId}', try_number=1, map_index=-1) to KubernetesExecutor with priority ${priority} and queue default`,
      ),
    );
  };
  const airflowTaskEnd = (t: number, task: string, t0: number, priority: number, label: AnomalyType | null): void => {
    push(
      t,
      af(
        t,
        "INFO",
        "airflow.jobs.scheduler_job_runner.SchedulerJobRunner",
        `TaskInstance Finished: dag_id=nightly_warehouse, task_id=${task}, run_id=${runId}, map_index=-1, run_start_date=${isoOffset(t0)}, run_end_date=${isoOffset(t)}, run_duration=${((t - t0) / 1000).toFixed(3)}, state=success, executor_state=success, try_number=1, max_tries=2, job_id=${jobId++}, pool=default_pool, queue=default, priority_weight=${priority}, operator=SparkSubmitOperator, queued_dttm=${isoOffset(t0 - 900)}, queued_by_job_id=${r.int(100, 200)}, pid=${pid++}`,
      ),
      label,
    );
  };

  // --- run one Spark stage; returns end time ---
  const runStage = (spec: StageSpec, t0: number, priority: number): number => {
    const slow = spec.task === slowTask;
    const stage = `${stageNo++}.0`;
    airflowTaskStart(t0, spec.task, priority);
    const ts = t0 + r.int(25_000, 45_000); // spark-submit + executor allocation
    push(
      ts,
      spark(
        ts,
        "INFO",
        "org.apache.spark.scheduler.DAGScheduler",
        `Submitting ${spec.tasks} missing tasks from ResultStage ${stage.split(".")[0]} (MapPartitionsRDD[${r.int(20, 90)}] at save at ${spec.task}.scala:${r.int(40, 140)}) (first 15 tasks are for partitions Vector(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))`,
      ),
    );
    push(ts + 5, spark(ts + 5, "INFO", "org.apache.spark.scheduler.TaskSchedulerImpl", `Adding task set ${stage} with ${spec.tasks} tasks resource profile 0`));
    if (r.chance(0.6)) {
      push(
        ts + 9,
        spark(
          ts + 9,
          "WARN",
          "org.apache.spark.scheduler.TaskSetManager",
          `Stage ${stage.split(".")[0]} contains a task of very large size (${r.int(1001, 1400)} KiB). The maximum recommended task size is 1000 KiB.`,
        ),
      );
    }
    const slotFree: number[] = Array.from({ length: slots }, () => ts + r.int(50, 2000));
    const failIdx = slow ? Math.floor(spec.tasks * r.float(0.7, 0.9)) : -1;
    const finishes: { t: number; idx: number; host: { ip: string; exec: number }; ms: number; attempt: number; tid: number }[] = [];
    for (let i = 0; i < spec.tasks; i++) {
      let s = 0;
      for (let k = 1; k < slots; k++) if ((slotFree[k] ?? 0) < (slotFree[s] ?? 0)) s = k;
      let host = hosts[s % hosts.length]!;
      let st = (slotFree[s] ?? ts) + r.int(5, 60);
      let attempt = 0;
      if (i === failIdx) {
        // attempt 0: executor killed for memory; maybe attempt 1: S3 SlowDown; then success
        const part = `part-${String(Math.floor(i / (spec.tasks / spec.partitions))).padStart(5, "0")}`;
        const secondFails = r.chance(0.6);
        const attemptsFailing = secondFails ? 2 : 1;
        for (let a = 0; a < attemptsFailing; a++) {
          const d = r.logn(spec.medianMs, 0.2) * r.float(5.5, 7.5) * (a === 0 ? 1.4 : 0.6);
          const tf = st + d;
          const myTid = tid++;
          push(
            st,
            spark(
              st,
              "INFO",
              "org.apache.spark.scheduler.TaskSetManager",
              `Starting task ${i}.${a} in stage ${stage} (TID ${myTid}) (${host.ip}, executor ${host.exec}, partition ${i}, PROCESS_LOCAL, ${r.int(8800, 9900)} bytes)`,
            ),
          );
          if (a === 0) {
            push(
              tf,
              spark(
                tf,
                "WARN",
                "org.apache.spark.scheduler.TaskSetManager",
                `Lost task ${i}.${a} in stage ${stage} (TID ${myTid}) (${host.ip} executor ${host.exec}): ExecutorLostFailure (executor ${host.exec} exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. ${(14 + r.float(0.1, 0.9)).toFixed(1)} GB of 14 GB physical memory used. Consider boosting spark.executor.memoryOverhead.`,
              ),
              "memory",
            );
            push(
              tf + 300,
              spark(
                tf + 300,
                "ERROR",
                "org.apache.spark.scheduler.cluster.YarnScheduler",
                `Lost executor ${host.exec} on ${host.ip}: Container from a bad node: container_e${r.int(10, 99)}_${sparkAppId.slice(12)}_01_0000${String(host.exec + 1).padStart(2, "0")} on host: ${host.ip}. Exit status: 137. Diagnostics: [${iso(tf).replace("T", " ").slice(0, 23)}]Container killed on request. Exit code is 137`,
              ),
              "memory",
            );
          } else {
            push(
              tf,
              spark(
                tf,
                "WARN",
                "org.apache.spark.scheduler.TaskSetManager",
                `Lost task ${i}.${a} in stage ${stage} (TID ${myTid}) (${host.ip} executor ${host.exec}): org.apache.hadoop.fs.s3a.AWSS3IOException: rename s3a://acme-dwh-staging/_temporary/0/_temporary/attempt_${r.hex(8)}_${String(i).padStart(4, "0")}_m_${String(i).padStart(6, "0")}_${a}/${part}.snappy.parquet on s3a://acme-dwh-staging/${spec.table}/dt=${runDate}/${part}.snappy.parquet: com.amazonaws.services.s3.model.AmazonS3Exception: Please reduce your request rate. (Service: Amazon S3; Status Code: 503; Error Code: SlowDown; Request ID: ${r.alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}; S3 Extended Request ID: ${r.alnum(56, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}=), S3 Extended Request ID: ...:SlowDown`,
              ),
              "error",
            );
          }
          push(
            tf + 800,
            spark(
              tf + 800,
              "ERROR",
              "com.acme.etl.PartitionWriter",
              `partition dt=${runDate}/${part} of ${spec.table} failed (attempt ${a + 1}/3), retrying in 60s`,
              {
                error_type: a === 0 ? "org.apache.spark.SparkException" : "org.apache.hadoop.fs.s3a.AWSS3IOException",
                stack_trace:
                  a === 0
                    ? `org.apache.spark.SparkException: Job aborted due to stage failure: Task ${i} in stage ${stage} failed 1 times, most recent failure: Lost task ${i}.0 in stage ${stage} (TID ${myTid}) (${host.ip} executor ${host.exec}): ExecutorLostFailure (executor ${host.exec} exited caused by one of the running tasks)\n\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)\n\tat com.acme.etl.PartitionWriter.write(PartitionWriter.scala:88)`
                    : "org.apache.hadoop.fs.s3a.AWSS3IOException: rename ... Status Code: 503; Error Code: SlowDown\n\tat org.apache.hadoop.fs.s3a.S3AUtils.translateException(S3AUtils.java:253)\n\tat org.apache.hadoop.fs.s3a.S3AFileSystem.rename(S3AFileSystem.java:1735)\n\tat com.acme.etl.PartitionWriter.commit(PartitionWriter.scala:131)",
              },
            ),
            "error",
          );
          st = tf + 60_000 + r.int(100, 2000);
          attempt = a + 1;
          host = hosts[(hosts.indexOf(host) + r.int(1, hosts.length - 1)) % hosts.length]!;
        }
      }
      push(
        st,
        spark(
          st,
          "INFO",
          "org.apache.spark.scheduler.TaskSetManager",
          `Starting task ${i}.${attempt} in stage ${stage} (TID ${tid}) (${host.ip}, executor ${host.exec}, partition ${i}, PROCESS_LOCAL, ${r.int(8800, 9900)} bytes)`,
        ),
      );
      const ms = r.logn(spec.medianMs, 0.22) * (slow ? r.float(5.3, 6.9) : 1);
      const fin = st + ms;
      slotFree[s] = fin;
      finishes.push({ t: fin, idx: i, host, ms, attempt, tid: tid++ });
    }
    finishes.sort((a, b) => a.t - b.t);
    const perPart = spec.tasks / spec.partitions;
    const partDone = new Map<number, number>();
    finishes.forEach((f, k) => {
      push(
        f.t,
        spark(
          f.t,
          "INFO",
          "org.apache.spark.scheduler.TaskSetManager",
          `Finished task ${f.idx}.${f.attempt} in stage ${stage} (TID ${f.tid}) in ${Math.round(f.ms)} ms on ${f.host.ip} (executor ${f.host.exec}) (${k + 1}/${spec.tasks})`,
        ),
        slow ? "performance" : null,
      );
      const p = Math.floor(f.idx / perPart);
      const done = (partDone.get(p) ?? 0) + 1;
      partDone.set(p, done);
      if (done === perPart) {
        const rows = r.logn(spec.rowsPerPartition, 0.15);
        const partMs = f.ms * r.float(1.8, 2.6);
        push(
          f.t + 400,
          spark(
            f.t + 400,
            "INFO",
            "com.acme.etl.PartitionWriter",
            `partition dt=${runDate}/part-${String(p).padStart(5, "0")} of ${spec.table} written: ${num(rows)} rows, ${(rows * r.float(0.00009, 0.00014)).toFixed(1)} MiB in ${dur(partMs)}`,
          ),
          slow ? "performance" : null,
        );
      }
      if (k % 40 === 39) {
        push(
          f.t + 90,
          spark(
            f.t + 90,
            "INFO",
            "org.apache.spark.storage.BlockManagerInfo",
            `Removed broadcast_${r.int(10, 99)}_piece0 on ${f.host.ip}:${r.int(30_000, 45_000)} in memory (size: ${r.float(10, 60).toFixed(1)} KiB, free: ${r.float(7.9, 8.4).toFixed(1)} GiB)`,
          ),
        );
      }
    });
    const tEnd = (finishes[finishes.length - 1]?.t ?? ts) + r.int(500, 3000);
    const totalRows = spec.partitions * spec.rowsPerPartition * r.float(0.93, 1.07);
    push(
      tEnd,
      spark(
        tEnd,
        "INFO",
        "org.apache.spark.scheduler.DAGScheduler",
        `ResultStage ${stage.split(".")[0]} (save at ${spec.task}.scala) finished in ${((tEnd - ts) / 1000).toFixed(3)} s`,
      ),
      slow ? "performance" : null,
    );
    push(
      tEnd + 600,
      spark(tEnd + 600, "INFO", "com.acme.etl.StageRunner", `stage ${spec.task} finished: ${num(totalRows)} rows into ${spec.table} in ${dur(tEnd - t0)}`),
      slow ? "performance" : null,
    );
    const tAf = tEnd + r.int(8000, 20_000);
    airflowTaskEnd(tAf, spec.task, t0, priority, slow ? "performance" : null);
    if (slow) {
      // SLA miss noticed while the stage is still running
      const tSla = t0 + spec.medianMs * (spec.tasks / slots) * 2.2;
      if (tSla < tEnd) {
        push(
          tSla,
          af(
            tSla,
            "WARNING",
            "airflow.dag_processing.processor.DagFileProcessor",
            `SLA miss for DAG nightly_warehouse, task ${spec.task}, run ${runId}: expected to finish within ${dur(spec.medianMs * (spec.tasks / slots) * 1.8)} of start, still running`,
          ),
          "performance",
        );
      }
    }
    return tAf;
  };

  // --- the run ---
  const windowStart = dagStart - r.int(3, 9) * 60_000;
  push(
    dagStart - 900,
    af(
      dagStart - 900,
      "INFO",
      "airflow.jobs.scheduler_job_runner.SchedulerJobRunner",
      `DAG nightly_warehouse is at (or above) max_active_runs (0 of 1), creating run ${runId}`,
    ),
  );
  push(
    dagStart,
    af(
      dagStart,
      "INFO",
      "airflow.models.dagrun.DagRun",
      `Marking run <DagRun nightly_warehouse @ ${runDate} 01:00:00+00:00: ${runId}, state:running, queued_at: ${iso(dagStart - 1200)
        .replace("T", " ")
        .replace("Z", "+00:00")}. externally triggered: False> running`,
    ),
  );
  let t = dagStart + r.int(3000, 9000);
  let priority = 12;
  // extracts run one after another here (shared executor pool), then transforms
  for (const spec of STAGES) {
    t = runStage(spec, t, priority--) + r.int(4000, 15_000);
  }

  // load into the warehouse
  airflowTaskStart(t, "load_warehouse", priority);
  const tl0 = t;
  let tl = t + r.int(20_000, 40_000);
  for (const spec of STAGES.slice(5)) {
    for (let p = 0; p < spec.partitions; p++) {
      const rows = r.logn(spec.rowsPerPartition, 0.15);
      const ms = r.logn(38_000, 0.3) * (spec.rowsPerPartition / 1_000_000 + 0.5);
      tl += ms;
      push(
        tl,
        loader(
          tl,
          "info",
          `COPY INTO ANALYTICS.${spec.table.toUpperCase()} FROM @ETL_STAGE/${spec.table}/dt=${runDate}/part-${String(p).padStart(5, "0")}.snappy.parquet`,
          {
            rows_loaded: Math.round(rows),
            rows_parsed: Math.round(rows),
            errors_seen: 0,
            duration_ms: Math.round(ms),
            warehouse: "ETL_WH_L",
          },
        ),
      );
    }
  }
  tl += r.int(5000, 15_000);
  airflowTaskEnd(tl, "load_warehouse", tl0, priority--, null);

  // data-quality checks
  t = tl + r.int(4000, 12_000);
  airflowTaskStart(t, "dq_checks", priority);
  const tq0 = t;
  t += r.int(15_000, 30_000);
  for (const spec of STAGES) {
    for (const check of ["row_count_delta", "null_ratio", "freshness", "unique_key"]) {
      t += r.logn(6000, 0.5);
      let detail: string;
      if (check === "row_count_delta") {
        const rows = spec.partitions * spec.rowsPerPartition;
        const delta = r.float(-6, 6);
        detail = `${num(rows)} rows vs 7d avg ${num(rows / (1 + delta / 100))} (${delta >= 0 ? "+" : ""}${delta.toFixed(1)}%, threshold ±15%)`;
      } else if (check === "null_ratio")
        detail = `max null ratio ${(r.float(0, 0.8)).toFixed(2)}% in ${r.pick(["user_id", "order_id", "country", "device"])} (threshold 2%)`;
      else if (check === "freshness") detail = `max(event_ts) lag ${r.int(55, 75)}m (threshold 26h)`;
      else detail = `0 duplicate keys in ${num(spec.partitions * spec.rowsPerPartition)} rows`;
      push(t, dq(t, "INFO", `check ${check} ${spec.table}: ${detail} PASS`));
    }
  }
  t += r.int(3000, 8000);
  push(t, dq(t, "INFO", `${STAGES.length * 4} checks run, 0 failed, 0 warnings`));
  t += r.int(5000, 15_000);
  airflowTaskEnd(t, "dq_checks", tq0, priority--, null);
  t += r.int(2000, 6000);
  push(
    t,
    af(
      t,
      "INFO",
      "airflow.models.dagrun.DagRun",
      `Marking run <DagRun nightly_warehouse @ ${runDate} 01:00:00+00:00: ${runId}, state:running, queued_at: ${iso(dagStart - 1200)
        .replace("T", " ")
        .replace("Z", "+00:00")}. externally triggered: False> successful`,
    ),
  );
  push(
    t + 20,
    af(
      t + 20,
      "INFO",
      "airflow.models.dagrun.DagRun",
      `DagRun Finished: dag_id=nightly_warehouse, execution_date=${runDate}T01:00:00+00:00, run_id=${runId}, run_start_date=${isoOffset(dagStart)}, run_end_date=${isoOffset(t + 20)}, run_duration=${((t + 20 - dagStart) / 1000).toFixed(3)}, state=success, external_trigger=False, run_type=scheduled, data_interval_start=${runDate}T01:00:00+00:00, data_interval_end=${iso(Date.UTC(2026, month, day)).slice(0, 10)}T01:00:00+00:00, dag_hash=${r.hex(32)}`,
    ),
  );
  const windowEnd = t + r.int(3, 10) * 60_000;

  // scheduler housekeeping through the whole window
  for (let th = windowStart + r.int(0, 300_000); th < windowEnd; th += 300_000) {
    push(th, af(th, "INFO", "airflow.jobs.scheduler_job_runner.SchedulerJobRunner", "Adopting or resetting orphaned tasks for active dag runs"));
  }
  // an unrelated hourly DAG
  for (let th = Date.UTC(2026, month, day, 1, 5, 0); th < windowEnd; th += 3_600_000) {
    if (th < windowStart) continue;
    const rid = `scheduled__${iso(th - 3_600_000).slice(0, 13)}:05:00+00:00`;
    push(
      th + 1500,
      af(
        th + 1500,
        "INFO",
        "airflow.jobs.scheduler_job_runner.SchedulerJobRunner",
        `Setting the following tasks to queued state:\n\t<TaskInstance: hourly_events_compaction.compact ${rid} [scheduled]>`,
      ),
    );
    const d = r.logn(140_000, 0.2);
    push(
      th + 1500 + d,
      af(
        th + 1500 + d,
        "INFO",
        "airflow.jobs.scheduler_job_runner.SchedulerJobRunner",
        `TaskInstance Finished: dag_id=hourly_events_compaction, task_id=compact, run_id=${rid}, map_index=-1, run_duration=${(d / 1000).toFixed(3)}, state=success, executor_state=success, try_number=1, max_tries=1, job_id=${jobId++}, pool=default_pool, queue=default, priority_weight=1, operator=PythonOperator, pid=${pid++}`,
      ),
    );
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "nightly-etl-slow-stage",
    description:
      "Nightly Spark/Airflow warehouse run with minutes-long stages; one stage runs ~6x slower (SLA miss) and a skewed partition fails (executor OOM-killed, S3 SlowDown) and is retried.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
