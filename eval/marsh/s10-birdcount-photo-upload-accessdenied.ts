// s10 birdcount-photo-upload-accessdenied
//
// A citizen-science bird count weekend. The app posts checklists to obs-api (FastAPI,
// structlog JSON) through an Envoy edge (JSON access log). Photos are stored by obs-api in
// an S3 bucket; a bucket-policy change deployed the evening before (outside the window) denies
// the service role s3:PutObject, so from the first minute every photo upload fails: obs-api
// logs an ERROR with botocore's AccessDenied (S3 answered 403) and finishes the request with
// 502, Envoy logs the 502, and the app retries each photo up to twice. Text-only checklists,
// species search and the leaderboard are healthy; photo-moderation (Celery, text lines in
// Docker envelopes) keeps working through a queue of older photos and then idles.
// No recovery in the window. About a third of the lines are labelled.
//
// Healthy bands:
//   obs-api / envoy POST /v1/checklists 201 duration median 90 ms
//   POST /v1/checklists/<id>/photos 201 duration median 420 ms (upload to S3)
//   GET /v1/species/search median 35 ms; GET /v1/leaderboard median 60 ms
//   photo-moderation classify_photo succeeded in median 1.2 s; "queue empty" poll lines are routine
// Labels: obs-api "photo upload failed" ERROR, its 502 "request finished" line and Envoy's
// 502 = error. Everything else null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, deploymentPods, isoMs, isoUs, pyAsctime, round, ticks, type Label } from "./util.js";

const NAME = "birdcount-photo-upload-accessdenied";

