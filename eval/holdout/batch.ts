// A Spark job's driver log (JSON layout, one object per line): a skewed partition makes one
// straggling task that spills, then an executor is killed for exceeding its memory limit.

import type { Scenario } from "../blind/types.js";
import { type Entry, iso, type Label, LogBook, rngFor, SEC, startTime } from "./kit.js";

export function sparkStragglerOom(seed: number): Scenario {
  const name = "spark-straggler-oom";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const job = r.pick(["etl-daily-orders", "sessionize-clickstream", "ledger-rollup", "feature-backfill"]);
  const onYarn = r.chance(0.5);
  const nExec = r.int(6, 10);
  const cores = 4;
  const execIp = Array.from({ length: nExec + 1 }, () => r.ip("10.20"));
  const log = (t: number, label: Label, severity: string, logger: string, message: string, extra: Entry = {}): void => {
    book.add(t, label, { timestamp: iso(t), severity, logger, thread: extra.thread ?? "task-result-getter-0", message, app: job, ...extra });
  };
  let t = startTime(r);
  let tid = r.int(0, 50);
  const stages = r.int(4, 5);
  const skewStage = r.int(1, stages - 2);
  const oomStage = skewStage + 1;
  const deadExec = r.int(1, nExec);
  let alive = Array.from({ length: nExec }, (_, i) => i + 1);
  for (let s = 0; s < stages; s++) {
    const stageId = s + r.int(0, 2) + s * 2;
    const nTasks = r.pick([300, 360, 400, 480]);
    const median = r.float(1500, 6000);
    log(
      t,
      null,
      "INFO",
      "org.apache.spark.scheduler.DAGScheduler",
      `Submitting ${nTasks} missing tasks from ShuffleMapStage ${stageId} (MapPartitionsRDD[${r.int(10, 90)}] at ${r.pick(["parquet", "save", "groupBy", "join"])} at ${job.replaceAll("-", "_")}.py:${r.int(40, 300)}) (first 15 tasks are for partitions Vector(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))`,
      { thread: "dag-scheduler-event-loop" },
    );
    log(
      t + 2,
      null,
      "INFO",
      "org.apache.spark.scheduler.cluster.YarnScheduler".replace("Yarn", onYarn ? "Yarn" : "KubernetesCluster"),
      `Adding task set ${stageId}.0 with ${nTasks} tasks resource profile 0`,
      { thread: "dag-scheduler-event-loop" },
    );
    if (r.chance(0.5))
      log(t + 3, null, "WARN", "org.apache.spark.scheduler.DAGScheduler", `Broadcasting large task binary with size ${r.int(1100, 2400)}.${r.int(0, 9)} KiB`, {
        thread: "dag-scheduler-event-loop",
      });
    const slots: { exec: number; free: number }[] = [];
    for (const e of alive) for (let c = 0; c < cores; c++) slots.push({ exec: e, free: t + 5 });
    const straggler = s === skewStage ? r.int(Math.floor(nTasks * 0.3), nTasks - 1) : -1;
    const oomAt = s === oomStage ? r.int(Math.floor(nTasks * 0.3), Math.floor(nTasks * 0.6)) : -1;
    let finished = 0;
    const queue: { part: number; attempt: number }[] = Array.from({ length: nTasks }, (_, p) => ({ part: p, attempt: 0 }));
    let stageEnd = t;
    while (queue.length > 0) {
      const task = queue.shift();
      if (!task) break;
      slots.sort((a, b) => a.free - b.free);
      const slot = slots[0];
      if (!slot) break;
      const start = slot.free + r.int(1, 30);
      const myTid = tid++;
      const ip = execIp[slot.exec] ?? "10.20.0.1";
      log(
        start,
        null,
        "INFO",
        "org.apache.spark.scheduler.TaskSetManager",
        `Starting task ${task.part}.${task.attempt} in stage ${stageId}.0 (TID ${myTid}) (${ip}, executor ${slot.exec}, partition ${task.part}, NODE_LOCAL, ${r.int(7600, 9900)} bytes)`,
        { thread: "dispatcher-CoarseGrainedScheduler" },
      );
      let dur = Math.round(r.logNormal(median, 0.3));
      if (task.part === straggler && task.attempt === 0) {
        dur = Math.round(median * r.float(35, 60));
        const spills = r.int(3, 6);
        for (let k = 1; k <= spills; k++) {
          log(
            start + Math.round((dur * k) / (spills + 1)),
            "memory",
            "INFO",
            "org.apache.spark.util.collection.ExternalSorter",
            `Thread ${r.int(60, 200)} spilling in-memory map of ${r.int(1400, 2800)}.${r.int(0, 9)} MiB to disk (${k} time${k > 1 ? "s" : ""} so far)`,
            { thread: `Executor task launch worker for task ${task.part}.0 in stage ${stageId}.0 (TID ${myTid})`, executor_id: String(slot.exec) },
          );
        }
        log(
          start + Math.round(median * 12),
          "performance",
          "INFO",
          "org.apache.spark.scheduler.TaskSetManager",
          `Marking task ${task.part} in stage ${stageId}.0 (on ${ip}) as speculatable because it ran more than ${Math.round(median * 12)} ms`,
          { thread: "task-scheduler-speculation" },
        );
      }
      if (s === oomStage && slot.exec === deadExec && finished >= oomAt && alive.includes(deadExec)) {
        // The container is killed with this task and its siblings on board; they are resubmitted.
        const killT = start + Math.round(dur * 0.6);
        const reason = onYarn
          ? `Container killed by YARN for exceeding physical memory limits. ${r.int(121, 130) / 10} GB of 12 GB physical memory used. Consider boosting spark.executor.memoryOverhead.`
          : `The executor with id ${deadExec} exited with exit code 137(SIGKILL, possible container OOM).`;
        log(
          killT,
          "memory",
          "ERROR",
          onYarn ? "org.apache.spark.scheduler.cluster.YarnScheduler" : "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterSchedulerBackend",
          `Lost executor ${deadExec} on ${ip}: ${reason}`,
          { thread: "dispatcher-CoarseGrainedScheduler" },
        );
        const onBoard = slots.filter((x) => x.exec === deadExec).length;
        for (let k = 0; k < onBoard; k++) {
          const part = k === 0 ? task.part : r.int(0, nTasks - 1);
          log(
            killT + 2 + k,
            "memory",
            "WARN",
            "org.apache.spark.scheduler.TaskSetManager",
            `Lost task ${part}.${k === 0 ? task.attempt : 0} in stage ${stageId}.0 (TID ${myTid - k}) (${ip} executor ${deadExec}): ExecutorLostFailure (executor ${deadExec} exited caused by one of the running tasks) Reason: ${reason}`,
            { thread: "task-result-getter-2" },
          );
        }
        log(killT + 20, "error", "INFO", "org.apache.spark.scheduler.DAGScheduler", `Executor lost: ${deadExec} (epoch ${r.int(2, 9)})`, {
          thread: "dag-scheduler-event-loop",
        });
        log(
          killT + 25,
          "error",
          "INFO",
          "org.apache.spark.storage.BlockManagerMasterEndpoint",
          `Trying to remove executor ${deadExec} from BlockManagerMaster.`,
          { thread: "dispatcher-BlockManagerMaster" },
        );
        log(
          killT + 40,
          "error",
          "WARN",
          "org.apache.spark.scheduler.DAGScheduler",
          `Resubmitting ShuffleMapStage ${stageId - 1} because some of its tasks had failed: ${r.int(0, 200)}, ${r.int(0, 200)}`,
          { thread: "dag-scheduler-event-loop" },
        );
        alive = alive.filter((e) => e !== deadExec);
        for (const x of slots) if (x.exec === deadExec) x.free = Number.POSITIVE_INFINITY;
        queue.push({ part: task.part, attempt: task.attempt + 1 });
        continue;
      }
      const endT = start + dur;
      slot.free = endT;
      finished++;
      const label: Label = task.part === straggler && task.attempt === 0 ? "performance" : null;
      log(
        endT,
        label,
        "INFO",
        "org.apache.spark.scheduler.TaskSetManager",
        `Finished task ${task.part}.${task.attempt} in stage ${stageId}.0 (TID ${myTid}) in ${dur} ms on ${ip} (executor ${slot.exec}) (${finished}/${nTasks})`,
      );
      stageEnd = Math.max(stageEnd, endT);
    }
    log(
      stageEnd + 5,
      null,
      "INFO",
      "org.apache.spark.scheduler.DAGScheduler",
      `ShuffleMapStage ${stageId} (${r.pick(["parquet", "save", "groupBy", "join"])} at ${job.replaceAll("-", "_")}.py:${r.int(40, 300)}) finished in ${((stageEnd - t) / 1000).toFixed(3)} s`,
      { thread: "dag-scheduler-event-loop" },
    );
    for (let bt = t + r.int(1, 20) * SEC; bt < stageEnd; bt += r.int(20, 60) * SEC) {
      log(
        bt,
        null,
        "INFO",
        "org.apache.spark.storage.BlockManagerInfo",
        `Removed broadcast_${r.int(1, 90)}_piece0 on ${r.pick(execIp)}:${r.int(30000, 45000)} in memory (size: ${r.int(5, 60)}.${r.int(0, 9)} KiB, free: ${r.int(2, 5)}.${r.int(0, 9)} GiB)`,
        { thread: "dispatcher-BlockManagerMaster" },
      );
    }
    t = stageEnd + r.int(2, 20) * SEC;
  }
  return book.scenario(
    name,
    `${job}: a skewed partition makes one task run about 40x the stage median and spill, then executor ${deadExec} is killed for exceeding its memory limit`,
  );
}
