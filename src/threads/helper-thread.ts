/**
 * Entry of a detection thread's helper thread (helper.ts): computes the templates' bursts, fits
 * and scores the Isolation Forest and computes the memory's lessons of one incident at a time, and reads the newer half of a large incident's logs on its own
 * Valkey connection. Typed arrays go back transferred, not copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config.js";
import { runForest } from "../detection/detect.js";
import { partBuffers } from "../logs/table-builder.js";
import { rowFeaturesBuffers } from "../detection/features/row-features.js";
import { createValkey, type Valkey } from "../valkey/client.js";
import { readRange } from "../valkey/log-store.js";
import { releaseMemoryWhenIdle } from "../memory-release.js";
import { runBursts } from "../detection/templates/patterns.js";
import { lessonsFromColumns } from "../detection/history/lessons.js";
import { burstBuffers } from "../detection/templates/bursts.js";
import type { HelperReply, HelperRequest, ScoringOffer } from "./helper.js";
import { runForestShared } from "./shared-scoring.js";

const { config, connect } = (workerData ?? {}) as { config?: Config; connect?: boolean };
let valkey: Valkey | undefined;

function connection(): Valkey {
  if (!config) throw new Error("no Valkey configuration");
  if (!valkey) {
    valkey = createValkey(config, { connectionName: `${config.SERVICE_NAME}:${config.CONSUMER_NAME}:helper` });
    // Errors surface through the commands; the main thread logs the connection's state.
    valkey.on("error", () => {});
    valkey.connect().catch(() => {});
  }
  return valkey;
}

async function answer(msg: HelperRequest): Promise<{ reply: HelperReply; transfer: ArrayBuffer[] }> {
  if ("input" in msg) {
    const { id, control } = msg;
    const signal = control ? runForestShared(msg.input, control, (scoring) => port.postMessage({ id, scoring } satisfies ScoringOffer)) : runForest(msg.input);
    return { reply: { id: msg.id, ok: true, signal }, transfer: [signal.scores.buffer as ArrayBuffer] };
  }
  if ("lessons" in msg) return { reply: { id: msg.id, ok: true, lessons: lessonsFromColumns(msg.lessons) }, transfer: [] };
  if ("bursts" in msg) {
    const bursts = runBursts(msg.bursts);
    return { reply: { id: msg.id, ok: true, bursts }, transfer: burstBuffers(bursts) };
  }
  const range = await readRange(connection(), msg.read);
  return { reply: { id: msg.id, ok: true, range }, transfer: [...partBuffers(range.part), ...rowFeaturesBuffers(range.rows)] };
}

// Started early for a large incident (early-helper.ts): its half is asked for within a second.
if (connect) connection();

const port = parentPort!;
port.on("message", (msg: HelperRequest) => {
  answer(msg)
    .then(
      ({ reply, transfer }) => port.postMessage(reply, transfer),
      (err: unknown) => port.postMessage({ id: msg.id, ok: false, message: (err as Error)?.message ?? String(err) } satisfies HelperReply),
    )
    // A range read is hundreds of MB of garbage on this thread's heap, which nothing else collects.
    .finally(releaseMemoryWhenIdle);
});
