import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { closeUnusedConnectionsOnClose } from "../../../src/http/unused-connections.js";

/** Rejects after `ms`: a bound on a close that would otherwise wait for the headers timeout (60 s). */
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms).unref())]);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(setup: (a: FastifyInstance) => void): Promise<{ a: FastifyInstance; port: number }> {
  const a = Fastify();
  closeUnusedConnectionsOnClose(a);
  setup(a);
  await a.listen({ port: 0, host: "127.0.0.1" });
  app = a;
  return { a, port: (a.server.address() as AddressInfo).port };
}

describe("closing the HTTP server", () => {
  it("does not wait for a connection that never sent a request", async () => {
    const { a, port } = await listening(() => {});
    const accepted = new Promise<void>((resolve) => a.server.once("connection", () => resolve()));
    const spare: Socket = connect(port, "127.0.0.1");
    const closed = new Promise<void>((resolve) => spare.once("close", () => resolve()));
    spare.on("error", () => {});
    await accepted;
    await within(a.close(), 10_000, "close");
    await within(closed, 10_000, "the spare connection's close");
    expect(spare.destroyed).toBe(true);
  });

  it("lets a request in flight finish and answers it", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const { a, port } = await listening((f) =>
      f.get("/slow", async () => {
        entered();
        await released;
        return { done: true };
      }),
    );
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    await inHandler;
    const closing = a.close();
    release();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await within(closing, 10_000, "close");
  });
});
