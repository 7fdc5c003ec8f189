// A nightly batch window: Airflow, a Spark job on YARN, its executors' GC logs.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, iso, type Ln, MIN, Rng, windowStart, Lines } from "./kit.js";

/**
 * The nightly finance DAG's Spark job meets one skewed partition: the executor holding it fills
 * its heap (long full GCs), YARN kills the container for exceeding its memory limit, the retried
 * task runs for half an hour and the DAG misses its SLA, while the hourly jobs around it run normally.
 */
export function nightlyEtlSkewOverrun(seed: number): Scenario {
  const r = new Rng(seed, "nightly-etl-skew-overrun");
  const start = windowStart(r, 0);
  const end = start + 6 * HOUR;
  const lines = new Lines();
  const workers = ["airflow-worker-0", "airflow-worker-1"];
  const execHosts = ["hdp-wrk07", "hdp-wrk12", "hdp-wrk19", "hdp-wrk23"];
  const execIps = execHosts.map(() => r.privateIp("10.0"));
  const appId = `application_${Math.floor(start / 1000) - r.int(100000, 900000)}_${String(r.int(1000, 9999)).padStart(4, "0")}`;
  const container = (i: number) => `container_e${r.int(10, 12)}_${appId.slice(12)}_01_00000${i + 2}`;
  const containers = execHosts.map((_, i) => container(i));
  const driver = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], logger: string, thread = "task-result-getter-0"): Ln => ({
    t,
    svc: "spark-driver",
    lvl,
    msg,
    label,
    fmt: "log4j2",
    host: "hdp-edge02",
    logger,
    meta: { thread, threadId: 40 + (thread.length % 9) },
  });
  const air = (t: number, svc: string, lvl: Ln["lvl"], msg: string, label: Ln["label"], logger: string, f: Record<string, unknown> = {}): Ln => ({
    t,
    svc,
    lvl,
    msg,
    label,
    fmt: "pylog",
    host: svc === "airflow-scheduler" ? "airflow-scheduler-0" : r.pick(workers),
    logger,
    sk: "app",
    f,
  });
  const runId = (t: number) => `scheduled__${iso(Math.floor(t / HOUR) * HOUR - HOUR).replace(/\.\d{3}Z$/, "+00:00")}`;

  // ---- hourly jobs: a Spark job of 200 short tasks each hour ----
  let tid = r.int(1000, 5000);
  let jobNo = 0;
  let stageNo = 0;
  for (const t0 of r.every(start, end, HOUR, 2 * MIN)) {
    const rid = runId(t0);
    lines.push(
      air(
        t0,
        "airflow-scheduler",
        "INFO",
        `Created <DagRun hourly_sessions @ ${rid.slice(11)}: ${rid}, state:running, queued_at: ${iso(t0)}. externally triggered: False>`,
        null,
        "airflow.jobs.scheduler_job_runner.SchedulerJobRunner",
      ),
    );
    lines.push(
      air(
        t0 + 2000,
        "airflow-worker",
        "INFO",
        `Running <TaskInstance: hourly_sessions.sessionize ${rid} [queued]> on host ${workers[0]}`,
        null,
        "airflow.task",
      ),
    );
    const stage = stageNo++;
    let t = t0 + 8000;
    for (let k = 0; k < 200; k++) {
      const e = r.int(0, 3);
      const ms = Math.round(r.logn(2400, 0.35));
      t += r.int(80, 400);
      lines.push(
        driver(
          t + ms,
          "INFO",
          `Finished task ${k}.0 in stage ${stage}.0 (TID ${tid++}) in ${ms} ms on ${execIps[e]} (executor ${e + 1}) (${k + 1}/200)`,
          null,
          "org.apache.spark.scheduler.TaskSetManager",
        ),
      );
    }
    const took = (t - t0) / 1000 + r.float(2, 5);
    lines.push(
      driver(
        t0 + took * 1000,
        "INFO",
        `Job ${jobNo++} finished: save at Sessionize.scala:57, took ${took.toFixed(6)} s`,
        null,
        "org.apache.spark.scheduler.DAGScheduler",
        "dag-scheduler-event-loop",
      ),
    );
    lines.push(
      air(
        t0 + took * 1000 + 3000,
        "airflow-worker",
        "INFO",
        "Task exited with return code 0",
        null,
        "airflow.task.task_runner.standard_task_runner.StandardTaskRunner",
      ),
    );
    lines.push(
      air(
        t0 + took * 1000 + 5000,
        "airflow-scheduler",
        "INFO",
        `DagRun Finished: dag_id=hourly_sessions, run_id=${rid}, run_duration=${(took + 9).toFixed(2)}, state=success`,
        null,
        "airflow.models.dagrun.DagRun",
      ),
    );
  }

  // ---- the finance job: stage 7 with one skewed partition ----
  const fin0 = start + Math.floor(r.float(0.45, 0.55) * 6 * HOUR);
  const finRid = runId(fin0);
  lines.push(
    air(
      fin0,
      "airflow-worker",
      "INFO",
      `Running <TaskInstance: finance_daily.aggregate_ledger ${finRid} [queued]> on host ${workers[1]}`,
      null,
      "airflow.task",
    ),
  );
  const skewExec = r.int(0, 3);
  let t = fin0 + 10_000;
  const finStage = 7;
  const skewTask = r.int(150, 199);
  for (let k = 0; k < 200; k++) {
    const e = k === skewTask ? skewExec : r.int(0, 3);
    const ms = Math.round(r.logn(3100, 0.35));
    t += r.int(80, 400);
    if (k === skewTask) continue;
    lines.push(
      driver(
        t + ms,
        "INFO",
        `Finished task ${k}.0 in stage ${finStage}.0 (TID ${tid++}) in ${ms} ms on ${execIps[e]} (executor ${e + 1}) (${k}/200)`,
        null,
        "org.apache.spark.scheduler.TaskSetManager",
      ),
    );
  }
  const skewStart = fin0 + 10_000 + skewTask * 240;
  const killAt = skewStart + r.int(9, 14) * MIN;
  const retryMs = r.int(1_500_000, 2_100_000);
  const retryDone = killAt + 20_000 + retryMs;
  const skewHost = execHosts[skewExec] ?? "hdp-wrk07";
  const skewContainer = containers[skewExec] ?? "container";
  lines.push(
    driver(
      killAt + 3000,
      "ERROR",
      `Lost executor ${skewExec + 1} on ${skewHost}: Container killed by YARN for exceeding physical memory limits. 11.3 GB of 11 GB physical memory used. Consider boosting spark.executor.memoryOverhead.`,
      "memory",
      "org.apache.spark.scheduler.cluster.YarnScheduler",
      "dispatcher-CoarseGrainedScheduler",
    ),
  );
  lines.push(
    driver(
      killAt + 3100,
      "WARNING",
      `Lost task ${skewTask}.0 in stage ${finStage}.0 (TID ${tid + 1}) (${execIps[skewExec]} executor ${skewExec + 1}): ExecutorLostFailure (executor ${skewExec + 1} exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 11.3 GB of 11 GB physical memory used. Consider boosting spark.executor.memoryOverhead.`,
      "error",
      "org.apache.spark.scheduler.TaskSetManager",
    ),
  );
  const retryExec = (skewExec + 1) % 4;
  lines.push(
    driver(
      retryDone,
      "INFO",
      `Finished task ${skewTask}.1 in stage ${finStage}.0 (TID ${tid + 2}) in ${retryMs} ms on ${execIps[retryExec]} (executor ${retryExec + 1}) (200/200)`,
      "performance",
      "org.apache.spark.scheduler.TaskSetManager",
    ),
  );
  const jobTook = (retryDone - fin0) / 1000;
  lines.push(
    driver(
      retryDone + 800,
      "INFO",
      `Job ${jobNo} finished: save at AggregateLedger.scala:88, took ${jobTook.toFixed(6)} s`,
      "performance",
      "org.apache.spark.scheduler.DAGScheduler",
      "dag-scheduler-event-loop",
    ),
  );
  const sla = fin0 + r.int(25, 35) * MIN;
  lines.push(
    air(
      sla,
      "airflow-scheduler",
      "WARNING",
      `SLA missed for task aggregate_ledger in DAG finance_daily (run ${finRid}); running for ${Math.round((sla - fin0) / 60000)} minutes`,
      "performance",
      "airflow.dag_processing.processor.DagFileProcessor",
    ),
  );
  if (retryDone + 5000 < end) {
    lines.push(
      air(
        retryDone + 5000,
        "airflow-worker",
        "INFO",
        "Task exited with return code 0",
        null,
        "airflow.task.task_runner.standard_task_runner.StandardTaskRunner",
      ),
    );
    lines.push(
      air(
        retryDone + 7000,
        "airflow-scheduler",
        "INFO",
        `DagRun Finished: dag_id=finance_daily, run_id=${finRid}, run_duration=${(jobTook + 14).toFixed(2)}, state=success`,
        "performance",
        "airflow.models.dagrun.DagRun",
      ),
    );
  }
  for (const tp of r.every(fin0 + 5 * MIN, Math.min(end, retryDone), 5 * MIN, 5000))
    lines.push(
      air(
        tp,
        "airflow-worker",
        "INFO",
        `Poking for tasks ['aggregate_ledger'] in dag finance_daily on ${finRid.slice(11)} ...`,
        null,
        "airflow.task.sensors.external_task",
      ),
    );

  // ---- executors' GC logs and YARN's container memory checks ----
  const jvmStart = start - r.int(2, 9) * HOUR;
  let gcNo = r.int(3000, 9000);
  execHosts.forEach((host, e) => {
    for (const tg of r.every(start, end, 75_000, 20_000)) {
      const inSkew = e === skewExec && tg >= skewStart && tg < killAt;
      const afterKill = e === skewExec && tg >= killAt && tg < killAt + 40_000;
      if (afterKill) continue;
      const uptime = `${((tg - (e === skewExec && tg > killAt ? killAt + 40_000 : jvmStart)) / 1000).toFixed(3)}s`;
      if (!inSkew) {
        const before = r.int(2400, 5200);
        const after = r.int(700, 1900);
        lines.push({
          t: tg,
          svc: "spark-executor",
          lvl: "INFO",
          msg: `GC(${gcNo++}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(8192M) ${r.logn(22, 0.35).toFixed(3)}ms`,
          label: null,
          fmt: "gclog",
          host,
          meta: { uptime, tags: "gc" },
        });
        continue;
      }
      const frac = (tg - skewStart) / (killAt - skewStart);
      const after = Math.round(2500 + frac * 5600);
      if (frac < 0.35) {
        lines.push({
          t: tg,
          svc: "spark-executor",
          lvl: "INFO",
          msg: `GC(${gcNo++}) Pause Young (Normal) (G1 Evacuation Pause) ${after + r.int(1500, 2500)}M->${after}M(8192M) ${r.logn(40, 0.3).toFixed(3)}ms`,
          label: after > 0.8 * 8192 ? "memory" : null,
          fmt: "gclog",
          host,
          meta: { uptime, tags: "gc" },
        });
      } else {
        const n = gcNo++;
        lines.push({
          t: tg,
          svc: "spark-executor",
          lvl: "INFO",
          msg: `GC(${n}) To-space exhausted`,
          label: "memory",
          fmt: "gclog",
          host,
          meta: { uptime, tags: "gc" },
        });
        lines.push({
          t: tg + 2,
          svc: "spark-executor",
          lvl: "INFO",
          msg: `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) 8190M->${Math.min(8150, after + 400)}M(8192M) ${r.float(300, 900).toFixed(3)}ms`,
          label: "memory",
          fmt: "gclog",
          host,
          meta: { uptime, tags: "gc" },
        });
        const full = gcNo++;
        lines.push({
          t: tg + 1000,
          svc: "spark-executor",
          lvl: "INFO",
          msg: `GC(${full}) Pause Full (G1 Compaction Pause) 8191M->${Math.min(8100, after + r.int(100, 300))}M(8192M) ${r.float(2500, 6500).toFixed(3)}ms`,
          label: "memory",
          fmt: "gclog",
          host,
          meta: { uptime, tags: "gc" },
        });
      }
    }
  });
  execHosts.forEach((host, e) => {
    const cid = containers[e] ?? "container";
    const pid = r.int(10000, 60000);
    for (const tm of r.every(start, end, 2 * MIN, 10_000)) {
      const inSkew = e === skewExec && tm >= skewStart && tm < killAt;
      if (e === skewExec && tm >= killAt && tm < killAt + 60_000) continue;
      const used = inSkew ? Math.min(10.95, 6 + ((tm - skewStart) / (killAt - skewStart)) * 5) : r.float(4.8, 7.6);
      lines.push({
        t: tm,
        svc: "yarn-nodemanager",
        lvl: "INFO",
        msg: `Memory usage of ProcessTree ${pid} for container-id ${cid}: ${used.toFixed(1)} GB of 11 GB physical memory used; ${(used * 1.4).toFixed(1)} GB of 23.1 GB virtual memory used`,
        label: inSkew && used > 9.5 ? "memory" : null,
        fmt: "log4j2",
        host,
        logger: "org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl",
        meta: { thread: "Container Monitor", threadId: 61 },
      });
    }
  });
  lines.push({
    t: killAt,
    svc: "yarn-nodemanager",
    lvl: "WARNING",
    msg: `Container [pid=${r.int(10000, 60000)},containerID=${skewContainer}] is running ${r.int(200_000_000, 400_000_000)}B beyond the 'PHYSICAL' memory limit. Current usage: 11.3 GB of 11 GB physical memory used; 15.9 GB of 23.1 GB virtual memory used. Killing container.`,
    label: "memory",
    fmt: "log4j2",
    host: skewHost,
    logger: "org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl",
    meta: { thread: "Container Monitor", threadId: 61 },
  });

  return finish(
    "nightly-etl-skew-overrun",
    "A nightly Spark job hits a skewed partition: long full GCs on one executor, YARN kills its container over the memory limit, the retried task runs half an hour and the DAG misses its SLA",
    lines,
  );
}
