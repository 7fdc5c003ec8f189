/**
 * Connections that serve no request do not hold up a shutdown. Node's server.close() (and
 * Fastify's close, which calls it) closes the keep-alive connections idle at that moment, but not
 * one opened without a request yet: an HTTP client that dials a spare connection while waiting
 * for a busy one (Go's, Prometheus's scraper) leaves it open and unused, and Node counts it as
 * a request in progress until its headers timeout, a minute later. From preClose until Fastify
 * has closed, every connection with no request in flight is closed, checked every
 * SWEEP_INTERVAL_MS; requests in flight finish and are answered as before.
 */
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

const SWEEP_INTERVAL_MS = 50;

export function closeUnusedConnectionsOnClose(app: FastifyInstance): void {
  const inFlight = new Map<Socket, number>();
  app.server.on("connection", (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once("close", () => inFlight.delete(socket));
  });
  app.server.on("request", (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once("close", () => {
      const n = inFlight.get(socket);
      if (n !== undefined) inFlight.set(socket, n - 1);
    });
  });
  let sweep: NodeJS.Timeout | undefined;
  const closeUnused = () => {
    for (const [socket, n] of inFlight) if (n === 0) socket.destroy();
  };
  app.addHook("preClose", async () => {
    closeUnused();
    sweep = setInterval(closeUnused, SWEEP_INTERVAL_MS);
    sweep.unref();
  });
  app.addHook("onClose", async () => {
    clearInterval(sweep);
  });
}
