import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

/** Readers for the deployment files at the repository root, shared by unit and integration checks. */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const DASHBOARD_FILE = "grafana/dashboards/anomaly-detection-service.json";
export const DATASOURCES_FILE = "grafana/provisioning/datasources/prometheus.yml";
export const DASHBOARD_PROVIDERS_FILE = "grafana/provisioning/dashboards/dashboards.yml";
export const ALERTS_FILE = "prometheus/alerts.yml";
export const ALERT_TESTS_FILE = "prometheus/alerts.test.yml";
export const PROMETHEUS_FILE = "prometheus/prometheus.yml";
export const COMPOSE_FILE = "docker-compose.yml";
export const TASK_DEFINITION_FILE = "anomaly-task-definition.json";
/** The operations manual: metrics, dashboard rows and alerts. */
export const DOCS_FILE = "docs/operations.md";
/** The deployment manual: compose, the ECS task definition and its placeholders. */
export const DEPLOYMENT_DOCS_FILE = "docs/deployment.md";
export const SAMPLE_INCIDENT_FILE = "examples/sample-incident.jsonl";

export const readText = (rel: string): string => readFileSync(path.join(ROOT, rel), "utf8");
export const readJson = <T = unknown>(rel: string): T => JSON.parse(readText(rel)) as T;
export const readYaml = <T = unknown>(rel: string): T => parseYaml(readText(rel)) as T;

// ---------- Grafana ----------

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId?: string;
  expr?: string;
  datasource?: DataSourceRef;
}

export interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: DataSourceRef;
  gridPos?: { h: number; w: number; x: number; y: number };
  targets?: Target[];
  panels?: Panel[];
  collapsed?: boolean;
  links?: Array<{ title: string; url: string }>;
}

export interface TemplateVariable {
  name: string;
  type: string;
  datasource?: DataSourceRef;
  definition?: string;
  query?: string | { query?: string };
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: TemplateVariable[] };
  links?: Array<{ title: string; url: string }>;
}

/** Every panel, rows included, with the panels of collapsed rows flattened in. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
}

export function dashboardQueries(d: Dashboard): PanelQuery[] {
  return allPanels(d)
    .filter((p) => p.type !== "row")
    .flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title ?? `panel ${p.id}`, refId: t.refId ?? "?", expr: t.expr ?? "" })));
}

export function variableQuery(v: TemplateVariable): string {
  return typeof v.query === "string" ? v.query : (v.query?.query ?? v.definition ?? "");
}

/**
 * Replaces Grafana variables ($name, ${name}, ${name:format}) with the given values; throws on
 * one it was not given, so a new variable cannot slip through unchecked.
 */
export function substituteVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values[name];
    if (value === undefined) throw new Error(`no value for Grafana variable $${name} in: ${expr}`);
    return value;
  });
}

// ---------- PromQL ----------

const WORD = /[A-Za-z0-9_:]/;
const SET_OPERATORS = new Set(["and", "or", "unless"]);

/**
 * Splits a PromQL expression at its top-level comparison and set operators (==, !=, >=, <=, >, <,
 * and, or, unless), keeping parenthesised sub-expressions whole. Numeric literals are dropped,
 * so what remains are the parts that must each return series for the whole to be meaningful.
 * `absent(x)` is returned as `x`: it is empty exactly when x has data.
 */
export function promqlOperands(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  const cut = (end: number, next: number) => {
    parts.push(expr.slice(start, end));
    start = next;
  };
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") depth--;
    else if (depth === 0) {
      const two = expr.slice(i, i + 2);
      if (two === "==" || two === "!=" || two === ">=" || two === "<=") {
        cut(i, i + 2);
        i++;
      } else if (c === ">" || c === "<") {
        cut(i, i + 1);
      } else if (/[a-z]/.test(c) && (i === 0 || !WORD.test(expr[i - 1]!))) {
        const word = /^[a-z]+/.exec(expr.slice(i))![0];
        if (SET_OPERATORS.has(word) && !WORD.test(expr[i + word.length] ?? " ")) {
          cut(i, i + word.length);
          i += word.length - 1;
        }
      }
    }
  }
  parts.push(expr.slice(start));
  return parts
    .map((p) => p.trim().replace(/^bool\s+/, ""))
    .filter((p) => p !== "" && !/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(p))
    .map((p) => /^absent\s*\(([\s\S]*)\)$/.exec(p)?.[1]?.trim() ?? p)
    .flatMap((p) => {
      // A wholly parenthesised operand, e.g. (a or b): each of a and b must return data too.
      const inner = unwrapParens(p);
      const nested = inner === undefined ? [] : promqlOperands(inner);
      return nested.length > 1 ? [p, ...nested] : [p];
    });
}

