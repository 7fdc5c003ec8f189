/**
 * The benchmark's incidents: microservice logs generated from a fixed seed, so every run (and
 * the scikit-learn reference) sees exactly the same lines. The mix is what an incident looks
 * like: mostly INFO request lines with response times (integer ms, and OpenStack-style
 * fractional seconds), cache and auth chatter, a few warnings, memory reports, errors,
 * timeouts and stack traces.
 */
import { createRandom } from "../src/detection/forest/random.js";

export interface BenchLog {
  timestamp: string;
  level: string;
  message: string;
  service: string;
  response_time_ms?: number;
  memory_usage?: number;
}

const SERVICES = ["user-service", "order-service", "payment-service", "inventory-service", "gateway", "auth-service", "search-service", "notification-service"];
const PATHS = ["/api/users", "/api/orders", "/api/items", "/api/cart", "/api/payments", "/api/search", "/v2/servers/detail"];
const METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];

/** `n` logs ending at `endMs`, about 50 ms apart. Deterministic for a given seed. */
export function generateLogs(n: number, seed = 42, endMs = Date.parse("2025-09-19T08:00:00Z")): BenchLog[] {
  const rng = createRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)]!;
  const out: BenchLog[] = new Array<BenchLog>(n);
  for (let i = 0; i < n; i++) {
    const timestamp = new Date(endMs - (n - 1 - i) * 50).toISOString();
    const service = SERVICES[Math.min(SERVICES.length - 1, Math.floor(-Math.log(1 - rng.next()) * 2.5))]!;
    const u = rng.next();
    const id = 1000 + rng.int(900_000);
    let level = "INFO";
    let message: string;
    let extra: Partial<BenchLog> = {};
    if (u < 0.55) {
      const rt = Math.round(Math.exp(4 + 0.45 * gauss()));
      message = `${pick(METHODS)} ${pick(PATHS)}/${id} ${rng.next() < 0.98 ? 200 : 404} in ${rt}ms`;
    } else if (u < 0.65) {
      const s = Math.exp(-1.5 + 0.4 * gauss());
      message = `10.11.10.${rng.int(255)} "GET /v2/${id}/servers/detail HTTP/1.1" status: 200 len: ${1800 + rng.int(200)} time: ${s.toFixed(7)}`;
    } else if (u < 0.75) {
      message = `Cache ${rng.next() < 0.8 ? "hit" : "miss"} for key user:${id}`;
    } else if (u < 0.82) {
      message = `User ${id} logged in from 10.0.${rng.int(255)}.${rng.int(255)}`;
    } else if (u < 0.86) {
      level = "DEBUG";
      message = `Processing batch ${rng.int(10_000)} of size ${rng.int(500)}`;
    } else if (u < 0.89) {
      const rt = Math.round(Math.exp(4.2 + 0.4 * gauss()));
      message = `Handled request`;
      extra = { response_time_ms: rt };
    } else if (u < 0.925) {
      const pct = Math.min(99, Math.max(5, Math.round(55 + 10 * gauss())));
      message = `Memory usage at ${pct}%`;
      extra = rng.next() < 0.5 ? { memory_usage: pct } : {};
    } else if (u < 0.96) {
      level = "WARNING";
      message = rng.next() < 0.5 ? `Slow query on orders table took ${Math.round(400 + 300 * rng.next())}ms` : `Retrying request to ${pick(SERVICES)} in 5s`;
    } else if (u < 0.985) {
      level = "ERROR";
      const v = rng.int(4);
      message =
        v === 0
          ? "Database connection timeout after 30s"
          : v === 1
            ? `NullPointerException at com.example.${pick(["Order", "User", "Cart"])}Service.handle(Service.java:${rng.int(400)})`
            : v === 2
              ? `Payment ${id} failed: upstream unavailable`
              : `Connection refused by ${pick(SERVICES)}:8080`;
    } else if (u < 0.993) {
      level = rng.next() < 0.5 ? "CRITICAL" : "ERROR";
      message =
        rng.next() < 0.5 ? `OutOfMemoryError: Java heap space (heap 1950MB of 2048MB)` : `Memory usage at ${95 + rng.int(5)}%, GC overhead limit exceeded`;
    } else {
      level = "ERROR";
      const frames = 3 + rng.int(8);
      const lines = [`Unhandled exception in request ${id}: java.lang.IllegalStateException: invalid state`];
      for (let f = 0; f < frames; f++) lines.push(`\tat com.example.module${rng.int(30)}.Handler.process(Handler.java:${rng.int(900)})`);
      message = lines.join("\n");
    }
    out[i] = { timestamp, level, message, service, ...extra };
  }
  return out;
}

/** The same logs as the JSON strings a producer stores. */
export function toJsonLines(logs: readonly BenchLog[]): string[] {
  return logs.map((l) => JSON.stringify(l));
}
