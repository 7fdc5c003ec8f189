/**
 * The few errors the service raises on purpose. Each `code` decides something: the HTTP status,
 * whether a stream event is retried or dead-lettered.
 */
export type ErrorCode =
  | "VALIDATION" // bad input: 400, dead-letter at once
  | "NOT_FOUND" // no logs / no result: 404
  | "UNSUPPORTED_KEY_TYPE" // the logs key holds a hash or string: 422, dead-letter at once
  | "VALKEY_UNAVAILABLE"; // Valkey down or too slow: 503, retry the event later

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

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  UNSUPPORTED_KEY_TYPE: 422,
  VALKEY_UNAVAILABLE: 503,
};

/** ioredis errors that mean "the server is not reachable right now" rather than a bad command. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const m = err.message;
  return (
    /Connection is closed|connect ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Command timed out|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest|LOADING|CLUSTERDOWN|TRYAGAIN|getaddrinfo/i.test(m) ||
    (err as { code?: string }).code === "ECONNREFUSED"
  );
}

/** A connection error as the service reports it (503, the event retried); anything else as it was. */
export function asUnavailable(err: unknown): unknown {
  // A ServiceError's own message may name a key that looks like a connection error.
  return !(err instanceof ServiceError) && isConnectionError(err) ? new ServiceError("VALKEY_UNAVAILABLE", `Valkey is unavailable: ${(err as Error).message}`) : err;
}
