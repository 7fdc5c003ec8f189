/**
 * Development-family incident sequences for the memory protocol (memory-protocol.ts): one
 * incident a day of the same services. The first days are normal operation with recurring
 * harmless-but-odd noise (every line null); the last days carry labelled incidents, with the
 * same noise still there. Without a memory the noise looks like an incident every day; with one
 * it is routine by the time the incidents come.
 */
import type { IncidentSequence } from "./blind/index.js";
import { background, finish, Gen, inject, SERVICES, type LabelledEvent, type Scenario, type ServiceSpec } from "./generator.js";

const HOURS = 3;
const DAY_MS = 86_400_000;
const s = SERVICES;

/** A day's events moved `day` days after the generator's start. */
function onDay(events: LabelledEvent[], day: number): LabelledEvent[] {
  for (const e of events) e.timeMs += day * DAY_MS;
  return events;
}

/** Noise every day: odd, scary-looking, harmless, and the same kinds each day. */
function dailyNoise(g: Gen): LabelledEvent[] {
  return [
    // A cleanup job's ERROR mid-window, three times.
    ...inject(g, HOURS, "email-worker", 3, 0.4, 0.6, "error", (g) => ({
      level: "ERROR",
      message: `Scheduled cleanup failed to remove /tmp/render-cache/${g.hex(8)}: Directory not empty`,
    })),
    // A mail relay greylisting now and then, late in the window.
    ...inject(g, HOURS, "email-worker", g.int(4, 7), 0.55, 0.95, "pattern", (g) => ({
      level: "WARNING",
      message: `SMTP relay deferred message ${g.hex(10)}: 451 4.7.1 greylisted, retry in ${g.int(60, 300)}s`,
    })),
    // A long, unusual INFO dump from the order service's config watcher.
    ...inject(g, HOURS, "order-service", 2, 0.6, 0.9, "pattern", (g) => ({
      level: "INFO",
      message: `Config watcher: reloaded ${g.int(30, 60)} keys (${Array.from({ length: 24 }, () => `feature.${g.hex(6)}=${g.pick(["on", "off"])}`).join(", ")})`,
    })),
  ].map((e) => ({ ...e, label: null }));
}

function day(g: Gen, services: ServiceSpec[], d: number, extra: (g: Gen) => LabelledEvent[]): LabelledEvent[] {
  return onDay([...background(g, services, 2500, HOURS), ...dailyNoise(g), ...extra(g)], d);
}

/** Noise every day; the last three days carry incidents of each type. */
function noisyShop(seed: number): IncidentSequence {
  const services = [s.gateway(), s.orders(), s.payments(), s.worker(), s.inventory()];
  const days = 8;
  const history = 5;
  const incidents: Scenario[] = [];
  for (let d = 0; d < days; d++) {
    const g = new Gen(seed * 31 + d);
    const at = (svc: string, n: number, label: Parameters<typeof inject>[6], make: Parameters<typeof inject>[7]) =>
      inject(g, HOURS, svc, n, 0.65, 0.9, label, make);
    let extra: (g: Gen) => LabelledEvent[] = () => [];
    let what = "a normal day with the cleanup job's errors, greylisting and config dumps";
    if (d === history) {
      what = "payments fail at the card processor";
      extra = () => [
        ...at("payment-service", 10, "error", (g) => ({ level: "ERROR", message: `Payment ${g.hex(12)} failed: card processor returned HTTP 502` })),
        ...at("api-gateway", 6, "performance", (g) => ({ level: "INFO", message: `POST /api/v1/checkout 201 in ${g.int(3000, 9000)}ms` })),
      ];
    } else if (d === history + 1) {
      what = "the order service runs out of memory";
      extra = () => [
        ...at("order-service", 3, "memory", () => ({ level: "ERROR", message: "java.lang.OutOfMemoryError: Java heap space" })),
        ...at("order-service", 8, "error", (g) => ({ level: "ERROR", message: `Failed to persist order ${g.id(7)}: deadlock detected on table orders` })),
      ];
    } else if (d === history + 2) {
      what = "inventory recomputes stock from a fallback ledger (a new message kind)";
      extra = () => [...at("inventory-service", 8, "pattern", (g) => ({ level: "INFO", message: `Stock level for sku-${g.id(5)} recomputed from ledger` }))];
    }
    incidents.push(finish(`noisy-shop-day-${d + 1}`, `Day ${d + 1}: ${what}.`, services, day(g, services, d, extra)));
  }
  return {
    name: "dev-noisy-shop",
    description: "Shop services whose email worker and order service write odd but harmless lines every day; the last three days carry incidents.",
    incidents,
    historyCount: history,
  };
}

