/*
 * session-leak-oomkill
 *
 * session-service (Node, pino) keeps sessions in memory and retains request
 * Buffers in a cache that is never trimmed: its RSS and external memory grow
 * steadily for hours. It reports memory in absolute units only ("rss=1.21GiB
 * heapUsed=402.1MB ..."), every 30 s. Its neighbour profile-service (Spring
 * Boot) reports a perfectly healthy JVM using 1-2 GiB of a 4 GiB heap, which is
 * normal for it. api-gateway (Go, zap) logs every request.
 *
 * Once session-service's RSS is well past twice its usual size the leak is
 * plainly visible; close to the 1.5 GiB container limit it starts warning
 * about memory pressure, GC stalls the event loop and session validation at
 * the gateway slows down. Then the kernel OOM-kills the container (the node
 * reports an OOMKilling event for the node process), the gateway returns 503s
 * while it restarts, the restarted process finds its session snapshot
 * truncated and discards it, and users whose sessions lived only in memory get
 * "session not found" 401s for a few minutes. After that the leak starts again
 * from a low baseline.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");

export function s08SessionLeakOomkill(seed: number): Scenario {
  const r = rng(seed, "tundra/s08");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(0, 18), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(210, 270) * 60_000;
  const end = start + windowMs;
  const oomAt = start + windowMs * r.float(0.62, 0.82);
  const downMs = r.int(25, 45) * 1000;
  const upAt = oomAt + downMs;
  const lostSessionsUntil = upAt + r.int(180, 300) * 1000;
  const limitMb = 1536;
  const baseRss = r.float(420, 470);
  const abnormalRss = 2 * baseRss;

  // leak model: rss in MB at time t
  const rssAt = (t: number): number => {
    if (t < oomAt) {
      const p = (t - start) / (oomAt - start);
      return baseRss + (limitMb + 4 - baseRss) * p ** 1.25 + r.float(-12, 12);
    }
    const p = (t - upAt) / (oomAt - start);
    return baseRss - 40 + (limitMb - baseRss) * Math.max(0, p) ** 1.25 + r.float(-12, 12);
  };
  const pressure = (t: number): number => (t < oomAt ? Math.max(0, (rssAt(t) - 1250) / (limitMb - 1250)) : 0);

  const podA = `session-service-${r.hex(10)}-${r.alnum(5)}`;
  const ss = (t: number, level: number, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: podA,
    service: "session-service",
    ...extra,
    msg,
  });
  const gwPods = [0, 1, 2].map(() => `api-gateway-${r.hex(10)}-${r.alnum(5)}`);
  const gw = (t: number, level: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller: "proxy/accesslog.go:58",
    msg,
    service: "api-gateway",
    host: r.pick(gwPods),
    ...fields,
  });
  const jvm = (t: number, level: string, logger: string, message: string): Record<string, unknown> => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: "metrics-reporter-1",
    level,
    level_value: level === "WARN" ? 30000 : 20000,
    app: "profile-service",
  });
  const k8s = (t: number, level: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: iso(t),
    msg,
    service: "k8s-event-exporter",
    namespace: "identity",
    ...fields,
  });

  // --- session-service memory stats every 30 s ---
  for (let t = start + r.int(0, 30_000); t < end; t += 30_000 + r.int(-15, 15)) {
    if (t >= oomAt && t < upAt) continue;
    const rss = rssAt(t);
    const external = Math.max(40, rss - r.float(260, 300));
    const heapTotal = rss > 1000 ? 512 : r.pick([256, 288, 320]);
    const heapUsed = Math.min(heapTotal - 8, heapTotal * r.float(0.55, 0.85) + (rss > 1000 ? 120 : 0));
    const rssStr = rss >= 1024 ? `${(rss / 1024).toFixed(2)}GiB` : `${Math.round(rss)}MB`;
    const bad = t < oomAt && rss >= abnormalRss;
    push(
      t,
      ss(
        t,
        30,
        `memory: rss=${rssStr} heapUsed=${heapUsed.toFixed(1)}MB heapTotal=${heapTotal.toFixed(1)}MB external=${external.toFixed(1)}MB arrayBuffers=${(external * 0.96).toFixed(1)}MB`,
        {
          sessions: r.int(14_000, 19_000),
        },
      ),
      bad ? "memory" : null,
    );
    if (t < oomAt && rss >= 0.8 * limitMb) {
      push(t + 3, ss(t + 3, 40, `memory pressure: rss ${(rss / 1024).toFixed(2)} GiB is above 80% of the container limit (1.50 GiB)`), "memory");
    }
    const pr = pressure(t);
    if (pr > 0.25 && r.chance(0.7)) {
      const lag = Math.round(200 + pr * r.float(900, 2400));
      push(t + 9, ss(t + 9, 40, `event loop blocked for ${lag}ms (gc: mark-compact ${Math.round(lag * 0.9)}ms)`), "performance");
    }
  }

  // --- session-service business lines ---
  for (let t = start + r.int(0, 300_000); t < end; t += 300_000) {
    if (t >= oomAt && t < upAt) continue;
    push(t, ss(t, 30, `session snapshot written to redis: ${r.int(14_000, 19_000)} sessions, ${r.float(18, 26).toFixed(1)}MB in ${r.int(180, 420)}ms`));
  }
  for (let t = start + r.exp(30_000); t < end; t += r.exp(30_000)) {
    if (t >= oomAt && t < upAt) continue;
    push(
      t,
      ss(t, 30, `session created for user ${r.int(100_000, 999_999)} via ${r.pick(["password", "password", "sso:okta", "sso:google", "passkey"])}`, {
        sid: r.alnum(24),
      }),
    );
  }

  // --- gateway traffic ---
  for (let t = start + r.exp(5000); t < end; t += r.exp(r.float(5200, 6200))) {
    const kind = r.weighted([
      ["validate", 60],
      ["create", 8],
      ["profile", 25],
      ["logout", 7],
    ] as const);
    const traceId = r.hex(32);
    if (kind === "profile") {
      const ms = r.logn(38, 0.35);
      push(
        t + ms,
        gw(t + ms, "info", "request", {
          method: r.pick(["GET", "GET", "PATCH"]),
          path: `/api/profile/${r.int(100_000, 999_999)}`,
          status: 200,
          upstream: "profile-service",
          duration_ms: Math.round(ms),
          trace_id: traceId,
        }),
      );
      continue;
    }
    const path = kind === "validate" ? "/api/session/validate" : kind === "create" ? "/api/session" : "/api/session/logout";
    const method = kind === "validate" ? "GET" : kind === "create" ? "POST" : "DELETE";
    if (t >= oomAt && t < upAt + 4000) {
      const ms = r.float(0.5, 4);
      push(
        t + ms,
        gw(t + ms, "error", "request", {
          method,
          path,
          status: 503,
          upstream: "session-service",
          duration_ms: Number(ms.toFixed(1)),
          error: "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
          trace_id: traceId,
        }),
        "error",
      );
      continue;
    }
    const pr = pressure(t);
    let ms = kind === "create" ? r.logn(24, 0.3) : r.logn(3.2, 0.35);
    let label: AnomalyType | null = null;
    if (pr > 0.25 && r.chance(0.3 + pr * 0.5)) {
      ms += r.float(150, 400) + pr * r.float(400, 1500);
      label = "performance";
    }
    let status = kind === "create" ? 201 : 200;
    if (kind === "validate" && t >= upAt && t < lostSessionsUntil && r.chance(0.55)) {
      status = 401;
      label = "error";
      push(
        t + ms - 1,
        ss(t + ms - 1, 40, "session not found: sid unknown after restart, client must re-authenticate", { sid: r.alnum(24), trace_id: traceId }),
        "error",
      );
    } else if (kind === "validate" && r.chance(0.02)) {
      status = 401; // ordinary expiry
    }
    push(
      t + ms,
      gw(t + ms, status >= 500 ? "error" : "info", "request", {
        method,
        path,
        status,
        upstream: "session-service",
        duration_ms: Number(ms.toFixed(1)),
        trace_id: traceId,
      }),
      label,
    );
  }

  // --- profile-service JVM stats (healthy, big numbers) ---
  for (let t = start + r.int(0, 60_000); t < end; t += 60_000 + r.int(-30, 30)) {
    const used = r.float(1.05, 2.2);
    push(
      t,
      jvm(
        t,
        "INFO",
        "com.acme.profile.metrics.JvmReporter",
        `JVM heap used ${used.toFixed(2)} GiB / max 4.00 GiB, non-heap ${r.int(180, 210)} MB, GC young: ${r.int(6, 20)} collections (${r.int(40, 140)} ms), old: 0, threads ${r.int(88, 104)}`,
      ),
    );
  }

  // --- the OOM kill and restart ---
  const tKill = oomAt + r.int(200, 900);
  const nodeName = `ip-10-30-${r.int(1, 9)}-${r.int(10, 250)}.eu-central-1.compute.internal`;
  push(
    tKill,
    k8s(
      tKill,
      "warning",
      `Memory cgroup out of memory: Killed process ${r.int(20_000, 40_000)} (node) total-vm:${r.int(22_000_000, 24_000_000)}kB, anon-rss:${r.int(1_560_000, 1_572_000)}kB, file-rss:${r.int(30_000, 40_000)}kB, shmem-rss:0kB, UID:1000 pgtables:${r.int(3900, 4400)}kB oom_score_adj:985`,
      { reason: "OOMKilling", involved_object: `Node/${nodeName}`, source: "kernel-monitor" },
    ),
    "memory",
  );
  const tPulled = upAt - r.int(9500, 12_000);
  push(
    tPulled,
    k8s(tPulled, "info", `Container image "registry.acme.io/identity/session-service:4.7.3" already present on machine`, {
      reason: "Pulled",
      involved_object: `Pod/${podA}`,
    }),
  );
  push(tPulled + 300, k8s(tPulled + 300, "info", "Created container session-service", { reason: "Created", involved_object: `Pod/${podA}` }));
  const tStart = upAt - r.int(6000, 9000);
  push(
    tStart,
    k8s(tStart, "info", `Started container session-service in pod ${podA} (restart count 1)`, { reason: "Started", involved_object: `Pod/${podA}` }),
  );
  const boot = ["session-service 4.7.3 starting (node v22.11.0, NODE_ENV=production)", "connected to redis sessions-redis:6379", "listening on :3000"];
  boot.forEach((m, i) => {
    const tb = tStart + 900 + i * r.int(300, 900);
    push(tb, ss(tb, 30, m));
  });
  const tRestore = tStart + 1300;
  const fullMb = r.float(18, 26);
  const partMb = fullMb * r.float(0.2, 0.7);
  push(
    tRestore,
    ss(
      tRestore,
      50,
      `failed to restore session snapshot: unexpected end of data at ${partMb.toFixed(1)}MB of ${fullMb.toFixed(1)}MB (snapshot truncated by previous crash), discarding; in-memory sessions lost`,
      {
        err: {
          type: "SnapshotCorruptError",
          message: `unexpected end of data at offset ${Math.round(partMb * 1048576)}`,
          stack:
            "SnapshotCorruptError: unexpected end of data\n    at SnapshotReader.next (/app/dist/store/snapshot.js:112:15)\n    at SessionStore.restore (/app/dist/store/snapshot.js:71:13)\n    at async main (/app/dist/index.js:38:3)",
        },
      },
    ),
    "error",
  );
  push(upAt + 200, k8s(upAt + 200, "info", `Readiness probe succeeded for pod ${podA}`, { reason: "Ready", involved_object: `Pod/${podA}` }));
  // routine k8s events
  for (let t = start + r.int(0, 3_600_000); t < end; t += r.int(2_400_000, 4_000_000)) {
    push(
      t,
      k8s(t, "info", `Successfully assigned identity/token-cleanup-${Math.floor(t / 1000)}-${r.alnum(5)} to node ip-10-30-${r.int(1, 9)}-${r.int(10, 250)}`, {
        reason: "Scheduled",
        involved_object: "Job/token-cleanup",
      }),
    );
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "session-leak-oomkill",
    description:
      "session-service's RSS (reported in MB/GiB) leaks for hours until the container is OOM-killed; gateway 503s during the restart and lost in-memory sessions cause 401s afterwards.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
