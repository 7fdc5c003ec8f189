import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { ConfigError, urlDatabase, type Config } from "../config.js";
import { AUTH_RETRY_MS, isAuthError, lastConnectionError, trackConnection } from "./connection-errors.js";

export type Valkey = Redis | Cluster;

type ConnectionConfig = Pick<
  Config,
  | "VALKEY_URL"
  | "VALKEY_HOST"
  | "VALKEY_PORT"
  | "VALKEY_USERNAME"
  | "VALKEY_PASSWORD"
  | "VALKEY_TLS"
  | "VALKEY_TLS_CA_FILE"
  | "VALKEY_CLUSTER"
  | "VALKEY_COMMAND_TIMEOUT_MS"
  | "VALKEY_CONNECT_TIMEOUT_MS"
  | "VALKEY_AUTO_PIPELINING"
>;

export interface Endpoint {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  /** The database a VALKEY_URL's path selects (`redis://host:6379/2`); 0 otherwise. */
  db: number;
}

/** Host, port, TLS and credentials from VALKEY_URL, else from the VALKEY_* variables. */
export function resolveEndpoint(c: ConnectionConfig): Endpoint {
  if (c.VALKEY_URL) {
    const u = new URL(c.VALKEY_URL);
    return {
      host: u.hostname.replace(/^\[|\]$/g, ""),
      port: u.port ? Number(u.port) : 6379,
      tls: u.protocol === "rediss:" || c.VALKEY_TLS,
      username: u.username ? decodeURIComponent(u.username) : c.VALKEY_USERNAME,
      password: u.password ? decodeURIComponent(u.password) : c.VALKEY_PASSWORD,
      db: urlDatabase(c.VALKEY_URL) ?? 0,
    };
  }
  return {
    host: c.VALKEY_HOST,
    port: c.VALKEY_PORT,
    tls: c.VALKEY_TLS,
    username: c.VALKEY_USERNAME,
    password: c.VALKEY_PASSWORD,
    db: 0,
  };
}

/** Safe to log: never includes the password. */
export function describeEndpoint(e: Endpoint): string {
  return `${e.tls ? "rediss" : "redis"}://${e.username ? `${e.username}@` : ""}${e.host}:${e.port}${e.db ? `/${e.db}` : ""}`;
}

export interface ClientOptions {
  /** Name shown by CLIENT LIST, helps an operator tell connections apart. */
  connectionName?: string;
  /** Blocking readers must not time out while blocked; they bound BLOCK themselves. */
  blocking?: boolean;
}

/**
 * TLS options: the server's certificate is always verified (against VALKEY_TLS_CA_FILE when
 * given, else the system CAs). SNI carries the host name; an IP address is checked against the
 * certificate's IP SANs instead (RFC 6066 forbids IPs in SNI).
 */
export function tlsOptions(c: Pick<ConnectionConfig, "VALKEY_TLS_CA_FILE">, host: string): ConnectionOptions {
  let ca: Buffer | undefined;
  if (c.VALKEY_TLS_CA_FILE) {
    try {
      ca = readFileSync(c.VALKEY_TLS_CA_FILE);
    } catch (err) {
      throw new ConfigError(`VALKEY_TLS_CA_FILE: cannot read ${c.VALKEY_TLS_CA_FILE}: ${(err as Error).message}`);
    }
  }
  return { ...(isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) };
}

/** Reconnect backoff: fast for a server that is starting or restarting, slow for a refused password. */
function reconnectDelay(refused: () => boolean): (times: number) => number {
  return (times) => (refused() ? AUTH_RETRY_MS : Math.min(100 * 2 ** Math.min(times, 5), 2000));
}

function baseOptions(c: ConnectionConfig, e: Endpoint, o: ClientOptions, refused: () => boolean): RedisOptions {
  return {
    username: e.username,
    password: e.password,
    // ioredis SELECTs it on every connect and reconnect (never in a cluster: config.ts refuses it).
    ...(e.db ? { db: e.db } : {}),
    connectionName: o.connectionName,
    connectTimeout: c.VALKEY_CONNECT_TIMEOUT_MS,
    // A request should fail fast with 503 rather than wait in the offline queue for minutes.
    maxRetriesPerRequest: o.blocking ? null : 1,
    commandTimeout: o.blocking ? undefined : c.VALKEY_COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectDelay(refused),
    lazyConnect: true,
    // CLIENT SETINFO is not in the least-privilege ACL (docs/security.md); skip it rather than
    // leave a denied command in the server's ACL LOG at every connect.
    disableClientInfo: true,
    tls: e.tls ? tlsOptions(c, e.host) : undefined,
    // Commands issued in the same tick go out in one write: a batch of stream events or a page
    // burst costs one syscall instead of dozens (+20% incidents/s in the stream bench).
    enableAutoPipelining: c.VALKEY_AUTO_PIPELINING && !o.blocking,
  };
}

export function createValkey(c: ConnectionConfig, o: ClientOptions = {}): Valkey {
  const e = resolveEndpoint(c);
  let client: Valkey | undefined;
  const refused = () => client !== undefined && isAuthError(lastConnectionError(client));
  const opts = baseOptions(c, e, o, refused);
  client = c.VALKEY_CLUSTER ? createCluster(c, e, opts, refused) : new Redis({ host: e.host, port: e.port, ...opts });
  trackConnection(client, `${e.host.includes(":") ? `[${e.host}]` : e.host}:${e.port}`);
  return client;
}

function createCluster(c: ConnectionConfig, e: Endpoint, opts: RedisOptions, refused: () => boolean): Cluster {
  return new Cluster([{ host: e.host, port: e.port }], {
    lazyConnect: true,
    redisOptions: opts,
    // ElastiCache's TLS certificates name the configuration endpoint, not node IPs.
    dnsLookup: (address, callback) => callback(null, address),
    slotsRefreshTimeout: c.VALKEY_CONNECT_TIMEOUT_MS,
    clusterRetryStrategy: reconnectDelay(refused),
  });
}

/** PING round trip in milliseconds. */
export async function pingMs(client: Valkey): Promise<number> {
  const t0 = performance.now();
  await client.ping();
  return performance.now() - t0;
}
