import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Redis } from "ioredis";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import type { BaselineView } from "../../src/contract/baselines.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import { templateId } from "../../src/detection/findings.js";
import type { ServiceLesson } from "../../src/detection/history/lessons.js";
import { MemoryStore } from "../../src/memory/store.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { buildKeys, hashSlot } from "../../src/valkey/keys.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { serviceDay, type DayOptions } from "../helpers/memory-logs.js";
import { storeAsList } from "../helpers/logs.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";
import { newTestPrefix, testKeyNames } from "../helpers/test-keys.js";

/** One server for the file; each test its own key prefix (testConfig), so memories never mix. */
let r: Redis;
beforeAll(() => {
  r = testClient();
});
afterAll(() => r.disconnect());

const NOISE = "rsync: file has vanished: <*> (code <*>";

async function detectDay(t: TestApp, incidentId: string, day: DayOptions): Promise<DetectResponse> {
  await storeAsList(r, t.keys.incidentLogs(incidentId), serviceDay(day));
  const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: incidentId, time_window_hours: 24 } });
  expect(res.statusCode).toBe(200);
  return res.json() as DetectResponse;
}

const flaggedOf = (a: DetectResponse, needle: string) => a.anomalies.filter((x) => x.message.includes(needle));

/** A lesson of one service with the given template texts, for the store's own tests. */
function lesson(service: string, texts: string[], rtMs: number[] = []): ServiceLesson {
  const rt: Record<string, number> = {};
  for (const ms of rtMs) rt[String(Math.floor(Math.log(ms) / 0.1))] = (rt[String(Math.floor(Math.log(ms) / 0.1))] ?? 0) + 1;
  return {
    service,
    lines: texts.length,
    linesPerMinute: texts.length,
    levels: [0, 0, texts.length, 0, 0, 0],
    rt,
    mem: {},
    templates: texts.map((text) => ({ id: templateId(text), text, lines: 1, flagged: 0, severe: 0 })),
  };
}

describe("memory across incidents, through the API", () => {
  let config: Config;
  let t: TestApp;
  beforeAll(async () => {
    config = testConfig({ MEMORY: "on", MEMORY_CACHE_MS: "0" });
    t = await buildTestApp(config);
  });
  afterAll(() => t.close());

  it("learns each incident, makes a recurring odd template routine after MEMORY_ROUTINE_INCIDENTS, and flags a template never seen", async () => {
    const first = await detectDay(t, "day-1", { day: 1, noise: true });
    // The first incident: judged alone, the rsync errors flagged, nothing earlier to compare with.
    expect(first.baselines).toEqual({ checkout: { baseline: "incident", incidents: 0 } });
    expect(first.similar_incidents).toEqual([]);
    expect(flaggedOf(first, "rsync").length).toBe(3);
    await detectDay(t, "day-2", { day: 2, noise: true });
    const third = await detectDay(t, "day-3", { day: 3, noise: true });
    expect(flaggedOf(third, "rsync").length).toBe(3);
    expect(third.similar_incidents?.[0]).toMatchObject({ similarity: 1 });
    expect(["day-1", "day-2"]).toContain(third.similar_incidents?.[0]?.incident_id);

    const fourth = await detectDay(t, "day-4", { day: 4, noise: true, newTemplate: true });
    expect(fourth.baselines).toEqual({ checkout: { baseline: "history", incidents: 3 } });
    // Routine now: seen in every incident, so its odd lines weigh less.
    expect(flaggedOf(fourth, "rsync")).toEqual([]);
    const fresh = flaggedOf(fourth, "ledger adjustment");
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh[0]!.reasons.join(" | ")).toMatch(/never seen in checkout over the last 3 incidents \(\d+ days?\)/);

    const h = await t.memory!.read("checkout");
    expect(h?.incidents).toBe(4);
    const noise = h!.templates.find((x) => x.text === NOISE);
    expect(noise).toMatchObject({ incidents: 4, flagged: 3, confirmed: false });
  });

  it("judges a memory reading against the service's remembered readings, says so, and does not learn the flagged one", async () => {
    for (const day of [1, 2, 3]) await detectDay(t, `heap-${day}`, { day, service: "inventory", heap: 48 });
    const fourth = await detectDay(t, "heap-4", { day: 4, service: "inventory", heap: 48, heapSpike: 93 });
    const spike = fourth.anomalies.find((a) => a.reasons[0]?.startsWith("memory usage 93%"));
    expect(spike).toMatchObject({ anomaly_type: "memory" });
    expect(spike!.reasons[0]).toMatch(
      /^memory usage 93% \(a field of the log\) is above the \d+-day 95th percentile of this message in inventory \((5[0-2])%; median (4[6-9])% over 3 incidents\)$/,
    );
    const view = (await t.app.inject({ method: "GET", url: "/baselines/inventory" })).json() as BaselineView;
    // Four days of 30 readings each, the 93% one left out: flagged lines teach nothing of their numbers.
    expect(view.memory_pct.samples).toBe(120);
    expect(view.memory_pct.p95).toBeLessThan(53);
    const health = view.templates.find((x) => x.template.startsWith("health check ok"));
    expect(health?.memory_pct).toMatchObject({ samples: 120 });
  });

  it("never makes a confirmed template routine", async () => {
    const h = await t.memory!.read("checkout");
    const noise = h!.templates.find((x) => x.text === NOISE)!;
    await t.memory!.confirm("checkout", noise.id, "day-4");
    const fifth = await detectDay(t, "day-5", { day: 5, noise: true });
    expect(flaggedOf(fifth, "rsync").length).toBe(3);
    expect((await t.memory!.read("checkout"))!.templates.find((x) => x.id === noise.id)).toMatchObject({ confirmed: true, expected: false });
  });

  it("learns a redelivered incident once", async () => {
    const before = (await t.memory!.read("checkout"))!.incidents;
    await detectDay(t, "day-5", { day: 5, noise: true });
    expect((await t.memory!.read("checkout"))!.incidents).toBe(before);
  });

  it("gives every memory key a TTL of MEMORY_TTL_DAYS and keeps one service's keys in one hash slot", async () => {
    const k = buildKeys(config);
    const keys = [k.memoryTemplates("checkout"), k.memoryRecency("checkout"), k.memoryBaseline("checkout"), k.memoryLearned("checkout")];
    for (const key of [...keys, k.memoryRecent, k.memorySignatures]) {
      const ttl = await r.ttl(key);
      expect(ttl, key).toBeGreaterThan(89 * 86_400);
      expect(ttl, key).toBeLessThanOrEqual(90 * 86_400);
    }
    expect(new Set(keys.map(hashSlot)).size).toBe(1);
  });
});

