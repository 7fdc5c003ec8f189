import os from "node:os";
import type { AddressInfo } from "node:net";
import type { Config } from "../config.js";
import { buildApp } from "../http/server.js";
import { createLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { createDetector } from "../pipeline/graph.js";
import { valkeyLogSource } from "../pipeline/sources.js";
import { StreamConsumer } from "../stream/consumer.js";
import { createValkey } from "../valkey/client.js";
import { createFeedback } from "../feedback/feedback.js";
import { buildKeys } from "../valkey/keys.js";
import { close, connect } from "./connect.js";

/**
 * The service wired as main.ts wires it (HTTP sidecar + stream consumer), inside the demo's
 * process, for when no service is running. It reads with a consumer group of its own, created
 * at the stream's end and destroyed on stop: it never takes the real group's backlog or pending
 * entries, and when the real service later reads the demo's event it finds the idempotency
 * marker and publishes no second result.
 */

export interface InProcessService {
  apiUrl: string;
  consumerName: string;
  group: string;
  stop(): Promise<void>;
}

export async function startInProcessService(base: Config): Promise<InProcessService> {
  const config: Config = {
    ...base,
    LOG_LEVEL: "error",
    CONSUMER_NAME: `demo-${os.hostname()}-${process.pid}`,
    CONSUMER_GROUP: `${base.CONSUMER_GROUP}:demo-${process.pid}`,
    CONSUMER_START_FROM: "new",
    CONSUMER_BLOCK_MS: 500,
  };
  const logger = createLogger(config);
  const valkey = await connect(config);
  const keys = buildKeys(config);
  const metrics = createMetrics();
  const feedback = createFeedback(valkey, keys, config, logger);
  const detector = createDetector(
    { source: valkeyLogSource(valkey, keys, config), maxListed: config.MAX_LISTED_ANOMALIES, feedback: feedback.source },
    metrics,
  );
  const app = buildApp({ config, logger, valkey, keys, detector, metrics, feedback });
  const consumer = new StreamConsumer({
    config,
    valkey,
    createBlockingClient: () => {
      const c = createValkey(config, { blocking: true });
      c.on("error", () => {});
      c.connect().catch(() => {});
      return c;
    },
    detector,
    keys,
    metrics,
    logger,
  });
  let started = false;
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    await consumer.start();
    started = true;
  } finally {
    if (!started) {
      await app.close().catch(() => {});
      await close(valkey);
    }
  }
  const port = (app.server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    consumerName: config.CONSUMER_NAME,
    group: config.CONSUMER_GROUP,
    async stop() {
      await consumer.close();
      await app.close().catch(() => {});
      await valkey.xgroup("DESTROY", keys.incidentStream, config.CONSUMER_GROUP).catch(() => {});
      await close(valkey);
    },
  };
}
