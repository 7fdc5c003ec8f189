/**
 * Development cascades: a fault in one service spreads to its callers over a call graph (chain,
 * fan-in, tree, diamond), each generated from a seed with its own topology, onset, fault, noise
 * and producers. Some roots write only a handful of lines while their callers write hundreds;
 * some incidents have an unrelated service that is noisy all window long; some start in the first
 * minute. Each knows its root service and onset, for the root-service and onset figures.
 */
import { background, finish, Gen, SERVICES, START_MS, type LabelledEvent, type Scenario, type ServiceSpec } from "./generator.js";
import type { Producer } from "./producers.js";

export interface DevCascade extends Scenario {
  rootService: string;
  /** Epoch ms of the root's first anomalous line. */
  onsetMs: number;
  services: string[];
}

type Topology = "chain" | "fan-in" | "tree" | "diamond";
type Fault = "db-pool" | "disk-full" | "slow-query" | "memory-leak" | "deadlock" | "crash";
const TOPOLOGIES: Topology[] = ["chain", "fan-in", "tree", "diamond"];
const FAULTS: Fault[] = ["db-pool", "disk-full", "slow-query", "memory-leak", "deadlock", "crash"];
const PRODUCERS: Producer[] = ["canonical", "pino", "python", "zap", "logback", "syslog", "otel"];
const HOURS = 2;
const SPAN = HOURS * 3_600_000;

/** Service specs by role; names are renamed per incident so every cascade has its own graph. */
const ROOT_NAMES = ["inventory", "pricing", "ledger", "stock", "auth", "session-store", "catalog", "tax", "promotions"];
const MID_NAMES = ["orders", "checkout", "cart", "billing", "shipping", "accounts", "returns", "fulfillment"];
const TOP_NAMES = ["api-gateway", "edge-gateway", "bff-web", "bff-mobile"];
const BASES: (() => ServiceSpec)[] = [SERVICES.users, SERVICES.orders, SERVICES.payments, SERVICES.inventory, SERVICES.search];

function renamed(spec: ServiceSpec, name: string, producer: Producer): ServiceSpec {
  const old = spec.name;
  const swap = (m: string): string => m.split(old).join(name);
  return {
    ...spec,
    name,
    producer,
    kinds: spec.kinds.map((k) => ({
      weight: k.weight,
      make: (g: Gen) => {
        const line = k.make(g);
        return { ...line, message: swap(line.message) };
      },
    })),
    startup: spec.startup?.map(swap),
  };
}

interface Graph {
  services: ServiceSpec[];
  /** caller -> callees */
  calls: Map<string, string[]>;
  root: string;
}

function graph(g: Gen, topo: Topology): Graph {
  const pickName = (pool: string[], used: Set<string>): string => {
    const free = pool.filter((n) => !used.has(n));
    const n = g.pick(free);
    used.add(n);
    return n;
  };
  const used = new Set<string>();
  const services: ServiceSpec[] = [];
  const make = (pool: string[]): string => {
    const name = pickName(pool, used);
    const base = pool === TOP_NAMES ? SERVICES.gateway() : g.pick(BASES)();
    services.push(renamed(base, name, g.pick(PRODUCERS)));
    return name;
  };
  const calls = new Map<string, string[]>();
  const link = (a: string, b: string): void => void calls.set(a, [...(calls.get(a) ?? []), b]);
  const root = make(ROOT_NAMES);
  if (topo === "chain") {
    let below = root;
    for (let i = 0, k = g.int(1, 3); i < k; i++) {
      const m = make(MID_NAMES);
      link(m, below);
      below = m;
    }
    if (g.next() < 0.7) link(make(TOP_NAMES), below);
  } else if (topo === "fan-in") {
    for (let i = 0, k = g.int(2, 4); i < k; i++) link(make(g.next() < 0.7 ? MID_NAMES : TOP_NAMES), root);
  } else if (topo === "tree") {
    const gw = make(TOP_NAMES);
    const a = make(MID_NAMES);
    const b = make(MID_NAMES);
    link(gw, a);
    link(gw, b);
    link(a, root);
    link(b, make(ROOT_NAMES)); // a healthy sibling leaf
  } else {
    const gw = make(TOP_NAMES);
    const a = make(MID_NAMES);
    const b = make(MID_NAMES);
    link(gw, a);
    link(gw, b);
    link(a, root);
    link(b, root);
  }
  return { services, calls, root };
}

