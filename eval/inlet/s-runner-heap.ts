/**
 * runner-heap: a GitLab runner fleet on Kubernetes runs the pipelines of three projects; every
 * job's trace is shipped line by line, and the runner manager logs (logrus) what it picks up and
 * how it ends. GitLab prints each script line before running it, unexpanded:
 * `$ docker build -t ${CI_REGISTRY_IMAGE}:${CI_COMMIT_SHORT_SHA} .`, and echo lines like
 * `$ echo "Building ${CI_PROJECT_NAME}@${CI_COMMIT_SHORT_SHA}"` (the next line shows the values):
 * routine job output, never a formatting bug. A third of the way in a dependency bump lands on
 * web-shop's main branch: its webpack build outgrows Node's default heap, so `build:web` jobs
 * die with V8's `Reached heap limit` (exit 134) or are OOM-killed in their 3 GiB pod (exit 137)
 * until a commit raises NODE_OPTIONS and the pod limit.
 */
import { kernel, nodeName, openWindow } from "./common.js";
import { type GitlabJob, gitlabTrace, logrus } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "runner-heap";
const PROJECTS = ["shop/web-shop", "shop/cart-api", "platform/infra-charts"] as const;

export function runnerHeap(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-10", 9, 3);
  const bumpAt = tl.at(rng.float(0.3, 0.38));
  const fixAt = tl.at(rng.float(0.72, 0.8));
  const runners = Array.from({ length: 3 }, () => ({ token: rng.alnum(8), host: nodeName(rng, "10.60") }));
  let jobId = 8_812_000 + rng.int(0, 9000);
  let pipelineId = 1_204_000 + rng.int(0, 900);

  const manager = (t: number, level: "info" | "warning", msg: string, job: GitlabJob, extra: Record<string, unknown>, label: AnomalyType | null = null) =>
    tl.add(t, logrus(t, "gitlab-runner", level, msg, { job: job.jobId, project: job.project, runner: job.runner, ...extra }), label);

  /** One job: the manager's pickup, the trace's lines one by one, the manager's end line. */
  const runJob = (
    t0: number,
    job: GitlabJob,
    image: string,
    script: (readonly [string, AnomalyType | null, number?])[],
    outcome: { exit?: number; label?: AnomalyType | null },
  ) => {
    const runner = runners.find((r) => r.token === job.runner)!;
    manager(t0, "info", "Checking for jobs... received", job, { repo_url: `https://gitlab.example.com/${job.project}.git` });
    let t = t0 + rng.int(300, 900);
    const line = (section: string, msg: string, label: AnomalyType | null = null, gap = rng.int(40, 600)) => {
      t += gap;
      tl.add(t, gitlabTrace(t, job, section, msg), label);
    };
    const pod = `runner-${job.runner.toLowerCase()}-project-${1200 + PROJECTS.indexOf(job.project as (typeof PROJECTS)[number])}-concurrent-${rng.int(0, 3)}-${rng.alnum(8)}`;
    line("prepare_executor", "Running with gitlab-runner 16.11.1 (535ced5f)");
    line("prepare_executor", `  on k8s-runner-${job.runner.slice(0, 4)} ${job.runner}, system ID: r_${rng.alnum(12)}`, null, 5);
    line("prepare_executor", `Using Kubernetes executor with image ${image} ...`);
    line("prepare_script", `Waiting for pod gitlab-runner/${pod} to be running, status is Pending`, null, rng.int(800, 3000));
    line("prepare_script", `Running on ${pod} via ${runner.host}...`, null, rng.int(2000, 9000));
    line("get_sources", "Fetching changes with git depth set to 20...");
    line("get_sources", `Checking out ${rng.hex(8)} as detached HEAD (ref is main)...`, null, rng.int(800, 2500));
    line("get_sources", "Skipping Git submodules setup");
    line("step_script", 'Executing "step_script" stage of the job script');
    for (const [msg, label, gap] of script) line("step_script", msg, label, gap ?? rng.int(200, 4000));
    if (outcome.exit === undefined) {
      line("cleanup_file_variables", "Cleaning up project directory and file based variables");
      line("cleanup_file_variables", "Job succeeded", null, 30);
      manager(t + 40, "info", "Job succeeded", job, { duration_s: Number(((t - t0) / 1000).toFixed(3)) });
    } else {
      line("cleanup_file_variables", "Cleaning up project directory and file based variables");
      line("cleanup_file_variables", `ERROR: Job failed: command terminated with exit code ${outcome.exit}`, outcome.label ?? "error", 30);
      manager(
        t + 40,
        "warning",
        `Job failed: command terminated with exit code ${outcome.exit}`,
        job,
        { duration_s: Number(((t - t0) / 1000).toFixed(3)) },
        outcome.label ?? "error",
      );
    }
    return t;
  };

  const newJob = (project: string, pid: number, jobName: string, stage: string): GitlabJob => ({
    project,
    pipelineId: pid,
    jobId: jobId++,
    jobName,
    stage,
    runner: rng.pick(runners).token,
  });

  const jestSuites = ["cart", "checkout", "pricing", "search", "auth", "catalog", "wishlist", "reviews", "shipping", "promo", "account", "i18n"];
  const testScript = (): (readonly [string, AnomalyType | null, number?])[] => {
    const out: (readonly [string, AnomalyType | null, number?])[] = [
      ["$ npm ci --prefer-offline", null],
      [`added ${rng.int(1380, 1460)} packages, and audited ${rng.int(1390, 1470)} packages in ${rng.int(24, 48)}s`, null, rng.int(20000, 45000)],
      ["$ npm test -- --ci --reporters=default", null],
    ];
    for (const s of jestSuites) if (rng.chance(0.85)) out.push([`PASS src/${s}/${s}.test.ts (${rng.float(0.8, 9).toFixed(3)} s)`, null, rng.int(500, 6000)]);
    const n = out.length - 3;
    out.push([`Test Suites: ${n} passed, ${n} total`, null, 200], [`Tests:       ${n * rng.int(9, 16)} passed, ${n * 14} total`, null, 5]);
    out.push([`Time:        ${rng.float(40, 90).toFixed(3)} s`, null, 5], ["Ran all test suites.", null, 5]);
    return out;
  };

  const buildOk = (p: string): (readonly [string, AnomalyType | null, number?])[] => [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab prints the script line unexpanded
    ['$ echo "Building ${CI_PROJECT_NAME}@${CI_COMMIT_SHORT_SHA} for ${DEPLOY_ENV}"', null],
    [`Building ${p.split("/")[1]}@${rng.hex(8)} for staging`, null, 20],
    ["$ npm ci --prefer-offline", null],
    [`added ${rng.int(1380, 1460)} packages in ${rng.int(24, 48)}s`, null, rng.int(20000, 45000)],
    ["$ npm run build", null],
    ["> web-shop@4.18.0 build", null, 50],
    ["> webpack --mode production --config webpack.prod.js", null, 5],
    [`asset main.${rng.hex(20)}.js ${rng.float(1.1, 1.4).toFixed(2)} MiB [emitted] [immutable] [minimized] [big] (name: main)`, null, rng.int(60000, 150000)],
    [`asset vendors.${rng.hex(20)}.js ${rng.float(2.2, 2.6).toFixed(2)} MiB [emitted] [immutable] [minimized] [big] (name: vendors)`, null, 10],
    [`webpack 5.91.0 compiled with 2 warnings in ${rng.int(70000, 160000)} ms`, null, 10],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab prints the script line unexpanded
    ["$ docker build --build-arg NODE_ENV=production -t ${CI_REGISTRY_IMAGE}:${CI_COMMIT_SHORT_SHA} .", null],
    ["#1 [internal] load build definition from Dockerfile", null, 300],
    [`#8 writing image sha256:${rng.hex(64)} done`, null, rng.int(15000, 40000)],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab prints the script line unexpanded
    ["$ docker push ${CI_REGISTRY_IMAGE}:${CI_COMMIT_SHORT_SHA}", null],
    [`${rng.hex(7)}: digest: sha256:${rng.hex(64)} size: 2419`, null, rng.int(5000, 15000)],
  ];

  /** A build that runs out of V8 heap (exit 134) or is OOM-killed (exit 137), with its memory lines. */
  const buildDies = (t0: number, job: GitlabJob, oomKill: boolean) => {
    const pidN = rng.int(90, 180);
    const gcs: (readonly [string, AnomalyType | null, number?])[] = [];
    const script: (readonly [string, AnomalyType | null, number?])[] = buildOk(job.project).slice(0, 7);
    if (oomKill) {
      script.push(["Killed", "memory", rng.int(90000, 200000)]);
    } else {
      let ms = rng.int(150000, 260000);
      for (let i = 0; i < 2; i++) {
        const used = rng.float(2030, 2046);
        gcs.push([
          `[${pidN}:0x${rng.hex(7)}]   ${ms} ms: Mark-Compact ${used.toFixed(1)} (${(used + 50).toFixed(1)}) -> ${(used - rng.float(1, 6)).toFixed(1)} (${(used + 52).toFixed(1)}) MB, ${rng.float(1400, 2600).toFixed(2)} / 0.00 ms  (average mu = 0.${rng.int(100, 180)}, current mu = 0.0${rng.int(10, 60)}) allocation failure; scavenge might not succeed`,
          "memory",
          10,
        ]);
        ms += rng.int(1800, 3000);
      }
      script.push(["<--- Last few GCs --->", "memory", rng.int(150000, 260000)], ...gcs, ["<--- JS stacktrace --->", "memory", 10]);
      script.push(["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory", 10]);
      script.push([" 1: 0xb9c1f0 node::Abort() [node]", null, 5], [" 2: 0xaa27ee  [node]", null, 5], ["Aborted (core dumped)", null, 20]);
    }
    const end = runJob(t0, job, "node:20-bookworm", script, { exit: oomKill ? 137 : 134 });
    if (oomKill) {
      const host = runners.find((r) => r.token === job.runner)!.host;
      const pid = rng.int(20000, 90000);
      const t = end - rng.int(2500, 4000);
      const anon = rng.int(3_090_000, 3_140_000);
      tl.add(
        t - 5,
        kernel(t - 5, host, "warning", `node invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${rng.int(900, 999)}`),
        "memory",
      );
      tl.add(
        t,
        kernel(
          t,
          host,
          "err",
          `Memory cgroup out of memory: Killed process ${pid} (node) total-vm:${anon + 700000}kB, anon-rss:${anon}kB, file-rss:${rng.int(30000, 60000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(7000, 9000)}kB oom_score_adj:${rng.int(900, 999)}`,
        ),
        "memory",
      );
    }
  };

  // ── pipelines ───────────────────────────────────────────────────────────────────────────────
  for (const t0 of arrivals(rng, start, end - 12 * MINUTE, 0.32, shape, 1.2)) {
    const project = rng.weighted([
      [PROJECTS[0], 5],
      [PROJECTS[1], 3],
      [PROJECTS[2], 1],
    ] as const);
    const pid = pipelineId++;
    if (project === "platform/infra-charts") {
      const job = newJob(project, pid, "lint:charts", "test");
      runJob(
        t0,
        job,
        "alpine/helm:3.14.4",
        [
          ["$ helm lint charts/*", null],
          ...["cart-api", "web-shop", "search-api", "ingress"].map((c) => [`==> Linting charts/${c}`, null] as const),
          ["4 chart(s) linted, 0 chart(s) failed", null],
          // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab prints the script line unexpanded
          ["$ helm package charts/* --version 1.${CI_PIPELINE_IID}.0 -d dist/", null],
          [`Successfully packaged chart and saved it to: dist/cart-api-1.${rng.int(300, 400)}.0.tgz`, null],
        ],
        {},
      );
      continue;
    }
    const lint = newJob(project, pid, "lint", "test");
    const tLint = runJob(
      t0,
      lint,
      "node:20-bookworm",
      [
        ["$ npm ci --prefer-offline", null],
        [`added ${rng.int(900, 1400)} packages in ${rng.int(20, 40)}s`, null, 30000],
        ["$ npx eslint . --max-warnings=0", null],
        ["$ npx tsc --noEmit", null, rng.int(8000, 20000)],
      ],
      {},
    );
    const test = newJob(project, pid, "test:unit", "test");
    runJob(t0 + rng.int(500, 3000), test, "node:20-bookworm", testScript(), {});
    const buildAt = tLint + rng.int(60, 120) * SECOND;
    if (project === "shop/web-shop") {
      const job = newJob(project, pid, "build:web", "build");
      if (buildAt > bumpAt && buildAt < fixAt) buildDies(buildAt, job, rng.chance(0.4));
      else runJob(buildAt, job, "node:20-bookworm", buildOk(project), {});
    } else {
      const job = newJob(project, pid, "build:image", "build");
      runJob(
        buildAt,
        job,
        "docker:24-dind",
        buildOk(project).filter((_, i) => i < 2 || i > 9),
        {},
      );
    }
  }
  return tl.build(
    NAME,
    "web-shop's webpack builds run out of Node heap or are OOM-killed after a dependency bump, among GitLab job traces that echo their script lines with CI variables unexpanded",
  );
}
