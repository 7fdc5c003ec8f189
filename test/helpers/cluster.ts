import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { freePort, startLocalServer, type LocalServer } from "../../src/valkey/local-server.js";
import { run } from "./process.js";
import { waitFor } from "./service.js";
import type { TestCertificates } from "./tls.js";

/**
 * A three-primary cluster on loopback, as the test setup's own servers: `--cluster-enabled yes`
 * on each (bus ports chosen free with `--cluster-port`, since port + 10000 may not be), joined
 * with `redis-cli --cluster create ... --cluster-replicas 0`. With certificates, TLS only: client
 * ports, the cluster bus and the slot map all speak TLS (as ElastiCache Serverless does).
 */
export interface TestCluster {
  nodes: LocalServer[];
  /** host:port of every primary. */
  addresses: string[];
  /** Admin clients, one per node (ACL users are per node in a cluster). */
  admins: Redis[];
  stop(): Promise<void>;
}

/** The CLI beside the server binary (valkey-cli beside valkey-server), else valkey-cli or redis-cli from PATH. */
export function findCli(serverBinary: string): string | undefined {
  const beside = path.join(path.dirname(serverBinary), path.basename(serverBinary).replace("-server", "-cli"));
  for (const c of [beside, "valkey-cli", "redis-cli"]) {
    if (spawnSync(c, ["--version"]).status === 0) return c;
  }
  return undefined;
}

export async function startCluster(binary: string, tls?: TestCertificates): Promise<TestCluster> {
  const cli = findCli(binary);
  if (!cli) throw new Error(`no valkey-cli/redis-cli beside ${binary} to create the cluster`);
  const nodes: LocalServer[] = [];
  const admins: Redis[] = [];
  const stop = async () => {
    for (const a of admins) a.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < 3; i++) {
      const busPort = await freePort();
      nodes.push(
        await startLocalServer({
          binary,
          extraArgs: [
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            "5000",
            "--cluster-port",
            String(busPort),
            ...(tls ? ["--tls-cluster", "yes"] : []),
          ],
          tls,
        }),
      );
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    const tlsArgs = tls ? ["--tls", "--cacert", tls.caFile] : [];
    const created = await run(cli, [...tlsArgs, "--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"], { timeoutMs: 60_000 });
    if (created.code !== 0) throw new Error(`cluster create failed (${created.code}): ${created.stdout}\n${created.stderr}`);
    for (const n of nodes) {
      const a = new Redis(n.url, { maxRetriesPerRequest: 1, ...(tls ? { tls: { ca: readFileSync(tls.caFile) } } : {}) });
      a.on("error", () => {});
      admins.push(a);
    }
    // Every node agrees the cluster is up and knows all three primaries.
    await waitFor(
      async () => {
        for (const a of admins) {
          const info = (await a.cluster("INFO")) as string;
          if (!info.includes("cluster_state:ok") || !info.includes("cluster_known_nodes:3")) return undefined;
        }
        return true;
      },
      30_000,
      "cluster_state:ok on every node",
    );
    return { nodes, addresses, admins, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The node (index into `nodes`) serving a slot, from CLUSTER SLOTS. */
export async function slotOwners(admin: Redis, cluster: TestCluster): Promise<(slot: number) => number> {
  const ranges = await admin.cluster("SLOTS");
  return (slot) => {
    const r = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!r?.[2]) throw new Error(`slot ${slot} is not served`);
    const port = Number(r[2][1]);
    return cluster.nodes.findIndex((n) => n.port === port);
  };
}
