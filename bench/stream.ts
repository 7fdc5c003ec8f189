/**
 * Item 4: the stream consumer on 100-log incidents, with one and with two consumer processes,
 * beside the floor of orchestration: one LangGraph invoke of an empty four-node graph. The
 * consumer detects the events of one read in one invoke (CONSUMER_BATCH_SIZE, default 8); a
 * third run with CONSUMER_BATCH_SIZE=1 shows the rate at one invoke per event.
 *
 * The two ratios with targets (one process against the bare invoke, the memory on against off)
 * are measured side by side: both consumer processes run at once and take the events in
 * alternating rounds, each round beside a batch of bare invokes, so a slow minute of the machine
 * weighs on both sides of a ratio alike. Run one after the other, minutes apart, the memory's
 * ratio moved between 0.68x and 1.01x on one machine in one hour.
 */
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import { storeIncident } from "./e2e.js";
import { processCpuMs, startService, type Service } from "./service.js";
import { log, median, round } from "./util.js";

const INCIDENTS = 100;
const LOGS = 100;

export interface StreamResult {
  logs_per_incident: number;
  events: number;
  one_process_per_s: number;
  two_processes_per_s: number;
  /** One process with CONSUMER_BATCH_SIZE=1: one LangGraph invoke per event. */
  one_process_unbatched_per_s: number;
  /** That rate over the bare invoke rate. */
  unbatched_ratio: number;
  bare_invoke_us: number;
  bare_invoke_per_s: number;
  /** One process's rate over the bare invoke rate. */
  ratio: number;
  /** CPU time (user + system) of the consumer process per incident, ms; less sensitive to a busy machine than rates. */
  one_process_cpu_ms_per_incident: number;
  /** CPU time of the server process (Valkey or Redis, see `server` in the results) per incident, ms. */
  server_cpu_ms_per_incident: number;
  /** CPU time of one bare invoke, µs. */
  bare_invoke_cpu_us: number;
  /** One process with MEMORY=off (the other runs have the memory on, the default). */
  one_process_memory_off_per_s: number;
  /** One process's rate with the memory on over the rate with it off. */
  memory_on_ratio: number;
  one_process_memory_off_cpu_ms_per_incident: number;
}

/**
 * The floor: a four-node graph whose nodes do nothing, warmed up; `batch` runs `perBatch`
 * invokes back to back and gives µs per invoke, wall and CPU.
 */
async function bareGraph(): Promise<{ batch(perBatch: number): Promise<{ wall: number; cpu: number }> }> {
  const State = Annotation.Root({
    a: Annotation<number>(),
    b: Annotation<number | undefined>(),
    c: Annotation<number | undefined>(),
    d: Annotation<number | undefined>(),
    e: Annotation<number | undefined>(),
  });
  const graph = new StateGraph(State)
    .addNode("fetch_logs", (s) => ({ b: s.a }))
    .addNode("preprocess", (s) => ({ c: s.b }))
    .addNode("detect", (s) => ({ d: s.c }))
    .addNode("format", (s) => ({ e: s.d }))
    .addEdge(START, "fetch_logs")
    .addEdge("fetch_logs", "preprocess")
    .addEdge("preprocess", "detect")
    .addEdge("detect", "format")
    .addEdge("format", END)
    .compile();
  for (let i = 0; i < 500; i++) await graph.invoke({ a: i });
  return {
    async batch(perBatch) {
      const t = performance.now();
      const c = process.cpuUsage();
      for (let i = 0; i < perBatch; i++) await graph.invoke({ a: i });
      const u = process.cpuUsage(c);
      return { wall: ((performance.now() - t) * 1000) / perBatch, cpu: (u.user + u.system) / perBatch };
    },
  };
}

