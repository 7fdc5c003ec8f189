import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../src/config.js";
import { aclSetUserArgs } from "../src/valkey/acl.js";
import { startLocalServer } from "../src/valkey/local-server.js";
import { describeServer, parseServerInfo, type ServerIdentity } from "../src/valkey/server-info.js";
import { removeSourceBuild, transpileSources } from "./helpers/source-build.js";
import { chooseServerBinary, describeChosen, SERVER_BIN_SETTING } from "./helpers/server-binary.js";
import { TEST_PREFIX_GLOB, testKeyNames } from "./helpers/test-keys.js";

/**
 * One real server per test run: VALKEY_TEST_URL when given, else the binary TEST_SERVER_BIN
 * names (default: valkey-server, else redis-server, on PATH; test/helpers/server-binary.ts) on a
 * free port, else a Valkey container through testcontainers. On it, the service's
 * least-privilege ACL user (src/valkey/acl.ts) for the test key names. Prints which server and
 * version the run uses.
 */
declare module "vitest" {
  export interface ProvidedContext {
    /** Admin: arranging and inspecting. */
    valkeyUrl: string;
    /** The service's ACL user (the admin URL when the server refused ACL SETUSER). */
    valkeyServiceUrl: string;
    /** The binary tests start their own servers with ("" when there is none). */
    valkeyBinary: string;
    /** What the shared server says it is (INFO server). */
    valkeyServer: ServerIdentity;
    /** The service's sources transpiled to JavaScript, the processes' entry (helpers/source-build.ts). */
    sourceBuild: string;
  }
}

export const TEST_ACL_USER = "anomaly-service-test";

/**
 * Creates the ACL user the services under test connect as: the production rules rendered from
 * the test key names, with the per-test prefix widened to TEST_PREFIX_GLOB.
 */
async function createServiceUser(adminUrl: string): Promise<string> {
  const marker = "TESTPREFIXMARKER";
  const config = loadConfig(testKeyNames(marker));
  const password = randomBytes(16).toString("hex");
  const args = aclSetUserArgs(TEST_ACL_USER, password, config).map((a) => a.split(marker).join(TEST_PREFIX_GLOB));
  const admin = new Redis(adminUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await admin.connect();
    await admin.call("ACL", ...args);
  } catch (err) {
    process.stderr.write(`global setup: ACL SETUSER failed (${(err as Error).message}); services under test connect as admin\n`);
    return adminUrl;
  } finally {
    admin.disconnect();
  }
  const u = new URL(adminUrl);
  u.username = TEST_ACL_USER;
  u.password = password;
  return u.toString();
}

async function identify(url: string): Promise<ServerIdentity> {
  const admin = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await admin.connect();
    return parseServerInfo(await admin.info("server"));
  } finally {
    admin.disconnect();
  }
}

async function provideServer(project: TestProject, url: string, binary: string): Promise<void> {
  const server = await identify(url);
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  process.stdout.write(`test server: ${describeServer(server)} answering at ${shown.toString()}\n`);
  project.provide("valkeyServer", server);
  project.provide("valkeyUrl", url);
  project.provide("valkeyServiceUrl", await createServiceUser(url));
  project.provide("valkeyBinary", binary);
}

export default async function setup(project: TestProject) {
  const sources = await transpileSources();
  project.provide("sourceBuild", sources);
  const stopServer = await setupServer(project);
  return async () => {
    await stopServer?.();
    removeSourceBuild(sources);
  };
}

async function setupServer(project: TestProject): Promise<(() => Promise<unknown>) | undefined> {
  const chosen = chooseServerBinary();
  process.stdout.write(
    chosen ? `test server: ${describeChosen(chosen)}\n` : `test server: no valkey-server or redis-server on PATH and ${SERVER_BIN_SETTING} unset\n`,
  );
  const given = process.env.VALKEY_TEST_URL;
  if (given) {
    await provideServer(project, given, chosen?.binary ?? "");
    return undefined;
  }
  if (chosen) {
    const server = await startLocalServer({ binary: chosen.binary });
    await provideServer(project, server.url, chosen.binary);
    return async () => server.stop();
  }
  const { GenericContainer, Wait } = await import("testcontainers");
  const container = await new GenericContainer("valkey/valkey:8-alpine")
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  await provideServer(project, `redis://${container.getHost()}:${container.getMappedPort(6379)}`, "");
  return async () => {
    await container.stop();
  };
}
