import { fieldsToObject } from "../contract/incident-event.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";

/** Reading the result and dead-letter streams: what publish --wait, watch and the demo share. */

export type StreamEntry = [id: string, fields: string[]];

/** Id of the newest entry, "0-0" when the stream is empty or missing: read after it to see only new ones. */
export async function lastEntryId(valkey: Valkey, stream: string): Promise<string> {
  const entries = (await valkey.xrevrange(stream, "+", "-", "COUNT", 1)) as StreamEntry[];
  return entries[0]?.[0] ?? "0-0";
}

/** XREAD with a bounded BLOCK on a connection made with { blocking: true }. */
export async function readAfter(
  blocking: Valkey,
  streams: readonly [name: string, after: string][],
  blockMs: number,
  countPerStream = 100,
): Promise<[stream: string, entries: StreamEntry[]][]> {
  const reply = (await blocking.xread(
    "COUNT",
    countPerStream,
    "BLOCK",
    Math.max(1, Math.round(blockMs)),
    "STREAMS",
    ...streams.map((s) => s[0]),
    ...streams.map((s) => s[1]),
  )) as [string, StreamEntry[]][] | null;
  return reply ?? [];
}

export interface Outcome {
  kind: "result" | "dead_letter";
  id: string;
  fields: Record<string, string>;
}

/**
 * Waits for the result entry (or dead-letter entry) of one incident-created event, reading
 * both streams after the ids taken before the event was published, so nothing is missed.
 */
export async function waitForOutcome(
  blocking: Valkey,
  keys: Keys,
  eventId: string,
  after: { results: string; deadLetters: string },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Outcome | undefined> {
  const deadline = Date.now() + timeoutMs;
  const cursor = { [keys.anomalyStream]: after.results, [keys.deadLetterStream]: after.deadLetters };
  while (!signal.aborted) {
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    const batches = await readAfter(blocking, Object.entries(cursor), Math.min(left, 1000));
    for (const [stream, entries] of batches) {
      for (const [id, fields] of entries) {
        cursor[stream] = id;
        const f = fieldsToObject(fields);
        if (f.source_event_id === eventId) return { kind: stream === keys.anomalyStream ? "result" : "dead_letter", id, fields: f };
      }
    }
  }
  return undefined;
}

export interface ConsumerInfo {
  name: string;
  pending: number;
  /** Milliseconds since the consumer last read (XREADGROUP / XAUTOCLAIM). */
  idle: number;
}

/** The group's consumers, [] when the stream or group does not exist. */
export async function groupConsumers(valkey: Valkey, stream: string, group: string): Promise<ConsumerInfo[]> {
  try {
    const rows = (await valkey.xinfo("CONSUMERS", stream, group)) as unknown[][];
    return rows.map((row) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i + 1 < row.length; i += 2) o[String(row[i])] = row[i + 1];
      return { name: String(o.name), pending: Number(o.pending ?? 0), idle: Number(o.idle ?? Infinity) };
    });
  } catch (err) {
    if (/NOGROUP|no such key/i.test((err as Error).message)) return [];
    throw err;
  }
}

/** A consumer counts as alive when it read within this long (it blocks CONSUMER_BLOCK_MS per read). */
export function aliveWithin(blockMs: number): number {
  return Math.max(10_000, 3 * blockMs);
}

/**
 * The group's live consumers: those whose heartbeat key is there (the service refreshes it
 * every 2 s), or, for a consumer without one, that read within aliveWithin. XINFO's idle alone
 * is not enough: on Redis 7.0 it does not move while a consumer waits in a blocking read, so an
 * idle service looks dead.
 */
export async function liveConsumers(valkey: Valkey, keys: Keys, group: string, blockMs: number): Promise<ConsumerInfo[]> {
  const consumers = await groupConsumers(valkey, keys.incidentStream, group);
  if (consumers.length === 0) return [];
  let beating: boolean[] = consumers.map(() => false);
  try {
    const counts = await Promise.all(consumers.map((c) => valkey.exists(keys.consumerHeartbeat(group, c.name))));
    beating = counts.map((n) => n > 0);
  } catch {
    // A user that may not read the heartbeat keys still has XINFO's idle.
  }
  return consumers.filter((c, i) => beating[i] || c.idle <= aliveWithin(blockMs));
}

/** Said when no result came: whether anyone is consuming, and what to do about it. */
export async function noResultHint(valkey: Valkey, keys: Keys, group: string, blockMs: number): Promise<string> {
  const alive = await liveConsumers(valkey, keys, group, blockMs).catch(() => []);
  if (alive.length === 0) {
    return `no consumer of group ${group} has read ${keys.incidentStream} in the last ${aliveWithin(blockMs) / 1000} s: is the service running? Start it with "npm start" in another terminal (MODE all or consumer), then look with "anomaly-detect watch --from 0 --incident ID".`;
  }
  return `consumer(s) ${alive.map((c) => c.name).join(", ")} are reading ${keys.incidentStream}; the event may still be queued or waiting for late logs (NO_LOGS_RETRIES). Follow it with "anomaly-detect watch".`;
}

/** The entry's fields with `result` decoded, for --json output. */
export function decodedEntry(id: string, fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id, ...fields };
  for (const k of ["result", "original"]) {
    const v = fields[k];
    if (v === undefined) continue;
    try {
      out[k] = JSON.parse(v);
    } catch {
      // left as the string it is
    }
  }
  return out;
}
