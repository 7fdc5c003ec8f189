/*
 * probe-noise-orders-db-pool
 *
 * Four backends behind an AWS ALB on Kubernetes: orders-api (Go, zap),
 * search-api (Python/uvicorn, JSON access log), accounts-api (Node, pino) and
 * payments-api (Spring Boot, logstash JSON). Each pod logs every kubelet
 * readiness/liveness probe, every ALB target health check and every
 * Prometheus scrape, so 80-90% of the stream is probe and scrape noise at
 * DEBUG/INFO.
 *
 * Buried in it: an orders-reconciler job starts with far more workers than
 * usual and exhausts orders-api's Postgres connection pool for a few minutes.
 * orders-api requests wait for connections and time out, some fail with "too
 * many clients", the ones that get through are slow, the pool-exhaustion
 * warning fires, and the orders pods fail their readiness probes (db ping
 * timeout) until the job finishes. Liveness probes and metrics scrapes keep
 * succeeding throughout; the other backends are unaffected.
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
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

type Backend = "orders-api" | "search-api" | "accounts-api" | "payments-api";

export function s10ProbeNoiseOrdersDbPool(seed: number): Scenario {
  const r = rng(seed, "tundra/s10");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(6, 21), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(30, 40) * 60_000;
  const end = start + windowMs;
  const incAt = start + windowMs * r.float(0.15, 0.75);
  const incMs = r.int(180, 330) * 1000;
  const incEnd = incAt + incMs;
  const inInc = (t: number): boolean => t >= incAt + 8000 && t < incEnd;

  const podsOf = (svc: Backend): { name: string; ip: string }[] =>
    [0, 1].map(() => ({ name: `${svc}-${r.hex(10)}-${r.alnum(5)}`, ip: `10.1.${r.int(0, 15)}.${r.int(2, 250)}` }));
  const pods: Record<Backend, { name: string; ip: string }[]> = {
    "orders-api": podsOf("orders-api"),
    "search-api": podsOf("search-api"),
    "accounts-api": podsOf("accounts-api"),
    "payments-api": podsOf("payments-api"),
  };
  const nodeIp = (): string => `10.1.${r.int(16, 19)}.${r.int(2, 250)}`;
  const albIp = (): string => `10.1.${r.pick([32, 48, 64])}.${r.int(2, 250)}`;
  const promIp = `10.1.${r.int(20, 31)}.${r.int(2, 250)}`;

  // --- per-backend line writers ---
  type ReqInfo = {
    pod: { name: string; ip: string };
    method: string;
    path: string;
    status: number;
    ms: number;
    ua: string;
    remote: string;
    extra?: Record<string, unknown>;
    level?: string;
  };
  const write = (svc: Backend, t: number, q: ReqInfo, probe: boolean): Record<string, unknown> => {
    switch (svc) {
      case "orders-api":
        return {
          level: q.level ?? (probe ? "debug" : q.status >= 500 ? "error" : "info"),
          ts: Math.floor(t) / 1000,
          caller: "httpmw/log.go:39",
          msg: "request",
          service: "orders-api",
          pod: q.pod.name,
          method: q.method,
          path: q.path,
          status: q.status,
          latency_ms: Number(q.ms.toFixed(2)),
          remote_addr: q.remote,
          user_agent: q.ua,
          ...(q.extra ?? {}),
        };
      case "search-api":
        return {
          asctime: asctime(t),
          levelname: "INFO",
          name: "uvicorn.access",
          message: `${q.remote}:${r.int(30_000, 60_000)} - "${q.method} ${q.path} HTTP/1.1" ${q.status}`,
          service: "search-api",
          pod: q.pod.name,
          timestamp: pyTimestamp(t),
        };
      case "accounts-api":
        return {
          level: probe ? 20 : 30,
          time: Math.floor(t),
          pid: 1,
          hostname: q.pod.name,
          service: "accounts-api",
          req: { method: q.method, url: q.path, remoteAddress: q.remote, headers: { "user-agent": q.ua } },
          res: { statusCode: q.status },
          responseTime: Math.round(q.ms),
          msg: "request completed",
        };
      default:
        return {
          "@timestamp": isoOffset(t),
          "@version": "1",
          message: `${q.method} ${q.path} -> ${q.status} in ${Math.round(q.ms)} ms`,
          logger_name: "com.acme.payments.web.RequestLoggingFilter",
          thread_name: `http-nio-8080-exec-${r.int(1, 20)}`,
          level: probe ? "DEBUG" : "INFO",
          level_value: probe ? 10000 : 20000,
          app: "payments-api",
          pod: q.pod.name,
          client_ip: q.remote,
        };
    }
  };

  const health: Record<Backend, { ready: string; live: string; alb: string }> = {
    "orders-api": { ready: "/readyz", live: "/livez", alb: "/healthz" },
    "search-api": { ready: "/health/ready", live: "/health/live", alb: "/health" },
    "accounts-api": { ready: "/ready", live: "/live", alb: "/health" },
    "payments-api": { ready: "/actuator/health/readiness", live: "/actuator/health/liveness", alb: "/actuator/health" },
  };

  // --- probes and scrapes ---
  for (const svc of Object.keys(pods) as Backend[]) {
    for (const pod of pods[svc]) {
      const probe = (period: number, path: string, ua: string, remote: () => string, kind: "ready" | "live" | "alb" | "metrics"): void => {
        for (let t = start + r.int(0, period); t < end; t += period + r.int(-40, 40)) {
          let ms = kind === "metrics" ? r.logn(svc === "payments-api" ? 14 : 4, 0.4) : r.float(0.15, 1.6);
          let status = 200;
          let label: AnomalyType | null = null;
          let extra: Record<string, unknown> | undefined;
          if (svc === "orders-api" && inInc(t) && (kind === "ready" || kind === "alb")) {
            ms = 2000 + r.float(0.3, 4);
            status = 503;
            label = "performance";
            extra = { error: "db ping: context deadline exceeded (timeout 2s)" };
          }
          const q: ReqInfo = { pod, method: "GET", path, status, ms, ua, remote: remote(), extra, level: status === 503 ? "warn" : undefined };
          push(t, write(svc, t, q, true), label);
        }
      };
      probe(10_000, health[svc].ready, "kube-probe/1.30", nodeIp, "ready");
      probe(30_000, health[svc].live, "kube-probe/1.30", nodeIp, "live");
      probe(15_000, health[svc].alb, "ELB-HealthChecker/2.0", albIp, "alb");
      probe(30_000, svc === "payments-api" ? "/actuator/prometheus" : "/metrics", "Prometheus/2.53.1", () => promIp, "metrics");
    }
  }

  // --- real traffic ---
  const clientIp = (): string => `10.1.${r.pick([32, 48, 64])}.${r.int(2, 250)}`;
  const browsers = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0",
    "okhttp/4.12.0",
    "AcmeShop/7.4.1 (Android 15)",
  ];
  for (let t = start + r.exp(3000); t < end; t += r.exp(r.float(3000, 3600))) {
    const svc = r.weighted([
      ["orders-api", 35],
      ["search-api", 30],
      ["accounts-api", 20],
      ["payments-api", 15],
    ] as const);
    const pod = r.pick(pods[svc]);
    const ua = r.pick(browsers);
    if (svc === "orders-api") {
      const [method, path] = r.weighted([
        [["GET", `/v1/orders/${r.int(5_000_000, 5_999_999)}`], 50],
        [["GET", `/v1/orders?customer=${r.int(100_000, 999_999)}&limit=20`], 30],
        [["POST", "/v1/orders"], 20],
      ] as const);
      if (inInc(t)) {
        const roll = r.next();
        if (roll < 0.55) {
          const ms = 3000 + r.float(1, 20);
          push(
            t + ms,
            write(
              svc,
              t + ms,
              {
                pod,
                method,
                path,
                status: 500,
                ms,
                ua,
                remote: clientIp(),
                extra: { error: "acquire conn: context deadline exceeded (pool orders-db: 20/20 in use)" },
              },
              false,
            ),
            "performance",
          );
        } else if (roll < 0.75) {
          const ms = r.float(5, 40);
          push(
            t + ms,
            write(svc, t + ms, { pod, method, path, status: 500, ms, ua, remote: clientIp(), extra: { error: "pq: sorry, too many clients already" } }, false),
            "error",
          );
        } else {
          const ms = r.float(900, 2900);
          push(t + ms, write(svc, t + ms, { pod, method, path, status: method === "POST" ? 201 : 200, ms, ua, remote: clientIp() }, false), "performance");
        }
      } else {
        const ms = r.logn(method === "POST" ? 45 : 18, 0.4);
        const missing = method === "GET" && r.chance(0.02);
        push(t + ms, write(svc, t + ms, { pod, method, path, status: missing ? 404 : method === "POST" ? 201 : 200, ms, ua, remote: clientIp() }, false));
      }
    } else if (svc === "search-api") {
      const q = r.pick(["boots", "rain jacket", "gift card", "socks", "tent 2 person", "thermal"]);
      const ms = r.logn(38, 0.4);
      push(t + ms - 1, {
        asctime: asctime(t + ms - 1),
        levelname: "INFO",
        name: "search.api",
        message: `search q="${q}" hits=${r.int(0, 480)} took ${Math.round(ms)}ms`,
        service: "search-api",
        pod: pod.name,
        timestamp: pyTimestamp(t + ms - 1),
      });
      push(
        t + ms,
        write(svc, t + ms, { pod, method: "GET", path: `/v2/search?q=${encodeURIComponent(q)}&page=1`, status: 200, ms, ua, remote: clientIp() }, false),
      );
    } else if (svc === "accounts-api") {
      const ms = r.logn(26, 0.35);
      const path = r.pick(["/v1/me", "/v1/me/addresses", "/v1/me/preferences"]);
      push(t + ms, write(svc, t + ms, { pod, method: "GET", path, status: r.chance(0.03) ? 401 : 200, ms, ua, remote: clientIp() }, false));
    } else {
      const ms = r.logn(140, 0.35);
      push(t + ms, write(svc, t + ms, { pod, method: "POST", path: "/v1/payment-intents", status: 201, ms, ua, remote: clientIp() }, false));
    }
  }

  // --- the incident's own lines ---
  const recon = (t: number, level: string, msg: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller: "reconcile/job.go:61",
    msg,
    service: "orders-reconciler",
    ...fields,
  });
  push(
    incAt,
    recon(incAt, "info", `reconciliation started: ${r.int(150_000, 220_000)} orders, workers=48 (RECONCILE_WORKERS override; default 4), db pool orders-db`),
    "pattern",
  );
  for (let t = incAt + 20_000 + r.int(0, 15_000); t < incEnd - 10_000; t += r.int(40_000, 70_000)) {
    const pod = r.pick(pods["orders-api"]);
    push(
      t,
      {
        level: "warn",
        ts: Math.floor(t) / 1000,
        caller: "db/pool.go:144",
        msg: `db pool exhausted: 20/20 connections in use, ${r.int(25, 90)} waiting, wait p99 ${r.int(2400, 3000)}ms`,
        service: "orders-api",
        pod: pod.name,
      },
      "performance",
    );
  }
  push(incEnd, recon(incEnd, "info", `reconciliation finished in ${Math.round(incMs / 1000)}s: ${r.int(100, 900)} mismatches fixed`));

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "probe-noise-orders-db-pool",
    description:
      "Probe and scrape lines make up ~85% of the stream; a reconciler job exhausts orders-api's DB pool for a few minutes (timeouts, 'too many clients', slow requests, failing readiness probes).",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
