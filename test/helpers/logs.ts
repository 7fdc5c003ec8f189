import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";

export const LOGHUB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/loghub");

export function loghubLines(name: string): string[] {
  return readFileSync(path.join(LOGHUB_DIR, name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
}

export interface TestLog {
  timestamp?: string | number;
  level?: string;
  message?: string;
  service?: string;
  [k: string]: unknown;
}

/** Minutes apart, ending at `end`. */
export function normalLogs(n: number, end = Date.parse("2025-09-19T08:00:00Z"), service = "user-service"): TestLog[] {
  const out: TestLog[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      timestamp: new Date(end - (n - 1 - i) * 60_000).toISOString(),
      level: "INFO",
      message: `GET /api/users/${1000 + i} 200 in ${40 + (i % 7) * 5}ms`,
      service,
    });
  }
  return out;
}

export async function storeAsList(r: Redis, key: string, logs: Array<TestLog | string>): Promise<void> {
  await r.del(key);
  if (logs.length) await r.rpush(key, ...logs.map((l) => (typeof l === "string" ? l : JSON.stringify(l))));
}

export async function storeAsZset(r: Redis, key: string, logs: TestLog[]): Promise<void> {
  await r.del(key);
  const args: Array<string | number> = [];
  for (const l of logs) args.push(Date.parse(String(l.timestamp)), JSON.stringify(l));
  if (args.length) await r.zadd(key, ...args);
}

/** One JSON field `data` per entry, id = the log's epoch ms (a sequence suffix for ties). */
export async function storeAsStream(r: Redis, key: string, logs: TestLog[], mode: "json" | "flat" = "json"): Promise<void> {
  await r.del(key);
  const p = r.pipeline();
  let last = -1;
  let seq = 0;
  for (const l of logs) {
    const ms = Date.parse(String(l.timestamp));
    seq = ms === last ? seq + 1 : 0;
    last = ms;
    const id = `${ms}-${seq}`;
    if (mode === "json") p.xadd(key, id, "data", JSON.stringify(l));
    else p.xadd(key, id, ...Object.entries(l).flatMap(([k, v]) => [k, String(v)]));
  }
  await p.exec();
}
