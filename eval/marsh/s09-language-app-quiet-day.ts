// s09 language-app-quiet-day   (healthy: routine noise only, every label null)
//
// Three ordinary hours of a language-learning app. lesson-api (python-json-logger) serves
// lessons and answers; pronunciation-scorer (Go log/slog JSON, elapsed as int nanoseconds)
// logs an ERROR for every clip shorter than 500 ms (children tapping the mic: ~15 % of its
// lines) and a WARN for noisy rooms (~10 %), as it does every day; auth-svc (Bunyan) warns
// on wrong passwords; streak-worker is a Celery worker on GKE whose plain-text lines go to
// stderr and so arrive in Cloud Logging with severity ERROR, all day, although they report
// success; push-notifier (OpenTelemetry OTLP/JSON log records) prunes unregistered device
// tokens at a steady ~12 % and sends a burst of streak reminders at the top of every hour.
// Nothing is wrong. Every line is null.
//
// Healthy bands:
//   lesson-api duration_ms: GET lesson median 45, POST answers 70 (409 stale version ~2 %),
//     GET course path 110, GET streak 25
//   pronunciation-scorer "scored utterance" elapsed median 160 ms; "audio too short" ERROR
//     13-17 % of its lines; "low signal-to-noise" WARN ~10 %
//   auth-svc login ok / login failed (level 40) ~8 % of logins
//   streak-worker: recompute_streak succeeded in median 0.40 s; severity ERROR (stderr) always
//   push-notifier: latency_ms median 85 (FCM), 110 (APNs); UNREGISTERED WARN ~12 %; hourly burst x4 for ~3 min
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, deploymentPods, epochNs, isoMs, isoNs, isoUs, pyAsctime, round } from "./util.js";

const NAME = "language-app-quiet-day";

