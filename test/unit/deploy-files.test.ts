import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startNodeArgs } from "../../scripts/start-command.js";
import { configSchema, loadConfig } from "../../src/config.js";
import { createMetrics } from "../../src/metrics.js";
import { buildKeys, hashTagOf } from "../../src/valkey/keys.js";
import {
  ALERTS_FILE,
  COMPOSE_FILE,
  DASHBOARD_FILE,
  DASHBOARD_PROVIDERS_FILE,
  DATASOURCES_FILE,
  DEPLOYMENT_DOCS_FILE,
  DOCS_FILE,
  PROMETHEUS_FILE,
  ROOT,
  SAMPLE_INCIDENT_FILE,
  SERVICE_NAME_IN_COMPOSE,
  alertRules,
  allPanels,
  bindMounts,
  compose,
  composeEnv,
  containerPorts,
  dashboardQueries,
  dockerfileStages,
  healthcheckCommand,
  instructions,
  metricNames,
  readJson,
  readText,
  readYaml,
  stageEnv,
  stageNamed,
  taskDefinition,
  variableQuery,
  type Dashboard,
} from "../helpers/deploy-files.js";

/**
 * The deployment files parse and agree with each other and with the service: the dashboard and
 * the provisioning, the alert rules and the scrape job, the task definition and compose file
 * with src/config.ts, every metric with src/metrics.ts. Live behaviour is checked in
 * test/integration/observability.test.ts and dockerfile-runtime.test.ts.
 */

const CONFIG_KEYS = new Set(Object.keys(configSchema.shape));
const DEFAULTS = loadConfig({});

const metrics = createMetrics();
const REGISTERED = new Map(
  metrics.registry.getMetricsAsArray().map((m) => {
    const x = m as unknown as { name: string; type: string; labelNames?: readonly string[] };
    return [x.name, { type: x.type, labels: [...(x.labelNames ?? [])] }] as const;
  }),
);
/** The service's own series (prom-client's default process_/nodejs_ ones excluded). */
const SERVICE_METRICS = [...REGISTERED.keys()].filter((n) => !/^(process|nodejs)_/.test(n));

