// A Spark application's driver and executor lines (log4j2 JSON): stages of tasks scheduled on the
// executors' cores, as DAGScheduler, TaskSetManager and Executor log them.

import { type Lvl, log4j2 } from "./producers.js";
import type { Rng } from "./rng.js";
import { type Label, round, type Timeline } from "./timeline.js";

export interface SparkExecutor {
  id: number;
  host: string;
  pod: string;
  cores: number;
}

export interface SparkApp {
  service: string;
  appId: string;
  driverPod: string;
  executors: SparkExecutor[];
  nextTid: number;
  nextJob: number;
  nextStage: number;
  nextRdd: number;
}

export function sparkApp(rng: Rng, service: string, name: string, executors: number, cores: number): SparkApp {
  const appId = `spark-${rng.hex(32)}`;
  return {
    service,
    appId,
    driverPod: `${name}-${rng.hex(16)}-driver`,
    executors: Array.from({ length: executors }, (_, i) => ({ id: i + 1, host: rng.ip("10"), pod: `${name}-${rng.hex(16)}-exec-${i + 1}`, cores })),
    nextTid: 0,
    nextJob: 0,
    nextStage: 0,
    nextRdd: rng.int(3, 12),
  };
}

export function driverLog(app: SparkApp, t: number, logger: string, level: Lvl, message: string): Record<string, unknown> {
  return log4j2(t, app.service, logger, "dag-scheduler-event-loop", level, message, { spark_app_id: app.appId, pod: app.driverPod, role: "driver" });
}

export function executorLog(app: SparkApp, ex: SparkExecutor, t: number, logger: string, thread: string, level: Lvl, message: string): Record<string, unknown> {
  return log4j2(t, app.service, logger, thread, level, message, { spark_app_id: app.appId, pod: ex.pod, role: "executor", executor_id: String(ex.id) });
}

export interface StageSpec {
  start: number;
  tasks: number;
  kind: "ShuffleMapStage" | "ResultStage";
  callSite: string;
  /** duration of task i (ms) */
  duration: (i: number) => number;
  /** label of task i's lines */
  label?: (i: number) => Label;
  /** extra executor lines for task i while it runs: (taskStart, taskEnd, executor) */
  during?: (i: number, from: number, to: number, ex: SparkExecutor, tid: number) => void;
  /** write the executor's Running/Finished lines for one task in this many */
  executorLines?: number;
  /** after how long a task is marked speculatable (ms); undefined: never */
  speculateAfter?: number;
  /** label of the stage's summary lines */
  summaryLabel?: Label;
}

const TSM = "org.apache.spark.scheduler.TaskSetManager";
const DAG = "org.apache.spark.scheduler.DAGScheduler";

