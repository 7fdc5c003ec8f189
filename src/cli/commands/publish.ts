import { isConnectionError } from "../../errors.js";
import type { DetectResponse } from "../../contract/detect-response.js";
import { buildKeys } from "../../valkey/keys.js";
import { VALKEY_OPTIONS, failOnFlag, intFlag, matchesFailOn, parseCommandArgs, requestFromFlags, stringFlag } from "../args.js";
import { cliConfig, close, connect, unreachable, withValkey } from "../connect.js";
import { CliError, EXIT, outputWidth, usageError, type CliIo, type ExitCode } from "../io.js";
import { renderResultEntry } from "../render.js";
import { decodedEntry, lastEntryId, noResultHint, waitForOutcome } from "../results.js";
import type { Command } from "./command.js";

const USAGE = `Usage: anomaly-detect publish [options] INCIDENT_ID

Adds an incident-created event to INCIDENT_STREAM (default incidents:created):
  XADD incidents:created * incident_id ID [time_window_hours N] [confidence_threshold N] [created_at T]
The values are checked as the service checks them, so a typo is refused here instead of
ending in the dead-letter stream. Warns when the incident's logs key is missing or of a type
the service cannot read.

Options:
  --window-hours N   time_window_hours of the event (the service's default otherwise)
  --threshold N      confidence_threshold of the event (the service's default otherwise)
  --created-at TIME  created_at of the event, e.g. 2025-09-19T07:50:00Z
  --wait             wait for the result on ANOMALY_STREAM (or the dead letter) and print it
  --timeout SECONDS  how long --wait waits (default 30)
  --fail-on TYPES    with --wait: exit 1 when an anomaly of these types is found ("any" or a
                     comma list of performance, memory, error, pattern)
  --json             print the event (with --wait: the result entry, result decoded) as JSON
  --width N          table width (default: the terminal's, else 120)
  --url URL          Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help         show this help

Examples:
  anomaly-detect publish INC-42
  anomaly-detect publish --threshold 0.9 --wait --fail-on any INC-42
`;

const OPTIONS = {
  ...VALKEY_OPTIONS,
  "window-hours": { type: "string" },
  threshold: { type: "string" },
  "created-at": { type: "string" },
  wait: { type: "boolean" },
  timeout: { type: "string" },
  "fail-on": { type: "string" },
  json: { type: "boolean" },
  width: { type: "string" },
} as const;

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("publish", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1)
    throw usageError(`publish takes one INCIDENT_ID, got ${positionals.length} arguments.\nRun "anomaly-detect publish --help" for the options.`);
  const config = cliConfig(io, stringFlag(values, "url"));
  // Checked with the service's defaults, but only the given values go into the event: the
  // service applies its own defaults to the rest.
  requestFromFlags(positionals[0]!, values, { timeWindowHours: config.DEFAULT_TIME_WINDOW_HOURS, confidenceThreshold: config.DEFAULT_CONFIDENCE_THRESHOLD });
  const createdAt = stringFlag(values, "created-at");
  if (createdAt !== undefined && (createdAt.length > 64 || createdAt.trim() === "")) throw usageError("--created-at: must be 1-64 characters");
  const failOn = failOnFlag(values);
  if (failOn && !values.wait) throw usageError("--fail-on needs --wait (the result is only known once the service has answered)");
  const timeoutS = intFlag(values, "timeout", 1, 3600) ?? 30;
  const width = outputWidth(io.stdout, intFlag(values, "width", 40, 1000));
  const keys = buildKeys(config);
  const incidentId = positionals[0]!;

  const fields: string[] = ["incident_id", incidentId];
  const hours = stringFlag(values, "window-hours");
  const threshold = stringFlag(values, "threshold");
  if (hours !== undefined) fields.push("time_window_hours", String(Number(hours)));
  if (threshold !== undefined) fields.push("confidence_threshold", String(Number(threshold)));
  if (createdAt !== undefined) fields.push("created_at", createdAt);

  const published = await withValkey(config, async (valkey) => {
    const logsKey = keys.incidentLogs(incidentId);
    const type = await valkey.type(logsKey);
    if (type === "none") {
      io.stderr.write(
        `warning: ${logsKey} does not exist (yet): the service retries ${config.NO_LOGS_RETRIES} times, ${config.NO_LOGS_RETRY_DELAY_MS} ms apart, then publishes status no_logs\n`,
      );
    } else if (!["list", "stream", "zset"].includes(type)) {
      io.stderr.write(
        `warning: ${logsKey} is a ${type}; the service reads lists, streams and sorted sets, so this event will be dead-lettered (unsupported_key_type)\n`,
      );
    }
    const after = values.wait
      ? { results: await lastEntryId(valkey, keys.anomalyStream), deadLetters: await lastEntryId(valkey, keys.deadLetterStream) }
      : undefined;
    const eventId = (await valkey.xadd(keys.incidentStream, "*", ...fields))!;
    return { eventId, after };
  });

  const event = Object.fromEntries(fields.flatMap((_, i) => (i % 2 === 0 ? [[fields[i]!, fields[i + 1]!]] : [])));
  if (!values.wait) {
    if (values.json) io.stdout.write(`${JSON.stringify({ event_id: published.eventId, stream: keys.incidentStream, fields: event })}\n`);
    else
      io.stdout.write(
        `published event ${published.eventId} on ${keys.incidentStream}: ${fields
          .map((f, i) => (i % 2 ? `${f} ` : `${f}=`))
          .join("")
          .trim()}\n`,
      );
    return EXIT.OK;
  }

  if (!values.json)
    io.stdout.write(`published event ${published.eventId} on ${keys.incidentStream}; waiting up to ${timeoutS} s for its result on ${keys.anomalyStream}…\n`);
  const blocking = await connect(config, { blocking: true });
  try {
    const outcome = await waitForOutcome(blocking, keys, published.eventId, published.after!, timeoutS * 1000, io.signal);
    if (!outcome) {
      if (io.signal.aborted) return EXIT.OK;
      throw new CliError(
        EXIT.FAILED,
        `no result for event ${published.eventId} within ${timeoutS} s: ${await noResultHint(blocking, keys, config.CONSUMER_GROUP, config.CONSUMER_BLOCK_MS)}`,
      );
    }
    if (values.json)
      io.stdout.write(`${JSON.stringify({ event_id: published.eventId, outcome: outcome.kind, entry: decodedEntry(outcome.id, outcome.fields) })}\n`);
    if (outcome.kind === "dead_letter") {
      throw new CliError(
        EXIT.FAILED,
        `event ${published.eventId} was dead-lettered on ${keys.deadLetterStream} as ${outcome.id}: ${outcome.fields.reason}: ${outcome.fields.error}`,
      );
    }
    if (!values.json) io.stdout.write(`${renderResultEntry(outcome.id, outcome.fields, width).join("\n")}\n`);
    if (outcome.fields.status !== "ok") throw new CliError(EXIT.FAILED, `the service found no logs for ${incidentId} (status ${outcome.fields.status})`);
    const result = JSON.parse(outcome.fields.result ?? "{}") as DetectResponse;
    return matchesFailOn(failOn, result.anomalies ?? []) ? EXIT.ANOMALIES : EXIT.OK;
  } catch (err) {
    if (!(err instanceof CliError) && isConnectionError(err)) throw unreachable(config, err, blocking);
    throw err;
  } finally {
    await close(blocking);
  }
}

export const publishCommand: Command = {
  name: "publish",
  summary: "add an incident-created event to the input stream (--wait for its result)",
  usage: USAGE,
  run,
};
