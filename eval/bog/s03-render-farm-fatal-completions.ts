// Decoy: a render-farm scheduler logs every completed batch at FATAL (a logger misconfiguration
// that has been there for months). The incident: the license daemon is killed and restarted,
// so for ~3 minutes render agents fail license checkouts and batches are requeued.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, journald, MIN, HOUR, type Rec } from "./util.js";

export default function s03(seed: number): Scenario {
  const r = makeRng(seed, "s03-render-farm-fatal-completions");
  const tl = new Timeline();
  const start = Date.UTC(2026, 4, 6, 20, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 3 * HOUR;
  const nodes = Array.from({ length: 14 }, (_, i) => `rn-${String(i + 3).padStart(3, "0")}`);
  const shots = ["sq040_sh0120", "sq040_sh0130", "sq052_sh0010", "sq061_sh0200"];
  const l4j = (t: number, level: string, logger: string, thread: string, message: string, ctx: Rec): Rec => ({
    instant: { epochSecond: Math.floor(t / 1000), nanoOfSecond: (t % 1000) * 1_000_000 },
    thread,
    level,
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    threadId: 40 + (thread.length % 9),
    threadPriority: 5,
    contextMap: { app: "farm-scheduler", host: "farm-sched-01", ...ctx },
  });
  const outA = start + 110 * MIN + r.int(0, 120_000);
  const outB = outA + 3 * MIN;

  // Each batch: agent renders it (journald, INFO), scheduler records completion at FATAL.
  poisson(r, start, end, 6000, (t) => {
    const node = r.pick(nodes);
    const shot = r.pick(shots);
    const frame = r.int(1001, 1240);
    const batch = `b-${r.hex(8)}`;
    if (t >= outA && t < outB && r.chance(0.5)) {
      tl.add(
        t,
        journald(t, node, "rnd-agent", 3, "license checkout failed: connect to lic-01.farm.internal:27000: Connection refused", { JOB: batch }),
        "error",
      );
      const t2 = t + r.int(80, 400);
      tl.add(
        t2,
        l4j(t2, "WARN", "io.framehouse.farm.BatchLifecycle", `dispatch-${r.int(1, 8)}`, "Batch requeued: agent reported license failure", {
          batchId: batch,
          node,
          shot,
        }),
        "error",
      );
      return;
    }
    const secs = r.lat(38);
    tl.add(t, journald(t, node, "rnd-agent", 6, `frame ${frame} of ${shot} rendered in ${secs}s`, { JOB: batch }));
    const t2 = t + r.int(80, 400);
    tl.add(
      t2,
      l4j(t2, "FATAL", "io.framehouse.farm.BatchLifecycle", `dispatch-${r.int(1, 8)}`, "Batch finished: status=COMPLETED", {
        batchId: batch,
        node,
        shot,
        frames: 1,
      }),
    );
  });
  poisson(r, start, end, 120_000, (t) =>
    tl.add(
      t,
      l4j(t, "WARN", "io.framehouse.farm.NodeMonitor", "heartbeat-1", "Node heartbeat late, still within grace period", {
        node: r.pick(nodes),
        late_ms: r.int(1200, 4000),
      }),
    ),
  );
  every(r, start, end, HOUR, (t) =>
    tl.add(
      t,
      l4j(t, "INFO", "io.framehouse.farm.QueueReport", "report-1", "Hourly queue report", {
        queued: r.int(1400, 2200),
        completedLastHour: r.int(560, 640),
        fatalLevelNote: "completion events use FATAL marker (LOGCFG-112)",
      }),
    ),
  );

  // license host: the daemon is killed and restarted by systemd.
  const sd = (t: number, prio: number, msg: string): void =>
    tl.add(t, journald(t, "lic-01", "systemd", prio, msg, { UNIT: "lmgrd.service" }), prio <= 4 ? "error" : "pattern");
  sd(outA - 1500, 4, "lmgrd.service: Main process exited, code=killed, status=9/KILL");
  sd(outA - 1400, 4, "lmgrd.service: Failed with result 'signal'.");
  sd(outB - 20_000, 6, "lmgrd.service: Scheduled restart job, restart counter is at 1.");
  sd(outB - 19_000, 6, "Started FlexNet Publisher license manager (lmgrd).");

  // farm web UI (.NET JSON console, shipped by Fluent Bit with kubernetes metadata)
  const routes = [
    ["GET", "/api/jobs", 14],
    ["GET", "/api/nodes", 9],
    ["POST", "/api/jobs/priority", 22],
  ] as const;
  poisson(r, start, end, 15_000, (t) => {
    const [m, p, med] = r.pick(routes);
    const ms = r.lat(med);
    tl.add(t, {
      Timestamp: iso(t),
      EventId: 2,
      LogLevel: "Information",
      Category: "Microsoft.AspNetCore.Hosting.Diagnostics",
      Message: `Request finished HTTP/1.1 ${m} ${p} - 200 - application/json ${ms}ms`,
      State: { ElapsedMilliseconds: ms, StatusCode: 200, Method: m, Path: p },
      kubernetes: { pod_name: `farm-web-8c5d-${r.pick(["x2k", "p9q"])}`, namespace_name: "farm", container_name: "farm-web", labels: { app: "farm-web" } },
    });
  });

  return tl.build(
    "s03-render-farm-fatal-completions",
    "Scheduler logs every completed batch at FATAL (misconfigured, everyday); license daemon killed, ~3 min of refused checkouts and requeues.",
  );
}
