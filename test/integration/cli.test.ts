import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIncidentLogs } from "../../src/cli/demo-incident.js";
import { stagingKey } from "../../src/cli/commands/load.js";
import { EXIT, type CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import type { Config } from "../../src/config.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import { buildKeys, type Keys } from "../../src/valkey/keys.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, stable } from "../helpers/consumer.js";
import { LOGHUB_DIR, loghubLines, storeAsList } from "../helpers/logs.js";
import { freePort, run, startProcess, type Proc } from "../helpers/process.js";
import { transpiled, startService, waitFor, type ServiceProcess } from "../helpers/service.js";
import { newTestPrefix, testKeyNames } from "../helpers/test-keys.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

/**
 * The operator CLI against the test server: each command in this process through runCli (fast,
 * output collected), and as a real process where the exit code or a signal is the point.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SAMPLES = ["apache_2k", "hadoop_2k", "hdfs_2k", "openstack_2k", "spark_2k", "zookeeper_2k"];

interface Setup {
  /** The CLI's environment: the test's own key names, the admin user (an operator). */
  env: Record<string, string>;
  /** The same names for the service side (its least-privilege ACL user). */
  config: Config;
  keys: Keys;
}

function setup(extra: Record<string, string> = {}): Setup {
  const names = testKeyNames(newTestPrefix());
  const config = testConfig(names);
  return { env: { ENVIRONMENT: "test", MEMORY: "off", VALKEY_URL: valkeyUrl(), ...names, ...extra }, config, keys: buildKeys(config) };
}

async function cli(args: string[], env: Record<string, string>, stdin = "") {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    env,
    signal: new AbortController().signal,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const processEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env });

/** The CLI as a real process, from the TypeScript sources. */
function cliProcess(args: string[], env: Record<string, string>) {
  return run(process.execPath, [transpiled("src/cli/main.ts"), ...args], { cwd: ROOT, env: processEnv(env), timeoutMs: 45_000 });
}

let r: Redis;
let tmp: string;
/** 150 logs with four planted problems, as JSON lines. */
let demoFile: string;

beforeAll(() => {
  r = testClient();
  tmp = mkdtempSync(path.join(os.tmpdir(), "cli-test-"));
  demoFile = path.join(tmp, "incident.jsonl");
  writeFileSync(
    demoFile,
    demoIncidentLogs(Date.parse("2025-09-19T08:00:00Z"))
      .map((l) => JSON.stringify(l))
      .join("\n"),
  );
});
afterAll(() => {
  r.disconnect();
  rmSync(tmp, { recursive: true, force: true });
});

/** What two answers for the same logs share, whatever the key they came from. */
function comparable(answer: Record<string, unknown>): Record<string, unknown> {
  // Offline there are no suppressions or verdicts: the service's answer says it suppressed nothing.
  const { logs_key: _k, key_type: _t, suppressed, ...rest } = stable(answer);
  const { suppressed_lines, ...summary } = rest.summary as Record<string, unknown>;
  if (suppressed !== undefined) expect(suppressed).toEqual([]);
  if (suppressed_lines !== undefined) expect(suppressed_lines).toBe(0);
  return { ...rest, summary };
}

