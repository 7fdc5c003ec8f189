// Cascading failures: a fault in one service spreads to its callers over a call graph (chain, fan-in, tree, diamond).

import { callerLine, heapLine, rootLine, traced, type Fault } from "./cascade-faults.js";
import { apiGateway, auth, cart, inventory, notifications, orders, payments, pricing, reportService, search, sessionCache, shipping } from "./catalog-shop.js";
import { hashSeed, poissonTimes, Rng } from "./random.js";
import { normalTraffic, windowOf } from "./scen-util.js";
import { MIN } from "./time.js";
import { ev, finalize, type Svc } from "./traffic.js";
import type { CascadeScenario, Ev, ProducerName } from "./types.js";

type Factory = (r: Rng, prod: ProducerName, name: string) => Svc;
type Topo = "chain" | "fan-in" | "tree" | "diamond";
const FAULTS: Fault[] = ["db-pool", "disk-full", "deadlock", "slow-dependency", "memory-leak"];
const TOPOS: Topo[] = ["chain", "fan-in", "tree", "diamond"];

const TOP: [string, Factory][] = [
  ["api-gateway", apiGateway],
  ["edge-gateway", apiGateway],
  ["bff-web", apiGateway],
  ["bff-mobile", apiGateway],
];
const MID: [string, Factory][] = [
  ["orders", orders],
  ["checkout", orders],
  ["cart", cart],
  ["fulfillment", shipping],
  ["shipping", shipping],
  ["billing", payments],
  ["accounts", auth],
  ["returns", orders],
];
const LEAF: [string, Factory][] = [
  ["inventory", inventory],
  ["stock", inventory],
  ["pricing", pricing],
  ["payments", payments],
  ["auth", auth],
  ["catalog-search", search],
  ["session-store", sessionCache],
  ["ledger", payments],
  ["promotions", pricing],
];
const OTHER: [string, Factory][] = [
  ["notifications", notifications],
  ["search", search],
  ["reports", reportService],
  ["recommendations", search],
];

const PRODS: Record<Svc["lang"], ProducerName[]> = {
  java: ["logback", "k8s", "canonical"],
  go: ["zap", "k8s", "canonical"],
  python: ["python", "canonical", "k8s"],
  node: ["pino", "k8s", "canonical"],
};

interface Graph {
  svcs: Svc[];
  calls: Map<string, string[]>; // caller -> callees
  root: Svc;
}

function make(r: Rng, pool: [string, Factory][], used: Set<string>, tracing: boolean): Svc {
  const free = pool.filter(([n]) => !used.has(n));
  const [name, f] = r.pick(free.length > 0 ? free : pool);
  used.add(name);
  const s = f(r, "canonical", name);
  s.prod = tracing ? r.pick(["k8s", "otel", "canonical"] as ProducerName[]) : r.pick(PRODS[s.lang]);
  if (s.prod === "otel") s.lat = "text";
  s.tracing = tracing;
  return s;
}

function buildGraph(r: Rng, topo: Topo, tracing: boolean): Graph {
  const used = new Set<string>();
  const calls = new Map<string, string[]>();
  const link = (a: Svc, b: Svc): void => {
    calls.set(a.name, [...(calls.get(a.name) ?? []), b.name]);
  };
  const root = make(r, LEAF, used, tracing);
  const svcs: Svc[] = [root];
  const add = (pool: [string, Factory][]): Svc => {
    const s = make(r, pool, used, tracing);
    svcs.push(s);
    return s;
  };
  if (topo === "chain") {
    const k = r.int(3, 7);
    let below = root;
    for (let i = 0; i < k - 2; i++) {
      const m = add(MID);
      link(m, below);
      below = m;
    }
    link(add(TOP), below);
  } else if (topo === "fan-in") {
    const callers = Array.from({ length: r.int(2, 6) }, () => add(r.chance(0.7) ? MID : TOP));
    for (const c of callers) link(c, root);
    if (r.chance(0.5)) {
      const gw = add(TOP);
      for (const c of callers.slice(0, 2)) link(gw, c);
    }
  } else if (topo === "tree") {
    const gw = add(TOP);
    const a = add(MID);
    const b = add(MID);
    link(gw, a);
    link(gw, b);
    link(a, root);
    link(a, add(LEAF));
    link(b, add(LEAF));
    if (r.chance(0.6)) {
      const e = add(MID);
      link(gw, e);
      link(e, root);
    }
  } else {
    const gw = add(TOP);
    const a = add(MID);
    const b = add(MID);
    link(gw, a);
    link(gw, b);
    link(a, root);
    link(b, root);
    link(a, add(LEAF));
  }
  for (const s of svcs) s.deps = calls.get(s.name) ?? [];
  return { svcs, calls, root };
}

