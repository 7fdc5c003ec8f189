/**
 * Units of work in a crash loop: a service, or one instance of it, that a line of what restarts
 * it names with a crash loop's words (message-metrics.ts crashLoopSign: kubelet's "Back-off
 * restarting failed container decoder in pod radar-decoder-2_radar", systemd's
 * "fermentd.service: Start request repeated too quickly"; its restart counter, "restart counter is
 * at 7", where a failure also names the unit, since the counter counts clean exits' restarts
 * too). A process that keeps
 * dying fails the same way at each start, as regularly as a timer ticks and from before the
 * window: its failures are the incident, however routine their share and their clock make them
 * look. So are other programs' failures that name it (systemd's "fermentd.service: Main process
 * exited, code=exited, status=1/FAILURE", a broker's "Socket error on client fermentd-1").
 */

export interface CrashLoops {
  /** Per row: index + 1 into `units` where the line is a failure of a unit in a crash loop, else 0. */
  unitOf: Int32Array;
  /** The looping units: the service or instance name, the words of the first line that said so, and how many times it failed (its most frequent failure's count). */
  units: { name: string; sign: string; failures: number }[];
  /**
   * Per row: index + 1 into `units` where the line is one the unit, or what restarts it, writes
   * once at each of its restarts without failing (its start-up banner, "Started fermentd.service",
   * "Stopped ..."), else 0 (restartLines).
   */
  restartOf: Int32Array;
}

/** Names shorter than this are not looked for in messages ("db", "api" are words too). */
const MIN_NAME = 4;

const isNameChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Where `name` occurs in `text` as a whole name (not inside a longer word), or -1. An underscore
 * may follow it: kubelet names a pod `<pod>_<namespace>`; the longest name found wins anyway.
 */
function nameAt(text: string, name: string): number {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = at === 0 ? 32 : text.charCodeAt(at - 1);
    const end = at + name.length;
    const after = end === text.length ? 32 : text.charCodeAt(end);
    if (!isNameChar(before) && (after === 95 || !isNameChar(after))) return at;
  }
  return -1;
}

export interface CrashLoopInput {
  messages: readonly string[];
  templateOf: Int32Array;
  /** Per template: whether its text says its process is crash-looping (message-metrics.ts crashLoopSign). */
  loops: (template: number) => boolean;
  /** Per template: whether its text counts a restart (restartSign): a crash loop's sign where a failure names the unit too. */
  restarts: (template: number) => boolean;
  /** The words of the sign in a line's message. */
  signIn: (message: string) => string | undefined;
  services: readonly string[];
  groupOf: Int32Array;
  instances: readonly (string | undefined)[] | undefined;
  /** Whether row i reports a failure (ERROR or worse, or a failure named). */
  failing: (i: number) => boolean;
}

