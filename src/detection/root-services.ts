/**
 * Which service started it: every service with findings (and any service the incident's callers
 * name as their callee, findings or not), ranked by how likely its fault is the
 * origin of the incident. In a cascade the loudest service (a gateway answering 504s) is rarely
 * the cause; the cause deviated first, and its callers' timeouts name it. Four kinds of evidence,
 * each a reason with its numbers:
 *  - time order: when each service's anomalies of the incident began (its first anomalous line at
 *    or after the onset), relative to the first service to deviate;
 *  - callee names: a service named in other services' anomalous lines ("call to X timed out",
 *    "upstream=X", "http://X:8080/...", a host equal to a service's name) is downstream of them; a
 *    service whose own anomalous lines name another anomalous service is a caller, not the origin;
 *  - shared trace ids: anomalous lines of several services in one trace tie them to one cascade,
 *    and an unrelated service never shares them;
 *  - size of the change: its share of anomalous lines after the onset against before.
 * Volume counts for nothing, so a root that writes a handful of lines still wins over its loud
 * callers when it deviated first and they name it.
 */
import type { LogTable } from "../logs/log-table.js";
import type { Onset } from "./onset.js";
import type { Timeline } from "./timeline.js";

/** Weights of the evidence in the score (they sum to 1). */
const W_CALLEE = 0.4;
const W_TIME = 0.3;
const W_CHANGE = 0.2;
const W_TRACE = 0.1;
/** Seconds after the first service at which the time evidence has halved. */
const TIME_HALF_S = 30;
/** Anomalous lines scanned for callee names at most (evenly spread): bounded work on huge incidents. */
const MAX_SCANNED = 20_000;
/** Characters of a message searched for service names: callee names come early. */
const MAX_SCAN_CHARS = 600;
/** Services without findings are searched for as callees only up to this many services in the logs. */
const MAX_SILENT_CANDIDATES = 200;
/** A rise at the onset the reasons call one ("its share of anomalous lines rose 2x"). */
const RISE = 1.5;

export interface SuspectedRoot {
  service: string;
  /** In [0, 1]: higher is more likely the origin. */
  score: number;
  /** First anomalous row of its deviation (at or after the onset), else its first anomalous row. */
  firstRow: number;
  /** Findings of this service. */
  findings: number;
  reasons: string[];
}

export interface RootInputs {
  logs: LogTable;
  timeline: Timeline | undefined;
  onset: Onset | undefined;
  /** Detected rows in row order. */
  rows: Int32Array;
  /** Findings per service name. */
  findingsOf: Map<string, number>;
  /** Trace id per row, when the logs carry them. */
  traceOf?: (row: number) => string | undefined;
}

const pct = (r: number): string => `${(100 * r).toFixed(r >= 0.1 ? 0 : r >= 0.01 ? 1 : 2)}%`;
const cut = (s: string, n = 90): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const list = (xs: string[]): string => (xs.length <= 3 ? xs.join(", ") : `${xs.slice(0, 3).join(", ")} and ${xs.length - 3} more`);

/**
 * A character that continues a service name, so "auth" is not found in "oauth" or "auth-db"; a dot
 * does not, so a host "inventory.shop.svc" names inventory.
 */
function nameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}

/**
 * Whether `name` occurs in `text` as a whole word (bounded by non-name characters). `asHost`: not
 * as a path segment ("/search?q=" names no service "search"; "http://search:8080/" does).
 */
