/**
 * s01: a video-streaming micro-service mesh (Go services logging with zap's production
 * encoder, a Node edge API logging with winston) with short episodes of all four anomaly
 * types scattered from the first minutes to the last minutes.
 */
import { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, epochSeconds, every, isoMs, podName, privateIp, round, spread, uuid, type Label, type Log } from "./common.js";

const NAME = "video-mesh";

const TITLES = 4000;
const DEVICES = ["android-tv", "roku", "webos", "tizen", "ios", "android", "web-chrome", "web-safari", "ps5", "xbox"];
const PROFILES = ["h264-720p", "h264-1080p", "hevc-1080p", "hevc-2160p-hdr10", "av1-1080p"];
const DRMS = ["widevine", "fairplay", "playready"];
const CDNS = ["cdn-akm", "cdn-fst", "cdn-own-fra", "cdn-own-iad"];

export function s01VideoMesh(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(150, 200) * MIN;
  const start = rng.start2026(span, 6, 20);
  const end = start + span;
  const tl = new Timeline();

  const pods = (app: string, n: number): string[] => {
    const rs = rng.alnum(10);
    return Array.from({ length: n }, () => podName(rng, app, rs));
  };
  const P = {
    edge: pods("edge-api", 4),
    playback: pods("playback-svc", 3),
    manifest: pods("manifest-svc", 3),
    drm: pods("drm-license", 2),
    cache: pods("segment-cache", 4),
    transcoder: pods("transcoder", 3),
    recommender: pods("recommender", 2),
  };

  // zap production encoder: level, ts (epoch seconds), logger, caller, msg, fields, stacktrace.
  const zap = (t: number, level: string, logger: string, pod: string, caller: string, msg: string, fields: Log = {}, stack?: string): Log => {
    const log: Log = { level, ts: epochSeconds(t), logger, caller, msg, pod, ...fields };
    if (stack !== undefined) log.stacktrace = stack;
    return log;
  };
  // winston json(): level, message, meta, service (defaultMeta), timestamp.
  const winston = (t: number, level: string, message: string, meta: Log): Log => ({
    level,
    message,
    ...meta,
    service: "edge-api",
    timestamp: isoMs(t),
  });
  const goStack = (fn: string, file: string, line: number): string =>
    `github.com/reelhouse/${fn}\n\t/src/${file}:${line}\ngithub.com/reelhouse/platform/rpc.(*Server).handle\n\t/src/platform/rpc/server.go:188\nnet/http.HandlerFunc.ServeHTTP\n\t/usr/local/go/src/net/http/server.go:2166`;

  const title = (): number => rng.int(1000, 1000 + TITLES);
  const uaFor = (device: string): string =>
    device.startsWith("web")
      ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"
      : `ReelhousePlayer/7.${rng.int(10, 14)}.${rng.int(0, 9)} (${device})`;

  // ------------------------------------------------------------ edge-api request line
  const edgeRequest = (t: number, method: string, path: string, status: number, ms: number, label: Label = null, extra: Log = {}): void => {
    const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    const device = rng.pick(DEVICES);
    tl.add(
      t,
      winston(t, level, `${method} ${path} ${status} ${Math.round(ms)}ms`, {
        requestId: uuid(rng),
        method,
        path,
        statusCode: status,
        durationMs: Math.round(ms),
        userAgent: uaFor(device),
        pod: rng.pick(P.edge),
        ...extra,
      }),
      label,
    );
  };

  // ------------------------------------------------------------ normal traffic
  const normal = (t: number): void => {
    const kind = rng.weighted([
      ["edge", 30],
      ["playback", 14],
      ["manifest", 12],
      ["drm", 8],
      ["cache", 16],
      ["transcode", 5],
      ["recommend", 8],
    ] as const);
    switch (kind) {
      case "edge": {
        const r = rng.weighted([
          ["title", 5],
          ["playback", 4],
          ["heartbeat", 6],
          ["home", 3],
          ["search", 2],
        ] as const);
        if (r === "title") {
          const st = rng.chance(0.015) ? 404 : rng.chance(0.02) ? 401 : 200;
          edgeRequest(t, "GET", `/v1/titles/${title()}`, st, rng.logNormal(35, 0.35, 2.2));
        } else if (r === "playback") {
          const st = rng.chance(0.02) ? 401 : rng.chance(0.006) ? 429 : 200;
          edgeRequest(t, "GET", `/v1/titles/${title()}/playback`, st, rng.logNormal(120, 0.35, 2.2));
        } else if (r === "heartbeat") {
          edgeRequest(t, "POST", `/v1/sessions/${uuid(rng)}/heartbeat`, 204, rng.logNormal(9, 0.3, 2));
        } else if (r === "home") {
          edgeRequest(t, "GET", "/v1/home/rows", 200, rng.logNormal(160, 0.3, 2));
        } else {
          const q = rng.pick(["night", "the crown", "docu", "anime", "kids", "comedy special", "f1", "cook"]);
          edgeRequest(t, "GET", `/v1/search?q=${encodeURIComponent(q)}&limit=24`, 200, rng.logNormal(70, 0.35, 2.2));
        }
        return;
      }
      case "playback": {
        const pod = rng.pick(P.playback);
        const r = rng.next();
        if (r < 0.4) {
          tl.add(
            t,
            zap(t, "info", "playback-svc", pod, "playback/session.go:142", "playback session started", {
              session_id: uuid(rng),
              title_id: title(),
              device: rng.pick(DEVICES),
              profile: rng.pick(PROFILES),
              cdn: rng.pick(CDNS),
              latency: round(rng.logNormal(0.018, 0.3, 2), 6),
            }),
          );
        } else if (r < 0.8) {
          tl.add(
            t,
            zap(t, "info", "playback-svc", pod, "playback/session.go:219", "playback session ended", {
              session_id: uuid(rng),
              title_id: title(),
              watched_s: rng.int(30, 7200),
              rebuffer_count: rng.weighted([
                [0, 80],
                [1, 12],
                [2, 5],
                [3, 3],
              ] as const),
              avg_bitrate_kbps: rng.int(1800, 16000),
            }),
          );
        } else if (r < 0.97) {
          tl.add(
            t,
            zap(t, "info", "playback-svc", pod, "playback/resume.go:61", "resume point saved", {
              profile_id: rng.int(100000, 999999),
              title_id: title(),
              position_s: rng.int(10, 6000),
            }),
          );
        } else {
          tl.add(
            t,
            zap(t, "warn", "playback-svc", pod, "playback/session.go:98", "session limit reached for account, oldest stream stopped", {
              account_id: rng.int(1_000_000, 9_999_999),
              active_streams: 4,
            }),
          );
        }
        return;
      }
      case "manifest": {
        const pod = rng.pick(P.manifest);
        if (rng.chance(0.45)) {
          tl.add(
            t,
            zap(t, "info", "manifest-svc", pod, "manifest/cache.go:77", "manifest cache hit", {
              title_id: title(),
              format: rng.pick(["hls", "dash"]),
              latency: round(rng.logNormal(0.0011, 0.3, 2), 7),
            }),
          );
        } else {
          tl.add(
            t,
            zap(t, "info", "manifest-svc", pod, "manifest/build.go:203", "manifest generated", {
              title_id: title(),
              format: rng.pick(["hls", "dash"]),
              renditions: rng.int(4, 8),
              audio_tracks: rng.int(1, 6),
              subtitle_tracks: rng.int(0, 14),
              latency: round(rng.logNormal(0.022, 0.3, 2), 6),
            }),
          );
        }
        return;
      }
      case "drm": {
        const pod = rng.pick(P.drm);
        const r = rng.next();
        if (r < 0.955) {
          tl.add(
            t,
            zap(t, "info", "drm-license", pod, "license/issue.go:131", "license issued", {
              drm: rng.pick(DRMS),
              key_id: rng.hex(32),
              policy: rng.pick(["sd-any", "hd-l1", "uhd-l1-hdcp22"]),
              latency: round(rng.logNormal(0.045, 0.3, 2), 6),
            }),
          );
        } else if (r < 0.993) {
          tl.add(
            t,
            zap(t, "warn", "drm-license", pod, "license/policy.go:58", "license denied", {
              drm: rng.pick(DRMS),
              reason: rng.pick(["concurrent stream limit reached", "hdcp level insufficient for policy uhd-l1-hdcp22", "device not activated"]),
            }),
          );
        } else {
          // routine: clients with revoked device certificates show up all day long
          tl.add(
            t,
            zap(
              t,
              "error",
              "drm-license",
              pod,
              "license/issue.go:96",
              "license request rejected",
              {
                drm: "widevine",
                error: "device certificate revoked (system id 4445)",
              },
              goStack("drm/license.(*Issuer).Issue", "drm/license/issue.go", 96),
            ),
          );
        }
        return;
      }
      case "cache": {
        const pod = rng.pick(P.cache);
        if (rng.chance(0.985)) {
          tl.add(
            t,
            zap(t, "info", "segment-cache", pod, "cache/origin.go:88", "origin fetch", {
              segment: `/v/${title()}/${rng.pick(PROFILES)}/seg_${rng.int(1, 1800)}.m4s`,
              bytes: rng.int(400_000, 4_200_000),
              origin: rng.pick(["origin-fra-1", "origin-fra-2", "origin-iad-1"]),
              latency: round(rng.logNormal(0.14, 0.35, 2.4), 6),
            }),
          );
        } else {
          tl.add(
            t,
            zap(t, "warn", "segment-cache", pod, "cache/origin.go:112", "origin returned 404 for segment, negative-cached", {
              segment: `/v/${title()}/${rng.pick(PROFILES)}/seg_${rng.int(1800, 2400)}.m4s`,
              ttl_s: 30,
            }),
          );
        }
        return;
      }
      case "transcode": {
        const pod = rng.pick(P.transcoder);
        const job = `tj-${rng.hex(10)}`;
        const r = rng.next();
        if (r < 0.35) {
          tl.add(
            t,
            zap(t, "info", "transcoder", pod, "worker/jobs.go:54", "job accepted", {
              job_id: job,
              title_id: title(),
              profile: rng.pick(PROFILES),
              source_gb: round(rng.float(2, 60), 1),
            }),
          );
        } else if (r < 0.7) {
          tl.add(
            t,
            zap(t, "info", "transcoder", pod, "worker/jobs.go:140", "job progress", { job_id: job, pct: rng.int(1, 99), fps: round(rng.float(40, 240), 1) }),
          );
        } else {
          tl.add(
            t,
            zap(t, "info", "transcoder", pod, "worker/jobs.go:201", "job finished", { job_id: job, duration_s: rng.int(120, 1500), renditions: rng.int(4, 8) }),
          );
        }
        return;
      }
      case "recommend": {
        const pod = rng.pick(P.recommender);
        if (rng.chance(0.94)) {
          tl.add(
            t,
            zap(t, "info", "recommender", pod, "rows/compute.go:77", "rows computed", {
              profile_id: rng.int(100000, 999999),
              rows: rng.int(12, 20),
              model: "two-tower-v14",
              latency: round(rng.logNormal(0.06, 0.3, 2), 6),
            }),
          );
        } else {
          tl.add(
            t,
            zap(t, "warn", "recommender", pod, "rows/compute.go:52", "profile has no history, falling back to trending rows", {
              profile_id: rng.int(100000, 999999),
            }),
          );
        }
        return;
      }
    }
  };

  for (const t of arrivals(rng, start, end, span / 3300)) normal(t);

  // ------------------------------------------------------------ episodes
  const n = rng.int(14, 18);
  const types: AnomalyType[] = [
    "performance",
    "performance",
    "performance",
    "memory",
    "memory",
    "memory",
    "error",
    "error",
    "error",
    "pattern",
    "pattern",
    "pattern",
  ];
  while (types.length < n) types.push(rng.pick(["performance", "error", "pattern", "memory"] as const));
  rng.shuffle(types);
  const starts = spread(rng, start + 4 * MIN, end - 8 * MIN, n);
  starts[0] = start + rng.float(40, 150) * SEC;
  starts[n - 1] = end - rng.float(200, 260) * SEC;

  // transcoder memory: per-pod episode windows used by the periodic worker stats line
  const memEpisodes: { pod: string; from: number; to: number }[] = [];

  const perfOrigin = (t0: number, d: number): void => {
    const origin = rng.pick(["origin-fra-1", "origin-fra-2", "origin-iad-1"]);
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(14, 26))) {
      const r = rng.next();
      if (r < 0.55) {
        tl.add(
          t,
          zap(t, "info", "segment-cache", rng.pick(P.cache), "cache/origin.go:88", "origin fetch", {
            segment: `/v/${title()}/${rng.pick(PROFILES)}/seg_${rng.int(1, 1800)}.m4s`,
            bytes: rng.int(400_000, 4_200_000),
            origin,
            latency: round(rng.float(1.8, 7.5), 6),
          }),
          "performance",
        );
      } else if (r < 0.75) {
        tl.add(
          t,
          zap(t, "warn", "segment-cache", rng.pick(P.cache), "cache/origin.go:101", "origin fetch timed out, serving stale segment", {
            segment: `/v/${title()}/${rng.pick(PROFILES)}/seg_${rng.int(1, 1800)}.m4s`,
            origin,
            error: "context deadline exceeded",
            latency: 8.0 + round(rng.float(0, 0.004), 6),
          }),
          "performance",
        );
      } else {
        edgeRequest(t, "GET", `/v1/titles/${title()}/playback`, 200, rng.float(2400, 9000), "performance");
      }
    }
  };

  const perfManifest = (t0: number, d: number): void => {
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(12, 24))) {
      if (rng.chance(0.55)) {
        tl.add(
          t,
          zap(t, "info", "manifest-svc", rng.pick(P.manifest), "manifest/build.go:203", "manifest generated", {
            title_id: title(),
            format: rng.pick(["hls", "dash"]),
            renditions: rng.int(4, 8),
            audio_tracks: rng.int(1, 6),
            subtitle_tracks: rng.int(0, 14),
            latency: round(rng.float(0.9, 4.2), 6),
          }),
          "performance",
        );
      } else if (rng.chance(0.7)) {
        edgeRequest(t, "GET", `/v1/titles/${title()}/playback`, 200, rng.float(1500, 5200), "performance");
      } else {
        edgeRequest(t, "GET", `/v1/titles/${title()}/playback`, 504, rng.float(10000, 10030), "performance", {
          error: "upstream manifest-svc timed out after 10000ms",
        });
      }
    }
  };

  const memTranscoder = (t0: number, d: number): void => {
    const pod = rng.pick(P.transcoder);
    memEpisodes.push({ pod, from: t0, to: t0 + d });
    const job = `tj-${rng.hex(10)}`;
    const tWarn = t0 + d * rng.float(0.35, 0.55);
    tl.add(
      tWarn,
      zap(tWarn, "warn", "transcoder", pod, "worker/memwatch.go:44", "memory high watermark exceeded, pausing job intake", {
        rss_mb: rng.int(5500, 5800),
        limit_mb: 6144,
        jobs_running: rng.int(3, 5),
      }),
      "memory",
    );
    const tAbort = t0 + d * rng.float(0.8, 0.92);
    tl.add(
      tAbort,
      zap(
        tAbort,
        "error",
        "transcoder",
        pod,
        "worker/jobs.go:177",
        "job aborted",
        {
          job_id: job,
          error: "ffmpeg exited: signal: killed (cgroup memory limit 6144MiB reached)",
        },
        goStack("transcoder/worker.(*Runner).wait", "transcoder/worker/jobs.go", 177),
      ),
      "memory",
    );
    const tRe = tAbort + rng.float(2, 6) * SEC;
    tl.add(tRe, zap(tRe, "info", "transcoder", pod, "worker/jobs.go:61", "job requeued after worker failure", { job_id: job, attempt: 2 }), "pattern");
  };

  const errDrm = (t0: number, d: number): void => {
    const hsm = `${privateIp(rng, "10.42")}:1792`;
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(12, 24))) {
      const r = rng.next();
      if (r < 0.45) {
        tl.add(
          t,
          zap(
            t,
            "error",
            "drm-license",
            rng.pick(P.drm),
            "license/issue.go:118",
            "license request failed",
            {
              drm: rng.pick(DRMS),
              error: `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${hsm}: connect: connection refused"`,
            },
            goStack("drm/license.(*Issuer).sign", "drm/license/issue.go", 118),
          ),
          "error",
        );
      } else if (r < 0.75) {
        edgeRequest(t, "POST", `/v1/licenses/${rng.pick(DRMS)}`, 502, rng.logNormal(40, 0.3, 2), "error", { error: "drm-license: 503 Service Unavailable" });
      } else {
        tl.add(
          t,
          zap(
            t,
            "error",
            "playback-svc",
            rng.pick(P.playback),
            "playback/session.go:131",
            "session start failed",
            {
              session_id: uuid(rng),
              title_id: title(),
              error: "license unavailable: drm-license returned 503",
            },
            goStack("playback/session.(*Service).Start", "playback/session.go", 131),
          ),
          "error",
        );
      }
    }
  };

  const errPanic = (t0: number, d: number): void => {
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(8, 16))) {
      if (rng.chance(0.5)) {
        tl.add(
          t,
          zap(
            t,
            "error",
            "playback-svc",
            rng.pick(P.playback),
            "rpc/recover.go:31",
            "panic recovered in handler",
            {
              handler: "/playback.v2.Playback/Start",
              error: "runtime error: invalid memory address or nil pointer dereference",
            },
            `runtime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:24\ngithub.com/reelhouse/playback/session.(*Service).pickCDN(...)\n\t/src/playback/session/cdn.go:73\ngithub.com/reelhouse/playback/session.(*Service).Start\n\t/src/playback/session.go:120`,
          ),
          "error",
        );
      } else {
        edgeRequest(t, "GET", `/v1/titles/${title()}/playback`, 500, rng.logNormal(60, 0.3, 2), "error", { error: "playback-svc: internal error" });
      }
    }
  };

  const patRing = (t0: number, d: number): void => {
    const members = P.cache.map((p) => `${p}:7400`);
    const extra = Array.from({ length: 18 }, (_, i) => `segment-cache-canary-${i}.cache.svc:7400`);
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(7, 12))) {
      const m = [...members, ...extra.slice(0, rng.int(4, 18))];
      tl.add(
        t,
        zap(t, "info", "segment-cache", rng.pick(P.cache), "ring/ring.go:66", "hash ring membership changed", {
          members: m,
          vnodes_moved: rng.int(800, 12000),
          ring_version: rng.int(4000, 4100),
        }),
        "pattern",
      );
    }
  };

  const patScraper = (t0: number, d: number): void => {
    let id = rng.int(1000, 2000);
    const fields =
      "id,title,synopsis,cast,crew,genres,ratings,availability,rights.windows,rights.territories,artwork.all,trailers,audio,subtitles,maturity,awards,similar,collections";
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(16, 30))) {
      id += rng.int(1, 3);
      tl.add(
        t,
        winston(t, "info", `GET /v1/titles/${id}?fields=${fields}&expand=all&region=${rng.pick(["ZZ", "XX"])} 200 ${rng.int(30, 70)}ms`, {
          requestId: uuid(rng),
          method: "GET",
          path: `/v1/titles/${id}`,
          statusCode: 200,
          durationMs: rng.int(30, 70),
          userAgent: "python-requests/2.31.0",
          apiKey: "pk_live_…3f9a",
          pod: rng.pick(P.edge),
        }),
        "pattern",
      );
    }
  };

  const patDrmRotate = (t0: number, d: number): void => {
    for (const t of arrivals(rng, t0, t0 + d, d / rng.int(6, 10))) {
      tl.add(
        t,
        zap(t, "info", "drm-license", rng.pick(P.drm), "keys/rotate.go:39", "content key rotation triggered outside schedule", {
          requested_by: "unknown",
          keys_rotated: rng.int(200, 5000),
          key_period: "P7D",
        }),
        "pattern",
      );
    }
  };

  starts.forEach((t0, i) => {
    const type = types[i] as AnomalyType;
    const d = Math.min(rng.float(55, 150) * SEC, end - t0 - 15 * SEC);
    if (type === "performance") (rng.chance(0.5) ? perfOrigin : perfManifest)(t0, d);
    else if (type === "memory") memTranscoder(t0, d);
    else if (type === "error") (rng.chance(0.5) ? errDrm : errPanic)(t0, d);
    else rng.pick([patRing, patScraper, patDrmRotate])(t0, d);
  });

  // ------------------------------------------------------------ periodic lines
  for (const pod of P.transcoder) {
    for (const t of every(rng, start, end, 30 * SEC, 400)) {
      const ep = memEpisodes.find((e) => e.pod === pod && t >= e.from && t < e.to);
      if (ep) {
        const f = (t - ep.from) / (ep.to - ep.from);
        const rss = Math.min(6140, Math.round(4300 + 1840 * f + rng.float(-40, 40)));
        tl.add(
          t,
          zap(t, "info", "transcoder", pod, "worker/stats.go:29", "worker stats", {
            rss_mb: rss,
            limit_mb: 6144,
            goroutines: rng.int(300, 900),
            jobs_running: rng.int(3, 5),
          }),
          "memory",
        );
      } else {
        tl.add(
          t,
          zap(t, "info", "transcoder", pod, "worker/stats.go:29", "worker stats", {
            rss_mb: rng.int(1400, 2700),
            limit_mb: 6144,
            goroutines: rng.int(60, 220),
            jobs_running: rng.int(0, 3),
          }),
        );
      }
    }
  }
  for (const pod of P.cache) {
    for (const t of every(rng, start, end, 60 * SEC, 800)) {
      tl.add(
        t,
        zap(t, "info", "segment-cache", pod, "cache/stats.go:40", "cache stats", {
          hit_ratio: round(rng.float(0.93, 0.975), 4),
          entries: rng.int(180_000, 240_000),
          evictions: rng.int(200, 2400),
          bytes_cached: rng.int(60, 74) * 1_073_741_824,
        }),
      );
    }
  }

  return tl.build(
    NAME,
    "Video streaming mesh (zap Go services + winston edge API) with short slowdowns, transcoder memory blow-ups, DRM/playback failures and odd traffic scattered over the whole window.",
  );
}
