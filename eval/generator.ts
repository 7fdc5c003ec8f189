/**
 * Seeded, labelled incident logs for `npm run eval`.
 *
 * A scenario is a few hours of a shop's microservices: each service writes its ordinary lines
 * (requests with a latency of its own, periodic health lines with memory, routine warnings and a
 * trickle of routine errors, rare scheduled jobs, start-up lines), rendered by the service's
 * producer (producers.ts). An incident then adds lines, each labelled with its anomaly type;
 * every other line is normal. The same seed always gives the same logs.
 */
import { createRandom, type Random } from "../src/detection/forest/random.js";
import type { AnomalyType } from "../src/detection/types.js";
import { render, type Event, type Producer, type Severity } from "./producers.js";

export interface LabelledEvent extends Event {
  label: AnomalyType | null;
}

export interface Scenario {
  name: string;
  description: string;
  /** Stored entries, oldest first, as producers wrote them. */
  logs: Record<string, unknown>[];
  /** Anomaly type per entry, null for a normal line. */
  labels: (AnomalyType | null)[];
}

// ---------------------------------------------------------------------------------------
// Random helpers
// ---------------------------------------------------------------------------------------

export class Gen {
  readonly rng: Random;
  private spare: number | undefined;
  constructor(seed: number) {
    this.rng = createRandom(seed);
  }
  next(): number {
    return this.rng.next();
  }
  int(lo: number, hi: number): number {
    return lo + this.rng.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)]!;
  }
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const u = 1 - this.rng.next();
    const v = this.rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal around a median, spread as a log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  id(digits = 6): number {
    return this.int(10 ** (digits - 1), 10 ** digits - 1);
  }
  ip(): string {
    return `10.${this.int(0, 9)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
  hex(len: number): string {
    let s = "";
    for (let i = 0; i < len; i++) s += "0123456789abcdef"[this.rng.int(16)];
    return s;
  }
}

// ---------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------

export interface Line {
  level: Severity;
  message: string;
  responseTimeMs?: number;
  memoryPct?: number;
}

export interface LineKind {
  weight: number;
  make(g: Gen): Line;
}

export interface ServiceSpec {
  name: string;
  producer: Producer;
  /** Share of the traffic. */
  weight: number;
  kinds: LineKind[];
  /** Written once at the start of the window. */
  startup?: string[];
  /** Scheduled lines: [every minutes, message maker]. */
  scheduled?: [number, (g: Gen) => Line][];
}

/** A request line "<method> <path> <status> in <ms>ms", latency log-normal around `median`. */
export function request(method: string, path: (g: Gen) => string, median: number, sigma = 0.35, status = 200): LineKind["make"] {
  return (g) => {
    const ms = g.lognormal(median, sigma);
    return { level: "INFO", message: `${method} ${path(g)} ${status} in ${Math.max(1, Math.round(ms))}ms`, responseTimeMs: undefined };
  };
}

/** Same, with the latency as a structured field instead of in the message. */
export function requestField(message: (g: Gen) => string, median: number, sigma = 0.35): LineKind["make"] {
  return (g) => ({ level: "INFO", message: message(g), responseTimeMs: g.lognormal(median, sigma) });
}

export const SERVICES = {
  gateway: (producer: Producer = "pino"): ServiceSpec => ({
    name: "api-gateway",
    producer,
    weight: 0.26,
    kinds: [
      { weight: 0.5, make: request("GET", (g) => `/api/v1/products/${g.id(5)}`, 45) },
      { weight: 0.2, make: request("GET", (g) => `/api/v1/users/${g.id(6)}/cart`, 60) },
      { weight: 0.15, make: request("POST", () => "/api/v1/checkout", 180, 0.3, 201) },
      {
        weight: 0.1,
        make: (g) => ({
          level: "INFO",
          message: `GET /api/v1/search?q=${g.pick(["shoes", "lamp", "desk", "mug", "sofa"])} 200 in ${Math.round(g.lognormal(30, 0.4))}ms`,
        }),
      },
      { weight: 0.05, make: (g) => ({ level: "WARNING", message: `Rate limit at 80% for client ${g.ip()}` }) },
    ],
    startup: ["Gateway listening on 0.0.0.0:8080", "Loaded 42 routes from routes.yaml"],
    scheduled: [[30, () => ({ level: "INFO", message: "Reloaded TLS certificates from /etc/gateway/tls" })]],
  }),
  users: (producer: Producer = "python"): ServiceSpec => ({
    name: "user-service",
    producer,
    weight: 0.16,
    kinds: [
      { weight: 0.45, make: requestField((g) => `User ${g.id(6)} authenticated via ${g.pick(["password", "google", "apple"])}`, 70) },
      { weight: 0.35, make: requestField((g) => `Session refreshed for user ${g.id(6)}`, 25) },
      { weight: 0.17, make: requestField((g) => `Profile read for user ${g.id(6)}`, 18) },
      { weight: 0.03, make: (g) => ({ level: "WARNING", message: `Invalid password for user ${g.id(6)} from ${g.ip()}` }) },
    ],
    startup: ["Starting user-service 3.4.1 with 8 workers"],
    scheduled: [
      [15, (g) => ({ level: "INFO", message: `Health check ok: heap ${Math.round(g.lognormal(48, 0.08))}% used`, memoryPct: undefined })],
      [45, () => ({ level: "INFO", message: "Purged expired sessions" })],
    ],
  }),
  orders: (producer: Producer = "logback"): ServiceSpec => ({
    name: "order-service",
    producer,
    weight: 0.16,
    kinds: [
      { weight: 0.4, make: requestField((g) => `Order ${g.id(7)} created for user ${g.id(6)} with ${g.int(1, 6)} items`, 120) },
      { weight: 0.35, make: requestField((g) => `Order ${g.id(7)} status changed to ${g.pick(["PAID", "PACKED", "SHIPPED"])}`, 40) },
      { weight: 0.23, make: (g) => ({ level: "INFO", message: `Order ${g.id(7)} event published to topic orders.v1`, memoryPct: g.lognormal(55, 0.08) }) },
      { weight: 0.02, make: (g) => ({ level: "ERROR", message: `Failed to send confirmation email for order ${g.id(7)}: mailbox unavailable` }) },
    ],
    startup: ["Started OrderApplication in 8.412 seconds (JVM running for 9.1)"],
    scheduled: [[30, () => ({ level: "INFO", message: "Scheduled job reconcile-orders finished" })]],
  }),
  payments: (producer: Producer = "zap"): ServiceSpec => ({
    name: "payment-service",
    producer,
    weight: 0.12,
    kinds: [
      { weight: 0.6, make: requestField((g) => `Payment ${g.hex(12)} authorized amount=${(g.int(500, 50000) / 100).toFixed(2)} currency=EUR`, 220, 0.3) },
      { weight: 0.3, make: requestField((g) => `Refund lookup for payment ${g.hex(12)}`, 35) },
      { weight: 0.1, make: (g) => ({ level: "WARNING", message: `Payment ${g.hex(12)} declined: insufficient funds` }) },
    ],
    scheduled: [[20, (g) => ({ level: "INFO", message: "Connection pool stats", memoryPct: g.lognormal(40, 0.1) })]],
  }),
  inventory: (producer: Producer = "syslog"): ServiceSpec => ({
    name: "inventory-service",
    producer,
    weight: 0.12,
    kinds: [
      { weight: 0.55, make: requestField((g) => `Reserved ${g.int(1, 5)} units of sku-${g.id(5)} for order ${g.id(7)}`, 30) },
      { weight: 0.35, make: (g) => ({ level: "INFO", message: `Stock level for sku-${g.id(5)} is ${g.int(0, 400)}` }) },
      { weight: 0.1, make: (g) => ({ level: "DEBUG", message: `Cache miss for key product:${g.id(5)}` }) },
    ],
    scheduled: [[60, () => ({ level: "INFO", message: "Nightly stock snapshot uploaded to s3://shop-inventory/snapshots" })]],
  }),
  search: (producer: Producer = "otel"): ServiceSpec => ({
    name: "search-service",
    producer,
    weight: 0.12,
    kinds: [
      { weight: 0.8, make: requestField((g) => `query="${g.pick(["red shoes", "oak desk", "lamp", "blue mug", "sofa bed"])}" hits=${g.int(0, 900)}`, 12, 0.3) },
      { weight: 0.2, make: requestField((g) => `suggest prefix="${g.pick(["sh", "de", "la", "mu"])}" returned ${g.int(0, 10)} items`, 5, 0.3) },
    ],
    scheduled: [[10, (g) => ({ level: "INFO", message: "Index segment merge completed", memoryPct: g.lognormal(62, 0.05) })]],
  }),
  reports: (producer: Producer = "canonical"): ServiceSpec => ({
    name: "report-service",
    producer,
    weight: 0.04,
    kinds: [
      { weight: 0.7, make: requestField((g) => `Report ${g.id(5)} generated rows=${g.int(1000, 90000)}`, 2400, 0.3) },
      { weight: 0.3, make: requestField(() => "Dashboard cache refreshed", 900, 0.3) },
    ],
  }),
  cache: (producer: Producer = "canonical"): ServiceSpec => ({
    name: "session-cache",
    producer,
    weight: 0.04,
    kinds: [
      {
        weight: 0.7,
        make: (g) => ({
          level: "INFO",
          message: `Keyspace stats: ${g.int(100, 200)}k keys, hit ratio ${g.int(90, 99)}%`,
          memoryPct: Math.min(84, g.lognormal(76, 0.03)),
        }),
      },
      {
        weight: 0.3,
        make: (g) => ({ level: "INFO", message: `Evicted ${g.int(10, 400)} keys (allkeys-lru)`, memoryPct: Math.min(84, g.lognormal(78, 0.03)) }),
      },
    ],
  }),
  worker: (producer: Producer = "logback"): ServiceSpec => ({
    name: "email-worker",
    producer,
    weight: 0.06,
    kinds: [
      { weight: 0.6, make: requestField((g) => `Sent email template=${g.pick(["welcome", "receipt", "shipping"])} to user ${g.id(6)}`, 350, 0.4) },
      {
        weight: 0.4,
        make: (g) => ({ level: "INFO", message: `GC pause ${Math.round(g.lognormal(12, 0.3))}ms, heap ${Math.round(g.lognormal(45, 0.12))}% used` }),
      },
    ],
  }),
} satisfies Record<string, (p?: Producer) => ServiceSpec>;

// ---------------------------------------------------------------------------------------
// Timeline
// ---------------------------------------------------------------------------------------

export const START_MS = Date.parse("2025-09-19T05:00:00Z");

/**
 * Rare but normal one-off lines every service writes now and then (about one in 700 lines):
 * log rotation, key refresh, pool resizing. Random times, so a few land late in the window and
 * look new: the natural false positives of novelty.
 */
const RARE_OPS: ((g: Gen) => string)[] = [
  () => "Rotated log file /var/log/app/current.log",
  () => "Refreshed JWKS signing keys from identity provider",
  (g) => `Connection pool resized to ${g.int(8, 32)} connections`,
  () => "DNS cache flushed after resolver change",
  (g) => `Slow consumer warning cleared for partition ${g.int(0, 11)}`,
  () => "Feature flags reloaded from config service",
];

/** Ordinary traffic: `n` lines over `hours`, plus start-up, scheduled and rare ops lines. */
export function background(g: Gen, services: ServiceSpec[], n: number, hours: number): LabelledEvent[] {
  const out: LabelledEvent[] = [];
  const span = hours * 3_600_000;
  const total = services.reduce((s, x) => s + x.weight, 0);
  for (const s of services) {
    for (const [k, message] of (s.startup ?? []).entries())
      out.push({ timeMs: START_MS + 200 * k + g.int(0, 100), service: s.name, level: "INFO", message, label: null });
    for (const [every, make] of s.scheduled ?? []) {
      const offset = g.next() * every;
      for (let m = offset; m < hours * 60; m += every) out.push({ timeMs: START_MS + m * 60_000, service: s.name, ...make(g), label: null });
    }
  }
  for (let i = 0; i < n; i++) {
    const timeMs = START_MS + 2000 + g.next() * (span - 2000);
    if (g.next() < 1 / 700) {
      out.push({ timeMs, service: g.pick(services).name, level: "INFO", message: g.pick(RARE_OPS)(g), label: null });
      continue;
    }
    let x = g.next() * total;
    let s = services[services.length - 1]!;
    for (const c of services) {
      x -= c.weight;
      if (x < 0) {
        s = c;
        break;
      }
    }
    const kTotal = s.kinds.reduce((a, k) => a + k.weight, 0);
    let y = g.next() * kTotal;
    let kind = s.kinds[s.kinds.length - 1]!;
    for (const k of s.kinds) {
      y -= k.weight;
      if (y < 0) {
        kind = k;
        break;
      }
    }
    out.push({ timeMs, service: s.name, ...kind.make(g), label: null });
  }
  return out;
}

/** `count` labelled lines of `make` at times spread uniformly in [fromFrac, toFrac] of the window. */
export function inject(
  g: Gen,
  hours: number,
  service: string,
  count: number,
  fromFrac: number,
  toFrac: number,
  label: AnomalyType,
  make: (g: Gen) => Line,
): LabelledEvent[] {
  const span = hours * 3_600_000;
  const out: LabelledEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = fromFrac + g.next() * (toFrac - fromFrac);
    out.push({ timeMs: START_MS + at * span, service, ...make(g), label });
  }
  return out;
}

export function finish(
  name: string,
  description: string,
  services: ServiceSpec[],
  events: LabelledEvent[],
  producerOf?: (e: LabelledEvent, k: number) => Producer,
): Scenario {
  const producers = new Map(services.map((s) => [s.name, s.producer]));
  // Stable order by time; ties keep generation order.
  const order = events.map((e, k) => [e.timeMs, k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const logs: Record<string, unknown>[] = [];
  const labels: (AnomalyType | null)[] = [];
  order.forEach(([, k], pos) => {
    const e = events[k]!;
    const producer = producerOf?.(e, pos) ?? producers.get(e.service) ?? "canonical";
    logs.push(render(e, producer, pos));
    labels.push(e.label);
  });
  return { name, description, logs, labels };
}
