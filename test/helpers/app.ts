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
import { createFeedback, memoryListener, type Feedback } from "../../src/feedback/feedback.js";
import { createMemory, type MemoryStore } from "../../src/memory/store.js";

export interface TestApp {
  app: FastifyInstance;
  valkey: Valkey;
  keys: Keys;
  metrics: Metrics;
  detector: Detector;
  feedback: Feedback;
  /** The memory across incidents; undefined when MEMORY=off (testConfig's default). */
  memory: MemoryStore | undefined;
  close(): Promise<void>;
}

/** The real app wired as main.ts wires it, against the test server. */
export async function buildTestApp(config: Config, opts: { detector?: Detector } = {}): Promise<TestApp> {
  const logger = createLogger(config);
  const valkey = createValkey(config);
  valkey.on("error", () => {});
  await valkey.connect().catch(() => {});
  const keys = buildKeys(config);
  const memory = createMemory(config, valkey, keys);
  const feedback = createFeedback(valkey, keys, config, logger, memory ? [memoryListener(memory)] : []);
  const metrics = createMetrics({ ping: () => pingMs(valkey), activeSuppressions: () => feedback.suppressions.countActive() });
  const source = valkeyLogSource(valkey, keys, config);
  const detector = opts.detector ?? createDetector({ source, maxListed: config.MAX_LISTED_ANOMALIES, memory, feedback: feedback.source }, metrics);
  const app = buildApp({ config, logger, valkey, keys, detector, metrics, memory, source, feedback });
  await app.ready();
  return {
    app,
    valkey,
    keys,
    metrics,
    detector,
    feedback,
    memory,
    async close() {
      await app.close();
      valkey.disconnect();
    },
  };
}
