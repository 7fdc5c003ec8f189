/**
 * Development scenarios of a second kind: anomalies anywhere in the window (from the first
 * minutes, scattered, repeated), a fault spreading from one service to its callers, and a system
 * log where CRITICAL is an everyday level. They stay in the development family: the blind family
 * (eval/blind/) is written without the detector's code and only reported.
 */
import { background, finish, Gen, inject, SERVICES, START_MS, type LabelledEvent, type Scenario, type ServiceSpec } from "./generator.js";

const HOURS = 3;
const s = SERVICES;
type Make = Parameters<typeof inject>[7];
type Label = Parameters<typeof inject>[6];

/** A long INFO line: a dump of key=value pairs, `pairs` of them. */
function dump(g: Gen, pairs: number): string {
  const parts: string[] = [];
  for (let i = 0; i < pairs; i++) parts.push(`k${i}=${g.hex(g.int(4, 12))}`);
  return `Request context dump ${parts.join(" ")}`;
}

function scatteredMixed(seed: number, spreadLatency: boolean): Scenario {
  const g = new Gen(seed);
  const services: ServiceSpec[] = spreadLatency
    ? [s.search(), s.gateway(), s.reports(), s.users(), s.worker(), s.orders()]
    : [s.gateway(), s.users(), s.orders(), s.payments(), s.inventory(), s.search(), s.worker()];
  if (spreadLatency) services.find((x) => x.name === "report-service")!.weight = 0.12;
  const ev: LabelledEvent[] = background(g, services, 5000, HOURS);
  const at = (svc: string, n: number, label: Label, make: Make) => ev.push(...inject(g, HOURS, svc, n, 0, 1, label, make));
  if (spreadLatency) {
    at("search-service", 15, "performance", (g) => ({ level: "INFO", message: `query="lamp" hits=${g.int(0, 900)}`, responseTimeMs: g.int(300, 900) }));
    at("report-service", 8, "performance", (g) => ({
      level: "INFO",
      message: `Report ${g.id(5)} generated rows=${g.int(1000, 90000)}`,
      responseTimeMs: g.int(40000, 90000),
    }));
    at("api-gateway", 12, "performance", (g) => ({ level: "INFO", message: `GET /api/v1/products/${g.id(5)} 200 in ${g.int(1500, 4000)}ms` }));
  } else {
    at("api-gateway", 12, "performance", (g) => ({ level: "INFO", message: `POST /api/v1/checkout 201 in ${g.int(3000, 9000)}ms` }));
    at("payment-service", 8, "performance", (g) => ({ level: "INFO", message: `Refund lookup for payment ${g.hex(12)}`, responseTimeMs: g.int(2000, 6000) }));
  }
  at("email-worker", 6, "memory", (g) => ({ level: "WARNING", message: `Heap usage ${g.int(92, 97)}% exceeds threshold 90%` }));
  at("order-service", 3, "memory", () => ({ level: "ERROR", message: "java.lang.OutOfMemoryError: Java heap space" }));
  // The same error lines many times, scattered: one finding each, every line reported.
  at("order-service", 22, "error", () => ({
    level: "ERROR",
    message: "Unhandled exception in OrderController: java.lang.IllegalStateException: cart is locked",
  }));
  at("api-gateway", 18, "error", () => ({ level: "ERROR", message: "HTTP 500 Internal Server Error on POST /api/v1/checkout" }));
  at("user-service", 15, "error", (g) => ({ level: "ERROR", message: `Token refresh failed for user ${g.id(6)}: upstream identity provider returned 502` }));
  // Recurring odd INFO lines of ordinary level.
  at("order-service", 12, "pattern", (g) => ({ level: "INFO", message: dump(g, g.int(60, 140)) }));
  at("user-service", 10, "pattern", (g) => ({
    level: "INFO",
    message: `SELECT id, email FROM users WHERE id IN (${Array.from({ length: g.int(90, 130) }, () => g.id(6)).join(", ")})`,
  }));
  at("api-gateway", 12, "pattern", () => ({ level: "INFO", message: "Upstream pool checkout-v2 marked unhealthy by unrecognized operator" }));
  return finish(
    spreadLatency ? "scattered-latency-100x" : "scattered-mixed",
    spreadLatency
      ? "services 100x apart in latency; every anomaly scattered over the whole window"
      : "all four types scattered over the whole window, the same error lines repeated, long and odd INFO lines recurring",
    services,
    ev,
  );
}