describe("baseline routes", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(testConfig({ MEMORY: "on", MEMORY_CACHE_MS: "0" }));
  });
  afterAll(() => t.close());

  it("POST /baselines/learn primes a service from logs declared normal: its templates are expected at once, nothing is flagged", async () => {
    await storeAsList(r, t.keys.incidentLogs("healthy"), serviceDay({ day: 1, noise: true }));
    const res = await t.app.inject({ method: "POST", url: "/baselines/learn", payload: { incident_id: "healthy" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      incident_id: "healthy",
      processed_logs: 303,
      services: [{ service: "checkout", logs: 303, templates: 3, learned: true }],
    });
    expect(res.json()).not.toHaveProperty("anomalies");
    const again = await t.app.inject({ method: "POST", url: "/baselines/learn", payload: { incident_id: "healthy" } });
    expect(again.json().services[0].learned).toBe(false);

    const view = await t.app.inject({ method: "GET", url: "/baselines/checkout" });
    expect(view.statusCode).toBe(200);
    const v = view.json();
    expect(v).toMatchObject({ service: "checkout", incidents: 1, primed: 1, baseline: "history" });
    expect(v.response_time_ms.p50).toBeGreaterThan(20);
    expect(v.response_time_ms.p50).toBeLessThan(70);
    expect(v.level_mix.INFO).toBeGreaterThan(0.9);
    const noise = v.templates.find((x: { template: string }) => x.template === NOISE);
    expect(noise).toMatchObject({ incidents: 1, expected: true, routine: true, template_id: templateId(NOISE) });

    // Primed: the next incident is judged against it, and its rsync errors are routine.
    const next = await detectDay(t, "after-prime", { day: 2, noise: true, newTemplate: true });
    expect(next.baselines).toEqual({ checkout: { baseline: "history", incidents: 1 } });
    expect(flaggedOf(next, "rsync")).toEqual([]);
    expect(flaggedOf(next, "ledger adjustment").length).toBeGreaterThan(0);
  });

  it("GET /baselines/:service shows per template its lines at ERROR or worse and their share; null for a template remembered before the count", async () => {
    const GET = "GET <*> <*> in <*>";
    const HEALTH = "health check ok in <*>";
    /** A day of payments whose request lines at `errors` are 503s at ERROR: the same template as its 200s. */
    const day = (d: number, errors: number[]) =>
      serviceDay({ day: d, service: "payments", noise: true, lines: 100 }).map((l, i) =>
        errors.includes(i) ? { ...l, level: "ERROR", message: String(l.message).replace(" 200 ", " 503 ") } : l,
      );
    const logs = day(5, [11, 12, 13, 14]);
    expect(logs.filter((l) => l.level === "ERROR" && String(l.message).startsWith("GET "))).toHaveLength(4);
    await storeAsList(r, t.keys.incidentLogs("payments-1"), logs);
    expect((await t.app.inject({ method: "POST", url: "/baselines/learn", payload: { incident_id: "payments-1" } })).statusCode).toBe(200);
    // A template remembered before the memory counted its lines' levels.
    await r.hset(t.keys.memoryTemplates("payments"), templateId("old line"), JSON.stringify({ text: "old line", n: 1, w: 1, at: Date.now(), lines: 7 }));

    const view = async () => {
      const res = await t.app.inject({ method: "GET", url: "/baselines/payments" });
      expect(res.statusCode).toBe(200);
      const templates = (res.json() as BaselineView).templates;
      const of = (text: string) => {
        const x = templates.find((y) => y.template === text)!;
        return { lines: x.lines, severe_lines: x.severe_lines, severe_share: x.severe_share };
      };
      return { get: of(GET), health: of(HEALTH), noise: of(NOISE), old: of("old line") };
    };
    expect(await view()).toEqual({
      get: { lines: 90, severe_lines: 4, severe_share: 0.0444 },
      health: { lines: 10, severe_lines: 0, severe_share: 0 },
      noise: { lines: 3, severe_lines: 3, severe_share: 1 },
      old: { lines: 7, severe_lines: null, severe_share: null },
    });

    // The next incident, learnt after its detection, adds its own lines to the counts.
    await storeAsList(r, t.keys.incidentLogs("payments-2"), day(6, [21, 22]));
    expect((await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "payments-2", time_window_hours: 24 } })).statusCode).toBe(
      200,
    );
    expect((await view()).get).toEqual({ lines: 180, severe_lines: 6, severe_share: 0.0333 });
  });

  it("answers 404 for a service it never saw, 400 naming the field for a bad body", async () => {
    const none = await t.app.inject({ method: "GET", url: "/baselines/never-seen" });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toContain("never-seen");
    const bad = await t.app.inject({ method: "POST", url: "/baselines/learn", payload: { incident_id: 7 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("incident_id");
    const missing = await t.app.inject({ method: "POST", url: "/baselines/learn", payload: { incident_id: "no-such-incident" } });
    expect(missing.statusCode).toBe(404);
  });

  it("documents both routes in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(doc.paths).toHaveProperty("/baselines/learn");
    expect(doc.paths).toHaveProperty("/baselines/{service}");
  });
});

