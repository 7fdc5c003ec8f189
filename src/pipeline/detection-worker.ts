/**
 * Entry of a detection worker thread: the same LangGraph pipeline as the main thread, with its
 * own Valkey connection, so reading, parsing and detecting a large incident never blocks the
 * main thread's event loop (health checks, the stream consumer, other requests). Messages in
 * and out are small: a request, then its answer or its error.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config.js";
import { isServiceError } from "../errors.js";
import { createValkey } from "../valkey/client.js";
import { buildKeys } from "../valkey/keys.js";
import { createDetector } from "./graph.js";
import { valkeyLogSource } from "./sources.js";
import type { WorkerReply, WorkerRequest } from "./worker-pool.js";

const config = (workerData as { config: Config }).config;
const valkey = createValkey(config, { connectionName: `${config.SERVICE_NAME}:${config.CONSUMER_NAME}:worker` });
// Errors surface through the commands (as VALKEY_UNAVAILABLE); the main thread logs connection state.
valkey.on("error", () => {});
valkey.connect().catch(() => {});
const detector = createDetector({ source: valkeyLogSource(valkey, buildKeys(config), config) });
const port = parentPort!;

port.on("message", (msg: WorkerRequest) => {
  detector.run(msg.request, msg.trigger).then(
    (response) => port.postMessage({ id: msg.id, ok: true, response } satisfies WorkerReply),
    (err: unknown) => {
      const e = err as Error;
      const error = isServiceError(err)
        ? { name: "ServiceError", message: e.message, code: err.code, details: err.details }
        : { name: e?.name ?? "Error", message: e?.message ?? String(err), stack: e?.stack };
      port.postMessage({ id: msg.id, ok: false, error } satisfies WorkerReply);
    },
  );
});
