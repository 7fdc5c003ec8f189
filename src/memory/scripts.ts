/**
 * Lua scripts of the memory across incidents. Each touches the keys of one service (one hash tag,
 * keys.ts) or of the recent incidents, in one atomic step: two detections of the same service at
 * once (several consumers, several replicas) merge their lessons one after the other, and neither
 * overwrites the other's.
 *
 * Decay is lazy: a weight is stored with the time it was last updated (`at`) and multiplied by
 * 0.5 ^ (age / half-life) when it is next merged (here) or read (store.ts).
 *
 * A template record (JSON in the templates hash): text, n (incidents seen), w (decayed weight),
 * at (time of w), last (last seen), f (incidents flagged in), lines, c (confirmed as a problem),
 * e (declared expected), rt and mem (histograms of its unflagged response times and memory
 * readings, decayed with w), s and sl (its lines at ERROR or worse, and its lines, counted since
 * the record kept s: a record from before has neither).
 */
import { evalScript, type Evalable } from "../stream/scripts.js";

// KEYS: templates, recency, baseline, learned (one service's keys)
// ARGV: incident id, now ms, half-life ms, max templates, ttl s, primed ('1' or '0'), lesson JSON
// (lessons.ts ServiceLesson), incident ids kept for idempotency
// Returns 1 when learnt, 0 when this incident was learnt already (a redelivery).
const LEARN = `
local now = tonumber(ARGV[2])
local hl = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[4], ARGV[1]) then return 0 end
local lesson = cjson.decode(ARGV[7])
local primed = ARGV[6] == '1'
local function factor(at)
  local age = now - (tonumber(at) or now)
  if age <= 0 then return 1 end
  return 0.5 ^ (age / hl)
end
local function merge(into, add, f)
  local out = {}
  if type(into) == 'table' then
    for k, v in pairs(into) do
      local w = v * f
      if w >= 0.001 then out[k] = w end
    end
  end
  if type(add) == 'table' then
    for k, v in pairs(add) do out[k] = (out[k] or 0) + v end
  end
  return out
end
local b = {}
local flat = redis.call('HGETALL', KEYS[3])
for i = 1, #flat, 2 do b[flat[i]] = flat[i + 1] end
local f = factor(b.at)
local levels = b.levels and cjson.decode(b.levels) or {0, 0, 0, 0, 0, 0}
for i = 1, 6 do levels[i] = (levels[i] or 0) * f + (lesson.levels[i] or 0) end
redis.call('HSET', KEYS[3],
  'incidents', (tonumber(b.incidents) or 0) + 1,
  'primed', (tonumber(b.primed) or 0) + (primed and 1 or 0),
  'weight', (tonumber(b.weight) or 0) * f + 1,
  'lpm', (tonumber(b.lpm) or 0) * f + lesson.linesPerMinute,
  'lines', (tonumber(b.lines) or 0) + lesson.lines,
  'at', now,
  'levels', cjson.encode(levels),
  'rt', cjson.encode(merge(b.rt and cjson.decode(b.rt), lesson.rt, f)),
  'mem', cjson.encode(merge(b.mem and cjson.decode(b.mem), lesson.mem, f)))
for _, t in ipairs(lesson.templates) do
  local raw = redis.call('HGET', KEYS[1], t.id)
  local r
  if raw then r = cjson.decode(raw) else r = {text = t.text, n = 0, w = 0, at = now, f = 0, lines = 0, c = 0, e = 0, s = 0, sl = 0} end
  if r.text == '' then r.text = t.text end
  local tf = factor(r.at)
  r.w = r.w * tf + 1
  r.at = now
  r.n = r.n + 1
  r.last = now
  if r.s == nil and (r.lines or 0) == 0 then r.s = 0; r.sl = 0 end
  if r.s ~= nil then r.s = r.s + (t.severe or 0); r.sl = (r.sl or 0) + t.lines end
  r.lines = (r.lines or 0) + t.lines
  if t.flagged == 1 then r.f = (r.f or 0) + 1 end
  if primed then r.e = 1 end
  if t.rt or r.rt then r.rt = merge(r.rt, t.rt, tf) end
  if t.mem or r.mem then r.mem = merge(r.mem, t.mem, tf) end
  redis.call('HSET', KEYS[1], t.id, cjson.encode(r))
  redis.call('ZADD', KEYS[2], now, t.id)
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #gone, 2 do redis.call('HDEL', KEYS[1], gone[i]) end
end
redis.call('ZADD', KEYS[4], now, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[8]) + 1))
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
return 1
`;

// KEYS: templates, recency (one service's keys)
// ARGV: template id, 'confirmed' or 'expected', now ms, ttl s, template text (for a template not
// remembered yet), incident id
// The latest verdict wins: confirming clears expected and the other way round. Returns 1 when the
// template was remembered, 2 when this created it.
const MARK = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local now = tonumber(ARGV[3])
local r
if raw then r = cjson.decode(raw) else r = {text = ARGV[5], n = 0, w = 0, at = now, last = now, f = 0, lines = 0, c = 0, e = 0} end
if ARGV[2] == 'confirmed' then
  r.c = 1
  r.e = 0
else
  r.e = 1
  r.c = 0
end
r.by = ARGV[6]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(r))
redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
if raw then return 1 end
return 2
`;

// KEYS: recent incidents (sorted set), signatures (hash)
// ARGV: incident id, now ms, most incidents kept, ttl s, signature JSON
// The oldest incidents beyond the cap go, with their signatures.
const RECORD_INCIDENT = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[1], over)
  for i = 1, #gone, 2 do redis.call('HDEL', KEYS[2], gone[i]) end
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
`;

const learnScript: { body: string; sha?: string } = { body: LEARN };
const markScript: { body: string; sha?: string } = { body: MARK };
const recordScript: { body: string; sha?: string } = { body: RECORD_INCIDENT };

export interface ServiceKeys {
  templates: string;
  recency: string;
  baseline: string;
  learned: string;
}

export async function learnScriptRun(
  client: Evalable,
  k: ServiceKeys,
  a: { incidentId: string; nowMs: number; halfLifeMs: number; maxTemplates: number; ttlSeconds: number; primed: boolean; lesson: string; keepIds: number },
): Promise<boolean> {
  const reply = await evalScript(
    client,
    learnScript,
    [k.templates, k.recency, k.baseline, k.learned],
    [a.incidentId, String(a.nowMs), String(a.halfLifeMs), String(a.maxTemplates), String(a.ttlSeconds), a.primed ? "1" : "0", a.lesson, String(a.keepIds)],
  );
  return Number(reply) === 1;
}

export async function markScriptRun(
  client: Evalable,
  k: Pick<ServiceKeys, "templates" | "recency">,
  a: { templateId: string; mark: "confirmed" | "expected"; nowMs: number; ttlSeconds: number; text: string; incidentId: string },
): Promise<"updated" | "created"> {
  const reply = await evalScript(
    client,
    markScript,
    [k.templates, k.recency],
    [a.templateId, a.mark, String(a.nowMs), String(a.ttlSeconds), a.text, a.incidentId],
  );
  return Number(reply) === 2 ? "created" : "updated";
}

export async function recordIncidentRun(
  client: Evalable,
  k: { recent: string; signatures: string },
  a: { incidentId: string; nowMs: number; keep: number; ttlSeconds: number; signature: string },
): Promise<void> {
  await evalScript(client, recordScript, [k.recent, k.signatures], [a.incidentId, String(a.nowMs), String(a.keep), String(a.ttlSeconds), a.signature]);
}
