import { createRandom } from "../detection/forest/random.js";

/**
 * A small, believable incident for the demo: three services answering normally for two and a
 * half hours, with four planted problems the detector should report.
 */

export interface DemoLog {
  timestamp: string;
  level: string;
  service: string;
  message: string;
  response_time?: number;
  memory_usage?: number;
}

export const PLANTED = [
  "a 30 s database timeout (user-service)",
  "an OutOfMemoryError (payment-service)",
  "a 12.8 s order request (order-service)",
  "refused connections to inventory-service (order-service)",
];

export function demoIncidentLogs(endMs: number, n = 150, seed = 7): DemoLog[] {
  const rnd = createRandom(seed);
  const logs: DemoLog[] = [];
  const startMs = endMs - (n - 1) * 60_000;
  for (let i = 0; i < n; i++) {
    const at = new Date(startMs + i * 60_000 + rnd.int(20_000)).toISOString();
    const kind = i % 3;
    if (kind === 0) {
      const rt = 40 + rnd.int(50);
      logs.push({
        timestamp: at,
        level: "INFO",
        service: "user-service",
        message: `GET /api/users/${1000 + i} 200 in ${rt}ms`,
        response_time: rt,
        memory_usage: 52 + rnd.int(8),
      });
    } else if (kind === 1) {
      const rt = 60 + rnd.int(80);
      logs.push({
        timestamp: at,
        level: "INFO",
        service: "order-service",
        message: `POST /api/orders 201 in ${rt}ms`,
        response_time: rt,
        memory_usage: 48 + rnd.int(10),
      });
    } else {
      const rt = 90 + rnd.int(110);
      logs.push({
        timestamp: at,
        level: "INFO",
        service: "payment-service",
        message: `charge ch_${(100000 + i * 37).toString(36)} captured in ${rt}ms`,
        response_time: rt,
        memory_usage: 60 + rnd.int(8),
      });
    }
  }
  const plant = (i: number, log: Omit<DemoLog, "timestamp">) => {
    logs[i] = { timestamp: logs[i]!.timestamp, ...log };
  };
  plant(60, { level: "ERROR", service: "user-service", message: "Database connection timeout after 30s", response_time: 30000, memory_usage: 55 });
  plant(95, { level: "CRITICAL", service: "payment-service", message: "java.lang.OutOfMemoryError: Java heap space", memory_usage: 99 });
  plant(121, { level: "WARNING", service: "order-service", message: "POST /api/orders 201 in 12800ms", response_time: 12800, memory_usage: 57 });
  plant(136, { level: "ERROR", service: "order-service", message: "Connection refused: inventory-service:8080 (circuit breaker open)", memory_usage: 50 });
  return logs;
}
