import { Readable } from "node:stream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { newTestPrefix, testKeyNames } from "../helpers/test-keys.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

/** suppress, suppressions, unsuppress and feedback as an operator runs them, against a service on the same keys. */

let r: Redis;
let t: TestApp;
let env: Record<string, string>;

beforeAll(async () => {
  r = testClient();
  const names = testKeyNames(newTestPrefix());
  env = { ENVIRONMENT: "test", VALKEY_URL: valkeyUrl(), USER: "oncall-amy", ...names };
  t = await buildTestApp(testConfig(names));
});
afterAll(async () => {
  await t.close();
  r.disconnect();
});

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([]),
    env,
    signal: new AbortController().signal,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

async function detect(incident: string): Promise<DetectResponse> {
  const logs: Record<string, unknown>[] = normalLogs(120);
  logs.push({ timestamp: "2025-09-19T07:30:00Z", level: "ERROR", message: "Database connection timeout after 30s", service: "user-service" });
  await storeAsList(r, t.keys.incidentLogs(incident), logs);
  const answer = (await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: incident } })).json() as DetectResponse;
  await r.set(t.keys.latestResult(incident), JSON.stringify(answer));
  return answer;
}

describe("cli suppress / suppressions / unsuppress / feedback", () => {
  it("suppresses a finding, lists it, ends it; records a verdict with the operator's login", async () => {
    const before = await detect("INC-cli1");
    const f = before.findings.find((x) => x.anomaly_type === "performance")!;
    const s = await cli(["suppress", "--service", "user-service", "--template-id", f.template_id, "--until", "2h", "--reason", "migration", "--json"]);
    expect(s.code, s.stderr).toBe(EXIT.OK);
    const created = JSON.parse(s.stdout);
    expect(created).toMatchObject({ created_by: "oncall-amy", reason: "migration", match: { service: "user-service", template_id: f.template_id } });
    expect((await detect("INC-cli1")).suppressed).toEqual([expect.objectContaining({ suppression_id: created.id })]);

    const list = await cli(["suppressions", "--width", "160"]);
    expect(list.stdout).toContain(created.id);
    expect(list.stdout).toMatch(/1 suppression in force/);

    const end = await cli(["unsuppress", created.id]);
    expect(end.code).toBe(EXIT.OK);
    expect((await detect("INC-cli1")).findings.map((x) => x.finding_id)).toContain(f.finding_id);
    expect((await cli(["unsuppress", created.id])).code).toBe(EXIT.FAILED);

    const v = await cli(["feedback", "INC-cli1", "--line", String(f.log_index), "confirmed", "--note", "pool too small", "--json"]);
    expect(v.code, v.stderr).toBe(EXIT.OK);
    expect(JSON.parse(v.stdout)).toMatchObject({ verdict: "confirmed", finding_id: f.finding_id, by: "oncall-amy", note: "pool too small" });
    const stream = await readAll(r, t.keys.feedbackStream);
    expect(stream.map((e) => e.kind)).toEqual(["suppression_created", "suppression_deleted", "verdict"]);
    expect((await detect("INC-cli2")).findings.find((x) => x.finding_id === f.finding_id)!.confirmed).toMatchObject({ incident_id: "INC-cli1" });
  });

  it("names the flag that is wrong, and refuses a match of a whole service", async () => {
    const whole = await cli(["suppress", "--service", "user-service", "--reason", "r"]);
    expect(whole.code).toBe(EXIT.USAGE);
    expect(whole.stderr).toMatch(/must name at least one of/);
    const type = await cli(["suppress", "--service", "a", "--type", "weird", "--reason", "r"]);
    expect(type.stderr).toMatch(/--type: must be one of performance, memory, error, pattern/);
    const until = await cli(["suppress", "--service", "a", "--message", "x", "--until", "soon", "--reason", "r"]);
    expect(until.stderr).toMatch(/--until: must be an ISO 8601 time/);
    const verdict = await cli(["feedback", "INC-cli1", "--finding", "f_0123456789abcdef", "great"]);
    expect(verdict.code).toBe(EXIT.USAGE);
    expect(verdict.stderr).toMatch(/VERDICT: must be one of expected, not_useful, confirmed/);
    const missing = await cli(["feedback", "INC-none", "--finding", "f_0123456789abcdef", "expected"]);
    expect(missing.code).toBe(EXIT.FAILED);
    expect(missing.stderr).toMatch(/no result stored for incident INC-none/);
  });
});
