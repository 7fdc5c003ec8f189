import type { TestProject } from "vitest/node";
import { findServerBinary, startLocalServer } from "../src/valkey/local-server.js";

/**
 * One real server per test run: VALKEY_TEST_URL when given, else a local valkey-server or
 * redis-server binary on a free port, else a Valkey container through testcontainers.
 */
declare module "vitest" {
  export interface ProvidedContext {
    valkeyUrl: string;
    valkeyBinary: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.VALKEY_TEST_URL;
  if (given) {
    project.provide("valkeyUrl", given);
    project.provide("valkeyBinary", findServerBinary() ?? "");
    return;
  }
  const binary = findServerBinary();
  if (binary) {
    const server = await startLocalServer({ binary });
    project.provide("valkeyUrl", server.url);
    project.provide("valkeyBinary", binary);
    return async () => server.stop();
  }
  const { GenericContainer, Wait } = await import("testcontainers");
  const container = await new GenericContainer("valkey/valkey:8-alpine")
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  project.provide("valkeyUrl", `redis://${container.getHost()}:${container.getMappedPort(6379)}`);
  project.provide("valkeyBinary", "");
  return async () => {
    await container.stop();
  };
}