export function languageAppQuietDay(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 4, 11, 15, 0) + r.int(0, 120) * MIN + r.int(0, 59) * SEC;
  const dur = 3 * 60 * MIN;
  const end = start + dur;
  const langs = ["es", "fr", "de", "it", "ja", "pt", "ko", "nl"];
  const lessonPods = deploymentPods(r, "lesson-api", 3);
  const scorerPods = deploymentPods(r, "pronunciation-scorer", 2);
  const authPods = deploymentPods(r, "auth-svc", 2);
  const workerPods = deploymentPods(r, "streak-worker", 2);
  const pushPods = deploymentPods(r, "push-notifier", 2);
  const evening = (t: number): number => 1 + 0.25 * ((t - start) / dur);

  // lesson-api
  for (const t of arrivals(r, start, end, (t) => 11 * evening(t), 14)) {
    const lang = r.pick(langs);
    const op = r.weighted([
      ["lesson", 30],
      ["answer", 40],
      ["path", 12],
      ["streak", 18],
    ] as const);
    let method = "GET";
    let path = "";
    let status = 200;
    let ms = 0;
    if (op === "lesson") {
      path = `/v3/lessons/${lang}-${r.int(100, 999)}-${r.int(1, 12)}`;
      ms = r.healthy(45);
    } else if (op === "answer") {
      method = "POST";
      path = `/v3/lessons/${lang}-${r.int(100, 999)}-${r.int(1, 12)}/answers`;
      ms = r.healthy(70);
      status = r.chance(0.02) ? 409 : 201;
    } else if (op === "path") {
      path = `/v3/courses/${lang}/path`;
      ms = r.healthy(110);
    } else {
      path = "/v3/me/streak";
      ms = r.healthy(25);
    }
    tl.add(t + ms, {
      asctime: pyAsctime(t + ms),
      levelname: status === 409 ? "WARNING" : "INFO",
      name: "lesson_api.http",
      message: status === 409 ? "answer rejected: lesson version is stale" : "request finished",
      method,
      path,
      status,
      duration_ms: round(ms, 1),
      user: `u${r.int(1_000_000, 9_999_999)}`,
      pod: r.pick(lessonPods),
      service: "lesson-api",
    });
  }

  // pronunciation-scorer (slog JSON)
  for (const t of arrivals(r, start, end, (t) => 8 * evening(t), 10)) {
    const lang = r.pick(langs);
    const pod = r.pick(scorerPods);
    const kind = r.weighted([
      ["ok", 75],
      ["short", 15],
      ["snr", 10],
    ] as const);
    if (kind === "short") {
      const ms = r.healthy(4);
      const clip = r.int(120, 480);
      tl.add(t + ms, {
        time: isoNs(t + ms),
        level: "ERROR",
        msg: "scoring failed",
        err: `audio too short: ${clip}ms < 500ms minimum`,
        lang,
        clip_ms: clip,
        elapsed: Math.round(ms * 1e6),
        pod,
        service: "pronunciation-scorer",
      });
    } else {
      const ms = r.healthy(160);
      if (kind === "snr") {
        tl.add(t + ms - 1, {
          time: isoNs(t + ms - 1),
          level: "WARN",
          msg: "low signal-to-noise ratio, score confidence reduced",
          snr_db: round(r.float(3, 9.5), 1),
          lang,
          pod,
          service: "pronunciation-scorer",
        });
      }
      tl.add(t + ms, {
        time: isoNs(t + ms),
        level: "INFO",
        msg: "scored utterance",
        lang,
        phonemes: r.int(6, 28),
        score: round(r.float(0.35, 0.98), 2),
        elapsed: Math.round(ms * 1e6),
        pod,
        service: "pronunciation-scorer",
      });
    }
  }

  // auth-svc (Bunyan)
  for (const t of arrivals(r, start, end, () => 4, 4)) {
    const pod = r.pick(authPods);
    const fail = r.chance(0.08);
    const ms = r.healthy(fail ? 95 : 110);
    tl.add(t + ms, {
      name: "auth-svc",
      hostname: pod,
      pid: 1,
      level: fail ? 40 : 30,
      msg: fail ? "login failed: invalid credentials" : "login ok",
      method: r.pick(["password", "password", "google", "apple"]),
      status: fail ? 401 : 200,
      took_ms: round(ms, 1),
      time: isoMs(t + ms),
      v: 0,
    });
  }

  // streak-worker: Celery text lines on stderr, Cloud Logging severity ERROR
  const gcp = (t: number, text: string, pod: string): void => {
    tl.add(t, {
      textPayload: text,
      insertId: r.chars(16, "abcdefghijklmnopqrstuvwxyz0123456789"),
      resource: {
        type: "k8s_container",
        labels: {
          project_id: "lingoleap-prod",
          location: "europe-west1",
          cluster_name: "prod-euw1",
          namespace_name: "workers",
          pod_name: pod,
          container_name: "worker",
        },
      },
      timestamp: isoUs(t),
      severity: "ERROR",
      labels: {
        "k8s-pod/app": "streak-worker",
        "compute.googleapis.com/resource_name": `gke-prod-euw1-pool-2-${r.hex(8)}-${r.chars(4, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
      },
      logName: "projects/lingoleap-prod/logs/stderr",
      receiveTimestamp: isoNs(t + r.float(400, 2500)),
    });
  };
  for (const t of arrivals(r, start, end, () => 2.4, 2.4)) {
    const pod = r.pick(workerPods);
    const id = r.uuid();
    const task = r.weighted([
      ["streaks.tasks.recompute_streak", 7],
      ["streaks.tasks.award_badge", 2],
      ["streaks.tasks.weekly_league_snapshot", 1],
    ] as const);
    gcp(t, `[${pyAsctime(t)}: INFO/MainProcess] Task ${task}[${id}] received`, pod);
    const s = r.healthy(task === "streaks.tasks.weekly_league_snapshot" ? 2.1 : 0.4);
    gcp(t + s * 1000, `[${pyAsctime(t + s * 1000)}: INFO/ForkPoolWorker-${r.int(1, 4)}] Task ${task}[${id}] succeeded in ${s.toFixed(3)}s: None`, pod);
  }

  // push-notifier (OTLP/JSON log records); hourly streak-reminder bursts
  const pushRate = (t: number): number => {
    const m = new Date(Math.floor(t)).getUTCMinutes();
    return m < 3 ? 20 : 5;
  };
  for (const t of arrivals(r, start, end, pushRate, 20)) {
    const pod = r.pick(pushPods);
    const provider = r.chance(0.62) ? "fcm" : "apns";
    const unregistered = r.chance(0.12);
    const ms = r.healthy(provider === "fcm" ? 85 : 110);
    const attrs = [
      { key: "provider", value: { stringValue: provider } },
      { key: "campaign", value: { stringValue: new Date(Math.floor(t)).getUTCMinutes() < 3 ? "streak_reminder" : "lesson_ready" } },
      { key: "latency_ms", value: { doubleValue: round(ms, 1) } },
    ];
    tl.add(t + ms, {
      timeUnixNano: epochNs(t + ms),
      observedTimeUnixNano: epochNs(t + ms + r.float(1, 20)),
      severityNumber: unregistered ? 13 : 9,
      severityText: unregistered ? "WARN" : "INFO",
      body: {
        stringValue: unregistered
          ? provider === "fcm"
            ? "FCM send failed: UNREGISTERED; device token pruned"
            : "APNs send failed: Unregistered; device token pruned"
          : "push delivered",
      },
      attributes: attrs,
      traceId: r.hex(32),
      spanId: r.hex(16),
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: "push-notifier" } },
          { key: "k8s.pod.name", value: { stringValue: pod } },
          { key: "service.version", value: { stringValue: "2.19.0" } },
        ],
      },
    });
  }

  return tl.build(
    NAME,
    "Healthy three hours of a language-learning app: a scorer logging routine 'audio too short' ERRORs, wrong-password WARNs, a Celery worker whose stderr lines arrive as severity ERROR, token-pruning WARNs and hourly push bursts; nothing is wrong.",
  );
}
