import type { ChainableCommander } from "ioredis";
import { BROKEN_JSON, entryValue } from "../../logs/text-line.js";
import { normalizeLog } from "../../logs/normalize.js";
import { incidentIdSchema } from "../../contract/detect-request.js";
import type { Valkey } from "../../valkey/client.js";
import { buildKeys, hashSlot } from "../../valkey/keys.js";
import { VALKEY_OPTIONS, intFlag, parseCommandArgs, stringFlag } from "../args.js";
import { cliConfig, withValkey } from "../connect.js";
import { isConnectionError } from "../../errors.js";
import { CliError, EXIT, usageError, type CliIo, type ExitCode } from "../io.js";
import { count, progressLine } from "../progress.js";
import { readLogFile } from "../read-logs.js";
import { plural } from "../render.js";
import type { Command } from "./command.js";

const USAGE = `Usage: anomaly-detect load [options] INCIDENT_ID FILE

Stores a file of logs (JSON lines or one JSON array; "-" reads standard input) under the
incident's key, INCIDENT_LOGS_KEY with the id filled in (default incident:{incident_id}:logs),
in pipelined batches, in one of the layouts the service reads:
  list    RPUSH of the entries in file order (log_index = position in the list)
  stream  XADD, entry id = the log's time in ms, one field "data" = the log; sorted by time
  zset    ZADD, score = the log's time in ms, member = the log
For stream and zset, entries that are not log objects are left out (they have no time), and a
log without a readable time gets its neighbour's.

Options:
  --as list|stream|zset   layout (default list)
  --replace               replace the key's logs (loaded aside, then renamed over it)
  --append                add to the key when it exists (same layout)
  --batch N               logs per command (default 1000); 16 commands per round trip
  --ttl SECONDS           expire the key after loading
  --url URL               Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help              show this help

Examples:
  anomaly-detect load INC-42 examples/sample-incident.jsonl
  anomaly-detect load --as stream --replace INC-42 app.jsonl && anomaly-detect publish INC-42
`;

const OPTIONS = {
  ...VALKEY_OPTIONS,
  as: { type: "string", default: "list" },
  replace: { type: "boolean" },
  append: { type: "boolean" },
  batch: { type: "string" },
  ttl: { type: "string" },
} as const;

const LAYOUTS = ["list", "stream", "zset"] as const;
type Layout = (typeof LAYOUTS)[number];
const COMMAND_OF: Record<Layout, string> = { list: "RPUSH", stream: "XADD", zset: "ZADD" };
const PIPELINE_COMMANDS = 16;

interface Timed {
  ms: number;
  text: string;
}

/** Each log's time in ms (as the service would read it), for stream ids and zset scores. */
export function timeEntries(entries: readonly unknown[]): { items: Timed[]; unreadable: number; firstReason?: string; untimed: number } {
  const items: Timed[] = [];
  let unreadable = 0;
  let firstReason: string | undefined;
  let untimed = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    let value = e;
    if (typeof e === "string") {
      value = entryValue(e);
      if (value === BROKEN_JSON) {
        unreadable++;
        firstReason ??= `entry ${i + 1} is not valid JSON`;
        continue;
      }
    }
    const r = normalizeLog(value, i);
    if (!r.ok) {
      unreadable++;
      firstReason ??= `entry ${i + 1}: ${r.reason}`;
      continue;
    }
    items.push({ ms: r.record.timestampMs, text: typeof e === "string" ? e : JSON.stringify(e) });
  }
  // A log without a time sits where it was written: at the previous log's time (the next
  // log's for leading ones; now when none has a time).
  const known = items.find((x) => Number.isFinite(x.ms) && x.ms >= 0)?.ms ?? Date.now();
  let last = known;
  for (const x of items) {
    if (Number.isFinite(x.ms) && x.ms >= 0) last = Math.floor(x.ms);
    else {
      untimed++;
      x.ms = last;
    }
  }
  return { items, unreadable, firstReason, untimed };
}

