// Incidents already under way when the window opens: no quiet stretch to learn from.

import type { Scenario } from "../blind/types.js";
import { finish, type Ln, MIN, podName, Rng, windowStart, Lines } from "./kit.js";

/**
 * A session cache that was at maxmemory before the window opened: every memory snapshot is at the
 * limit, background saves cannot fork, writes are refused with OOM and evicted sessions are
 * reloaded from PostgreSQL hundreds of times slower than a hit, from the first minute to the last.
 */
export function sessionCacheFullFromStart(seed: number): Scenario {
  const r = new Rng(seed, "session-cache-full-from-start");
  const start = windowStart(r, 19);
  const end = start + 90 * MIN;
  const lines = new Lines();
  const maxmemory = 4 * 1024 ** 3;
  const sessionPods = [podName(r, "sessions-api"), podName(r, "sessions-api")];
  const feedPods = [podName(r, "feed-api"), podName(r, "feed-api")];
  const authPod = podName(r, "auth-api");
  const monitorPod = podName(r, "cache-monitor");

  for (const t of r.every(start, end, 15_000, 500)) {
    const used = Math.round(maxmemory * r.float(0.991, 0.9995));
    lines.push({
      t,
      svc: "cache-monitor",
      lvl: "INFO",
      msg: "redis memory snapshot",
      label: "memory",
      fmt: "zap",
      host: monitorPod,
      logger: "monitor",
      meta: { caller: "monitor/redis.go:58" },
      f: {
        addr: "session-cache:6379",
        used_memory: used,
        maxmemory,
        maxmemory_policy: "allkeys-lru",
        evicted_keys_per_sec: r.int(2200, 9800),
        mem_fragmentation_ratio: Number(r.float(1.02, 1.1).toFixed(2)),
      },
    });
  }
  for (const t of r.every(start, end, 60_000, 2000)) {
    lines.push({ t, svc: "session-cache", lvl: "INFO", msg: "10000 changes in 60 seconds. Saving...", label: null, fmt: "redis", host: "session-cache-0" });
    lines.push({
      t: t + 3,
      svc: "session-cache",
      lvl: "WARNING",
      msg: "Can't save in background: fork: Cannot allocate memory",
      label: "memory",
      fmt: "redis",
      host: "session-cache-0",
    });
  }
  for (const t of r.times(r.int(15, 25), start, end))
    lines.push({
      t,
      svc: "session-cache",
      lvl: "WARNING",
      msg: `Client id=${r.int(1000, 99999)} addr=${r.privateIp("10.0")}:${r.int(30000, 60000)} laddr=10.0.4.9:6379 fd=${r.int(20, 900)} name= age=${r.int(1, 900)} idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=${r.int(800, 4000)} omem=${r.int(40, 80) * 1_048_576} tot-mem=${r.int(40, 80) * 1_048_576} events=rw cmd=get user=default redir=-1 resp=2 lib-name=go-redis lib-ver=9.5.1 scheduled to be closed ASAP for overcoming of output buffer limits.`,
      label: "memory",
      fmt: "redis",
      host: "session-cache-0",
    });

  for (const t of r.times(r.int(1350, 1500), start, end)) {
    const sid = r.alnum(26);
    const k = r.weighted([
      ["hit", 56],
      ["reload", 30],
      ["oom", 8],
      ["expired", 6],
    ] as const);
    const pod = r.pick(sessionPods);
    const base = { host: pod, fmt: "zap" as const, svc: "sessions-api", logger: "session", meta: { caller: "session/store.go:112" } };
    if (k === "hit")
      lines.push({ ...base, t, lvl: "DEBUG", msg: "session read from cache", label: null, f: { sid, latency_ms: Number(r.logn(1.6, 0.35).toFixed(2)) } });
    else if (k === "expired")
      lines.push({
        ...base,
        t,
        lvl: "INFO",
        msg: "session expired; redirecting to login",
        label: null,
        f: { sid, latency_ms: Number(r.logn(1.4, 0.3).toFixed(2)) },
      });
    else if (k === "reload")
      lines.push({
        ...base,
        t,
        lvl: "INFO",
        msg: "session cache miss; reloaded from postgres",
        label: "performance",
        meta: { caller: "session/store.go:131" },
        f: { sid, latency_ms: Math.round(r.logn(420, 0.45)), source: "postgres" },
      });
    else
      lines.push({
        ...base,
        t,
        lvl: "ERROR",
        msg: "failed to write session to cache",
        label: "memory",
        meta: { caller: "session/store.go:149" },
        f: { sid, error: "OOM command not allowed when used memory > 'maxmemory'." },
      });
  }
  for (const t of r.times(r.int(850, 950), start, end)) {
    const rebuilt = r.chance(0.4);
    lines.push({
      t,
      svc: "feed-api",
      lvl: "INFO",
      msg: rebuilt ? "timeline rebuilt from source" : "timeline served from cache",
      label: rebuilt ? "performance" : null,
      fmt: "zap",
      host: r.pick(feedPods),
      logger: "feed",
      meta: { caller: rebuilt ? "feed/timeline.go:203" : "feed/timeline.go:188" },
      f: { user_id: r.int(1_000_000, 9_000_000), items: r.int(20, 50), latency_ms: rebuilt ? Math.round(r.logn(2100, 0.4)) : Math.round(r.logn(24, 0.35)) },
    });
  }
  for (const t of r.times(r.int(550, 650), start, end))
    lines.push({
      t,
      svc: "auth-api",
      lvl: "INFO",
      msg: "token issued",
      label: null,
      fmt: "zap",
      host: authPod,
      logger: "oauth",
      meta: { caller: "oauth/token.go:77" },
      f: { client_id: r.pick(["web", "ios", "android"]), grant_type: r.pick(["refresh_token", "authorization_code"]), latency_ms: Math.round(r.logn(18, 0.3)) },
    });

  return finish(
    "session-cache-full-from-start",
    "A session cache already at maxmemory when the window opens: snapshots at the limit, failed forks, OOM-refused writes and slow reloads from the first minute to the last",
    lines,
  );
}

