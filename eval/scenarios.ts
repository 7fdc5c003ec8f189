/**
 * The eval's scenarios, each a seeded incident with labelled anomalous lines (generator.ts).
 * They include the hard cases: services whose normal latencies differ 100x,
 * anomalies over 30% of the window, new templates of ordinary length, a burst of an otherwise
 * normal message, and levels/fields spelled as real producers spell them.
 */
import { background, finish, Gen, inject, SERVICES, type LabelledEvent, type Scenario } from "./generator.js";
import type { Producer } from "./producers.js";
import { spreadScenarios } from "./scenarios-spread.js";

const HOURS = 3;
const s = SERVICES;

function sparseMixed(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.gateway(), s.users(), s.orders(), s.payments(), s.inventory(), s.search(), s.worker()];
  const ev: LabelledEvent[] = background(g, services, 4000, HOURS);
  const at = (svc: string, n: number, label: Parameters<typeof inject>[6], make: Parameters<typeof inject>[7]) =>
    ev.push(...inject(g, HOURS, svc, n, 0.7, 0.9, label, make));
  // performance: 17-50x the usual latency of the endpoint
  at("api-gateway", 8, "performance", (g) => ({ level: "INFO", message: `POST /api/v1/checkout 201 in ${g.int(3000, 9000)}ms` }));
  at("payment-service", 6, "performance", (g) => ({
    level: "INFO",
    message: `Payment ${g.hex(12)} authorized amount=${(g.int(500, 50000) / 100).toFixed(2)} currency=EUR`,
    responseTimeMs: g.int(4000, 12000),
  }));
  at("search-service", 6, "performance", (g) => ({ level: "INFO", message: `query="oak desk" hits=${g.int(0, 900)}`, responseTimeMs: g.int(300, 800) }));
  // memory
  at("email-worker", 4, "memory", (g) => ({ level: "WARNING", message: `Heap usage ${g.int(92, 97)}% exceeds threshold 90%` }));
  at("order-service", 2, "memory", () => ({ level: "ERROR", message: "java.lang.OutOfMemoryError: Java heap space" }));
  at("user-service", 2, "memory", (g) => ({ level: "WARNING", message: `Health check degraded: heap ${g.int(93, 98)}% used` }));
  at("payment-service", 2, "memory", (g) => ({ level: "INFO", message: "Connection pool stats", memoryPct: g.int(94, 99) }));
  // error
  at("order-service", 6, "error", (g) => ({ level: "ERROR", message: `Failed to persist order ${g.id(7)}: deadlock detected on table orders` }));
  at("payment-service", 8, "error", (g) => ({ level: "ERROR", message: `Payment ${g.hex(12)} failed: card processor returned HTTP 502` }));
  at("inventory-service", 6, "error", (g) => ({
    level: "ERROR",
    message: `Unhandled exception in reserve handler: NullPointerException at StockService.java:${g.int(80, 300)}`,
  }));
  // pattern: new templates of ordinary length
  at("api-gateway", 3, "pattern", () => ({ level: "INFO", message: "Route /api/v1/checkout switched to canary pool v2.8" }));
  at("inventory-service", 5, "pattern", (g) => ({ level: "INFO", message: `Stock level for sku-${g.id(5)} recomputed from ledger` }));
  at("user-service", 4, "pattern", (g) => ({ level: "INFO", message: `Password hash parameters upgraded for user ${g.id(6)}` }));
  at("order-service", 3, "pattern", (g) => ({ level: "INFO", message: `Order ${g.id(7)} split into ${g.int(2, 4)} shipments by fallback planner` }));
  return finish("sparse-mixed", "7 services, a few anomalies of each type late in the window (~2%)", services, ev);
}

function latency100x(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.search(), s.gateway(), s.reports(), s.users(), s.worker()];
  services.find((x) => x.name === "report-service")!.weight = 0.12;
  const ev = background(g, services, 4000, HOURS);
  const at = (svc: string, n: number, make: Parameters<typeof inject>[7]) => ev.push(...inject(g, HOURS, svc, n, 0.3, 0.95, "performance", make));
  // 12 ms service: 350-1200 ms is an outage; the report service's 2-3 s requests are normal.
  at("search-service", 20, (g) => ({
    level: "INFO",
    message: `query="${g.pick(["red shoes", "lamp"])}" hits=${g.int(0, 900)}`,
    responseTimeMs: g.int(350, 1200),
  }));
  at("report-service", 8, (g) => ({ level: "INFO", message: `Report ${g.id(5)} generated rows=${g.int(1000, 90000)}`, responseTimeMs: g.int(30000, 90000) }));
  at("report-service", 6, (g) => ({ level: "INFO", message: "Dashboard cache refreshed", responseTimeMs: g.int(12000, 30000) }));
  at("api-gateway", 12, (g) => ({ level: "INFO", message: `GET /api/v1/products/${g.id(5)} 200 in ${g.int(1500, 4000)}ms` }));
  at("user-service", 8, (g) => ({ level: "INFO", message: `Session refreshed for user ${g.id(6)}`, responseTimeMs: g.int(1000, 2000) }));
  at("email-worker", 6, (g) => ({ level: "INFO", message: `Sent email template=receipt to user ${g.id(6)}`, responseTimeMs: g.int(8000, 20000) }));
  return finish("latency-100x", "services at 5 ms, 45 ms, 350 ms and 2.4 s; slow requests judged against their own service", services, ev);
}