/** Call paths ending at the root, outermost caller first. */
function pathsTo(calls: Map<string, string[]>, root: string): string[][] {
  const out: string[][] = [];
  const walk = (path: string[]): void => {
    const up = [...calls.entries()].filter(([, cs]) => cs.includes(path[0]!)).map(([c]) => c);
    if (up.length === 0 && path.length > 1) out.push(path);
    for (const u of up) walk([u, ...path]);
  };
  walk([root]);
  return out;
}

function rootLine(g: Gen, fault: Fault, root: string, first: boolean, pct = 0): Omit<LabelledEvent, "timeMs" | "service"> {
  switch (fault) {
    case "db-pool":
      return first
        ? { level: "WARNING", message: `Connection pool ${root}-db saturated: active=20/20 waiting=${g.int(5, 40)}`, label: "performance" }
        : { level: "ERROR", message: `Could not get JDBC connection: pool ${root}-db exhausted (max 20), waited 30000ms`, label: "performance" };
    case "disk-full":
      return { level: first ? "CRITICAL" : "ERROR", message: `write /var/lib/${root}/wal/${g.hex(8)}.log: no space left on device`, label: "error" };
    case "slow-query":
      return {
        level: "WARNING",
        message: `Slow query took ${g.int(6000, 15000)}ms: SELECT * FROM ${root.replace(/-/g, "_")}_items WHERE id = ANY($1)`,
        responseTimeMs: undefined,
        label: "performance",
      };
    case "memory-leak":
      return pct >= 100
        ? { level: "CRITICAL", message: "java.lang.OutOfMemoryError: Java heap space", label: "memory" }
        : { level: "WARNING", message: `Heap usage ${Math.round(pct)}% after full GC (limit 2048MB)`, label: "memory" };
    case "deadlock":
      return { level: "ERROR", message: `Deadlock detected while updating ${root}_reservations; transaction ${g.id(7)} rolled back`, label: "error" };
    case "crash":
      return first
        ? { level: "CRITICAL", message: `Worker process ${g.int(100, 999)} exited with signal 11 (SIGSEGV); restarting`, label: "error" }
        : { level: "ERROR", message: `Worker process ${g.int(100, 999)} crashed: segmentation fault in libcodec.so`, label: "error" };
  }
}

type Kind = "timeout" | "5xx" | "refused";

function callerLine(g: Gen, caller: string, callee: string, kind: Kind): Omit<LabelledEvent, "timeMs" | "service"> {
  const gateway = /gateway|bff/.test(caller);
  if (gateway) {
    const st = kind === "timeout" ? 504 : kind === "refused" ? 502 : 503;
    return {
      level: "ERROR",
      message: `POST /api/v1/${callee}/${g.id(6)} ${st} in ${kind === "timeout" ? g.int(5000, 5050) : g.int(2, 80)}ms upstream=${callee}`,
      label: kind === "timeout" ? "performance" : "error",
    };
  }
  const v = g.int(0, 2);
  if (kind === "timeout")
    return {
      level: "ERROR",
      message: [
        `Call to ${callee} timed out after 5000ms`,
        `HTTPConnectionPool(host='${callee}', port=8080): Read timed out. (read timeout=5)`,
        `context deadline exceeded calling http://${callee}:8080/v1/items/${g.id(6)}`,
      ][v]!,
      label: "performance",
    };
  if (kind === "refused") return { level: "ERROR", message: `connect ECONNREFUSED ${callee}:8080`, label: "error" };
  return {
    level: "ERROR",
    message: [
      `${callee} returned HTTP 500 for POST /v1/${g.id(6)}`,
      `Upstream ${callee} failed: 503 Service Unavailable`,
      `circuit breaker '${callee}' is OPEN`,
    ][v]!,
    label: "error",
  };
}

/** An unrelated service that writes routine errors at a high rate all window long (normal for it). */
function noisyService(g: Gen, ev: LabelledEvent[]): ServiceSpec {
  const spec = renamed(SERVICES.worker(), g.pick(["notifications", "mailer", "recommendations"]), g.pick(PRODUCERS));
  const perMin = g.int(2, 6);
  for (let t = 0; t < SPAN; t += 60_000 / perMin) {
    const msg =
      g.next() < 0.5
        ? `SMTP relay returned 421 4.7.0 try again later for message ${g.hex(10)}`
        : `Retrying delivery of message ${g.hex(10)} (attempt ${g.int(2, 5)}): connection reset by peer`;
    ev.push({ timeMs: START_MS + t + g.int(0, 5000), service: spec.name, level: g.next() < 0.5 ? "ERROR" : "WARNING", message: msg, label: null });
  }
  return spec;
}

