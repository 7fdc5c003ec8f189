import { parseArgs, type ParseArgsConfig } from "node:util";
import { detectRequestSchema, type DetectRequest } from "../contract/detect-request.js";
import { describeZodError } from "../contract/validation.js";
import { didYouMean } from "../did-you-mean.js";
import { ANOMALY_TYPES, type AnomalyType } from "../detection/types.js";
import { usageError } from "./io.js";

/** node:util parseArgs with usage errors (exit 2) that name the flag and point at --help. */

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;
export type FlagValues = Record<string, string | boolean | undefined>;

export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
} satisfies OptionSpec;

export const VALKEY_OPTIONS = {
  url: { type: "string" },
} satisfies OptionSpec;

export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): { values: FlagValues; positionals: string[] } {
  const all: OptionSpec = { ...COMMON_OPTIONS, ...options };
  try {
    const { values, positionals } = parseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
    return { values: values as FlagValues, positionals };
  } catch (err) {
    throw usageError(`${describeArgsError(err as Error & { code?: string }, all)}\nRun "anomaly-detect ${command} --help" for the options.`);
  }
}

/** node's message for an unknown option, shortened, with the closest option the command has. */
function describeArgsError(err: Error & { code?: string }, options: OptionSpec): string {
  if (err.code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION") return err.message;
  const typed = /'(-{1,2}[^'=]+)/.exec(err.message)?.[1];
  if (typed === undefined) return err.message;
  const long = Object.keys(options).map((o) => `--${o}`);
  return `unknown option ${typed}${typed.startsWith("--") ? didYouMean(typed, long) : ""}`;
}

export function stringFlag(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** An integer flag within bounds, or undefined when absent. */
export function intFlag(values: FlagValues, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return undefined;
  const n = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw usageError(`--${name}: must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, got "${raw}"`);
  }
  return n;
}

const REQUEST_FLAGS: Record<string, string> = {
  incident_id: "INCIDENT_ID",
  time_window_hours: "--window-hours",
  confidence_threshold: "--threshold",
};

/**
 * The request the API would accept, from --window-hours and --threshold: the same zod schema
 * and messages as POST /detect-anomalies, with the field named as the flag the user typed.
 */
export function requestFromFlags(incidentId: string, values: FlagValues, defaults: { timeWindowHours: number; confidenceThreshold: number }): DetectRequest {
  const input: Record<string, unknown> = { incident_id: incidentId };
  const num = (raw: string | undefined) => (raw === undefined ? undefined : raw.trim() === "" ? Number.NaN : Number(raw));
  const hours = num(stringFlag(values, "window-hours"));
  const threshold = num(stringFlag(values, "threshold"));
  if (hours !== undefined) input.time_window_hours = hours;
  if (threshold !== undefined) input.confidence_threshold = threshold;
  const r = detectRequestSchema(defaults).safeParse(input);
  if (r.success) return r.data;
  const { message } = describeZodError(r.error, input);
  throw usageError(message.replace(/\b(incident_id|time_window_hours|confidence_threshold):/g, (_, f: string) => `${REQUEST_FLAGS[f]}:`));
}

/** --fail-on any | performance,memory,...: the anomaly types that make the exit code 1. */
export function failOnFlag(values: FlagValues): Set<AnomalyType> | undefined {
  const raw = stringFlag(values, "fail-on");
  if (raw === undefined) return undefined;
  const parts = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === "any") return new Set(ANOMALY_TYPES);
  const bad = parts.filter((p) => !(ANOMALY_TYPES as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw usageError(`--fail-on: expected "any" or a comma-separated list of ${ANOMALY_TYPES.join(", ")}${bad.length ? `, got "${bad.join(",")}"` : ""}`);
  }
  return new Set(parts as AnomalyType[]);
}

export function matchesFailOn(failOn: Set<AnomalyType> | undefined, anomalies: readonly { anomaly_type: string }[]): boolean {
  return failOn !== undefined && anomalies.some((a) => failOn.has(a.anomaly_type as AnomalyType));
}
