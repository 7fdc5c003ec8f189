/**
 * Instances of one service against each other. A service run as several replicas (pods, hosts,
 * game servers) does the same work on each: the same message takes about the same time on all of
 * them. When a few of them take twice as long or more for a message all through the window (a
 * bad host, a canary on a new build, servers on a new map), their lines are a second path of
 * the message's times, from the first minute, and the message's own baseline excuses them as its
 * everyday (evidence.ts, performanceEvidence). Against the other instances' times they are what
 * they are: the same work, slower where they run.
 */
import { median, medianInPlace, robustStatsInPlace, type RobustStats } from "../statistics.js";

/** Lines with a time of one message on one instance before the instance's median for it counts. */
export const MIN_INSTANCE_LINES = 5;
/** Instances of the message that are not slow, at least: the peers a slow one is compared with. */
export const MIN_PEERS = 3;

/** The instance of each row as an id (-1: none named), numbered by first appearance, and their names. */
export interface InstanceIds {
  of: Int32Array;
  names: string[];
}

/** Interns the rows' instance names once, for every comparison of instances (peers, lone programs, memory growth). */
export function instanceIds(instances: readonly (string | undefined)[]): InstanceIds {
  const of = new Int32Array(instances.length).fill(-1);
  const ids = new Map<string, number>();
  const names: string[] = [];
  for (let row = 0; row < instances.length; row++) {
    const name = instances[row];
    if (name === undefined) continue;
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    of[row] = id;
  }
  return { of, names };
}

/** The times of a message on its service's other instances, for the lines of a slow one (a Baseline, evidence.ts). */
export interface PeerBaseline {
  /** Robust stats of the peers' ln(ms). */
  stats: RobustStats;
  service: string | undefined;
  /** Always true: the baseline is the line's own message. */
  template: true;
  /** The instance whose lines are judged against its peers. */
  instance: string;
  /** How many instances the peers are; 0 when the baseline is the instance's own times (a fixed delay: fixedDelayInstances). */
  peers: number;
}

export interface PeerBaselines {
  /** Per row: 1 + index into `baselines` when the row's instance is slow for its message, else 0. */
  of: Int32Array;
  baselines: PeerBaseline[];
}

/** What the peer comparison reads of an incident's rows. */
export interface PeerInput {
  n: number;
  /** Response time per row in ms (0 or NaN: none). */
  responseTime: ArrayLike<number>;
  /** Service group per row. */
  groupOf: ArrayLike<number>;
  /** The operation per row: its message skeleton on its route (ids shared across services). */
  operationOf: ArrayLike<number>;
  /** The instance that wrote each row. */
  instances: InstanceIds;
  /** Service name per group. */
  services: readonly string[];
}

/**
 * Per operation (a message skeleton, on its route where the log names one, within a service:
 * the caller's `operationOf`) written with a time by at least MIN_PEERS + 1
 * instances of MIN_INSTANCE_LINES lines each: the median time of each instance. An instance whose
 * median is at least twice the median of those medians is slow, when fewer than half the
 * instances are (the others are its peers: at least MIN_PEERS). Its lines get the peers' times,
 * pooled, as their baseline.
 */