export function birdcountPhotoUploadAccessdenied(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 1, 14, 8, 30) + r.int(0, 90) * MIN + r.int(0, 59) * SEC;
  const dur = 70 * MIN;
  const end = start + dur;
  const obsPods = deploymentPods(r, "obs-api", 3);
  const obsIps = obsPods.map(() => `10.12.${r.int(1, 8)}.${r.int(2, 250)}`);
  const leaderIp = `10.12.${r.int(1, 8)}.${r.int(2, 250)}`;
  const envoyPod = deploymentPods(r, "edge-envoy", 1)[0] ?? "edge-envoy";
  const uas = ["BirdCount/3.8.1 (Android 14; Pixel 8)", "BirdCount/3.8.1 (iOS 17.3)", "BirdCount/3.8.0 (Android 13; SM-G991B)", "BirdCount/3.8.1 (iOS 16.7.5)"];
  const bucket = "birdcount-prod-observation-photos";

  const envoy = (
    t: number,
    method: string,
    path: string,
    code: number,
    durMs: number,
    rx: number,
    tx: number,
    upstream: string,
    cluster: string,
    label: Label,
  ): void => {
    tl.add(
      t,
      {
        start_time: isoMs(t - durMs),
        method,
        path,
        protocol: "HTTP/2",
        response_code: code,
        response_flags: "-",
        bytes_received: rx,
        bytes_sent: tx,
        duration: Math.round(durMs),
        upstream_service_time: String(Math.max(1, Math.round(durMs - r.float(0.5, 2)))),
        x_forwarded_for: `${r.pick(["73.12", "24.5", "98.207", "174.63", "67.161"])}.${r.int(1, 254)}.${r.int(1, 254)}`,
        user_agent: r.pick(uas),
        request_id: r.uuid(),
        authority: "api.birdcount.example.org",
        upstream_host: upstream,
        upstream_cluster: cluster,
        pod: envoyPod,
        service: "edge-envoy",
      },
      label,
    );
  };
  const slog = (t: number, level: string, event: string, fields: Record<string, unknown>, label: Label): void => {
    tl.add(t, { event, level, timestamp: isoUs(t), logger: "obs_api.http", service: "obs-api", ...fields }, label);
  };

  // Text-only checklists
  const weekend = (t: number): number => 1 + 0.35 * Math.sin(((t - start) / dur) * Math.PI);
  for (const t of arrivals(r, start, end, (t) => 13 * weekend(t), 18)) {
    const i = r.int(0, obsPods.length - 1);
    const ms = r.healthy(90);
    const rid = r.uuid();
    slog(
      t + ms,
      "info",
      "request finished",
      { method: "POST", path: "/v1/checklists", status_code: 201, duration_ms: round(ms, 2), request_id: rid, species_count: r.int(1, 34), pod: obsPods[i] },
      null,
    );
    envoy(t + ms + 1, "POST", "/v1/checklists", 201, ms + r.float(0.5, 2), r.int(800, 6000), r.int(90, 140), `${obsIps[i]}:8000`, "obs-api", null);
  }
  // Photo uploads: every one fails; the app retries twice with backoff
  for (const t0 of arrivals(r, start, end, (t) => 3.4 * weekend(t), 5)) {
    const checklist = r.int(5_100_000, 5_299_999);
    const photo = r.uuid();
    const size = r.int(900_000, 4_800_000);
    let t = t0;
    const tries = r.weighted([
      [1, 0.2],
      [2, 0.15],
      [3, 0.65],
    ] as const);
    for (let a = 0; a < tries && t < end; a++) {
      const i = r.int(0, obsPods.length - 1);
      const rid = r.uuid();
      const ms = r.healthy(140); // the PUT is refused quickly after the body is received
      const key = `photos/2026/02/${checklist}/${photo}.jpg`;
      slog(
        t + ms - 2,
        "error",
        "photo upload failed",
        {
          request_id: rid,
          checklist_id: checklist,
          bucket,
          key,
          error_code: "AccessDenied",
          http_status: 403,
          exception:
            "Traceback (most recent call last):\n" +
            '  File "/app/obs_api/photos.py", line 64, in store_photo\n    await s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="image/jpeg")\n' +
            '  File "/usr/local/lib/python3.12/site-packages/aiobotocore/client.py", line 412, in _make_api_call\n    raise error_class(parsed_response, operation_name)\n' +
            "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied",
          pod: obsPods[i],
        },
        "error",
      );
      slog(
        t + ms,
        "info",
        "request finished",
        { method: "POST", path: `/v1/checklists/${checklist}/photos`, status_code: 502, duration_ms: round(ms, 2), request_id: rid, pod: obsPods[i] },
        "error",
      );
      envoy(t + ms + 1, "POST", `/v1/checklists/${checklist}/photos`, 502, ms + r.float(0.5, 2), size, 112, `${obsIps[i]}:8000`, "obs-api", "error");
      t += ms + (a === 0 ? r.float(4, 9) : r.float(25, 40)) * SEC;
    }
  }
  // Species search and leaderboard (healthy)
  for (const t of arrivals(r, start, end, () => 9, 9)) {
    const i = r.int(0, obsPods.length - 1);
    const ms = r.healthy(35);
    const q = r.pick(["card", "chick", "junco", "wren", "spar", "finch", "hawk", "wood", "titm", "blue"]);
    slog(
      t + ms,
      "info",
      "request finished",
      { method: "GET", path: "/v1/species/search", query: q, status_code: 200, duration_ms: round(ms, 2), request_id: r.uuid(), pod: obsPods[i] },
      null,
    );
    envoy(t + ms + 1, "GET", `/v1/species/search?q=${q}`, 200, ms + r.float(0.5, 2), 0, r.int(900, 4000), `${obsIps[i]}:8000`, "obs-api", null);
  }
  for (const t of arrivals(r, start, end, () => 5, 5)) {
    envoy(
      t,
      "GET",
      `/v1/leaderboard?region=${r.pick(["US-NY", "US-CA", "US-TX", "CA-ON", "US-MI", "US-PA"])}`,
      200,
      r.healthy(60),
      0,
      r.int(2000, 9000),
      `${leaderIp}:8080`,
      "leaderboard",
      null,
    );
  }

  // photo-moderation: drains older photos, then idles (Celery text lines in Docker json-file)
  const modContainer = `photo-moderation-${r.hex(12)}`;
  const modLine = (t: number, text: string): void => {
    tl.add(
      t,
      {
        log: `${text}\n`,
        stream: "stderr",
        time: `${isoMs(t).slice(0, 23)}${String(Math.floor(t * 1000) % 1000).padStart(3, "0")}Z`,
        container_name: modContainer,
        service: "photo-moderation",
      },
      null,
    );
  };
  let backlog = r.int(60, 110);
  let tm = start + r.float(1, 10) * SEC;
  while (backlog > 0 && tm < end) {
    const id = r.uuid();
    const s = r.healthy(1.2);
    modLine(tm, `[${pyAsctime(tm)}: INFO/MainProcess] Task moderation.tasks.classify_photo[${id}] received`);
    modLine(
      tm + s * 1000,
      `[${pyAsctime(tm + s * 1000)}: INFO/ForkPoolWorker-${r.int(1, 4)}] Task moderation.tasks.classify_photo[${id}] succeeded in ${s.toFixed(3)}s: {'label': '${r.pick(["bird", "bird", "bird", "feeder", "blurry"])}', 'nsfw': False}`,
    );
    tm += s * 1000 + r.float(2, 25) * SEC;
    backlog--;
  }
  // the worker's beat schedule: a housekeeping task every 5 minutes all along
  for (const tb of ticks(r, start, end, 5 * MIN, 2 * SEC, r.float(0, 300) * SEC)) {
    const id = r.uuid();
    modLine(tb, `[${pyAsctime(tb)}: INFO/MainProcess] Task moderation.tasks.purge_rejected[${id}] received`);
    const s = r.healthy(0.3);
    modLine(tb + s * 1000, `[${pyAsctime(tb + s * 1000)}: INFO/ForkPoolWorker-1] Task moderation.tasks.purge_rejected[${id}] succeeded in ${s.toFixed(3)}s: 0`);
  }

  return tl.build(
    NAME,
    "Bird-count weekend: a bucket-policy change denies PutObject, so every photo upload fails from the first minute (ERROR AccessDenied/403, 502 in obs-api and Envoy, app retries) while checklists, search and leaderboard stay healthy; no recovery.",
  );
}
