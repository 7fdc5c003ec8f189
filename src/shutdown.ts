import type { Logger } from "./logger.js";
import { settlesWithin } from "./timeout.js";

/**
 * The graceful shutdown, under one deadline: from SIGTERM the whole sequence (the consumer's
 * drain, then HTTP, the detection threads and the Valkey connection) ends within
 * SHUTDOWN_TIMEOUT_MS, the figure an orchestrator's grace period has to cover.
 */

/**
 * What the steps after the consumer's drain keep of SHUTDOWN_TIMEOUT_MS: removing its heartbeat,
 * closing HTTP, the detection threads and the connection take milliseconds when Valkey answers,
 * and up to this when it is slow. A fifth of the timeout, at most 5 s; the drain gets the rest.
 */
export function shutdownReserveMs(timeoutMs: number): number {
  return Math.min(5000, Math.floor(timeoutMs / 5));
}

/** How long the consumer's in-flight events may take to finish once SIGTERM arrived. */
export function shutdownDrainMs(timeoutMs: number): number {
  return timeoutMs - shutdownReserveMs(timeoutMs);
}

/** What a running service closes, in this order (structural, so this module imports none of them). */
export interface ShutdownParts {
  /** Stops reading and lets in-flight events finish until `drainUntil` (performance.now()), then removes its heartbeat. */
  consumer?: { close(drainUntil?: number): Promise<void> };
  app: { close(): Promise<unknown> };
  /** Stops the detection threads, waiting at most `waitMs` for the runs in flight. */
  pool?: { close(waitMs?: number): Promise<void> };
  valkey: { quit(): Promise<unknown>; disconnect(): void };
  /** The Valkey started for development when nothing answered. */
  local?: { stop(): Promise<void> };
}

export type ShutdownOutcome = { done: true; ms: number } | { done: false; ms: number; step: string };

/**
 * Closes `parts` within `timeoutMs` from now: the consumer drains until the deadline minus
 * shutdownReserveMs, and every later step is bounded by what remains. Resolves when all steps are
 * done, or at the deadline naming the step still running (the caller then exits at once; what is
 * still in flight stays pending in the stream for other consumers).
 */
export async function shutdownWithin(parts: ShutdownParts, timeoutMs: number, log: Logger): Promise<ShutdownOutcome> {
  const start = performance.now();
  const deadline = start + timeoutMs;
  const { consumer, app, pool, valkey, local } = parts;
  const steps: [name: string, run: (() => Promise<unknown>) | undefined][] = [
    ["consumer", consumer && (() => consumer.close(start + shutdownDrainMs(timeoutMs)))],
    ["HTTP server", () => app.close()],
    // Runs still in flight belong to events the drain gave up on (they stay pending), or to
    // requests app.close() has already seen answered: none is worth waiting for.
    ["detection threads", pool && (() => pool.close(0))],
    ["Valkey connection", () => valkey.quit().catch(() => valkey.disconnect())],
    ["local Valkey", local && (() => local.stop())],
  ];
  let step = "";
  const sequence = (async () => {
    for (const [name, run] of steps) {
      if (!run) continue;
      step = name;
      await run().catch((err: Error) => log.warn({ step: name, err: err.message }, `closing the ${name} failed`));
    }
  })();
  const done = await settlesWithin(sequence, deadline - performance.now());
  const ms = Math.round(performance.now() - start);
  return done ? { done, ms } : { done, ms, step };
}
