/**
 * scanner-junk-resizer-leak: account-api (Python, FastAPI, python-json-logger, behind
 * ingress-nginx) is on the internet, and scanners and bots post junk to its POST routes (token
 * refresh, login, sign-up, password reset, logout) all day: `request rejected: malformed JSON
 * body` at ERROR and a 400, a steady trickle from before the window to its end, never more than
 * a sixth of a route's calls. That is routine background. The incident is elsewhere: a fifth to a
 * quarter in, image-resizer 2.9.0 (Go with libvips, logging through the OpenTelemetry log bridge,
 * severity numbers) rolls out with a native leak on its error path; its RSS climbs while its Go
 * heap stays flat, the memory watchdog warns above the soft limit and, at the hard limit, logs at
 * FATAL and exits; another time the kernel's cgroup OOM killer is faster. While it restarts and
 * warms up, its readiness probe fails and every image the CDN fetches gets a 503 from
 * ingress-nginx (no ready endpoint). Late in the window the on-call rolls back to 2.8.3.
 */
import { cgroupOomKill, containerRestart, nodeName, openWindow, podMeta } from "./common.js";
import { kubeEvent, nginxJson, type OtelResource, otelLog, pyJson } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "scanner-junk-resizer-leak";
const LIMIT_MB = 2048;

const SCANNERS = [
  "Mozilla/5.0 zgrab/0.x",
  "python-requests/2.28.1",
  "sqlmap/1.7.2#stable (https://sqlmap.org)",
  "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
  "curl/7.88.1",
  "Go-http-client/1.1",
  "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
];
const JUNK_DETAILS = [
  "Expecting value: line 1 column 1 (char 0)",
  "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
  "Unterminated string starting at: line 1 column 12 (char 11)",
  "Extra data: line 1 column 5 (char 4)",
  "Invalid control character at: line 1 column 30 (char 29)",
];

