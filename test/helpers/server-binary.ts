import { accessSync, constants } from "node:fs";
import path from "node:path";
import { findServerBinary } from "../../src/valkey/local-server.js";
import { binaryIdentity, type ServerIdentity } from "../../src/valkey/server-info.js";

/**
 * The one setting that chooses the server binary of the tests and of the bench:
 *
 *   TEST_SERVER_BIN=/path/to/valkey-server npm test     that binary (a name alone is looked up on PATH)
 *   npm test                                            valkey-server on PATH, else redis-server on PATH
 *
 * The default order is npm start's (src/valkey/local-server.ts). Every server a test starts (the
 * shared one, TLS, cluster, restarts, fault injection, a development autostart) uses this binary,
 * and the cluster is created with the valkey-cli/redis-cli beside it.
 */
export const SERVER_BIN_SETTING = "TEST_SERVER_BIN";

export interface ChosenServer {
  binary: string;
  /** From `<binary> --version`. */
  identity: ServerIdentity;
  /** How it was chosen, for the line the test run prints. */
  source: string;
}

function onPath(name: string, pathEnv: string): string | undefined {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The binary TEST_SERVER_BIN names, else the default order on PATH; undefined when there is none. */
export function chooseServerBinary(env: NodeJS.ProcessEnv = process.env): ChosenServer | undefined {
  const pathEnv = env.PATH ?? "";
  const given = env[SERVER_BIN_SETTING];
  if (given) {
    const binary = given.includes("/") ? path.resolve(given) : onPath(given, pathEnv);
    const identity = binary ? binaryIdentity(binary) : undefined;
    if (!binary || !identity) {
      throw new Error(
        `${SERVER_BIN_SETTING}=${given}: not a runnable valkey-server or redis-server (\`--version\` did not answer "Valkey server v=..." or "Redis server v=...")`,
      );
    }
    return { binary, identity, source: SERVER_BIN_SETTING };
  }
  const binary = findServerBinary(pathEnv);
  if (!binary) return undefined;
  const identity = binaryIdentity(binary);
  if (!identity) throw new Error(`${binary} on PATH is not a runnable server (\`--version\` failed); set ${SERVER_BIN_SETTING}`);
  return { binary, identity, source: `first on PATH of valkey-server, redis-server; ${SERVER_BIN_SETTING} unset` };
}

/** "valkey-server 8.0.1 (/var/cache/valkey-8.0.1/bin/valkey-server; TEST_SERVER_BIN)". */
export function describeChosen(c: ChosenServer): string {
  return `${c.identity.name}-server ${c.identity.version} (${c.binary}; ${c.source})`;
}
