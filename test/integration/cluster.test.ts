import { readFileSync } from "node:fs";
import { Cluster, type Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateLogs } from "../../bench/data.js";
import { loadConfig } from "../../src/config.js";
import { aclSetUserArgs } from "../../src/valkey/acl.js";
import { buildKeys, hashSlot } from "../../src/valkey/keys.js";
import { createValkey } from "../../src/valkey/client.js";
import { MemoryStore } from "../../src/memory/store.js";
import { templateId } from "../../src/detection/findings.js";
import { findCli, slotOwners, startCluster, type TestCluster } from "../helpers/cluster.js";
import { readAll } from "../helpers/consumer.js";
import { normalLogs, type TestLog } from "../helpers/logs.js";
import { startProcess } from "../helpers/process.js";
import { transpiled, startService, tryJson, waitFor, type ServiceProcess } from "../helpers/service.js";
import { newTestPrefix } from "../helpers/test-keys.js";
import { makeCertificates, type TestCertificates } from "../helpers/tls.js";

/**
 * The service (src/main.ts, a real process) against a real three-primary cluster on loopback,
 * as ElastiCache Serverless runs it: VALKEY_CLUSTER=true, the streams and their marker keys
 * under one hash tag, incident logs spread over every node, the least-privilege ACL user
 * created on each node.
 */

const binary = inject("valkeyBinary");
// A cluster needs a local server binary and its CLI (`.ci/run` installs both); without them this
// fails loudly rather than skipping.
const usable = Boolean(binary && findCli(binary));

let cluster: TestCluster;
let admin: Cluster;
const USER = "anomaly-cluster";
const PASSWORD = "cluster-test-password-1234";

beforeAll(async () => {
  if (!usable)
    throw new Error(
      "cluster tests need a server binary (TEST_SERVER_BIN, else valkey-server/redis-server on PATH) and valkey-cli/redis-cli beside it or on PATH (.ci/run installs them)",
    );
  cluster = await startCluster(binary);
  admin = new Cluster([{ host: "127.0.0.1", port: cluster.nodes[0]!.port }], { redisOptions: { maxRetriesPerRequest: 1 } });
  admin.on("error", () => {});
}, 90_000);
afterAll(async () => {
  admin?.disconnect();
  await cluster?.stop();
});

function clusterEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    VALKEY_CLUSTER: "true",
    VALKEY_URL: `redis://${USER}:${PASSWORD}@127.0.0.1:${cluster.nodes[1]!.port}`,
    INCIDENT_LOGS_KEY: `${prefix}:incident:{incident_id}:logs`,
    INCIDENT_STREAM: `{${prefix}}:incidents:created`,
    ANOMALY_STREAM: `{${prefix}}:anomalies:detected`,
    FEEDBACK_STREAM: `${prefix}:anomalies:feedback`,
    CONSUMER_NAME: "cluster-1",
    CONSUMER_BLOCK_MS: "200",
    NO_LOGS_RETRIES: "0",
    ...extra,
  };
}

const readStream = (key: string) => readAll(admin as unknown as Redis, key);

async function storeList(key: string, logs: TestLog[]): Promise<void> {
  await admin.del(key);
  await admin.rpush(key, ...logs.map((l) => JSON.stringify(l)));
}

