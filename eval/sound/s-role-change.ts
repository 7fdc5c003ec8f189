/**
 * role-change-permission-denied: an Atlantis apply tightens export-worker's IAM role (a
 * reviewed pull request, its author named); from then on every export job fails with
 * AccessDenied on s3:PutObject, one or two dozen times to the end, an error the worker never
 * wrote before. The look-alike: flag-admin starts the ranking-v7 experiment by a named change
 * and search-api warns on each experiment request in a locale v7 has no model for, falling back
 * to v6, steadily to the end. Meanwhile large TIFF uploads push thumbnailer's workers to
 * their memory limit: the watchdog recycles them and the kernel kills one.
 */
import { edgeLine } from "./common.js";
import { kubeEvent, pino, pyjson, rsyslog, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "role-change-permission-denied";
const MIB = 1024 * 1024;

export function roleChangePermissionDenied(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-04-27", 14);
  const end = start + 3 * HOUR + rng.int(-8, 8) * MINUTE;
  const tl = new Timeline(start, end);
  const account = String(rng.int(100000000000, 999999999999));

  // ── atlantis (Go): plans on other pull requests; the apply of the IAM change ──────────────
  const atl = { service: "atlantis" };
  const users = ["t.brandt", "o.adeyemi", "s.ivanova", "l.chen", "m.garcia"];
  for (const t of arrivals(rng, start, end, 0.12)) {
    const pr = rng.int(3100, 3299);
    tl.add(
      t,
      zap(
        t,
        "info",
        "atlantis",
        "events/plan_command_runner.go:214",
        `plan succeeded for project ${rng.pick(["networking", "rds", "eks-addons", "dns", "monitoring"])}`,
        {
          ...atl,
          repo: "acme/infrastructure",
          pull: pr,
          user: rng.pick(users),
        },
      ),
    );
  }
  const applyAt = tl.at(rng.float(0.25, 0.42));
  const pr = rng.int(3300, 3399);
  const author = rng.pick(users);
  tl.add(
    applyAt - 40 * SECOND,
    zap(applyAt - 40 * SECOND, "info", "atlantis", "events/comment_parser.go:201", "parsed comment 'atlantis apply -p iam-roles'", {
      ...atl,
      repo: "acme/infrastructure",
      pull: pr,
      user: author,
    }),
  );
  tl.add(
    applyAt,
    zap(applyAt, "info", "atlantis", "events/apply_command_runner.go:187", "apply succeeded for project iam-roles: 0 added, 2 changed, 0 destroyed", {
      ...atl,
      repo: "acme/infrastructure",
      pull: pr,
      user: author,
      resources: ["aws_iam_role_policy.export_worker", "aws_iam_role_policy.reporting_reader"],
    }),
  );

  // ── export-worker (Node): scheduled customer exports to S3; AccessDenied after the apply ──
  const ew = { name: "export-worker", hostname: rng.pod("export-worker"), pid: 1 };
  const deniedFrom = applyAt + rng.int(20, 60) * SECOND;
  const period = rng.int(5, 7) * MINUTE;
  for (const t of ticks(rng, start, end, period, 40 * SECOND)) {
    const id = `exp_${rng.alnum(10)}`;
    const tenant = `t_${rng.int(1000, 9999)}`;
    const key = `exports/${tenant}/${new Date(t).toISOString().slice(0, 10)}/${id}.csv.gz`;
    tl.add(t, pino(t, ew, "info", `export ${id} started`, { exportId: id, tenant, kind: rng.pick(["orders", "invoices", "customers", "inventory"]) }));
    const rows = rng.int(2000, 400000);
    const d = t + Math.round(rng.logNormal(rows / 40, 0.3));
    if (d >= deniedFrom) {
      tl.add(
        d,
        pino(d, ew, "error", `export ${id} failed`, {
          exportId: id,
          err: {
            type: "AccessDenied",
            message: `User: arn:aws:sts::${account}:assumed-role/export-worker-prod/${rng.hex(16)} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::acme-exports-prod/${key}" because no identity-based policy allows the s3:PutObject action`,
            stack:
              "AccessDenied: User: ... is not authorized to perform: s3:PutObject\n    at throwDefaultError (/app/node_modules/@smithy/smithy-client/dist-cjs/index.js:840:20)\n    at async Upload.__doConcurrentUpload (/app/node_modules/@aws-sdk/lib-storage/dist-cjs/index.js:274:24)\n    at async runExport (/app/dist/exports/run.js:88:5)",
            $metadata: { httpStatusCode: 403, requestId: rng.alnum(16).toUpperCase() },
          },
        }),
        "error",
      );
      tl.add(d + 3, pino(d + 3, ew, "warn", `export ${id} marked failed, will retry with the next run`, { exportId: id, tenant }), "error");
    } else {
      tl.add(d, pino(d, ew, "info", `export ${id}: ${rows} rows written to s3://acme-exports-prod/${key}`, { exportId: id, rows, durationMs: d - t }));
    }
  }

  // ── flag-admin and search-api: the ranking-v7 experiment starts ─────────────────────────────
  const expAt = tl.at(rng.float(0.3, 0.48));
  const owner = rng.pick(["n.fischer", "b.olsen", "y.sato"]);
  for (const t of ticks(rng, start, end, 5 * MINUTE, 10 * SECOND)) {
    tl.add(
      t,
      zap(t, "info", "flag-admin", "store/snapshot.go:66", "flag snapshot published", {
        service: "flag-admin",
        flags: 142,
        version: Math.floor((t - start) / (5 * MINUTE)) + 9000,
      }),
    );
  }
  tl.add(
    expAt,
    zap(expAt, "info", "flag-admin", "api/experiments.go:120", `experiment ranking-v7 started: 40% of search traffic (by ${owner})`, { service: "flag-admin" }),
  );
  const search = { service: "search-api", host: rng.pod("search-api") };
  const searchUp = `10.30.${rng.int(1, 60)}.${rng.int(2, 250)}:8000`;
  const locales = ["en-GB", "de-DE", "fr-FR", "nl-NL", "pl-PL", "cs-CZ", "pt-PT"];
  const v7 = new Set(["en-GB", "de-DE", "fr-FR", "nl-NL"]);
  for (const t of arrivals(rng, start, end, 1.6, swell(start, end, 0.2, rng.float(0, 6)), 1.2)) {
    const locale = rng.pick(locales);
    const inExp = t >= expAt + 30 * SECOND && rng.chance(0.4);
    if (inExp && !v7.has(locale)) {
      tl.add(
        t + 2,
        pyjson(t + 2, search, "WARNING", "search.ranking", `experiment ranking-v7: no model for locale ${locale}, falling back to ranking-v6`, { locale }),
      );
    }
    const took = Math.round(rng.logNormal(60, 0.4));
    tl.add(
      t + took,
      pyjson(t + took, search, "INFO", "search.api", `query served: ${rng.int(0, 300)} hits`, {
        locale,
        ranking: inExp && v7.has(locale) ? "v7" : "v6",
        duration_ms: took,
      }),
    );
    const [e, entry] = edgeLine(
      rng,
      t - 2,
      "shop-edge",
      "GET",
      `/api/search?q=${rng.pick(["lamp", "chair", "shelf", "rug", "mirror"])}&locale=${locale}`,
      200,
      took + 3,
      searchUp,
    );
    tl.add(e, entry);
  }

  // ── thumbnailer (Python): large TIFFs push workers to their memory limit ───────────────────
  const th = { service: "thumbnailer", host: rng.pod("thumbnailer") };
  const node = `ip-10-30-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-central-1.compute.internal`;
  const bigFrom = tl.at(rng.float(0.5, 0.7));
  const killAt = bigFrom + rng.int(18, 28) * MINUTE;
  const limit = 1024 * MIB;
  const rssAt = (t: number): number =>
    t >= bigFrom && t < killAt ? limit * Math.min(0.99, 0.45 + 0.54 * ((t - bigFrom) / (killAt - bigFrom)) ** 0.7) : limit * rng.float(0.3, 0.42);
  let workerPid = rng.int(100, 400);
  for (const t of ticks(rng, start, end, MINUTE, 2000)) {
    const rss = rssAt(t);
    const pct = rss / limit;
    const mib = Math.round(rss / MIB);
    if (pct >= 0.9) {
      tl.add(
        t,
        pyjson(
          t,
          th,
          "WARNING",
          "thumbs.watchdog",
          `memory watchdog: rss ${mib} MiB of 1024 MiB limit (${Math.round(pct * 100)}%), recycling worker pid ${workerPid} after current job`,
          {
            rss_bytes: Math.round(rss),
            limit_bytes: limit,
          },
        ),
        "memory",
      );
      const r = t + rng.int(5, 20) * SECOND;
      tl.add(r, pyjson(r, th, "WARNING", "thumbs.pool", `worker pid ${workerPid} recycled (rss above 90% of limit)`, {}), "memory");
      workerPid += rng.int(1, 4);
    } else {
      tl.add(
        t,
        pyjson(t, th, "INFO", "thumbs.watchdog", `memory watchdog: rss ${mib} MiB of 1024 MiB limit`, { rss_bytes: Math.round(rss), limit_bytes: limit }),
      );
    }
  }
  tl.add(
    killAt,
    rsyslog(
      killAt,
      node,
      "kern",
      "err",
      "kernel",
      undefined,
      `Memory cgroup out of memory: Killed process ${workerPid} (python3) total-vm:${rng.int(1300000, 1400000)}kB, anon-rss:${rng.int(1040000, 1048000)}kB, file-rss:${rng.int(8000, 16000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(2200, 2600)}kB oom_score_adj:${rng.int(900, 999)}`,
    ),
    "memory",
  );
  tl.add(
    killAt + 700,
    kubeEvent(
      killAt + 700,
      "Warning",
      "OOMKilling",
      `Memory cgroup out of memory: Killed process ${workerPid} (python3)`,
      { kind: "Node", name: node, namespace: "default" },
      { component: "kernel-monitor", host: node },
      rng.uuid(),
    ),
    "memory",
  );
  tl.add(
    killAt + 1500,
    pyjson(killAt + 1500, th, "ERROR", "thumbs.pool", `thumbnail job for upload up_${rng.alnum(10)} failed: worker pid ${workerPid} died (signal 9)`),
    "error",
  );
  for (const t of arrivals(rng, start, end, 1.4)) {
    const big = t >= bigFrom && t < killAt && rng.chance(0.5);
    const took = Math.round(rng.logNormal(big ? 2600 : 380, 0.35));
    tl.add(
      t + took,
      pyjson(
        t + took,
        th,
        "INFO",
        "thumbs.jobs",
        `thumbnails generated for upload up_${rng.alnum(10)} (${big ? "image/tiff" : rng.pick(["image/jpeg", "image/png", "image/webp"])}, 4 sizes)`,
        { duration_ms: took },
      ),
    );
  }

  // ── shop-edge (nginx): the rest ─────────────────────────────────────────────────────────────
  const routes = [
    ["GET /", 10],
    ["GET /p/<id>", 45],
    ["POST /api/exports", 3],
    ["POST /api/uploads", 6],
    ["GET /assets/<asset>", 18],
  ] as const;
  const webUp = `10.30.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  for (const s of arrivals(rng, start, end, 7.6, swell(start, end, 0.2, rng.float(0, 6)), 1.2)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `app.${rng.hex(8)}.js`);
    const status = method === "POST" ? 202 : path.startsWith("/p/") && rng.chance(0.02) ? 404 : 200;
    const [e, entry] = edgeLine(rng, s, "shop-edge", method, uri, status, rng.logNormal(path.startsWith("/assets") ? 3 : 45, 0.5), webUp);
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "an IAM role change applied by Atlantis makes every export job fail with AccessDenied to the end; a named experiment start makes search-api warn per fallback to the end; thumbnailer's workers hit their memory limit",
  );
}
