/**
 * transcode-cpu-fallback (holds the rule): video-platform's transcode-worker (Node wrapper,
 * pino, around ffmpeg whose progress lines it passes to stderr every 30 s) encodes uploads on
 * NVENC at five to eight times realtime (4K sources at two to three), six workers on three GPU
 * nodes, fed by job-dispatcher (Go, zap). A quarter in, the GPU of one node falls off the bus
 * (NVRM Xid 79): the job encoding there fails, and from then on both workers on that node fail
 * to open CUDA for every job and fall back to libx264 on the CPU, which encodes at a third of
 * realtime: their progress lines say `speed=0.3x`, their jobs `0.3x realtime`, nothing fails any
 * more and each job takes ten minutes to an hour. Some two-thirds in, the
 * on-call cordons and drains the node; the jobs in flight are requeued, the cluster autoscaler
 * adds a GPU node and two fresh workers start there.
 */
import { hourlyCron, kernel, nodeName, openWindow, replicaPods } from "./common.js";
import { ffmpegProgress, fluentMessage, type KubeMeta, kubeEvent, type PinoSource, pino, pinoHttp, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "transcode-cpu-fallback";
const STATS_PERIOD = 30;

interface Worker {
  k8s: KubeMeta;
  src: PinoSource;
  node: number;
  freeAt: number;
  /** when the worker stops taking jobs (its pod drained), or Infinity */
  goneAt: number;
  /** when the worker starts taking jobs */
  readyAt: number;
}

export function transcodeCpuFallback(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-04-14", 10, 3);
  const failAt = tl.at(rng.float(0.22, 0.28));
  const drainAt = tl.at(rng.float(0.64, 0.7));
  const nodes = [0, 1, 2, 3].map(() => nodeName(rng, "10.60", "eu-central-1"));
  const sick = 1;
  const replacementNode = 3;

  const workers: Worker[] = [];
  const podNames = replicaPods(rng, "transcode-worker", 8);
  const addWorker = (node: number, readyAt: number) => {
    const pod = podNames[workers.length]!;
    workers.push({
      k8s: { pod, namespace: "video", container: "transcode-worker", app: "transcode-worker", host: nodes[node]! },
      src: { hostname: pod, pid: 1, name: "transcode-worker" },
      node,
      freeAt: readyAt,
      goneAt: Number.POSITIVE_INFINITY,
      readyAt,
    });
  };
  for (const n of [0, 0, 1, 1, 2, 2]) addWorker(n, start);
  for (const w of workers) if (w.node === sick) w.goneAt = drainAt;
  const replacementAt = drainAt + rng.int(200, 330) * SECOND;
  addWorker(replacementNode, replacementAt + rng.int(20, 40) * SECOND);
  addWorker(replacementNode, replacementAt + rng.int(20, 40) * SECOND);

  const gpuDead = (w: Worker, t: number): boolean => w.node === sick && t >= failAt;
  const hexAddr = () => `0x${rng.hex(12).replace(/^./, "5")}`;

  // the dispatcher and the queue: jobs arrive, each goes to the worker free first
  const queue: { id: string; arrived: number; media: number; uhd: boolean; video: string }[] = [];
  for (const a of arrivals(rng, start, end, 2.1, shape, 1.2)) {
    const uhd = rng.chance(0.18);
    queue.push({ id: `job_${rng.alnum(10)}`, arrived: a, media: Math.min(1800, Math.max(25, rng.logNormal(210, 0.7))), uhd, video: `vid_${rng.alnum(11)}` });
  }
  const dispatcherPod = rng.pod("job-dispatcher");
  let depth = 0;
  for (let qi = 0; qi < queue.length; qi++) {
    const job = queue[qi]!;
    const candidates = workers.filter((w) => w.goneAt > Math.max(job.arrived, w.freeAt) + 1000);
    if (candidates.length === 0) continue;
    const w = candidates.reduce((best, c) => (Math.max(job.arrived, c.freeAt) < Math.max(job.arrived, best.freeAt) ? c : best));
    const begin = Math.max(job.arrived, w.freeAt) + rng.int(50, 400);
    if (begin > end) break;
    const wait = begin - job.arrived;
    depth = queue.filter((j) => j.arrived <= begin).length - qi - 1;
    tl.add(
      begin,
      zap(begin, "info", "dispatcher", "dispatch/loop.go:131", "dispatched job", {
        service: "job-dispatcher",
        job_id: job.id,
        worker: w.k8s.pod,
        queue_wait_ms: wait,
        queue_depth: Math.max(0, depth),
        pod: dispatcherPod,
      }),
      wait > 4 * MINUTE ? "performance" : null,
    );
    const log = (t: number, level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown>, label: AnomalyType | null = null) =>
      tl.add(t, pino(t, w.src, level, msg, { jobId: job.id, videoId: job.video, ...fields }), label);
    const ff = (t: number, line: string, label: AnomalyType | null) => tl.add(t, fluentMessage(t, line, w.k8s, "stderr"), label);
    let t = begin + rng.int(100, 400);
    log(t, "info", "job started", {
      input: `s3://vp-uploads/${job.video}/source.mp4`,
      durationSec: Number(job.media.toFixed(2)),
      ladder: ["1080p", "720p", "480p"],
    });
    let cpu = gpuDead(w, t);
    const gpuSpeed = job.uhd ? rng.logNormal(2.6, 0.1) : rng.logNormal(6.4, 0.12);
    let speed = cpu ? rng.logNormal(0.31, 0.12) : gpuSpeed;
    if (cpu) {
      const pid = rng.int(200, 9000);
      ff(t + 180, `[AVHWDeviceContext @ ${hexAddr()}] cu->cuInit(0) failed -> CUDA_ERROR_UNKNOWN: unknown error`, "error");
      ff(t + 181, "Device creation failed: -542398533.", "error");
      ff(t + 182, `[vist#0:0/h264 @ ${hexAddr()}] [dec:h264 @ ${hexAddr()}] No device available for decoder: device type cuda needed for codec h264.`, "error");
      tl.add(t + 150, kernel(t + 150, nodes[sick]!, "err", "NVRM: GPU 0000:00:1e.0: RmInitAdapter failed! (0x26:0xffff:1482)"), "pattern");
      tl.add(t + 151, kernel(t + 151, nodes[sick]!, "err", "NVRM: GPU 0000:00:1e.0: rm_init_adapter failed, device minor number 0"), "pattern");
      log(t + 240, "warn", "NVENC unavailable, falling back to libx264", { exitCode: 1, ffmpegPid: pid, preset: "veryfast" }, "error");
      t += 300;
    }
    const bitrate = job.uhd ? rng.float(9000, 12000) : rng.float(4200, 5600);
    // encode; the GPU may fall off the bus mid-job, the pod may be drained
    let wall = job.media / speed;
    let cutAt = Number.POSITIVE_INFINITY;
    if (!cpu && w.node === sick && t < failAt && t + wall * 1000 > failAt) cutAt = failAt;
    if (t + wall * 1000 > w.goneAt) cutAt = Math.min(cutAt, w.goneAt);
    const jobEnd = Math.min(t + wall * 1000, cutAt);
    for (let k = 1; t + k * STATS_PERIOD * 1000 < jobEnd; k++) {
      const at = t + k * STATS_PERIOD * 1000 + rng.int(0, 60);
      const s = speed * rng.float(0.97, 1.03);
      const media = Math.min(job.media, s * k * STATS_PERIOD);
      ff(
        at,
        ffmpegProgress(Math.round(media * 30), s * 30, rng.float(24, 31), (media * bitrate) / 8, media, bitrate * rng.float(0.95, 1.05), s),
        cpu ? "performance" : null,
      );
    }
    if (cutAt === failAt) {
      // the GPU falls off the bus under this job
      ff(failAt + 20, `[h264_nvenc @ ${hexAddr()}] Failed locking bitstream buffer: unknown error (999)`, "error");
      ff(failAt + 21, "[vost#0:0/h264_nvenc @ 0x0] Error submitting video frame to the encoder", "error");
      ff(failAt + 22, "Conversion failed!", "error");
      log(failAt + 60, "error", "ffmpeg exited with code 1", { stage: "encode", ladder: "1080p" }, "error");
      // the worker retries the job at once, on the CPU
      cpu = true;
      speed = rng.logNormal(0.31, 0.12);
      t = failAt + 400;
      log(t, "warn", "NVENC unavailable, falling back to libx264", { exitCode: 1, preset: "veryfast", retry: 1 }, "error");
      wall = job.media / speed;
      const retryEnd = Math.min(t + wall * 1000, w.goneAt);
      for (let k = 1; t + k * STATS_PERIOD * 1000 < retryEnd; k++) {
        const at = t + k * STATS_PERIOD * 1000 + rng.int(0, 60);
        const s = speed * rng.float(0.97, 1.03);
        const media = Math.min(job.media, s * k * STATS_PERIOD);
        ff(at, ffmpegProgress(Math.round(media * 30), s * 30, rng.float(20, 26), (media * bitrate) / 8, media, bitrate, s), "performance");
      }
      cutAt = t + wall * 1000 > w.goneAt ? w.goneAt : Number.POSITIVE_INFINITY;
    }
    if (Number.isFinite(cutAt) && cutAt === w.goneAt) {
      // drained: SIGTERM, the job goes back to the queue
      log(w.goneAt + 200, "warn", "SIGTERM received, requeueing job", { progressSec: Number((((w.goneAt - t) / 1000) * speed).toFixed(1)) });
      const again = { ...job, arrived: w.goneAt + 1000 };
      let j = qi + 1;
      while (j < queue.length && queue[j]!.arrived <= again.arrived) j++;
      queue.splice(j, 0, again);
      w.freeAt = Number.POSITIVE_INFINITY;
      continue;
    }
    const finish = t + Math.round(wall * 1000);
    const finalFrames = Math.round(job.media * 30);
    ff(finish - 5, ffmpegProgress(finalFrames, speed * 30, -1, (job.media * bitrate) / 8, job.media, bitrate, speed), cpu ? "performance" : null);
    ff(
      finish - 4,
      `video:${Math.round((job.media * bitrate * 0.97) / 8)}kB audio:${Math.round((job.media * 128) / 8)}kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: ${rng.float(0.3, 0.7).toFixed(6)}%`,
      null,
    );
    log(
      finish,
      "info",
      `transcoded ${job.media.toFixed(1)}s of video in ${wall.toFixed(1)}s (${speed.toFixed(2)}x realtime)`,
      { encoder: cpu ? "libx264" : "h264_nvenc" },
      cpu ? "performance" : null,
    );
    const up = finish + rng.int(900, 4000);
    log(up, "info", "renditions uploaded", { renditions: 3, bytes: Math.round(job.media * bitrate * 1.9 * 125), bucket: "vp-renditions" });
    w.freeAt = up + rng.int(100, 500);
  }

  // the dispatcher's queue stats every minute
  for (let t = start + rng.int(0, 59) * SECOND; t < end; t += MINUTE + rng.int(0, 20)) {
    const live = workers.filter((w) => w.readyAt <= t && w.goneAt > t);
    const busy = Math.min(live.length, rng.int(1, 4) + (t >= failAt && t < drainAt ? 2 : 0));
    tl.add(
      t,
      zap(t, "info", "dispatcher", "dispatch/stats.go:44", "queue stats", {
        service: "job-dispatcher",
        pending: rng.chance(0.8) ? 0 : rng.int(1, 3),
        running: busy,
        workers: live.length,
        pod: dispatcherPod,
      }),
    );
  }

  // the GPU falls off the bus
  tl.add(
    failAt,
    kernel(failAt, nodes[sick]!, "err", `NVRM: Xid (PCI:0000:00:1e): 79, pid=${rng.int(3000, 30000)}, name=ffmpeg, GPU has fallen off the bus.`),
    "pattern",
  );
  tl.add(failAt + 1, kernel(failAt + 1, nodes[sick]!, "err", "NVRM: GPU 0000:00:1e.0: GPU has fallen off the bus."), "pattern");
  tl.add(
    failAt + 2,
    kernel(failAt + 2, nodes[sick]!, "err", `NVRM: GPU 0000:00:1e.0: GPU serial number is ${rng.int(1_320_000_000_000, 1_329_999_999_999)}.`),
    "pattern",
  );

  // the on-call cordons and drains the node; the autoscaler adds one
  const nodeObj = { kind: "Node", name: nodes[sick]!, namespace: "" };
  tl.add(
    drainAt - 20 * SECOND,
    kubeEvent(
      drainAt - 20 * SECOND,
      "Normal",
      "NodeNotSchedulable",
      `Node ${nodes[sick]} status is now: NodeNotSchedulable`,
      nodeObj,
      { component: "kubelet", host: nodes[sick]! },
      rng.uuid(),
    ),
  );
  for (const w of workers.filter((x) => x.node === sick)) {
    tl.add(
      drainAt,
      kubeEvent(
        drainAt,
        "Normal",
        "Killing",
        "Stopping container transcode-worker",
        { kind: "Pod", name: w.k8s.pod, namespace: "video", fieldPath: "spec.containers{transcode-worker}" },
        { component: "kubelet", host: nodes[sick]! },
        rng.uuid(),
      ),
    );
  }
  const scaleUp = drainAt + rng.int(10, 30) * SECOND;
  tl.add(
    scaleUp,
    kubeEvent(
      scaleUp,
      "Normal",
      "TriggeredScaleUp",
      "pod triggered scale-up: [{eks-gpu-g4dn-xlarge-20260301 3->4 (max: 6)}]",
      { kind: "Pod", name: workers[6]!.k8s.pod, namespace: "video" },
      { component: "cluster-autoscaler" },
      rng.uuid(),
    ),
  );
  for (const w of workers.filter((x) => x.node === replacementNode)) {
    tl.add(w.readyAt, pino(w.readyAt, w.src, "info", "worker ready", { encoder: "h264_nvenc", gpu: "Tesla T4", driver: "535.161.08" }));
  }

  // the upload API: uploads and status polls
  const apiPods = replicaPods(rng, "upload-api", 2);
  let seq = rng.int(1000, 9000);
  for (const s of arrivals(rng, start, end, 4, shape, 1.2)) {
    const pod = rng.pick(apiPods);
    const post = rng.chance(0.3);
    const took = post ? rng.logNormal(420, 0.5) : rng.logNormal(9, 0.4);
    const url = post ? "/v1/uploads" : `/v1/videos/vid_${rng.alnum(11)}/status`;
    seq += rng.int(1, 9);
    tl.add(
      s + Math.round(took),
      pinoHttp(
        s + Math.round(took),
        { hostname: pod, pid: 1, name: "upload-api" },
        { id: `req-${seq}`, method: post ? "POST" : "GET", url, remoteAddress: rng.clientIp(), host: "upload.video.example" },
        post ? 201 : 200,
        took,
      ),
    );
  }

  hourlyCron(rng, tl, nodes.slice(0, 3));
  return tl.build(
    NAME,
    "a quarter in, the GPU of one transcode node falls off the bus (Xid 79): the job there fails, and both workers on the node fall back to libx264 for every job, encoding at 0.3x realtime where NVENC runs at 5 to 8x, until the node is drained two-thirds in and a new GPU node takes over",
  );
}
