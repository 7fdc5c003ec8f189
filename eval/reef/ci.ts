import {
  whole,
  alnum,
  baseTime,
  between,
  chance,
  expGap,
  HOUR,
  hex,
  int,
  iso,
  type Label,
  MIN,
  nginxTime,
  pick,
  poisson,
  type Rng,
  round,
  rngFor,
  SEC,
  Sink,
} from "./lib.js";
import type { Scenario } from "./types.js";

interface Project {
  repo: string;
  steps: string[];
}

const BUILDFARM: Project[] = [
  {
    repo: "hull-firmware",
    steps: ["Compiling bootloader with arm-none-eabi-gcc 13.2", "Flashing emulator image for board rev C", "Hardware-in-loop smoke suite passed on bench 2"],
  },
  {
    repo: "tariff-engine",
    steps: ["Resolved 214 Maven dependencies from mirror", "Surefire: rating rules regression pack green", "Publishing tariff-engine snapshot to Nexus"],
  },
  {
    repo: "storefront-themes",
    steps: ["Sass compiled 38 theme bundles", "Visual diff against baseline screenshots: no changes", "Storybook static build written to public/"],
  },
  {
    repo: "route-planner",
    steps: ["cargo build --release finished for x86_64 and aarch64", "Property tests for graph contraction passed", "Benchmarks within 3% of main"],
  },
  {
    repo: "claims-portal",
    steps: ["pnpm install reused lockfile, nothing to fetch", "Playwright: claim submission journey passed", "Lighthouse budget check passed for /claims"],
  },
  { repo: "infra-live", steps: ["terraform fmt check clean", "Plan for workspace eu-prod shows no drift", "tflint found nothing to report"] },
  { repo: "ocr-pipeline", steps: ["Downloading tesseract traineddata for deu and fra", "pytest: receipt fixtures parsed", "Wheel built for manylinux2014"] },
  { repo: "mobile-wallet", steps: ["Gradle configuration cache reused", "Detekt static analysis clean", "Signed debug APK archived for QA"] },
  { repo: "docs-portal", steps: ["Hugo built 1312 pages", "Link checker walked internal links", "Search index shards regenerated"] },
  { repo: "payments-sdk-go", steps: ["go vet ./... clean", "Race detector pass finished for ./pkg/...", "golangci-lint: 0 issues"] },
  {
    repo: "warehouse-dbt",
    steps: ["dbt deps installed 6 packages", "dbt build against ci schema succeeded", "Freshness assertions passed for staging models"],
  },
  { repo: "kiosk-shell", steps: ["Vite production bundle under size budget", "Jest snapshot suite passed", "Electron shell packaged for Windows x64"] },
  { repo: "geo-tiles", steps: ["tippecanoe generated vector tiles for zoom 0-12", "Style spec validated", "Tile digest manifest written"] },
  { repo: "identity-edge", steps: ["OpenAPI spec lint clean", "Contract tests against identity stub passed", "Container image scanned: no critical CVEs"] },
];

/** GitLab coordinator's nginx access log in JSON, as the runners poll it. */
function coordinatorLine(r: Rng, t: number): Record<string, unknown> {
  const route = pick(r, [
    "POST /api/v4/jobs/request",
    "POST /api/v4/jobs/request",
    "POST /api/v4/jobs/request",
    "PATCH /api/v4/jobs/{id}/trace",
    "PUT /api/v4/jobs/{id}",
    "POST /api/v4/jobs/{id}/artifacts",
  ]);
  const id = int(r, 880000, 889999);
  const request = `${route.replace("{id}", String(id))} HTTP/1.1`;
  const status = route.startsWith("POST /api/v4/jobs/request")
    ? pick(r, [204, 204, 204, 201])
    : route.startsWith("PATCH")
      ? 202
      : route.startsWith("PUT")
        ? 200
        : 201;
  const rt = route.includes("artifacts") ? between(r, 0.4, 3.5) : between(r, 0.004, 0.06);
  return {
    time_iso8601: nginxTime(t),
    app: "gitlab-edge",
    remote_addr: `10.40.${int(r, 1, 9)}.${int(r, 2, 250)}`,
    request,
    status,
    body_bytes_sent: status === 204 ? 0 : int(r, 80, 4000),
    request_time: round(rt, 3),
    upstream_response_time: String(round(rt * 0.97, 3)),
    http_user_agent: "gitlab-runner 16.11.1 (16-11-stable; go1.21.9; linux/amd64)",
    host: "git.corp.example",
  };
}

