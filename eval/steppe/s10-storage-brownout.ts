/**
 * Video platform's transcoding pipeline during a storage brown-out that started before
 * the window opens: two OSDs of the Ceph cluster behind storage-gw flap after a failed
 * disk, so writes block for tens of seconds. Every minute of the 30-60 minute window is
 * dominated by the incident: blocked/slow ops and HEALTH_WARN summaries from storage-gw,
 * heartbeat failures and degraded placement groups, transcoder segment writes taking
 * seconds, ffmpeg jobs dying with I/O errors and being retried (the retry logs the whole
 * ffmpeg command line), transcoder workers buffering segments in RAM until they reach
 * 90%+ of their memory limit, packager manifest publishes timing out and playlists
 * missing segments, and ingest uploads stalling or being refused. Normal lines keep
 * coming throughout: health checks, auth, CDN purges, metadata reads, encode steps that
 * don't touch storage, monitoring polls. Roughly 60-75% of lines belong to the incident.
 * Producers write logfmt-turned-JSON with an epoch-millisecond `ts`.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

export function s10StorageBrownout(seed: number): Scenario {
  const rng = new Rng(seed, "s10-storage-brownout");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(32, 58);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 0, 23);
  const end = start + span;
  const perMin = rng.float(65, 80);
  const sev = rng.float(1.05, 1.3); // how bad the brown-out is for this seed

  const log = (t: number, app: string, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ts: Math.floor(t),
    level,
    app,
    host: `${app}-${rng.int(1, app === "transcoder" ? 12 : 3)}`,
    msg,
    ...extra,
  });
  const loop = (share: number, fn: (t: number) => void): void => {
    const gap = 60_000 / (perMin * share);
    let t = start + rng.exp(gap) * 0.3;
    while (t < end) {
      fn(t);
      t += rng.exp(gap);
    }
  };
  const job = (): string => `job-${rng.alnum(10)}`;
  const asset = (): string => `vid_${rng.alnum(11)}`;
  const osds = [rng.int(0, 23), rng.int(24, 47)];
  const osd = (): number => rng.pick(osds);
  const pg = (): string => `${rng.int(2, 6)}.${rng.hex(2)}`;

  // ---- storage-gw ------------------------------------------------------------------------------
  loop(0.24 * sev, (t) => {
    const r = rng.weighted([
      ["slow", 5],
      ["hb", 2],
      ["pg", 2],
      ["down", 0.3],
    ] as const);
    if (r === "slow") {
      const age = rng.float(30, 600).toFixed(6);
      add(
        t,
        log(
          t,
          "storage-gw",
          "warn",
          `slow request ${age} seconds old, received at ${new Date(Math.floor(t - Number(age) * 1000)).toISOString()}: osd_op(client.${rng.int(4000, 9000)}.0:${rng.int(1000, 99999)} ${pg()} ${pg()}:${rng.hex(8)}:::${rng.hex(16)}:head [write ${rng.int(0, 4)}~4194304] snapc 0=[] ondisk+write+known_if_redirected e${rng.int(18000, 19000)}) currently waiting for sub ops`,
          { daemon: `osd.${osd()}`, blocked_s: Number(age) },
        ),
        "performance",
      );
    } else if (r === "hb") {
      add(
        t,
        log(
          t,
          "storage-gw",
          "error",
          `osd.${rng.int(0, 47)} heartbeat_check: no reply from 10.20.${rng.int(1, 4)}.${rng.int(10, 99)}:${rng.int(6800, 6830)} osd.${osd()} since back ${new Date(Math.floor(t - rng.int(20, 60) * 1000)).toISOString()} front ${new Date(Math.floor(t - rng.int(20, 60) * 1000)).toISOString()}`,
          { daemon: "osd" },
        ),
        "error",
      );
    } else if (r === "pg") {
      add(
        t,
        log(
          t,
          "storage-gw",
          "warn",
          `pg ${pg()} is stuck undersized for ${rng.float(300, 3000).toFixed(2)}, current state active+undersized+degraded, last acting [${rng.int(0, 47)},${osd()}]`,
          { daemon: "mgr" },
        ),
        "error",
      );
    } else {
      add(t, log(t, "storage-gw", "error", `osd.${osd()} marked itself down and dead`, { daemon: "mon" }), "error");
    }
  });
  for (let t = start + rng.int(0, 29_999); t < end; t += 30_000) {
    const ops = Math.round(rng.int(60, 240) * sev);
    add(
      t,
      log(
        t,
        "storage-gw",
        "warn",
        `Health check update: ${ops} slow ops, oldest one blocked for ${rng.int(300, 2400)} sec, daemons [osd.${osds[0]},osd.${osds[1]}] have slow ops. (SLOW_OPS)`,
        { daemon: "mon", check: "SLOW_OPS" },
      ),
      "performance",
    );
  }
  loop(0.05, (t) =>
    add(
      t,
      log(t, "storage-gw", "info", `from='mgr.${rng.int(1000, 9999)} ' entity='mgr.a' cmd=[{"prefix": "osd pool stats", "format": "json"}]: dispatch`, {
        daemon: "mon",
        channel: "audit",
      }),
      null,
    ),
  );

  // ---- transcoder -------------------------------------------------------------------------------
  const memByHost: number[] = Array.from({ length: 13 }, () => rng.float(78, 90));
  loop(0.34, (t) => {
    const j = job();
    const r = rng.weighted([
      ["encode", 1.8],
      ["write", 3.8 * sev],
      ["fail", 1.3 * sev],
      ["start", 0.8],
      ["retry", 0.5 * sev],
    ] as const);
    if (r === "encode") {
      const ms = Math.round(rng.logNormal(850, 0.3));
      add(
        t,
        log(t, "transcoder", "info", `segment encoded job=${j} rendition=${rng.pick(["1080p", "720p", "480p", "360p"])} seg=${rng.int(1, 400)} in ${ms}ms`, {
          job_id: j,
          duration_ms: ms,
        }),
        null,
      );
    } else if (r === "write") {
      const ms = Math.round(rng.float(4000, 60000));
      add(
        t,
        log(t, "transcoder", "warn", `segment write to s3://vod-work/${asset()}/ took ${ms}ms (${rng.int(1, 6)} MiB)`, { job_id: j, duration_ms: ms }),
        "performance",
      );
    } else if (r === "fail") {
      add(
        t,
        log(t, "transcoder", "error", `job ${j} failed: ffmpeg exited with status 1: av_interleaved_write_frame(): Input/output error`, {
          job_id: j,
          exit_code: 1,
        }),
        "error",
      );
    } else if (r === "start") {
      add(
        t,
        log(t, "transcoder", "info", `job ${j} started asset=${asset()} renditions=4 profile=${rng.pick(["vod-h264", "vod-h264", "vod-hevc"])}`, { job_id: j }),
        null,
      );
    } else {
      const a = asset();
      add(
        t,
        log(
          t,
          "transcoder",
          "warn",
          `retrying job ${j} (attempt ${rng.int(2, 5)}/5): ffmpeg -hide_banner -y -i /mnt/work/${a}/source.mov -filter_complex "[0:v]split=4[v1][v2][v3][v4];[v1]scale=w=1920:h=1080[v1o];[v2]scale=w=1280:h=720[v2o];[v3]scale=w=854:h=480[v3o];[v4]scale=w=640:h=360[v4o]" -map [v1o] -c:v:0 libx264 -b:v:0 5000k -maxrate:v:0 5350k -bufsize:v:0 7500k -map [v2o] -c:v:1 libx264 -b:v:1 2800k -map [v3o] -c:v:2 libx264 -b:v:2 1400k -map [v4o] -c:v:3 libx264 -b:v:3 800k -map a:0 -c:a aac -b:a 128k -ac 2 -f hls -hls_time 6 -hls_playlist_type vod -hls_flags independent_segments -hls_segment_filename /mnt/work/${a}/stream_%v/data%03d.ts -master_pl_name master.m3u8 -var_stream_map "v:0,a:0 v:1,a:0 v:2,a:0 v:3,a:0" /mnt/work/${a}/stream_%v.m3u8`,
          { job_id: j },
        ),
        "pattern",
      );
    }
  });
  const calm = new Set<number>();
  while (calm.size < 4) calm.add(rng.int(1, 12));
  for (let h = 1; h <= 12; h++) {
    if (calm.has(h)) {
      for (let t = start + rng.int(0, 59_999); t < end; t += rng.int(58_000, 62_000)) {
        const pct = Math.round(rng.float(52, 68) * 10) / 10;
        add(
          t,
          {
            ts: Math.floor(t),
            level: "info",
            app: "transcoder",
            host: `transcoder-${h}`,
            msg: `worker memory ${pct}% of 8GiB limit, ${rng.int(0, 6)} segments buffered awaiting storage`,
            memory_usage: pct,
          },
          null,
        );
      }
      continue;
    }
    for (let t = start + rng.int(0, 59_999); t < end; t += rng.int(58_000, 62_000)) {
      let m = (memByHost[h] as number) + rng.normal(0.7, 1.4);
      if (m > 97.5) m = rng.float(86, 90); // worker drops its buffers after a failed job
      memByHost[h] = m;
      const pct = Math.round(Math.max(84, Math.min(99, m)) * 10) / 10;
      add(
        t,
        {
          ts: Math.floor(t),
          level: "warn",
          app: "transcoder",
          host: `transcoder-${h}`,
          msg: `worker memory ${pct}% of 8GiB limit, ${rng.int(40, 400)} segments buffered awaiting storage`,
          memory_usage: pct,
        },
        pct >= 80 ? "memory" : null,
      );
    }
  }
  loop(0.03, (t) => add(t, log(t, "transcoder", "debug", `gpu util ${rng.int(20, 70)}% encoder sessions ${rng.int(1, 6)}`), null));

  // ---- packager ----------------------------------------------------------------------------------
  loop(0.14, (t) => {
    const a = asset();
    const r = rng.weighted([
      ["timeout", 4 * sev],
      ["missing", 2 * sev],
      ["ok", 1.2],
    ] as const);
    if (r === "timeout")
      add(t, log(t, "packager", "error", `publish manifest ${a}/master.m3u8 timed out after 30000ms`, { asset_id: a, duration_ms: 30000 }), "performance");
    else if (r === "missing")
      add(
        t,
        log(t, "packager", "error", `playlist ${a}/stream_${rng.int(0, 3)}.m3u8 references missing segment data${pad3(rng.int(0, 300))}.ts`, { asset_id: a }),
        "error",
      );
    else {
      const ms = Math.round(rng.logNormal(140, 0.3));
      add(t, log(t, "packager", "info", `published manifest ${a}/master.m3u8 in ${ms}ms`, { asset_id: a, duration_ms: ms }), null);
    }
  });

  // ---- ingest-api --------------------------------------------------------------------------------
  loop(0.14, (t) => {
    const r = rng.weighted([
      ["meta", 2.6],
      ["stall", 2.4 * sev],
      ["refused", 1.6 * sev],
      ["ok", 1],
    ] as const);
    if (r === "meta") {
      const ms = Math.round(rng.logNormal(12, 0.3));
      add(t, log(t, "ingest-api", "info", `GET /v1/assets/${asset()} 200 in ${ms}ms`, { status: 200, duration_ms: ms }), null);
    } else if (r === "stall") {
      add(
        t,
        log(t, "ingest-api", "warn", `upload ${asset()} stalled: wrote 0 bytes in 60s, aborting part ${rng.int(1, 80)}`, { duration_ms: 60000 }),
        "performance",
      );
    } else if (r === "refused") {
      add(
        t,
        log(t, "ingest-api", "error", "PUT /v1/uploads/{id}/parts 503 in 8ms: storage backend unavailable (write quorum not met)", {
          status: 503,
          duration_ms: 8,
        }),
        "error",
      );
    } else {
      const ms = Math.round(rng.logNormal(450, 0.3));
      add(t, log(t, "ingest-api", "info", `PUT /v1/uploads/{id}/parts 200 in ${ms}ms`, { status: 200, duration_ms: ms }), null);
    }
  });
  loop(0.06, (t) => add(t, log(t, "ingest-api", "info", "GET /healthz 200 in 1ms", { status: 200, duration_ms: 1 }), null));

  // ---- bystanders ----------------------------------------------------------------------------------
  loop(0.05, (t) => {
    const ms = rng.int(2, 9);
    add(
      t,
      log(t, "auth-svc", "info", `token introspected client=${rng.pick(["studio-web", "ingest-cli", "partner-feed"])} active=true in ${ms}ms`, {
        duration_ms: ms,
      }),
      null,
    );
  });
  loop(0.04, (t) => {
    const ms = rng.int(80, 300);
    add(t, log(t, "cdn-purger", "info", `purged ${rng.int(1, 40)} paths for ${asset()} via edge-api in ${ms}ms`, { duration_ms: ms }), null);
  });

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s10-storage-brownout",
    description:
      "Transcoding pipeline in the middle of a Ceph brown-out already under way: slow ops, I/O failures, stalled uploads, memory-bloated workers dominate (60-75% of lines), with normal lines throughout.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}

function pad3(v: number): string {
  return String(v).padStart(3, "0");
}
