import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, cp, mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { generateLogs, toJsonLines } from "../../bench/data.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ROOT,
  SAMPLE_INCIDENT_FILE,
  dockerfileStages,
  healthcheckCommand,
  instructions,
  readJson,
  readText,
  runCommand,
  stageEnv,
  stageNamed,
  taskDefinition,
} from "../helpers/deploy-files.js";
import { freePort, run, startProcess, waitFor, type Proc } from "../helpers/process.js";

/**
 * Does what the Dockerfile's runtime stage does, without Docker: the build stage's compile into a
 * clean folder, the runtime stage's COPY and RUN steps there (production install), then its CMD
 * with its ENV, and its HEALTHCHECK and the ECS task's health check against the running service.
 * The steps are read from the Dockerfile, so a change there is exercised here. Slow: npm ci.
 */

const stages = dockerfileStages();
const build = stageNamed(stages, "build");
const runtime = stageNamed(stages, "runtime");
const prefix = `rt${randomBytes(4).toString("hex")}`;
const incidentId = `${prefix}-INC-1`;

let dir: string;
/** The build stage's working directory: its dist/ is what COPY --from=build copies. */
let buildDir: string;
let svc: Proc | undefined;
let redis: Redis;
let port: number;
/** Set once the compile and install steps succeeded; later steps need them. */
let installed = false;
const timings: Record<string, number> = {};

async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    timings[name] = Math.round(performance.now() - t0);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runtime-stage-"));
  buildDir = await mkdtemp(path.join(os.tmpdir(), "build-stage-"));
  redis = new Redis(inject("valkeyUrl"), { maxRetriesPerRequest: 1 });
}, 120_000);

