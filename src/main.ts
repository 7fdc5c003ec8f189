import type { AddressInfo } from "node:net";
import { ConfigError, loadConfig, valkeyExplicit, type Config } from "./config.js";
import { buildApp } from "./http/server.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { createFeedback, memoryListener } from "./feedback/feedback.js";
import { createDetector } from "./pipeline/graph.js";
import type { Detector } from "./pipeline/detector.js";
import { createOffloadingDetector } from "./threads/offloading-detector.js";
import { createWorkerDetector, type WorkerDetector } from "./threads/detection-pool.js";
import { countIncidentLogs } from "./valkey/log-store.js";
import { valkeyLogSource } from "./pipeline/sources.js";
import { createValkey, describeEndpoint, pingMs, resolveEndpoint, type Valkey } from "./valkey/client.js";
import { AUTH_RETRY_MS, explainFailure } from "./valkey/connection-errors.js";
import { buildKeys, checkSameSlot } from "./valkey/keys.js";
import { StreamConsumer } from "./stream/consumer.js";
import { createMemory } from "./memory/store.js";
import { findServerBinary, portAnswers, startLocalServer, type LocalServer } from "./valkey/local-server.js";
import { describeServer, meetsMinimum, MIN_SERVER_VERSION, parseServerInfo } from "./valkey/server-info.js";

/** Entry: config -> logger -> Valkey -> HTTP (+ consumer); graceful shutdown on signals. */

async function resolveDevServer(config: Config, log: Logger): Promise<{ config: Config; local?: LocalServer }> {
  const autostart = config.VALKEY_AUTOSTART ?? (config.ENVIRONMENT === "development" && !valkeyExplicit());
  if (!autostart) return { config };
  const e = resolveEndpoint(config);
  if (await portAnswers(e.host, e.port, 1000)) return { config };
  const binary = findServerBinary();
  if (!binary) {
    throw new ConfigError(
      `nothing answers at ${describeEndpoint(e)} and neither valkey-server nor redis-server is on PATH.\n` +
        "  Point the service at a server with VALKEY_URL=redis://host:6379 (or VALKEY_HOST and VALKEY_PORT),\n" +
        "  or install one (e.g. apt-get install valkey-server / redis-server).",
    );
  }
  const local = await startLocalServer({ binary });
  log.warn(
    { binary, port: local.port },
    `nothing answers at ${describeEndpoint(e)}: started a local ${binary} on 127.0.0.1:${local.port} for development (stopped on exit, keeps no data)`,
  );
  return { config: { ...config, VALKEY_HOST: local.host, VALKEY_PORT: local.port, VALKEY_URL: undefined }, local };
}

