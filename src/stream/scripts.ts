import { createHash } from "node:crypto";
import type { Valkey } from "../valkey/client.js";

/**
 * Lua scripts that make "publish the result, remember the event is done, acknowledge it" one
 * atomic step. XACK alone has no fencing: when an entry was claimed while its first consumer
 * still ran, both finish; the marker decides that only the first one publishes. All keys share
 * one hash tag in cluster mode (checked at start-up).
 */

// KEYS: incident stream, anomaly stream, marker, latest-result key
// ARGV: group, event id, maxlen (0 = untrimmed), marker ttl s, latest ttl s, latest json, field, value, ...
const PUBLISH_AND_ACK = `
local done = redis.call('GET', KEYS[3])
if done then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  return {0, done}
end
local id
if tonumber(ARGV[3]) > 0 then
  id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 7))
else
  id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 7))
end
redis.call('SET', KEYS[3], id, 'EX', ARGV[4])
redis.call('SET', KEYS[4], ARGV[6], 'EX', ARGV[5])
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

export interface ScriptOutcome {
  /** False when the marker said another delivery already published (a duplicate). */
  published: boolean;
  /** Id of the entry written now, or of the earlier one the marker points at. */
  id: string;
}

type Evalable = Pick<Valkey, "evalsha" | "eval">;

async function run(client: Evalable, script: { body: string; sha?: string }, keys: string[], args: string[]): Promise<ScriptOutcome> {
  script.sha ??= createHash("sha1").update(script.body).digest("hex");
  let reply: unknown;
  try {
    reply = await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes("NOSCRIPT")) throw err;
    reply = await client.eval(script.body, keys.length, ...keys, ...args);
  }
  const [flag, id] = reply as [number, string];
  return { published: flag === 1, id: String(id) };
}

const publishScript = { body: PUBLISH_AND_ACK } as { body: string; sha?: string };
const deadLetterScript = { body: DEAD_LETTER_AND_ACK } as { body: string; sha?: string };

export function publishAndAck(
  client: Evalable,
  k: { incidentStream: string; anomalyStream: string; marker: string; latest: string },
  a: { group: string; eventId: string; maxLen: number; markerTtl: number; latestTtl: number; latestJson: string; fields: Record<string, string> },
): Promise<ScriptOutcome> {
  return run(client, publishScript, [k.incidentStream, k.anomalyStream, k.marker, k.latest], [
    a.group,
    a.eventId,
    String(a.maxLen),
    String(a.markerTtl),
    String(a.latestTtl),
    a.latestJson,
    ...Object.entries(a.fields).flat(),
  ]);
}

export function deadLetterAndAck(
  client: Evalable,
  k: { incidentStream: string; deadLetterStream: string; marker: string },
  a: { group: string; eventId: string; markerTtl: number; fields: Record<string, string> },
): Promise<ScriptOutcome> {
  return run(client, deadLetterScript, [k.incidentStream, k.deadLetterStream, k.marker], [
    a.group,
    a.eventId,
    String(a.markerTtl),
    ...Object.entries(a.fields).flat(),
  ]);
}