describe("cli analyze (offline) on the Loghub samples", () => {
  let s: Setup;
  let t: TestApp;
  beforeAll(async () => {
    s = setup();
    t = await buildTestApp(s.config);
  });
  afterAll(async () => t.close());

  it.each(SAMPLES)("gives for %s the answer POST /detect-anomalies gives for the same logs in Valkey", async (name) => {
    const file = path.join(LOGHUB_DIR, `${name}.jsonl`);
    const res = await cli(["analyze", "--json", "--window-hours", "8784", "--incident-id", name, file], s.env);
    expect(res.code, res.stderr).toBe(EXIT.OK);
    const offline = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(offline).toMatchObject({ incident_id: name, logs_key: file, key_type: "file", skipped_logs: 0 });

    await storeAsList(r, s.keys.incidentLogs(name), loghubLines(`${name}.jsonl`));
    const api = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: name, time_window_hours: 8784 } });
    expect(api.statusCode).toBe(200);
    expect(comparable(offline)).toEqual(comparable(api.json()));
  });

  it("runs as a process: a table and a summary, --fail-on exit 1, a bad flag exit 2", async () => {
    const file = path.join(LOGHUB_DIR, "hdfs_2k.jsonl");
    const [table, failing, usage] = await Promise.all([
      // Through the bin shim, as `npx anomaly-detect` runs it.
      run(process.execPath, ["bin/anomaly-detect.js", "analyze", "--window-hours", "8784", "--width", "100", file], {
        cwd: ROOT,
        env: processEnv(s.env),
        timeoutMs: 45_000,
      }),
      cliProcess(["analyze", "--window-hours", "8784", "--fail-on", "any", file], s.env),
      cliProcess(["analyze", "--threshold", "1.5", file], s.env),
    ]);
    expect(table.code, table.stderr).toBe(EXIT.OK);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^LOG_INDEX\s+(TIME|\d{4}-\d{2}-\d{2})\s+SERVICE\s+TYPE\s+CONF\s+LINES\s+MESSAGE$/);
    const rows = lines.slice(0, lines.indexOf(""));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(100);
    // Outside a terminal nothing of a reason is cut: each finding's reasons are under its row, whole.
    const answer = JSON.parse((await cli(["analyze", "--json", "--window-hours", "8784", file], s.env)).stdout) as DetectResponse;
    const text = rows.map((l) => l.trim()).join(" ");
    for (const f of answer.findings) for (const reason of f.reasons.slice(0, 3)) expect(text).toContain(reason);
    expect(rows.filter((l) => /^\s*\d+ {2}(\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2} )/.test(l))).toHaveLength(answer.findings.length);
    expect(table.stdout).toContain("LOG_INDEX counts from 0, as the API's log_index: line N of");
    expect(table.stdout).toMatch(/2,000 logs analysed \(isolation_forest\) in the 8784 h window/);
    expect(table.stdout).toMatch(/\d+ anomal(y|ies) in \d+ findings? at confidence >= 0.7: /);
    expect(failing.code, failing.stderr).toBe(EXIT.ANOMALIES);
    expect(usage.code).toBe(EXIT.USAGE);
    expect(usage.stderr).toMatch(/--threshold: must be between 0 and 1/);
  });
});

describe("cli load", () => {
  let s: Setup;
  let t: TestApp;
  beforeAll(async () => {
    s = setup();
    t = await buildTestApp(s.config);
  });
  afterAll(async () => t.close());

  it.each(["list", "stream", "zset"])("stores a file as a %s the service reads to the same answer as analyze", async (layout) => {
    const id = `load-${layout}`;
    const res = await cli(["load", "--as", layout, "--batch", "40", id, demoFile], s.env);
    expect(res.code, res.stderr).toBe(EXIT.OK);
    expect(res.stdout).toContain(`stored 150 logs from ${demoFile} in ${s.keys.incidentLogs(id)} (${layout}; `);
    expect(await r.type(s.keys.incidentLogs(id))).toBe(layout);

    const api = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: id } });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ key_type: layout, processed_logs: 150, skipped_logs: 0 });
    const offline = JSON.parse((await cli(["analyze", "--json", "--incident-id", id, demoFile], s.env)).stdout) as Record<string, unknown>;
    const strip = (x: Record<string, unknown>) => ({
      ...comparable(x),
      anomalies: (x.anomalies as Record<string, unknown>[]).map(({ stream_id: _s, ...a }) => a),
    });
    expect(strip(api.json())).toEqual(strip(offline));
  });

  it("refuses to overwrite without --replace, appends with --append, reads standard input, sets --ttl", async () => {
    const key = s.keys.incidentLogs("again");
    expect((await cli(["load", "again", demoFile], s.env)).code).toBe(EXIT.OK);
    const second = await cli(["load", "again", demoFile], s.env);
    expect(second.code).toBe(EXIT.USAGE);
    expect(second.stderr).toContain(`${key} already exists (a list of 150 entries): --replace replaces it, --append adds to it`);
    expect((await cli(["load", "--append", "again", demoFile], s.env)).code).toBe(EXIT.OK);
    expect(await r.llen(key)).toBe(300);
    const wrongLayout = await cli(["load", "--append", "--as", "zset", "again", demoFile], s.env);
    expect(wrongLayout.stderr).toMatch(/is a list; --append needs --as list/);

    const array = JSON.stringify(
      loghubLines("apache_2k.jsonl")
        .slice(0, 50)
        .map((l) => JSON.parse(l)),
    );
    const fromStdin = await cli(["load", "--replace", "--ttl", "600", "again", "-"], s.env, array);
    expect(fromStdin.code, fromStdin.stderr).toBe(EXIT.OK);
    expect(await r.llen(key)).toBe(50);
    expect(await r.ttl(key)).toBeGreaterThan(590);

    // --replace into another layout; the old logs stay readable until the new ones are complete.
    const asStream = await cli(["load", "--replace", "--as", "stream", "again", demoFile], s.env);
    expect(asStream.code, asStream.stderr).toBe(EXIT.OK);
    expect(await r.type(key)).toBe("stream");
    expect(await r.xlen(key)).toBe(150);
    expect(await r.ttl(key)).toBe(-1);
    expect(await r.exists(stagingKey(key))).toBe(0);
  });

  it("--replace keeps the old logs when the load fails before the rename", async () => {
    const key = s.keys.incidentLogs("keep");
    expect((await cli(["load", "keep", demoFile], s.env)).code).toBe(EXIT.OK);
    // An operator allowed everything but RENAME: the new logs are written aside, the swap fails.
    const user = `norename-${Date.now()}`;
    await r.call("ACL", "SETUSER", user, "on", ">pw", "~*", "&*", "+@all", "-rename");
    try {
      const url = new URL(valkeyUrl());
      url.username = user;
      url.password = "pw";
      const failed = await cli(["load", "--replace", "--as", "stream", "keep", demoFile], { ...s.env, VALKEY_URL: url.toString() });
      expect(failed.code).toBe(EXIT.FAILED);
      expect(failed.stderr).toContain(`could not rename ${stagingKey(key)} over ${key}`);
      expect(failed.stderr).toMatch(/NOPERM.*rename|rename.*NOPERM|no permissions/i);
      expect(failed.stderr).toContain("The old logs");
      expect(await r.type(key)).toBe("list");
      expect(await r.llen(key)).toBe(150);
      const ttl = await r.ttl(stagingKey(key));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600);
    } finally {
      await r.call("ACL", "DELUSER", user);
    }
  });
});

