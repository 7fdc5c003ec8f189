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
  /** The looping units: the service or instance name and the words of the first line that said so. */
  units: { name: string; sign: string }[];
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
export function crashLoops(input: CrashLoopInput): CrashLoops | undefined {
  const { messages, templateOf, services, groupOf, instances } = input;
  const n = templateOf.length;
  const signs: number[] = [];
  for (let i = 0; i < n; i++) if (input.loops(templateOf[i]!) || input.restarts(templateOf[i]!)) signs.push(i);
  if (signs.length === 0) return undefined;
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
    units.push({ name, sign: found.get(name)!.sign });
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
    const own = unitIds.get(instances?.[i] ?? "") ?? unitIds.get(services[groupOf[i]!]!);
    if (own !== undefined) unitOf[i] = own + 1;
    else
      for (let u = 0; u < units.length; u++)
        if (nameAt(messages[i]!, units[u]!.name) >= 0) {
          unitOf[i] = u + 1;
          break;
        }
  }
  return { unitOf, units };
}
