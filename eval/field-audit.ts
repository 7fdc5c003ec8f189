/**
 * `npm run eval:fields [-- --family NAME] [--seed N]`: where the reader leaves a producer's field
 * unread, found from field names and counts only, so it can be run on the families nobody reads.
 * Per scenario and service, a field whose values look like a duration, an HTTP status, a level of
 * WARNING or worse, or a host, on lines the reader took none of those from. The names are guesses
 * (`queue_wait_ms` is a wait, not a request's time): each gap is a question for the reader, not a
 * bug by itself.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LogRecord } from "../src/logs/log-record.js";
import { normalizeLog } from "../src/logs/normalize.js";

export interface FieldGap {
  service: string;
  field: string;
  kind: "duration" | "status" | "level" | "instance";
  /** Lines of the service carrying the field. */
  lines: number;
  /** Of those, lines the reader took this kind of value from (any field). */
  read: number;
}

const DURATION_KEY = /duration|latency|elapsed|took|time_?ms|response_?time|_ms$|_us$|_ns$|seconds$|_s$/i;
/** camelCase units (`waitMs`, `tookMillis`), case-sensitive: `items` is no duration. */
const DURATION_CAMEL = /[a-z](Ms|Millis|Seconds)$/;
const NOT_DURATION_KEY = /stamp|^time$|^timeMillis$|date|start|end|^ts$|@t$/i;
const STATUS_KEY = /status|code/i;
const INSTANCE_KEY = /host|pod|machine|node|instance|container|server/i;
const WARN_LEVEL = /^(warn|warning|error|err|fatal|crit|critical|severe|alert|emerg|panic)$/i;
/** Fields seen on fewer lines of a service than this are left out: too few to say anything. */
const MIN_LINES = 20;

/** A log's fields as dotted paths, three objects deep (containers and envelopes included). */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>, depth: number): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix === "" ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && depth < 3) flatten(v, key, out, depth + 1);
    else out.set(key, v);
  }
}

const numeric = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;

/** The kind a field's value suggests by its name and value, or undefined. */
function kindOf(key: string, value: unknown): FieldGap["kind"] | undefined {
  const last = key.slice(key.lastIndexOf(".") + 1);
  const n = numeric(value);
  if (n !== undefined && (DURATION_KEY.test(last) || DURATION_CAMEL.test(last)) && !NOT_DURATION_KEY.test(last)) return "duration";
  if (n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599 && STATUS_KEY.test(last)) return "status";
  if (typeof value === "string" && WARN_LEVEL.test(value)) return "level";
  if (typeof value === "string" && value !== "" && value.length <= 253 && INSTANCE_KEY.test(last)) return "instance";
  return undefined;
}

/** Whether the reader took a value of this kind from the line. */
function readKind(r: LogRecord, kind: FieldGap["kind"]): boolean {
  if (kind === "duration") return r.responseTimeMs !== undefined;
  if (kind === "status") return r.httpStatus !== undefined;
  if (kind === "level") return r.level !== "INFO" && r.level !== "DEBUG";
  return r.instance !== undefined;
}

/** The gaps of one scenario's logs: fields of a kind on lines that the reader took no such value from. */
export function fieldGaps(logs: readonly unknown[]): FieldGap[] {
  const tally = new Map<string, FieldGap>();
  for (const [i, entry] of logs.entries()) {
    const read = normalizeLog(entry, i);
    if (!read.ok) continue;
    const r = read.record;
    const fields = new Map<string, unknown>();
    flatten(entry, "", fields, 0);
    for (const [field, value] of fields) {
      const kind = kindOf(field, value);
      if (kind === undefined) continue;
      const id = `${r.service}\u0000${field}\u0000${kind}`;
      let gap = tally.get(id);
      if (gap === undefined) {
        gap = { service: r.service, field, kind, lines: 0, read: 0 };
        tally.set(id, gap);
      }
      gap.lines++;
      if (readKind(r, kind)) gap.read++;
    }
  }
  // A level field is a gap only when its warnings are not read; the others when most lines go unread.
  return [...tally.values()].filter((g) => (g.kind === "level" ? g.lines >= 3 && g.read < g.lines / 2 : g.lines >= MIN_LINES && g.read < g.lines / 2));
}

type Build = (seed: number) => { name: string; logs: unknown[] }[];

/** The families written blind: each directory of eval/ whose index exports a `...Scenarios(seed)`. */
async function families(): Promise<{ name: string; build: Build }[]> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out: { name: string; build: Build }[] = [];
  for (const name of readdirSync(here).sort()) {
    if (!statSync(path.join(here, name)).isDirectory()) continue;
    const mod = (await import(`./${name}/index.js`)) as Record<string, unknown>;
    const build = Object.entries(mod).find(([k, v]) => k.endsWith("Scenarios") && typeof v === "function")?.[1] as Build | undefined;
    if (build !== undefined) out.push({ name, build });
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const only = at("--family");
  const seed = Number(at("--seed") ?? 1);
  if (!Number.isInteger(seed)) throw new Error(`--seed takes an integer, not ${at("--seed")}`);
  const all = await families();
  const chosen = only === undefined ? all : all.filter((f) => f.name === only);
  if (chosen.length === 0) throw new Error(`no family ${only}: one of ${all.map((f) => f.name).join(", ")}`);
  console.log("| family | scenario | service | field | looks like | lines | read |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const family of chosen) {
    for (const sc of family.build(seed)) {
      for (const g of fieldGaps(sc.logs)) console.log(`| ${family.name} | ${sc.name} | ${g.service} | \`${g.field}\` | ${g.kind} | ${g.lines} | ${g.read} |`);
    }
  }
}

if (process.argv[1]?.endsWith("field-audit.ts")) await main();
