import { isConnectionError } from "../../errors.js";
import { fieldsToObject } from "../../contract/incident-event.js";
import { describeEndpoint, resolveEndpoint } from "../../valkey/client.js";
import { buildKeys } from "../../valkey/keys.js";
import { VALKEY_OPTIONS, intFlag, parseCommandArgs, stringFlag } from "../args.js";
import { cliConfig, close, connect, unreachable } from "../connect.js";
import { EXIT, outputWidth, usageError, type CliIo, type ExitCode } from "../io.js";
import { renderResultEntry } from "../render.js";
import { decodedEntry, lastEntryId, readAfter } from "../results.js";
import type { Command } from "./command.js";

const USAGE = `Usage: anomaly-detect watch [options]

Follows ANOMALY_STREAM (default anomalies:detected) and prints each result as it arrives: the
incident, status, anomaly count and types, who computed it, then its anomalies. A plain XREAD:
it takes nothing from any consumer group. Ctrl-C stops (exit 0).

Options:
  --from ID          start after this entry id: "$" only new results (default), "0" everything
                     the stream still holds, or an id such as 1732550000000-0
  --incident ID      only results of this incident
  --count N          exit after N results
  --json             one JSON object per line: the entry's fields with "result" decoded
  --width N          table width (default: the terminal's, else 120)
  --url URL          Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help         show this help

Examples:
  anomaly-detect watch
  anomaly-detect watch --from 0 --incident INC-42 --count 1 --json | jq .result.anomalies
`;

const OPTIONS = {
  ...VALKEY_OPTIONS,
  from: { type: "string", default: "$" },
  incident: { type: "string" },
  count: { type: "string" },
  json: { type: "boolean" },
  width: { type: "string" },
} as const;

const BLOCK_MS = 2000;

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("watch", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (positionals.length > 0) throw usageError(`watch takes no arguments, got "${positionals.join(" ")}".\nRun "anomaly-detect watch --help" for the options.`);
  const from = stringFlag(values, "from")!;
  if (from !== "$" && !/^\d+(-\d+)?$/.test(from)) throw usageError(`--from: expected "$", "0" or a stream id such as 1732550000000-0, got "${from}"`);
  const limit = intFlag(values, "count", 1);
  const incident = stringFlag(values, "incident");
  const width = outputWidth(io.stdout, intFlag(values, "width", 40, 1000));
  const config = cliConfig(io, stringFlag(values, "url"));
  const stream = buildKeys(config).anomalyStream;

  const valkey = await connect(config, { blocking: true });
  // Ctrl-C interrupts a blocked XREAD at once.
  const onAbort = () => valkey.disconnect();
  io.signal.addEventListener("abort", onAbort, { once: true });
  // The blocking connection waits through an outage (no retry limit) and resumes after the
  // last entry shown; say so rather than look frozen.
  let lost = false;
  valkey.on("reconnecting", () => {
    if (!lost && !io.signal.aborted) io.stderr.write(`connection to ${describeEndpoint(resolveEndpoint(config))} lost; reconnecting…\n`);
    lost = true;
  });
  valkey.on("ready", () => {
    if (lost) io.stderr.write("reconnected; watching again\n");
    lost = false;
  });
  let shown = 0;
  try {
    // "$" is resolved once: re-sending "$" on every read would skip entries that arrive between reads.
    let cursor = from === "$" ? await lastEntryId(valkey, stream) : from;
    io.stderr.write(
      `watching ${stream} on ${describeEndpoint(resolveEndpoint(config))}${incident ? ` for incident ${incident}` : ""}, after ${cursor} (Ctrl-C to stop)\n`,
    );
    while (!io.signal.aborted && (limit === undefined || shown < limit)) {
      const batches = await readAfter(valkey, [[stream, cursor]], BLOCK_MS);
      for (const [id, raw] of batches[0]?.[1] ?? []) {
        cursor = id;
        const fields = fieldsToObject(raw);
        if (incident !== undefined && fields.incident_id !== incident) continue;
        io.stdout.write(values.json ? `${JSON.stringify(decodedEntry(id, fields))}\n` : `${renderResultEntry(id, fields, width).join("\n")}\n\n`);
        shown++;
        if (limit !== undefined && shown >= limit) break;
      }
    }
    return EXIT.OK;
  } catch (err) {
    if (io.signal.aborted) return EXIT.OK;
    if (isConnectionError(err)) throw unreachable(config, err, valkey);
    throw err;
  } finally {
    io.signal.removeEventListener("abort", onAbort);
    await close(valkey);
  }
}

export const watchCommand: Command = { name: "watch", summary: "follow the result stream and print each result as it arrives", usage: USAGE, run };
