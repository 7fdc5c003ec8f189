import { explainFailure, lastConnectionError } from "./valkey/connection-errors.js";

/**
 * The few errors the service raises on purpose. Each `code` decides something, and ERROR_POLICY
 * below is the one place that says what: the HTTP status, what the stream consumer does with the
 * event, and how the detection metric counts the run.
 */
export type ErrorCode =
  | "VALIDATION" // bad input
  | "NOT_FOUND" // no logs / no result
  | "UNSUPPORTED_KEY_TYPE" // the logs key holds a hash or string
  | "TOO_LARGE" // nothing readable: the entries read are over MAX_LOG_ENTRY_BYTES
  | "VALKEY_UNAVAILABLE" // Valkey down or too slow
  | "CONFLICT"; // a setting forbids it: MAX_ACTIVE_SUPPRESSIONS reached, the memory off (MEMORY=off)

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export function isServiceError(err: unknown, code?: ErrorCode): err is ServiceError {
  return err instanceof ServiceError && (code === undefined || err.code === code);
}

/** The `reason` of a dead-letter entry, also the label of anomaly_stream_events_dead_lettered_total. */
export const DEAD_LETTER_REASONS = ["invalid", "unsupported_key_type", "too_large", "max_deliveries"] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** The `outcome` label of anomaly_detections_total. */
export const DETECTION_OUTCOMES = ["ok", "no_logs", "invalid", "unavailable", "error"] as const;
export type DetectionOutcome = (typeof DETECTION_OUTCOMES)[number];

/**
 * What the stream consumer does with an event whose processing failed:
 * - dead_letter: at once, under `reason`: a redelivery would fail the same way;
 * - no_logs: detect again NO_LOGS_RETRIES times (the producer may still be writing), then publish
 *   a result with status no_logs;
 * - wait: a fault of the server, not of the event (out of memory, read-only, loading, failing
 *   over, busy, unreachable, too slow): the consumer that holds the event retries it with backoff
 *   until the server recovers, and no delivery is spent, so a server fault never dead-letters
 *   a valid event;
 * - retry: a fault of the event (or a bug): its owner reads it again with backoff, which counts
 *   a delivery; after MAX_DELIVERIES it is dead-lettered as max_deliveries (a decision of the
 *   consumer, not of any one error).
 */
export type StreamAction = { action: "dead_letter"; reason: DeadLetterReason } | { action: "no_logs" } | { action: "wait" } | { action: "retry" };

export interface ErrorPolicy {
  httpStatus: number;
  stream: StreamAction;
  outcome: DetectionOutcome;
}

/** Every decision an error code makes. An event that fails validation is dead-lettered as VALIDATION says. */
export const ERROR_POLICY = {
  VALIDATION: { httpStatus: 400, stream: { action: "dead_letter", reason: "invalid" }, outcome: "invalid" },
  NOT_FOUND: { httpStatus: 404, stream: { action: "no_logs" }, outcome: "no_logs" },
  UNSUPPORTED_KEY_TYPE: { httpStatus: 422, stream: { action: "dead_letter", reason: "unsupported_key_type" }, outcome: "invalid" },
  // The same entries would be refused again until the producer or the settings change.
  TOO_LARGE: { httpStatus: 413, stream: { action: "dead_letter", reason: "too_large" }, outcome: "invalid" },
  VALKEY_UNAVAILABLE: { httpStatus: 503, stream: { action: "wait" }, outcome: "unavailable" },
  // Raised by routes only; an event never meets it, and a redelivery would meet it again.
  CONFLICT: { httpStatus: 409, stream: { action: "dead_letter", reason: "invalid" }, outcome: "invalid" },
} as const satisfies Record<ErrorCode, ErrorPolicy>;

/** Any other error (a bug, a dependency's surprise): 500 with no detail, the event retried. */
export const UNEXPECTED_ERROR_POLICY: ErrorPolicy = { httpStatus: 500, stream: { action: "retry" }, outcome: "error" };

/** A raw server fault counts as VALKEY_UNAVAILABLE: 503 for a caller, a wait for the consumer. */
export function errorPolicy(err: unknown): ErrorPolicy {
  if (isServiceError(err)) return ERROR_POLICY[err.code];
  return serverFaultCause(err) !== undefined ? ERROR_POLICY.VALKEY_UNAVAILABLE : UNEXPECTED_ERROR_POLICY;
}

/**
 * Error replies that mean the server cannot serve now, whatever the command: out of memory
 * (noeviction), a replica or a primary that lost its replicas, loading its data set, a busy
 * script, a cluster failing over, persistence failing (MISCONF). A script's error carries the
 * inner command's reply first ("OOM command not allowed ... script: ...").
 */
const SERVER_FAULT_REPLY = /^(OOM|READONLY|LOADING|MASTERDOWN|BUSY|CLUSTERDOWN|TRYAGAIN|MISCONF|NOREPLICAS)\b/;

/** Every cause serverFaultCause names: the reply codes above, a timeout, a lost connection. */
export const SERVER_FAULT_CAUSES = [
  "OOM",
  "READONLY",
  "LOADING",
  "MASTERDOWN",
  "BUSY",
  "CLUSTERDOWN",
  "TRYAGAIN",
  "MISCONF",
  "NOREPLICAS",
  "TIMEOUT",
  "CONNECTION",
  "UNAVAILABLE",
] as const;

/**
 * The server fault an error is (its reply code, TIMEOUT or CONNECTION), undefined when the
 * error is not the server's fault. A ServiceError is classified by its code, not its message.
 */
export function serverFaultCause(err: unknown): string | undefined {
  if (isServiceError(err)) return err.code === "VALKEY_UNAVAILABLE" ? (serverFaultCause(err.cause) ?? "UNAVAILABLE") : undefined;
  if (!(err instanceof Error)) return undefined;
  const reply = SERVER_FAULT_REPLY.exec(err.message);
  if (reply) return reply[1];
  if (/Command timed out|timed out after \d+ ms|did not return within/i.test(err.message)) return "TIMEOUT";
  return isConnectionError(err) ? "CONNECTION" : undefined;
}

/** ioredis errors that mean "the server is not reachable right now" rather than a bad command. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const m = err.message;
  return (
    /WRONGPASS|NOAUTH|Connection is closed|connect ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Command timed out|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest|LOADING|CLUSTERDOWN|TRYAGAIN|getaddrinfo/i.test(
      m,
    ) || (err as { code?: string }).code === "ECONNREFUSED"
  );
}

/**
 * A connection error as the service reports it (503, the event retried); anything else as it
 * was. Given the client, the message says why (ECONNREFUSED, a refused password) and what to
 * check, rather than the library's "Connection is closed.".
 */
export function asUnavailable(err: unknown, client?: object): unknown {
  // A ServiceError's own message may name a key that looks like a connection error.
  if (err instanceof ServiceError || serverFaultCause(err) === undefined) return err;
  // A slow but connected server: the HTTP layer names VALKEY_COMMAND_TIMEOUT_MS.
  const slow = /Command timed out/i.test((err as Error).message) && (client === undefined || lastConnectionError(client) === undefined);
  const problem = client && !slow && isConnectionError(err) ? explainFailure(client, err) : undefined;
  const e = problem
    ? new ServiceError("VALKEY_UNAVAILABLE", problem.message, { reason: problem.kind === "auth" ? "auth_failed" : "unreachable" })
    : new ServiceError("VALKEY_UNAVAILABLE", `Valkey is unavailable: ${(err as Error).message}`);
  e.cause = err;
  return e;
}