describe("cli with the service running", () => {
  let s: Setup;
  let svc: ServiceProcess;
  beforeAll(async () => {
    s = setup();
    svc = await startService({
      VALKEY_URL: s.config.VALKEY_URL!,
      INCIDENT_LOGS_KEY: s.config.INCIDENT_LOGS_KEY,
      INCIDENT_STREAM: s.config.INCIDENT_STREAM,
      ANOMALY_STREAM: s.config.ANOMALY_STREAM,
      FEEDBACK_STREAM: s.config.FEEDBACK_STREAM,
      MEMORY: s.config.MEMORY,
      MEMORY_KEY_PREFIX: s.config.MEMORY_KEY_PREFIX,
      CONSUMER_NAME: "cli-test-service",
      CONSUMER_BLOCK_MS: "200",
      NO_LOGS_RETRIES: "0",
    });
  });
  afterAll(async () => {
    svc.kill();
    await svc.exited;
  });

  it("publish --wait prints the result, --fail-on decides the exit code, watch follows and stops on Ctrl-C", async () => {
    expect((await cli(["load", "INC-A", demoFile], s.env)).code).toBe(EXIT.OK);
    // A quiet incident: ten identical requests, nothing to report.
    const quiet = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ timestamp: new Date(Date.UTC(2025, 8, 19, 7, i)).toISOString(), level: "INFO", service: "api", message: "GET /health 200 in 5ms" }),
    );
    expect((await cli(["load", "INC-QUIET", "-"], s.env, quiet.join("\n"))).code).toBe(EXIT.OK);
    const watchers: Proc[] = [
      startProcess(process.execPath, [transpiled("src/cli/main.ts"), "watch", "--count", "2", "--json"], { cwd: ROOT, env: processEnv(s.env) }),
      startProcess(process.execPath, [transpiled("src/cli/main.ts"), "watch", "--incident", "INC-A"], { cwd: ROOT, env: processEnv(s.env) }),
    ];
    try {
      // Both follow the stream from its end once they say so: only then publish.
      await waitFor(() => (watchers.every((w) => w.stderr.some((l) => l.startsWith("watching "))) ? true : undefined), 30_000, "watch to start");
      const [anyType, quiet] = await Promise.all([
        cliProcess(["publish", "--wait", "--fail-on", "any", "INC-A"], s.env),
        cliProcess(["publish", "--wait", "--fail-on", "any", "--threshold", "0.8", "INC-QUIET"], s.env),
      ]);
      expect(anyType.code, anyType.stderr).toBe(EXIT.ANOMALIES);
      expect(anyType.stdout).toMatch(/^published event \d+-\d+ on .*; waiting up to 30 s for its result/);
      expect(anyType.stdout).toMatch(
        /INC-A {2}ok {2}\d+ anomal(y|ies) \([a-z,]+\), max confidence [\d.]+\n {2}result \d+-\d+ for event \d+-\d+, by cli-test-service; 150 logs/,
      );
      expect(anyType.stdout).toContain("Database connection timeout after 30s");
      expect(quiet.code, quiet.stderr).toBe(EXIT.OK);
      expect(quiet.stdout).toMatch(/INC-QUIET {2}ok {2}0 anomalies, max confidence 0\n.*10 logs .* threshold 0.8/);

      expect(await watchers[0]!.exited).toBe(0);
      const seen = watchers[0]!.stdout.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(seen.map((e) => e.incident_id).sort()).toEqual(["INC-A", "INC-QUIET"]);
      for (const e of seen) expect(e).toMatchObject({ status: "ok", consumer: "cli-test-service", result: { incident_id: e.incident_id } });
      // The other watcher follows INC-A only.
      await waitFor(() => (watchers[1]!.stdout.some((l) => /INC-A {2}ok/.test(l)) ? true : undefined), 10_000, "the second watcher's result");
      expect(watchers[1]!.stdout.some((l) => l.includes("INC-QUIET"))).toBe(false);
      expect(await watchers[1]!.stop("SIGINT")).toBe(0);
    } finally {
      for (const w of watchers) await w.stop("SIGKILL", 0);
    }
  });

  it("publish warns about a missing logs key and reports the no_logs result (exit 4)", async () => {
    const res = await cli(["publish", "--wait", "--timeout", "20", "NOPE"], s.env);
    expect(res.code).toBe(EXIT.FAILED);
    expect(res.stderr).toContain(`warning: ${s.keys.incidentLogs("NOPE")} does not exist (yet)`);
    expect(res.stdout).toMatch(/NOPE {2}no_logs {2}0 anomalies/);
    expect(res.stderr).toMatch(/the service found no logs for NOPE/);
  });

  it("dlq list shows dead letters with their reasons; replay re-adds one atomically and the service processes it", async () => {
    await r.set(s.keys.incidentLogs("STR"), "not logs");
    const published = await cli(["publish", "STR"], s.env);
    expect(published.stderr).toMatch(/is a string; .* dead-lettered \(unsupported_key_type\)/);
    await r.xadd(s.keys.incidentStream, "*", "incident_id", "bad id!");
    await waitFor(async () => ((await r.xlen(s.keys.deadLetterStream)) === 2 ? true : undefined), 20_000, "two dead letters");

    const listed = await cli(["dlq", "list", "--json"], s.env);
    expect(listed.code).toBe(EXIT.OK);
    const entries = listed.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => e.reason).sort()).toEqual(["invalid", "unsupported_key_type"]);
    const strEntry = entries.find((e) => e.reason === "unsupported_key_type")!;
    expect(strEntry).toMatchObject({ incident_id: "STR", original: ["incident_id", "STR"], source_stream: s.keys.incidentStream, deliveries: "1" });
    const table = await cli(["dlq", "list", "--width", "100"], s.env);
    expect(table.stdout).toMatch(/^ID\s+DEAD-LETTERED\s+REASON\s+DELIV\s+INCIDENT\s+ERROR/);
    expect(table.stdout).toContain(`2 dead-lettered events on ${s.keys.deadLetterStream}.`);

    const dry = await cli(["dlq", "replay", "--all", "--reason", "invalid", "--dry-run"], s.env);
    expect(dry.code).toBe(EXIT.OK);
    expect(dry.stdout).toContain("would replay 1 of 1 entry.");
    expect(await r.xlen(s.keys.deadLetterStream)).toBe(2);

    // Fix the cause, then replay.
    await r.del(s.keys.incidentLogs("STR"));
    expect((await cli(["load", "STR", demoFile], s.env)).code).toBe(EXIT.OK);
    const replayed = await cli(["dlq", "replay", String(strEntry.id)], s.env);
    expect(replayed.code, replayed.stderr).toBe(EXIT.OK);
    expect(replayed.stdout).toMatch(/re-added to .* as \d+-\d+, removed from/);
    expect(await r.xlen(s.keys.deadLetterStream)).toBe(1);
    const [newest] = (await r.xrevrange(s.keys.incidentStream, "+", "-", "COUNT", 1)) as [string, string[]][];
    expect(newest?.[1]).toEqual(["incident_id", "STR", "replay_of", strEntry.source_event_id]);
    const result = await waitFor(
      async () => (await readAll(r, s.keys.anomalyStream)).find((e) => e.incident_id === "STR"),
      20_000,
      "the replayed event's result",
    );
    expect(result.status).toBe("ok");
    expect(Number(result.anomalies_detected)).toBeGreaterThan(0);

    const again = await cli(["dlq", "replay", String(strEntry.id)], s.env);
    expect(again.code).toBe(EXIT.FAILED);
    expect(again.stdout).toContain(`${strEntry.id}: not on ${s.keys.deadLetterStream}`);
  });

  it("demo uses the running service and shows the stream result and the API answer agree", async () => {
    const res = await cli(["demo", "--api-url", `http://127.0.0.1:${svc.port}`], s.env);
    expect(res.code, res.stdout + res.stderr).toBe(EXIT.OK);
    expect(res.stdout).toContain(
      `1. Service: consumer cli-test-service of group anomaly-detector is reading ${s.keys.incidentStream}; the API at http://127.0.0.1:${svc.port} is healthy.`,
    );
    expect(res.stdout).toMatch(/computed by cli-test-service:/);
    expect(res.stdout).toMatch(/7\. Both agree: the same answer apart from analysis_timestamp and duration_ms \(LOG_INDEX \d+ [a-z]+ [\d.]+/);
  });
});

