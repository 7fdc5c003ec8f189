// Airflow's task-instance log lines (as the Elasticsearch handler writes them, JSON) and the
// scheduler's lines, for the batch scenarios.

import { isoOffset, type Lvl, pyjson } from "./producers.js";
import type { Rng } from "./rng.js";
import type { Entry, Label, Timeline } from "./timeline.js";

const PYLVL: Record<Lvl, string> = { trace: "DEBUG", debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };

export interface TaskInstance {
  dag: string;
  task: string;
  operator: string;
  logical: number;
  runType: "scheduled" | "manual";
  tryNumber: number;
  maxTries: number;
  host: string;
  jobId: number;
  pid: number;
}

export function runId(ti: TaskInstance): string {
  return `${ti.runType}__${isoOffset(ti.logical).replace(/\.\d{3}/, "")}`;
}

function compact(t: number): string {
  return new Date(t)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "");
}

export function taskLine(t: number, ti: TaskInstance, level: Lvl, file: string, line: number, message: string, extra: Record<string, unknown> = {}): Entry {
  const rid = runId(ti);
  return {
    "@timestamp": isoOffset(t),
    levelname: PYLVL[level],
    logger: "airflow.task",
    filename: file,
    lineno: line,
    message,
    dag_id: ti.dag,
    task_id: ti.task,
    run_id: rid,
    try_number: String(ti.tryNumber),
    map_index: -1,
    host: ti.host,
    log_id: `${ti.dag}-${ti.task}-${rid}--1-${ti.tryNumber}`,
    ...extra,
  };
}

export function schedLine(t: number, level: Lvl, logger: string, message: string, extra: Record<string, unknown> = {}): Entry {
  return pyjson(t, "airflow-scheduler", logger, level, message, { pod: "airflow-scheduler-0", ...extra });
}

const SCHED = "airflow.jobs.scheduler_job_runner.SchedulerJobRunner";

export function tiRepr(ti: TaskInstance, state: string): string {
  return `<TaskInstance: ${ti.dag}.${ti.task} ${runId(ti)} [${state}]>`;
}

/** The lines every task instance writes when it starts; returns when the operator's own lines can begin. */
export function taskStart(tl: Timeline, rng: Rng, ti: TaskInstance, t0: number, label: Label = null): number {
  const key = `TaskInstanceKey(dag_id='${ti.dag}', task_id='${ti.task}', run_id='${runId(ti)}', try_number=${ti.tryNumber}, map_index=-1)`;
  tl.add(t0 - rng.int(1500, 4000), (t) => schedLine(t, "info", SCHED, `Sending ${key} to executor with priority ${rng.int(1, 12)} and queue default`));
  let t = t0;
  tl.add(
    t,
    (tt) => taskLine(tt, ti, "info", "taskinstance.py", 1157, `Dependencies all met for dep_context=non-requeueable deps ti=${tiRepr(ti, "queued")}`),
    label,
  );
  t += 30;
  tl.add(
    t,
    (tt) => taskLine(tt, ti, "info", "taskinstance.py", 1157, `Dependencies all met for dep_context=requeueable deps ti=${tiRepr(ti, "queued")}`),
    label,
  );
  t += 4;
  tl.add(t, (tt) => taskLine(tt, ti, "info", "taskinstance.py", 1359, `Starting attempt ${ti.tryNumber} of ${ti.maxTries}`), label);
  const when = `${isoOffset(ti.logical)
    .replace("T", " ")
    .replace(/\.\d{3}/, "")}`;
  t += 6;
  tl.add(t, (tt) => taskLine(tt, ti, "info", "taskinstance.py", 1380, `Executing <Task(${ti.operator}): ${ti.task}> on ${when}`), label);
  t += 20;
  tl.add(t, (tt) => taskLine(tt, ti, "info", "standard_task_runner.py", 57, `Started process ${ti.pid} to run task`), label);
  t += 400;
  tl.add(t, (tt) => taskLine(tt, ti, "info", "task_command.py", 416, `Running ${tiRepr(ti, "running")} on host ${ti.host}`), label);
  return t + 200;
}

/** The lines of a task that finished (SUCCESS or FAILED), and the scheduler's report. */
export function taskEnd(
  tl: Timeline,
  rng: Rng,
  ti: TaskInstance,
  started: number,
  t0: number,
  state: "success" | "failed",
  labels: { task?: Label; sched?: Label } = {},
): void {
  const lt = labels.task ?? null;
  const ls = labels.sched ?? null;
  const exec = compact(ti.logical);
  const verb = state === "success" ? "SUCCESS" : ti.tryNumber < ti.maxTries ? "UP_FOR_RETRY" : "FAILED";
  tl.add(
    t0,
    (tt) =>
      taskLine(
        tt,
        ti,
        "info",
        "taskinstance.py",
        1400,
        `Marking task as ${verb}. dag_id=${ti.dag}, task_id=${ti.task}, execution_date=${exec}, start_date=${compact(started)}, end_date=${compact(tt)}`,
      ),
    lt,
  );
  tl.add(
    t0 + rng.int(300, 900),
    (tt) => taskLine(tt, ti, "info", "local_task_job_runner.py", 234, `Task exited with return code ${state === "success" ? 0 : 1}`),
    state === "success" ? lt : lt,
  );
  tl.add(t0 + rng.int(950, 1300), (tt) =>
    taskLine(tt, ti, "info", "taskinstance.py", 2778, `${state === "success" ? rng.int(0, 2) : 0} downstream tasks scheduled from follow-on schedule check`),
  );
  const dur = ((t0 - started) / 1000).toFixed(6);
  const rs = `${isoOffset(started).replace("T", " ")}`;
  const re = `${isoOffset(t0).replace("T", " ")}`;
  tl.add(
    t0 + rng.int(1500, 4000),
    (tt) =>
      schedLine(
        tt,
        "info",
        SCHED,
        `TaskInstance Finished: dag_id=${ti.dag}, task_id=${ti.task}, run_id=${runId(ti)}, map_index=-1, run_start_date=${rs}, run_end_date=${re}, run_duration=${dur}, state=${verb === "UP_FOR_RETRY" ? "up_for_retry" : state}, executor_state=success, try_number=${ti.tryNumber}, max_tries=${ti.maxTries - 1}, job_id=${ti.jobId}, pool=default_pool, queue=default, priority_weight=${rng.int(1, 9)}, operator=${ti.operator}, queued_dttm=${rs}, queued_by_job_id=${ti.jobId - rng.int(100, 900)}, pid=${ti.pid}`,
      ),
    ls,
  );
}