/** inventory's database pool runs dry; order-service and the gateway time out calling it. */
function cascade(seed: number): Scenario {
  const g = new Gen(seed);
  const services = [s.gateway(), s.users(), s.orders(), s.payments(), s.inventory(), s.search()];
  const ev = background(g, services, 5500, HOURS);
  const onset = 0.35;
  const at = (svc: string, n: number, from: number, label: Label, make: Make) => ev.push(...inject(g, HOURS, svc, n, from, 0.75, label, make));
  at("inventory-service", 60, onset, "error", () => ({ level: "ERROR", message: "Could not get JDBC connection: pool inventory-db exhausted (max 20)" }));
  at("inventory-service", 40, onset + 0.01, "performance", (g) => ({
    level: "WARNING",
    message: `Reserved ${g.int(1, 5)} units of sku-${g.id(5)} for order ${g.id(7)}`,
    responseTimeMs: g.int(4000, 9000),
  }));
  at("order-service", 150, onset + 0.02, "performance", (g) => ({
    level: "ERROR",
    message: `Call to inventory-service timed out after 5000ms for order ${g.id(7)}`,
  }));
  at("order-service", 60, onset + 0.03, "error", (g) => ({ level: "ERROR", message: `Order ${g.id(7)} failed: inventory reservation unavailable` }));
  at("api-gateway", 180, onset + 0.03, "performance", (g) => ({
    level: "WARNING",
    message: `POST /api/v1/checkout 504 in ${g.int(5000, 5200)}ms upstream=order-service`,
  }));
  return finish("cascade", "inventory's database pool is exhausted; order-service and the gateway time out calling it (~9% of lines)", services, ev);
}

/**
 * A RAS-style system log: CRITICAL is an everyday level (register dumps of recovered machine
 * checks, in bursts), corrected parity errors are routine INFO, and the alert is a CRITICAL line
 * type that occurs nowhere else in the window, in two bursts.
 */
function routineSeverity(seed: number): Scenario {
  const g = new Gen(seed);
  const span = HOURS * 3_600_000;
  const ev: LabelledEvent[] = [];
  const node = () => `R${g.int(0, 7)}${g.int(0, 7)}-M${g.int(0, 1)}-N${g.int(0, 15)}`;
  const add = (t: number, service: string, level: LabelledEvent["level"], message: string, label: Label | null = null) =>
    ev.push({ timeMs: START_MS + t * span, service, level, message, label });
  for (let i = 0; i < 1400; i++) {
    const t = g.next();
    const x = g.next();
    if (x < 0.45) add(t, "KERNEL", "INFO", `${g.int(1, 9)} ddr error(s) detected and corrected on rank 0, symbol ${g.int(0, 40)} bit ${g.int(0, 7)}`);
    else if (x < 0.65) add(t, "KERNEL", "INFO", "instruction cache parity error corrected");
    else if (x < 0.8) add(t, "APP", "INFO", `ciod: LOGIN chdir(/p/gb1/stella/RAPTOR/${g.int(2000, 2400)}/tdir) failed: No such file or directory`);
    else if (x < 0.9)
      add(t, "MMCS", "INFO", `idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=${g.int(1000, 1100)}`);
    else add(t, "DISCOVERY", "WARNING", `Node card VPD check: ${node()} node in processor card slot J${g.int(2, 18)} do not match. VPD ecid ${g.hex(16)}`);
  }
  // Register dumps of recovered machine checks: bursts of CRITICAL lines, all window long.
  for (let b = 0; b < 12; b++) {
    const t = g.next();
    for (let k = 0; k < 24; k++)
      add(
        t + k * 1e-6,
        "KERNEL",
        "CRITICAL",
        `r${g.int(0, 31)}=0x${g.hex(8)} r${g.int(0, 31)}=0x${g.hex(8)} r${g.int(0, 31)}=0x${g.hex(8)} r${g.int(0, 31)}=0x${g.hex(8)}`,
      );
    add(t + 30e-6, "KERNEL", "CRITICAL", "machine check interrupt (bit=0x1d): L2 dcache unit data parity error");
  }
  // The alert: a CRITICAL line type seen nowhere else, in two bursts.
  for (const at of [g.next(), g.next()]) {
    for (let k = 0; k < 27; k++) add(at + k * 2e-6, "KERNEL", "CRITICAL", "data TLB error interrupt", "error");
  }
  return finish(
    "routine-severity",
    "a RAS-style system log where CRITICAL is everyday (register dumps); the alert is a CRITICAL line type seen nowhere else",
    [],
    ev,
    () => "canonical",
  );
}

export function spreadScenarios(seed = 20250919): Scenario[] {
  return [scatteredMixed(seed + 11, false), scatteredMixed(seed + 12, true), cascade(seed + 13), routineSeverity(seed + 14)];
}
