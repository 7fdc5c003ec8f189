import { AsyncResource } from "node:async_hooks";

/**
 * Long-lived resources (a worker thread and its message port) started from inside a detection
 * run would capture that run's async context, and with it, through LangGraph's
 * AsyncLocalStorage, the run's whole state: an incident's logs would stay alive for as long as
 * the thread runs. They are started in this scope instead, created when the module loads,
 * outside any run.
 */
const root = new AsyncResource("anomaly-detection:root-scope");

/** `start()` in an async context that carries no run's state. */
export function inRootScope<T>(start: () => T): T {
  return root.runInAsyncScope(start);
}