/**
 * Vault went sealed before the window: every agent sidecar fails to log in every few seconds,
 * the pods that need their secrets crash on start and back off, so most lines of the window
 * belong to the incident; two services that cached their secrets keep serving normally.
 */
export function vaultSealedCrashloop(seed: number): Scenario {
  const r = new Rng(seed, "vault-sealed-crashloop");
  const start = windowStart(r, 3);
  const end = start + 45 * MIN;
  const lines = new Lines();
  const pods = Array.from({ length: 4 }, () => podName(r, "inventory-sync"));
  const ns = "fulfilment";

  for (const pod of pods) {
    let t = start + r.int(0, 4000);
    while (t < end) {
      const backoff = r.float(1.8, 7.5);
      lines.push({
        t,
        svc: "vault-agent",
        lvl: "ERROR",
        msg: `agent.auth.handler: error authenticating: error="Error making API request.\n\nURL: PUT https://vault.vault.svc:8200/v1/auth/kubernetes/login\nCode: 503. Errors:\n\n* Vault is sealed" backoff=${backoff.toFixed(2)}s`,
        label: "error",
        fmt: "k8s",
        host: pod,
        raw: "error",
        meta: { namespace: ns },
      });
      t += Math.round(backoff * 1000) + r.int(5, 60);
    }
    // the app container: starts, waits for its rendered secrets, gives up, is backed off
    let c = start + r.int(0, 60_000);
    let restarts = r.int(30, 60);
    const backoffS = 300;
    while (c < end) {
      const app = (dt: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], f: Record<string, unknown> = {}): Ln => ({
        t: c + dt,
        svc: "inventory-sync",
        lvl,
        msg,
        label,
        fmt: "pino",
        host: pod,
        f,
      });
      lines.push(app(0, "INFO", "starting inventory-sync", null, { version: "2.14.3", node: "v20.14.0" }));
      lines.push(app(40, "INFO", "loading configuration from /vault/secrets/config.json", null));
      if (r.chance(0.25))
        lines.push(
          app(60, "INFO", "secrets file not rendered yet; falling back to cached credentials from previous pod", "pattern", { cache_age_hours: r.int(20, 40) }),
        );
      lines.push(app(30_000, "WARNING", "still waiting for /vault/secrets/config.json", "error", { waited_ms: 30000 }));
      lines.push(app(60_000, "CRITICAL", "secrets file not rendered after 60000 ms; exiting", "error", { exit_code: 78 }));
      lines.push({
        t: c + 61_000,
        svc: "kubelet",
        lvl: "WARNING",
        msg: `Back-off restarting failed container inventory-sync in pod ${pod}_${ns}(${r.uuid()})`,
        label: "error",
        fmt: "k8sevent",
        host: pod,
        meta: { reason: "BackOff", count: restarts, namespace: ns },
      });
      restarts += 1;
      c += 61_000 + backoffS * 1000 * r.float(0.2, 0.9);
      lines.push({
        t: c - 800,
        svc: "kubelet",
        lvl: "INFO",
        msg: `Container image "registry.acme.example/inventory-sync:2.14.3" already present on machine`,
        label: null,
        fmt: "k8sevent",
        host: pod,
        meta: { reason: "Pulled", count: restarts, namespace: ns },
      });
      lines.push({
        t: c - 200,
        svc: "kubelet",
        lvl: "INFO",
        msg: "Started container inventory-sync",
        label: null,
        fmt: "k8sevent",
        host: pod,
        meta: { reason: "Started", count: restarts, namespace: ns },
      });
    }
  }
  for (const t of r.times(r.int(8, 14), start, end)) {
    const pod = r.pick(pods);
    lines.push({
      t,
      svc: "kubelet",
      lvl: "WARNING",
      msg: "Readiness probe failed: HTTP probe failed with statuscode: 503",
      label: "error",
      fmt: "k8sevent",
      host: pod,
      meta: { reason: "Unhealthy", count: r.int(100, 900), namespace: ns },
    });
  }
  const ordersPods = [podName(r, "orders-api"), podName(r, "orders-api")];
  for (const t of r.times(r.int(650, 750), start, end))
    lines.push({
      t,
      svc: "orders-api",
      lvl: "INFO",
      msg: "request completed",
      label: null,
      fmt: "k8s",
      host: r.pick(ordersPods),
      meta: { namespace: ns },
      f: {
        method: r.pick(["GET", "GET", "POST"]),
        path: r.pick(["/orders", "/orders/:id", "/orders/:id/lines"]),
        status_code: 200,
        latency_ms: Math.round(r.logn(35, 0.35)),
        trace_id: r.hex(32),
      },
    });
  const webPod = podName(r, "storefront-web");
  for (const t of r.times(r.int(400, 480), start, end))
    lines.push({
      t,
      svc: "storefront-web",
      lvl: "INFO",
      msg: "page rendered",
      label: null,
      fmt: "k8s",
      host: webPod,
      meta: { namespace: "web" },
      f: { route: r.pick(["/", "/p/:slug", "/c/:slug", "/cart"]), latency_ms: Math.round(r.logn(60, 0.35)) },
    });

  return finish(
    "vault-sealed-crashloop",
    "Vault is sealed before the window opens: agent sidecars fail to log in every few seconds and the pods needing secrets crash and back off, most of the window's lines",
    lines,
  );
}