/** All call paths ending at the root, top caller first. */
function pathsTo(g: Graph): string[][] {
  const callersOf = (n: string): string[] => [...g.calls.entries()].filter(([, cs]) => cs.includes(n)).map(([c]) => c);
  const out: string[][] = [];
  const walk = (path: string[]): void => {
    const up = callersOf(path[0]!);
    if (up.length === 0) out.push(path);
    for (const u of up) walk([u, ...path]);
  };
  walk([g.root.name]);
  return out.filter((p) => p.length >= 2);
}

function noisy(r: Rng, used: Set<string>): Svc {
  const s = make(
    r,
    OTHER.filter(([n]) => !used.has(n) && n !== "reports"),
    used,
    false,
  );
  for (const b of s.bg) if (b.level === "WARNING" || b.level === "ERROR") b.perHour *= r.float(25, 60);
  return s;
}

function cascade(seed: number, i: number): CascadeScenario {
  const r = new Rng(hashSeed(seed, `cascade-${i}`));
  const fault = FAULTS[i % FAULTS.length]!;
  const topo = TOPOS[(i + Math.floor(i / FAULTS.length)) % TOPOS.length]!;
  const tracing = r.chance(0.45);
  const quietRoot = i % 3 === 1;
  const withNoisy = i % 4 === 2 || i % 7 === 0;
  const g = buildGraph(r, topo, tracing);
  const used = new Set(g.svcs.map((s) => s.name));
  const all = [...g.svcs, make(r, OTHER, used, tracing)];
  if (withNoisy) all.push(noisy(r, used));
  const root = g.root;
  if (quietRoot) {
    root.reqPerMin *= 0.04;
    for (const b of root.bg) b.perHour *= 0.05;
    root.periodic = root.periodic.slice(0, 1).map((p) => ({ ...p, everySec: Math.max(p.everySec, 600) }));
    delete root.mem;
  }
  const w = windowOf(r, r.int(60, 120));
  const evs: Ev[] = normalTraffic(r, all, w, r.int(2000, 4200));
  const span = w.end - w.start;
  const onset = Math.floor(w.start + r.float(0.05, 0.85) * span);
  const incEnd = Math.min(w.end - 20_000, onset + r.float(10, 45) * MIN);
  const byName = new Map(all.map((s) => [s.name, s] as const));
  const ipOf = new Map(all.map((s) => [s.name, r.ip("10.0")] as const));
  const timeoutOf = new Map(all.map((s) => [s.name, r.pick([2000, 3000, 5000, 5000, 10000])] as const));
  const paths = pathsTo(g);
  const affected = new Set<string>(paths.flat());

  const rootDown = (from: number, to: number, share: number): void => {
    const keep = evs.filter((e) => !(e.svc === root.name && e.req && e.t >= from && e.t < to && r.chance(share)));
    evs.length = 0;
    evs.push(...keep);
  };
  // the root's first departure from normal
  if (fault === "memory-leak") {
    const hi = quietRoot ? 4 : 30;
    const oom = incEnd - r.float(30_000, 90_000);
    let n = 0;
    for (let t = onset; t < oom && n < hi; t += quietRoot ? (oom - onset) / 4 : r.float(30_000, 60_000), n++) {
      evs.push(ev(root, r, t, { ...heapLine(root, 74 + 25 * ((t - onset) / (oom - onset)) ** 1.5), level: "WARNING" }, "memory"));
    }
    evs.push(ev(root, r, oom - r.float(5_000, 20_000), rootLine(root, r, fault)[0], "memory"));
    evs.push(
      ev(
        root,
        r,
        oom,
        {
          msg: {
            java: "java.lang.OutOfMemoryError: Java heap space",
            python: "MemoryError",
            go: "fatal error: runtime: out of memory",
            node: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
          }[root.lang],
          level: "CRITICAL",
        },
        "memory",
      ),
    );
    const restart = oom + r.float(15_000, 45_000);
    rootDown(oom, restart, 1);
    const isMemStat = (e: Ev): boolean =>
      e.svc === root.name && ["memory_percent", "heap_used_pct", "memory_pct"].some((k) => e.f?.[k] !== undefined && e.label === null);
    const kept = evs.filter((e) => !(isMemStat(e) && e.t >= onset && e.t < restart));
    evs.length = 0;
    evs.push(...kept);
    failures(r, g, paths, byName, ipOf, timeoutOf, onset + 0.6 * (oom - onset), oom, "timeout", null, evs);
    failures(r, g, paths, byName, ipOf, timeoutOf, oom + 500, restart, "refused", null, evs);
    let t = restart;
    for (const s of root.startup) {
      t += r.float(300, 2000);
      evs.push(ev(root, r, t, s));
    }
  } else {
    rootDown(onset, incEnd, 0.8);
    const [first, label] = rootLine(root, r, fault, true);
    evs.push(ev(root, r, onset, first, label));
    const kind = fault === "db-pool" || fault === "slow-dependency" ? "timeout" : "5xx";
    const rootBudget = quietRoot ? r.int(2, 4) : Number.POSITIVE_INFINITY;
    failures(r, g, paths, byName, ipOf, timeoutOf, onset + r.float(2_000, 20_000), incEnd, kind, { fault, budget: rootBudget }, evs);
  }
  const involved = new Set(evs.filter((e) => e.label !== null).map((e) => e.svc));
  const services = [...affected].filter((n) => involved.has(n)).sort();
  const sc = finalize(
    r,
    `cascade-${String(i + 1).padStart(2, "0")}-${fault}-${topo}`,
    `${topo} of ${services.length} services: ${fault} in ${root.name} spreads to ${services.filter((n) => n !== root.name).join(", ")}${quietRoot ? " (root writes few lines)" : ""}${withNoisy ? "; an unrelated service is noisy throughout" : ""}.`,
    evs,
  );
  return { ...sc, rootService: root.name, onsetMs: onset, services };
}