function cascade(seed: number, i: number): DevCascade {
  const g = new Gen(seed * 1000 + i);
  const topo = TOPOLOGIES[i % TOPOLOGIES.length]!;
  const fault = FAULTS[(i + Math.floor(i / TOPOLOGIES.length)) % FAULTS.length]!;
  const quietRoot = i % 3 === 1;
  const withNoisy = i % 4 === 2 || i % 5 === 0;
  const fromStart = i % 10 === 7;
  const tracing = g.next() < 0.4;
  const gr = graph(g, topo);
  const services = [...gr.services, renamed(SERVICES.search(), "search", g.pick(PRODUCERS))];
  const ev: LabelledEvent[] = background(g, services, g.int(2500, 5000), HOURS);
  if (withNoisy) services.push(noisyService(g, ev));
  if (quietRoot) {
    // Few lines of its own: most of its routine traffic is not logged.
    const keep = ev.filter((e) => e.service !== gr.root || g.next() < 0.06);
    ev.length = 0;
    ev.push(...keep);
  }
  const onset = START_MS + (fromStart ? g.int(5_000, 40_000) : (0.08 + 0.8 * g.next()) * SPAN);
  const end = Math.min(START_MS + SPAN - 60_000, onset + g.int(10, 40) * 60_000);
  const at = (timeMs: number, service: string, line: Omit<LabelledEvent, "timeMs" | "service">, traceId?: string): void => {
    const e: LabelledEvent = { timeMs, service, ...line };
    if (traceId !== undefined) e.traceId = traceId;
    ev.push(e);
  };
  // The root's first departure, then its failing lines (few when quiet).
  let budget = quietRoot ? g.int(2, 4) : Number.POSITIVE_INFINITY;
  let failFrom = onset + g.int(2_000, 25_000);
  if (fault === "memory-leak") {
    const steps = quietRoot ? 3 : g.int(6, 14);
    const oom = onset + (end - onset) * 0.7;
    for (let k = 0; k < steps; k++) at(onset + (k * (oom - onset)) / steps, gr.root, rootLine(g, fault, gr.root, k === 0, 82 + (16 * k) / steps));
    at(oom, gr.root, rootLine(g, fault, gr.root, false, 100));
    failFrom = oom + g.int(500, 3000);
    budget = 0;
  } else at(onset, gr.root, rootLine(g, fault, gr.root, true));
  const kind: Kind = fault === "db-pool" || fault === "slow-query" || fault === "memory-leak" ? "timeout" : fault === "crash" ? "refused" : "5xx";
  const paths = pathsTo(gr.calls, gr.root);
  const rate = g.int(3, 12) / 60_000;
  for (let t = failFrom; t < end; t += -Math.log(1 - g.next()) / rate) {
    const path = g.pick(paths);
    const trace = tracing ? g.hex(32) : undefined;
    if (budget > 0 && g.next() < 0.7) {
      at(t + (kind === "timeout" ? g.int(4000, 9000) : g.int(1, 50)), gr.root, rootLine(g, fault, gr.root, false), trace);
      budget--;
    }
    let when = t;
    for (let j = path.length - 2; j >= 0; j--) {
      when += kind === "timeout" ? 5000 : g.int(2, 120);
      at(when, path[j]!, callerLine(g, path[j]!, path[j + 1]!, kind), trace);
      if (g.next() < 0.35) break;
    }
  }
  const involved = [...new Set(paths.flat())].sort();
  const sc = finish(
    `cascade-${String(i + 1).padStart(2, "0")}-${fault}-${topo}`,
    `${topo}: ${fault} in ${gr.root} spreads to ${involved.filter((n) => n !== gr.root).join(", ")}${quietRoot ? " (root writes few lines)" : ""}${withNoisy ? "; an unrelated service is noisy throughout" : ""}${fromStart ? "; starts in the first minute" : ""}`,
    services,
    ev,
  );
  return { ...sc, rootService: gr.root, onsetMs: onset, services: involved };
}

export function devCascades(seed = 20250919, count = 24): DevCascade[] {
  return Array.from({ length: count }, (_, i) => cascade(seed, i));
}