describe("the CLI", () => {
  async function cli(args: string[], env: Record<string, string>) {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: { write: (x: string) => (stdout += x) },
      stderr: { write: (x: string) => (stderr += x) },
      stdin: Readable.from([]),
      env,
      signal: new AbortController().signal,
    };
    return { code: await runCli(args, io), stdout, stderr };
  }

  it("learn FILE --service S primes S from a file (once per file), baseline S shows it", async () => {
    const env = { ENVIRONMENT: "test", VALKEY_URL: valkeyUrl(), ...testKeyNames(newTestPrefix()) };
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "memory-")), "healthy.jsonl");
    // The file's own service names are overridden by --service.
    writeFileSync(
      file,
      serviceDay({ day: 1, noise: true, service: "other" })
        .map((l) => JSON.stringify(l))
        .join("\n"),
    );
    const first = await cli(["learn", file, "--service", "checkout"], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^learnt 303 logs and 3 templates of checkout as normal \(incident id learn:healthy\.jsonl:[0-9a-f]{12}\)/);
    const again = await cli(["learn", file, "--service", "checkout", "--json"], env);
    expect(JSON.parse(again.stdout).services).toEqual([{ service: "checkout", logs: 303, templates: 3, learned: false }]);

    const shown = await cli(["baseline", "checkout"], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("checkout: 1 incident learnt (1 primed), judged against its history");
    expect(shown.stdout).toMatch(new RegExp(`${templateId(NOISE)} .*\\[routine, expected, 100\\.0% at ERROR or worse\\]`));
    const json = JSON.parse((await cli(["baseline", "checkout", "--json"], env)).stdout);
    expect(json.templates).toHaveLength(3);
    expect(json.templates.find((x: { template: string }) => x.template === NOISE)).toMatchObject({ lines: 3, severe_lines: 3, severe_share: 1 });
    expect((await cli(["baseline", "other"], env)).code).toBe(4);
    expect((await cli(["learn", file], env)).code).toBe(2);
    expect((await cli(["baseline", "checkout"], { ...env, MEMORY: "off" })).code).toBe(2);
  });
});

