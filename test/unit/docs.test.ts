import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configSchema, loadConfig, type Config } from "../../src/config.js";
import { createMetrics } from "../../src/metrics.js";
import { aclRules } from "../../src/valkey/acl.js";

/**
 * Keeps README.md and docs/ true to the code: settings, metrics, links and the ACL. Pure file
 * reads; each check also proves it looked at something, so a parsing slip cannot pass silently.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), "utf8");

const PAGES = [
  "api",
  "stream-contract",
  "configuration",
  "deployment",
  "security",
  "operations",
  "cli",
  "detection",
  "evaluation",
  "performance",
  "incident-page",
  "development",
];
const DOC_FILES = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

/** Markdown without fenced code blocks (their lines blanked, so line numbers stay). */
function withoutFences(md: string): string {
  let inFence = false;
  return md
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return "";
      }
      return inFence ? "" : line;
    })
    .join("\n");
}

/** The contents of fenced code blocks, line by line. */
function fencedLines(md: string): string[] {
  let inFence = false;
  const out: string[] = [];
  for (const line of md.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (inFence) out.push(line);
  }
  return out;
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Anchors of a markdown file's headings, duplicates numbered as GitHub does. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutFences(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Inline links [text](target) outside code, with the line they are on. */
function links(md: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  withoutFences(md)
    .split("\n")
    .forEach((text, i) => {
      const line = text.replace(/`[^`]*`/g, "code");
      for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1]!, line: i + 1 });
    });
  return out;
}

/** Links of `file` (relative to ROOT) that point at nothing: a missing file or anchor. */
function brokenLinks(file: string, md: string, readTarget: (rel: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const { target, line } of links(md)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
    const rel = pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
    const text = readTarget(rel);
    if (text === undefined) {
      broken.push(`${file}:${line}: ${target} (no file ${rel})`);
      continue;
    }
    if (anchor !== undefined && rel.endsWith(".md") && !anchors(text).has(anchor)) broken.push(`${file}:${line}: ${target} (no heading #${anchor} in ${rel})`);
  }
  return broken;
}

function readIfExists(rel: string): string | undefined {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return undefined;
  return statSync(abs).isDirectory() ? "" : readFileSync(abs, "utf8");
}

/** Setting names: the keys of the zod object in src/config.ts. */
function settingNames(): string[] {
  const shape = (configSchema as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) throw new Error("configSchema has no .shape: update settingNames() in test/unit/docs.test.ts");
  return Object.keys(shape);
}

const SETTINGS = new Set(settingNames());
const SETTING_LIKE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

/**
 * Upper-case names the docs may use that are not settings: docker compose's own variables, the
 * placeholders of the task definition, error codes the service sends, and a few others.
 */
function notSettings(): Set<string> {
  // The test and build variables of docs/servers.md are the test setup's and the build script's, not the service's.
  const names = new Set([
    "NODE_ENV",
    "VALKEY_TEST_URL",
    "TEST_SERVER_BIN",
    "VALKEY_BUILD_DIR",
    "BUILD_TLS",
    "LANGSMITH_TRACING",
    "LANGCHAIN_TRACING_V2",
    "INCIDENT_ID",
    // The eval's memory protocol: a server of the evaluator's instead of the one it starts.
    "EVAL_VALKEY_URL",
    // glibc's, set in the image (Dockerfile) for the memory given back after a large incident.
    "MALLOC_ARENA_MAX",
    // glibc's too: the performance page's measure of huge pages for malloc, not kept.
    "GLIBC_TUNABLES",
    // A CI runner's and a deploy config's variables, quoted from the inlet family's lines by the evaluation page.
    "CI_REGISTRY_IMAGE",
    "CI_COMMIT_SHORT_SHA",
    "DB_HOST",
    // Django's request header, quoted from a tuning family's line by the evaluation page.
    "HTTP_HOST",
  ]);
  for (const m of read("docker-compose.yml").matchAll(/\$\{([A-Z0-9_]+)/g)) names.add(m[1]!);
  for (const m of read("anomaly-task-definition.json").matchAll(/<([A-Z0-9_]+)>/g)) names.add(m[1]!);
  const srcFiles = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? srcFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
    );
  for (const f of srcFiles("src")) for (const m of read(f).matchAll(/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g)) if (!SETTINGS.has(m[1]!)) names.add(m[1]!);
  return names;
}

describe("settings", () => {
  const page = read("docs/configuration.md");
  const rows = [...page.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);

  it("the schema has the settings this test expects to find", () => {
    expect(SETTINGS.size).toBeGreaterThan(50);
    expect(SETTINGS.has("VALKEY_URL")).toBe(true);
  });

  it("docs/configuration.md has one row for every setting of src/config.ts and none for anything else", () => {
    expect(
      rows.filter((r, i) => rows.indexOf(r) !== i),
      "settings with two rows",
    ).toEqual([]);
    expect(
      [...SETTINGS].filter((s) => !rows.includes(s)),
      "settings without a row",
    ).toEqual([]);
    expect(
      rows.filter((r) => !SETTINGS.has(r)),
      "rows that are not settings",
    ).toEqual([]);
  });

  it("docs/configuration.md names no variable that is not a setting", () => {
    const named = new Set([...page.matchAll(SETTING_LIKE)].map((m) => m[0]));
    expect([...named].filter((n) => !SETTINGS.has(n))).toEqual([]);
  });

  it("every setting-like name in README.md and docs/ is a setting (or a known other variable)", () => {
    const allowed = notSettings();
    const unknown: string[] = [];
    for (const f of DOC_FILES) {
      const text = read(f).replace(/<[A-Z0-9_]+>/g, "");
      for (const m of text.matchAll(SETTING_LIKE)) if (!SETTINGS.has(m[0]) && !allowed.has(m[0])) unknown.push(`${f}: ${m[0]}`);
    }
    expect([...new Set(unknown)]).toEqual([]);
  });

  it("every setting marked for production in the README is marked ★ in docs/configuration.md", () => {
    const readme = read("README.md");
    const section = readme.slice(readme.indexOf("## Production settings"), readme.indexOf("\n## ", readme.indexOf("## Production settings") + 5));
    const named = [...new Set([...section.matchAll(/^\| (.*?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z][A-Z0-9_]*)[`=]/g)].map((x) => x[1]!)))].filter(
      (n) => SETTINGS.has(n),
    );
    expect(named.length).toBeGreaterThanOrEqual(12);
    const starred = new Set([...page.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ★ \|/gm)].map((m) => m[1]!));
    expect(named.filter((n) => !starred.has(n))).toEqual([]);
  });
});

describe("metrics", () => {
  const registry = createMetrics().registry;
  const registered = new Map(registry.getMetricsAsArray().map((m) => [(m as unknown as { name: string }).name, (m as unknown as { type: string }).type]));
  const own = [...registered.keys()].filter((n) => !/^(process|nodejs)_/.test(n));
  const isRegistered = (name: string): boolean => {
    if (registered.has(name)) return true;
    const base = name.replace(/_(bucket|sum|count)$/, "");
    return base !== name && registered.get(base) === "histogram";
  };

  it("every metric src/metrics.ts registers has a row in docs/operations.md", () => {
    expect(own.length).toBeGreaterThan(15);
    const page = read("docs/operations.md");
    expect(own.filter((n) => !page.includes(`| \`${n}\` |`))).toEqual([]);
  });

  it("every metric the docs name is registered", () => {
    const named: string[] = [];
    // Metric names have at least two underscores; `anomaly_type` and the like are answer fields.
    const METRIC_LIKE = /\b(?:anomaly|anomalies|http|process|nodejs)_[a-z0-9]+_[a-z0-9_]*[a-z0-9]\b/g;
    for (const f of DOC_FILES) for (const m of read(f).matchAll(METRIC_LIKE)) named.push(`${f}: ${m[0]}`);
    expect(named.length).toBeGreaterThan(20);
    expect([...new Set(named)].filter((x) => !isRegistered(x.split(": ")[1]!))).toEqual([]);
  });
});

describe("links", () => {
  it("finds anchors as GitHub makes them", () => {
    expect(slug("`POST /detect-anomalies`")).toBe("post-detect-anomalies");
    expect(slug("`dlq list` / `dlq replay`")).toBe("dlq-list--dlq-replay");
    expect(slug("AWS ECS (Fargate)")).toBe("aws-ecs-fargate");
    expect([...anchors("# A\n## B\n```\n# not a heading\n```\n## B\n")]).toEqual(["a", "b", "b-1"]);
  });

  it("reports a missing file and a missing anchor", () => {
    const files: Record<string, string> = {
      "docs/a.md": "# Here\n[ok](b.md#there) [gone](c.md) [bad](b.md#nowhere) [self](#here) `[code](x.md)`",
      "docs/b.md": "## There",
    };
    expect(brokenLinks("docs/a.md", files["docs/a.md"]!, (rel) => files[rel])).toEqual([
      "docs/a.md:2: c.md (no file docs/c.md)",
      "docs/a.md:2: b.md#nowhere (no heading #nowhere in docs/b.md)",
    ]);
  });

  it("every relative link and anchor in README.md and docs/ resolves", () => {
    const all = DOC_FILES.flatMap((f) => links(read(f)));
    expect(all.length).toBeGreaterThan(50);
    expect(DOC_FILES.flatMap((f) => brokenLinks(f, read(f), readIfExists))).toEqual([]);
  });

  it("every docs page exists and the README links to it", () => {
    const readmeTargets = links(read("README.md")).map((l) => l.target.split("#")[0]);
    for (const p of PAGES) {
      expect(existsSync(path.join(ROOT, `docs/${p}.md`)), `docs/${p}.md`).toBe(true);
      expect(readmeTargets, `README.md links to docs/${p}.md`).toContain(`docs/${p}.md`);
    }
  });

  it("docs/ pages named in the code and the deployment files exist", () => {
    const files = ["Dockerfile", "grafana/dashboards/anomaly-detection-service.json", "prometheus/alerts.yml", "src/config.ts", "src/valkey/acl.ts"];
    const named = files.flatMap((f) => [...read(f).matchAll(/\bdocs\/[a-z-]+\.md\b/g)].map((m) => `${f}: ${m[0]}`));
    expect(named.length).toBeGreaterThanOrEqual(3);
    expect(named.filter((n) => !existsSync(path.join(ROOT, n.split(": ")[1]!)))).toEqual([]);
  });
});

describe("ACL", () => {
  /** What `npm run acl` prints for a configuration, as tokens. */
  const setUser = (c: Config) => ["ACL", "SETUSER", "anomaly-detector", "reset", "on", ">CHANGE-ME", ...aclRules(c)].join(" ");
  const accessString = (c: Config) => ["on", ...aclRules(c).filter((r) => r !== "resetkeys" && r !== "resetchannels")].join(" ");
  const task = JSON.parse(read("anomaly-task-definition.json")) as { containerDefinitions: { environment: { name: string; value: string }[] }[] };
  const ecsEnv = Object.fromEntries(task.containerDefinitions[0]!.environment.map((e) => [e.name, e.value]));
  const configs = { "default settings": loadConfig({}), "the ECS task definition": loadConfig({ ...ecsEnv, VALKEY_PASSWORD: "x" }) };
  /** A shell line's words, single quotes removed (a quoted selector is one word with spaces). */
  const unquote = (line: string) => [...line.trim().matchAll(/'[^']*'|\S+/g)].map((m) => m[0].replace(/^'(.*)'$/, "$1")).join(" ");

  it("every ACL shown in the docs is what src/valkey/acl.ts renders", () => {
    const rendered = new Set(Object.values(configs).flatMap((c) => [setUser(c), accessString(c)]));
    const shown = DOC_FILES.flatMap((f) =>
      fencedLines(read(f))
        .filter((l) => /^\s*(ACL SETUSER |on -@all)/.test(l))
        .map((l) => ({ f, acl: unquote(l) })),
    );
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const { f, acl } of shown) expect(rendered.has(acl), `${f}: ${acl}`).toBe(true);
  });

  it("docs/security.md shows the ACL SETUSER command for the default settings", () => {
    const shown = fencedLines(read("docs/security.md")).map(unquote);
    expect(shown).toContain(setUser(configs["default settings"]));
  });
});

describe("README.md", () => {
  const readme = read("README.md");

  it("fits on a screen: at most 15 KB", () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(15 * 1024);
  });

  it("keeps `npm test` in the quick start", () => {
    const start = readme.indexOf("## Quick start");
    expect(start).toBeGreaterThan(-1);
    const quickStart = readme.slice(start, readme.indexOf("\n## ", start + 5));
    expect(quickStart).toMatch(/^npm test\b/m);
  });
});
