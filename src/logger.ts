import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** JSON logs with the service name and environment on every line; secrets are redacted. */
export function createLogger(config: Pick<Config, "LOG_LEVEL" | "SERVICE_NAME" | "ENVIRONMENT">): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: config.SERVICE_NAME, environment: config.ENVIRONMENT, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        "password",
        "*.password",
        "VALKEY_PASSWORD",
        "*.VALKEY_PASSWORD",
        "VALKEY_URL",
        "*.VALKEY_URL",
        "API_KEY",
        "*.API_KEY",
        "req.headers.authorization",
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
