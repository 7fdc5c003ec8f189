import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stringify as toYaml } from "yaml";
import {
  ALERTS_FILE,
  ALERT_TESTS_FILE,
  DASHBOARD_FILE,
  PROMETHEUS_FILE,
  ROOT,
  SAMPLE_INCIDENT_FILE,
  alertRules,
  dashboardQueries,
  promqlOperands,
  readJson,
  readText,
  substituteVariables,
  variableQuery,
  type Dashboard,
} from "../helpers/deploy-files.js";
import { freePort, run, startProcess, waitFor, which, type Proc } from "../helpers/process.js";
import { transpiled } from "../helpers/service.js";

/**
 * The service (node, as `npm start` runs it) against the test server, a real Prometheus
 * (Debian's `prometheus` package) scraping it every second with prometheus/alerts.yml loaded.
 * Incidents go through the API and the stream, invalid events are dead-lettered, then every
 * dashboard query and every alert operand must return data, the dead-letter alert must fire and
 * no other, and promtool must accept the rules, their unit tests, the config and /metrics.
 */

const JOB = "anomaly-detection-service";
const PROMETHEUS = which("prometheus", process.env.PROMETHEUS_BIN);
const PROMTOOL = which("promtool", process.env.PROMTOOL_BIN);

type Sample = { metric: Record<string, string>; value: [number, string] };

const prefix = `obs${randomBytes(4).toString("hex")}`;
const keys = {
  logs: (id: string) => `${prefix}:incident:${id}:logs`,
  incidents: `${prefix}:incidents:created`,
  anomalies: `${prefix}:anomalies:detected`,
  dlq: `${prefix}:incidents:created:dlq`,
};
const incident = { a: `${prefix}-INC-A`, b: `${prefix}-INC-B`, c: `${prefix}-INC-C`, demo: `${prefix}-INC-D` };

let tmp: string;
let redis: Redis;
let svc: Proc;
let prom: Proc;
let port: number;
let base: string;
let promUrl: string;
const apiStatus: Record<string, number> = {};
const eventIds: Record<string, string> = {};
let demoRun: { code: number | string; stdout: string; stderr: string } | undefined;
let metricsText = "";
/** /metrics as soon as the service answered /health, before any incident. */
let startMetricsText = "";