/** The looping units and their failing lines; undefined when no line says a process is crash-looping. */
export function crashLoops(given: CrashLoopInput): CrashLoops | undefined {
  const { messages, templateOf, services, groupOf, instances } = given;
  const n = templateOf.length;
  const signs: number[] = [];
  for (let i = 0; i < n; i++) if (given.loops(templateOf[i]!) || given.restarts(templateOf[i]!)) signs.push(i);
  if (signs.length === 0) return undefined;
  // Each row's failing is asked by up to three passes below, and it may run a regular expression.
  const failed = new Int8Array(n).fill(-1);
  const input: CrashLoopInput = {
    ...given,
    failing: (i) => {
      if (failed[i] === -1) failed[i] = given.failing(i) ? 1 : 0;
      return failed[i] === 1;
    },
  };
  const names = new Set<string>();
  for (const s of services) if (s.length >= MIN_NAME) names.add(s);
  if (instances) for (const s of instances) if (s !== undefined && s.length >= MIN_NAME) names.add(s);
  // Each sign's unit: the longest name its line holds (the instance radar-decoder-2 over its service).
  const found = new Map<string, { sign: string; counted: boolean }>();
  for (const i of signs) {
    let best: string | undefined;
    for (const name of names)
      if (name !== services[groupOf[i]!] && (best === undefined || name.length > best.length) && nameAt(messages[i]!, name) >= 0) best = name;
    if (best === undefined) continue;
    const counted = !input.loops(templateOf[i]!);
    const had = found.get(best);
    if (had === undefined || (had.counted && !counted)) found.set(best, { sign: input.signIn(messages[i]!) ?? "", counted });
  }
  const units: CrashLoops["units"] = [];
  const unitIds = new Map<string, number>();
  const add = (name: string): void => {
    unitIds.set(name, units.length);
    units.push({ name, sign: found.get(name)!.sign, failures: 0 });
  };
  for (const [name, f] of found) if (!f.counted) add(name);
  // A counted restart is a crash loop's only where a failure of the unit, or naming it, is there too.
  const counted = [...found].filter(([, f]) => f.counted).map(([name]) => name);
  if (counted.length > 0)
    for (let i = 0; i < n && unitIds.size < found.size; i++) {
      if (!input.failing(i) || input.restarts(templateOf[i]!)) continue;
      for (const name of counted)
        if (!unitIds.has(name) && (instances?.[i] === name || services[groupOf[i]!] === name || nameAt(messages[i]!, name) >= 0)) add(name);
    }
  if (units.length === 0) return undefined;
  const unitOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    if (!input.failing(i) && !input.loops(id) && !input.restarts(id)) continue;
    unitOf[i] = unitOfRow(input, i, units, unitIds);
  }
  return { unitOf, units, restartOf: restartLines(input, unitOf, units, unitIds) };
}

/** The unit (index + 1) row i is of, by its instance or service, or that its message names; 0 for none. */
function unitOfRow(input: CrashLoopInput, i: number, units: CrashLoops["units"], unitIds: Map<string, number>): number {
  const own = unitIds.get(input.instances?.[i] ?? "") ?? unitIds.get(input.services[input.groupOf[i]!]!);
  if (own !== undefined) return own + 1;
  for (let u = 0; u < units.length; u++) if (nameAt(input.messages[i]!, units[u]!.name) >= 0) return u + 1;
  return 0;
}

/** Fewer failures than this cannot tell a line written once a restart from a coincidence of counts. */
const MIN_RESTARTS = 5;
/** How far a line's count may be from its unit's failures' and still be written once a restart. */
const RESTART_COUNT_TOLERANCE = 0.2;

/**
 * The lines a looping unit writes once at each restart without failing: a process that dies at
 * each start also starts each time, and its start-up banner, its connections opened and
 * systemd's "Started"/"Stopped" lines come round as often as its failures do. A message of the
 * unit, or naming it, whose count is within RESTART_COUNT_TOLERANCE of the unit's most frequent
 * failure is one. Its healthy work between deaths is written many times a cycle, or not at all.
 */
function restartLines(input: CrashLoopInput, unitOf: Int32Array, units: CrashLoops["units"], unitIds: Map<string, number>): Int32Array {
  const { templateOf } = input;
  const n = templateOf.length;
  const restartOf = new Int32Array(n);
  const key = (u: number, id: number): number => id * units.length + u;
  const failures = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (unitOf[i] === 0) continue;
    const k = key(unitOf[i]! - 1, templateOf[i]!);
    failures.set(k, (failures.get(k) ?? 0) + 1);
  }
  for (const [k, count] of failures) {
    const unit = units[k % units.length]!;
    unit.failures = Math.max(unit.failures, count);
  }
  if (!units.some((u) => u.failures >= MIN_RESTARTS)) return restartOf;
  const others = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (unitOf[i] !== 0 || input.failing(i)) continue;
    const u = unitOfRow(input, i, units, unitIds);
    if (u === 0 || units[u - 1]!.failures < MIN_RESTARTS) continue;
    restartOf[i] = u;
    const k = key(u - 1, templateOf[i]!);
    others.set(k, (others.get(k) ?? 0) + 1);
  }
  for (let i = 0; i < n; i++) {
    const u = restartOf[i]!;
    if (u === 0) continue;
    const count = others.get(key(u - 1, templateOf[i]!))!;
    const expected = units[u - 1]!.failures;
    if (Math.abs(count - expected) > RESTART_COUNT_TOLERANCE * expected) restartOf[i] = 0;
  }
  return restartOf;
}