export function peerBaselines(input: PeerInput): PeerBaselines | undefined {
  const { n, responseTime, groupOf, operationOf, instances } = input;
  const groups = input.services.length;
  // Each row with a time and an instance in a cell: one operation (within its service) on one
  // instance. Cells are numbered by first appearance.
  const names = instances.names;
  // Per message key, its cells by instance id (absent: none yet).
  const cellsOfKey = new Map<number, number[]>();
  const cellKey: number[] = [];
  const cellInstance: number[] = [];
  const cellOf = new Int32Array(n).fill(-1);
  for (let row = 0; row < n; row++) {
    if (!(responseTime[row]! > 0)) continue;
    const instance = instances.of[row]!;
    if (instance < 0) continue;
    const key = operationOf[row]! * groups + groupOf[row]!;
    let byInstance = cellsOfKey.get(key);
    if (byInstance === undefined) {
      byInstance = [];
      cellsOfKey.set(key, byInstance);
    }
    let cell = byInstance[instance];
    if (cell === undefined) {
      cell = cellKey.length;
      byInstance[instance] = cell;
      cellKey.push(key);
      cellInstance.push(instance);
    }
    cellOf[row] = cell;
  }
  const cells = cellKey.length;
  if (cells === 0) return undefined;
  // The cells' times side by side (a counting sort by cell); a median of times is the time of
  // the median of their logarithms, so only the medians and the peers' times need one.
  const start = new Int32Array(cells + 1);
  for (let row = 0; row < n; row++) if (cellOf[row]! >= 0) start[cellOf[row]! + 1]!++;
  for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
  const ms = new Float64Array(start[cells]!);
  const fill = start.slice(0, cells);
  for (let row = 0; row < n; row++) {
    const c = cellOf[row]!;
    if (c >= 0) ms[fill[c]!++] = responseTime[row]!;
  }
  const cellMedian = new Float64Array(cells);
  const byKey = new Map<number, number[]>();
  for (let c = 0; c < cells; c++) {
    if (start[c + 1]! - start[c]! < MIN_INSTANCE_LINES) continue;
    cellMedian[c] = Math.log(medianInPlace(ms.subarray(start[c]!, start[c + 1]!)));
    const same = byKey.get(cellKey[c]!);
    if (same === undefined) byKey.set(cellKey[c]!, [c]);
    else same.push(c);
  }
  // Per operation with slow instances: its slow cells, its peers' cells, the peers' median.
  const found: { key: number; slow: number[]; peers: number[]; middle: number }[] = [];
  for (const [key, counted] of byKey) {
    if (counted.length < MIN_PEERS + 1) continue;
    const middle = median(counted.map((c) => cellMedian[c]!));
    const slow = counted.filter((c) => cellMedian[c]! - middle >= Math.LN2);
    const peers = counted.filter((c) => cellMedian[c]! - middle < Math.LN2);
    if (slow.length === 0 || slow.length >= peers.length || peers.length < MIN_PEERS) continue;
    found.push({ key, slow, peers, middle });
  }
  const far = fixedDelayInstances(found, cellMedian, cellInstance);
  const baselineOf = new Int32Array(cells);
  const baselines: PeerBaseline[] = [];
  const logTimes = (c: number): Float64Array => {
    const out = new Float64Array(start[c + 1]! - start[c]!);
    for (let i = start[c]!; i < start[c + 1]!; i++) out[i - start[c]!] = Math.log(ms[i]!);
    return out;
  };
  for (const { key, slow, peers } of found) {
    const service = input.services[key % groups];
    for (const c of slow) {
      if (!far.has(cellInstance[c]!)) continue;
      const own = logTimes(c);
      const stats = robustStatsInPlace(own, new Float64Array(own.length), true);
      baselines.push({ stats, service, template: true, instance: names[cellInstance[c]!]!, peers: 0 });
      baselineOf[c] = baselines.length;
    }
    const judged = slow.filter((c) => !far.has(cellInstance[c]!));
    if (judged.length === 0) continue;
    const pooled = new Float64Array(peers.reduce((sum, c) => sum + start[c + 1]! - start[c]!, 0));
    let k = 0;
    for (const c of peers) for (let i = start[c]!; i < start[c + 1]!; i++) pooled[k++] = Math.log(ms[i]!);
    const stats = robustStatsInPlace(pooled, new Float64Array(pooled.length), true);
    for (const c of judged) {
      baselines.push({ stats, service, template: true, instance: names[cellInstance[c]!]!, peers: peers.length });
      baselineOf[c] = baselines.length;
    }
  }
  if (baselines.length === 0) return undefined;
  const of = new Int32Array(n);
  for (let row = 0; row < n; row++) if (cellOf[row]! >= 0) of[row] = baselineOf[cellOf[row]!]!;
  return { of, baselines };
}

/** How far apart the peers' medians of two operations must be before a fixed delay and a slower pace tell apart. */
export const FIXED_DELAY_SPAN = 2;
/** How alike an instance's extra times over its peers must be, across its operations, to be one fixed delay. */
export const FIXED_DELAY_SPREAD = 1.5;

/**
 * Instances slow by a fixed delay, not a slower pace: slow for at least two operations whose
 * peers' medians are FIXED_DELAY_SPAN apart or more, with the same extra time on each (within
 * FIXED_DELAY_SPREAD). A host that does the work slower (a bad disk, a canary's build, a busy
 * neighbour) takes longer in proportion to the work: 4 ms becomes 20 and 12 ms 60. One that adds
 * the same 180 ms to a 4 ms heartbeat and a 12 ms flush adds a round trip: a server in another
 * region, whose distance is its everyday from the first minute, not a fault.
 */
