import type { Config } from "../../config.js";
import { DEAD_LETTER_REASONS } from "../../errors.js";
import { replayDeadLetter } from "../../stream/scripts.js";
import { fieldsToObject } from "../../contract/incident-event.js";
import type { Valkey } from "../../valkey/client.js";
import { buildKeys, type Keys } from "../../valkey/keys.js";
import { VALKEY_OPTIONS, intFlag, parseCommandArgs, stringFlag, type FlagValues } from "../args.js";
import { cliConfig, withValkey } from "../connect.js";
import { CliError, EXIT, outputWidth, usageError, type CliIo, type ExitCode } from "../io.js";
import { count } from "../progress.js";
import { formatTime, plural } from "../render.js";
import { decodedEntry, type StreamEntry } from "../results.js";
import { renderTable } from "../table.js";
import type { Command } from "./command.js";

const USAGE = `Usage: anomaly-detect dlq list [options]
       anomaly-detect dlq replay [options] (ID... | --all)

Dead-lettered events are on DEAD_LETTER_STREAM (default incidents:created:dlq): events that
failed validation (reason invalid), whose logs key had a type the service cannot read
(unsupported_key_type), whose logs were all over MAX_LOG_ENTRY_BYTES (too_large), or that failed
more than MAX_DELIVERIES times (max_deliveries).

  list     shows them, oldest first: id, time, reason, deliveries, incident, error
  replay   puts the chosen ones back on INCIDENT_STREAM, exactly as the producer wrote them
           plus a field replay_of=<original event id>. Each entry is re-added and removed from
           the dead-letter stream in one atomic step (a Lua script): removed only when the
           re-add succeeded, and never replayed twice by two operators at once.
           Fix the cause first: an invalid event fails again.

Options:
  --reason R         only entries with this reason (invalid, unsupported_key_type, too_large, max_deliveries)
  --incident ID      only entries of this incident
  --count N          list: show the newest N (default 50)
  --all              replay: every entry (that matches --reason/--incident)
  --dry-run          replay: show what would be replayed, change nothing
  --json             list: one JSON object per line ("original" decoded)
  --width N          table width (default: the terminal's, else 120)
  --url URL          Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help         show this help

Examples:
  anomaly-detect dlq list --reason max_deliveries
  anomaly-detect dlq replay 1732550000000-0
  anomaly-detect dlq replay --all --reason max_deliveries --dry-run
`;

const OPTIONS = {
  ...VALKEY_OPTIONS,
  reason: { type: "string" },
  incident: { type: "string" },
  count: { type: "string" },
  all: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  width: { type: "string" },
} as const;

const REASONS: readonly string[] = DEAD_LETTER_REASONS;

interface DeadLetter {
  id: string;
  fields: Record<string, string>;
}

async function readAll(valkey: Valkey, stream: string): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  let from = "-";
  for (;;) {
    const page = (await valkey.xrange(stream, from, "+", "COUNT", 1000)) as StreamEntry[];
    for (const [id, f] of page) out.push({ id, fields: fieldsToObject(f) });
    if (page.length < 1000) return out;
    from = `(${page[page.length - 1]![0]}`;
  }
}

function filters(values: FlagValues): (d: DeadLetter) => boolean {
  const reason = stringFlag(values, "reason");
  const incident = stringFlag(values, "incident");
  if (reason !== undefined && !REASONS.includes(reason)) throw usageError(`--reason: expected one of ${REASONS.join(", ")}, got "${reason}"`);
  return (d) => (reason === undefined || d.fields.reason === reason) && (incident === undefined || d.fields.incident_id === incident);
}

async function list(values: FlagValues, io: CliIo, config: Config, keys: Keys): Promise<ExitCode> {
  const limit = intFlag(values, "count", 1) ?? 50;
  const keep = filters(values);
  const width = outputWidth(io.stdout, intFlag(values, "width", 40, 1000));
  return withValkey(config, async (valkey) => {
    const all = await readAll(valkey, keys.deadLetterStream);
    const matching = all.filter(keep);
    const shown = matching.slice(-limit);
    if (values.json) {
      for (const d of shown) io.stdout.write(`${JSON.stringify(decodedEntry(d.id, d.fields))}\n`);
      return EXIT.OK;
    }
    const out: string[] = [];
    if (shown.length > 0) {
      const rows = shown.map((d) => [
        d.id,
        formatTime(d.fields.dead_lettered_at ?? ""),
        d.fields.reason ?? "",
        d.fields.deliveries ?? "",
        d.fields.incident_id ?? "-",
        d.fields.error ?? "",
      ]);
      out.push(
        ...renderTable(
          [
            { header: "ID" },
            { header: "DEAD-LETTERED" },
            { header: "REASON" },
            { header: "DELIV", align: "right" },
            { header: "INCIDENT", max: 32 },
            { header: "ERROR", flex: 1, min: 20 },
          ],
          rows,
          width,
        ),
        "",
      );
    }
    const filtered = matching.length !== all.length ? `, ${count(matching.length)} matching` : "";
    out.push(
      `${plural(all.length, "dead-lettered event")} on ${keys.deadLetterStream}${filtered}${shown.length < matching.length ? `; showing the newest ${count(shown.length)} (--count)` : ""}.`,
    );
    if (shown.length > 0) out.push(`Replay with: anomaly-detect dlq replay ID... (or --all), after fixing the cause.`);
    io.stdout.write(`${out.join("\n")}\n`);
    return EXIT.OK;
  });
}

