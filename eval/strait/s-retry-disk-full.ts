/**
 * retry-disk-full: export-worker (structlog) routinely WARNs `task retried` without an exception
 * when another task holds the account's export lock. About half-way in, reports-db's data
 * volume fills: the same `task retried` now carries a DiskFull traceback, tasks fail after their
 * retries, postgres logs each failed write, and reports-api cannot record new export requests
 * (500), until the volume is expanded. From the window's first minute session-gateway's heap is
 * already above 85 % of its limit and climbing (a goroutine leak): GC takes a growing share of
 * its CPU until the kernel OOM-kills it a fifth in, and its sessions reconnect after the restart.
 */
import { cgroupOomKill, edgeTraffic, openWindow, podRestart, upstreamAddr, viaEdge } from "./common.js";
import { kubeEvent, pyjson, pyTraceback, rsyslog, structlog, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "retry-disk-full";

export function retryDiskFull(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-04-20", 11, 4);

  // ── reports-db (postgres): its data volume fills half-way in, is expanded later ──────────
  const db = "reports-db-0";
  const fullAt = tl.at(rng.float(0.45, 0.55));
  const expandedAt = fullAt + rng.int(28, 45) * MINUTE;
  const full = (t: number): boolean => t >= fullAt && t < expandedAt;
  const pgLog = (t: number, text: string, label: AnomalyType | null = null) =>
    tl.add(t, rsyslog(t, db, "local0", label ? "err" : "info", "postgres", rng.int(2000, 60000), text), label);
  for (const t of ticks(rng, start, end, 5 * MINUTE, 2 * SECOND)) {
    pgLog(
      t,
      `LOG:  checkpoint complete: wrote ${rng.int(200, 3000)} buffers; 0 WAL file(s) added, 0 removed, ${rng.int(0, 2)} recycled; write=2${rng.int(0, 9)}.${rng.int(100, 999)} s`,
    );
  }
  const pvc = `pvc-${rng.uuid()}`;
  tl.add(
    expandedAt - 40 * SECOND,
    kubeEvent(
      expandedAt - 40 * SECOND,
      "Normal",
      "Resizing",
      `External resizer is resizing volume ${pvc}`,
      { kind: "PersistentVolumeClaim", name: "data-reports-db-0", namespace: "reports" },
      { component: "external-resizer ebs.csi.aws.com" },
      rng.uuid(),
    ),
  );
  tl.add(
    expandedAt,
    kubeEvent(
      expandedAt,
      "Normal",
      "FileSystemResizeSuccessful",
      `MountVolume.NodeExpandVolume succeeded for volume "${pvc}" ${db}`,
      { kind: "Pod", name: db, namespace: "reports" },
      { component: "kubelet", host: `ip-10-18-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal` },
      rng.uuid(),
    ),
  );
  const relfile = () => `base/16384/${rng.int(24000, 26000)}${rng.chance(0.3) ? `.${rng.int(1, 9)}` : ""}`;
  const diskFull = (file: string) => `could not extend file "${file}": No space left on device`;

  // ── export-worker (Python, structlog): builds CSV exports; retries on a held lock ─────────
  const traceback = (file: string) =>
    pyTraceback(
      [
        ["/app/exports/tasks.py", 88, "build_csv", "writer.flush_rows(rows)"],
        ["/app/exports/writer.py", 41, "flush_rows", "cur.copy_expert(COPY_SQL, buf)"],
      ],
      `psycopg2.errors.DiskFull: ${diskFull(file)}\nHINT:  Check free disk space.`,
    );
  const workers = [0, 1, 2].map(() => rng.pod("export-worker"));
  for (const s of arrivals(rng, start, end, 1.3, shape, 1.2)) {
    const worker = rng.pick(workers);
    const taskId = rng.uuid();
    const account = `acc_${rng.alnum(8)}`;
    const base = { task: "exports.build_csv", task_id: taskId, account, worker };
    let t = s;
    let retries = 0;
    // a held export lock: retried without an exception, now and then
    while (rng.chance(0.22) && retries < 2) {
      retries += 1;
      tl.add(t, structlog(t, "warning", "exports.tasks", "task retried", { ...base, retries, countdown: 30, lock: `export:${account}` }));
      t += 30 * SECOND + rng.int(0, 900);
    }
    if (full(t)) {
      for (let r = retries + 1; r <= 3 && full(t); r++) {
        const file = relfile();
        pgLog(t - 5, `ERROR:  ${diskFull(file)}`, "error");
        pgLog(t - 4, "HINT:  Check free disk space.", "error");
        tl.add(t, structlog(t, "warning", "exports.tasks", "task retried", { ...base, retries: r, countdown: 60 }, traceback(file)), "error");
        t += 60 * SECOND + rng.int(0, 900);
      }
      if (full(t)) {
        const file = relfile();
        pgLog(t - 5, `ERROR:  ${diskFull(file)}`, "error");
        tl.add(t, structlog(t, "error", "exports.tasks", "task failed", { ...base, retries: 3 }, traceback(file)), "error");
        continue;
      }
    }
    const rows = rng.int(200, 90000);
    const took = Math.round(rng.logNormal(900 + rows / 40, 0.3));
    tl.add(t + took, structlog(t + took, "info", "exports.tasks", "task succeeded", { ...base, rows, runtime: Number((took / 1000).toFixed(3)) }));
  }

  // ── reports-api (Python): export requests and status polls, behind the edge ───────────────
  const api = { service: "reports-api", host: rng.pod("reports-api") };
  const apiUp = upstreamAddr(rng, "10.18", 8000);
  for (const s of arrivals(rng, start, end, 2.2, shape, 1.2)) {
    const post = rng.chance(0.35);
    const id = `exp_${rng.alnum(10)}`;
    const took = rng.logNormal(post ? 45 : 18, 0.35);
    const d = s + Math.round(took);
    let status = post ? 202 : 200;
    let label: AnomalyType | null = null;
    if (post && full(s)) {
      status = 500;
      label = "error";
      tl.add(
        d - 1,
        pyjson(d - 1, api, "ERROR", "reports.api.exports", "could not record export request", {
          export_id: id,
          exc_type: "DiskFull",
          exc_msg: `${diskFull(relfile())}\nHINT:  Check free disk space.`,
        }),
        "error",
      );
    } else if (post) {
      tl.add(d - 1, pyjson(d - 1, api, "INFO", "reports.api.exports", "export requested", { export_id: id, format: rng.pick(["csv", "xlsx"]) }));
    }
    viaEdge(
      rng,
      tl,
      s - 2,
      "reports-edge",
      { method: post ? "POST" : "GET", uri: post ? "/api/exports" : `/api/exports/${id}`, status, tookMs: took + 3, upstream: apiUp },
      label,
    );
  }

  // ── session-gateway (Go): already leaking at the window's start; OOM-killed a fifth in ────
  const gwPod = rng.pod("session-gateway");
  const gwHost = `ip-10-18-${rng.int(1, 60)}-${rng.int(2, 250)}`;
  const gwNode = `${gwHost}.eu-west-1.compute.internal`;
  const limitMb = 1536;
  const killAt = tl.at(rng.float(0.17, 0.24));
  const upAt =
    podRestart(rng, tl, killAt + rng.int(1, 3) * SECOND, {
      namespace: "edge",
      pod: gwPod,
      container: "session-gateway",
      image: "registry.internal/session-gateway:1.19.3",
      node: gwNode,
    }) + 900;
  const heapAt = (t: number): number => (t < killAt ? 0.856 + 0.138 * ((t - start) / (killAt - start)) : 0.22 + 0.06 * ((t - upAt) / (end - upAt)));
  const gw = (t: number, level: "info" | "warn", msg: string, fields: Record<string, unknown>) =>
    zap(t, level, "session-gateway", "runtime/monitor.go:57", msg, fields);
  tl.add(
    upAt,
    zap(upAt, "info", "session-gateway", "cmd/gateway/main.go:39", "session-gateway started", { version: "1.19.3", gomemlimit: `${limitMb - 128}MiB` }),
  );
  for (const t of ticks(rng, start, end, 30 * SECOND, 2 * SECOND)) {
    if (t >= killAt && t < upAt) continue;
    const h = heapAt(t);
    const fields = {
      heap_inuse_mb: Math.round(h * limitMb),
      limit_mb: limitMb,
      goroutines: t < killAt ? 184000 + Math.round(90000 * ((t - start) / (killAt - start))) : rng.int(2100, 2600),
      gc_cpu_fraction: Number((h >= 0.85 ? 0.2 + 0.6 * ((h - 0.85) / 0.15) : rng.float(0.005, 0.02)).toFixed(3)),
    };
    if (h >= 0.85) tl.add(t, gw(t, "warn", "memory pressure: heap in use above 85% of the container limit", fields), "memory");
    else tl.add(t, gw(t, "info", "runtime stats", fields));
  }
  cgroupOomKill(rng, tl, killAt, gwHost, gwNode, "session-gateway", rng.int(3000, 90000), limitMb);
  // its websocket clients reconnect once it is back
  for (const t of arrivals(rng, upAt + 300, upAt + 3 * MINUTE, 40)) {
    tl.add(t, zap(t, "info", "session-gateway", "ws/hub.go:102", "client connected", { client: `c_${rng.alnum(10)}`, resumed: rng.chance(0.9) }));
  }

  edgeTraffic(rng, tl, {
    service: "reports-edge",
    perMinute: 2,
    routes: [
      ["GET /reports", 35],
      ["GET /reports/<id>", 35],
      ["GET /static/<asset>", 30],
    ],
    upstream: upstreamAddr(rng, "10.18", 3000),
    shape,
    peak: 1.2,
  });

  return tl.build(
    NAME,
    "half-way in reports-db's volume fills and export-worker's routine lock-retry WARN carries a DiskFull traceback, exports fail and new requests get 500 until the volume is expanded; session-gateway's leaking heap is above 85% from the first minute until it is OOM-killed",
  );
}
