/**
 * What a failed connection means, in words that name the setting to check. ioredis reports
 * "Connection is closed." or "Reached the max retries per request limit" to the command that
 * failed; the reason (ECONNREFUSED, WRONGPASS, ...) arrives earlier on the client's "error" event,
 * so each client created by createValkey remembers its last one here.
 */

/** A refused password is retried this slowly: retrying faster would not change the answer. */
export const AUTH_RETRY_MS = 15_000;

export type ProblemKind = "auth" | "unreachable";

export interface ValkeyProblem {
  kind: ProblemKind;
  /** ECONNREFUSED, ENOTFOUND, WRONGPASS, NOAUTH, ... or the library's text when it gave no code. */
  cause: string;
  message: string;
}

interface Tracked {
  /** host:port, safe to show (no credentials). */
  endpoint: string;
  last?: Error;
}

const tracked = new WeakMap<object, Tracked>();

export function isAuthError(err: unknown): boolean {
  return err instanceof Error && /WRONGPASS|NOAUTH|invalid username-password|invalid password/i.test(err.message);
}

/** The short reason: a socket error code, the server's error word, or the message itself. */
export function problemCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  const word = /\b(WRONGPASS|NOAUTH|LOADING|CLUSTERDOWN|ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|EAI_AGAIN)\b/.exec(err.message);
  if (word) return word[1]!;
  return err.message.replace(/\.$/, "");
}

const HINT = {
  auth: "check VALKEY_USERNAME and VALKEY_PASSWORD, or the user info in VALKEY_URL (redis://user:password@host:port)",
  unreachable: "check VALKEY_URL (or VALKEY_HOST and VALKEY_PORT) and that the server is running",
} as const;

const AUTH_CAUSE: Record<string, string> = {
  WRONGPASS: "WRONGPASS: the server refused the username or password",
  NOAUTH: "NOAUTH: the server requires a password and none was sent",
};

/** The message for `err` seen on a connection to `endpoint` (host:port). */
export function describeProblem(endpoint: string, err: unknown): ValkeyProblem {
  const cause = problemCause(err);
  if (isAuthError(err)) {
    return { kind: "auth", cause, message: `authentication failed at Valkey ${endpoint} (${AUTH_CAUSE[cause] ?? cause}) — ${HINT.auth}` };
  }
  return { kind: "unreachable", cause, message: `cannot reach Valkey at ${endpoint}: ${cause} — ${HINT.unreachable}` };
}

/** Called by createValkey: remember the client's endpoint and its last connection error. */
export function trackConnection(client: { on(event: "error", fn: (err: Error) => void): unknown }, endpoint: string): void {
  const t: Tracked = { endpoint };
  tracked.set(client, t);
  client.on("error", (err: Error) => {
    t.last = err;
  });
  // A successful handshake clears it, so an old refusal is not blamed for a later timeout.
  (client as unknown as { on(event: "ready", fn: () => void): unknown }).on("ready", () => {
    t.last = undefined;
  });
}

/** The last connection error of a client made by createValkey, if any since it was last ready. */
export function lastConnectionError(client: object): Error | undefined {
  return tracked.get(client)?.last;
}

/**
 * Why `err` (from a command on `client`) failed, with the setting to check; undefined when the
 * client is not one createValkey made. The error the client saw on its connection, when there is
 * one, says more than the command's own ("Connection is closed.").
 */
export function explainFailure(client: object, err: unknown): ValkeyProblem | undefined {
  const t = tracked.get(client);
  if (!t) return undefined;
  return describeProblem(t.endpoint, t.last ?? err);
}

/** The endpoint a tracked client was made for. */
export function trackedEndpoint(client: object): string | undefined {
  return tracked.get(client)?.endpoint;
}
