import { urlDatabase, type Config } from "../config.js";
import { buildKeys } from "./keys.js";

/**
 * The least-privilege ACL of the service, rendered from the configured key names so that it
 * cannot drift from them (docs/security.md; `npx tsx scripts/acl.ts` prints it for the current
 * settings). Each family of keys gets its own ACL selector (Valkey, Redis 7+) holding only the
 * commands the service runs on that family, so a command allowed on one family is refused on
 * every other: XADD reaches the result and dead-letter streams, never the incident stream; SET
 * reaches markers and latest results, never a stream. A Lua script runs with its caller's
 * permissions, command by command, so a script reaches no further than these selectors; EVAL
 * itself is granted on the keys the service's scripts are given.
 */

export type AclConfig = Pick<Config, "INCIDENT_LOGS_KEY" | "INCIDENT_STREAM" | "ANOMALY_STREAM" | "DEAD_LETTER_STREAM" | "VALKEY_CLUSTER"> &
  Partial<Pick<Config, "MEMORY" | "MEMORY_KEY_PREFIX" | "VALKEY_URL">>;

/** The memory across incidents is on unless MEMORY=off (its default is on). */
const memoryOn = (c: Pick<AclConfig, "MEMORY">): boolean => c.MEMORY !== "off";

/** One family of keys and the commands the service runs on it: one ACL selector. */
export interface AclFamily {
  /** What the keys are, for the rendered comment and the docs. */
  what: string;
  /** Key permission: `%R~` read only, `~` read and write. */
  access: "%R~" | "%W~" | "~";
  /** Glob pattern; the configured names are escaped, only the id parts are `*`. */
  pattern: string;
  /** Commands (lower case, `command|subcommand`) allowed on these keys and nowhere else. */
  commands: string[];
  /** Passed to the service's Lua scripts as a key (EVAL checks its keys for read and write). */
  scriptKey: boolean;
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

/**
 * Every key family the service touches, with the commands it runs there. A new kind of key
 * is one more entry here (and its name in keys.ts).
 */
export function aclFamilies(c: AclConfig): AclFamily[] {
  const keys = buildKeys(c);
  return [
    {
      what: "incident logs (stream, sorted set or list): read",
      access: "%R~",
      pattern: patternOf(keys.incidentLogs),
      commands: ["type", "xlen", "xrevrange", "zcard", "zrange", "zcount", "zrevrangebyscore", "llen", "lrange"],
      scriptKey: false,
    },
    {
      what: "incident stream: the consumer group (scripts: XACK, lease renewal)",
      access: "~",
      pattern: escapeGlob(keys.incidentStream),
      commands: ["xgroup|create", "xreadgroup", "xack", "xautoclaim", "xclaim", "xpending", "xinfo|groups"],
      scriptKey: true,
    },
    {
      what: "result stream: XADD (publish script), XREVRANGE (GET /anomalies, the recent incidents)",
      access: "~",
      pattern: escapeGlob(keys.anomalyStream),
      commands: ["xadd", "xrevrange"],
      scriptKey: true,
    },
    { what: "dead-letter stream: XADD (dead-letter script)", access: "~", pattern: escapeGlob(keys.deadLetterStream), commands: ["xadd"], scriptKey: true },
    {
      what: "idempotency markers: GET, SET EX (both scripts)",
      access: "~",
      pattern: patternOf(keys.processedMarker),
      commands: ["get", "set"],
      scriptKey: true,
    },
    {
      what: "latest result per incident: SET EX (publish script), GET (GET /anomalies/:id)",
      access: "~",
      pattern: patternOf(keys.latestResult),
      commands: ["get", "set"],
      scriptKey: true,
    },
    {
      what: "consumer heartbeats: SET PX (anomaly-detect demo tells a live consumer by them)",
      access: "~",
      pattern: patternOf((id) => keys.consumerHeartbeat(id, id)),
      commands: ["set"],
      scriptKey: false,
    },
    ...feedbackFamilies(keys),
    ...(memoryOn(c) ? memoryFamilies(keys) : []),
  ];
}

/** Suppressions and verdicts (docs/feedback.md): the suppression keys share one hash tag. */
function feedbackFamilies(keys: ReturnType<typeof buildKeys>): AclFamily[] {
  return [
    {
      what: "feedback stream: XADD (verdicts, suppression changes)",
      access: "%W~",
      pattern: escapeGlob(keys.feedbackStream),
      commands: ["xadd"],
      scriptKey: false,
    },
    {
      what: "suppression index: ZRANGEBYSCORE, ZCOUNT (reads and scripts); ZADD, ZREM (suppression scripts)",
      access: "~",
      pattern: escapeGlob(keys.suppressionIndex),
      commands: ["zrangebyscore", "zcount", "zadd", "zrem"],
      scriptKey: true,
    },
    {
      what: "suppression records: HMGET (reads); HSET, HDEL (suppression scripts)",
      access: "~",
      pattern: escapeGlob(keys.suppressionRecords),
      commands: ["hmget", "hset", "hdel"],
      scriptKey: true,
    },
    {
      what: "suppressions in force: GET, MGET (reads); SET PX, GETDEL (suppression scripts)",
      access: "~",
      pattern: patternOf(keys.suppression),
      commands: ["get", "mget", "set", "getdel"],
      scriptKey: true,
    },
    {
      what: "verdicts per service: HGETALL, HSET, EXPIRE",
      access: "~",
      pattern: patternOf(keys.verdicts),
      commands: ["hgetall", "hset", "expire"],
      scriptKey: false,
    },
  ];
}

/** The memory across incidents (docs/memory.md): each family gets what its scripts and reads run on it. */
function memoryFamilies(keys: ReturnType<typeof buildKeys>): AclFamily[] {
  const family = (what: string, pattern: string, commands: string[]): AclFamily => ({ what, access: "~", pattern, commands, scriptKey: true });
  return [
    family("memory, templates per service: HGET, HSET, HDEL, EXPIRE (learn and mark scripts); HGETALL (recall)", patternOf(keys.memoryTemplates), [
      "hget",
      "hset",
      "hdel",
      "expire",
      "hgetall",
    ]),
    family("memory, last seen per template: ZADD, ZCARD, ZPOPMIN, EXPIRE (learn and mark scripts)", patternOf(keys.memoryRecency), [
      "zadd",
      "zcard",
      "zpopmin",
      "expire",
    ]),
    family("memory, numeric baselines per service: HGETALL, HSET, EXPIRE (learn script); HGETALL (recall)", patternOf(keys.memoryBaseline), [
      "hgetall",
      "hset",
      "expire",
    ]),
    family("memory, incidents learnt per service: ZSCORE, ZADD, ZREMRANGEBYRANK, EXPIRE (learn script); ZRANGE (recall)", patternOf(keys.memoryLearned), [
      "zscore",
      "zadd",
      "zremrangebyrank",
      "expire",
      "zrange",
    ]),
    family("memory, recent incidents: ZADD, ZCARD, ZPOPMIN, EXPIRE (record script); ZREVRANGE (similar incidents)", escapeGlob(keys.memoryRecent), [
      "zadd",
      "zcard",
      "zpopmin",
      "expire",
      "zrevrange",
    ]),
    family("memory, recent incidents' findings: HSET, HDEL, EXPIRE (record script); HGETALL (similar incidents)", escapeGlob(keys.memorySignatures), [
      "hset",
      "hdel",
      "expire",
      "hgetall",
    ]),
  ];
}

/** Commands without keys, allowed outside any selector. Everything else is denied (-@all). */
export function aclCommands(c: Pick<AclConfig, "VALKEY_CLUSTER" | "VALKEY_URL">): string[] {
  return [
    "-@all",
    // Connection: ioredis's ready check (INFO), CLIENT SETNAME, GET /health.
    "+info",
    "+client|setname",
    "+ping",
    // A consistent length + newest entry of a logs key; the commands inside are checked as usual.
    "+multi",
    "+exec",
    // ioredis's Cluster client: slot map and its ready check.
    ...(c.VALKEY_CLUSTER ? ["+cluster|slots", "+cluster|info"] : []),
    // The database a VALKEY_URL names (redis://host:6379/2), chosen at every connect.
    ...(c.VALKEY_URL && urlDatabase(c.VALKEY_URL) ? ["+select"] : []),
  ];
}

/** A selector: `(<key permission><pattern> ... +cmd ...)`. */
function selector(grants: string[], commands: string[]): string {
  return `(${[...grants, ...commands.map((cmd) => `+${cmd}`)].join(" ")})`;
}

/** One selector per family, then the scripts' selector: EVAL/EVALSHA on the keys scripts are given. */
export function aclSelectors(c: AclConfig): string[] {
  const families = aclFamilies(c);
  const scriptKeys = families.filter((f) => f.scriptKey).map((f) => `~${f.pattern}`);
  return [...families.map((f) => selector([`${f.access}${f.pattern}`], f.commands)), selector(scriptKeys, ["evalsha", "eval"])];
}

/** The rules after the user's name and password: `ACL SETUSER <user> reset on >password <rules...>`. */
export function aclRules(c: AclConfig): string[] {
  return ["resetkeys", "resetchannels", ...aclCommands(c), ...aclSelectors(c)];
}

/** Arguments of ACL SETUSER creating (or resetting) the service's user with exactly these rules. */
export function aclSetUserArgs(username: string, password: string, c: AclConfig): string[] {
  return ["SETUSER", username, "reset", "on", `>${password}`, ...aclRules(c)];
}