export function namesService(text: string, name: string, asHost = false): boolean {
  // The logs without a service share the name "": nothing can name it (and indexOf("") would
  // find it at every position, for ever).
  if (name === "") return false;
  let at = text.indexOf(name);
  while (at >= 0) {
    const end = at + name.length;
    const segment = asHost && at > 0 && text.charCodeAt(at - 1) === 47 && !(at > 1 && text.charCodeAt(at - 2) === 47);
    if ((at === 0 || !nameChar(text.charCodeAt(at - 1))) && (end === text.length || !nameChar(text.charCodeAt(end))) && !segment) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

interface Svc {
  id: number;
  name: string;
  findings: number;
  devRow: number;
  firstRow: number;
  /** Anomalous lines within the incident segment and outside it. */
  xIn: number;
  xOut: number;
  nIn: number;
  nOut: number;
  /** Callers naming it: caller id -> lines, and the first such line. */
  namedBy: Map<number, number>;
  namedExample: number;
  /** Services it names: callee id -> lines. */
  names: Map<number, number>;
  /** Traces its anomalous lines share with other services' anomalous lines, and those services. */
  sharedTraces: number;
  traceMates: Set<number>;
}

function blank(id: number, name: string, findings: number): Svc {
  return {
    id,
    name,
    findings,
    devRow: -1,
    firstRow: -1,
    xIn: 0,
    xOut: 0,
    nIn: 0,
    nOut: 0,
    namedBy: new Map(),
    namedExample: -1,
    names: new Map(),
    sharedTraces: 0,
    traceMates: new Set(),
  };
}

/** How much a service's share of anomalous lines rose at the onset (after / before, smoothed). */
function riseAtOnset(s: Svc): number {
  return s.xIn / Math.max(1, s.nIn) / ((s.xOut + 0.5) / (s.nOut + 1));
}

export function rankRootServices(inp: RootInputs): SuspectedRoot[] {
  const { logs, timeline, onset, rows } = inp;
  const ts = logs.timestampMs;
  const ids = new Map<string, number>(logs.services.map((s, i) => [s, i]));
  const svcs = new Map<number, Svc>();
  for (const [name, findings] of inp.findingsOf) {
    const id = ids.get(name);
    if (id !== undefined) svcs.set(id, blank(id, name, findings));
  }
  if (svcs.size === 0) return [];
  const tol = timeline ? Math.min(timeline.bucketMs, 60_000) : 60_000;
  const from = onset === undefined || onset.fromStart ? Number.NEGATIVE_INFINITY : onset.timeMs - tol;
  const until = onset?.untilMs ?? Number.POSITIVE_INFINITY;
  const inSegment = (t: number): boolean => !(t < from) && !(t >= until);
  const earlier = (a: number, b: number): boolean => b < 0 || ts[a]! < ts[b]! || (!(ts[a]! >= ts[b]!) && a < b);
  const segRows: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const s = svcs.get(logs.serviceOf[row]!);
    if (s === undefined) continue;
    if (earlier(row, s.firstRow)) s.firstRow = row;
    if (inSegment(ts[row]!)) {
      s.xIn++;
      segRows.push(row);
      if (earlier(row, s.devRow)) s.devRow = row;
    } else s.xOut++;
  }
  linesInOut(svcs, timeline, from, until);
  // A service without findings is a suspect too when a service that is part of the incident (its
  // share of anomalous lines rose at the onset) names it in those lines ("Upstream catalog
  // failed: 503"): a full disk or a stopped process may write nothing while its callers fail.
  const silent: Svc[] = [];
  if (logs.services.length <= MAX_SILENT_CANDIDATES)
    logs.services.forEach((name, id) => {
      if (!svcs.has(id)) silent.push(blank(id, name, 0));
    });
  calleeNames(logs, svcs, segRows, silent);
  for (const s of silent) {
    const byIncident = [...s.namedBy.keys()].some((c) => riseAtOnset(svcs.get(c)!) >= RISE);
    if (!byIncident) {
      // Not a suspect: forget it in its namers' lists too.
      for (const c of s.namedBy.keys()) svcs.get(c)!.names.delete(s.id);
      continue;
    }
    svcs.set(s.id, s);
  }
  linesInOut(new Map(silent.filter((s) => svcs.has(s.id)).map((s) => [s.id, s])), timeline, from, until);
  if (inp.traceOf) sharedTraces(logs, svcs, segRows, inp.traceOf);
  return score(logs, [...svcs.values()]);
}

/** Lines per service inside and outside the incident segment (from the timeline's buckets). */
function linesInOut(svcs: Map<number, Svc>, t: Timeline | undefined, from: number, until: number): void {
  if (t === undefined) return;
  const b0 = Number.isFinite(from) ? Math.max(0, Math.floor((from - t.startMs) / t.bucketMs)) : 0;
  const b1 = Number.isFinite(until) ? Math.min(t.buckets, Math.ceil((until - t.startMs) / t.bucketMs)) : t.buckets;
  for (const s of svcs.values()) {
    for (let b = 0; b < t.buckets; b++) {
      const n = t.lines[s.id * t.buckets + b]!;
      if (b >= b0 && b < b1) s.nIn += n;
      else s.nOut += n;
    }
  }
}

/** `silent`: services without findings, which can be named but name nothing (no anomalous line). */
function calleeNames(logs: LogTable, svcs: Map<number, Svc>, segRows: number[], silent: Svc[] = []): void {
  const all = [...svcs.values(), ...silent];
  const quiet = new Set(silent);
  const step = Math.max(1, Math.ceil(segRows.length / MAX_SCANNED));
  for (let k = 0; k < segRows.length; k += step) {
    const row = segRows[k]!;
    const caller = svcs.get(logs.serviceOf[row]!)!;
    const msg = logs.messages[row]!;
    const text = msg.length > MAX_SCAN_CHARS ? msg.slice(0, MAX_SCAN_CHARS) : msg;
    for (const callee of all) {
      // A service with no anomalous line of its own must be named as a host or a word, not a path.
      if (callee === caller || !namesService(text, callee.name, quiet.has(callee))) continue;
      caller.names.set(callee.id, (caller.names.get(callee.id) ?? 0) + step);
      callee.namedBy.set(caller.id, (callee.namedBy.get(caller.id) ?? 0) + step);
      if (callee.namedExample < 0) callee.namedExample = row;
    }
  }
}

function sharedTraces(logs: LogTable, svcs: Map<number, Svc>, segRows: number[], traceOf: (row: number) => string | undefined): void {
  const byTrace = new Map<string, Set<number>>();
  for (const row of segRows) {
    const id = traceOf(row);
    if (id === undefined || id === "") continue;
    let set = byTrace.get(id);
    if (set === undefined) {
      set = new Set();
      byTrace.set(id, set);
    }
    set.add(logs.serviceOf[row]!);
  }
  for (const set of byTrace.values()) {
    if (set.size < 2) continue;
    for (const a of set) {
      const s = svcs.get(a)!;
      s.sharedTraces++;
      for (const b of set) if (b !== a) s.traceMates.add(b);
    }
  }
}

/**
 * When a service's trouble began, for the time order: its first anomalous line of the incident,
 * or earlier, a caller's anomalous line naming it ("call to pricing timed out" at 02:16:21 says
 * pricing was failing by then, though a quiet root may write its own first line minutes later).
 */
function troubleRow(s: Svc, ts: Float64Array): number {
  if (s.devRow < 0) return s.findings === 0 ? s.namedExample : -1;
  return s.namedExample >= 0 && ts[s.namedExample]! < ts[s.devRow]! ? s.namedExample : s.devRow;
}

function score(logs: LogTable, all: Svc[]): SuspectedRoot[] {
  const ts = logs.timestampMs;
  const byId = new Map(all.map((s) => [s.id, s]));
  const name = (id: number): string => byId.get(id)!.name;
  const since = new Map(all.map((s) => [s, troubleRow(s, ts)]));
  const at = (s: Svc): number => since.get(s)!;
  const deviating = all.filter((s) => at(s) >= 0).sort((a, b) => ts[at(a)]! - ts[at(b)]! || at(a) - at(b));
  const firstDev = deviating[0];
  const maxTraces = Math.max(0, ...all.map((s) => s.sharedTraces));
  const out = all.map((s): SuspectedRoot & { devMs: number } => {
    const reasons: string[] = [];
    // Time order of deviation.
    let time = 0;
    const row = at(s);
    const devMs = row >= 0 ? ts[row]! : Number.POSITIVE_INFINITY;
    if (row >= 0 && firstDev !== undefined) {
      const lag = Math.max(0, (devMs - ts[at(firstDev)]!) / 1000);
      time = Number.isFinite(lag) ? 1 / (1 + lag / TIME_HALF_S) : 0.5;
      // Dated by a caller's line: say whose, and how long before its own first line.
      const caller = name(logs.serviceOf[row]!);
      const by =
        row === s.devRow
          ? ""
          : s.devRow < 0
            ? ` (${caller}'s line naming it then; no line of its own is anomalous)`
            : ` (${caller}'s line naming it then; its own first anomalous line ${Math.round((ts[s.devRow]! - devMs) / 1000)} s later)`;
      if (deviating.length === 1) reasons.push(`the only service whose anomalies rose at the onset, from ${logs.timestamp(row)}${by}`);
      else if (s === firstDev) {
        const next = deviating[1]!;
        const gap = Math.round((ts[at(next)]! - devMs) / 1000);
        reasons.push(`first to deviate, at ${logs.timestamp(row)}${by}, ${gap} s before ${next.name}`);
      } else reasons.push(`deviated at ${logs.timestamp(row)}${by}, ${Math.round(lag)} s after ${firstDev.name}`);
    } else if (s.firstRow >= 0) {
      reasons.push(
        `no anomalous line after the onset; its ${s.xOut} earlier one${s.xOut === 1 ? "" : "s"} (first at ${logs.timestamp(s.firstRow)}) look like routine noise`,
      );
    }
    // Callee names.
    const named = s.namedBy.size > 0;
    const callees = [...s.names.keys()].filter((id) => at(byId.get(id)!) >= 0);
    if (named) {
      const callers = [...s.namedBy.entries()].sort((a, b) => b[1] - a[1]);
      const lines = callers.reduce((a, [, n]) => a + n, 0);
      const example = s.namedExample >= 0 ? `, e.g. "${cut(logs.messages[s.namedExample]!)}"` : "";
      reasons.push(`${list(callers.map(([id]) => `${name(id)}'s`))} anomalous lines name it as the callee (${lines} line${lines === 1 ? "" : "s"}${example})`);
    }
    if (callees.length > 0) {
      const lines = callees.reduce((a, id) => a + s.names.get(id)!, 0);
      reasons.push(`its anomalous lines name ${list(callees.map(name))} (${lines} line${lines === 1 ? "" : "s"}): it calls a service that failed`);
    }
    const callee = named ? (callees.length > 0 ? 0.4 : 1) : callees.length > 0 ? 0 : 0.25;
    // Size of the change.
    const rateIn = s.xIn / Math.max(1, s.nIn);
    const ratio = riseAtOnset(s);
    const change = s.xIn === 0 ? 0 : Math.min(1, Math.max(0, Math.log10(ratio) / 2));
    if (s.xIn > 0) {
      if (s.xOut === 0) reasons.push(`${s.xIn} anomalous line${s.xIn === 1 ? "" : "s"} of its ${s.nIn} after the onset (${pct(rateIn)}), none before`);
      else if (ratio >= RISE)
        reasons.push(
          `its share of anomalous lines rose ${Math.round(ratio)}x after the onset (${pct(s.xOut / Math.max(1, s.nOut))} before, ${pct(rateIn)} after)`,
        );
      else
        reasons.push(
          `its share of anomalous lines hardly changed at the onset (${pct(s.xOut / Math.max(1, s.nOut))} before, ${pct(rateIn)} after): likely unrelated noise`,
        );
    }
    // Shared traces.
    const trace = maxTraces > 0 ? s.sharedTraces / maxTraces : 0;
    if (s.sharedTraces > 0)
      reasons.push(`${s.sharedTraces} trace${s.sharedTraces === 1 ? "" : "s"} tie its anomalous lines to those of ${list([...s.traceMates].map(name))}`);
    const raw = W_CALLEE * callee + W_TIME * time + W_CHANGE * change + W_TRACE * trace;
    return {
      service: s.name,
      score: Math.round(raw * 1000) / 1000,
      firstRow: s.devRow >= 0 ? s.devRow : s.firstRow,
      findings: s.findings,
      reasons,
      devMs,
    };
  });
  out.sort((a, b) => b.score - a.score || a.devMs - b.devMs || a.service.localeCompare(b.service));
  return out.map(({ devMs: _, ...r }) => r);
}