export function scannerJunkResizerLeak(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-06-16", 10, 3);

  // ── account-api: people, and the scanners' junk ─────────────────────────────────────────────
  const vhost = "accounts.shop.example";
  const apiPods = [0, 1, 2].map(() => ({ name: rng.pod("account-api"), ip: `${rng.privateIp("10.48")}:8000` }));
  const accountRequest = (s: number, method: string, path: string, status: number, tookMs: number, ua: string, client: string, junk?: string) => {
    const pod = rng.pick(apiPods);
    const reqId = rng.hex(32);
    const d = s + Math.round(tookMs);
    if (junk !== undefined)
      tl.add(
        d - 1,
        pyJson(d - 1, "ERROR", "account_api.errors", "request rejected: malformed JSON body", {
          path,
          method,
          client_ip: client,
          user_agent: ua,
          detail: junk,
          request_id: reqId,
          pod: pod.name,
        }),
      );
    tl.add(
      d,
      pyJson(d, "INFO", "account_api.access", "request completed", {
        method,
        path,
        status_code: status,
        duration_ms: Number(tookMs.toFixed(2)),
        client_ip: client,
        request_id: reqId,
        pod: pod.name,
      }),
    );
    tl.add(
      d + 1,
      nginxJson(d + 1, {
        remoteAddr: client,
        requestId: reqId,
        method,
        uri: path,
        status,
        requestTimeMs: tookMs + 1,
        bytesSent: status >= 400 ? rng.int(80, 160) : rng.int(200, 1600),
        userAgent: ua,
        host: vhost,
        upstreamAddr: pod.ip,
        upstreamStatus: String(status),
        upstreamTimeMs: tookMs,
        proxyUpstreamName: "accounts-account-api-8000",
        requestLength: method === "POST" ? rng.int(300, 900) : rng.int(500, 800),
      }),
    );
  };
  const browsers = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "ShopApp/7.2.1 (Android 14; Pixel 8)",
  ];
  const posts: readonly (readonly [string, number])[] = [
    ["/api/v1/token/refresh", 30],
    ["/api/v1/login", 30],
    ["/api/v1/signup", 10],
    ["/api/v1/password-reset", 5],
    ["/api/v1/logout", 10],
  ];
  for (const s of arrivals(rng, start, end, rng.float(5.4, 5.9), shape, 1.2)) {
    const [method, path] = rng.chance(45 / 130) ? (["GET", "/api/v1/me"] as const) : (["POST", rng.weighted(posts)] as const);
    const status = path === "/api/v1/login" && rng.chance(0.08) ? 401 : path === "/api/v1/signup" ? (rng.chance(0.1) ? 409 : 201) : 200;
    accountRequest(s, method, path, status, rng.logNormal(path === "/api/v1/login" ? 180 : 35, 0.35), rng.pick(browsers), rng.clientIp());
  }
  const scannerIps = Array.from({ length: 40 }, () => rng.clientIp());
  // a trickle spread over the POST routes, never more than a sixth of a route's calls
  for (const s of arrivals(rng, start, end, rng.float(0.55, 0.65))) {
    const path = rng.weighted(posts);
    accountRequest(s, "POST", path, 400, rng.logNormal(3, 0.3), rng.pick(SCANNERS), rng.pick(scannerIps), rng.pick(JUNK_DETAILS));
  }

  // ── image-resizer: the release, the leak, two deaths, the rollback ──────────────────────────
  const host = nodeName(rng, "10.48");
  const resizer = podMeta(rng, "image-resizer", "media", "image-resizer", host);
  const image = "registry.internal/media/image-resizer:2.9.0";
  const deployAt = tl.at(rng.float(0.2, 0.27));
  const rollbackAt = tl.at(rng.float(0.85, 0.9));
  const base = rng.float(0.26, 0.32);
  const growPerMin = rng.float(0.014, 0.019); // of the limit
  const oldPod = { name: rng.pod("image-resizer"), ip: `${rng.privateIp("10.48")}:8080` };
  const newPod = { name: resizer.pod, ip: `${rng.privateIp("10.48")}:8080` };
  const backPod = { name: rng.pod("image-resizer"), ip: `${rng.privateIp("10.48")}:8080` };
  const rolled = deployAt - 25 * SECOND;
  const podAt = (t: number) => (t < rolled ? oldPod : t >= rollbackAt ? backPod : newPod);
  const res = (t: number): OtelResource => ({
    "service.name": "image-resizer",
    "service.version": t >= rolled && t < rollbackAt ? "2.9.0" : "2.8.3",
    "k8s.pod.name": podAt(t).name,
    "k8s.namespace.name": "media",
    "host.name": host,
  });
  const scope = "github.com/shop/image-resizer/internal/server";
  const depObj = { kind: "Deployment", name: "image-resizer", namespace: "media" };
  const rollout = (at: number) => {
    tl.add(
      at - 30 * SECOND,
      kubeEvent(
        at - 30 * SECOND,
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set image-resizer-${rng.hex(10)} to 1`,
        depObj,
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
    tl.add(
      at,
      kubeEvent(
        at,
        "Normal",
        "ScalingReplicaSet",
        `Scaled down replica set image-resizer-${rng.hex(10)} to 0 from 1`,
        depObj,
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
  };
  rollout(deployAt);
  rollout(rollbackAt);

  /** Spans [from, to) when no replica is ready, and each life's start. */
  const down: [number, number][] = [];
  const lives: number[] = [rolled];
  let watchdog = true;
  for (let life = rolled; ; ) {
    const crashAt = life + Math.round(((0.955 - base) / growPerMin) * MINUTE) + rng.int(-90, 90) * SECOND;
    if (crashAt >= rollbackAt - 2 * MINUTE) break;
    if (watchdog) {
      tl.add(
        crashAt - 8,
        otelLog(crashAt - 8, "FATAL", "memory watchdog: rss over hard limit, exiting", res(crashAt), "github.com/shop/image-resizer/internal/watchdog", {
          "process.memory.rss_mb": Math.round(LIMIT_MB * rng.float(0.955, 0.97)),
          hard_limit_mb: Math.round(LIMIT_MB * 0.95),
          "go.heap_alloc_mb": rng.int(90, 140),
        }),
        "memory",
      );
    } else {
      cgroupOomKill(rng, tl, crashAt, host, host, "image-resizer", rng.int(3_000_000, 3_900_000), LIMIT_MB);
    }
    const started = containerRestart(rng, tl, crashAt + rng.int(800, 2500), resizer, image);
    // libvips warms its operation cache before the readiness probe passes
    const ready = started + rng.int(20, 45) * SECOND;
    const podObj = { kind: "Pod", name: resizer.pod, namespace: "media", fieldPath: "spec.containers{image-resizer}" };
    for (let p = started + 5 * SECOND, k = 1; p < ready; p += 5 * SECOND, k++)
      tl.add(
        p,
        kubeEvent(
          p,
          "Warning",
          "Unhealthy",
          "Readiness probe failed: HTTP probe failed with statuscode: 503",
          podObj,
          { component: "kubelet", host },
          rng.uuid(),
          k,
          started,
        ),
        "error",
      );
    const listening = started + rng.int(300, 900);
    tl.add(
      listening,
      otelLog(listening, "INFO", "server listening", res(listening), scope, { "server.port": 8080, "vips.version": "8.15.1", "vips.concurrency": 2 }),
    );
    down.push([crashAt, ready]);
    lives.push(ready);
    life = ready;
    watchdog = !watchdog;
  }
  for (const at of [rolled, rollbackAt - 35 * SECOND]) {
    const t = at + rng.int(300, 900);
    tl.add(
      t,
      otelLog(t, "INFO", "server listening", res(at === rolled ? t : rollbackAt), scope, {
        "server.port": 8080,
        "vips.version": "8.15.1",
        "vips.concurrency": 2,
      }),
    );
  }
  const rssAt = (t: number): number => {
    if (t < rolled || t >= rollbackAt) return base + 0.01 * Math.sin(t / 130_000);
    const since = lives.filter((l) => l <= t).pop() ?? rolled;
    return base + ((t - since) / MINUTE) * growPerMin;
  };
  const isDown = (t: number): boolean => down.some(([a, b]) => t >= a && t < b);

  // memory stats every minute
  for (const t of ticks(rng, start, end, MINUTE, 3 * SECOND)) {
    if (isDown(t)) continue;
    const rss = rssAt(t);
    const leaking = t >= deployAt && t < rollbackAt;
    const label: AnomalyType | null = leaking && rss >= 0.8 ? "memory" : null;
    const r = res(t);
    tl.add(
      t,
      otelLog(t, "INFO", "runtime memory", r, "github.com/shop/image-resizer/internal/metrics", {
        "process.memory.rss_mb": Math.round(rss * LIMIT_MB),
        "go.heap_alloc_mb": rng.int(80, 140),
        "memory.limit_mb": LIMIT_MB,
        "vips.tracked_mem_mb": Math.round(rng.float(60, 120)),
        "vips.files_open": rng.int(2, 9),
      }),
      label,
    );
    if (leaking && rss >= 0.8)
      tl.add(
        t + 2,
        otelLog(t + 2, "WARN", "memory watchdog: rss above soft limit", r, "github.com/shop/image-resizer/internal/watchdog", {
          "process.memory.rss_mb": Math.round(rss * LIMIT_MB),
          soft_limit_mb: Math.round(LIMIT_MB * 0.8),
        }),
        "memory",
      );
  }

  // image requests from the CDN through ingress-nginx
  const cdnIps = Array.from({ length: 6 }, () => `130.176.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  for (const s of arrivals(rng, start, end, rng.float(2.4, 2.8), shape, 1.2)) {
    const w = rng.pick([160, 320, 640, 1280]);
    const key = `${rng.hex(2)}/${rng.hex(24)}.jpg`;
    const uri = `/img/${w}x${w}/${key}`;
    const reqId = rng.hex(32);
    let status = 200;
    let took = rng.logNormal(w >= 640 ? 120 : 45, 0.45);
    let label: AnomalyType | null = null;
    if (isDown(s)) {
      // no ready endpoint: ingress-nginx answers 503 itself
      status = 503;
      took = rng.float(0.2, 1.5);
      label = "error";
    } else {
      const failed = rng.chance(0.004);
      if (failed) status = 415;
      const d = s + Math.round(took) - 1;
      tl.add(
        d,
        otelLog(
          d,
          failed ? "WARN" : "INFO",
          failed ? "unsupported image format" : "image resized",
          res(d),
          "github.com/shop/image-resizer/internal/resize",
          {
            "http.route": "/img/{w}x{h}/{key}",
            "image.width": w,
            "image.key": key,
            duration_ms: Number(took.toFixed(1)),
            "output.bytes": failed ? 0 : rng.int(4000, 400000),
          },
          { traceId: reqId, spanId: rng.hex(16) },
        ),
      );
    }
    tl.add(
      s + Math.round(took),
      nginxJson(s + Math.round(took), {
        remoteAddr: rng.pick(cdnIps),
        requestId: reqId,
        method: "GET",
        uri,
        status,
        requestTimeMs: took,
        bytesSent: status === 200 ? rng.int(4000, 400000) : rng.int(150, 600),
        userAgent: "Amazon CloudFront",
        host: "img-origin.shop.example",
        upstreamAddr: status === 503 ? "" : podAt(s).ip,
        upstreamStatus: status === 503 ? "" : String(status),
        upstreamTimeMs: took,
        proxyUpstreamName: "media-image-resizer-8080",
      }),
      label,
    );
  }
  return tl.build(
    NAME,
    "scanners post malformed JSON to account-api all day (`request rejected: malformed JSON body` at ERROR, 400: routine); a fifth in image-resizer 2.9.0 leaks native memory, its watchdog exits at FATAL and then the cgroup OOM killer kills it, images get 503 while it restarts, until it is rolled back",
  );
}
