/**
 * Entry of a forest helper thread (forest-thread.ts): fits and scores the Isolation Forest of
 * one incident at a time. Input and output are typed arrays; the scores go back transferred.
 */
import { parentPort } from "node:worker_threads";
import { runForest, type ForestInput } from "../detection/detect.js";
import type { ForestReply } from "./forest-thread.js";

const port = parentPort!;
port.on("message", ({ id, input }: { id: number; input: ForestInput }) => {
  let reply: ForestReply;
  try {
    reply = { id, ok: true, signal: runForest(input) };
  } catch (err) {
    reply = { id, ok: false, message: (err as Error)?.message ?? String(err) };
  }
  port.postMessage(reply, reply.ok ? [reply.signal.scores.buffer as ArrayBuffer] : []);
});
