/**
 * A detection thread started for a large incident starts its helper thread first thing, so the
 * helper loads its code and connects while the detection thread loads its own (LangGraph
 * alone takes about 0.4 s), instead of after it, when the split read asks for its half: on a
 * new thread that wait was 0.4-0.5 s of a 2.5 s first 100k-log request.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { threadLimits, workerScript } from "./thread-script.js";

let early: Worker | undefined;

/**
 * A new helper thread (helper-thread.ts). Here rather than in helper.ts, which loads the detection
 * code: starting one early must not wait for that. `connect`: it connects to Valkey at once.
 */
export function newHelperWorker(config: Config | undefined, connect = false): Worker {
  const entry = workerScript("helper-thread");
  return new Worker(entry.script, { eval: entry.eval, workerData: { config, connect }, resourceLimits: threadLimits() });
}

/** Starts the helper thread now (it connects to Valkey at once); createHelperThread takes it over. */
export function startHelperEarly(config: Config): void {
  early = newHelperWorker(config, true);
  // Idle until asked: it must not keep a finished process alive.
  early.unref();
}

/** The helper started early, once; undefined when none was. */
export function takeEarlyHelper(): Worker | undefined {
  const w = early;
  early = undefined;
  return w;
}
