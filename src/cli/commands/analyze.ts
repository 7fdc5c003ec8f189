import path from "node:path";
import type { DetectResponse } from "../../contract/detect-response.js";
import { isServiceError } from "../../errors.js";
import { failOnFlag, intFlag, matchesFailOn, parseCommandArgs, requestFromFlags, stringFlag } from "../args.js";
import { cliConfig } from "../connect.js";
import { CliError, EXIT, outputWidth, usageError, type CliIo, type ExitCode } from "../io.js";
import { count, progressLine } from "../progress.js";
import { readLogFile } from "../read-logs.js";
import { renderIncidentShape } from "../incident-shape.js";
import { POSITION_HEADER, renderFindings, renderSkipped, summarize } from "../render.js";
import type { Command } from "./command.js";

const USAGE = `Usage: anomaly-detect analyze [options] FILE

Runs the detection pipeline on a file of logs, with no Valkey: JSON lines (one log object per
line) or one JSON array of log objects. FILE "-" reads standard input. Prints a table with one
row per finding (identical anomalous lines are one row with their count), each row's reasons
under it, and a summary; or with --json the answer POST /detect-anomalies gives. Positions
(LOG_INDEX, the answer's log_index) count from 0 among the file's logs: line N of a file
without blank lines is LOG_INDEX N-1.

Options:
  --threshold N      confidence threshold, 0-1 (default DEFAULT_CONFIDENCE_THRESHOLD, 0.7)
  --window-hours N   keep logs at most N hours older than the newest one
                     (default DEFAULT_TIME_WINDOW_HOURS, 24)
  --json             print the API's JSON answer (logs_key = the file, key_type = file)
  --fail-on TYPES    exit 1 when an anomaly of these types is found: "any", or a comma list of
                     performance, memory, error, pattern
  --incident-id ID   incident id in the answer (default: the file name)
  --width N          table width (default: the terminal's, else 120)
  -h, --help         show this help

Examples:
  anomaly-detect analyze examples/sample-incident.jsonl
  anomaly-detect analyze --window-hours 8784 --fail-on error,memory app.jsonl
  kubectl logs deploy/api | jq -c 'select(.msg)' | anomaly-detect analyze --json - > answer.json
`;

const OPTIONS = {
  threshold: { type: "string" },
  "window-hours": { type: "string" },
  json: { type: "boolean" },
  "fail-on": { type: "string" },
  "incident-id": { type: "string" },
  width: { type: "string" },
} as const;

/** A valid incident id from a file name: "app logs.jsonl" -> "app-logs". */
export function incidentIdFromFile(file: string): string {
  if (file === "-") return "stdin";
  const base = path.basename(file).replace(/\.(jsonl|ndjson|json|log|txt)$/i, "");
  const id = base
    .replace(/[^A-Za-z0-9._:-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 200);
  return id || "file";
}

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("analyze", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1)
    throw usageError(`analyze takes one FILE (or "-" for standard input), got ${positionals.length}.\nRun "anomaly-detect analyze --help" for the options.`);
  const file = positionals[0]!;
  const config = cliConfig(io, undefined);
  const failOn = failOnFlag(values);
  const width = outputWidth(io.stdout, intFlag(values, "width", 40, 1000));
  const request = requestFromFlags(stringFlag(values, "incident-id") ?? incidentIdFromFile(file), values, {
    timeWindowHours: config.DEFAULT_TIME_WINDOW_HOURS,
    confidenceThreshold: config.DEFAULT_CONFIDENCE_THRESHOLD,
  });

  const logs = await readLogFile(file, io);
  const progress = progressLine(io.stderr);
  progress.update(`analysing ${count(logs.entries.length)} logs from ${logs.label}…`, true);
  // Loaded here, not at start-up: LangGraph takes a while to import and --help needs none of it.
  const [{ createDetector }, { memoryLogSource }] = await Promise.all([import("../../pipeline/graph.js"), import("../../pipeline/sources.js")]);
  let response: DetectResponse;
  try {
    response = await createDetector({ source: memoryLogSource(logs.label, logs.entries) }).run(request, "api");
  } catch (err) {
    if (isServiceError(err, "NOT_FOUND"))
      throw new CliError(EXIT.FAILED, `no readable logs in ${logs.label}: ${logs.entries.length} entries, none a JSON object with a message`);
    throw err;
  } finally {
    progress.clear();
  }

  if (values.json) io.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
  else {
    const out: string[] = [];
    // The position `anomaly-detect load` gives the log in a list, so the API answers the same.
    const blankLines = logs.lines.some((line, i) => line !== i + 1);
    const positionNote =
      logs.format === "json"
        ? `${POSITION_HEADER} counts from 0, as the API's log_index: the array's item at ${POSITION_HEADER}.`
        : blankLines
          ? `${POSITION_HEADER} counts from 0 among the logs of ${logs.label}, blank lines not counted, as the API's log_index after "anomaly-detect load".`
          : `${POSITION_HEADER} counts from 0, as the API's log_index: line N of ${logs.label} is ${POSITION_HEADER} N-1.`;
    if (response.anomalies.length > 0) out.push(...renderFindings(response, { width, positionNote }), "");
    const shape = renderIncidentShape(response.summary, width);
    if (shape.length > 0) out.push(...shape, "");
    out.push(`${logs.label}: ${summarize(response, logs.entries.length).join("\n")}`);
    out.push(...renderSkipped(response, width));
    io.stdout.write(`${out.join("\n")}\n`);
  }
  return matchesFailOn(failOn, response.anomalies) ? EXIT.ANOMALIES : EXIT.OK;
}

export const analyzeCommand: Command = {
  name: "analyze",
  aliases: ["analyse"],
  summary: "detect anomalies in a file of logs, offline (no Valkey)",
  usage: USAGE,
  run,
};
