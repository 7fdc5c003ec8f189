import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Detector } from "../pipeline/detector.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";
import type { MemoryStore } from "../memory/store.js";
import type { LogSource } from "../pipeline/sources.js";

/** What the sidecar is built from (server.ts) and what its routes may use. */
export interface AppDeps {
  config: Pick<
    Config,
    | "BODY_LIMIT_BYTES"
    | "DEFAULT_TIME_WINDOW_HOURS"
    | "DEFAULT_CONFIDENCE_THRESHOLD"
    | "SERVICE_NAME"
    | "VALKEY_COMMAND_TIMEOUT_MS"
    | "API_KEY"
    | "METRICS_API_KEY"
    | "RATE_LIMIT_MAX"
    | "RATE_LIMIT_WINDOW_MS"
    | "TRUSTED_PROXIES"
    | "PUBLIC_URL"
  >;
  logger: Logger;
  valkey: Valkey;
  keys: Keys;
  detector: Detector;
  metrics: Metrics;
  /** The memory across incidents; absent when MEMORY=off (its routes then answer 409). */
  memory?: MemoryStore;
  /** Where POST /baselines/learn reads an incident's logs (the detector's source). */
  source?: LogSource;
}
