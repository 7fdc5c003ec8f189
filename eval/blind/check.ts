// Sanity checks and a summary of the blind evaluation set.
// Run: /work/main/node_modules/.bin/tsx /work/blindwork/check.ts

import { blindCascades, blindScenarios, blindSequences, type AnomalyType, type Scenario } from "./eval/blind/index.js";

const MSG_KEYS = ["message", "msg", "log", "text", "body"];
const TS_KEYS = ["timestamp", "@timestamp", "time", "ts", "datetime"];
const SVC_KEYS = ["service", "service_name", "app", "application", "component", "logger", "source"];
const TYPES: AnomalyType[] = ["performance", "memory", "error", "pattern"];

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

function parseTime(v: unknown): number | null {
  if (typeof v === "number" || (typeof v === "string" && /^\d+(\.\d+)?$/.test(v))) {
    const n = Number(v);
    if (n < 1e11) return n * 1000;
    if (n < 1e14) return n;
    if (n < 1e17) return n / 1000;
    return n / 1e6;
  }
  if (typeof v === "string") {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function timeOf(e: Record<string, unknown>): number | null {
  for (const k of TS_KEYS) if (k in e) return parseTime(e[k]);
  return null;
}
function serviceOf(e: Record<string, unknown>): string | undefined {
  for (const k of SVC_KEYS) if (typeof e[k] === "string") return e[k] as string;
  return undefined;
}

function fmtSpan(ms: number): string {
  const m = Math.round(ms / 60000);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m` : `${m}m`;
}

/** Validate one scenario and return its summary row. */
function scenarioRow(s: Scenario, where: string): string {
  check(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.name), `${where}: name not kebab-case: ${s.name}`);
  check(s.description.length > 10 && !s.description.includes("\n"), `${where}: description must be one line`);
  check(s.labels.length === s.logs.length, `${where}: labels ${s.labels.length} != logs ${s.logs.length}`);
  const times: number[] = [];
  s.logs.forEach((e, i) => {
    if (typeof e !== "object" || e === null || Array.isArray(e)) return check(false, `${where}[${i}]: not a JSON object`);
    const m = MSG_KEYS.find((k) => typeof e[k] === "string" && (e[k] as string).length > 0);
    check(m !== undefined, `${where}[${i}]: no message field`);
    const t = timeOf(e);
    check(t !== null, `${where}[${i}]: no parseable timestamp field`);
    if (t !== null) times.push(t);
    const l = s.labels[i];
    check(l === null || (l !== undefined && TYPES.includes(l)), `${where}[${i}]: bad label ${String(l)}`);
  });
  for (let i = 1; i < times.length; i++) {
    if (times[i]! + 1 < times[i - 1]!) {
      check(false, `${where}: not oldest-first at line ${i}`);
      break;
    }
  }
  const by: Record<string, number> = {};
  for (const l of s.labels) if (l) by[l] = (by[l] ?? 0) + 1;
  const anom = s.labels.filter((l) => l !== null).length;
  const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
  const types = TYPES.filter((t) => by[t]).map((t) => `${t[0]}${t.slice(1, 4)}=${by[t]}`).join(" ");
  return `${s.name.padEnd(44)} ${String(s.logs.length).padStart(5)} ${String(anom).padStart(5)} ${((100 * anom) / Math.max(1, s.logs.length)).toFixed(1).padStart(5)}%  ${fmtSpan(span).padStart(6)}  ${types}`;
}

const header = `${"name".padEnd(44)} ${"lines".padStart(5)} ${"anom".padStart(5)} ${"share".padStart(6)}  ${"span".padStart(6)}  by type`;

// ---- determinism
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const s1 = blindScenarios(1);
check(same(s1, blindScenarios(1)), "blindScenarios(1) is not deterministic");
check(!same(s1, blindScenarios(2)), "blindScenarios(1) and (2) are identical");
const c1 = blindCascades(1);
check(same(c1, blindCascades(1)), "blindCascades(1) is not deterministic");
check(!same(c1, blindCascades(2)), "blindCascades(1) and (2) are identical");
const q1 = blindSequences(1);
check(same(q1, blindSequences(1)), "blindSequences(1) is not deterministic");
check(!same(q1, blindSequences(2)), "blindSequences(1) and (2) are identical");
check(blindCascades(1, 5).length === 5, "blindCascades count parameter ignored");

// ---- scenarios
console.log(`\n== blindScenarios(1): ${s1.length} scenarios\n${header}`);
check(s1.length >= 10, "fewer than 10 scenarios");
check(new Set(s1.map((s) => s.name)).size === s1.length, "scenario names not unique");
for (const s of s1) {
  console.log(scenarioRow(s, s.name));
  check(s.logs.length >= 2000 && s.logs.length <= 8000, `${s.name}: ${s.logs.length} lines, outside 2000-8000`);
}
const outage = s1.find((s) => s.name.startsWith("majority-outage"));
check(!!outage && outage.labels.filter((l) => l).length > outage.labels.length / 2, "majority outage is not mostly anomalous");

// ---- cascades
console.log(`\n== blindCascades(1): ${c1.length} cascades\n${header}  | root, onset, services`);
check(c1.length === 20, "default cascade count is not 20");
check(new Set(c1.map((s) => s.name)).size === c1.length, "cascade names not unique");
for (const c of c1) {
  const row = scenarioRow(c, c.name);
  const times = c.logs.map(timeOf).filter((t): t is number => t !== null);
  const firstIdx = c.labels.findIndex((l) => l !== null);
  const first = firstIdx >= 0 ? c.logs[firstIdx] : undefined;
  const t0 = first ? timeOf(first) : null;
  const frac = (c.onsetMs - Math.min(...times)) / (Math.max(...times) - Math.min(...times));
  console.log(`${row}  | ${c.rootService} @${(frac * 100).toFixed(0)}% [${c.services.join(",")}]`);
  check(c.services.length >= 3 && c.services.length <= 8, `${c.name}: ${c.services.length} services`);
  check(c.services.includes(c.rootService), `${c.name}: root not in services`);
  check(t0 !== null && Math.abs(t0 - c.onsetMs) <= 2, `${c.name}: first labelled line is not at onsetMs`);
  check(!!first && serviceOf(first) === c.rootService, `${c.name}: first labelled line is not from the root`);
  const labelled = new Set(c.logs.filter((_, i) => c.labels[i] !== null).map(serviceOf));
  for (const s of c.services) check(labelled.has(s), `${c.name}: service ${s} has no labelled line`);
}
const quiet = c1.filter((c) => {
  const count = (svc: string): number => c.logs.filter((e) => serviceOf(e) === svc).length;
  return c.services.some((s) => s !== c.rootService && count(s) > 3 * count(c.rootService));
}).length;
console.log(`cascades where some caller writes >3x the root's lines: ${quiet}`);

// ---- sequences
console.log(`\n== blindSequences(1): ${q1.length} sequences`);
check(q1.length >= 3, "fewer than 3 sequences");
for (const q of q1) {
  console.log(`\n-- ${q.name} (${q.incidents.length} incidents, history ${q.historyCount}): ${q.description}\n${header}`);
  check(q.incidents.length >= 6 && q.incidents.length <= 10, `${q.name}: ${q.incidents.length} incidents`);
  check(q.historyCount >= 1 && q.historyCount < q.incidents.length, `${q.name}: bad historyCount`);
  let prevEnd = -Infinity;
  q.incidents.forEach((inc, k) => {
    console.log(scenarioRow(inc, `${q.name}/${inc.name}`));
    const anom = inc.labels.filter((l) => l !== null).length;
    if (k < q.historyCount) check(anom === 0, `${q.name}/${inc.name}: history incident has labels`);
    else check(anom > 0, `${q.name}/${inc.name}: later incident has no anomaly`);
    const times = inc.logs.map(timeOf).filter((t): t is number => t !== null);
    check(Math.min(...times) > prevEnd + 6 * 3600_000, `${q.name}/${inc.name}: not days after the previous incident`);
    prevEnd = Math.max(...times);
  });
}

if (failures.length > 0) {
  console.log(`\nFAILED (${failures.length}):\n${failures.slice(0, 40).join("\n")}`);
  throw new Error(`${failures.length} check(s) failed`);
}
console.log("\nall checks passed");
