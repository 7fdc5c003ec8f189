/**
 * The sound family's producers, and the ones the strait scenarios add for lines that carry an
 * exception beside their message: bunyan, Winston, structlog, Logback's ECS encoder, and the
 * error objects, Java stack traces and Python tracebacks those fields hold.
 */
import { isoMicrosZ, isoMs, type LogbackLevel, type PinoLevel, type PinoSource, pino } from "../sound/producers.js";

export * from "../sound/producers.js";

type Fields = Record<string, unknown>;

// ── what an exception field holds ────────────────────────────────────────────────────────────

/** A Java stack trace as Logback's throwable converter writes it: the exception line, then frames. */
export function javaTrace(exception: string, message: string, frames: readonly string[], causedBy?: string): string {
  const lines = [`${exception}: ${message}`, ...frames.map((f) => `\tat ${f}`)];
  if (causedBy !== undefined) lines.push(`Caused by: ${causedBy}`, "\t... 12 common frames omitted");
  return lines.join("\n");
}

/** A Python traceback as `logging.Formatter.formatException` writes it: frames are [file, line, function, source]. */
export function pyTraceback(frames: readonly (readonly [string, number, string, string])[], last: string): string {
  const body = frames.map(([file, line, fn, src]) => `  File "${file}", line ${line}, in ${fn}\n    ${src}`);
  return ["Traceback (most recent call last):", ...body, last].join("\n");
}

/** A Node error's stack: `Type: message` and `    at` frames. */
export function nodeStack(type: string, message: string, frames: readonly string[]): string {
  return [`${type}: ${message}`, ...frames.map((f) => `    at ${f}`)].join("\n");
}

/** An Error as pino's standard `err` serialiser writes it: type, message, stack, then its own properties. */
export function pinoErr(type: string, message: string, frames: readonly string[], props: Fields = {}): Fields {
  return { type, message, stack: nodeStack(type, message, frames), ...props };
}

/** An Error as bunyan's `err` serialiser writes it: message, name, stack, code. */
export function bunyanErr(name: string, message: string, frames: readonly string[], code?: string): Fields {
  const out: Fields = { message, name, stack: nodeStack(name, message, frames) };
  if (code !== undefined) out.code = code;
  return out;
}

// ── bunyan (Node) ────────────────────────────────────────────────────────────────────────────
export type BunyanLevel = PinoLevel;

/** bunyan's JSON line: name, hostname, pid, level (pino's numbers), the record's fields, msg, time, v. */
export function bunyan(t: number, src: PinoSource, level: BunyanLevel, msg: string, fields: Fields = {}): Fields {
  return { name: src.name, hostname: src.hostname, pid: src.pid, level: pino(t, src, level, msg).level, ...fields, msg, time: isoMs(t), v: 0 };
}

// ── Winston 3 (Node), format.combine(timestamp(), errors({ stack: true }), json()) ───────────
export type WinstonLevel = "error" | "warn" | "info" | "http" | "verbose" | "debug";

/** Winston's JSON line, keys in the stable order its json format writes them; `stack` when an Error was logged. */
export function winston(t: number, service: string, level: WinstonLevel, message: string, meta: Fields = {}, stack?: string): Fields {
  const all: Fields = { level, message, service, ...meta, timestamp: isoMs(t) };
  if (stack !== undefined) all.stack = stack;
  const out: Fields = {};
  for (const key of Object.keys(all).sort()) out[key] = all[key];
  return out;
}

// ── structlog (Python), JSONRenderer after add_log_level, TimeStamper(fmt="iso") and format_exc_info ──
export type StructlogLevel = "debug" | "info" | "warning" | "error" | "critical";

/** Bound and call-site fields first, then `event`, the logger, level, timestamp and any `exception`. */
export function structlog(t: number, level: StructlogLevel, logger: string, event: string, fields: Fields = {}, exception?: string): Fields {
  const out: Fields = { ...fields, event, logger, level, timestamp: isoMicrosZ(t) };
  if (exception !== undefined) out.exception = exception;
  return out;
}

// ── Logback with co.elastic.logging's EcsEncoder (Java) ──────────────────────────────────────
export interface EcsSource {
  service: string;
  host: string;
  environment: string;
}

/** The ECS encoder's line: dotted keys, `error.type`, `error.message` and `error.stack_trace` when a throwable was logged. */
export function ecsLogback(
  t: number,
  src: EcsSource,
  level: LogbackLevel,
  logger: string,
  thread: string,
  message: string,
  fields: Fields = {},
  error?: { type: string; message: string; stackTrace: string },
): Fields {
  const out: Fields = {
    "@timestamp": isoMs(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": src.service,
    "service.environment": src.environment,
    "event.dataset": src.service,
    "process.thread.name": thread,
    "log.logger": logger,
    "host.hostname": src.host,
    ...fields,
  };
  if (error !== undefined) {
    out["error.type"] = error.type;
    out["error.message"] = error.message;
    out["error.stack_trace"] = error.stackTrace;
  }
  return out;
}
