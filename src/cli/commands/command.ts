import type { CliIo, ExitCode } from "../io.js";

export interface Command {
  name: string;
  /** Other spellings that run the command (not listed in the help). */
  aliases?: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** The --help text. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<ExitCode>;
}