describe("MEMORY=off", () => {
  it("answers exactly as without a memory and writes no memory key; the first incident with it on flags the same lines", async () => {
    const offConfig = testConfig({ MEMORY: "off" });
    const off = await buildTestApp(offConfig);
    const on = await buildTestApp(testConfig({ MEMORY: "on" }));
    try {
      const a = await detectDay(off, "inc", { day: 1, noise: true, newTemplate: true, heap: 48, heapSpike: 93 });
      expect(a).not.toHaveProperty("baselines");
      expect(a).not.toHaveProperty("similar_incidents");
      expect(await r.keys(`${offConfig.MEMORY_KEY_PREFIX}*`)).toEqual([]);
      for (const req of [
        { method: "GET" as const, url: "/baselines/checkout" },
        { method: "POST" as const, url: "/baselines/learn", payload: { incident_id: "inc" } },
      ]) {
        const res = await off.app.inject(req);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("MEMORY=off") });
      }
      const b = await detectDay(on, "inc", { day: 1, noise: true, newTemplate: true, heap: 48, heapSpike: 93 });
      const strip = (x: DetectResponse) => ({ ...x, analysis_timestamp: "", duration_ms: 0, logs_key: "", baselines: undefined, similar_incidents: undefined });
      expect(strip(b)).toEqual(strip(a));
    } finally {
      await off.close();
      await on.close();
    }
  });
});