async function waitForLength(r: Redis, stream: string, target: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await r.xlen(stream)) < target) {
    if (Date.now() > deadline) throw new Error(`${stream} did not reach ${target} entries within ${timeoutMs} ms (has ${await r.xlen(stream)})`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

async function addEvents(r: Redis, stream: string, count: number, offset: number): Promise<void> {
  const p = r.pipeline();
  for (let i = 0; i < count; i++) p.xadd(stream, "*", "incident_id", `bench-stream-${(offset + i) % INCIDENTS}`);
  await p.exec();
}

interface Consumers {
  /** `events` more events through the processes: wall ms until their results are all out, the processes' CPU ms, the server's CPU ms. */
  feed(events: number): Promise<{ ms: number; cpu: number; serverCpu: number }>;
  stop(): Promise<void>;
}

/** `processes` consumer processes on streams of their own (`tag`), warmed up with 300 events. */
async function startConsumers(
  r: Redis,
  server: number,
  valkeyUrl: string,
  processes: number,
  tag: string,
  env: Record<string, string> = {},
): Promise<Consumers> {
  const incidents = `bench:${tag}:incidents`;
  const results = `bench:${tag}:anomalies`;
  await r.del(incidents, results);
  await r.xgroup("CREATE", incidents, "anomaly-detector", "$", "MKSTREAM");
  const services: Service[] = [];
  const stop = () => Promise.all(services.map((s) => s.stop())).then(() => undefined);
  try {
    for (let i = 0; i < processes; i++) {
      services.push(
        await startService({
          VALKEY_URL: valkeyUrl,
          MODE: "consumer",
          INCIDENT_STREAM: incidents,
          ANOMALY_STREAM: results,
          CONSUMER_NAME: `bench-${tag}-${i}`,
          NO_LOGS_RETRIES: "0",
          ...env,
        }),
      );
    }
    let sent = 300;
    await addEvents(r, incidents, sent, 0);
    await waitForLength(r, results, sent, 120_000);
    const cpu = () => services.reduce((sum, s) => sum + s.cpuMs(), 0);
    return {
      async feed(events) {
        const c0 = cpu();
        const s0 = processCpuMs(server);
        const t0 = performance.now();
        await addEvents(r, incidents, events, sent);
        sent += events;
        await waitForLength(r, results, sent, 600_000);
        return { ms: performance.now() - t0, cpu: cpu() - c0, serverCpu: processCpuMs(server) - s0 };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Events per second through `processes` consumer processes (after a warm-up), and CPU ms per event. */
async function consumerRate(
  r: Redis,
  server: number,
  valkeyUrl: string,
  processes: number,
  events: number,
  tag: string,
  env: Record<string, string> = {},
): Promise<{ rate: number; cpu: number; serverCpu: number }> {
  const consumers = await startConsumers(r, server, valkeyUrl, processes, tag, env);
  try {
    const f = await consumers.feed(events);
    return { rate: (events / f.ms) * 1000, cpu: f.cpu / events, serverCpu: f.serverCpu / events };
  } finally {
    await consumers.stop();
  }
}

/** Rounds in which the memory on, the memory off and the bare invoke take turns. */
const ROUNDS = 6;

export async function benchStream(r: Redis, server: number, valkeyUrl: string, quick: boolean): Promise<StreamResult> {
  for (let k = 0; k < INCIDENTS; k++) await storeIncident(r, LOGS, `bench-stream-${k}`);
  const events = quick ? 600 : 3000;
  log(
    `stream: one consumer process with the memory on, one with it off, and the bare LangGraph invoke, in ${ROUNDS} alternating rounds of ${events / ROUNDS} events`,
  );
  const graph = await bareGraph();
  const on = await startConsumers(r, server, valkeyUrl, 1, "one");
  let memoryOff: Consumers | undefined;
  const one = { ms: 0, cpu: 0, serverCpu: 0 };
  const off = { ms: 0, cpu: 0 };
  const bareWall: number[] = [];
  const bareCpu: number[] = [];
  try {
    memoryOff = await startConsumers(r, server, valkeyUrl, 1, "memory-off", { MEMORY: "off" });
    const offSide = memoryOff;
    for (let k = 0; k < ROUNDS; k++) {
      const b = await graph.batch(1000);
      bareWall.push(b.wall);
      bareCpu.push(b.cpu);
      const turn = async (side: "on" | "off") => {
        if (side === "on") {
          const f = await on.feed(events / ROUNDS);
          one.ms += f.ms;
          one.cpu += f.cpu;
          one.serverCpu += f.serverCpu;
        } else {
          const f = await offSide.feed(events / ROUNDS);
          off.ms += f.ms;
          off.cpu += f.cpu;
        }
      };
      for (const side of k % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const)) await turn(side);
    }
  } finally {
    await Promise.all([on.stop(), memoryOff?.stop()]);
  }
  const bare = { wall: median(bareWall), cpu: median(bareCpu) };
  const oneRate = (events / one.ms) * 1000;
  const offRate = (events / off.ms) * 1000;
  log(`stream: two consumer processes, ${events} events`);
  const two = await consumerRate(r, server, valkeyUrl, 2, events, "two");
  log(`stream: one consumer process, one invoke per event (CONSUMER_BATCH_SIZE=1), ${events} events`);
  const unbatched = await consumerRate(r, server, valkeyUrl, 1, events, "unbatched", { CONSUMER_BATCH_SIZE: "1" });
  const bareRate = 1e6 / bare.wall;
  return {
    logs_per_incident: LOGS,
    events,
    one_process_per_s: round(oneRate, 1),
    two_processes_per_s: round(two.rate, 1),
    one_process_unbatched_per_s: round(unbatched.rate, 1),
    unbatched_ratio: round(unbatched.rate / bareRate, 2),
    bare_invoke_us: Math.round(bare.wall),
    bare_invoke_per_s: round(bareRate, 1),
    ratio: round(oneRate / bareRate, 2),
    one_process_cpu_ms_per_incident: round(one.cpu / events, 2),
    server_cpu_ms_per_incident: round(one.serverCpu / events, 2),
    bare_invoke_cpu_us: Math.round(bare.cpu),
    one_process_memory_off_per_s: round(offRate, 1),
    memory_on_ratio: round(oneRate / offRate, 2),
    one_process_memory_off_cpu_ms_per_incident: round(off.cpu / events, 2),
  };
}