/** Affected requests in [from, to): the root fails (unless budget is spent), each caller on the path reports it. */
function failures(
  r: Rng,
  g: Graph,
  paths: string[][],
  byName: Map<string, Svc>,
  ipOf: Map<string, string>,
  timeoutOf: Map<string, number>,
  from: number,
  to: number,
  kind0: "timeout" | "5xx" | "refused",
  rootPart: { fault: Fault; budget: number } | null,
  out: Ev[],
): void {
  let budget = rootPart?.budget ?? 0;
  const openAfter = new Map<string, number>();
  const fails = new Map<string, number>();
  for (const t of poissonTimes(r, from, to, r.float(4, 12))) {
    const path = r.pick(paths);
    const trace = r.hex(32);
    let at = t;
    if (rootPart && budget > 0 && r.chance(0.7)) {
      const [line, label] = rootLine(g.root, r, rootPart.fault);
      const took = Number(line.f?.duration_ms ?? 0); // slow queries / pool waits are logged when they end
      out.push(traced(g.root, r, at + took, line, label, trace));
      budget--;
    }
    let kind: "timeout" | "5xx" | "refused" | "open" = kind0;
    for (let j = path.length - 2; j >= 0; j--) {
      const caller = byName.get(path[j]!)!;
      const callee = byName.get(path[j + 1]!)!;
      const to = timeoutOf.get(caller.name)!;
      if (j === path.length - 2) {
        const n = (fails.get(caller.name) ?? 0) + 1;
        fails.set(caller.name, n);
        if (n === 10 && r.chance(0.5)) {
          out.push(
            ev(
              caller,
              r,
              at + 1,
              { msg: `circuit breaker '${callee.name}' changed state CLOSED -> OPEN (failure rate ${r.int(52, 90)}% > 50%)`, level: "WARNING" },
              "error",
            ),
          );
          openAfter.set(caller.name, at + r.float(20_000, 60_000));
        }
        if ((openAfter.get(caller.name) ?? Infinity) > at && openAfter.has(caller.name) && r.chance(0.6)) kind = "open";
      } else kind = kind === "timeout" && r.chance(0.5) ? "timeout" : "5xx";
      at += kind === "timeout" ? to : r.int(2, 120);
      const [line, label] = callerLine(caller, r, callee, kind, to, ipOf.get(callee.name)!);
      out.push(traced(caller, r, at, line, label, trace));
      if (r.chance(0.5)) break; // not every request climbs the whole path (retries succeed, clients give up)
    }
  }
}

export function blindCascades(seed: number, count = 20): CascadeScenario[] {
  return Array.from({ length: count }, (_, i) => cascade(seed, i));
}
