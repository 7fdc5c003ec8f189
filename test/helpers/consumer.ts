import type { Redis } from "ioredis";
import type { Config } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { Detector } from "../../src/pipeline/detector.js";
import { StreamConsumer } from "../../src/stream/consumer.js";
import { createValkey } from "../../src/valkey/client.js";
import type { TestApp } from "./app.js";
import { waitFor } from "./service.js";

/** A real consumer in this process, sharing the test app's connection, detector and metrics. */
export async function startTestConsumer(config: Config, t: TestApp, detector?: Detector): Promise<StreamConsumer> {
  const consumer = new StreamConsumer({
    config,
    valkey: t.valkey,
    createBlockingClient: () => {
      const c = createValkey(config, { blocking: true });
      c.on("error", () => {});
      c.connect().catch(() => {});
      return c;
    },
    detector: detector ?? t.detector,
    keys: t.keys,
    metrics: t.metrics,
    logger: createLogger(config),
  });
  await consumer.start();
  return consumer;
}

export type StreamEntry = [id: string, fields: string[]];

export function entryObject(e: StreamEntry): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < e[1].length; i += 2) o[e[1][i]!] = e[1][i + 1]!;
  return o;
}

export async function readAll(r: Redis, stream: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  let from = "-";
  for (;;) {
    const page = (await r.xrange(stream, from, "+", "COUNT", 1000)) as StreamEntry[];
    for (const e of page) out.push({ ...entryObject(e), _id: e[0] });
    if (page.length < 1000) return out;
    from = `(${page[page.length - 1]![0]}`;
  }
}

/** Every entry of `stream` once it has any (polled, as waitFor). */
export function waitForEntries(r: Redis, stream: string, timeoutMs = 20_000, what = "condition"): Promise<Record<string, string>[]> {
  return waitFor(
    async () => {
      const all = await readAll(r, stream);
      return all.length ? all : undefined;
    },
    timeoutMs,
    what,
  );
}

/** The answer without what legitimately differs between two runs. */
export function stable(result: Record<string, unknown>): Record<string, unknown> {
  const { analysis_timestamp: _a, duration_ms: _d, ...rest } = result;
  return rest;
}