/** Stream ids from times: sorted, "ms-seq" with a sequence for equal times, after `after`. */
export function streamIds(items: Timed[]): { id: string; text: string }[] {
  const sorted = [...items].sort((a, b) => a.ms - b.ms);
  let lastMs = -1;
  let seq = 0;
  return sorted.map((x) => {
    seq = x.ms === lastMs ? seq + 1 : x.ms === 0 ? 1 : 0;
    lastMs = x.ms;
    return { id: `${x.ms}-${seq}`, text: x.text };
  });
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split("-").map(BigInt) as [bigint, bigint];
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}

async function sizeOf(valkey: Valkey, key: string, layout: Layout): Promise<number> {
  return layout === "list" ? valkey.llen(key) : layout === "stream" ? valkey.xlen(key) : valkey.zcard(key);
}

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("load", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 2)
    throw usageError(`load takes INCIDENT_ID and FILE, got ${positionals.length} arguments.\nRun "anomaly-detect load --help" for the options.`);
  const [incidentId, file] = positionals as [string, string];
  const idCheck = incidentIdSchema.safeParse(incidentId);
  if (!idCheck.success) throw usageError(`INCIDENT_ID: ${idCheck.error.issues[0]!.message}`);
  const layout = stringFlag(values, "as") as Layout;
  if (!LAYOUTS.includes(layout)) throw usageError(`--as: must be list, stream or zset, got "${layout}"`);
  if (values.replace && values.append) throw usageError("--replace and --append exclude each other");
  const batch = intFlag(values, "batch", 1, 100_000) ?? 1000;
  const ttl = intFlag(values, "ttl", 1);
  const config = cliConfig(io, stringFlag(values, "url"));
  const key = buildKeys(config).incidentLogs(incidentId);

  const logs = await readLogFile(file, io);
  let entries: string[] | { id: string; text: string }[] | Timed[];
  const notes: string[] = [];
  if (layout === "list") entries = logs.entries.map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
  else {
    const t = timeEntries(logs.entries);
    entries = layout === "stream" ? streamIds(t.items) : t.items;
    if (t.unreadable > 0) notes.push(`left out ${plural(t.unreadable, "entry", "entries")} that are not log objects (first: ${t.firstReason})`);
    if (t.untimed > 0) notes.push(`${plural(t.untimed, "log")} had no readable time and got their neighbour's`);
  }
  if (entries.length === 0) throw usageError(`${logs.label} holds no logs to store`);

  return withValkey(config, async (valkey) => {
    const type = await valkey.type(key);
    // --replace loads into a staging key and renames it over the old one: whoever reads the key
    // sees the old logs or the new ones, never none, and a load cut short loses nothing.
    const staging = values.replace ? stagingKey(key) : undefined;
    const target = staging ?? key;
    if (staging) await valkey.del(staging);
    if (type !== "none" && !values.replace) {
      if (!values.append) {
        const what = (LAYOUTS as readonly string[]).includes(type) ? `a ${type} of ${count(await sizeOf(valkey, key, type as Layout))} entries` : `a ${type}`;
        throw usageError(`${key} already exists (${what}): --replace replaces it, --append adds to it`);
      } else if (type !== layout) throw usageError(`${key} is a ${type}; --append needs --as ${type}`);
    }
    if (layout === "stream" && values.append && type === "stream") {
      const info = (await valkey.xinfo("STREAM", key)) as unknown[];
      const lastId = String(info[info.indexOf("last-generated-id") + 1]);
      const first = (entries as { id: string }[])[0]!.id;
      if (compareIds(first, lastId) <= 0) {
        throw usageError(
          `cannot append to ${key}: the file's oldest log (id ${first}) is not newer than the stream's last entry (${lastId}); stream ids only grow. Use --replace.`,
        );
      }
    }

    const progress = progressLine(io.stderr);
    const t0 = performance.now();
    let commands = 0;
    let added = 0;
    for (let start = 0; start < entries.length; start += batch * PIPELINE_COMMANDS) {
      const pipeline = valkey.pipeline();
      const end = Math.min(entries.length, start + batch * PIPELINE_COMMANDS);
      for (let i = start; i < end; i += batch) {
        const chunk = entries.slice(i, Math.min(end, i + batch));
        addCommand(pipeline, layout, target, chunk);
        commands += layout === "stream" ? chunk.length : 1;
      }
      const writes = pipeline.length;
      // A staging key left by a load that died expires on its own.
      if (staging && start === 0) pipeline.expire(staging, STAGING_TTL_SECONDS);
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([err, reply], i) => {
        if (err) throw err;
        if (layout === "zset" && i < writes) added += Number(reply);
      });
      progress.update(`loading ${key}: ${Math.floor((end / entries.length) * 100)}% (${count(end)} of ${count(entries.length)} logs)`);
    }
    progress.clear();
    if (staging) {
      // One transaction: the renamed key never carries the staging TTL.
      const tx = valkey.multi().rename(staging, key);
      if (ttl !== undefined) tx.expire(key, ttl);
      else tx.persist(key);
      try {
        const replies = (await tx.exec()) ?? [];
        for (const [err] of replies) if (err) throw err;
      } catch (err) {
        if (isConnectionError(err)) throw err;
        const e = err as Error & { previousErrors?: Error[] };
        const why = e.previousErrors?.map((p) => p.message).join("; ") || e.message;
        throw new CliError(
          EXIT.FAILED,
          `could not rename ${staging} over ${key}: ${why}\nThe old logs in ${key} are untouched; the new ones wait in ${staging} for up to ${STAGING_TTL_SECONDS / 3600} h.`,
        );
      }
    } else if (ttl !== undefined) await valkey.expire(key, ttl);
    const ms = Math.round(performance.now() - t0);
    const total = await sizeOf(valkey, key, layout);
    if (layout === "zset" && added < entries.length)
      notes.push(`${plural(entries.length - added, "log")} were already in the set or repeated (a sorted set keeps one copy of a member)`);

    const how =
      layout === "stream"
        ? `${count(commands)} XADD in pipelines of ${count(batch * PIPELINE_COMMANDS)}`
        : `${plural(commands, `${COMMAND_OF[layout]} command`)} of up to ${count(batch)}`;
    const lines = [
      `stored ${plural(entries.length, "log")} from ${logs.label} in ${key} (${layout}; ${how}) in ${ms} ms; the key holds ${count(total)} entries${ttl ? `, expires in ${ttl} s` : ""}`,
    ];
    for (const n of notes) lines.push(`note: ${n}`);
    lines.push(`next: anomaly-detect publish ${incidentId}    (or: anomaly-detect analyze ${file === "-" ? "FILE" : file})`);
    io.stdout.write(`${lines.join("\n")}\n`);
    return EXIT.OK;
  });
}

/** Staging keys live this long at most (a load that dies leaves nothing behind for good). */
const STAGING_TTL_SECONDS = 3600;

/**
 * A key in the same cluster hash slot as `key` (RENAME needs that): `key:loading` when the key's
 * hash tag carries over, else the whole key as the tag.
 */
export function stagingKey(key: string): string {
  const suffixed = `${key}:loading`;
  if (hashSlot(suffixed) === hashSlot(key)) return suffixed;
  const tagged = `{${key}}:loading`;
  if (hashSlot(tagged) === hashSlot(key)) return tagged;
  throw usageError(`cannot name a staging key in the hash slot of ${key}; load it without --replace after deleting it`);
}

function addCommand(p: ChainableCommander, layout: Layout, key: string, chunk: readonly unknown[]): void {
  if (layout === "list") p.rpush(key, ...(chunk as string[]));
  else if (layout === "zset") p.zadd(key, ...(chunk as Timed[]).flatMap((x) => [x.ms, x.text]));
  else for (const x of chunk as { id: string; text: string }[]) p.xadd(key, x.id, "data", x.text);
}

export const loadCommand: Command = { name: "load", summary: "store a file of logs under an incident's key (list, stream or sorted set)", usage: USAGE, run };