function fixedDelayInstances(
  found: readonly { slow: readonly number[]; middle: number }[],
  cellMedian: Float64Array,
  cellInstance: readonly number[],
): Set<number> {
  // Per instance: its operations' peers' medians and its extra time on each, in ms.
  const extra = new Map<number, { base: number[]; over: number[] }>();
  for (const { slow, middle } of found) {
    const base = Math.exp(middle);
    for (const c of slow) {
      const instance = cellInstance[c]!;
      let e = extra.get(instance);
      if (e === undefined) {
        e = { base: [], over: [] };
        extra.set(instance, e);
      }
      e.base.push(base);
      e.over.push(Math.exp(cellMedian[c]!) - base);
    }
  }
  const far = new Set<number>();
  for (const [instance, { base, over }] of extra) {
    if (base.length < 2) continue;
    if (Math.max(...base) < FIXED_DELAY_SPAN * Math.min(...base)) continue;
    if (Math.max(...over) <= FIXED_DELAY_SPREAD * Math.min(...over)) far.add(instance);
  }
  return far;
}

/** Other programs a host must share with its peers before what it alone writes stands out. */
const MIN_SHARED_SERVICES = 2;

/**
 * Per template, the peers of the one instance that writes it when it is a message only one
 * instance of a service writes (0 when it is not): two lines of it or more, every one naming the
 * same instance, and at least MIN_PEERS other instances of its service, each with at least half
 * as many lines of that service, never write it. Instances of a service do the same work, so one
 * that alone writes a failure (a gateway whose bus fails its reads, a replica serving errors) is
 * the odd one however often it writes it: the silence of its peers is the failure's everyday. A
 * message written once is on one instance whatever it is (a RAS log names a node on every line,
 * most nodes once).
 */
export function loneOnInstance(
  templateOf: ArrayLike<number>,
  templates: number,
  groupOf: ArrayLike<number>,
  groups: number,
  instances: InstanceIds,
): Int32Array {
  const n = templateOf.length;
  const lone = new Int32Array(templates);
  // Per template: its only instance so far (-1: none yet, -2: several, or a line naming none).
  const only = new Int32Array(templates).fill(-1);
  const count = new Int32Array(templates);
  const groupOfTemplate = new Int32Array(templates);
  const width = instances.names.length;
  // Lines per service group and instance.
  const lines = new Int32Array(groups * width);
  for (let row = 0; row < n; row++) {
    const t = templateOf[row]!;
    const h = instances.of[row]!;
    groupOfTemplate[t] = groupOf[row]!;
    count[t]!++;
    if (h < 0) {
      only[t] = -2;
      continue;
    }
    lines[groupOf[row]! * width + h]!++;
    if (only[t] === -1) only[t] = h;
    else if (only[t] !== h) only[t] = -2;
  }
  for (let t = 0; t < templates; t++) {
    const h = only[t]!;
    if (h < 0 || count[t]! < 2) continue;
    const g = groupOfTemplate[t]!;
    const own = lines[g * width + h]!;
    let peers = 0;
    for (let p = 0; p < width; p++) if (p !== h && 2 * lines[g * width + p]! >= own) peers++;
    if (peers >= MIN_PEERS) lone[t] = peers;
  }
  return lone;
}

/**
 * Per service group, the peers of the one host it is written on when it is a program only one host
 * of a fleet writes (0 when it is not): every line of it
 * names the same instance, that instance runs at least MIN_SHARED_SERVICES other services, and at
 * least MIN_PEERS other instances run all of those but not this one. Hosts alike in what they
 * run, where only one has this program speaking (a kernel reporting ATA errors, a RAID
 * controller), say that its everyday is silence: however much of its own output is failures,
 * they are not its routine.
 */
export function loneOnHost(groupOf: ArrayLike<number>, instances: InstanceIds, groups: number): Int32Array {
  const n = groupOf.length;
  const lone = new Int32Array(groups);
  const servicesOn = instances.names.map(() => new Set<number>());
  // Per group: its only instance so far (-1: none yet, -2: several, or a line naming none).
  const only = new Int32Array(groups).fill(-1);
  for (let row = 0; row < n; row++) {
    const g = groupOf[row]!;
    const h = instances.of[row]!;
    if (h < 0) {
      only[g] = -2;
      continue;
    }
    servicesOn[h]!.add(g);
    if (only[g] === -1) only[g] = h;
    else if (only[g] !== h) only[g] = -2;
  }
  for (let g = 0; g < groups; g++) {
    const h = only[g]!;
    if (h < 0) continue;
    const others = [...servicesOn[h]!].filter((s) => s !== g);
    if (others.length < MIN_SHARED_SERVICES) continue;
    let peers = 0;
    for (let p = 0; p < servicesOn.length; p++) if (p !== h && !servicesOn[p]!.has(g) && others.every((s) => servicesOn[p]!.has(s))) peers++;
    if (peers >= MIN_PEERS) lone[g] = peers;
  }
  return lone;
}
