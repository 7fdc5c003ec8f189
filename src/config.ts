import { isIP } from "node:net";
import os from "node:os";
import { z } from "zod";

/**
 * The only reader of process.env. Parsed once at start-up; a bad value stops the start with a
 * message naming the variable.
 */

const bool = z.enum(["true", "false", "1", "0", "yes", "no", ""]).transform((v) => v === "true" || v === "1" || v === "yes");

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** An address or a CIDR block, IPv4 or IPv6: what TRUSTED_PROXIES lists. */
function isCidr(s: string): boolean {
  const [addr = "", prefix, ...rest] = s.split("/");
  const family = isIP(addr);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const cidrList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .superRefine((list, ctx) => {
    for (const entry of list) if (!isCidr(entry)) ctx.addIssue({ code: "custom", message: `${entry} is not an IP address or CIDR block (e.g. 10.0.0.0/16)` });
  });

const defaultConsumerName = `${os.hostname()}-${process.pid}`;

export const configSchema = z
  .object({
    ENVIRONMENT: z.enum(["development", "test", "staging", "production"]).default("development"),
    MODE: z.enum(["all", "consumer", "api"]).default("all"),
    PORT: int(0, 65535).default(8000),
    HOST: z.string().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SERVICE_NAME: z.string().min(1).default("anomaly-detection-service"),
    /**
     * The address people open the service at (https://anomaly.example.com, or a path behind a
     * proxy); answers and result events then carry `view_url`, the incident page's link.
     */
    PUBLIC_URL: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "must be an http:// or https:// URL without query or fragment, e.g. https://anomaly.example.com")
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),

    VALKEY_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
      .refine((u) => urlDatabase(u) !== undefined, "may end in a database number /0 to /15 and nothing else, e.g. redis://cache:6379/2")
      .optional(),
    VALKEY_HOST: z.string().min(1).default("127.0.0.1"),
    VALKEY_PORT: int(1, 65535).default(6379),
    VALKEY_USERNAME: z.string().min(1).optional(),
    VALKEY_PASSWORD: z.string().min(1).optional(),
    VALKEY_TLS: bool.default(false),
    VALKEY_TLS_CA_FILE: z.string().min(1).optional(),
    VALKEY_CLUSTER: bool.default(false),
    VALKEY_COMMAND_TIMEOUT_MS: int(100).default(5000),
    VALKEY_CONNECT_TIMEOUT_MS: int(100).default(5000),
    VALKEY_AUTO_PIPELINING: bool.default(true),
    /**
     * Start a local valkey-server/redis-server from PATH when nothing answers at the configured
     * address. Unset: on when ENVIRONMENT=development and none of VALKEY_URL, VALKEY_HOST,
     * VALKEY_PORT is set; true: on in any environment; false: never.
     */
    VALKEY_AUTOSTART: bool.optional(),

    INCIDENT_LOGS_KEY: z
      .string()
      .refine((t) => t.includes("{incident_id}"), "must contain the placeholder {incident_id}")
      .default("incident:{incident_id}:logs"),
    LOG_READ_PAGE_SIZE: int(10, 100_000).default(5000),
    /** Bytes one read of logs should return at most; its COUNT follows the entries' average size. */
    LOG_READ_PAGE_BYTES: int(64 * 1024).default(4 * 1024 * 1024),
    /**
     * Worker threads that run detection off the event loop (started on first use); 0 = run it
     * on the main thread. See docs/performance.md.
     */
    DETECTION_THREADS: int(0, 32).default(2),
    /** Incidents with at least this many logs in their key go to the worker threads. */
    DETECTION_OFFLOAD_MIN_LOGS: int(0).default(20_000),
    /**
     * Give each detection worker a helper thread, used while a core is free for it: it reads the
     * newer half of a large list or sorted set and fits and scores the forest beside the rest of
     * the detection. false for one-core containers.
     */
    DETECTION_FOREST_THREAD: bool.default(true),
    /**
     * A detection thread (with its helper) idle this long is stopped, giving back its heap; the
     * next large incident starts it again. 0 keeps threads running once started.
     */
    DETECTION_THREAD_IDLE_MS: int(0).default(30_000),
    /**
     * Detection threads started with the service and kept started, idle, for the next large
     * incident (at most DETECTION_THREADS); one stopped after DETECTION_THREAD_IDLE_MS is replaced
     * by a new one. 0 (the default, for the smallest idle RSS): threads start on first use.
     */
    DETECTION_THREADS_READY: int(0, 32).default(0),
    /**
     * Rounds a ready thread, once started, runs the whole pipeline on an incident of its own held
     * in memory (threads/warm-up.ts), so that its code is compiled before the first large
     * incident instead of during it. 0: a ready thread waits cold. Six by default: the first
     * rounds of a new thread cost several times the later ones (0.8 s, then 0.6, 0.3, 0.2 and
     * about 0.15 s at 20k logs on a 2-core AMD EPYC); from the sixth on, a round costs what it will.
     */
    DETECTION_THREAD_WARMUP_ROUNDS: int(0, 100).default(6),
    MAX_LOGS_PER_INCIDENT: int(1).default(2_000_000),
    MAX_LISTED_ANOMALIES: int(1, 10_000_000).default(10_000),
    MAX_LOG_ENTRY_BYTES: int(64).default(256 * 1024),
    /**
     * Bytes of stored log entries analysed per incident at most; the newest are kept and the
     * answer says `truncated: true`. At least 4 × MAX_LOG_ENTRY_BYTES.
     */
    MAX_INCIDENT_BYTES: int(1024 * 1024).default(256 * 1024 * 1024),

    DEFAULT_TIME_WINDOW_HOURS: z.coerce.number().positive().default(24),
    DEFAULT_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
    BODY_LIMIT_BYTES: int(1024).default(64 * 1024),
    /** Bearer key for every route but /health and /metrics; unset = open (see docs/security.md). */
    API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
    /** Bearer key for GET /metrics (Prometheus `authorization.credentials`); unset = open. */
    METRICS_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
    /** Requests per client per RATE_LIMIT_WINDOW_MS (token bucket; /health and /metrics exempt); 0 = off. */
    RATE_LIMIT_MAX: int(0).default(600),
    RATE_LIMIT_WINDOW_MS: int(1000).default(60_000),
    /**
     * Addresses or CIDR blocks of the proxies in front of the service (the ALB's subnets): only a
     * peer in this list may name the client in X-Forwarded-For, hop by hop from the right.
     * Unset: the header is ignored and the client is the socket's peer.
     */
    TRUSTED_PROXIES: cidrList.default([]),
    /** Replaced by TRUSTED_PROXIES; kept in the schema only to refuse it with a pointer. */
    TRUST_PROXY_HOPS: z.string().optional(),

    INCIDENT_STREAM: z.string().min(1).default("incidents:created"),
    ANOMALY_STREAM: z.string().min(1).default("anomalies:detected"),
    DEAD_LETTER_STREAM: z.string().min(1).optional(),
    CONSUMER_GROUP: z.string().min(1).default("anomaly-detector"),
    CONSUMER_NAME: z.string().min(1).default(defaultConsumerName),
    CONSUMER_CONCURRENCY: int(1, 256).default(16),
    CONSUMER_BATCH_SIZE: int(1, 256).default(8),
    CONSUMER_START_FROM: z.enum(["new", "beginning"]).default("new"),
    CONSUMER_BLOCK_MS: int(10, 60_000).default(2000),
    CLAIM_IDLE_MS: int(1000).default(60_000),
    CLAIM_INTERVAL_MS: int(100).default(5000),
    MAX_DELIVERIES: int(1, 1000).default(5),
    /**
     * First wait before the consumer retries an event it holds whose attempt failed; doubles per
     * attempt up to RETRY_BACKOFF_MAX_MS. A server fault is retried so without spending a delivery.
     */
    RETRY_BACKOFF_MS: int(10).default(500),
    RETRY_BACKOFF_MAX_MS: int(100).default(10_000),
    ANOMALY_STREAM_MAXLEN: int(0).default(100_000),
    RESULT_TTL_SECONDS: int(1).default(7 * 24 * 3600),
    PROCESSED_MARKER_TTL_SECONDS: int(60).default(7 * 24 * 3600),
    NO_LOGS_RETRIES: int(0, 100).default(3),
    NO_LOGS_RETRY_DELAY_MS: int(0).default(2000),
    SHUTDOWN_TIMEOUT_MS: int(0).default(25_000),

    /** Per-service memory across incidents (docs/memory.md); off: answers as if every incident were the first. */
    MEMORY: z.enum(["on", "off"]).default("on"),
    /** Prefix of the memory keys; no braces (each service's keys get their own hash tag). */
    MEMORY_KEY_PREFIX: z
      .string()
      .min(1)
      .refine((p) => !/[{}]/.test(p), "must not contain { or }: each service's memory keys carry their own hash tag")
      .default("memory"),
    MEMORY_HALF_LIFE_DAYS: z.coerce.number().positive().default(14),
    MEMORY_ROUTINE_INCIDENTS: int(1, 1000).default(3),
    MEMORY_MAX_TEMPLATES: int(10, 1_000_000).default(2000),
    MEMORY_RECENT_INCIDENTS: int(1, 100_000).default(200),
    MEMORY_TTL_DAYS: z.coerce.number().positive().default(90),
    MEMORY_CACHE_MS: int(0, 3_600_000).default(2000),
    /** Audit trail of verdicts and suppression changes; the feedback keys are named after it (docs/feedback.md). */
    FEEDBACK_STREAM: z.string().min(1).default("anomalies:feedback"),
    FEEDBACK_STREAM_MAXLEN: int(0).default(100_000),
    /** Suppressions in force at once; creating one more is refused with 409. */
    MAX_ACTIVE_SUPPRESSIONS: int(1, 100_000).default(500),
    /** Expired and deleted suppressions stay listed by GET /suppressions this long. */
    SUPPRESSION_HISTORY_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 366)
      .default(24),
    /** A service's verdicts are forgotten this long after its last verdict. */
    VERDICT_TTL_DAYS: int(1, 3650).default(180),
  })
  .superRefine((c, ctx) => {
    if (c.MAX_INCIDENT_BYTES < 4 * c.MAX_LOG_ENTRY_BYTES) {
      ctx.addIssue({
        code: "custom",
        path: ["MAX_INCIDENT_BYTES"],
        message: `must be at least 4 × MAX_LOG_ENTRY_BYTES (${4 * c.MAX_LOG_ENTRY_BYTES}): a budget that holds only a few logs could not be analysed`,
      });
    }
    if (c.TRUST_PROXY_HOPS !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["TRUST_PROXY_HOPS"],
        message:
          "was replaced by TRUSTED_PROXIES: list the proxies' addresses or CIDR blocks (e.g. TRUSTED_PROXIES=10.0.0.0/16), so that a caller reaching the service directly cannot choose its X-Forwarded-For address",
      });
    }
    if (c.VALKEY_CLUSTER && c.VALKEY_URL && urlDatabase(c.VALKEY_URL) !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["VALKEY_URL"],
        message: "names a database other than 0, which a cluster does not have (VALKEY_CLUSTER=true)",
      });
    }
    if (c.ENVIRONMENT === "production" && !c.VALKEY_PASSWORD && !c.VALKEY_URL?.includes("@")) {
      ctx.addIssue({
        code: "custom",
        path: ["VALKEY_PASSWORD"],
        message: "is required when ENVIRONMENT=production",
      });
    }
  });

/**
 * The database number a redis:// URL selects by its path (`/2`), 0 without one; undefined when
 * the path is anything else. Databases 0-15 exist on a default server.
 */
export function urlDatabase(url: string): number | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  if (path === "" || path === "/") return 0;
  const m = /^\/(\d{1,2})$/.exec(path);
  return m && Number(m[1]) <= 15 ? Number(m[1]) : undefined;
}

export type Config = z.infer<typeof configSchema> & { DEAD_LETTER_STREAM: string };

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID" as const;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as they do in most orchestrators' env files.
  const input: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") input[k] = v;
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const c = parsed.data;
  return { ...c, DEAD_LETTER_STREAM: c.DEAD_LETTER_STREAM ?? `${c.INCIDENT_STREAM}:dlq` };
}

/** Whether the user pointed the service at a server explicitly (then no auto-start fallback). */
export function valkeyExplicit(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.VALKEY_URL || env.VALKEY_HOST || env.VALKEY_PORT);
}
