/**
 * The memory across incidents: what it costs per incident. On a 100-log and a 100k-log incident
 * (bench/data.ts), after five earlier incidents of the same services were learnt: the recall
 * (HGETALL of each service's templates and baseline, ZRANGE of its learnt incidents, uncached) and
 * the write (similar incidents, the learn script per service, the record script), timed apart in
 * this process against the bench's server. Also the keys' sizes (MEMORY USAGE).
 */
import type { Redis } from "ioredis";
import { loadConfig } from "../src/config.js";
import { detect } from "../src/detection/detect.js";
import { MemoryStore, signaturePair } from "../src/memory/store.js";
import { memoryLogSource } from "../src/pipeline/sources.js";
import { createValkey } from "../src/valkey/client.js";
import { buildKeys } from "../src/valkey/keys.js";
import { generateLogs } from "./data.js";
import { log, median, round } from "./util.js";

export interface HistoryRow {
  n: number;
  services: number;
  templates: number;
  runs: number;
  recall_ms: number;
  write_ms: number;
  /** Detection of the same incident without I/O, for scale. */
  detect_ms: number;
  /** Bytes of all memory keys after the runs (MEMORY USAGE), and per service. */
  keys_bytes: number;
  bytes_per_service: number;
}

export async function benchHistory(r: Redis, valkeyUrl: string, sizes: number[], quick: boolean): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  for (const n of sizes) {
    const prefix = `bench-memory-${n}`;
    const config = loadConfig({ VALKEY_URL: valkeyUrl, MEMORY_KEY_PREFIX: prefix, MEMORY_CACHE_MS: "0", LOG_LEVEL: "silent" });
    const valkey = createValkey(config);
    await valkey.connect();
    try {
      const store = new MemoryStore(valkey, buildKeys(config), config);
      const read = await memoryLogSource("bench", generateLogs(n, 7)).read({ incident_id: "bench", time_window_hours: 8784, confidence_threshold: 0.7 });
      const services = read.logs.services;
      const history = await store.recall(services);
      const t0 = performance.now();
      const out = detect({ table: read.logs }, { confidenceThreshold: 0.7, learn: true, history });
      const detectMs = performance.now() - t0;
      const lessons = out.lessons!;
      const pairs = out.findings.map((f) => signaturePair(f.service, f.templateId));
      // Five earlier incidents, so the recall reads a real history.
      for (let k = 0; k < 5; k++) {
        await store.learn(`earlier-${k}`, lessons);
        await store.recordIncident(`earlier-${k}`, pairs);
      }
      const runs = quick ? 5 : n >= 100_000 ? 20 : 60;
      const recall: number[] = [];
      const write: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        const a = performance.now();
        await store.recall(services);
        const b = performance.now();
        await store.similar(`run-${i}`, pairs);
        await Promise.all([store.learn(`run-${i}`, lessons), store.recordIncident(`run-${i}`, pairs)]);
        const c = performance.now();
        if (i < 3) continue;
        recall.push(b - a);
        write.push(c - b);
      }
      let bytes = 0;
      for (const key of await r.keys(`${prefix}:*`)) bytes += Number(await r.call("MEMORY", "USAGE", key, "SAMPLES", "0"));
      const templates = lessons.reduce((s, l) => s + l.templates.length, 0);
      rows.push({
        n,
        services: services.length,
        templates,
        runs,
        recall_ms: round(median(recall), 2),
        write_ms: round(median(write), 2),
        detect_ms: round(detectMs, 1),
        keys_bytes: bytes,
        bytes_per_service: Math.round(bytes / services.length),
      });
      log(`history: ${n} logs, recall ${round(median(recall), 2)} ms, write ${round(median(write), 2)} ms, ${bytes} bytes of keys`);
    } finally {
      valkey.disconnect();
    }
  }
  return rows;
}
