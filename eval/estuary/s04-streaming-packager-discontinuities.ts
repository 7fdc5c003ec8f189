// s04: live media streaming. hls-packager (Node, Bunyan), encoder-supervisor (Python,
// python-json-logger wrapping ffmpeg) and drm-keyserver (GELF 1.1).
// Every ~12.5 minutes the packager logs a very long "ABR ladder active" INFO line: routine, never labelled.
// Incident: the contribution feed of ch-sport-1 flaps; ffmpeg dies and restarts a dozen times,
// each restart makes the packager log a structurally odd INFO line with a raw M3U8 excerpt
// (escaped newlines, #EXT tags) and ffmpeg warns about non-monotonous DTS; the re-publishing
// burst gets the origin bucket to throttle uploads (slow uploads, 503 SlowDown).
// Healthy medians: segment upload 85 ms, DRM key request 9 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, asctime, epochSeconds, every, hashSeed, healthy, iso, poisson, round, slow, startTime } from "./rng.js";

export function s04StreamingPackagerDiscontinuities(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s04-streaming"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 8, 20, 17, 30));
  const end = start + 2.5 * HOUR;
  const incStart = start + rng.float(0.4, 0.55) * (end - start);
  const restarts: number[] = [];
  {
    let t = incStart;
    for (let i = 0; i < 12; i++) {
      restarts.push(t);
      t += rng.float(1.8, 3.6) * MIN;
    }
  }
  const incEnd = (restarts[restarts.length - 1] ?? incStart) + rng.float(2, 4) * MIN;
  const inInc = (t: number) => t >= incStart && t < incEnd;
  const down = (t: number) => restarts.some((r) => t >= r && t < r + 18 * SEC);

  const pkgHost = `pkg-eu-${rng.int(1, 4)}`;
  const pkgPid = rng.int(800, 3000);
  const bunyan = (t: number, level: number, fields: Record<string, unknown>, msg: string): Record<string, unknown> => ({
    name: "hls-packager",
    hostname: pkgHost,
    pid: pkgPid,
    level,
    ...fields,
    msg,
    time: iso(t),
    v: 0,
  });
  const channels = ["ch-sport-1", "ch-news-24"] as const;
  const renditions = ["v1080p", "v720p", "v540p", "v360p", "a128k"] as const;

  // segment publishing, one line per 6.006 s segment per channel
  for (const ch of channels) {
    let seq = rng.int(40000, 90000);
    let disc = rng.int(0, 4);
    for (let t = start + rng.float(0, 6000); t < end; t += 6006 + rng.float(-40, 120)) {
      seq++;
      if (ch === "ch-sport-1" && down(t)) continue;
      let label: AnomalyType | null = null;
      let up = healthy(rng, 85);
      let segDuration = 6.006;
      if (ch === "ch-sport-1" && restarts.some((r) => t >= r + 18 * SEC && t < r + 24.1 * SEC)) {
        segDuration = round(rng.float(1.2, 5.5), 3);
        disc++;
      }
      if (inInc(t)) {
        const r = rng.next();
        if (r < 0.12) {
          tl.add(
            t,
            bunyan(
              t,
              50,
              {
                channel: ch,
                seq,
                rendition: rng.pick(renditions),
                err: { message: "SlowDown: Please reduce your request rate.", name: "S3ServiceException", code: "SlowDown", statusCode: 503 },
              },
              "segment upload failed",
            ),
            "error",
          );
          continue;
        }
        if (r < 0.5) {
          up = slow(rng, 85, 8, 50);
          label = "performance";
        }
      }
      // a short segment after a restart is a routine template with a value far outside its band
      if (label === null && segDuration !== 6.006) label = "pattern";
      tl.add(
        t,
        bunyan(t, 30, { channel: ch, seq, discontinuitySeq: disc, segDuration, renditions: renditions.length, uploadMs: Math.round(up) }, "segment published"),
        label,
      );
    }
  }
  poisson(rng, start, end, 14 * MIN, (t) => {
    tl.add(t, bunyan(t, 40, { channel: rng.pick(channels), lateMs: rng.int(300, 1400) }, "late segment from encoder"));
  });
  // routine long INFO line, a dozen times
  const ladder = JSON.stringify([
    { id: "v1080p", codec: "avc1.640028", bw: 6000000, res: "1920x1080", fps: 50, gop: 100 },
    { id: "v720p", codec: "avc1.64001f", bw: 3500000, res: "1280x720", fps: 50, gop: 100 },
    { id: "v540p", codec: "avc1.4d401f", bw: 1800000, res: "960x540", fps: 25, gop: 50 },
    { id: "v360p", codec: "avc1.4d401e", bw: 800000, res: "640x360", fps: 25, gop: 50 },
    { id: "a128k", codec: "mp4a.40.2", bw: 128000, channels: 2, lang: "eng" },
  ]);
  every(rng, start, end, 12.5 * MIN, 20 * SEC, (t, i) => {
    const ch = channels[i % 2] ?? "ch-sport-1";
    tl.add(t, bunyan(t, 30, { channel: ch }, `ABR ladder active for ${ch} (drm=cbcs, packaging=fmp4+ts, window=120s, targetDuration=6): ${ladder}`));
  });

  // ---- encoder-supervisor (python-json-logger)
  const enc = (t: number, name: string, levelname: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null) => {
    tl.add(t, { asctime: asctime(t), name, levelname, message, ...extra }, label);
  };
  for (const ch of channels) {
    const ffpid = { v: rng.int(20000, 60000) };
    every(rng, start, end, 30 * SEC, 1 * SEC, (t) => {
      if (ch === "ch-sport-1" && down(t)) return;
      enc(
        t,
        "encsup.stats",
        "INFO",
        "encoder stats",
        {
          channel: ch,
          ffmpeg_pid: ffpid.v,
          fps: ch === "ch-sport-1" ? 50 : 25,
          speed: "1.00x",
          bitrate_kbps: rng.int(11800, 12600),
          drop_frames: rng.int(0, 2),
          dup_frames: rng.int(0, 3),
        },
        null,
      );
    });
    poisson(rng, start, end, 50 * SEC, (t) => {
      enc(
        t,
        "encsup.ffmpeg",
        "WARNING",
        `ffmpeg: Past duration 0.${rng.pick(["999992", "999989", "999998", "999996"])} too large`,
        { channel: ch, ffmpeg_pid: ffpid.v },
        null,
      );
    });
  }
  let attempt = 0;
  for (const r of restarts) {
    attempt++;
    const pid = rng.int(20000, 60000);
    enc(
      r,
      "encsup.supervisor",
      "ERROR",
      "ffmpeg exited with code 1: udp://239.1.1.10:5000?fifo_size=1000000: Input/output error",
      { channel: "ch-sport-1", exit_code: 1, uptime_s: rng.int(90, 210) },
      "error",
    );
    enc(r + rng.float(2, 4) * SEC, "encsup.supervisor", "INFO", `restarting ffmpeg (attempt ${attempt})`, { channel: "ch-sport-1", backoff_s: 2 }, "pattern");
    let prev = rng.int(2_000_000, 9_000_000);
    const n = rng.int(2, 4);
    for (let k = 0; k < n; k++) {
      const t = r + 16 * SEC + k * rng.float(0.2, 0.9) * SEC;
      const cur = prev - rng.int(1, 3600);
      enc(
        t,
        "encsup.ffmpeg",
        "WARNING",
        `ffmpeg: Non-monotonous DTS in output stream 0:${rng.int(0, 1)}; previous: ${prev}, current: ${cur}; changing to ${prev + 1}. This may result in incorrect timestamps in the output file.`,
        { channel: "ch-sport-1", ffmpeg_pid: pid },
        "pattern",
      );
      prev += rng.int(1, 4);
    }
    // the structurally odd INFO line from the packager, once per restart
    const t = r + 19 * SEC + rng.float(0, 3) * SEC;
    const msn = rng.int(40000, 90000);
    const pdt = iso(t - 12 * SEC);
    const m3u8 = [
      "#EXTM3U",
      "#EXT-X-VERSION:6",
      "#EXT-X-TARGETDURATION:6",
      `#EXT-X-MEDIA-SEQUENCE:${msn}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${attempt + 2}`,
      `#EXT-X-PROGRAM-DATE-TIME:${pdt}`,
      "#EXTINF:6.006,",
      `v720p/seg_${msn}.m4s`,
      "#EXT-X-DISCONTINUITY",
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://drm-ks-1/key",KEYFORMAT="com.apple.streamingkeydelivery"',
      `#EXTINF:${round(rng.float(1.2, 5.5), 3)},`,
      `v720p/seg_${msn + 1}.m4s`,
    ].join("\n");
    tl.add(t, bunyan(t, 30, { channel: "ch-sport-1", rendition: "v720p" }, `discontinuity inserted into media playlist:\n${m3u8}\n`), "pattern");
  }

  // ---- drm-keyserver (GELF)
  const gelf = (t: number, level: number, short: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    version: "1.1",
    host: "drm-ks-1",
    short_message: short,
    timestamp: epochSeconds(t, 3),
    level,
    _app: "drm-keyserver",
    ...extra,
  });
  poisson(rng, start, end, 12 * SEC, (t) => {
    tl.add(
      t,
      gelf(t, 6, "key request served", {
        _kid: rng.uuid(),
        _scheme: "cbcs",
        _client: rng.pick([pkgHost, "player-license-proxy"]),
        _took_ms: round(healthy(rng, 9), 2),
      }),
    );
  });
  poisson(rng, start, end, 6 * MIN, (t) => {
    tl.add(t, gelf(t, 4, "key request for unknown kid", { _kid: rng.uuid(), _client: "player-license-proxy", _took_ms: round(healthy(rng, 4), 2) }));
  });
  every(rng, start, end, 30 * MIN, 10 * SEC, (t) => {
    tl.add(t, gelf(t, 6, "key rotation scheduled", { _period: `P${rng.int(1000, 9999)}`, _channels: 2 }));
  });

  return tl.build(
    "streaming-feed-flap-playlist-discontinuities",
    "Live streaming: ch-sport-1's contribution feed flaps, ffmpeg restarts a dozen times, the packager logs odd multi-line M3U8 INFO lines and uploads get throttled; routine long ladder INFO lines recur (Bunyan/python-json-logger/GELF).",
  );
}
