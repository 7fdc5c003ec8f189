import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import { PROBE_ROUTES } from "./probes.js";

/**
 * Per-client rate limit: a token bucket per client address holding RATE_LIMIT_MAX tokens,
 * refilled at RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS. In memory, per process: behind N
 * replicas a client gets N times the budget, which is enough to stop one caller from starving
 * the others without a shared store. /health, /livez and /metrics are exempt (probes and scrapes);
 * unknown routes are not, so nobody can search for valid URLs at full speed.
 */

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: milliseconds until one token is back. */
  retryAfterMs: number;
  /** True on the first refusal after an allowed request (log once per burst, not per request). */
  firstRefusal: boolean;
}

interface Bucket {
  tokens: number;
  at: number;
  refused: boolean;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
    /** Bound on remembered clients; the least recently seen are forgotten first (they get a full bucket back). */
    private readonly maxClients = 10_000,
  ) {
    this.perMs = max / windowMs;
  }

  take(client: string): TakeResult {
    const t = this.now();
    const b = this.buckets.get(client);
    let tokens = this.max;
    if (b) {
      tokens = Math.min(this.max, b.tokens + (t - b.at) * this.perMs);
      // Re-inserting keeps the map in least-recently-seen order for eviction.
      this.buckets.delete(client);
    } else if (this.buckets.size >= this.maxClients) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.buckets.set(client, { tokens, at: t, refused: !allowed });
    return {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterMs: allowed ? 0 : Math.ceil((1 - tokens) / this.perMs),
      firstRefusal: !allowed && !b?.refused,
    };
  }

  get clients(): number {
    return this.buckets.size;
  }
}

const EXEMPT = new Set([...PROBE_ROUTES, "/metrics"]);

/** onRequest hook answering 429 once a client has used its budget; undefined when RATE_LIMIT_MAX is 0. */
export function rateLimitHook(c: Pick<Config, "RATE_LIMIT_MAX" | "RATE_LIMIT_WINDOW_MS">) {
  if (c.RATE_LIMIT_MAX === 0) return undefined;
  const limiter = new RateLimiter(c.RATE_LIMIT_MAX, c.RATE_LIMIT_WINDOW_MS);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url;
    if (route !== undefined && EXEMPT.has(route)) return;
    const r = limiter.take(req.ip);
    reply.header("x-ratelimit-limit", c.RATE_LIMIT_MAX);
    reply.header("x-ratelimit-remaining", r.remaining);
    if (r.allowed) return;
    const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
    reply.header("retry-after", seconds);
    if (r.firstRefusal) req.log.warn({ client: req.ip, route: route ?? "unmatched" }, "rate limit exceeded; refusing this client's requests with 429");
    return reply.code(429).send({
      error: "Too Many Requests",
      code: "RATE_LIMITED",
      message: `rate limit of ${c.RATE_LIMIT_MAX} requests per ${c.RATE_LIMIT_WINDOW_MS / 1000} s exceeded (RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS); retry in ${seconds} s`,
      statusCode: 429,
    });
  };
}
