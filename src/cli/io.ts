/**
 * What a command talks to. The process entry (main.ts) passes the real streams; tests pass
 * collectors and their own environment, so commands never touch `process` directly.
 */

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream;
  /** Environment for loadConfig; undefined means the process's own (read by config.ts). */
  env?: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: long-running commands (watch, waits) stop and exit 0. */
  signal: AbortSignal;
}

/** Exit codes, documented in docs/cli.md ("Exit codes"). */
export const EXIT = {
  OK: 0,
  /** Anomalies of the kinds named by --fail-on were found. */
  ANOMALIES: 1,
  /** Bad flags or arguments, an unreadable file, a bad setting. */
  USAGE: 2,
  /** Valkey did not answer (connect, or mid-command). */
  UNREACHABLE: 3,
  /** The command ran but could not do its job (no readable logs, no result in time, a replay failed). */
  FAILED: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose exit code is decided: the entry prints the message and exits with the code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function usageError(message: string): CliError {
  return new CliError(EXIT.USAGE, message);
}

/** Table width: --width, else the terminal's, else 120 (a pipe or a file). */
export function outputWidth(out: Output, flag?: number): number {
  if (flag !== undefined) return flag;
  return out.isTTY && out.columns ? out.columns : 120;
}
