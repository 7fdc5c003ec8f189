// A video transcoding farm exported from Graylog (message, timestamp, source = the host, numeric
// syslog `level`, the GELF extras as plain fields). Two faults run evenly through the whole
// window, with no onset: one partner uploads files whose moov atom is missing, so their jobs
// fail at probe, and one GPU node has its memory held by a stuck process, so NVENC cannot open a
// session there and its jobs crawl on the CPU encoder.
import type { Scenario } from "../blind/types.js";
import { Incident, iso, type Label, MIN, rngFor, SEC, startTime } from "./kit.js";

export function transcodeSpreadFaults(seed: number): Scenario {
  const name = "video-transcode-spread-faults";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A transcoding farm with two faults spread evenly over the window: one partner's corrupt uploads fail at probe and one GPU node's NVENC runs out of memory so its jobs crawl on the CPU; Graylog export",
  );
  const t0 = startTime(rng);
  const span = rng.int(160, 190) * MIN;
  const end = t0 + span;
  const hosts = ["transcode-gpu-01", "transcode-gpu-02", "transcode-gpu-03", "transcode-gpu-04", "transcode-gpu-05", "transcode-gpu-06"];
  const sick = rng.pick(hosts);
  const ulid = (): string => rng.alnum(26, "0123456789ABCDEFGHJKMNPQRSTVWXYZ");

  const g = (t: number, host: string, level: number, message: string, label: Label, extra: Record<string, unknown> = {}): void => {
    inc.add(
      t,
      { message, timestamp: iso(t), source: host, level, facility: "transcoder", gl2_message_id: ulid(), streams: ["5f3c1a2b9e0d7c4a1b2c3d4e"], ...extra },
      label,
    );
  };

  // GPU telemetry once a minute from every node.
  for (const h of hosts) {
    const held = h === sick;
    for (let t = t0 + rng.int(0, 59) * SEC; t < end; t += MIN) {
      const mem = held ? rng.float(15.6, 15.95) : rng.float(2.2, 9.5);
      g(
        t,
        h,
        6,
        `gpu0 util=${held ? rng.int(0, 6) : rng.int(35, 92)}% mem=${mem.toFixed(1)}/16.0GiB enc_sessions=${held ? 0 : rng.int(1, 3)} temp=${rng.int(48, 74)}C`,
        held ? "memory" : null,
        { gpu_mem_used_mb: Math.round(mem * 1024), gpu_mem_total_mb: 16384 },
      );
    }
  }

  for (const h of hosts) {
    let t = t0 + rng.int(0, 300) * SEC;
    while (t < end) {
      const job = `tj_${rng.alnum(12, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
      const partner = rng.weighted([
        ["partner-acme", 14],
        ["partner-northwind", 20],
        ["partner-globex", 16],
        ["studio-upload", 20],
        ["ugc", 30],
      ] as const);
      const key = `s3://media-ingest/${partner}/${iso(t).slice(0, 10)}/${rng.hex(12)}.${rng.pick(["mp4", "mov", "mxf"])}`;
      const ex = { job_id: job, partner };
      g(t, h, 6, `job accepted: ${job} input=${key} ladder=1080p,720p,480p,360p`, null, ex);
      // One in three of acme's files are cut short by their uploader.
      if (partner === "partner-acme" && rng.chance(0.35)) {
        g(
          t + rng.int(400, 2500),
          h,
          3,
          `ffprobe failed for ${key}: [mov,mp4,m4a,3gp,3g2,mj2 @ 0x55${rng.hex(10)}] moov atom not found\n${key.split("/").pop()}: Invalid data found when processing input`,
          "error",
          ex,
        );
        g(t + rng.int(2600, 3000), h, 3, `job failed: ${job} stage=probe error="input unreadable (ffprobe exit status 1)" retries=0`, "error", ex);
        t += rng.int(20, 90) * SEC;
        continue;
      }
      const durS = rng.int(90, 1500);
      const hh = Math.floor(durS / 3600);
      const mm = Math.floor((durS % 3600) / 60);
      const ss = durS % 60;
      g(
        t + rng.int(400, 2500),
        h,
        6,
        `probe ok: Duration: ${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}.${rng.int(10, 99)}, start: 0.000000, bitrate: ${rng.int(3000, 25000)} kb/s; Stream #0:0: Video: h264 (High), yuv420p, 1920x1080, ${rng.pick([24, 25, 30, 60])} fps; Stream #0:1: Audio: aac (LC), 48000 Hz, stereo`,
        null,
        ex,
      );
      let tt = t + 3 * SEC;
      const cpu = h === sick;
      if (cpu) {
        g(tt, h, 3, `[h264_nvenc @ 0x55${rng.hex(10)}] OpenEncodeSessionEx failed: out of memory (10): (no details)`, "memory", ex);
        g(
          tt + 5,
          h,
          3,
          "Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height",
          "error",
          ex,
        );
        g(tt + 40, h, 4, `nvenc unavailable on ${h}, falling back to libx264 preset=veryfast for ${job}`, "memory", ex);
        tt += SEC;
      }
      // The window ends with jobs still running: their lines stop where the export stops.
      let finished = true;
      for (const r of ["1080p", "720p", "480p", "360p"]) {
        if (tt >= end) {
          finished = false;
          break;
        }
        const speed = cpu
          ? rng.float(0.18, 0.45) * (r === "1080p" ? 1 : r === "720p" ? 2 : 3.5)
          : rng.float(3.5, 9) * (r === "1080p" ? 1 : r === "720p" ? 1.8 : 3);
        const wall = (durS / speed) * SEC;
        const fps = Math.round(speed * 30);
        for (let p = 30 * SEC; p < wall && tt + p < end; p += 30 * SEC) {
          const done = Math.min(durS, (p / SEC) * speed);
          const crawling = cpu && speed < 1;
          g(
            tt + p,
            h,
            6,
            `[${r}] frame=${Math.round(done * 30)} fps=${fps} q=${rng.int(21, 29)}.0 size=${Math.round(done * rng.int(150, 700))}kB time=${new Date(done * 1000).toISOString().slice(11, 22)} bitrate=${rng.int(800, 6000)}.0kbits/s speed=${speed.toFixed(3)}x`,
            crawling ? "performance" : null,
            ex,
          );
        }
        if (!cpu && rng.chance(0.15))
          g(
            tt + wall / 2,
            h,
            4,
            `[mp4 @ 0x55${rng.hex(10)}] Non-monotonous DTS in output stream 0:1; previous: ${rng.int(100000, 900000)}, current: ${rng.int(100000, 900000)}; changing to ${rng.int(100000, 900000)}. This may result in incorrect timestamps in the output file.`,
            null,
            ex,
          );
        tt += wall + rng.int(1, 4) * SEC;
        if (tt >= end) {
          finished = false;
          break;
        }
        g(tt, h, 6, `[${r}] rendition done: ${Math.ceil(durS / 6)} segments, ${rng.float(20, 900).toFixed(1)} MB`, cpu && speed < 1 ? "performance" : null, ex);
      }
      if (!finished) break;
      g(tt + 2 * SEC, h, 6, `uploaded ${Math.ceil(durS / 6) * 4} segments and master.m3u8 to s3://media-vod/${job}/`, null, ex);
      const took = (tt + 2 * SEC - t) / 1000;
      g(
        tt + 3 * SEC,
        h,
        6,
        `job complete: ${job} in ${took.toFixed(1)}s (realtime factor ${(durS / took).toFixed(2)}x)`,
        durS / took < 1 ? "performance" : null,
        ex,
      );
      t = tt + rng.int(5, 40) * SEC;
    }
  }
  return inc.finish();
}