function outageDominant(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.gateway(), s.orders(), s.payments(), s.users(), s.inventory()];
  const start = 0.5;
  const span = HOURS * 3_600_000;
  const startMs = Date.parse("2025-09-19T05:00:00Z") + start * span;
  // The payment database is down from mid-window: payment-service stops authorizing.
  const ev = background(g, services, 2400, HOURS).filter((e) => !(e.timeMs >= startMs && e.service === "payment-service" && e.message.includes("authorized")));
  const at = (svc: string, n: number, label: Parameters<typeof inject>[6], make: Parameters<typeof inject>[7]) =>
    ev.push(...inject(g, HOURS, svc, n, start, 1, label, make));
  at("payment-service", 600, "error", (g) => ({
    level: "ERROR",
    message: `Payment ${g.hex(12)} failed: could not connect to postgres at db-payments:5432: connection refused`,
  }));
  at("order-service", 350, "error", (g) => ({ level: "ERROR", message: `Order ${g.id(7)} rejected: payment-service returned 503 Service Unavailable` }));
  at("payment-service", 200, "performance", (g) => ({
    level: "ERROR",
    message: `Payment ${g.hex(12)} timed out after 30000ms waiting for a database connection`,
  }));
  at("api-gateway", 300, "performance", (g) => ({ level: "WARNING", message: `POST /api/v1/checkout 504 in ${g.int(30000, 30100)}ms` }));
  return finish("outage-dominant", "payment database down for the second half: anomalies are ~40% of the window", services, ev);
}

function newTemplates(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.gateway(), s.users(), s.orders(), s.payments(), s.inventory(), s.search()];
  const ev = background(g, services, 4000, HOURS);
  const at = (svc: string, n: number, make: Parameters<typeof inject>[7], from = 0.56) => ev.push(...inject(g, HOURS, svc, n, from, 1, "pattern", make));
  // A deploy at 55% of the window brings messages never seen before, of ordinary length and level.
  at("api-gateway", 2, () => ({ level: "INFO", message: "Route /api/v1/checkout now served by canary pool v2.8" }), 0.55);
  at("order-service", 25, (g) => ({ level: "INFO", message: `Order ${g.id(7)} split into ${g.int(2, 4)} shipments by fallback planner` }));
  at("inventory-service", 18, (g) => ({ level: "WARNING", message: `Reservation for order ${g.id(7)} queued behind rebalancing` }));
  at("user-service", 12, (g) => ({
    level: "INFO",
    message: `Login throttled for tenant ${g.pick(["acme", "globex", "initech", "umbrella"])} by adaptive policy`,
  }));
  at("payment-service", 20, (g) => ({ level: "INFO", message: `Payment ${g.hex(12)} routed to backup acquirer adyen-eu` }));
  at("search-service", 3, (g) => ({ level: "INFO", message: `Index alias products switched to products_v${g.int(40, 49)}` }));
  at("api-gateway", 1, () => ({ level: "INFO", message: "Feature flag checkout-v3 enabled for 5% of traffic" }));
  at("inventory-service", 1, () => ({ level: "INFO", message: "Leader election won by inventory-service-2" }));
  at("order-service", 1, () => ({ level: "INFO", message: "Consumer group orders-projector rebalanced with 3 members" }));
  at("order-service", 1, () => ({ level: "INFO", message: "Schema migration add_gift_wrap applied to orders" }));
  return finish("new-templates", "a deploy brings new INFO/WARN messages of ordinary length (no keywords, no numbers out of range)", services, ev);
}

function burst(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.gateway(), s.users(), s.orders(), s.inventory(), s.search()];
  const ev = background(g, services, 4000, HOURS);
  // Ordinary messages whose rate jumps for a minute or two.
  ev.push(...inject(g, HOURS, "inventory-service", 250, 0.62, 0.63, "pattern", (g) => ({ level: "DEBUG", message: `Cache miss for key product:${g.id(5)}` })));
  ev.push(...inject(g, HOURS, "api-gateway", 150, 0.8, 0.81, "pattern", (g) => ({ level: "WARNING", message: `Rate limit at 80% for client ${g.ip()}` })));
  ev.push(
    ...inject(g, HOURS, "user-service", 200, 0.4, 0.41, "pattern", (g) => ({
      level: "INFO",
      message: `Session refreshed for user ${g.id(6)}`,
      responseTimeMs: g.lognormal(25, 0.35),
    })),
  );
  return finish("burst", "three ordinary messages (DEBUG, WARNING, INFO) whose rate jumps 20-60x for a minute", services, ev);
}

