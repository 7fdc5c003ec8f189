import { Command } from "ioredis";
import type { Valkey } from "./client.js";

/**
 * From this many entries a page is taken off its command (KeptReplyCommand), so that it dies
 * young. Smaller ones (a size probe, a small incident) go through ioredis's own sending, which
 * auto-pipelining batches with other incidents' commands (the stream bench's 100-log incidents
 * took 9.7 ms of CPU each in a run that read every page off its command, 6.0-8.5 ms in five runs
 * that read them through ioredis's methods).
 */
export const KEPT_REPLY_MIN_ENTRIES = 1000;

/**
 * A command whose array reply is kept on the command for its caller to take, while the
 * command's promise resolves with nothing. Resolved with the reply itself, as ioredis's methods
 * are, a page of 5,000 log entries outlives the young generation's next collection however soon
 * the reader drops it: reading 100k entries in one thread, the young collections copied 46 MB
 * and paused it 63-65 ms, against 21.5 MB and 29-31 ms with the pages taken from here
 * (docs/performance.md, Reading).
 */
class KeptReplyCommand extends Command {
  private reply: unknown[] | undefined;

  override transformReply(result: Buffer | Buffer[]): string | string[] | Buffer | Buffer[] {
    const converted = super.transformReply(result);
    if (!Array.isArray(converted)) return converted;
    this.reply = converted;
    return [];
  }

  /** The reply, once: the command keeps no reference to it afterwards. */
  take(): unknown[] {
    const reply = this.reply ?? [];
    this.reply = undefined;
    return reply;
  }
}

/**
 * Sends `name args` (a command with an array reply, its first argument a key) and resolves with
 * its reply as strings, as ioredis's own method would: the same reply, kept off the promise.
 */
export async function arrayReply(client: Valkey, name: string, args: (string | number)[]): Promise<unknown[]> {
  const command = new KeptReplyCommand(name, args, { replyEncoding: "utf8" });
  await client.sendCommand(command);
  return command.take();
}

/**
 * A page of log entries (`LRANGE`, `ZRANGE`, `XREVRANGE`) asked for up to `entries` of them: the
 * same reply either way, off its command from KEPT_REPLY_MIN_ENTRIES on.
 */
export async function pageReply(client: Valkey, entries: number, name: string, args: (string | number)[]): Promise<unknown[]> {
  if (entries >= KEPT_REPLY_MIN_ENTRIES) return arrayReply(client, name, args);
  return (await client.call(name, ...args)) as unknown[];
}
