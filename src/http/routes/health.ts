import type { FastifyInstance } from "fastify";
import { pingMs } from "../../valkey/client.js";
import type { AppDeps } from "../server.js";

/** A PING slower than this still answers, but the service reports itself degraded. */
const DEGRADED_PING_MS = 500;

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get("/health", async (_req, reply) => {
    let valkey: { connected: boolean; latency_ms?: number; error?: string };
    try {
      const ms = await pingMs(deps.valkey);
      valkey = { connected: true, latency_ms: Math.round(ms * 100) / 100 };
      deps.metrics.valkeyUp.set(1);
      deps.metrics.valkeyPing.set(ms / 1000);
    } catch (err) {
      valkey = { connected: false, error: (err as Error).message };
      deps.metrics.valkeyUp.set(0);
    }
    const status = !valkey.connected ? "unhealthy" : (valkey.latency_ms ?? 0) > DEGRADED_PING_MS ? "degraded" : "healthy";
    return reply.status(valkey.connected ? 200 : 503).send({
      status,
      service: deps.config.SERVICE_NAME,
      valkey,
      timestamp: new Date().toISOString(),
    });
  });
}
