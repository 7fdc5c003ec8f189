// h09: session-svc logs a forged token's 7 KB claims whole (rules right);
// h10: thumbnailer accepts width=48000 requests and is OOM-killed (rules right).
import { ecs, HOUR, k8s, MIN, nginx, pino, pyjson, Rng, SEC, Timeline, ticks, UAS, wholeSec } from "./lib.js";
import type { Scenario } from "./types.js";

export function h09(seed: number): Scenario {
  const name = "h09-marketplace-session-claims-stuffed";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 21, 15, 0, 0);
  const t1 = t0 + 2 * HOUR;
  const atk = t0 + r.int(20, 100) * MIN;
  const slow = t0 + r.int(10, 110) * MIN;
  const users = Array.from({ length: 80 }, (_, i) => `u_${48000 + i * 131}`);
  for (const t of ticks(r, t0, t1, 3 * SEC)) {
    const claims = { sub: r.pick(users), roles: [r.pick(["buyer", "buyer", "seller"])], tier: r.pick(["basic", "gold"]), exp: Math.floor(t / 1000) + 3600 };
    tl.add(t, pino(t, "session-svc", `session-svc-${r.pick(["a1", "b7"])}`, 30, `session decoded sid=${r.hex(16)} claims=${JSON.stringify(claims)}`));
  }
  // a forged token stuffed with a 300-entry groups claim: session-svc logs the claims whole, nginx fails the upstream headers
  for (let i = 0; i < 5; i++) {
    const t = atk + i * r.int(20, 50) * SEC;
    const groups = Array.from({ length: 300 }, (_, k) => `grp-${k.toString(36)}-${r.hex(6)}`);
    const claims = { sub: "u_0", roles: ["buyer", "seller", "admin", "support"], tier: "gold", groups, exp: Math.floor(t / 1000) + 31536000 };
    tl.add(t, pino(t, "session-svc", "session-svc-a1", 30, `session decoded sid=${r.hex(16)} claims=${JSON.stringify(claims)}`), "pattern");
    const tn = wholeSec(t + 1200);
    tl.add(
      tn,
      nginx(tn, "market.example.com", "GET /api/me HTTP/2.0", 502, 157, 0.004, UAS[3] as string, "185.220.101.47", {
        upstream_status: "502",
        upstream_error: "upstream sent too big header while reading response header from upstream",
      }),
      "error",
    );
  }
  for (const tn of ticks(r, t0, t1, 4 * SEC)) {
    const t = wholeSec(tn);
    const p = r.pick(["/api/me", "/api/listings?cat=bikes", "/api/listings/", "/api/messages/unread", "/static/main.css"]);
    const path = p.endsWith("/") ? `${p}${r.int(100000, 999999)}` : p;
    tl.add(t, nginx(t, "market.example.com", `GET ${path} HTTP/2.0`, r.chance(0.01) ? 404 : 200, r.int(300, 30000), r.lat(0.03, 3), r.pick(UAS), r.ip()));
  }
  for (const t of ticks(r, t0, t1, 8 * SEC)) {
    tl.add(t, ecs(t, "profile-api", `profile-api-${r.int(0, 2)}`, "info", `profile served user=${r.pick(users)} fields=9 took_ms=${Math.round(r.lat(11, 0))}`));
  }
  for (let i = 0; i < 4; i++) {
    const t = slow + i * 45 * SEC;
    tl.add(
      t,
      pino(t, "session-svc", "session-svc-b7", 40, "session store slow", { op: "GET", store: "redis-sessions-0", took_ms: r.int(800, 2400) }),
      "performance",
    );
  }
  return {
    name,
    description:
      "A forged session token stuffed with 300 groups: session-svc logs its ~7 KB claims whole among ~90-char claims, nginx 502s too-big headers; a Redis session-store slow spell",
    ...tl.build(),
  };
}

export function h10(seed: number): Scenario {
  const name = "h10-media-thumbnailer-width-bomb";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 24, 20, 0, 0);
  const t1 = t0 + 1 * HOUR;
  const atk = t0 + r.int(15, 45) * MIN;
  const widths = [160, 240, 320, 480, 640, 800];
  const pods = ["thumbnailer-0", "thumbnailer-1", "thumbnailer-2"];
  for (const t of ticks(r, t0, t1, 3 * SEC)) {
    const asset = `a_${r.hex(10)}`;
    const w = r.pick(widths);
    const pod = r.pick(pods);
    const fmt = r.pick(["webp", "webp", "avif", "jpeg"]);
    tl.add(t, pyjson(t, "thumbnailer", "thumbs.render", "INFO", `render requested asset=${asset} width=${w} fmt=${fmt}`, { pod }));
    const ms = Math.round(r.lat(w / 4, 0));
    tl.add(t + ms, pyjson(t + ms, "thumbnailer", "thumbs.render", "INFO", `render done asset=${asset} ms=${ms} bytes=${r.int(w * 20, w * 60)}`, { pod }));
  }
  // crafted requests: width=48000 slips past a missing bound, each one blows a worker's memory
  for (let i = 0; i < 4; i++) {
    const t = atk + i * 25 * SEC;
    const pod = pods[i % 3] as string;
    tl.add(t, pyjson(t, "thumbnailer", "thumbs.render", "INFO", `render requested asset=a_${r.hex(10)} width=48000 fmt=png`, { pod }), "pattern");
    const tw = t + 4 * SEC;
    tl.add(tw, pyjson(tw, "thumbnailer", "thumbs.watchdog", "WARNING", "worker memory high", { pod, rss_mb: r.int(1880, 2010), limit_mb: 2048 }), "memory");
    const tk = t + 7 * SEC;
    tl.add(tk, k8s(tk, "Container terminated", { container: "thumbnailer", reason: "OOMKilled", exitCode: 137 }, pod, "thumbnailer", "media"), "memory");
    const te = wholeSec(t + 7500);
    tl.add(
      te,
      nginx(te, "img.example.net", `GET /img/${r.hex(10)}?w=48000&fmt=png HTTP/2.0`, 502, 150, 7.5, "python-requests/2.31.0", "45.153.160.2"),
      "error",
    );
  }
  for (const tn of ticks(r, t0, t1, 4 * SEC)) {
    const t = wholeSec(tn);
    tl.add(
      t,
      nginx(t, "img.example.net", `GET /img/${r.hex(10)}?w=${r.pick(widths)}&fmt=webp HTTP/2.0`, 200, r.int(3000, 40000), r.lat(0.02, 3), r.pick(UAS), r.ip(), {
        upstream_cache_status: r.pick(["HIT", "HIT", "HIT", "MISS"]),
      }),
    );
  }
  for (const t of ticks(r, t0, t1, 20 * SEC)) {
    tl.add(
      t,
      k8s(
        t,
        "Successfully updated HPA status",
        { hpa: "media/thumbnailer", currentReplicas: 3, desiredReplicas: 3, cpu_pct: r.int(35, 60) },
        "kube-controller-manager-cp-2",
        "kube-controller-manager",
        "kube-system",
      ),
    );
  }
  return {
    name,
    description: "Crafted requests slip width=48000 (vs 160-800) past the thumbnailer: each render blows a worker's memory, OOMKilled, edge 502s",
    ...tl.build(),
  };
}