/** Runs one stage; returns when its last task finished. */
export function runStage(tl: Timeline, rng: Rng, app: SparkApp, s: StageSpec): number {
  const stage = app.nextStage++;
  app.nextRdd += rng.int(2, 6);
  const rdd = app.nextRdd;
  const total = s.tasks;
  tl.add(s.start, (t) =>
    driverLog(app, t, DAG, "info", `Submitting ${s.kind} ${stage} (MapPartitionsRDD[${rdd}] at ${s.callSite}), which has no missing parents`),
  );
  const first = Array.from({ length: Math.min(15, total) }, (_, i) => i).join(", ");
  tl.add(s.start + 8, (t) =>
    driverLog(
      app,
      t,
      DAG,
      "info",
      `Submitting ${total} missing tasks from ${s.kind} ${stage} (MapPartitionsRDD[${rdd}] at ${s.callSite}) (first 15 tasks are for partitions Vector(${first}))`,
    ),
  );
  tl.add(s.start + 10, (t) =>
    driverLog(app, t, "org.apache.spark.scheduler.TaskSchedulerImpl", "info", `Adding task set ${stage}.0 with ${total} tasks resource profile 0`),
  );
  const slots: { ex: SparkExecutor; free: number }[] = [];
  for (const ex of app.executors) for (let c = 0; c < ex.cores; c++) slots.push({ ex, free: s.start + 15 });
  let done = 0;
  const finishes: { t: number; i: number; tid: number; ex: SparkExecutor; d: number; label: Label }[] = [];
  for (let i = 0; i < total; i++) {
    const slot = slots.reduce((a, b) => (a.free <= b.free ? a : b));
    const ts = slot.free + rng.int(1, 12);
    const d = s.duration(i);
    const tid = app.nextTid++;
    const ex = slot.ex;
    const label = s.label?.(i) ?? null;
    const bytes = rng.int(7600, 9900);
    tl.add(
      ts,
      (t) =>
        driverLog(
          app,
          t,
          TSM,
          "info",
          `Starting task ${i}.0 in stage ${stage}.0 (TID ${tid}) (${ex.host}, executor ${ex.id}, partition ${i}, PROCESS_LOCAL, ${bytes} bytes)`,
        ),
      label,
    );
    const every = s.executorLines ?? 0;
    if (every > 0 && i % every === 0) {
      tl.add(
        ts + 3,
        (t) =>
          executorLog(
            app,
            ex,
            t,
            "org.apache.spark.executor.Executor",
            `Executor task launch worker for task ${tid}`,
            "info",
            `Running task ${i}.0 in stage ${stage}.0 (TID ${tid})`,
          ),
        label,
      );
      const res = rng.int(1800, 6200);
      tl.add(
        ts + d - 2,
        (t) =>
          executorLog(
            app,
            ex,
            t,
            "org.apache.spark.executor.Executor",
            `Executor task launch worker for task ${tid}`,
            "info",
            `Finished task ${i}.0 in stage ${stage}.0 (TID ${tid}). ${res} bytes result sent to driver`,
          ),
        label,
      );
    }
    s.during?.(i, ts, ts + d, ex, tid);
    if (s.speculateAfter !== undefined && d > s.speculateAfter * 1.6) {
      const markAt = ts + s.speculateAfter + rng.int(100, 900);
      const after = Math.round(s.speculateAfter);
      tl.add(
        markAt,
        (t) => driverLog(app, t, TSM, "info", `Marking task ${i} in stage ${stage}.0 (on ${ex.host}) as speculatable because it ran more than ${after} ms`),
        label,
      );
      const other = app.executors.find((e) => e !== ex) ?? ex;
      const specTid = 100000 + tid;
      tl.add(
        markAt + rng.int(200, 2000),
        (t) =>
          driverLog(
            app,
            t,
            TSM,
            "info",
            `Starting task ${i}.1 in stage ${stage}.0 (TID ${specTid}) (${other.host}, executor ${other.id}, partition ${i}, PROCESS_LOCAL, ${bytes} bytes) (speculative)`,
          ),
        label,
      );
      tl.add(
        ts + d + 5,
        (t) =>
          driverLog(
            app,
            t,
            TSM,
            "info",
            `Killing attempt 1 for task ${i}.1 in stage ${stage}.0 (TID ${specTid}) on ${other.host} as the attempt 0 succeeded on ${ex.host}`,
          ),
        label,
      );
    }
    slot.free = ts + d;
    finishes.push({ t: ts + d, i, tid, ex, d, label });
  }
  finishes.sort((a, b) => a.t - b.t);
  let last = s.start;
  for (const f of finishes) {
    done += 1;
    const n = done;
    tl.add(
      f.t,
      (t) =>
        driverLog(
          app,
          t,
          TSM,
          "info",
          `Finished task ${f.i}.0 in stage ${stage}.0 (TID ${f.tid}) in ${Math.round(f.d)} ms on ${f.ex.host} (executor ${f.ex.id}) (${n}/${total})`,
        ),
      f.label,
    );
    last = f.t;
  }
  const took = round((last - s.start) / 1000, 3);
  tl.add(
    last + 6,
    (t) => driverLog(app, t, "org.apache.spark.scheduler.TaskSchedulerImpl", "info", `Removed TaskSet ${stage}.0, whose tasks have all completed, from pool `),
    s.summaryLabel ?? null,
  );
  tl.add(last + 9, (t) => driverLog(app, t, DAG, "info", `${s.kind} ${stage} (${s.callSite}) finished in ${took} s`), s.summaryLabel ?? null);
  return last + 10;
}

/** A job made of stages run one after another; logs the job's start and end. */
export function runJob(
  tl: Timeline,
  rng: Rng,
  app: SparkApp,
  start: number,
  action: string,
  stages: Omit<StageSpec, "start" | "callSite">[],
  summaryLabel: Label = null,
): number {
  const job = app.nextJob++;
  tl.add(start, (t) => driverLog(app, t, "org.apache.spark.SparkContext", "info", `Starting job: ${action}`));
  tl.add(start + 4, (t) => driverLog(app, t, DAG, "info", `Got job ${job} (${action}) with ${stages[stages.length - 1]?.tasks ?? 0} output partitions`));
  let t = start + 20;
  for (const s of stages) t = runStage(tl, rng, app, { ...s, start: t, callSite: action }) + rng.int(30, 400);
  const took = round((t - start) / 1000, 6);
  tl.add(t, (tt) => driverLog(app, tt, DAG, "info", `Job ${job} finished: ${action}, took ${took.toFixed(6)} s`), summaryLabel);
  return t + 5;
}

export function spillLine(app: SparkApp, ex: SparkExecutor, t: number, tid: number, sizeMiB: number, times: number): Record<string, unknown> {
  return executorLog(
    app,
    ex,
    t,
    "org.apache.spark.util.collection.unsafe.sort.UnsafeExternalSorter",
    `Executor task launch worker for task ${tid}`,
    "info",
    `Thread ${60 + (tid % 40)} spilling sort data of ${Math.round(sizeMiB)}.0 MiB to disk (${times} ${times === 1 ? "time" : "times"} so far)`,
  );
}