describe("the store", () => {
  let valkey: Valkey;
  beforeAll(async () => {
    valkey = createValkey(testConfig());
    await valkey.connect();
  });
  afterAll(() => valkey.disconnect());

  const store = (config: Config, now?: () => number) => new MemoryStore(valkey, buildKeys(config), config, now);

  it("decays weights with MEMORY_HALF_LIFE_DAYS", async () => {
    const config = testConfig({ MEMORY: "on", MEMORY_HALF_LIFE_DAYS: "10", MEMORY_CACHE_MS: "0" });
    let now = Date.parse("2025-09-01T00:00:00Z");
    const s = store(config, () => now);
    await s.learn("a", [lesson("svc", ["one thing happened", "another thing"], [50, 50])]);
    now += 10 * 86_400_000;
    let h = (await s.read("svc"))!;
    expect(h.weight).toBeCloseTo(0.5, 5);
    expect(h.templates.find((x) => x.text === "one thing happened")!.weight).toBeCloseTo(0.5, 5);
    await s.learn("b", [lesson("svc", ["one thing happened"])]);
    h = (await s.read("svc"))!;
    expect(h.weight).toBeCloseTo(1.5, 5);
    expect(h.templates.find((x) => x.text === "one thing happened")).toMatchObject({ incidents: 2 });
    expect(h.templates.find((x) => x.text === "one thing happened")!.weight).toBeCloseTo(1.5, 5);
    expect(h.templates.find((x) => x.text === "another thing")!.weight).toBeCloseTo(0.5, 5);
  });

  it("counts each template's lines at ERROR or worse, and keeps no count for a record made before it kept one", async () => {
    const config = testConfig({ MEMORY: "on", MEMORY_CACHE_MS: "0" });
    const s = store(config);
    const withSevere = (l: ServiceLesson, text: string, lines: number, severe: number): ServiceLesson => ({
      ...l,
      templates: l.templates.map((x) => (x.text === text ? { ...x, lines, severe } : x)),
    });
    await s.learn("a", [withSevere(lesson("sev", ["GET <*> <*> MISS", "cleanup failed"]), "cleanup failed", 3, 3)]);
    await s.learn("b", [withSevere(withSevere(lesson("sev", ["GET <*> <*> MISS", "cleanup failed"]), "GET <*> <*> MISS", 50, 1), "cleanup failed", 2, 2)]);
    const h = (await s.read("sev"))!;
    expect(h.templates.find((x) => x.text === "cleanup failed")!.severe).toEqual({ lines: 5, of: 5 });
    expect(h.templates.find((x) => x.text === "GET <*> <*> MISS")!.severe).toEqual({ lines: 1, of: 51 });
    // A record written before the count existed: its earlier lines' levels are unknown.
    const k = buildKeys(config).memoryTemplates("sev-old");
    await valkey.hset(k, templateId("old line"), JSON.stringify({ text: "old line", n: 1, w: 1, at: Date.now(), lines: 7 }));
    await s.learn("c", [lesson("sev-old", ["old line"])]);
    expect((await s.read("sev-old"))!.templates.find((x) => x.text === "old line")!.severe).toBeUndefined();
  });

  it("keeps at most MEMORY_MAX_TEMPLATES per service, the least recently seen going first", async () => {
    const config = testConfig({ MEMORY: "on", MEMORY_MAX_TEMPLATES: "10", MEMORY_CACHE_MS: "0" });
    let now = Date.parse("2025-09-01T00:00:00Z");
    const s = store(config, () => now);
    const old = Array.from({ length: 8 }, (_, i) => `old template ${String.fromCharCode(97 + i)}`);
    const fresh = Array.from({ length: 8 }, (_, i) => `new template ${String.fromCharCode(97 + i)}`);
    await s.learn("a", [lesson("svc", old)]);
    now += 60_000;
    await s.learn("b", [lesson("svc", [...old.slice(0, 2)])]);
    now += 60_000;
    await s.learn("c", [lesson("svc", fresh)]);
    const texts = new Set((await s.read("svc"))!.templates.map((x) => x.text));
    expect(texts.size).toBe(10);
    for (const x of fresh) expect(texts.has(x)).toBe(true);
    // The two seen again in b outlive the six seen only in a.
    expect(texts.has(old[0]!)).toBe(true);
    expect(texts.has(old[1]!)).toBe(true);
  });

  it("merges concurrent lessons of one service from several clients without losing any", async () => {
    const config = testConfig({ MEMORY: "on", MEMORY_CACHE_MS: "0" });
    const clients = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const c = createValkey(config);
        await c.connect();
        return c;
      }),
    );
    try {
      const stores = clients.map((c) => new MemoryStore(c, buildKeys(config), config));
      await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 4]!.learn(`inc-${i}`, [lesson("svc", ["shared line", `own line ${i}`], [40, 60])])));
      const h = (await stores[0]!.read("svc"))!;
      expect(h.incidents).toBe(20);
      expect(h.templates.find((x) => x.text === "shared line")).toMatchObject({ incidents: 20, lines: 20 });
      expect(h.templates.length).toBe(21);
      expect(Object.values(h.rt).reduce((a, b) => a + b, 0)).toBeCloseTo(40, 3);
    } finally {
      for (const c of clients) c.disconnect();
    }
  });
});

describe("template ids", () => {
  it("are the same across a restart and across two instances fed the same logs", async () => {
    const config = testConfig({ MEMORY: "on", MEMORY_CACHE_MS: "0" });
    const a = await buildTestApp(config);
    const b = await buildTestApp(config);
    const idsOf = (x: DetectResponse) => x.findings.map((f) => f.template_id).sort();
    let idsA: string[];
    try {
      const [x, y] = await Promise.all([detectDay(a, "on-a", { day: 1, noise: true }), detectDay(b, "on-b", { day: 1, noise: true })]);
      idsA = idsOf(x);
      expect(idsA.length).toBeGreaterThan(0);
      expect(idsOf(y)).toEqual(idsA);
    } finally {
      await a.close();
      await b.close();
    }
    const restarted = await buildTestApp(config);
    try {
      const z = await detectDay(restarted, "after-restart", { day: 1, noise: true });
      expect(idsOf(z)).toEqual(idsA);
      const h = (await restarted.memory!.read("checkout"))!;
      // One record per template, seen in all three incidents.
      expect(h.incidents).toBe(3);
      expect(h.templates.every((x) => x.incidents === 3)).toBe(true);
      expect(new Set(h.templates.map((x) => x.id)).size).toBe(h.templates.length);
    } finally {
      await restarted.close();
    }
  });
});
