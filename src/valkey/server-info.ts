import { spawnSync } from "node:child_process";

/**
 * Which server answers, Valkey or Redis, and its version, from INFO or from `<binary> --version`.
 * The two tell it differently: Valkey 8 keeps `redis_version` for old clients but sets it to the
 * Redis version it is compatible with (7.2.4), and names itself in `server_name:valkey` and
 * `valkey_version:8.0.1`; it also renamed `redis_mode` to `server_mode`. Redis 7.0 has only
 * `redis_version` and `redis_mode`. Reading `redis_version` alone would call Valkey 8 "Redis 7.2.4".
 */

export interface ServerIdentity {
  /** "valkey" or "redis" (lower case, as Valkey's server_name). */
  name: string;
  version: string;
  /** standalone, cluster or sentinel, when INFO said. */
  mode?: string;
}

/**
 * The service needs XAUTOCLAIM (6.2). Redis 7.0 / any Valkey also give the least-privilege
 * ACL its read-only key permissions (`%R~`) and XINFO GROUPS its `lag` field.
 */
export const MIN_SERVER_VERSION = "6.2.0";

function infoFields(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) fields.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return fields;
}

/** From the text of INFO (or INFO server). */
export function parseServerInfo(info: string): ServerIdentity {
  const f = infoFields(info);
  const name = (f.get("server_name") ?? "redis").toLowerCase();
  const version = f.get(`${name}_version`) ?? f.get("redis_version") ?? "unknown";
  const mode = f.get("server_mode") ?? f.get("redis_mode");
  return { name, version, ...(mode ? { mode } : {}) };
}

/** From `valkey-server --version` ("Valkey server v=8.0.1 sha=...") or `redis-server --version` ("Redis server v=7.0.15 ..."). */
export function parseVersionOutput(text: string): ServerIdentity | undefined {
  const m = /^(\w+) server v=(\S+)/m.exec(text);
  return m ? { name: m[1]!.toLowerCase(), version: m[2]! } : undefined;
}

/** Runs `<binary> --version`; undefined when it is not a Valkey/Redis server. */
export function binaryIdentity(binary: string): ServerIdentity | undefined {
  const r = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 10_000 });
  return r.status === 0 ? parseVersionOutput(r.stdout) : undefined;
}

/** Compares dotted versions numerically: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when the server is new enough for the service (every Valkey release is: the first was 7.2). */
export function meetsMinimum(id: ServerIdentity): boolean {
  return compareVersions(id.version, MIN_SERVER_VERSION) >= 0;
}

/** "valkey 8.0.1", "redis 7.0.15". */
export function describeServer(id: ServerIdentity): string {
  return `${id.name} ${id.version}`;
}