describe("cli demo without a service", () => {
  it("starts the service in its own process for the run, and leaves no consumer group behind", async () => {
    const s = setup({ PORT: String(await freePort()) });
    const res = await cli(["demo"], s.env);
    expect(res.code, res.stdout + res.stderr).toBe(EXIT.OK);
    expect(res.stdout).toMatch(
      /1\. Service: no live consumer of group anomaly-detector on .* \(none has a fresh heartbeat or read in the last 10 s\) and nothing answers at http:\/\/127\.0\.0\.1:\d+\/health, so the demo started the service in its own process/,
    );
    expect(res.stdout).toContain('start it with "npm start" in another terminal');
    for (const step of [
      "2. Generated incident demo-",
      "3. Stored them in",
      "4. Published XADD",
      "5. Waiting up to 20 s",
      "6. POST http://127.0.0.1:",
      "7. Both agree",
    ])
      expect(res.stdout).toContain(step);
    expect(await r.xinfo("GROUPS", s.keys.incidentStream)).toEqual([]);
    const id = /incident (demo-\d+-[0-9a-f]+):/.exec(res.stdout)![1]!;
    expect(await r.ttl(s.keys.incidentLogs(id))).toBeGreaterThan(3500);
  });
});

describe("cli when Valkey is unreachable", () => {
  it("exits 3 naming the address and the setting that fixes it", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const s = setup({ VALKEY_URL: url, VALKEY_CONNECT_TIMEOUT_MS: "1000" });
    const proc = await cliProcess(["publish", "INC-1"], s.env);
    expect(proc.code).toBe(EXIT.UNREACHABLE);
    expect(proc.stderr).toContain(`cannot reach Valkey at ${url}: ECONNREFUSED — check VALKEY_URL`);
    expect(proc.stderr).toContain("VALKEY_URL=redis://host:6379");
    for (const args of [["watch"], ["dlq", "list"], ["load", "INC-1", demoFile], ["demo"]]) {
      const res = await cli(args, s.env);
      expect(res.code, `${args.join(" ")}: ${res.stderr}`).toBe(EXIT.UNREACHABLE);
    }
    // --url overrides the environment.
    expect((await cli(["dlq", "list", "--url", valkeyUrl()], s.env)).code).toBe(EXIT.OK);
  });
});
