import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import { PROBE_ROUTES } from "./probes.js";
import { PAGE_ROUTES } from "./routes/incident-page.js";

/**
 * Optional bearer keys. API_KEY guards every route except /health and /livez (orchestrator probes),
 * the incident pages' static files (they hold no data; their script sends the key for it) and
 * /metrics, which has its own METRICS_API_KEY because Prometheus holds a different secret than
 * API callers. Unknown routes need the key too, so an anonymous caller cannot map the API.
 */

export type AuthConfig = Pick<Config, "API_KEY" | "METRICS_API_KEY" | "SERVICE_NAME">;

/**
 * Constant-time comparison: both sides are hashed first, so the compared buffers always have
 * the same length and neither the key's length nor a matching prefix shows in the timing.
 */
export function secretMatches(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? "");
  return m?.[1];
}

/** The key a route requires, undefined when it is open. `route` is Fastify's route pattern (undefined: no route matched). */
export function requiredKey(route: string | undefined, c: AuthConfig): string | undefined {
  if (route !== undefined && (PROBE_ROUTES.has(route) || PAGE_ROUTES.has(route))) return undefined;
  if (route === "/metrics") return c.METRICS_API_KEY;
  return c.API_KEY;
}

/**
 * Whether the request presents API_KEY. /health shows Valkey's address and raw errors only to
 * such callers; with no API_KEY configured nobody is shown them (the log has them).
 */
export function presentsApiKey(req: FastifyRequest, c: Pick<AuthConfig, "API_KEY">): boolean {
  const token = bearerToken(req.headers.authorization);
  return c.API_KEY !== undefined && token !== undefined && secretMatches(token, c.API_KEY);
}

/** onRequest hook: answers 401 unless the route is open or the right bearer key was sent. */
export function authHook(c: AuthConfig) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const key = requiredKey(req.routeOptions.url, c);
    if (key === undefined) return;
    const token = bearerToken(req.headers.authorization);
    if (token !== undefined && secretMatches(token, key)) return;
    const which = req.routeOptions.url === "/metrics" ? "METRICS_API_KEY" : "API_KEY";
    reply.header("www-authenticate", `Bearer realm="${c.SERVICE_NAME}"${token === undefined ? "" : ', error="invalid_token"'}`);
    return reply.code(401).send({
      error: "Unauthorized",
      code: "UNAUTHORIZED",
      message: token === undefined ? `this route needs the header Authorization: Bearer <${which}>` : `the bearer token is not the ${which}`,
      statusCode: 401,
    });
  };
}
