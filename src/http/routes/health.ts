import type { FastifyInstance } from "fastify";
import { withTimeout } from "../../timeout.js";
import { pingMs } from "../../valkey/client.js";
import { explainFailure, lastConnectionError, trackedEndpoint } from "../../valkey/connection-errors.js";
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
 * `error` names the fault and the settings to check, without Valkey's address; `detail` is the
 * same with the address (and raw replies), shown only to callers presenting API_KEY.
 */
type ValkeyHealth = { connected: boolean; latency_ms?: number; error?: string; reason?: "unreachable" | "auth_failed"; detail?: string };

/** Why the connection is down, naming the settings to check. */
function down(client: object, err: unknown): ValkeyHealth {
  const problem = explainFailure(client, err);
  if (!problem) return { connected: false, error: "Valkey is unreachable", reason: "unreachable", detail: (err as Error).message };
  const endpoint = trackedEndpoint(client);
  const anonymous = endpoint === undefined ? problem.message : problem.message.split(` at ${endpoint}`).join("").split(` ${endpoint}`).join("");
  return { connected: false, error: anonymous, reason: problem.kind === "auth" ? "auth_failed" : "unreachable", detail: problem.message };
}

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
  async function check(): Promise<ValkeyHealth> {
    if (DOWN.has(deps.valkey.status)) {
      return down(deps.valkey, lastConnectionError(deps.valkey) ?? new Error(`connection ${deps.valkey.status}`));
    }
    try {
      const ms = await withTimeout(pingMs(deps.valkey), boundMs, "PING");
      return { connected: true, latency_ms: Math.round(ms * 100) / 100 };
    } catch (err) {
      const message = (err as Error).message;
      if (/timed out/i.test(message) && deps.valkey.status === "ready") return { connected: true, error: `Valkey did not answer PING within ${boundMs} ms` };
      return down(deps.valkey, err);
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
