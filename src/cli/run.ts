import { readFileSync } from "node:fs";
import { didYouMean } from "../did-you-mean.js";
import { isConnectionError } from "../errors.js";
import { describeProblem } from "../valkey/connection-errors.js";
import { analyzeCommand } from "./commands/analyze.js";
import type { Command } from "./commands/command.js";
import { demoCommand } from "./commands/demo.js";
import { dlqCommand } from "./commands/dlq.js";
import { feedbackCommand, suppressCommand, suppressionsCommand, unsuppressCommand } from "./commands/feedback.js";
import { loadCommand } from "./commands/load.js";
import { baselineCommand, learnCommand } from "./commands/memory.js";
import { publishCommand } from "./commands/publish.js";
import { watchCommand } from "./commands/watch.js";
import { CliError, EXIT, type CliIo, type ExitCode } from "./io.js";

export const COMMANDS: readonly Command[] = [
  analyzeCommand,
  loadCommand,
  publishCommand,
  watchCommand,
  dlqCommand,
  learnCommand,
  baselineCommand,
  suppressCommand,
  unsuppressCommand,
  suppressionsCommand,
  feedbackCommand,
  demoCommand,
];

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: anomaly-detect <command> [options]

Operate the anomaly detection service: analyze a file offline, store logs, publish incidents,
follow results, replay dead letters, suppress findings and give feedback on them. Valkey settings and key/stream names come from the same
environment variables as the service (VALKEY_URL, INCIDENT_LOGS_KEY, INCIDENT_STREAM, ...).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run "anomaly-detect <command> --help" for a command's options.

Exit codes: 0 ok; 1 anomalies found (with --fail-on); 2 usage error; 3 Valkey unreachable;
4 the command could not do its job (no readable logs, no result in time, a replay failed).
`;
}

function version(): string {
  try {
    // The same relative path from src/cli/ and dist/cli/.
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Runs one command line; never throws, always resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      io.stderr.write(mainUsage());
      return EXIT.USAGE;
    }
    if (name === "-h" || name === "--help") {
      io.stdout.write(mainUsage());
      return EXIT.OK;
    }
    if (name === "--version" || name === "-v") {
      io.stdout.write(`${version()}\n`);
      return EXIT.OK;
    }
    if (name === "help") {
      const target = rest[0] === undefined ? undefined : findCommand(rest[0]);
      io.stdout.write(target ? target.usage : mainUsage());
      return EXIT.OK;
    }
    const command = findCommand(name);
    if (!command) {
      const names = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
      io.stderr.write(`anomaly-detect: unknown command "${name}"${didYouMean(name, names)}\n\n${mainUsage()}`);
      return EXIT.USAGE;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`anomaly-detect: ${err.message}\n`);
      return err.exitCode;
    }
    if (isConnectionError(err)) {
      io.stderr.write(`anomaly-detect: ${describeProblem("the configured address", err).message}\n`);
      return EXIT.UNREACHABLE;
    }
    io.stderr.write(`anomaly-detect: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.FAILED;
  }
}