/** True when `name` is exported: a registered metric, a histogram's _bucket/_sum/_count, or `up`. */
function isExported(name: string): boolean {
  if (name === "up" || REGISTERED.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return base !== name && REGISTERED.get(base)?.type === "histogram";
}

const dashboard = readJson<Dashboard>(DASHBOARD_FILE);
const datasources = readYaml<{ apiVersion: number; datasources: Array<{ name: string; uid: string; type: string; url: string; isDefault?: boolean }> }>(
  DATASOURCES_FILE,
);
const providers = readYaml<{ apiVersion: number; providers: Array<{ name: string; type: string; options: { path: string } }> }>(DASHBOARD_PROVIDERS_FILE);
const stack = compose();
const app = stack.services[SERVICE_NAME_IN_COMPOSE]!;
const docs = readText(DOCS_FILE);

describe("Grafana dashboard and provisioning", () => {
  const ds = datasources.datasources;

  it("provisions exactly one Prometheus data source with a fixed uid, reachable in compose", () => {
    expect(datasources.apiVersion).toBe(1);
    expect(ds).toHaveLength(1);
    const [prom] = ds;
    expect(prom!.type).toBe("prometheus");
    expect(prom!.uid).toMatch(/^[\w-]{1,40}$/);
    const url = new URL(prom!.url);
    const target = stack.services[url.hostname];
    expect(target, `data source url ${prom!.url} names no compose service`).toBeDefined();
    expect(containerPorts(target!)).toContain(Number(url.port));
  });

  it("every panel, target and template variable uses the provisioned data source", () => {
    const uid = ds[0]!.uid;
    const panels = allPanels(dashboard).filter((p) => p.type !== "row");
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) {
      expect(p.datasource, p.title).toEqual({ type: "prometheus", uid });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets!) expect(t.datasource ?? p.datasource, `${p.title} ${t.refId}`).toEqual({ type: "prometheus", uid });
    }
    for (const v of dashboard.templating.list.filter((x) => x.type === "query")) expect(v.datasource, v.name).toEqual({ type: "prometheus", uid });
  });

  it("links its incident panels and itself to the incident pages under the public_url variable", () => {
    const pages = ["$", "{public_url}/incidents"].join(""); // Grafana's variable syntax, not a template literal
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.get("public_url")).toMatchObject({ type: "textbox", query: `http://localhost:${DEFAULTS.PORT}` });
    const linked = allPanels(dashboard)
      .filter((p) => p.links?.some((l) => l.url === pages))
      .map((p) => p.title);
    expect(linked).toEqual(["Anomalies in range", "Anomalies detected per minute by type"]);
    expect(dashboard.links?.map((l) => l.url)).toContain(pages);
  });

  it("has job and instance template variables, and every selector uses both", () => {
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect([...vars.keys()].sort()).toEqual(["instance", "job", "public_url"]);
    expect(variableQuery(vars.get("job")!)).toMatch(/^label_values\(\w+, job\)$/);
    expect(variableQuery(vars.get("instance")!)).toMatch(/^label_values\(\w+\{job=~"\$job"\}, instance\)$/);
    for (const q of dashboardQueries(dashboard)) {
      const selectors = [...q.expr.matchAll(/\b[a-z_:][a-z0-9_:]*\{([^}]*)\}/g)];
      expect(selectors.length, `${q.panel}: ${q.expr}`).toBeGreaterThan(0);
      for (const s of selectors) {
        expect(s[1], `${q.panel}: ${q.expr}`).toContain('job=~"$job"');
        expect(s[1], `${q.panel}: ${q.expr}`).toContain('instance=~"$instance"');
      }
    }
  });

  it("groups panels in rows, with unique ids, inside the 24-column grid and without overlaps", () => {
    const panels = allPanels(dashboard);
    expect(panels[0]!.type).toBe("row");
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of panels) {
      const g = p.gridPos!;
      expect(g.x + g.w, p.title).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell), `${p.title} overlaps another panel at ${cell}`).toBe(false);
          cells.add(cell);
        }
      }
    }
    const rows = panels.filter((p) => p.type === "row").map((p) => p.title);
    expect(rows).toEqual(["Overview", "Detection", "Stream consumer", "HTTP", "Valkey", "Process", "Feedback"]);
  });

  it("has the panels on-call needs", () => {
    const exprs = dashboardQueries(dashboard).map((q) => q.expr);
    const has = (re: RegExp) =>
      expect(
        exprs.some((e) => re.test(e)),
        String(re),
      ).toBe(true);
    has(/sum by \(type\) \(rate\(anomalies_detected_total\{/);
    has(/sum by \(trigger, outcome\) \(rate\(anomaly_detections_total\{/);
    for (const q of ["0.5", "0.95", "0.99"])
      has(new RegExp(`histogram_quantile\\(${q}, sum by \\(le, trigger\\) \\(rate\\(anomaly_detection_duration_seconds_bucket\\{`));
    has(/rate\(anomaly_logs_processed_total\{/);
    has(/anomaly_stream_lag\{/);
    has(/anomaly_stream_pending\{/);
    has(/anomaly_stream_events_dead_lettered_total\{/);
    has(/sum by \(route, status_code\) \(rate\(http_requests_total\{/);
    has(/status_code=~"5\.\."/);
    has(/anomaly_valkey_up\{/);
    has(/process_resident_memory_bytes\{/);
    has(/rate\(process_cpu_seconds_total\{/);
    has(/nodejs_eventloop_lag_p99_seconds\{/);
    has(/sum by \(by\) \(rate\(anomaly_suppressed_lines_total\{/);
    has(/sum by \(verdict\) \(increase\(anomaly_feedback_total\{/);
    has(/anomaly_suppressions_active\{/);
  });

  it("charts every series the service exports and nothing it does not", () => {
    const used = new Set(dashboardQueries(dashboard).flatMap((q) => metricNames(q.expr)));
    for (const name of used) expect(isExported(name), `${name} is not exported by src/metrics.ts`).toBe(true);
    const charted = (m: string) => [...used].some((u) => u === m || u.replace(/_(bucket|sum|count)$/, "") === m);
    expect(SERVICE_METRICS.filter((m) => !charted(m))).toEqual([]);
  });

  it("the dashboards provider loads the directory compose mounts grafana/dashboards at", () => {
    expect(providers.apiVersion).toBe(1);
    const grafana = stack.services.grafana!;
    const mounts = new Map(bindMounts(grafana));
    expect(providers.providers).toHaveLength(1);
    expect(providers.providers[0]!.type).toBe("file");
    expect(mounts.get("./grafana/dashboards")).toBe(providers.providers[0]!.options.path);
    expect(mounts.get("./grafana/provisioning")).toBe("/etc/grafana/provisioning");
    const env = composeEnv(grafana);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe("true");
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe("Viewer");
    expect(env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(path.posix.join(providers.providers[0]!.options.path, path.basename(DASHBOARD_FILE)));
  });
});

describe("Prometheus configuration and alert rules", () => {
  const prom = readYaml<{
    rule_files: string[];
    scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
  }>(PROMETHEUS_FILE);
  const rules = alertRules();

  it("scrapes the compose service's /metrics on its PORT and loads the rules file", () => {
    expect(prom.scrape_configs).toHaveLength(1);
    const job = prom.scrape_configs[0]!;
    expect(job.metrics_path ?? "/metrics").toBe("/metrics");
    expect(job.static_configs[0]!.targets).toEqual([`${SERVICE_NAME_IN_COMPOSE}:${DEFAULTS.PORT}`]);
    expect(prom.rule_files.map((f) => path.join(path.dirname(PROMETHEUS_FILE), f))).toEqual([ALERTS_FILE]);
    const mounts = new Map(bindMounts(stack.services.prometheus!));
    expect(mounts.get("./prometheus")).toBe("/etc/prometheus");
  });

  it("has the required alerts, each with severity, summary and description", () => {
    const byName = new Map(rules.map((r) => [r.alert, r]));
    expect(byName.size).toBe(rules.length);
    const need: Record<string, RegExp> = {
      AnomalyDeadLettersGrowing: /increase\(anomaly_stream_events_dead_lettered_total\{/,
      AnomalyStreamLagGrowing: /deriv\(anomaly_stream_lag\{/,
      AnomalyNoConsumerAlive: /anomaly_stream_consumer_up\{/,
      AnomalyHttpErrorRatioHigh: /status_code=~"5\.\."/,
      AnomalyValkeyUnreachable: /anomaly_valkey_up\{/,
    };
    for (const [name, re] of Object.entries(need)) expect(byName.get(name)?.expr, name).toMatch(re);
    for (const r of rules) {
      expect(["critical", "warning"], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      expect(r.annotations?.description, r.alert).toBeTruthy();
    }
  });

  it("rules select the scrape job by name and only metrics the service exports", () => {
    const job = prom.scrape_configs[0]!.job_name;
    for (const r of rules) {
      const jobs = [...r.expr.matchAll(/job="([^"]*)"/g)].map((m) => m[1]);
      expect(jobs.length, r.alert).toBeGreaterThan(0);
      for (const j of jobs) expect(j, r.alert).toBe(job);
      for (const name of metricNames(r.expr)) expect(isExported(name), `${r.alert}: ${name}`).toBe(true);
    }
  });
});

describe("ECS task definition", () => {
  const { task, container } = taskDefinition();
  const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));

  it("is a Fargate task of 1 vCPU and 2 GB", () => {
    expect(task.requiresCompatibilities).toEqual(["FARGATE"]);
    expect(task.networkMode).toBe("awsvpc");
    expect(task.cpu).toBe("1024");
    expect(task.memory).toBe("2048");
    expect(task.containerDefinitions).toHaveLength(1);
    expect(container.essential).toBe(true);
  });

  it("sizes detection for 1 vCPU and 2 GB as docs/deployment.md advises", () => {
    const c = loadConfig({ ...env, VALKEY_PASSWORD: "x" });
    // One core: no helper thread beside the detection worker; 2 GB: one large incident at a time.
    expect(c.DETECTION_FOREST_THREAD).toBe(false);
    expect(c.DETECTION_THREADS).toBe(1);
    expect(c.MAX_LOGS_PER_INCIDENT).toBeLessThanOrEqual(DEFAULTS.MAX_LOGS_PER_INCIDENT);
  });

  it("names only variables src/config.ts reads, each once", () => {
    const names = container.environment.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !CONFIG_KEYS.has(n))).toEqual([]);
    for (const s of container.secrets ?? []) expect(CONFIG_KEYS.has(s.name), s.name).toBe(true);
  });

  it("takes VALKEY_PASSWORD from Secrets Manager, never as a literal", () => {
    expect(Object.keys(env).filter((n) => /PASSWORD|SECRET|TOKEN/.test(n))).toEqual([]);
    const secret = (container.secrets ?? []).find((s) => s.name === "VALKEY_PASSWORD");
    expect(secret?.valueFrom).toMatch(/^arn:aws:secretsmanager:<REGION>:<ACCOUNT_ID>:secret:/);
    expect(task.executionRoleArn).toMatch(/^arn:aws:iam::<ACCOUNT_ID>:role\//);
  });

  it("is a valid production configuration once the secret is injected (TLS, cluster, one hash slot)", () => {
    expect(() => loadConfig(env), "production without VALKEY_PASSWORD must be refused").toThrow(/VALKEY_PASSWORD/);
    const c = loadConfig({ ...env, VALKEY_PASSWORD: "from-secrets-manager" });
    expect(c.ENVIRONMENT).toBe("production");
    expect(c.VALKEY_TLS).toBe(true);
    expect(c.VALKEY_CLUSTER).toBe(true);
    expect(c.VALKEY_AUTOSTART).toBe(false);
    // The publish-and-acknowledge script touches these keys together: one slot in cluster mode.
    const keys = buildKeys(c);
    const touched = [keys.incidentStream, keys.anomalyStream, keys.deadLetterStream, keys.processedMarker("1-0"), keys.latestResult("INC-1")];
    expect(new Set(touched.map(hashTagOf)).size, touched.join(", ")).toBe(1);
  });

  it("exposes PORT, checks /health like the Dockerfile, and stops within the graceful shutdown", () => {
    const c = loadConfig({ ...env, VALKEY_PASSWORD: "x" });
    expect(container.portMappings.map((p) => p.containerPort)).toEqual([c.PORT]);
    expect(c.PORT).toBe(DEFAULTS.PORT);
    const hc = container.healthCheck!;
    expect(hc.command[0]).toBe("CMD");
    expect(hc.command.slice(1)).toEqual(healthcheckCommand(instructions(stageNamed(dockerfileStages(), "runtime"), "HEALTHCHECK")[0]!));
    expect(hc.command.join(" ")).toContain("/health");
    // main.ts exits on its own SHUTDOWN_TIMEOUT_MS + 2 s after SIGTERM; ECS must wait at least that.
    expect(container.stopTimeout).toBeGreaterThanOrEqual(c.SHUTDOWN_TIMEOUT_MS / 1000 + 2);
    expect(container.stopTimeout).toBeLessThanOrEqual(120);
    expect(container.readonlyRootFilesystem).toBe(true);
  });

  it("logs with awslogs, and every placeholder is documented", () => {
    expect(container.logConfiguration?.logDriver).toBe("awslogs");
    expect(Object.keys(container.logConfiguration?.options ?? {})).toEqual(
      expect.arrayContaining(["awslogs-group", "awslogs-region", "awslogs-stream-prefix"]),
    );
    const placeholders = new Set(readText("anomaly-task-definition.json").match(/<[A-Z_]+>/g));
    expect(placeholders.size).toBeGreaterThan(0);
    const deploymentDocs = readText(DEPLOYMENT_DOCS_FILE);
    for (const p of placeholders) expect(deploymentDocs, `${p} is not explained in ${DEPLOYMENT_DOCS_FILE}`).toContain(p);
  });
});

describe("Dockerfile", () => {
  const stages = dockerfileStages();
  const build = stageNamed(stages, "build");
  const runtime = stageNamed(stages, "runtime");

  it("builds with dev dependencies and runs with production ones only", () => {
    expect(stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    const buildRuns = instructions(build, "RUN").join("\n");
    expect(buildRuns).toMatch(/npm ci\b/);
    expect(buildRuns).not.toMatch(/--omit=dev/);
    expect(buildRuns).toMatch(/npm run build/);
    expect(instructions(runtime, "RUN").join("\n")).toMatch(/npm ci --omit=dev/);
    expect(instructions(runtime, "COPY")).toContain("--from=build /app/dist ./dist");
  });

  it("runs node dist/main.js as a non-root user with NODE_ENV=production, port and health check", () => {
    const user = instructions(runtime, "USER");
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(stageEnv(runtime).NODE_ENV).toBe("production");
    expect(stageEnv(runtime).ENVIRONMENT, "ENVIRONMENT is the deployer's choice").toBeUndefined();
    expect(instructions(runtime, "EXPOSE")).toEqual([String(DEFAULTS.PORT)]);
    const cmd = JSON.parse(instructions(runtime, "CMD")[0]!) as string[];
    const pkg = readJson<{ main: string }>("package.json");
    // The image starts the service as npm start does, with the same node options.
    expect(cmd).toEqual(["node", ...startNodeArgs(ROOT), pkg.main]);
    const hc = healthcheckCommand(instructions(runtime, "HEALTHCHECK")[0]!);
    expect(hc[0]).toBe("node");
    expect(hc.join(" ")).toContain("/health");
  });

  it(".dockerignore keeps what the build copies and drops the rest", () => {
    const patterns = readText(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const copied = stages
      .flatMap((s) => instructions(s, "COPY"))
      .filter((a) => !a.startsWith("--from"))
      .flatMap((a) => a.split(/\s+/).slice(0, -1));
    expect(copied.length).toBeGreaterThan(0);
    for (const src of copied) {
      expect(existsSync(path.join(ROOT, src)), src).toBe(true);
      expect(dockerIgnored(src, patterns), `${src} is copied by the Dockerfile but excluded by .dockerignore`).toBe(false);
    }
    expect(dockerIgnored("src/main.ts", patterns)).toBe(false);
    for (const out of ["node_modules/zod/package.json", "dist/main.js", ".git/HEAD", "test/global-setup.ts", ".env", "docs/deployment.md", "Dockerfile"]) {
      expect(dockerIgnored(out, patterns), out).toBe(true);
    }
  });
});

/** Docker's rule: the last pattern matching the path or one of its parent folders decides; `!` re-includes. */
function dockerIgnored(file: string, patterns: string[]): boolean {
  const prefixes = file.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith("!");
    const glob = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, "");
    const re = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*/g, "\u0000")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")
        .replace(/\u0000/g, ".*")}$`,
    );
    if (prefixes.some((p) => re.test(p))) ignored = !negate;
  }
  return ignored;
}

describe("docker-compose", () => {
  it("runs Valkey with persistence, a volume and a ping health check", () => {
    const v = stack.services.valkey!;
    expect(v.image).toBe("valkey/valkey:8");
    expect(([] as string[]).concat(v.command ?? []).join(" ")).toMatch(/--appendonly yes/);
    expect(v.volumes?.some((m) => m.endsWith(":/data") && stack.volumes !== undefined && m.split(":")[0]! in stack.volumes)).toBe(true);
    expect(([] as string[]).concat(v.healthcheck?.test ?? []).join(" ")).toMatch(/valkey-cli ping/);
  });

  it("configures the service with variables src/config.ts reads, as a valid configuration", () => {
    expect(app.build).toBeDefined();
    const env = composeEnv(app);
    expect(Object.keys(env).filter((n) => !CONFIG_KEYS.has(n))).toEqual([]);
    expect(env).toMatchObject({ VALKEY_HOST: "valkey", ENVIRONMENT: "development", VALKEY_AUTOSTART: "false" });
    const c = loadConfig(env);
    expect(stack.services[c.VALKEY_HOST], "VALKEY_HOST names a compose service").toBeDefined();
    expect(containerPorts(app)).toEqual([c.PORT]);
    expect(app.depends_on).toMatchObject({ valkey: { condition: "service_healthy" } });
    expect(Number.parseInt(app.stop_grace_period ?? "10s", 10)).toBeGreaterThanOrEqual(c.SHUTDOWN_TIMEOUT_MS / 1000 + 2);
  });

  it("has a one-shot demo, in the demo profile, that uses the Valkey image and the sample incident", () => {
    const demo = stack.services.demo!;
    expect(demo.profiles).toEqual(["demo"]);
    expect(demo.image).toBe(stack.services.valkey!.image);
    const mounts = new Map(bindMounts(demo));
    const examples = mounts.get("./examples")!;
    expect(examples).toBeDefined();
    const entry = ([] as string[]).concat(demo.entrypoint ?? []);
    const script = entry.find((a) => a.startsWith(`${examples}/`))!;
    expect(existsSync(path.join(ROOT, "examples", path.posix.relative(examples, script)))).toBe(true);
    const env = composeEnv(demo);
    expect(existsSync(path.join(ROOT, "examples", path.posix.relative(examples, env.LOGS_FILE!)))).toBe(true);
    // The script's default key names are the service's defaults.
    const text = readText("examples/load-incident.sh");
    // The same setting names as the service, and its defaults.
    expect(text).toContain(`DEFAULT_LOGS_KEY='${DEFAULTS.INCIDENT_LOGS_KEY}'`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
    expect(text).toContain("${INCIDENT_LOGS_KEY:-$DEFAULT_LOGS_KEY}");
    expect(text).toContain(`INCIDENT_STREAM:-${DEFAULTS.INCIDENT_STREAM}`);
    expect(text).toContain(`ANOMALY_STREAM:-${DEFAULTS.ANOMALY_STREAM}}:latest:$ID`);
    expect(buildKeys(DEFAULTS).latestResult("X")).toBe(`${DEFAULTS.ANOMALY_STREAM}:latest:X`);
  });

  it("ships a sample incident of JSON logs with obvious anomalies", () => {
    const logs = readText(SAMPLE_INCIDENT_FILE)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { message: string; level: string });
    expect(logs.length).toBeGreaterThanOrEqual(100);
    const text = logs.map((l) => `${l.level} ${l.message}`).join("\n");
    expect(text).toMatch(/timeout after 30s/);
    expect(text).toMatch(/OutOfMemoryError/);
    expect(text).toMatch(/FATAL/);
  });
});

describe(`${DOCS_FILE}`, () => {
  it("lists every service metric with its labels, every alert and every dashboard row", () => {
    // One table row per metric: | `name` | type | `label`, ... (or none) | meaning |
    for (const name of SERVICE_METRICS) {
      const row = docs.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, `${name} has no row in the metrics table`).toBeDefined();
      const cells = row!.split("|").map((c) => c.trim());
      expect(cells[2], `${name}: type`).toBe(REGISTERED.get(name)!.type);
      const labels = [...(cells[3] ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1]);
      expect(labels, `${name}: labels`).toEqual(REGISTERED.get(name)!.labels);
    }
    for (const r of alertRules()) expect(docs, r.alert).toContain(r.alert);
    for (const p of allPanels(dashboard).filter((x) => x.type === "row")) expect(docs, `row ${p.title}`).toContain(`**${p.title}**`);
    expect(docs).toContain(COMPOSE_FILE);
  });
});
