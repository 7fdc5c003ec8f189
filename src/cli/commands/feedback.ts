import os from "node:os";
import type { z } from "zod";
import { incidentIdSchema } from "../../contract/detect-request.js";
import type { Config } from "../../config.js";
import { feedbackRequestSchema, parseUntil, suppressionRequestSchema, type Suppression } from "../../contract/feedback.js";
import { describeZodError } from "../../contract/validation.js";
import { isServiceError } from "../../errors.js";
import { SuppressionStore } from "../../feedback/suppressions.js";
import { VerdictStore } from "../../feedback/verdicts.js";
import { buildKeys } from "../../valkey/keys.js";
import { VALKEY_OPTIONS, intFlag, parseCommandArgs, stringFlag } from "../args.js";
import { cliConfig, withValkey } from "../connect.js";
import { CliError, EXIT, outputWidth, usageError, type CliIo, type ExitCode } from "../io.js";
import { plural } from "../render.js";
import { renderTable } from "../table.js";
import type { Command } from "./command.js";

/**
 * suppress, unsuppress, suppressions and feedback: the same stores, checks and audit trail as
 * the HTTP routes (docs/feedback.md), straight against Valkey with the operator's user.
 */

/** Who acts when --by is not given: the operator's login. */
const defaultActor = (io: CliIo): string => io.env?.USER ?? io.env?.LOGNAME ?? os.userInfo().username;

/** A store error as the CLI reports it: bad input is a usage error, a refusal a failure. */
function asCliError(err: unknown): unknown {
  if (!isServiceError(err)) return err;
  if (err.code === "VALIDATION") return usageError(err.message);
  if (err.code === "NOT_FOUND" || err.code === "CONFLICT") return new CliError(EXIT.FAILED, err.message);
  return err;
}

async function run<T>(config: Config, fn: (stores: { suppressions: SuppressionStore; verdicts: VerdictStore }) => Promise<T>): Promise<T> {
  const keys = buildKeys(config);
  return withValkey(config, async (valkey) => {
    try {
      return await fn({ suppressions: new SuppressionStore(valkey, keys, config), verdicts: new VerdictStore(valkey, keys, config) });
    } catch (err) {
      throw asCliError(err);
    }
  });
}