afterAll(async () => {
  await svc?.stop("SIGKILL");
  if (redis) {
    const mine = await redis.keys(`${prefix}*`);
    if (mine.length) await redis.del(...mine);
    redis.disconnect();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
  console.info(`dockerfile runtime steps (ms): ${JSON.stringify(timings)}`);
});

describe("the Dockerfile's runtime stage, performed outside Docker", () => {
  it("compiles like the build stage and installs like the runtime stage (production dependencies only)", { timeout: 180_000 }, async () => {
    // Build stage: `npm run build` is tsc -p tsconfig.build.json into dist/, then the scripts that
    // copy the incident pages' static files beside it and bundle the detection threads' entries.
    expect(instructions(build, "RUN")).toContain("npm run build");
    const buildScript = readJson<{ scripts: Record<string, string> }>("package.json").scripts.build!;
    const [compile, ...steps] = buildScript.split(/\s*&&\s*/);
    const [tool, ...args] = compile!.split(/\s+/);
    expect(tool).toBe("tsc");
    const scripts = instructions(build, "COPY").flatMap((a) => a.split(/\s+/).slice(0, -1));
    // The build stage, in a directory of its own, runs while the runtime stage installs, as
    // BuildKit runs the two stages: the runtime waits for it only at COPY --from=build.
    const buildStage = timed("build", async () => {
      const tsc = await run(path.join(ROOT, "node_modules/.bin/tsc"), [...args, "--outDir", path.join(buildDir, "dist")], { cwd: ROOT, timeoutMs: 120_000 });
      expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
      // The build stage runs its steps beside its own full install (npm ci, then npm run build):
      // the bundler resolves the entries' packages there. Here, the project's.
      await symlink(path.join(ROOT, "node_modules"), path.join(buildDir, "node_modules"), "dir");
      for (const step of steps) {
        const [node, script, ...rest] = step.split(/\s+/);
        expect([node, rest]).toEqual(["node", []]);
        expect(scripts, `the build stage copies ${script}`).toContain(script);
        const out = await run(process.execPath, [script!, path.join(buildDir, "dist")], { cwd: ROOT, timeoutMs: 60_000 });
        expect(out.code, out.stdout + out.stderr).toBe(0);
      }
      expect(existsSync(path.join(buildDir, "dist/http/page/incident.html"))).toBe(true);
      // Each thread's entry is bundled into one file, which imports Node's own modules only, none
      // of the service's other modules or of a package, and the built service starts that file.
      for (const entry of ["detection-entry", "helper-thread"]) {
        const bundle = path.join(buildDir, `dist/threads/bundled/${entry}.js`);
        const text = readFileSync(bundle, "utf8");
        expect(text.match(/^\s*(import|export)\b.*\bfrom\s+["'](?!node:)[^"']+["']/gm) ?? [], entry).toEqual([]);
        expect(text.match(/\bimport\(\s*["'](?!node:)[^"']+["']\s*\)/g) ?? [], entry).toEqual([]);
        const threadScript = pathToFileURL(path.join(buildDir, "dist/threads/thread-script.js")).href;
        const started = await run(
          process.execPath,
          [
            "--input-type=module",
            "-e",
            `const m = await import(${JSON.stringify(threadScript)}); console.log(m.workerScript(${JSON.stringify(entry)}).script);`,
          ],
          { cwd: buildDir, timeoutMs: 10_000 },
        );
        expect(started.stdout.trim(), started.stderr).toBe(bundle);
      }
    });
    // Awaited at COPY --from=build; a failure before then is reported there, not as unhandled.
    buildStage.catch(() => undefined);

    // Runtime stage: COPY from the context, COPY --from=build, RUN, in file order.
    const workdir = instructions(runtime, "WORKDIR")[0]!;
    const buildWorkdir = instructions(build, "WORKDIR")[0]!;
    for (const step of runtime.instructions) {
      if (step.keyword === "COPY") {
        const parts = step.args.split(/\s+/);
        if (parts[0]!.startsWith("--from=")) {
          expect(parts, "the runtime copies the compiled dist/ of the build stage").toEqual(["--from=build", `${buildWorkdir}/dist`, "./dist"]);
          await buildStage;
          await cp(path.join(buildDir, "dist"), path.join(dir, "dist"), { recursive: true });
          expect(existsSync(path.join(dir, "dist/main.js"))).toBe(true);
        } else {
          expect(parts.at(-1)).toBe("./");
          for (const src of parts.slice(0, -1)) await copyFile(path.join(ROOT, src), path.join(dir, path.basename(src)));
        }
      } else if (step.keyword === "RUN") {
        const cmd = runCommand(step.args);
        // Only steps this check knows to be safe outside a container are run on the host.
        expect(cmd, `a RUN step this check cannot perform safely: ${cmd}`).toMatch(/^(npm ci --omit=dev\b|find node_modules )/);
        const out = await timed(cmd.split(" ").slice(0, 2).join(" "), () =>
          run("sh", ["-c", cmd], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...stageEnv(runtime) }, timeoutMs: 170_000 }),
        );
        expect(out.code, `${cmd}\n${out.stdout}\n${out.stderr}`).toBe(0);
      }
    }
    // Whatever the runtime stage holds, the build stage must have succeeded.
    await buildStage;
    expect(workdir).toBe(buildWorkdir);
    // Production dependencies are there; development ones are not.
    const pkg = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>("package.json");
    for (const d of Object.keys(pkg.dependencies)) expect(existsSync(path.join(dir, "node_modules", d)), d).toBe(true);
    for (const d of Object.keys(pkg.devDependencies)) expect(existsSync(path.join(dir, "node_modules", d)), d).toBe(false);
    installed = true;
  });

  it("starts with the image's CMD and ENV and answers /health; both health checks pass", { timeout: 60_000 }, async () => {
    expect(installed, "the compile or install step failed (previous test)").toBe(true);
    const cmd = JSON.parse(instructions(runtime, "CMD")[0]!) as string[];
    expect(cmd[0]).toBe("node");
    port = await freePort();
    const env = {
      PATH: process.env.PATH,
      ...stageEnv(runtime),
      VALKEY_URL: inject("valkeyUrl"),
      PORT: String(port),
      INCIDENT_LOGS_KEY: `${prefix}:incident:{incident_id}:logs`,
      INCIDENT_STREAM: `${prefix}:incidents:created`,
      ANOMALY_STREAM: `${prefix}:anomalies:detected`,
      CONSUMER_GROUP: `${prefix}-group`,
    };
    svc = startProcess(process.execPath, cmd.slice(1), { cwd: dir, env });
    const t0 = performance.now();
    const health = await waitFor(
      "/health of the installed service",
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/health`);
        return r.status === 200 ? ((await r.json()) as { status: string }) : undefined;
      },
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${svc!.output()}`);
    });
    timings.startToHealthy = Math.round(performance.now() - t0);
    expect(health.status).toBe("healthy");
    // glibc reads it at start: the process itself must carry it (memory after a large incident).
    const environ = readFileSync(`/proc/${svc.child.pid}/environ`, "utf8").split("\0");
    expect(environ).toContain("MALLOC_ARENA_MAX=2");
    // The CMD's node options cap the main thread's young generation at 2 x 8 MB: V8's default
    // of 2 x 16 MB is what its start-up fills and then holds, idle.
    const started = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const young = /^nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)$/m.exec(started);
    expect(young, "the new space's size in /metrics").not.toBeNull();
    expect(Number(young![1])).toBeLessThanOrEqual(16 * 2 ** 20);

    // The detection pipeline works with production dependencies alone.
    await redis.rpush(`${prefix}:incident:${incidentId}:logs`, ...readText(SAMPLE_INCIDENT_FILE).trim().split("\n"));
    const res = await fetch(`http://127.0.0.1:${port}/detect-anomalies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ incident_id: incidentId }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { processed_logs: number }).processed_logs).toBe(200);
    // A large incident runs on a detection thread and its helper: the bundled entries.
    const large = 25_000;
    await redis.rpush(`${prefix}:incident:${incidentId}-large:logs`, ...toJsonLines(generateLogs(large, 3)));
    const big = await fetch(`http://127.0.0.1:${port}/detect-anomalies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ incident_id: `${incidentId}-large` }),
    });
    expect(big.status, svc.output()).toBe(200);
    const answer = (await big.json()) as { processed_logs: number; anomalies_detected: number };
    expect(answer.processed_logs).toBe(large);
    expect(answer.anomalies_detected).toBeGreaterThan(0);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^anomaly_detection_threads 1$/m);
    expect(svc.output()).not.toMatch(/thread failed|"level":"(error|fatal)"/);

    // The Docker HEALTHCHECK and the ECS container health check, as the runtimes run them.
    const docker = healthcheckCommand(instructions(runtime, "HEALTHCHECK")[0]!);
    const ecs = taskDefinition().container.healthCheck!.command.slice(1);
    for (const probe of [docker, ecs]) {
      const out = await run(probe[0] === "node" ? process.execPath : probe[0]!, probe.slice(1), {
        cwd: dir,
        env: { PATH: process.env.PATH, PORT: String(port) },
        timeoutMs: 10_000,
      });
      expect(out.code, `${probe.join(" ")}\n${out.stderr}`).toBe(0);
    }
  });

  it("stops on SIGTERM with exit 0 well within the task's stopTimeout, then the health check fails", { timeout: 60_000 }, async () => {
    expect(svc, "the service did not start (previous test)").toBeDefined();
    const stopTimeout = taskDefinition().container.stopTimeout!;
    const t0 = performance.now();
    const code = await svc!.stop("SIGTERM", stopTimeout * 1000);
    timings.sigtermToExit = Math.round(performance.now() - t0);
    expect(code, svc!.output()).toBe(0);
    expect(timings.sigtermToExit).toBeLessThan(stopTimeout * 1000);
    const docker = healthcheckCommand(instructions(runtime, "HEALTHCHECK")[0]!);
    const out = await run(process.execPath, docker.slice(1), { env: { PATH: process.env.PATH, PORT: String(port) }, timeoutMs: 10_000 });
    expect(out.code).toBe(1);
  });
});