function producerSpellings(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.gateway(), s.users(), s.orders(), s.payments(), s.inventory(), s.search(), s.cache()];
  const ev = background(g, services, 4000, HOURS);
  const at = (svc: string, n: number, label: Parameters<typeof inject>[6], make: Parameters<typeof inject>[7]) =>
    ev.push(...inject(g, HOURS, svc, n, 0.6, 0.95, label, make));
  at("api-gateway", 10, "performance", (g) => ({ level: "WARNING", message: `GET /api/v1/users/${g.id(6)}/cart 200 in ${g.int(2500, 8000)}ms` }));
  at("search-service", 8, "performance", (g) => ({ level: "INFO", message: `query="lamp" hits=${g.int(0, 900)}`, responseTimeMs: g.int(400, 1500) }));
  at("order-service", 6, "memory", (g) => ({ level: "WARNING", message: `Order ${g.id(7)} event published to topic orders.v1`, memoryPct: g.int(93, 99) }));
  at("inventory-service", 2, "memory", () => ({ level: "CRITICAL", message: "Container inventory-7f9c killed: OOMKilled" }));
  at("payment-service", 6, "error", (g) => ({ level: "CRITICAL", message: `Ledger write rejected for payment ${g.hex(12)}: disk /var/lib/ledger is full` }));
  at("user-service", 8, "error", (g) => ({ level: "ERROR", message: `Token signature verification failed for user ${g.id(6)}: unknown key id` }));
  at("search-service", 5, "pattern", (g) => ({ level: "INFO", message: `Shard ${g.pick(["a", "b", "c"])} relocated to node search-3` }));
  at("order-service", 5, "pattern", (g) => ({ level: "INFO", message: `Order ${g.id(7)} held for manual fraud review` }));
  // Each service writes through two producers (a library and a sidecar), chosen per line.
  const pairs: Record<string, [Producer, Producer]> = {
    "api-gateway": ["pino", "zap"],
    "user-service": ["python", "otel"],
    "order-service": ["logback", "syslog"],
    "payment-service": ["zap", "syslog"],
    "inventory-service": ["syslog", "python"],
    "search-service": ["otel", "pino"],
    "session-cache": ["canonical", "logback"],
  };
  return finish(
    "producer-spellings",
    "every service through two producers: numeric pino/syslog levels, err/crit/warn, epoch s/ms/us, numbers as strings, memory as a fraction",
    services,
    ev,
    (e, k) => {
      const p = pairs[e.service];
      return p ? p[(k * 7 + 3) % 5 < 3 ? 0 : 1] : "canonical";
    },
  );
}

function memoryPressure(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.orders(), s.users(), s.worker(), s.cache(), s.search(), s.gateway()];
  services.find((x) => x.name === "session-cache")!.weight = 0.12;
  const ev = background(g, services, 4000, HOURS);
  const at = (svc: string, n: number, make: Parameters<typeof inject>[7], from = 0.7, to = 0.92) =>
    ev.push(...inject(g, HOURS, svc, n, from, to, "memory", make));
  // The cache's 76-84% is its normal; order-service (55%) climbing past 90% is not.
  at("order-service", 30, (g) => ({ level: "INFO", message: `Order ${g.id(7)} event published to topic orders.v1`, memoryPct: g.int(91, 98) }));
  at("email-worker", 3, () => ({ level: "ERROR", message: "java.lang.OutOfMemoryError: GC overhead limit exceeded" }));
  at("email-worker", 3, () => ({ level: "ERROR", message: "java.lang.OutOfMemoryError: Java heap space" }));
  at("email-worker", 6, (g) => ({ level: "INFO", message: `GC pause ${g.int(10, 20)}ms, heap ${g.int(92, 97)}% used` }));
  at("user-service", 5, (g) => ({ level: "WARNING", message: `Health check degraded: heap ${g.int(93, 98)}% used` }));
  return finish(
    "memory-pressure",
    "memory judged per service: a cache at 76-84% is normal, an order service at 91-98% is not; OOM and GC overhead",
    services,
    ev,
  );
}

export function allScenarios(seed = 20250919): Scenario[] {
  return [
    sparseMixed(seed + 1),
    latency100x(seed + 2),
    outageDominant(seed + 3),
    newTemplates(seed + 4),
    burst(seed + 5),
    producerSpellings(seed + 6),
    memoryPressure(seed + 7),
    ...spreadScenarios(seed),
  ];
}