/** Which server (Valkey or Redis) and version answered, once; a warning when it is too old. */
async function logServer(valkey: Valkey, log: Logger): Promise<void> {
  try {
    const server = parseServerInfo(await valkey.info("server"));
    const fields = { server: server.name, server_version: server.version };
    if (meetsMinimum(server)) log.info(fields, `connected to ${describeServer(server)}`);
    else log.warn(fields, `connected to ${describeServer(server)}, older than ${MIN_SERVER_VERSION}: the consumer needs XAUTOCLAIM (6.2)`);
  } catch (err) {
    log.debug({ err: (err as Error).message }, "INFO server failed");
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(config);

  process.on("unhandledRejection", (reason) => {
    log.fatal({ err: reason }, "unhandled promise rejection; exiting so the orchestrator restarts the service");
    process.exit(1);
  });
  process.on("uncaughtException", (err) => {
    log.fatal({ err }, "uncaught exception; exiting so the orchestrator restarts the service");
    process.exit(1);
  });

  let local: LocalServer | undefined;
  try {
    ({ config, local } = await resolveDevServer(config, log));
  } catch (err) {
    log.fatal(err instanceof ConfigError ? err.message : { err }, "cannot start");
    process.exit(1);
  }

  const endpoint = resolveEndpoint(config);
  const valkey = createValkey(config, { connectionName: `${config.SERVICE_NAME}:${config.CONSUMER_NAME}` });
  valkey.on("error", (err: Error) => {
    const problem = explainFailure(valkey, err);
    if (!problem) return;
    const retry = problem.kind === "auth" ? `; retrying every ${AUTH_RETRY_MS / 1000} s` : "; retrying";
    log.warn({ valkey: describeEndpoint(endpoint), cause: problem.cause }, `${problem.message}${retry}`);
  });
  // Its failures arrive on the "error" event above, which says why.
  valkey.connect().catch(() => {});
  valkey.once("ready", () => void logServer(valkey, log));

  const keys = buildKeys(config);
  const memory = createMemory(config, valkey, keys);
  // A verdict teaches the memory too: expected templates become routine, confirmed ones never do.
  const feedback = createFeedback(valkey, keys, config, log, memory ? [memoryListener(memory)] : []);
  const metrics = createMetrics({
    ping: () => pingMs(valkey),
    activeSuppressions: () => feedback.suppressions.countActive(),
    detectionThreads: () => pool?.size ?? 0,
  });
  // Incidents of DETECTION_OFFLOAD_MIN_LOGS logs or more run in worker threads (none when
  // DETECTION_THREADS=0), so a large one never stalls /health or the consumer's bookkeeping.
  const source = valkeyLogSource(valkey, keys, config);
  const inline = createDetector({ source, maxListed: config.MAX_LISTED_ANOMALIES, memory, feedback: feedback.source }, metrics);
  const pool: WorkerDetector | undefined =
    config.DETECTION_THREADS > 0
      ? createWorkerDetector({
          config,
          threads: config.DETECTION_THREADS,
          metrics,
          onWarning: (message) => log.warn(message),
          onWarmedUp: ({ rounds, ms }) => log.info({ rounds, duration_ms: Math.round(ms) }, "ready detection thread warmed up"),
          idleMs: config.DETECTION_THREAD_IDLE_MS,
          ready: config.DETECTION_THREADS_READY,
        })
      : undefined;
  const detector: Detector = pool
    ? createOffloadingDetector({
        inline,
        pool,
        minLogs: config.DETECTION_OFFLOAD_MIN_LOGS,
        largeSlots: config.DETECTION_THREADS,
        size: (r) => countIncidentLogs(valkey, keys.incidentLogs(r.incident_id)),
      })
    : inline;

  if (config.VALKEY_CLUSTER) {
    const problem = checkSameSlot(keys);
    if (problem) {
      log.fatal(problem);
      process.exit(1);
    }
  }

  // The sidecar also runs in consumer mode: /health and /metrics are how it is watched.
  const app = buildApp({ config, logger: log, valkey, keys, detector, metrics, memory, source, feedback });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "EADDRINUSE"
        ? `port ${config.PORT} on ${config.HOST} is already in use (another copy of the service?): stop that process or set PORT to a free port`
        : code === "EACCES"
          ? `port ${config.PORT} on ${config.HOST} needs privileges this process lacks: set PORT to 1024 or above`
          : code === "EADDRNOTAVAIL"
            ? `HOST ${config.HOST} is not an address of this machine: set HOST (0.0.0.0 listens on every interface)`
            : undefined;
    if (!why) throw err;
    log.fatal({ port: config.PORT, host: config.HOST, code }, `cannot listen: ${why}`);
    valkey.disconnect();
    await pool?.close();
    if (local) await local.stop();
    process.exit(1);
  }

  let consumer: StreamConsumer | undefined;
  if (config.MODE !== "api") {
    consumer = new StreamConsumer({
      config,
      valkey,
      createBlockingClient: () => {
        const c = createValkey(config, { blocking: true, connectionName: `${config.SERVICE_NAME}:${config.CONSUMER_NAME}:blocking` });
        c.connect().catch(() => {});
        return c;
      },
      detector,
      keys,
      metrics,
      logger: log,
    });
    // The group may not be creatable yet (Valkey still starting): retry until it is.
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.start();
        break;
      } catch (err) {
        log.warn({ err: (err as Error).message, attempt }, "cannot start the consumer yet; retrying");
        await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5000)));
      }
    }
  }
  log.info(
    {
      mode: config.MODE,
      port: (app.server.address() as AddressInfo | null)?.port ?? config.PORT,
      valkey: describeEndpoint(endpoint),
      logs_key: config.INCIDENT_LOGS_KEY,
    },
    "service started",
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      log.error({ timeout_ms: config.SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 2000);
    timer.unref();
    await consumer?.close();
    await app.close().catch((err: Error) => log.warn({ err: err.message }, "closing HTTP failed"));
    await pool?.close();
    await valkey.quit().catch(() => valkey.disconnect());
    if (local) await local.stop();
    log.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

void main();