export function ciRunnerArtifactRefetch(seed: number): Scenario {
  const name = "ci-runner-artifact-refetch";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 9, 8, 6);
  const span = 8 * HOUR;
  const end = start + span;
  const probFrom = start + 0.62 * span;
  const probTo = start + 0.86 * span;
  const runners = [`bf-${alnum(r, 8)}`, `bf-${alnum(r, 8)}`, `bf-${alnum(r, 8)}`];
  let refetches = 0;
  let failures = 0;
  poisson(r, start, end, 11 * SEC, (t) => s.add(whole(t), coordinatorLine(r, whole(t))));
  BUILDFARM.forEach((p, k) => {
    const first = k < 4 ? start + between(r, 0, 20) * MIN : start + ((k - 3) / (BUILDFARM.length - 3)) * 0.8 * span + between(r, -8, 8) * MIN;
    const base = between(r, 4, 11) * MIN;
    for (let t = first; t < end - 25 * MIN; t += 10 * MIN + expGap(r, 32 * MIN)) {
      const job = int(r, 880000, 889999);
      const runner = pick(r, runners);
      const log = (at: number, level: string, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
        s.add(at, { level, msg, app: "buildfarm-runner", job, project: p.repo, runner, time: iso(at), ...extra }, label);
      log(t, "info", "Checking for jobs... received", { repo_url: `https://git.corp.example/platform/${p.repo}.git` });
      let at = t + between(r, 2, 9) * SEC;
      log(at, "info", "Restoring cache", { cache_key: `${p.repo}-${hex(r, 8)}-protected` });
      const inProblem = t > probFrom && t < probTo;
      let dur = base * between(r, 0.85, 1.2);
      if (inProblem && chance(r, 0.62)) {
        const tries = chance(r, 0.3) ? 2 : 1;
        for (let i = 0; i < tries && refetches < 55; i++) {
          at += between(r, 20, 90) * SEC;
          refetches++;
          log(
            at,
            "info",
            "Cache archive digest differs from manifest, fetching a fresh copy from origin",
            { expected_sha256: hex(r, 16), got_sha256: hex(r, 16), attempt: i + 1 },
            "pattern",
          );
        }
        dur *= between(r, 3, 5.5);
        if (failures < 4 && chance(r, 0.18)) {
          failures++;
          log(
            at + between(r, 60, 200) * SEC,
            "error",
            "Job failed: cache restore gave up after 3 attempts",
            { duration_s: round(dur / 1000, 2), failure_reason: "runner_system_failure" },
            "error",
          );
          return;
        }
      }
      const stepGap = (dur * 0.8) / (p.steps.length + 1);
      for (const step of p.steps) {
        at += stepGap * between(r, 0.7, 1.3);
        log(at, "info", step);
      }
      const done = t + dur;
      log(done - between(r, 5, 20) * SEC, "info", 'Uploading artifacts as "archive" to coordinator... 201 Created', {
        id: job,
        responseStatus: "201 Created",
        status: 201,
      });
      log(done, "info", "Job succeeded", { duration_s: round(dur / 1000, 2) }, dur > base * 2.4 ? "performance" : null);
    }
  });
  return s.build(
    name,
    "Shared CI runners keep gaining per-project step lines all day; the artifact cache starts serving corrupt archives, seen only as an INFO re-fetch line, slow jobs and a few failures",
  );
}

const WOODPECKER: Project[] = [
  {
    repo: "ticketing-core",
    steps: ["step clone: fetched 1 commit", "step test: 842 specs, 0 failures", "step image: pushed registry.corp.example/ticketing-core"],
  },
  { repo: "fleet-telemetry", steps: ["step lint: ruff found no issues", "step test: 311 passed", "step package: wheel uploaded to internal index"] },
  { repo: "menu-designer", steps: ["step deps: yarn cache hit", "step e2e: cypress specs green", "step deploy-preview: preview URL published"] },
  {
    repo: "invoice-ocr",
    steps: ["step build: maven package skipped tests", "step test: 97 integration tests passed", "step sbom: CycloneDX document attached"],
  },
  {
    repo: "crew-roster",
    steps: ["step compile: kotlin incremental build", "step test: roster solver fixtures passed", "step publish: jar pushed to artifact-proxy"],
  },
  { repo: "parcel-lockers", steps: ["step firmware: esp-idf build ok", "step unit: host tests passed", "step flash-check: image size 1.6MB of 2MB"] },
  { repo: "price-watch", steps: ["step scrape-fixtures: 64 fixtures refreshed", "step test: parsers validated", "step image: pushed price-watch:main"] },
  { repo: "vet-clinic-app", steps: ["step restore: NuGet packages restored", "step test: xunit 402 passed", "step publish: self-contained linux-x64"] },
];

const LATE_REPO: Project = {
  repo: "loyalty-points",
  steps: [
    "step migrate-check: flyway validate ok against shadow db",
    "step test: points accrual rules 188 passed",
    "step contract: pact verified with basket consumer",
    "step image: pushed loyalty-points:main",
  ],
};

