import type { FastifyInstance } from "fastify";
import type { Config } from "../../src/config.js";
import { buildApp } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { createMetrics, type Metrics } from "../../src/metrics.js";
import { createDetector } from "../../src/pipeline/graph.js";
import type { Detector } from "../../src/pipeline/detector.js";
import { valkeyLogSource } from "../../src/pipeline/sources.js";
import { createValkey, pingMs, type Valkey } from "../../src/valkey/client.js";
import { buildKeys, type Keys } from "../../src/valkey/keys.js";
import { createFeedback, type Feedback } from "../../src/feedback/feedback.js";

export interface TestApp {
  app: FastifyInstance;
  valkey: Valkey;
  keys: Keys;
  metrics: Metrics;
  detector: Detector;
  feedback: Feedback;
  close(): Promise<void>;
}

/** The real app wired as main.ts wires it, against the test server. */
export async function buildTestApp(config: Config): Promise<TestApp> {
  const logger = createLogger(config);
  const valkey = createValkey(config);
  valkey.on("error", () => {});
  await valkey.connect().catch(() => {});
  const keys = buildKeys(config);
  const feedback = createFeedback(valkey, keys, config, logger);
  const metrics = createMetrics({ ping: () => pingMs(valkey), activeSuppressions: () => feedback.suppressions.countActive() });
  const detector = createDetector(
    { source: valkeyLogSource(valkey, keys, config), maxListed: config.MAX_LISTED_ANOMALIES, feedback: feedback.source },
    metrics,
  );
  const app = buildApp({ config, logger, valkey, keys, detector, metrics, feedback });
  await app.ready();
  return {
    app,
    valkey,
    keys,
    metrics,
    detector,
    feedback,
    async close() {
      await app.close();
      valkey.disconnect();
    },
  };
}
