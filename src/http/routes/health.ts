import type { FastifyInstance } from "fastify";
import { withTimeout } from "../../timeout.js";
import { pingMs } from "../../valkey/client.js";
import { presentsApiKey } from "../auth.js";
import type { AppDeps } from "../deps.js";

/** A PING slower than this still answers, but the service reports itself degraded. */
const DEGRADED_PING_MS = 500;
/**
 * /health answers within this bound even when Valkey hangs, well inside the container health
 * check's own 4 s timeout (an orchestrator should see "degraded", not a hung probe).
 */
const HEALTH_PING_BOUND_MS = 2000;
/** ioredis states in which the connection is known to be down (it reconnects in the background). */
const DOWN = new Set(["reconnecting", "close", "end"]);

/**
 * `error` is our own wording, safe for anyone; `detail` carries what the client or server said
 * (addresses, ports, raw replies) and is shown only to callers presenting API_KEY.
 */
type ValkeyHealth = { connected: boolean; latency_ms?: number; error?: string; detail?: string };

/**
 * GET /livez (liveness): 200 while the process serves requests, whatever Valkey's state, so an
 * orchestrator restarts the service only when restarting can help. GET /health (readiness):
 * healthy: PING answered quickly. degraded (still 200): the connection is up but Valkey is slow
 * or did not answer the PING in time; requests may answer 503 meanwhile, and restarting this
 * service would not help; or Valkey answers but refuses the consumer's writes (out of memory,
 * read-only, ...): events wait, unspent, until it takes them. unhealthy (503): Valkey cannot be
 * reached.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const boundMs = Math.min(HEALTH_PING_BOUND_MS, deps.config.VALKEY_COMMAND_TIMEOUT_MS);
  let lastError: string | undefined;
  deps.valkey.on("error", (err: Error) => (lastError = err.message));

  async function check(): Promise<ValkeyHealth> {
    if (DOWN.has(deps.valkey.status)) {
      return {
        connected: false,
        error: "Valkey is unreachable",
        detail: `connection ${deps.valkey.status}${lastError ? `: ${lastError}` : ""}`,
      };
    }
    try {
      const ms = await withTimeout(pingMs(deps.valkey), boundMs, "PING");
      return { connected: true, latency_ms: Math.round(ms * 100) / 100 };
    } catch (err) {
      const message = (err as Error).message;
      if (/timed out/i.test(message) && deps.valkey.status === "ready") return { connected: true, error: `Valkey did not answer PING within ${boundMs} ms` };
      return { connected: false, error: "Valkey is unreachable", detail: message };
    }
  }

  app.get("/livez", async () => ({ status: "alive" }));

  app.get("/health", async (req, reply) => {
    const { detail, ...valkey } = await check();
    const detailed = presentsApiKey(req, deps.config);
    deps.metrics.valkeyUp.set(valkey.latency_ms !== undefined ? 1 : 0);
    if (valkey.latency_ms !== undefined) deps.metrics.valkeyPing.set(valkey.latency_ms / 1000);
    const failing = deps.metrics.valkeyWrites.current();
    const writes = failing && {
      failing: true,
      cause: failing.cause,
      since: new Date(failing.since).toISOString(),
      ...(detailed ? { error: failing.message } : {}),
    };
    const slow = valkey.error !== undefined || (valkey.latency_ms ?? 0) > DEGRADED_PING_MS;
    const status = !valkey.connected ? "unhealthy" : slow || writes ? "degraded" : "healthy";
    return reply.status(valkey.connected ? 200 : 503).send({
      status,
      service: deps.config.SERVICE_NAME,
      valkey: { ...valkey, ...(detailed && detail !== undefined ? { detail } : {}), ...(writes ? { writes } : {}) },
      timestamp: new Date().toISOString(),
    });
  });
}