export function ciAgentsNewRepoOnboarding(seed: number): Scenario {
  const name = "ci-agents-new-repo-onboarding";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 10, 2, 7);
  const span = 10 * HOUR;
  const end = start + span;
  const oomFrom = start + 0.42 * span;
  const oomAt = oomFrom + between(r, 35, 45) * MIN;
  const restartAt = oomAt + between(r, 4, 7) * MIN;
  const agents = [`wp-agent-${alnum(r, 5)}`, `wp-agent-${alnum(r, 5)}`];
  const proxyHost = `artifact-proxy-${alnum(r, 5)}`;
  const jlog = (t: number, level: string, message: string, logger: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    s.add(
      t,
      {
        "@timestamp": iso(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: `qtp${int(r, 100000, 999999)}-${int(r, 20, 90)}`,
        level,
        level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
        app: "artifact-proxy",
        host: proxyHost,
        ...extra,
      },
      label,
    );
  // artifact-proxy: steady fetches, heap creeping after oomFrom, OOM, restart
  poisson(r, start, end, 14 * SEC, (t) => {
    const down = t > oomAt && t < restartAt;
    if (down) return;
    const hit = chance(r, 0.8);
    const coord = pick(r, [
      "org/springframework/spring-core/6.1.4",
      "com/fasterxml/jackson/core/jackson-databind/2.17.0",
      "io/netty/netty-handler/4.1.108.Final",
      "npm/@babel/core/-/core-7.24.0.tgz",
      "pypi/packages/requests-2.31.0-py3-none-any.whl",
    ]);
    const slowish = t > oomFrom && t < oomAt;
    jlog(
      t,
      "INFO",
      hit ? `Served ${coord} from local blob store` : `Fetched ${coord} from remote and cached`,
      "org.sonatype.nexus.repository.proxy.ProxyFacetSupport",
      { duration_ms: round(hit ? between(r, 3, 25) : between(r, 120, 900) * (slowish ? 1.3 : 1), 1) },
    );
  });
  for (let t = start + between(r, 0, 5) * MIN; t < end; t += 5 * MIN) {
    if (t > oomAt && t < restartAt) continue;
    const grow = t < oomFrom ? 0 : (t - oomFrom) / (oomAt - oomFrom);
    const pct = t < oomFrom ? between(r, 48, 66) : t > restartAt ? between(r, 40, 58) : 70 + grow * 28 + between(r, -1, 1);
    jlog(
      t,
      "INFO",
      "JVM heap after collection",
      "org.sonatype.nexus.internal.status.MemoryReporter",
      { heap_used_pct: round(Math.min(pct, 99.4), 1) },
      pct >= 88 ? "memory" : null,
    );
  }
  jlog(
    oomAt - 40 * SEC,
    "WARN",
    "GC overhead limit exceeded while streaming blob; request aborted",
    "org.sonatype.nexus.blobstore.file.FileBlobStore",
    {},
    "memory",
  );
  jlog(
    oomAt,
    "ERROR",
    "Unhandled exception in request thread",
    "org.eclipse.jetty.server.HttpChannel",
    {
      stack_trace:
        "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)\n\tat org.sonatype.nexus.repository.view.payloads.TempBlob.<init>(TempBlob.java:62)",
    },
    "memory",
  );
  jlog(restartAt, "INFO", `Started Application in ${round(between(r, 18, 26), 2)} seconds`, "org.sonatype.nexus.bootstrap.Launcher");
  // woodpecker agents (zerolog)
  const runPipelines = (p: Project, first: number, gap: number) => {
    for (let t = first; t < end - 15 * MIN; t += 6 * MIN + expGap(r, gap)) {
      const pipeline = int(r, 2000, 9999);
      const agent = pick(r, agents);
      const log = (at: number, level: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
        s.add(at, { level, time: iso(at), app: "woodpecker-agent", agent, repo: `corp/${p.repo}`, pipeline, message, ...extra }, label);
      log(t, "info", "pipeline accepted, starting workflow");
      let at = t;
      const broken = t > oomAt - 8 * MIN && t < restartAt + 2 * MIN;
      for (const [i, step] of p.steps.entries()) {
        at += between(r, 40, 200) * SEC;
        if (broken && i === 1) {
          log(at, "error", "step failed: dependency resolution returned 503 from artifact-proxy", { exit_code: 1 }, "error");
          break;
        }
        log(at, "info", step);
      }
      log(
        at + between(r, 2, 6) * SEC,
        "info",
        broken ? "workflow finished with status failure" : "workflow finished with status success",
        { duration_ms: Math.round(at - t) },
        broken ? "error" : null,
      );
    }
  };
  for (const [k, p] of WOODPECKER.entries())
    runPipelines(p, start + (k < 3 ? between(r, 0, 15) * MIN : ((k - 2) / (WOODPECKER.length - 2)) * 0.65 * span), 28 * MIN);
  const onboard = start + 0.78 * span + between(r, -5, 5) * MIN;
  s.add(onboard - 3 * MIN, {
    level: "info",
    time: iso(onboard - 3 * MIN),
    app: "woodpecker-agent",
    agent: agents[0],
    repo: `corp/${LATE_REPO.repo}`,
    message: "repository activated, webhook registered",
  });
  runPipelines(LATE_REPO, onboard, 14 * MIN);
  return s.build(
    name,
    "Woodpecker agents gain per-repo step lines all day and a new repository is onboarded late (benign); earlier the artifact proxy's heap climbs to an OutOfMemoryError and builds fail with 503 until it restarts",
  );
}
