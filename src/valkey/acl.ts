import type { Config } from "../config.js";
import { buildKeys } from "./keys.js";

/**
 * The least-privilege ACL of the service, rendered from the configured key names so that it
 * cannot drift from them (docs/security.md; `npm run acl` prints it for the current settings).
 * Read and write are granted per kind of key with Valkey/Redis 7 key permissions (%R~ read
 * only, `~` both; EVAL checks its keys for both). Scripts run with the caller's permissions, so
 * +eval grants nothing beyond this.
 */

export type AclConfig = Pick<Config, "INCIDENT_LOGS_KEY" | "INCIDENT_STREAM" | "ANOMALY_STREAM" | "DEAD_LETTER_STREAM" | "VALKEY_CLUSTER"> &
  Partial<Pick<Config, "MEMORY" | "MEMORY_KEY_PREFIX">>;

/** The memory across incidents is on unless MEMORY=off (its default is on). */
const memoryOn = (c: Pick<AclConfig, "MEMORY">): boolean => c.MEMORY !== "off";

export interface AclKeyGrant {
  /** ACL key selector: `%R~` read only, `~` read and write. */
  access: "%R~" | "~";
  /** Glob pattern; the configured names are escaped, only the id parts are `*`. */
  pattern: string;
  what: string;
}

/** Escapes glob metacharacters so a configured name matches only itself. */
export function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The pattern of a key built from an id: the literal parts escaped, the id a `*`. */
function patternOf(build: (id: string) => string): string {
  const marker = "\u0000id\u0000";
  return build(marker).split(marker).map(escapeGlob).join("*");
}

export function aclKeyGrants(c: AclConfig): AclKeyGrant[] {
  const keys = buildKeys(c);
  return [
    {
      access: "%R~",
      pattern: patternOf(keys.incidentLogs),
      what: "incident logs: TYPE, XLEN, XREVRANGE, ZCARD, ZRANGE, ZCOUNT, ZREVRANGEBYSCORE, LLEN, LRANGE",
    },
    {
      access: "~",
      pattern: escapeGlob(keys.incidentStream),
      what: "incident stream: XGROUP CREATE (MKSTREAM), XREADGROUP, XACK, XAUTOCLAIM, XCLAIM, XPENDING, XINFO GROUPS",
    },
    // XADD alone needs only %W, but EVAL checks every key it is given for read and write.
    { access: "~", pattern: escapeGlob(keys.anomalyStream), what: "result stream: XADD in the publish script (a script key: read and write)" },
    { access: "~", pattern: escapeGlob(keys.deadLetterStream), what: "dead-letter stream: XADD in the dead-letter script (a script key: read and write)" },
    { access: "~", pattern: patternOf(keys.processedMarker), what: "idempotency markers: GET, SET EX (both scripts)" },
    { access: "~", pattern: patternOf(keys.latestResult), what: "latest result per incident: SET EX (publish script), GET (GET /anomalies/:id)" },
    { access: "~", pattern: patternOf((id) => keys.consumerHeartbeat(id, id)), what: "consumer heartbeats: SET PX" },
    ...(memoryOn(c) ? memoryGrants(keys) : []),
  ];
}

/** The memory across incidents (docs/memory.md): script keys (read and write), read by HGETALL and ZRANGE. */
function memoryGrants(keys: ReturnType<typeof buildKeys>): AclKeyGrant[] {
  const script = "learn and mark scripts: HGET, HSET, HDEL, ZSCORE, ZADD, ZCARD, ZPOPMIN, ZREMRANGEBYRANK, EXPIRE";
  return [
    { access: "~", pattern: patternOf(keys.memoryTemplates), what: `memory, templates per service: ${script}; HGETALL (recall)` },
    { access: "~", pattern: patternOf(keys.memoryRecency), what: `memory, last seen per template: ${script}` },
    { access: "~", pattern: patternOf(keys.memoryBaseline), what: `memory, numeric baselines per service: ${script}; HGETALL (recall)` },
    { access: "~", pattern: patternOf(keys.memoryLearned), what: `memory, incidents learnt per service: ${script}; ZRANGE (recall)` },
    {
      access: "~",
      pattern: escapeGlob(keys.memoryRecent),
      what: "memory, recent incidents: ZADD, ZCARD, ZPOPMIN, EXPIRE (record script); ZREVRANGE (similar incidents)",
    },
    {
      access: "~",
      pattern: escapeGlob(keys.memorySignatures),
      what: "memory, recent incidents' findings: HSET, HDEL, EXPIRE (record script); HGETALL (similar incidents)",
    },
  ];
}

/** Commands, by what needs them. Everything else is denied (-@all). */
export function aclCommands(c: Pick<AclConfig, "VALKEY_CLUSTER" | "MEMORY">): string[] {
  return [
    "-@all",
    // Connection: ioredis's ready check (INFO), CLIENT SETNAME, GET /health.
    "+info",
    "+client|setname",
    "+ping",
    // Reading logs of any of the three layouts; MULTI/EXEC for a consistent length + newest entry.
    "+type",
    "+multi",
    "+exec",
    "+xlen",
    "+xrevrange",
    "+zcard",
    "+zrange",
    "+zcount",
    "+zrevrangebyscore",
    "+llen",
    "+lrange",
    // Consuming the incident stream.
    "+xgroup|create",
    "+xreadgroup",
    "+xack",
    "+xautoclaim",
    // Lease renewal of in-flight entries (scripts.ts RENEW_LEASE).
    "+xclaim",
    "+xpending",
    "+xinfo|groups",
    // Publish-and-ack / dead-letter-and-ack scripts, GET /anomalies/:id.
    "+evalsha",
    "+eval",
    "+xadd",
    "+set",
    "+get",
    // The memory across incidents: its scripts (run with these permissions) and its reads.
    ...(memoryOn(c) ? ["+hget", "+hset", "+hdel", "+hgetall", "+zscore", "+zadd", "+zcard", "+zpopmin", "+zremrangebyrank", "+zrevrange", "+expire"] : []),
    // ioredis's Cluster client: slot map and its ready check.
    ...(c.VALKEY_CLUSTER ? ["+cluster|slots", "+cluster|info"] : []),
  ];
}

/** The rules after the user's name and password: `ACL SETUSER <user> reset on >password <rules...>`. */
export function aclRules(c: AclConfig): string[] {
  return ["resetkeys", "resetchannels", ...aclCommands(c), ...aclKeyGrants(c).map((g) => `${g.access}${g.pattern}`)];
}

/** Arguments of ACL SETUSER creating (or resetting) the service's user with exactly these rules. */
export function aclSetUserArgs(username: string, password: string, c: AclConfig): string[] {
  return ["SETUSER", username, "reset", "on", `>${password}`, ...aclRules(c)];
}
