import os from "node:os";
import { ConfigError, configSchema, loadConfig, type Config } from "../config.js";
import { isConnectionError } from "../errors.js";
import { createValkey, describeEndpoint, resolveEndpoint, type Valkey } from "../valkey/client.js";
import { describeProblem, lastConnectionError } from "../valkey/connection-errors.js";
import { CliError, EXIT, usageError, type CliIo } from "./io.js";

/**
 * The CLI reads the service's settings (VALKEY_URL, INCIDENT_STREAM, ...) through loadConfig,
 * so it talks to the same server and the same keys; --url overrides VALKEY_URL.
 */
export function cliConfig(io: CliIo, url: string | undefined): Config {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) throw usageError(err.message);
    throw err;
  }
  if (url !== undefined) {
    if (!configSchema.shape.VALKEY_URL.safeParse(url).success) throw usageError(`--url: must start with redis:// or rediss://, got "${url}"`);
    config = { ...config, VALKEY_URL: url };
  }
  return config;
}

/** Exit 3 with why (ECONNREFUSED, a refused password) and the settings that fix it. */
export function unreachable(config: Config, err: unknown, client?: Valkey): CliError {
  const seen = client ? lastConnectionError(client) : undefined;
  const problem = describeProblem(describeEndpoint(resolveEndpoint(config)), seen ?? err);
  const hint =
    problem.kind === "auth"
      ? "  The CLI reads VALKEY_USERNAME and VALKEY_PASSWORD as the service does; --url redis://user:password@host:6379 overrides them."
      : "  Point the CLI at the service's server with VALKEY_URL=redis://host:6379 (or VALKEY_HOST/VALKEY_PORT) or --url.";
  return new CliError(EXIT.UNREACHABLE, `${problem.message}\n${hint}`);
}

/**
 * Connects and PINGs; exit 3 when nothing answers. `blocking` is for XREAD BLOCK loops, which
 * bound their own waits (no command timeout).
 */
export async function connect(config: Config, o: { blocking?: boolean } = {}): Promise<Valkey> {
  const client = createValkey(config, { connectionName: `anomaly-detect-cli:${os.hostname()}:${process.pid}`, blocking: o.blocking });
  // Errors surface through the commands; ioredis would otherwise print them as unhandled.
  // The first one says why a connection failed (ECONNREFUSED, ENOTFOUND, a TLS error), where
  // connect() itself only rejects with "Connection is closed".
  let first: Error | undefined;
  client.on("error", (err: Error) => {
    first ??= err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw unreachable(config, first ?? err);
  }
  return client;
}

export async function close(client: Valkey | undefined): Promise<void> {
  if (!client) return;
  await client.quit().catch(() => client.disconnect());
}

/** Runs `fn` with a connection; connection failures mid-command are exit 3 too. */
export async function withValkey<T>(config: Config, fn: (valkey: Valkey) => Promise<T>): Promise<T> {
  const valkey = await connect(config);
  try {
    return await fn(valkey);
  } catch (err) {
    if (!(err instanceof CliError) && isConnectionError(err)) throw unreachable(config, err, valkey);
    throw err;
  } finally {
    await close(valkey);
  }
}