/** A noisy template is routine in the history; a truly new one appears later, spread over the whole window. */
function routineThenNew(seed: number): IncidentSequence {
  const services = [s.gateway(), s.users(), s.orders(), s.worker()];
  const days = 7;
  const history = 5;
  const incidents: Scenario[] = [];
  for (let d = 0; d < days; d++) {
    const g = new Gen(seed * 37 + d);
    let extra: (g: Gen) => LabelledEvent[] = () => [];
    let what = "a normal day";
    if (d === history) {
      what = "a new template from the first minutes: an unknown client is granted admin scopes";
      // From 5% of the window: too early for the window alone to call it new.
      extra = (g) =>
        inject(g, HOURS, "user-service", 8, 0.05, 0.95, "pattern", (g) => ({
          level: "INFO",
          message: `Token issued to client svc-tmp-${g.hex(4)} with scopes admin:* (grant=client_credentials)`,
        }));
    } else if (d === history + 1) {
      what = "the routine greylisting bursts while the relay is down, with a new relay error";
      extra = (g) => [
        ...inject(g, HOURS, "email-worker", 40, 0.7, 0.72, "pattern", (g) => ({
          level: "WARNING",
          message: `SMTP relay deferred message ${g.hex(10)}: 451 4.7.1 greylisted, retry in ${g.int(60, 300)}s`,
        })),
        ...inject(g, HOURS, "email-worker", 6, 0.7, 0.75, "error", (g) => ({
          level: "ERROR",
          message: `SMTP relay smtp-${g.int(1, 3)} unreachable: connection refused`,
        })),
      ];
    }
    incidents.push(finish(`routine-then-new-day-${d + 1}`, `Day ${d + 1}: ${what}.`, services, day(g, services, d, extra)));
  }
  return {
    name: "dev-routine-then-new",
    description:
      "The email worker's greylisting and cleanup errors are routine in every history day; later a new template appears from the window's start, then the routine warning bursts.",
    incidents,
    historyCount: history,
  };
}

/**
 * The order service's heap runs high all day (a leak since before the window opened): within the
 * window nothing stands out, against its remembered readings every one does. The next day the
 * heap is back to normal and payments fail.
 */
function heapHighAllDay(seed: number): IncidentSequence {
  const services = [s.gateway(), s.orders(), s.payments(), s.worker()];
  const days = 7;
  const history = 5;
  const incidents: Scenario[] = [];
  for (let d = 0; d < days; d++) {
    const g = new Gen(seed * 41 + d);
    let extra: (g: Gen) => LabelledEvent[] = () => [];
    let what = "a normal day";
    if (d === history + 1) {
      what = "payments fail at the card processor";
      extra = (g) =>
        inject(g, HOURS, "payment-service", 10, 0.65, 0.9, "error", (g) => ({
          level: "ERROR",
          message: `Payment ${g.hex(12)} failed: card processor returned HTTP 502`,
        }));
    }
    let events = day(g, services, d, extra);
    if (d === history) {
      what = "the order service's heap has run at 80-86% since before the window (usually about 55%)";
      events = events.map((e) =>
        e.service === "order-service" && e.memoryPct !== undefined ? { ...e, memoryPct: g.lognormal(83, 0.02), label: "memory" as const } : e,
      );
    }
    incidents.push(finish(`heap-high-all-day-${d + 1}`, `Day ${d + 1}: ${what}.`, services, events));
  }
  return {
    name: "dev-heap-high-all-day",
    description: "The order service's heap readings sit high for a whole incident window; only its history shows they are not its normal.",
    incidents,
    historyCount: history,
  };
}

export function devSequences(seed: number): IncidentSequence[] {
  return [noisyShop(seed), routineThenNew(seed), heapHighAllDay(seed)];
}