async function query(expr: string): Promise<Sample[]> {
  const res = await fetch(`${promUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query: expr }) });
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
  if (body.status !== "success") throw new Error(`${body.error ?? res.status} in: ${expr}`);
  const { resultType, result } = body.data!;
  return resultType === "scalar" ? [{ metric: {}, value: result as [number, string] }] : (result as Sample[]);
}

async function promApi<T>(p: string): Promise<T> {
  const body = (await (await fetch(`${promUrl}${p}`)).json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`${p}: ${body.error}`);
  return body.data;
}

async function post(pathname: string, body: unknown): Promise<Response> {
  return fetch(`${base}${pathname}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** The anomaly stream's entries as field records. */
async function results(): Promise<Array<Record<string, string>>> {
  const entries = (await redis.xrange(keys.anomalies, "-", "+")) as Array<[string, string[]]>;
  return entries.map(([, f]) => Object.fromEntries(f.flatMap((v, i) => (i % 2 === 0 ? [[v, f[i + 1] ?? ""]] : []))));
}

beforeAll(async () => {
  if (!PROMETHEUS || !PROMTOOL) throw new Error("prometheus and promtool are needed: apt-get install prometheus (or set PROMETHEUS_BIN / PROMTOOL_BIN)");
  const valkeyUrl = inject("valkeyUrl");
  tmp = await mkdtemp(path.join(os.tmpdir(), "observability-"));
  redis = new Redis(valkeyUrl, { maxRetriesPerRequest: 1 });
  const logs = readText(SAMPLE_INCIDENT_FILE).trim().split("\n");
  for (const id of [incident.a, incident.b, incident.c]) await redis.rpush(keys.logs(id), ...logs);

  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = startProcess(process.execPath, [transpiled("src/main.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENVIRONMENT: "test",
      LOG_LEVEL: "info",
      VALKEY_URL: valkeyUrl,
      VALKEY_AUTOSTART: "false",
      HOST: "127.0.0.1",
      PORT: String(port),
      INCIDENT_LOGS_KEY: keys.logs("{incident_id}"),
      INCIDENT_STREAM: keys.incidents,
      ANOMALY_STREAM: keys.anomalies,
      CONSUMER_GROUP: `${prefix}-group`,
      CONSUMER_NAME: `${prefix}-consumer`,
      CONSUMER_START_FROM: "beginning",
      CONSUMER_BLOCK_MS: "200",
      NO_LOGS_RETRIES: "0",
      SHUTDOWN_TIMEOUT_MS: "5000",
      // As the task definition runs it: one detection thread started with the service (its
      // warm-up, seconds of CPU, has tests of its own).
      DETECTION_THREADS_READY: "1",
      DETECTION_THREAD_WARMUP_ROUNDS: "0",
    },
  });
  await waitFor("the service's /health", async () => (await fetch(`${base}/health`)).status === 200, 30_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${svc.output()}`);
  });
  startMetricsText = await (await fetch(`${base}/metrics`)).text();

  const promPort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  const config = {
    global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
    rule_files: [path.join(ROOT, ALERTS_FILE)],
    scrape_configs: [{ job_name: JOB, static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
  };
  await writeFile(path.join(tmp, "prometheus.yml"), toYaml(config));
  prom = startProcess(PROMETHEUS, [
    `--config.file=${path.join(tmp, "prometheus.yml")}`,
    `--storage.tsdb.path=${path.join(tmp, "data")}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    "--log.level=warn",
  ]);
  await waitFor("Prometheus ready", async () => (await fetch(`${promUrl}/-/ready`)).ok, 20_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${prom.output()}`);
  });

  // Through the API: two incidents, an unknown one (404) and a bad body (400).
  for (const [name, req] of [
    ["a", { incident_id: incident.a }],
    ["b", { incident_id: incident.b, time_window_hours: 2, confidence_threshold: 0.5 }],
    ["unknown", { incident_id: `${prefix}-missing` }],
    ["invalid", { incident_id: "no spaces allowed" }],
  ] as const) {
    apiStatus[name] = (await post("/detect-anomalies", req)).status;
  }
  apiStatus.docs = (await fetch(`${base}/docs/json`)).status;

  // Through the stream: three incidents, then an event without incident_id (dead-lettered).
  for (const id of [incident.a, incident.b, incident.c]) eventIds[id] = (await redis.xadd(keys.incidents, "*", "incident_id", id))!;
  await redis.xadd(keys.incidents, "*", "foo", "bar");
  // A counter series starts at its first increment; a second dead letter after Prometheus has
  // seen the first makes increase() > 0, so the dead-letter alert has something to fire on.
  await waitFor("the first dead letter scraped", async () => (await query(`anomaly_stream_events_dead_lettered_total{job="${JOB}"}`)).length > 0, 20_000);
  await redis.xadd(keys.incidents, "*", "not_an_incident", "x");

  // The compose demo's script, against the test server, when a CLI is at hand (plain TCP only).
  const u = new URL(valkeyUrl);
  if ((which("valkey-cli") || which("redis-cli")) && u.protocol === "redis:") {
    demoRun = await run("sh", [path.join(ROOT, "examples/load-incident.sh")], {
      env: {
        PATH: process.env.PATH,
        VALKEY_HOST: u.hostname,
        VALKEY_PORT: u.port || "6379",
        ...(u.password ? { VALKEY_PASSWORD: decodeURIComponent(u.password) } : {}),
        INCIDENT_ID: incident.demo,
        LOGS_FILE: path.join(ROOT, SAMPLE_INCIDENT_FILE),
        INCIDENT_LOGS_KEY: keys.logs("{incident_id}"),
        INCIDENT_STREAM: keys.incidents,
        ANOMALY_STREAM: keys.anomalies,
        WAIT_SECONDS: "30",
      },
      timeoutMs: 40_000,
    });
  }

  const expected = [incident.a, incident.b, incident.c, ...(demoRun ? [incident.demo] : [])];
  await waitFor(
    "a result entry for every incident event",
    async () => {
      const got = new Set((await results()).map((r) => r.incident_id));
      return expected.every((id) => got.has(id));
    },
    30_000,
  );
  await waitFor("two dead letters", async () => (await redis.xlen(keys.dlq)) >= 2, 20_000);
  apiStatus.latest = (await fetch(`${base}/anomalies/${incident.c}`)).status;
  apiStatus.health = (await fetch(`${base}/health`)).status;
  metricsText = await (await fetch(`${base}/metrics`)).text();

  // Everything above must be in Prometheus before the queries run.
  const done = Date.now() / 1000;
  await waitFor(
    "a scrape after the last event",
    async () => {
      const [s] = await query(`timestamp(up{job="${JOB}"})`);
      return s !== undefined && Number(s.value[1]) > done + 0.5;
    },
    20_000,
  );
  await waitFor(
    "both dead letters scraped",
    async () => Number((await query(`sum(anomaly_stream_events_dead_lettered_total{job="${JOB}"})`))[0]?.value[1]) === 2,
    20_000,
  );
});

afterAll(async () => {
  await prom?.stop("SIGTERM", 5000);
  await svc?.stop("SIGKILL");
  if (redis) {
    const mine = await redis.keys(`${prefix}*`);
    if (mine.length) await redis.del(...mine);
    redis.disconnect();
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("observability against a live Prometheus", () => {
  const dashboard = readJson<Dashboard>(DASHBOARD_FILE);
  const vars = () => ({ job: JOB, instance: `127.0.0.1:${port}`, __rate_interval: "1m", __interval: "5s", __range: "5m" });

  it("the service answered the API and the stream as expected", async () => {
    expect(apiStatus).toEqual({ a: 200, b: 200, unknown: 404, invalid: 400, docs: 200, latest: 200, health: 200 });
    const byIncident = new Map((await results()).map((r) => [r.incident_id, r]));
    for (const id of [incident.a, incident.b, incident.c]) {
      expect(byIncident.get(id)?.status, id).toBe("ok");
      expect(byIncident.get(id)?.source_event_id, id).toBe(eventIds[id]);
      expect(Number(byIncident.get(id)?.anomalies_detected), id).toBeGreaterThan(0);
    }
    expect(await redis.xlen(keys.dlq)).toBe(2);
  });

  it("the compose demo script loads an incident, publishes its event and prints the result", () => {
    if (!demoRun) throw new Error("the demo script needs valkey-cli/redis-cli on PATH and a plain-TCP test server (.ci/run installs the CLI)");
    expect(demoRun.code, demoRun.stderr).toBe(0);
    expect(demoRun.stdout).toContain(`stored 200 logs in ${keys.logs(incident.demo)} `);
    expect(demoRun.stdout).toContain(`"incident_id":"${incident.demo}"`);
  });

  it("every query of every dashboard panel returns data", async () => {
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const q of queries) {
      const expr = substituteVariables(q.expr, vars());
      try {
        const result = await query(expr);
        if (result.length === 0) failures.push(`${q.panel} [${q.refId}] returned no series: ${expr}`);
        else if (!result.some((s) => Number.isFinite(Number(s.value[1])))) failures.push(`${q.panel} [${q.refId}] returned only NaN/Inf: ${expr}`);
      } catch (err) {
        failures.push(`${q.panel} [${q.refId}] failed: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("the template variables list the scraped job and instance", async () => {
    const expected: Record<string, string> = { job: JOB, instance: `127.0.0.1:${port}` };
    for (const v of dashboard.templating.list.filter((x) => x.type === "query")) {
      const m = /^label_values\((.+),\s*(\w+)\)$/.exec(variableQuery(v));
      expect(m, v.name).not.toBeNull();
      const selector = substituteVariables(m![1]!, { job: JOB });
      const values = await promApi<string[]>(`/api/v1/label/${m![2]}/values?${new URLSearchParams({ "match[]": selector })}`);
      expect(values, v.name).toContain(expected[v.name]);
    }
  });

  it("Prometheus loaded every alert rule and each operand of each rule returns data", async () => {
    type Rule = { name: string; type: string; query: string; health: string; lastError?: string };
    const loaded = await waitFor("every rule evaluated", async () => {
      const groups = (await promApi<{ groups: Array<{ rules: Rule[] }> }>("/api/v1/rules")).groups;
      const rules = groups.flatMap((g) => g.rules).filter((r) => r.type === "alerting");
      return rules.length > 0 && rules.every((r) => r.health !== "unknown") ? rules : undefined;
    });
    expect(loaded.map((r) => r.name).sort()).toEqual(
      alertRules()
        .map((r) => r.alert)
        .sort(),
    );
    const failures: string[] = [];
    for (const rule of loaded) {
      if (rule.health !== "ok") failures.push(`${rule.name}: health ${rule.health} ${rule.lastError ?? ""}`);
      for (const operand of promqlOperands(rule.query)) {
        try {
          if ((await query(operand)).length === 0) failures.push(`${rule.name}: no series for ${operand}`);
        } catch (err) {
          failures.push(`${rule.name}: ${(err as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("the dead-letter alert fires, and a healthy service raises no other alert", async () => {
    type Alert = { labels: Record<string, string>; state: string };
    const alerts = await waitFor(
      "AnomalyDeadLettersGrowing firing",
      async () => {
        const list = (await promApi<{ alerts: Alert[] }>("/api/v1/alerts")).alerts;
        return list.some((a) => a.labels.alertname === "AnomalyDeadLettersGrowing" && a.state === "firing") ? list : undefined;
      },
      15_000,
    );
    expect(alerts.map((a) => `${a.labels.alertname} ${a.labels.reason ?? ""} ${a.state}`)).toEqual(["AnomalyDeadLettersGrowing invalid firing"]);
  });

  it("promtool accepts the rules, their unit tests and the compose config", async () => {
    const checks = [
      await run(PROMTOOL!, ["check", "rules", path.join(ROOT, ALERTS_FILE)]),
      await run(PROMTOOL!, ["test", "rules", path.basename(ALERT_TESTS_FILE)], { cwd: path.join(ROOT, path.dirname(ALERT_TESTS_FILE)) }),
      await run(PROMTOOL!, ["check", "config", path.join(ROOT, PROMETHEUS_FILE)]),
    ];
    for (const c of checks) expect(c.code, `${c.stdout}\n${c.stderr}`).toBe(0);
  });

  it("starts the ready detection thread with the service, before any incident", () => {
    expect(startMetricsText).toMatch(/^anomaly_detection_threads 1$/m);
  });

  it("promtool check metrics accepts the live /metrics", async () => {
    expect(metricsText).toContain("anomaly_stream_consumer_up");
    const c = await run(PROMTOOL!, ["check", "metrics"], { input: metricsText });
    expect(c.code, `${c.stdout}\n${c.stderr}`).toBe(0);
  });

  it("logs one JSON object per line with service and environment, and each detection with its ids, duration and counts", () => {
    const lines = svc.stdout.filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l, JSON.stringify(l)).toMatchObject({ service: "anomaly-detection-service", environment: "test" });
    const counts = { duration_ms: expect.any(Number), processed_logs: expect.any(Number), anomalies_detected: expect.any(Number) };
    // API: the request id and the incident id.
    expect(
      lines.find((l) => l.incident_id === incident.b && typeof l.request_id === "string" && typeof l.duration_ms === "number" && "anomalies_detected" in l),
    ).toMatchObject({
      request_id: expect.any(String),
      ...counts,
    });
    // Stream: the incident id and the stream event id (incident C only came through the stream).
    const streamLine = lines.find((l) => l.incident_id === incident.c && Object.values(l).includes(eventIds[incident.c]) && "anomalies_detected" in l);
    expect(streamLine, "a log line of the stream detection with the event id").toMatchObject(counts);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    expect(await svc.stop("SIGTERM", 10_000), svc.output()).toBe(0);
  });
});
