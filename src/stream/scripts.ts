import { createHash } from "node:crypto";
import type { Valkey } from "../valkey/client.js";

/**
 * Lua scripts that make "publish the result, remember the event is done, acknowledge it" one
 * atomic step. XACK alone has no fencing: when an entry was claimed while its first consumer
 * still ran, both finish; the marker decides that only the first one publishes. All keys share
 * one hash tag in cluster mode (checked at start-up).
 */

// KEYS: incident stream, anomaly stream, marker, latest-result key
// ARGV: group, event id, maxlen (0 = untrimmed), marker ttl s, latest ttl s, name of the field
// whose value is the latest result, the latest result itself ('' = that field's value: sent
// once, not twice), field, value, ...
const PUBLISH_AND_ACK = `
local done = redis.call('GET', KEYS[3])
if done then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  return {0, done}
end
local id
if tonumber(ARGV[3]) > 0 then
  id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 8))
else
  id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 8))
end
redis.call('SET', KEYS[3], id, 'EX', ARGV[4])
local latest = ARGV[7]
if latest == '' then
  for i = 8, #ARGV - 1, 2 do
    if ARGV[i] == ARGV[6] then
      latest = ARGV[i + 1]
      break
    end
  end
end
redis.call('SET', KEYS[4], latest, 'EX', ARGV[5])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return {1, id}
`;

// KEYS: incident stream, dead-letter stream, marker
// ARGV: group, event id, marker ttl s, field, value, ...
const DEAD_LETTER_AND_ACK = `
local done = redis.call('GET', KEYS[3])
if done then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  return {0, done}
end
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 4))
redis.call('SET', KEYS[3], 'dlq:' .. id, 'EX', ARGV[3])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return {1, id}
`;

// KEYS: incident stream; ARGV: group, consumer, id, id, ...
// Resets the idle time of entries this consumer still owns (XCLAIM JUSTID does not count a
// delivery), so that nobody claims work that is in progress. An entry another consumer claimed
// meanwhile is left alone: XCLAIM would otherwise take it back.
const RENEW_LEASE = `
local renewed = 0
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed
`;

// KEYS: incident stream, dead-letter stream. ARGV: dead-letter id, field, value, ...
// The re-add comes first: if XADD fails the script stops before XDEL. Checking that the entry
// is still there makes two concurrent replays of one entry add it once.
const REPLAY_DEAD_LETTER = `
if #redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1]) == 0 then
  return false
end
local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
redis.call('XDEL', KEYS[2], ARGV[1])
return id
`;

export interface ScriptOutcome {
  /** False when the marker said another delivery already published (a duplicate). */
  published: boolean;
  /** Id of the entry written now, or of the earlier one the marker points at. */
  id: string;
}

export type Evalable = Pick<Valkey, "evalsha" | "eval">;

/** A script run by its SHA1 (EVALSHA), sent whole (EVAL) only when the server does not know it yet. */
export async function evalScript(client: Evalable, script: { body: string; sha?: string }, keys: string[], args: (string | Buffer)[]): Promise<unknown> {
  script.sha ??= createHash("sha1").update(script.body).digest("hex");
  let reply: unknown;
  try {
    reply = await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes("NOSCRIPT")) throw err;
    reply = await client.eval(script.body, keys.length, ...keys, ...args);
  }
  return reply;
}

async function run(client: Evalable, script: { body: string; sha?: string }, keys: string[], args: (string | Buffer)[]): Promise<ScriptOutcome> {
  const [flag, id] = (await evalScript(client, script, keys, args)) as [number, string];
  return { published: flag === 1, id: String(id) };
}

/** Keeps in-progress entries from looking abandoned; returns how many were still ours. */
export async function renewLease(client: Evalable, incidentStream: string, group: string, consumer: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number(await evalScript(client, renewScript, [incidentStream], [group, consumer, ...ids]));
}

const publishScript = { body: PUBLISH_AND_ACK } as { body: string; sha?: string };
const renewScript = { body: RENEW_LEASE } as { body: string; sha?: string };
const replayScript = { body: REPLAY_DEAD_LETTER } as { body: string; sha?: string };

/** Re-adds a dead letter's fields to the incident stream and deletes it; null when it was gone. */
export async function replayDeadLetter(
  client: Evalable,
  incidentStream: string,
  deadLetterStream: string,
  id: string,
  fields: string[],
): Promise<string | null> {
  return (await evalScript(client, replayScript, [incidentStream, deadLetterStream], [id, ...fields])) as string | null;
}
const deadLetterScript = { body: DEAD_LETTER_AND_ACK } as { body: string; sha?: string };

export function publishAndAck(
  client: Evalable,
  k: { incidentStream: string; anomalyStream: string; marker: string; latest: string },
  a: {
    group: string;
    eventId: string;
    maxLen: number;
    markerTtl: number;
    latestTtl: number;
    latestField: string;
    /** The latest result when it differs from the published field's value (the whole answer, as JSON text or UTF-8 bytes). */
    latest?: string | Buffer;
    fields: Record<string, string>;
  },
): Promise<ScriptOutcome> {
  if (a.fields[a.latestField] === undefined) throw new Error(`publishAndAck: no field ${a.latestField} to store as the latest result`);
  return run(
    client,
    publishScript,
    [k.incidentStream, k.anomalyStream, k.marker, k.latest],
    [a.group, a.eventId, String(a.maxLen), String(a.markerTtl), String(a.latestTtl), a.latestField, a.latest ?? "", ...Object.entries(a.fields).flat()],
  );
}

export function deadLetterAndAck(
  client: Evalable,
  k: { incidentStream: string; deadLetterStream: string; marker: string },
  a: { group: string; eventId: string; markerTtl: number; fields: Record<string, string> },
): Promise<ScriptOutcome> {
  return run(
    client,
    deadLetterScript,
    [k.incidentStream, k.deadLetterStream, k.marker],
    [a.group, a.eventId, String(a.markerTtl), ...Object.entries(a.fields).flat()],
  );
}
