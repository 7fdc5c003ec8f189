// Incident worded as a refusal ("AccessDenied", "not authorized", 403): a Terraform refactor of the media
// bucket's policies dropped s3:PutObject on thumbs/* from the thumbnailer's IAM role. Every thumbnail upload
// is refused, new photos show as broken images (404 at the edge), and the jobs pile up for redrive. Labelled
// error: the refused uploads, the failed jobs, and the edge's 404s for the thumbnails that never arrived.
import { Timeline, around, chance, int, ip, iso, pick, poisson, rngFor, round, uuid, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const SIZES = [320, 640, 1280];

export default function m06(seed: number): Scenario {
  const r = rngFor(seed, "m06");
  const t0 = windowStart(seed, "m06");
  const t1 = t0 + 20 * 60_000;
  const tl = new Timeline();
  const account = String(int(r, 100_000_000_000, 999_999_999_999));
  const instance = `i-0${uuid(r).replace(/-/g, "").slice(0, 16)}`;
  const photo = () => `ph_${int(r, 1_000_000_000, 9_999_999_999)}`;
  const rust = (t: number, level: string, target: string, fields: Record<string, unknown>, span: Record<string, unknown>) => ({
    timestamp: iso(t),
    level,
    fields,
    target,
    span,
    threadId: `ThreadId(${int(r, 2, 9)})`,
  });

  // thumbnailer (Rust tracing JSON): per job one resize, three refused uploads, one failed job.
  poisson(r, t0, t1, 0.45, (t) => {
    const id = photo();
    const job = uuid(r);
    const span = { name: "process_job", job_id: job, photo_id: id };
    tl.add(t, rust(t, "INFO", "thumbnailer::resize", { message: `resized ${id} into 3 variants`, took_ms: Math.round(around(r, 140, 0.3)) }, span));
    let tk = t + int(r, 140, 260);
    for (const size of SIZES) {
      const msg = `upload failed: AccessDenied: User: arn:aws:sts::${account}:assumed-role/thumbnailer-prod/${instance} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::media-prod-eu/thumbs/${id}/${size}.webp" because no identity-based policy allows the s3:PutObject action (status 403)`;
      tl.add(tk, rust(tk, "ERROR", "thumbnailer::upload", { message: msg, size }, span), "error");
      tk += int(r, 20, 60);
    }
    tl.add(tk, rust(tk, "WARN", "thumbnailer::worker", { message: `job failed, leaving message for redrive (receive_count=${int(r, 1, 5)})` }, span), "error");
  });
  // upload-api (pino): originals still upload fine (a different prefix).
  poisson(r, t0, t1, 0.45, (t) => {
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: "upload-api-6f5c-d9x2w",
      name: "upload-api",
      msg: "photo uploaded",
      req: { method: "POST", url: "/v1/photos" },
      res: { statusCode: 201 },
      responseTime: Math.round(around(r, 420, 0.35)),
      bytes: int(r, 900_000, 6_000_000),
    });
  });
  // gallery-edge (nginx log_format escape=json): thumbnails of new photos are missing.
  poisson(r, t0, t1, 0.8, (t) => {
    const missing = chance(r, 0.3);
    const size = pick(r, SIZES);
    const id = missing ? photo() : `ph_${int(r, 1_000_000_000, 9_999_999_999)}`;
    tl.add(
      t,
      {
        time_iso8601: iso(t),
        service: "gallery-edge",
        remote_addr: ip(r, "100.64"),
        request: `GET /t/${id}/${size}.webp HTTP/2.0`,
        status: missing ? 404 : 200,
        body_bytes_sent: missing ? 153 : int(r, 8000, 90_000),
        request_time: round(missing ? around(r, 0.004, 0.3) : around(r, 0.012, 0.3), 3),
        http_user_agent: pick(r, [
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
          "PhotoApp/7.3 (Android 14)",
        ]),
      },
      missing ? "error" : null,
    );
  });
  // feed-api (structlog): ordinary.
  poisson(r, t0, t1, 0.4, (t) => {
    tl.add(t, {
      timestamp: iso(t),
      level: "info",
      event: "feed page served",
      service: "feed-api",
      items: int(r, 10, 30),
      duration_ms: round(around(r, 55, 0.3)),
    });
  });
  return tl.build(
    "m06-thumbnail-access-denied",
    "A policy refactor denies the thumbnailer s3:PutObject (403): every thumbnail upload fails and new photos show broken",
  );
}
