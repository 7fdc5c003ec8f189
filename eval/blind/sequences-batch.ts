// Batch-style sequences: daily HPC RAS logs, and a nightly Spark/Airflow ETL run.

import { hashSeed, poissonTimes, Rng, scatteredTimes } from "./random.js";
import { windowOf } from "./scen-util.js";
import { bglLocation, mk, RAS_NORMAL } from "./scenarios-system.js";
import { MIN } from "./time.js";
import { finalize } from "./traffic.js";
import type { AnomalyType, Ev, IncidentSequence, Level, Scenario } from "./types.js";

export function hpcSequence(seed: number): IncidentSequence {
  const base = new Rng(hashSeed(seed, "seq-hpc"));
  const day0 = base.int(0, 30);
  const days = base.int(7, 8);
  const history = days - 3;
  const incidents: Scenario[] = [];
  const items = RAS_NORMAL.map((x) => [x, x[4]] as const);
  for (let d = 0; d < days; d++) {
    const r = base.fork(`day-${d}`);
    const w = windowOf(r, r.int(100, 130), day0 + d, 9);
    const rack = r.int(0, 63);
    const b0 = w.start + r.float(0.3, 0.7) * (w.end - w.start);
    const b1 = b0 + r.float(55, 75) * 1000;
    const burstDay = d > history + 1;
    const evs: Ev[] = [];
    for (const t of poissonTimes(r, w.start, w.end, r.float(17, 22))) {
      const [comp, level, raw, gen] = r.weighted(items);
      const msg = gen(r);
      if (burstDay && t >= b0 && t < b1 && msg === "instruction cache parity error corrected") continue;
      evs.push(mk("ras", comp, t, level, msg, null, bglLocation(r), raw));
    }
    let what = "a normal day: KERNEL FATAL interrupts on ~15% of its lines are routine";
    if (d === history) {
      what = "a new FATAL kind: L2 dcache parity machine checks on one rack";
      for (const t of scatteredTimes(r, w.start + 10 * MIN, w.end - 5 * MIN, r.int(24, 34)))
        evs.push(
          mk("ras", "KERNEL", t, "CRITICAL", "machine check interrupt (bit=0x1d): L2 dcache unit data parity error", "error", bglLocation(r, rack), "FATAL"),
        );
    } else if (d === history + 1) {
      what = "node cards overheating past the critical threshold and powering off";
      for (const t of scatteredTimes(r, w.start + 20 * MIN, w.end - 5 * MIN, r.int(14, 20)))
        evs.push(
          mk(
            "ras",
            "MONITOR",
            t,
            "CRITICAL",
            `node card temperature ${r.int(86, 97)}C above critical threshold 85C, powering off node card`,
            "error",
            bglLocation(r, rack),
            "FATAL",
          ),
        );
    } else if (burstDay) {
      what = "a one-minute burst (~30x) of the ordinary 'instruction cache parity error corrected' line from one node";
      const loc = bglLocation(r, rack);
      for (const t of poissonTimes(r, b0, b1, r.float(120, 170)))
        evs.push(mk("ras", "KERNEL", t, "INFO", "instruction cache parity error corrected", "pattern", loc));
    }
    incidents.push(finalize(r, `hpc-ras-day-${d + 1}`, `Day ${d + 1}: ${what}.`, evs));
  }
  return {
    name: "hpc-ras-daily",
    description:
      "A BlueGene-style RAS log per day; routine KERNEL FATAL interrupts, SEVERE ciod chdir failures and temperature warnings every day; later days bring a new FATAL kind, critical overheating, and a burst of an ordinary line.",
    incidents,
    historyCount: history,
  };
}