describe("cluster mode", () => {
  let svc: ServiceProcess | undefined;
  afterAll(() => svc?.kill("SIGKILL"));

  it("API and consumer work; logs keys on every node; streams under one hash tag; the ACL is enough", async () => {
    const prefix = newTestPrefix();
    const env = clusterEnv(prefix);
    const config = loadConfig(env);
    const keys = buildKeys(config);
    // The service's ACL user on every node (ACLs are per node in a cluster).
    for (const a of cluster.admins) await a.call("ACL", ...aclSetUserArgs(USER, PASSWORD, config));

    // Incidents whose logs keys land on each of the three primaries.
    const owner = await slotOwners(cluster.admins[0]!, cluster);
    const perNode: string[][] = [[], [], []];
    for (let i = 0; perNode.some((l) => l.length < 2); i++) {
      const id = `cl-${i}`;
      const node = perNode[owner(hashSlot(keys.incidentLogs(id)))]!;
      if (node.length < 2) node.push(id);
    }
    const incidents = perNode.flat();
    for (const [i, id] of incidents.entries()) {
      const logs = normalLogs(40);
      logs[5 + i] = { ...logs[5 + i]!, level: "ERROR", message: "Database connection timeout after 30s" };
      await storeList(keys.incidentLogs(id), logs);
    }

    svc = await startService(env, 60_000);
    const base = `http://127.0.0.1:${svc.port}`;
    const health = (await (await fetch(`${base}/health`)).json()) as { status: string; valkey: { connected: boolean } };
    expect(health.status).toMatch(/healthy|degraded/);
    expect(health.valkey.connected).toBe(true);

    for (const id of incidents) {
      const res = await fetch(`${base}/detect-anomalies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ incident_id: id }),
      });
      expect(
        res.status,
        `${id}: ${svc.lines
          .filter((l) => l.includes('"error"'))
          .join("\n")
          .slice(0, 3000)}`,
      ).toBe(200);
      expect(((await res.json()) as { processed_logs: number }).processed_logs).toBe(40);
    }
    const missing = await fetch(`${base}/detect-anomalies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ incident_id: "nothing" }),
    });
    expect(missing.status).toBe(404);

    // A large incident: a detection worker reads it with its helper thread, whose own cluster
    // connection reads the newer half (it shows in CLIENT LIST of the key's node).
    await storeList(
      keys.incidentLogs("cl-large"),
      generateLogs(24_000, 5).map((l): TestLog => ({ ...l })),
    );
    const large = await fetch(`${base}/detect-anomalies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ incident_id: "cl-large" }),
    });
    expect(large.status).toBe(200);
    expect(((await large.json()) as { processed_logs: number }).processed_logs).toBe(24_000);
    const clientLists = await Promise.all(cluster.admins.map((a) => a.call("CLIENT", "LIST") as Promise<string>));
    expect(clientLists.some((l) => l.includes(`name=${config.SERVICE_NAME}:${config.CONSUMER_NAME}:helper`))).toBe(true);

    // Events through the consumer: exactly one result each, one dead letter, all in one slot.
    const ids: string[] = [];
    for (const id of [...incidents, ...incidents]) ids.push((await admin.xadd(config.INCIDENT_STREAM, "*", "incident_id", id))!);
    const bad = await admin.xadd(config.INCIDENT_STREAM, "*", "incident_id", "bad id*");
    const results = await waitFor(
      async () => {
        const all = await readStream(config.ANOMALY_STREAM);
        return all.length >= ids.length ? all : undefined;
      },
      60_000,
      "results in cluster mode",
    );
    expect(results.map((x) => x.source_event_id).sort()).toEqual([...ids].sort());
    expect(results.every((x) => x.status === "ok")).toBe(true);
    const [dead] = await waitFor(
      async () => {
        const all = await readStream(config.DEAD_LETTER_STREAM);
        return all.length ? all : undefined;
      },
      20_000,
      "dead letter in cluster mode",
    );
    expect(dead).toMatchObject({ source_event_id: bad, reason: "invalid" });
    const latest = await fetch(`${base}/anomalies/${incidents[0]}`);
    expect(latest.status).toBe(200);

    // Suppressions (three keys under their own hash tag, changed by one script) and verdicts.
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const finding = ((await latest.json()) as { findings: { finding_id: string; template_id: string; service: string }[] }).findings[0]!;
    const created = await post("/suppressions", {
      match: { service: finding.service, template_id: finding.template_id },
      until: "1h",
      reason: "r",
      created_by: "c",
    });
    expect(created.status).toBe(201);
    const hidden = (await (await post("/detect-anomalies", { incident_id: incidents[0] })).json()) as { suppressed: { finding_id: string }[] };
    expect(hidden.suppressed.map((x) => x.finding_id)).toContain(finding.finding_id);
    expect(((await (await fetch(`${base}/suppressions`)).json()) as { active: unknown[] }).active).toHaveLength(1);
    expect((await post(`/anomalies/${incidents[0]}/feedback`, { finding_id: finding.finding_id, verdict: "confirmed", by: "c" })).status).toBe(201);

    const slots = new Set(
      [keys.incidentStream, keys.anomalyStream, keys.deadLetterStream, keys.processedMarker(ids[0]!), keys.latestResult(incidents[0]!)].map(hashSlot),
    );
    expect(slots.size).toBe(1);
    // No command of the service was denied on any node.
    for (const a of cluster.admins) {
      const denied = ((await a.call("ACL", "LOG", "128")) as unknown[][]).map((e) => JSON.stringify(e)).filter((e) => e.includes(USER));
      expect(denied, denied.join("\n")).toEqual([]);
    }
    svc.kill("SIGTERM");
    expect((await svc.exited).code).toBe(0);
    svc = undefined;
  });

  it("refuses to start when the streams would not share a hash slot, naming the keys", async () => {
    const prefix = newTestPrefix();
    const env = clusterEnv(prefix, { INCIDENT_STREAM: `${prefix}:incidents:created`, ANOMALY_STREAM: `${prefix}:anomalies:detected` });
    const proc = startProcess(process.execPath, [transpiled("src/main.ts")], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ENVIRONMENT: "test", PORT: "0", HOST: "127.0.0.1", ...env },
    });
    const code = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r("still running after 30 s"), 30_000))]);
    await proc.stop("SIGKILL");
    expect(code, proc.output()).toBe(1);
    const fatal = proc.stdout.map(tryJson).find((l) => l?.level === "fatal");
    expect(String(fatal?.msg), proc.output()).toMatch(/cluster mode needs the streams and marker keys in one hash slot/);
    expect(String(fatal?.msg)).toContain(`INCIDENT_STREAM=${prefix}:incidents:created`);
    expect(proc.stdout.some((l) => l.includes("service started"))).toBe(false);
  });
});

describe("cluster mode over TLS (as ElastiCache Serverless)", () => {
  let certs: TestCertificates;
  let tlsCluster: TestCluster;
  let tlsAdmin: Cluster;
  let svc: ServiceProcess | undefined;
  beforeAll(async () => {
    certs = await makeCertificates();
    tlsCluster = await startCluster(binary, certs);
    tlsAdmin = new Cluster([{ host: "127.0.0.1", port: tlsCluster.nodes[0]!.port }], {
      redisOptions: { maxRetriesPerRequest: 1, tls: { ca: readFileSync(certs.caFile) } },
    });
    tlsAdmin.on("error", () => {});
  }, 90_000);
  afterAll(async () => {
    svc?.kill("SIGKILL");
    tlsAdmin?.disconnect();
    await tlsCluster?.stop();
    certs?.remove();
  });

  it("rediss:// + VALKEY_CLUSTER=true + VALKEY_TLS_CA_FILE: logs on every node are read, events get their results", async () => {
    const prefix = newTestPrefix();
    const env = {
      ...clusterEnv(prefix),
      VALKEY_URL: `rediss://${USER}:${PASSWORD}@127.0.0.1:${tlsCluster.nodes[2]!.port}`,
      VALKEY_TLS_CA_FILE: certs.caFile,
    };
    const config = loadConfig(env);
    const keys = buildKeys(config);
    for (const a of tlsCluster.admins) await a.call("ACL", ...aclSetUserArgs(USER, PASSWORD, config));
    const owner = await slotOwners(tlsCluster.admins[0]!, tlsCluster);
    const perNode: string[][] = [[], [], []];
    for (let i = 0; perNode.some((l) => l.length < 1); i++) {
      const node = perNode[owner(hashSlot(keys.incidentLogs(`tls-${i}`)))]!;
      if (node.length < 1) node.push(`tls-${i}`);
    }
    const incidents = perNode.flat();
    for (const id of incidents) {
      await tlsAdmin.del(keys.incidentLogs(id));
      await tlsAdmin.rpush(keys.incidentLogs(id), ...normalLogs(30).map((l) => JSON.stringify(l)));
    }
    svc = await startService(env, 60_000);
    const base = `http://127.0.0.1:${svc.port}`;
    for (const id of incidents) {
      const res = await fetch(`${base}/detect-anomalies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ incident_id: id }),
      });
      expect(res.status, id).toBe(200);
      expect(((await res.json()) as { processed_logs: number }).processed_logs).toBe(30);
    }
    const ids: string[] = [];
    for (const id of incidents) ids.push((await tlsAdmin.xadd(config.INCIDENT_STREAM, "*", "incident_id", id))!);
    const results = await waitFor(
      async () => {
        const all = await readAll(tlsAdmin as unknown as Redis, config.ANOMALY_STREAM);
        return all.length >= ids.length ? all : undefined;
      },
      60_000,
      "results in cluster mode over TLS",
    );
    expect(results.map((x) => x.source_event_id).sort()).toEqual([...ids].sort());
    svc.kill("SIGTERM");
    expect((await svc.exited).code).toBe(0);
    svc = undefined;
  });
});

describe("the memory across incidents in cluster mode", () => {
  it("keeps each service's keys in one slot, spreads services over the nodes, and merges concurrent lessons as the service's ACL user", async () => {
    const prefix = newTestPrefix();
    const config = loadConfig({ ...clusterEnv(prefix), MEMORY: "on", MEMORY_KEY_PREFIX: `${prefix}:memory`, MEMORY_CACHE_MS: "0", LOG_LEVEL: "silent" });
    const keys = buildKeys(config);
    for (const a of cluster.admins) await a.call("ACL", ...aclSetUserArgs(USER, PASSWORD, config));
    // A service on each primary.
    const owner = await slotOwners(cluster.admins[0]!, cluster);
    const perNode: (string | undefined)[] = [undefined, undefined, undefined];
    for (let i = 0; perNode.some((x) => x === undefined); i++) {
      const service = `svc-${i}`;
      const node = owner(hashSlot(keys.memoryTemplates(service)));
      perNode[node] ??= service;
    }
    const services = perNode as string[];
    for (const service of services) {
      const slots = [keys.memoryTemplates(service), keys.memoryRecency(service), keys.memoryBaseline(service), keys.memoryLearned(service)].map(hashSlot);
      expect(new Set(slots).size).toBe(1);
    }
    const valkey = createValkey(config);
    valkey.on("error", () => {});
    await valkey.connect();
    try {
      const store = new MemoryStore(valkey, keys, config);
      const lesson = (service: string, i: number) => ({
        service,
        lines: 2,
        linesPerMinute: 1,
        levels: [0, 0, 2, 0, 0, 0],
        rt: { "40": 1 },
        mem: {},
        templates: [
          { id: templateId("shared line"), text: "shared line", lines: 1, flagged: 0 as const, severe: 0 },
          { id: templateId(`own line ${i}`), text: `own line ${i}`, lines: 1, flagged: 0 as const, severe: 0 },
        ],
      });
      // Six incidents of every service at once: each merge is one script on its service's node.
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.learn(
            `inc-${i}`,
            services.map((s) => lesson(s, i)),
          ),
        ),
      );
      for (const service of services) {
        const h = (await store.read(service))!;
        expect(h.incidents).toBe(6);
        expect(h.templates.find((t) => t.text === "shared line")?.incidents).toBe(6);
        expect(h.templates).toHaveLength(7);
      }
      await store.recordIncident("inc-a", [`${services[0]}\u0000t1`, `${services[1]}\u0000t2`]);
      expect(await store.similar("inc-b", [`${services[0]}\u0000t1`])).toEqual([expect.objectContaining({ incident_id: "inc-a", similarity: 0.5 })]);
    } finally {
      valkey.disconnect();
    }
  });
});