/** The inside of "( ... )" when the first parenthesis closes at the very end, else undefined. */
function unwrapParens(p: string): string | undefined {
  if (!p.startsWith("(") || !p.endsWith(")")) return undefined;
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "(") depth++;
    else if (p[i] === ")" && --depth === 0) return i === p.length - 1 ? p.slice(1, -1) : undefined;
  }
  return undefined;
}

/** Metric names an expression selects (service, prom-client default and Prometheus `up`). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const stripped = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of stripped.matchAll(/\b((?:anomaly|anomalies|http|process|nodejs)_[A-Za-z0-9_]+|up)\b\s*(?=[{[)\s]|$)/g)) {
    names.add(m[1]!);
  }
  return [...names];
}

// ---------- Prometheus rules ----------

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const doc = readYaml<{ groups: Array<{ name: string; rules: AlertRule[] }> }>(ALERTS_FILE);
  return doc.groups.flatMap((g) => g.rules);
}

// ---------- Dockerfile ----------

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Stages of the Dockerfile with their instructions (continuations joined, comments dropped). */
export function dockerfileStages(text = readText("Dockerfile")): Stage[] {
  const logical = text
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (keyword === "FROM") {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: f?.[1] ?? args, name: f?.[2], instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1]!.instructions.push({ keyword, args });
    }
  }
  return stages;
}

export function stageNamed(stages: Stage[], name: string): Stage {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`Dockerfile has no stage named ${name}`);
  return s;
}

export function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** A RUN command without BuildKit flags such as --mount=type=cache,... */
export function runCommand(args: string): string {
  return args.replace(/^(--[\w-]+=\S+\s+)+/, "");
}

/** The exec-form command of HEALTHCHECK ... CMD [...] (options stripped). */
export function healthcheckCommand(args: string): string[] {
  const m = /\bCMD\s+(\[[\s\S]*\])\s*$/.exec(args);
  if (!m) throw new Error(`HEALTHCHECK is not in exec form: ${args}`);
  return JSON.parse(m[1]!) as string[];
}

/** ENV lines as a record (KEY=value form). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const a of instructions(stage, "ENV")) {
    for (const m of a.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, "");
  }
  return env;
}

// ---------- ECS task definition ----------

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  portMappings: Array<{ containerPort: number; protocol?: string }>;
  environment: Array<{ name: string; value: string }>;
  secrets?: Array<{ name: string; valueFrom: string }>;
  logConfiguration?: { logDriver: string; options?: Record<string, string> };
  healthCheck?: { command: string[]; interval?: number; timeout?: number; retries?: number; startPeriod?: number };
  stopTimeout?: number;
  readonlyRootFilesystem?: boolean;
}

export interface TaskDefinition {
  family: string;
  networkMode: string;
  requiresCompatibilities: string[];
  cpu: string;
  memory: string;
  executionRoleArn?: string;
  containerDefinitions: ContainerDefinition[];
}

export function taskDefinition(): { task: TaskDefinition; container: ContainerDefinition } {
  const task = readJson<TaskDefinition>(TASK_DEFINITION_FILE);
  const container = task.containerDefinitions[0];
  if (!container) throw new Error("the task definition has no container");
  return { task, container };
}

// ---------- docker-compose ----------

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
  profiles?: string[];
  stop_grace_period?: string;
  read_only?: boolean;
}

export interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const SERVICE_NAME_IN_COMPOSE = "anomaly-detection-service";

export function compose(): Compose {
  return readYaml<Compose>(COMPOSE_FILE);
}

export function composeEnv(s: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(s.environment)) {
    for (const e of s.environment) {
      const i = e.indexOf("=");
      env[i === -1 ? e : e.slice(0, i)] = i === -1 ? "" : e.slice(i + 1);
    }
  } else {
    for (const [k, v] of Object.entries(s.environment ?? {})) env[k] = v === null ? "" : String(v);
  }
  return env;
}

/** "./host:/container[:ro]" volumes as [host, container]. */
export function bindMounts(s: ComposeService): Array<[string, string]> {
  return (s.volumes ?? []).map((v) => v.split(":")).map((p) => [p[0] ?? "", p[1] ?? ""] as [string, string]);
}

/** Container port of "host:container" or "${VAR:-host}:container". */
export function containerPorts(s: ComposeService): number[] {
  return (s.ports ?? []).map((p) => Number(p.split(":").pop()));
}