/** Parses `input` with `schema`, naming the flag for a field the way the user typed it. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown, flags: Record<string, string>): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const { message } = describeZodError(r.error, input);
  throw usageError(message.replace(/\b(match\.)?([a-z_]+):/g, (m, _p: string, f: string) => (flags[f] ? `${flags[f]}:` : m)));
}

const describeMatch = (m: Suppression["match"]): string =>
  [
    `service=${m.service}`,
    m.template_id && `template_id=${m.template_id}`,
    m.template && `template="${m.template}"`,
    m.anomaly_type && `type=${m.anomaly_type}`,
    m.message && `message~"${m.message}"`,
  ]
    .filter(Boolean)
    .join(" ");

const SUPPRESS_USAGE = `Usage: anomaly-detect suppress --service S (--template-id ID | --template TEXT | --type T | --message TEXT)... [options]

Hides the findings the match names from every later result, until --until or for good. A
suppressed finding is not in anomalies[], findings[] or the counts, but is listed under
suppressed[] with this suppression's id and reason. At most MAX_ACTIVE_SUPPRESSIONS are in
force at once. A match must name more than the service.

Options:
  --service S         the service (required)
  --template-id ID    a template id (t_..., findings[].template_id)
  --template TEXT     a template's text exactly, variable parts as "<*>"
  --type T            performance, memory, error or pattern
  --message TEXT      a substring of the message (case-insensitive)
  --until WHEN        an ISO 8601 time or a duration (90s, 30m, 6h, 2d, 1w); absent: permanent
  --reason TEXT       why (required)
  --by NAME           who (default: your login)
  --json              print the suppression as JSON
  --url URL           Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help          show this help

Examples:
  anomaly-detect suppress --service payments --template-id t_1dcefc3818221e42 --until 6h --reason "db migration tonight"
  anomaly-detect suppress --service backup-runner --message "file has vanished" --reason "rsync on live uploads, harmless"
`;

export const suppressCommand: Command = {
  name: "suppress",
  summary: "hide a finding from later results, for a while or for good",
  usage: SUPPRESS_USAGE,
  async run(argv, io): Promise<ExitCode> {
    const { values, positionals } = parseCommandArgs("suppress", argv, {
      ...VALKEY_OPTIONS,
      service: { type: "string" },
      "template-id": { type: "string" },
      template: { type: "string" },
      type: { type: "string" },
      message: { type: "string" },
      until: { type: "string" },
      reason: { type: "string" },
      by: { type: "string" },
      json: { type: "boolean" },
    });
    if (values.help) {
      io.stdout.write(SUPPRESS_USAGE);
      return EXIT.OK;
    }
    if (positionals.length > 0) throw usageError(`suppress takes no arguments, got "${positionals[0]}"; the match is given with flags`);
    const match: Record<string, string> = {};
    for (const [flag, field] of [
      ["service", "service"],
      ["template-id", "template_id"],
      ["template", "template"],
      ["type", "anomaly_type"],
      ["message", "message"],
    ] as const) {
      const v = stringFlag(values, flag);
      if (v !== undefined) match[field] = v;
    }
    const input: Record<string, unknown> = { match, reason: stringFlag(values, "reason"), created_by: stringFlag(values, "by") ?? defaultActor(io) };
    const until = stringFlag(values, "until");
    if (until !== undefined) {
      const at = parseUntil(until, Date.now());
      if (typeof at === "string") throw usageError(`--until: ${at}`);
      input.until = until;
    }
    const body = parseInput(suppressionRequestSchema, input, {
      service: "--service",
      template_id: "--template-id",
      template: "--template",
      anomaly_type: "--type",
      message: "--message",
      until: "--until",
      reason: "--reason",
      created_by: "--by",
      match: "match (--template-id, --template, --type or --message)",
    });
    const config = cliConfig(io, stringFlag(values, "url"));
    const s = await run(config, ({ suppressions }) => suppressions.create(body));
    if (values.json) io.stdout.write(`${JSON.stringify(s)}\n`);
    else io.stdout.write(`suppression ${s.id} in force ${s.until ? `until ${s.until}` : "for good (permanent)"}: ${describeMatch(s.match)}\n`);
    return EXIT.OK;
  },
};

export const unsuppressCommand: Command = {
  name: "unsuppress",
  summary: "end a suppression: its findings come back",
  usage: `Usage: anomaly-detect unsuppress [options] ID...

Ends suppressions in force (ids from "anomaly-detect suppressions"); their findings come back
in the next detections. GET /suppressions lists them as deleted for SUPPRESSION_HISTORY_HOURS.

Options:
  --by NAME     who (default: your login)
  --url URL     Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help    show this help

Example:
  anomaly-detect unsuppress s_0123456789abcdef
`,
  async run(argv, io): Promise<ExitCode> {
    const { values, positionals } = parseCommandArgs("unsuppress", argv, { ...VALKEY_OPTIONS, by: { type: "string" } });
    if (values.help) {
      io.stdout.write(unsuppressCommand.usage);
      return EXIT.OK;
    }
    if (positionals.length === 0) throw usageError('unsuppress needs suppression ids (see "anomaly-detect suppressions")');
    for (const id of positionals) if (!/^s_[0-9a-f]{16}$/.test(id)) throw usageError(`"${id}" is not a suppression id (such as s_0123456789abcdef)`);
    const by = stringFlag(values, "by") ?? defaultActor(io);
    const config = cliConfig(io, stringFlag(values, "url"));
    let failed = 0;
    await run(config, async ({ suppressions }) => {
      for (const id of positionals) {
        try {
          const s = await suppressions.remove(id, by);
          io.stdout.write(`${id}: ended (${describeMatch(s.match)})\n`);
        } catch (err) {
          if (!isServiceError(err, "NOT_FOUND")) throw err;
          io.stdout.write(`${id}: ${err.message}\n`);
          failed++;
        }
      }
    });
    return failed > 0 ? EXIT.FAILED : EXIT.OK;
  },
};

function suppressionRows(list: (Suppression & { status?: string })[], status: string): string[][] {
  return list.map((s) => [s.id, s.status ?? status, s.until ?? "permanent", describeMatch(s.match), s.created_by, s.reason]);
}

export const suppressionsCommand: Command = {
  name: "suppressions",
  summary: "list the suppressions in force and those that ended lately",
  usage: `Usage: anomaly-detect suppressions [options]

Lists the suppressions in force, then those that expired or were deleted within
SUPPRESSION_HISTORY_HOURS (most recent first).

Options:
  --json        one JSON object per line, with "status"
  --width N     table width (default: the terminal's, else 120)
  --url URL     Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help    show this help
`,
  async run(argv, io): Promise<ExitCode> {
    const { values } = parseCommandArgs("suppressions", argv, { ...VALKEY_OPTIONS, json: { type: "boolean" }, width: { type: "string" } });
    if (values.help) {
      io.stdout.write(suppressionsCommand.usage);
      return EXIT.OK;
    }
    const width = outputWidth(io.stdout, intFlag(values, "width", 40, 1000));
    const config = cliConfig(io, stringFlag(values, "url"));
    const list = await run(config, ({ suppressions }) => suppressions.list());
    if (values.json) {
      for (const s of list.active) io.stdout.write(`${JSON.stringify({ ...s, status: "active" })}\n`);
      for (const s of list.ended) io.stdout.write(`${JSON.stringify(s)}\n`);
      return EXIT.OK;
    }
    const rows = [...suppressionRows(list.active, "active"), ...suppressionRows(list.ended, "")];
    const out: string[] = [];
    if (rows.length > 0) {
      out.push(
        ...renderTable(
          [
            { header: "ID" },
            { header: "STATUS" },
            { header: "UNTIL" },
            { header: "MATCH", flex: 1, min: 20 },
            { header: "BY", max: 20 },
            { header: "REASON", flex: 1, min: 12 },
          ],
          rows,
          width,
        ),
        "",
      );
    }
    out.push(`${plural(list.active.length, "suppression")} in force (at most ${list.max_active}), ${list.ended.length} ended lately.`);
    io.stdout.write(`${out.join("\n")}\n`);
    return EXIT.OK;
  },
};

const FEEDBACK_USAGE = `Usage: anomaly-detect feedback [options] INCIDENT_ID (--finding ID | --line N) VERDICT

A verdict on a finding of the incident's stored result (GET /anomalies/INCIDENT_ID), appended
to FEEDBACK_STREAM with who and when, and kept for the finding's service:
  expected     the kind of line is normal for this service: later ones are taken out (listed
               under suppressed[]) unless they burst or a figure the verdict did not cover is off
  not_useful   lowers the weight of this kind of evidence for the service
  confirmed    a real problem: later findings say "confirmed as a problem in INCIDENT_ID"

Options:
  --finding ID   the finding (f_..., findings[].finding_id)
  --line N       or the log_index of one of its listed lines
  --by NAME      who (default: your login)
  --note TEXT    why
  --json         print the verdict as JSON
  --url URL      Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help     show this help

Examples:
  anomaly-detect feedback INC-787708 --finding f_1dcefc3818221e42 confirmed --note "pool too small"
  anomaly-detect feedback INC-787708 --line 61 expected --note "nightly backup"
`;

export const feedbackCommand: Command = {
  name: "feedback",
  summary: "a verdict on a finding: expected, not_useful or confirmed",
  usage: FEEDBACK_USAGE,
  async run(argv, io): Promise<ExitCode> {
    const { values, positionals } = parseCommandArgs("feedback", argv, {
      ...VALKEY_OPTIONS,
      finding: { type: "string" },
      line: { type: "string" },
      by: { type: "string" },
      note: { type: "string" },
      json: { type: "boolean" },
    });
    if (values.help) {
      io.stdout.write(FEEDBACK_USAGE);
      return EXIT.OK;
    }
    if (positionals.length !== 2) throw usageError("feedback needs INCIDENT_ID and a VERDICT (expected, not_useful or confirmed)");
    const [incidentId, verdict] = positionals as [string, string];
    const id = incidentIdSchema.safeParse(incidentId);
    if (!id.success) throw usageError(`INCIDENT_ID: ${id.error.issues[0]!.message}, got "${incidentId}"`);
    const input: Record<string, unknown> = { verdict, by: stringFlag(values, "by") ?? defaultActor(io) };
    const finding = stringFlag(values, "finding");
    if (finding !== undefined) input.finding_id = finding;
    const line = intFlag(values, "line", 0);
    if (line !== undefined) input.log_index = line;
    const note = stringFlag(values, "note");
    if (note !== undefined) input.note = note;
    const body = parseInput(feedbackRequestSchema, input, {
      finding_id: "--finding or --line",
      log_index: "--line",
      verdict: "VERDICT",
      by: "--by",
      note: "--note",
    });
    const config = cliConfig(io, stringFlag(values, "url"));
    const record = await run(config, ({ verdicts }) => verdicts.give(incidentId, body));
    if (values.json) io.stdout.write(`${JSON.stringify(record)}\n`);
    else
      io.stdout.write(
        `${record.verdict} recorded for ${record.service}'s ${record.anomaly_type} finding ${record.finding_id} ("${record.template}") as ${record.feedback_id} on ${buildKeys(config).feedbackStream}\n`,
      );
    return EXIT.OK;
  },
};
