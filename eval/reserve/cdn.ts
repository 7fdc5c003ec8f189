// An image CDN: two edge nginx, an image resizer behind them, the origin store.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, type Ln, MIN, nginxLine, nodeStack, podName, Rng, userAgent, windowStart, Lines } from "./kit.js";

const PROBES = [
  "/.env",
  "/.git/config",
  "/wp-login.php",
  "/phpmyadmin/index.php",
  "/actuator/env",
  "/server-status",
  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh",
  "/.aws/credentials",
  "/config.json",
  "/api/.env.production",
  "/owa/auth/logon.aspx",
];

/**
 * Edge caches serving images, mostly from cache: a customer's few bursts of giant originals make
 * the resizer slow, push its heap to the limit and crash its workers (502s at the edge), while a
 * scanner walks the edge for secrets and admin pages.
 */
export function imageCdnGiantOriginals(seed: number): Scenario {
  const r = new Rng(seed, "image-cdn-giant-originals");
  const start = windowStart(r, 16);
  const end = start + 3 * HOUR;
  const lines = new Lines();
  const edges = ["edge-fra-1", "edge-iad-1"];
  const resizerPods = [podName(r, "image-resizer"), podName(r, "image-resizer")];
  const originHost = podName(r, "media-origin");
  const shield = "10.20.1.15:8080";
  const imgPath = () => `/img/${r.hex(12)}/${r.pick(["320x240", "640x480", "1280x720", "96x96"])}.${r.pick(["webp", "avif", "jpg"])}`;
  const resized = (t: number, ms: number, w: number, h: number, label: Ln["label"]): Ln => ({
    t,
    svc: "image-resizer",
    lvl: "INFO",
    msg: "resized image",
    label,
    fmt: "pino",
    host: r.pick(resizerPods),
    f: { source_px: `${w}x${h}`, target: r.pick(["320x240", "640x480", "1280x720"]), format: "webp", duration_ms: ms },
  });

  for (const t of r.times(r.int(2300, 2600), start, end)) {
    const hit = r.chance(0.85);
    const edge = r.pick(edges);
    if (hit) {
      lines.push(
        nginxLine(
          t,
          edge,
          {
            ip: r.publicIp(),
            method: "GET",
            path: imgPath(),
            status: r.chance(0.05) ? 304 : 200,
            bytes: r.int(4000, 90000),
            rt: r.logn(0.003, 0.5),
            ua: userAgent(r),
            cache: "HIT",
          },
          null,
          edge,
        ),
      );
    } else {
      const ms = Math.max(8, Math.round(r.logn(45, 0.35)));
      const w = r.int(1200, 4000);
      lines.push(resized(t, ms, w, Math.round(w * 0.75), null));
      lines.push(
        nginxLine(
          t + ms + 20,
          edge,
          {
            ip: r.publicIp(),
            method: "GET",
            path: imgPath(),
            status: 200,
            bytes: r.int(4000, 90000),
            rt: (ms + 60) / 1000,
            ua: userAgent(r),
            upstream: shield,
            cache: "MISS",
          },
          null,
          edge,
        ),
      );
    }
  }
  for (const t of r.times(r.int(350, 420), start, end)) {
    const ms = Math.max(10, Math.round(r.logn(48, 0.35)));
    lines.push({
      t,
      svc: "media-origin",
      lvl: "INFO",
      msg: "served original",
      label: null,
      fmt: "pylog",
      host: originHost,
      logger: "origin.store",
      f: { key: `originals/${r.hex(2)}/${r.hex(24)}`, bytes: r.int(200_000, 6_000_000), duration_ms: ms },
    });
  }
  for (const pod of resizerPods)
    for (const t of r.every(start, end, MIN, 3000))
      lines.push({
        t,
        svc: "image-resizer",
        lvl: "INFO",
        msg: "memory stats",
        label: null,
        fmt: "pino",
        host: pod,
        f: { heapUsed: r.int(120, 230) * 1_048_576, heapTotal: 512 * 1_048_576, rss: r.int(380, 520) * 1_048_576, external: r.int(40, 120) * 1_048_576 },
      });
  for (const t of r.times(r.int(20, 40), start, end))
    lines.push(
      nginxLine(
        t,
        r.pick(edges),
        { ip: r.publicIp(), method: "GET", path: imgPath(), status: 404, bytes: 153, rt: r.logn(0.004, 0.4), ua: userAgent(r), cache: "MISS" },
        null,
      ),
    );

  // ---- bursts of giant originals ----
  const bursts = r.times(r.int(3, 4), start + 10 * MIN, end - 10 * MIN);
  for (const [bi, b] of bursts.entries()) {
    const pod = r.pick(resizerPods);
    for (let i = 0, n = r.int(3, 5); i < n; i++) {
      const t = b + i * r.int(8000, 30_000);
      const w = r.int(11000, 14000);
      const ms = r.int(4000, 9500);
      const edge = r.pick(edges);
      lines.push({ ...resized(t + ms, ms, w, Math.round(w * 0.75), "performance"), host: pod });
      lines.push(
        nginxLine(
          t + ms + 30,
          edge,
          {
            ip: r.publicIp(),
            method: "GET",
            path: imgPath(),
            status: 200,
            bytes: r.int(20000, 120000),
            rt: (ms + 80) / 1000,
            ua: userAgent(r),
            upstream: shield,
            cache: "MISS",
          },
          "performance",
          edge,
        ),
      );
    }
    const heapAt = b + r.int(20_000, 50_000);
    lines.push({
      t: heapAt,
      svc: "image-resizer",
      lvl: "INFO",
      msg: "memory stats",
      label: "memory",
      fmt: "pino",
      host: pod,
      f: { heapUsed: r.int(470, 505) * 1_048_576, heapTotal: 512 * 1_048_576, rss: r.int(1800, 2000) * 1_048_576, external: r.int(1200, 1500) * 1_048_576 },
    });
    if (bi === 0 || r.chance(0.7)) {
      const crash = heapAt + r.int(10_000, 40_000);
      lines.push({
        t: crash,
        svc: "image-resizer",
        lvl: "CRITICAL",
        msg: "resize worker crashed",
        label: "error",
        fmt: "pino",
        host: pod,
        exc: "Error",
        stack: nodeStack(r, "Error: worker exited with code 134 (SIGABRT) while processing job", [
          "Worker.<anonymous>",
          "ResizePool.onExit",
          "process.processTicksAndRejections",
        ]),
        f: { worker: r.int(1, 8), job: r.uuid() },
      });
      for (let i = 0, n = r.int(2, 4); i < n; i++) {
        const edge = r.pick(edges);
        lines.push(
          nginxLine(
            crash + 5 + i * r.int(50, 800),
            edge,
            {
              ip: r.publicIp(),
              method: "GET",
              path: imgPath(),
              status: 502,
              bytes: 166,
              rt: r.float(0.01, 0.2),
              ua: userAgent(r),
              upstream: shield,
              cache: "MISS",
            },
            "error",
            edge,
          ),
        );
      }
    }
  }

  // ---- a scanner walking the edge ----
  const scanAt = start + r.int(20, 150) * MIN;
  const scanner = r.publicIp();
  const probes = r.shuffle(PROBES).slice(0, r.int(9, 12));
  for (let i = 0, n = r.int(22, 36); i < n; i++) {
    const path = probes[i % probes.length] ?? "/.env";
    lines.push(
      nginxLine(
        scanAt + i * r.int(1500, 5000),
        "edge-fra-1",
        {
          ip: scanner,
          method: r.chance(0.85) ? "GET" : "POST",
          path,
          status: path.includes("cgi-bin") ? 400 : 404,
          bytes: 153,
          rt: r.logn(0.002, 0.3),
          ua: "Mozilla/5.0 zgrab/0.x",
        },
        "pattern",
        "edge-fra-1",
      ),
    );
  }
  const second = r.publicIp();
  for (const t of r.times(r.int(4, 7), start, end))
    lines.push(
      nginxLine(
        t,
        "edge-iad-1",
        { ip: second, method: "GET", path: r.pick(PROBES), status: 404, bytes: 153, rt: r.logn(0.002, 0.3), ua: "python-httpx/0.27.0" },
        "pattern",
        "edge-iad-1",
      ),
    );

  return finish(
    "image-cdn-giant-originals",
    "Image edges serving mostly from cache; bursts of giant originals make the resizer slow, fill its heap and crash workers (502s), and a scanner walks the edge for secrets",
    lines,
  );
}