/** The event's fields as the producer wrote them, from `original`; undefined when unusable. */
export function originalFields(d: DeadLetter): string[] | undefined {
  try {
    const v = JSON.parse(d.fields.original ?? "") as unknown;
    if (!Array.isArray(v) || v.length === 0 || v.length % 2 !== 0 || !v.every((x) => typeof x === "string")) return undefined;
    return v as string[];
  } catch {
    return undefined;
  }
}

async function replay(values: FlagValues, ids: string[], io: CliIo, config: Config, keys: Keys): Promise<ExitCode> {
  if (values.all && ids.length > 0) throw usageError("give entry ids or --all, not both");
  if (!values.all && ids.length === 0) throw usageError('dlq replay needs entry ids (see "anomaly-detect dlq list") or --all');
  if (!values.all && (values.reason !== undefined || values.incident !== undefined)) throw usageError("--reason and --incident select among --all");
  for (const id of ids) if (!/^\d+-\d+$/.test(id)) throw usageError(`"${id}" is not a stream entry id (such as 1732550000000-0)`);
  const keep = filters(values);
  const dryRun = values["dry-run"] === true;

  return withValkey(config, async (valkey) => {
    let chosen: DeadLetter[];
    const missing: string[] = [];
    if (values.all) chosen = (await readAll(valkey, keys.deadLetterStream)).filter(keep);
    else {
      chosen = [];
      for (const id of ids) {
        const [entry] = (await valkey.xrange(keys.deadLetterStream, id, id)) as StreamEntry[];
        if (entry) chosen.push({ id, fields: fieldsToObject(entry[1]) });
        else missing.push(id);
      }
    }
    const lines: string[] = [];
    let replayed = 0;
    let failed = missing.length;
    for (const id of missing) lines.push(`${id}: not on ${keys.deadLetterStream} (already replayed or deleted?)`);
    for (const d of chosen) {
      const what = `${d.id} (incident ${d.fields.incident_id ?? "?"}, ${d.fields.reason ?? "?"}: ${d.fields.error ?? ""})`;
      const original = originalFields(d);
      if (!original) {
        lines.push(`${what}: skipped, its "original" field is not a JSON array of field names and values`);
        failed++;
        continue;
      }
      if (d.fields.source_stream !== undefined && d.fields.source_stream !== keys.incidentStream) {
        lines.push(
          `${what}: skipped, it came from ${d.fields.source_stream}, not INCIDENT_STREAM=${keys.incidentStream}; run with INCIDENT_STREAM=${d.fields.source_stream}`,
        );
        failed++;
        continue;
      }
      const fields: string[] = [];
      for (let i = 0; i + 1 < original.length; i += 2) if (original[i] !== "replay_of") fields.push(original[i]!, original[i + 1]!);
      fields.push("replay_of", d.fields.source_event_id ?? d.id);
      if (dryRun) {
        lines.push(`${what}: would be re-added to ${keys.incidentStream} with ${JSON.stringify(fields)}`);
        replayed++;
        continue;
      }
      const newId = await replayDeadLetter(valkey, keys.incidentStream, keys.deadLetterStream, d.id, fields);
      if (newId === null) {
        lines.push(`${what}: already gone from ${keys.deadLetterStream} (replayed by someone else?)`);
        failed++;
        continue;
      }
      lines.push(`${what}: re-added to ${keys.incidentStream} as ${newId}, removed from ${keys.deadLetterStream}`);
      replayed++;
    }
    const invalid = chosen.filter((d) => d.fields.reason === "invalid").length;
    lines.push(
      `${dryRun ? "would replay" : "replayed"} ${count(replayed)} of ${plural(chosen.length + missing.length, "entry", "entries")}${failed ? `; ${count(failed)} not replayed` : ""}.` +
        (invalid && !dryRun
          ? ` ${plural(invalid, "of them was", "of them were")} invalid: unless the producer's event is fixed, expect ${invalid === 1 ? "it" : "them"} back in the dead-letter stream.`
          : ""),
    );
    io.stdout.write(`${lines.join("\n")}\n`);
    if (failed > 0) throw new CliError(EXIT.FAILED, `${plural(failed, "entry", "entries")} not replayed (see above)`);
    return EXIT.OK;
  });
}

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("dlq", argv, OPTIONS);
  const [sub, ...rest] = positionals;
  if (values.help || sub === "help") {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (sub !== "list" && sub !== "replay")
    throw usageError(`dlq needs a subcommand, list or replay${sub ? `, got "${sub}"` : ""}.\nRun "anomaly-detect dlq --help" for the options.`);
  const config = cliConfig(io, stringFlag(values, "url"));
  const keys = buildKeys(config);
  if (sub === "list") {
    if (rest.length > 0) throw usageError(`dlq list takes no arguments, got "${rest.join(" ")}"`);
    for (const f of ["all", "dry-run"]) if (values[f]) throw usageError(`--${f} is an option of dlq replay`);
    return list(values, io, config, keys);
  }
  for (const f of ["count", "json"]) if (values[f] !== undefined) throw usageError(`--${f} is an option of dlq list`);
  return replay(values, rest, io, config, keys);
}

export const dlqCommand: Command = { name: "dlq", summary: "list dead-lettered events, replay chosen ones onto the input stream", usage: USAGE, run };