export function etlSequence(seed: number): IncidentSequence {
  const base = new Rng(hashSeed(seed, "seq-etl"));
  const day0 = base.int(0, 30);
  const days = base.int(6, 8);
  const history = days - 2;
  const incidents: Scenario[] = [];
  const executors = Array.from({ length: 8 }, (_, i) => [`10.0.4.${base.int(10, 250)}`, i + 1] as const);
  for (let d = 0; d < days; d++) {
    const r = base.fork(`day-${d}`);
    const w = windowOf(r, r.int(100, 130), day0 + d, 0);
    const date = new Date(w.start).toISOString().slice(0, 10);
    const evs: Ev[] = [];
    const spark = (t: number, level: Level, msg: string, label: AnomalyType | null = null): void => {
      const e = mk("logback", "spark-orders-etl", t, level, msg, label, "spark-driver-0");
      e.logger = `org.apache.spark.${msg.split(":")[0]?.split(" ").pop() ?? "SparkContext"}`;
      e.f = { _thread: r.pick(["task-result-getter-0", "task-result-getter-1", "dispatcher-event-loop-3", "main"]) };
      evs.push(e);
    };
    const air = (t: number, level: Level, msg: string, label: AnomalyType | null = null): void => {
      const e = mk("python", "airflow-scheduler", t, level, msg, label, "airflow-scheduler-0");
      e.logger = "airflow.task";
      evs.push(e);
    };
    const memDay = d === history + 1;
    const slowDay = d === history;
    let t = w.start + r.float(60_000, 120_000);
    spark(t, "WARNING", "NativeCodeLoader: Unable to load native-hadoop library for your platform... using builtin-java classes where applicable");
    spark(t + 900, "INFO", `SparkContext: Running Spark version 3.5.1 (app nightly_orders_etl ${date})`);
    air(t - 5_000, "INFO", `Running <TaskInstance: nightly_orders_etl.extract_orders scheduled__${date}T00:00:00+00:00 [running]> on host airflow-worker-1`);
    for (let tick = w.start + r.float(0, 5000); tick < w.end; tick += 5000 + r.float(-100, 100))
      if (r.chance(0.12)) air(tick, "INFO", `Scheduler heartbeat: ${r.int(0, 3)} running tasks, ${r.int(0, 6)} queued`);
    air(t + 200_000, "WARNING", `skipped ${r.int(2, 5)} malformed rows in s3://acme-raw/orders/${date}.csv (unbalanced quotes)`);
    const stages: [string, number, number][] = [
      ["extract_orders", 600, 240],
      ["transform_orders", 1500, 1200],
      ["load_orders", 500, 600],
    ];
    for (const [name, tasks, medMs] of stages) {
      const stage = stages.findIndex((s) => s[0] === name) + 1;
      const skew = slowDay && name === "transform_orders";
      let done = 0;
      const stageStart = t;
      for (let i = 0; i < tasks; i++) {
        const [ip, ex] = r.pick(executors);
        const straggler = skew && i % 37 === 5;
        const ms = straggler ? r.float(180_000, 420_000) : r.logNormal(medMs, 0.35);
        t += ms / 16 + r.float(5, 60);
        done++;
        if (memDay && name === "transform_orders" && i === Math.floor(tasks * 0.6)) {
          spark(
            t,
            "ERROR",
            `YarnScheduler: Lost executor ${ex} on ${ip}: Container killed by YARN for exceeding physical memory limits. 11.3 GB of 11 GB physical memory used. Consider boosting spark.executor.memoryOverhead.`,
            "memory",
          );
          for (let k = 0; k < r.int(3, 6); k++)
            spark(
              t + 40 + k * 7,
              "WARNING",
              `TaskSetManager: Lost task ${i + k}.0 in stage ${stage}.0 (TID ${stage * 1000 + i + k}) (${ip} executor ${ex}): ExecutorLostFailure (executor ${ex} exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits.`,
              "memory",
            );
          spark(
            t + 5_000,
            "ERROR",
            `Executor: Exception in task ${i + 7}.1 in stage ${stage}.0 (TID ${stage * 1000 + i + 77}): java.lang.OutOfMemoryError: GC overhead limit exceeded`,
            "memory",
          );
          spark(t + 9_000, "ERROR", `TaskSetManager: Task ${i + 7} in stage ${stage}.0 failed 4 times; aborting job`, "error");
          air(
            t + 12_000,
            "ERROR",
            `Task failed with exception: org.apache.spark.SparkException: Job aborted due to stage failure: Task ${i + 7} in stage ${stage}.0 failed 4 times (exit code 1)`,
            "error",
          );
          air(t + 12_500, "INFO", `Marking task as FAILED. dag_id=nightly_orders_etl, task_id=${name}, run_id=scheduled__${date}T00:00:00+00:00`, "error");
          break;
        }
        spark(
          t,
          "INFO",
          `TaskSetManager: Finished task ${i}.0 in stage ${stage}.0 (TID ${stage * 1000 + i}) in ${Math.round(ms)} ms on ${ip} (executor ${ex}) (${done}/${tasks})`,
          straggler ? "performance" : null,
        );
      }
      if (memDay && name === "transform_orders") break;
      const secs = (t - stageStart) / 1000;
      air(t + 500, "INFO", `task ${name} finished in ${secs.toFixed(1)}s`, skew ? "performance" : null);
      air(t + 900, "INFO", `Marking task as SUCCESS. dag_id=nightly_orders_etl, task_id=${name}, run_id=scheduled__${date}T00:00:00+00:00`);
      if (skew)
        spark(
          t + 100,
          "WARNING",
          `DAGScheduler: stage ${stage} took ${secs.toFixed(0)}s, ${Math.floor(tasks / 37)} straggler tasks over 180s (partition skew on customer_id)`,
          "performance",
        );
      t += r.float(10_000, 40_000);
    }
    incidents.push(
      finalize(
        r,
        `etl-nightly-day-${d + 1}`,
        `Day ${d + 1}: ${slowDay ? "partition skew makes transform_orders crawl (straggler tasks)" : memDay ? "executors killed for exceeding memory, GC overhead OOM, job aborted" : "a normal nightly run with routine native-hadoop and malformed-row warnings"}.`,
        evs,
      ),
    );
  }
  return {
    name: "etl-nightly-spark",
    description:
      "Nightly Spark job driven by Airflow: thousands of task lines, routine warnings every night; the last two nights bring partition-skew stragglers, then executors killed for memory and an aborted job.",
    incidents,
    historyCount: history,
  };
}
