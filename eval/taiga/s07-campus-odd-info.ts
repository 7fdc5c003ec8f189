/**
 * s07 campus-odd-info: a university's learning platform over three hours. Producers: pino +
 * pino-http (course-api), python-json-logger with Celery task lines (enrollment-worker), Go slog
 * (search-indexer), zap (auth-gateway), structlog (cert-checker, a CronJob every 15 minutes) and
 * ECS JSON (config-service, reloading every few minutes). Normal traffic is rich: course and
 * submission requests, roster syncs, short SQL statements logged at INFO, certificate checks that
 * report "expires in N days" for several hosts, config reloads with no change or flags changed by
 * named engineers with a change ticket, routine WARNs (expired tokens, late submissions) and a
 * routine ERROR (a bulk index rejecting one document now and then).
 * Four kinds of unusual INFO line recur about a dozen times each, spread over the window, and are
 * labelled pattern: a 1,000-2,000-character dumped enrollment object; an SQL statement with 100+ ids
 * in its IN list; "certificate for <host> expires in 0 days"; "config reloaded: feature flag <Y>
 * flipped by unknown actor". Nothing else is anomalous.
 */
import {
  asctime,
  dumpObject,
  epochSeconds,
  HOUR,
  iso,
  isoMicro,
  isoNano,
  type Label,
  ln,
  MIN,
  podName,
  round,
  SEC,
  Timeline,
  ticks,
  uniformTimes,
  uuid,
} from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s07CampusOddInfo(seed: number): Scenario {
  const name = "campus-odd-info";
  const rng = new Rng(seed, name);
  const span = 3 * HOUR;
  const start = rng.start2026(span, 7, 16);
  const end = start + span;
  const tl = new Timeline();

  const apiPods = [podName(rng, "course-api"), podName(rng, "course-api"), podName(rng, "course-api")];
  const workerPods = [podName(rng, "enrollment-worker"), podName(rng, "enrollment-worker")];
  const indexerPod = podName(rng, "search-indexer");
  const gwPods = [podName(rng, "auth-gateway"), podName(rng, "auth-gateway")];
  const configPod = podName(rng, "config-service");
  const courseCode = (): string => `${rng.pick(["CS", "MATH", "PHYS", "HIST", "ECON", "BIO", "CHEM", "LING"])}${rng.int(100, 499)}`;
  const student = (): number => rng.int(2_000_000, 2_999_999);

  // ---- producers ---------------------------------------------------------------------------
  const pino = (t: number, level: number, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, time: Math.round(t), pid: 1, hostname: rng.pick(apiPods), name: "course-api", ...fields, msg }, label);
  };
  const celery = (t: number, levelname: string, logger: string, message: string, fields: Record<string, unknown> = {}, label: Label = null): void => {
    tl.add(t, { asctime: asctime(t), name: logger, levelname, message, service: "enrollment-worker", hostname: rng.pick(workerPods), ...fields }, label);
  };
  const slog = (t: number, level: string, msg: string, fields: Record<string, unknown>): void => {
    tl.add(t, { time: isoNano(t), level, msg, service: "search-indexer", instance: indexerPod, ...fields });
  };
  const zap = (t: number, level: string, msg: string, fields: Record<string, unknown>): void => {
    tl.add(t, { level, ts: epochSeconds(t), caller: "gateway/auth.go:133", msg, service: "auth-gateway", pod: rng.pick(gwPods), ...fields });
  };
  const certLog = (t: number, event: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { event, ...fields, service: "cert-checker", level: "info", timestamp: isoMicro(t) }, label);
  };
  const ecs = (t: number, level: string, message: string, fields: Record<string, unknown> = {}, label: Label = null): void => {
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "1.6.0",
        "service.name": "config-service",
        "host.name": configPod,
        "event.dataset": "config-service.log",
        "log.logger": "edu.campus.config.Reloader",
        ...fields,
      },
      label,
    );
  };

  // ---- course-api traffic ------------------------------------------------------------------
  const sqlShort = [
    "SELECT id, title, term FROM courses WHERE code = $1",
    "SELECT * FROM submissions WHERE assignment_id = $1 AND student_id = $2",
    "UPDATE submissions SET status = 'graded', grade = $1 WHERE id = $2",
    "SELECT count(*) FROM enrollments WHERE course_id = $1 AND state = 'active'",
    "INSERT INTO activity_events (student_id, course_id, kind) VALUES ($1, $2, $3)",
  ];
  const apiReq = (t: number): void => {
    const code = courseCode();
    const route = rng.weighted([
      ["GET /api/courses/{c}", 30],
      ["GET /api/courses/{c}/modules", 20],
      ["POST /api/courses/{c}/assignments/{a}/submissions", 12],
      ["GET /api/courses/{c}/grades", 14],
      ["GET /api/me/calendar", 14],
      ["POST /api/courses/{c}/discussion/{a}/posts", 10],
    ] as const);
    const [method, tmpl] = route.split(" ") as [string, string];
    const url = tmpl.replace("{c}", code).replace("{a}", String(rng.int(1000, 99_999)));
    const ms = method === "POST" ? ln(rng, 90, 0.35, 30, 260) : ln(rng, 35, 0.4, 8, 120);
    const trace = rng.hex(16);
    if (rng.chance(0.3)) pino(t + ms * 0.4, 30, `executing query: ${rng.pick(sqlShort)}`, { reqId: trace, duration_ms: round(ms * 0.3, 1) });
    let status = method === "POST" ? 201 : 200;
    if (tmpl.includes("submissions") && rng.chance(0.08)) {
      pino(t + ms - 1, 40, `late submission accepted for student ${student()} in ${code} (${rng.int(1, 48)}h after deadline)`, { reqId: trace });
    } else if (rng.chance(0.02)) {
      status = 404;
      pino(t + ms - 1, 40, `course ${code} not found in current term`, { reqId: trace });
    }
    pino(t + ms, 30, "request completed", { reqId: trace, req: { method, url }, res: { statusCode: status }, responseTime: Math.round(ms) });
  };

  // ---- enrollment worker (Celery) -------------------------------------------------------------
  const task = (t: number): void => {
    const name = rng.weighted([
      ["enrollments.tasks.sync_roster", 40],
      ["enrollments.tasks.recompute_grades", 25],
      ["enrollments.tasks.send_digest", 20],
      ["enrollments.tasks.import_sis_changes", 15],
    ] as const);
    const id = uuid(rng);
    const secs = name.endsWith("sync_roster")
      ? ln(rng, 1.2, 0.4, 0.3, 4)
      : name.endsWith("recompute_grades")
        ? ln(rng, 3.5, 0.4, 1, 11)
        : ln(rng, 0.6, 0.4, 0.15, 2);
    celery(t, "INFO", "celery.worker.strategy", `Task ${name}[${id}] received`);
    if (name.endsWith("sync_roster"))
      celery(t + secs * 500, "INFO", "enrollments.roster", `roster for ${courseCode()}: ${rng.int(0, 12)} added, ${rng.int(0, 5)} dropped`, {
        term: "2026-SP",
      });
    if (name.endsWith("import_sis_changes") && rng.chance(0.15))
      celery(t + secs * 600, "WARNING", "enrollments.sis", `SIS record for student ${student()} has no program code, skipping`);
    celery(t + secs * 1000, "INFO", "celery.app.trace", `Task ${name}[${id}] succeeded in ${secs.toFixed(3)}s: None`);
  };

  // ---- search indexer, auth gateway ------------------------------------------------------------
  const indexBatch = (t: number): void => {
    const n = rng.int(50, 500);
    const ms = ln(rng, 400, 0.35, 120, 1200);
    slog(t + ms, "INFO", "bulk indexed", { index: rng.pick(["courses-v7", "discussions-v3", "files-v5"]), docs: n, duration: Math.round(ms * 1e6) });
  };
  const authReq = (t: number): void => {
    const expired = rng.chance(0.05);
    const ms = ln(rng, 6, 0.35, 2, 18);
    if (expired)
      zap(t + ms, "warn", "token rejected", { reason: "token expired", sub: `s${student()}`, path: "/api/courses", status: 401, latency: round(ms / 1000, 6) });
    else zap(t + ms, "info", "token validated", { sub: `s${student()}`, scopes: "courses:read submissions:write", latency: round(ms / 1000, 6) });
  };

  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(2000, 2150))) apiReq(t);
  for (const t of uniformTimes(rng, start, end - 20 * SEC, rng.int(330, 380))) task(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(180, 230))) indexBatch(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(900, 1000))) authReq(t);
  for (const t of ticks(rng, start, end, 20 * MIN, 8 * MIN))
    slog(t, "ERROR", "bulk index partial failure", {
      index: "files-v5",
      rejected: 1,
      total: rng.int(200, 500),
      reason: "mapper_parsing_exception: failed to parse field [metadata.created] of type [date]",
    });

  // ---- cert checker: every 15 minutes, six hosts; one host at 0 days -------------------------
  const hosts: [string, number][] = [
    ["lms.campus.example.edu", rng.int(40, 80)],
    ["api.lms.campus.example.edu", rng.int(40, 80)],
    ["files.lms.campus.example.edu", rng.int(100, 300)],
    ["video.campus.example.edu", rng.int(20, 60)],
    ["mail-relay.campus.example.edu", rng.int(150, 350)],
  ];
  const dying = rng.pick(["sso.partner-college.example.org", "idp.campus-alliance.example.net", "lti.textbooks-vendor.example.com"]);
  const certRuns = ticks(rng, start, end, 15 * MIN, 30_000);
  const zeroRuns = new Set(rng.shuffle(certRuns.map((_, i) => i)).slice(0, Math.min(certRuns.length, rng.int(10, 13))));
  certRuns.forEach((t, i) => {
    certLog(t, "certificate check started", { targets: hosts.length + 1 });
    let at = t;
    for (const [h, days] of hosts) {
      at += rng.int(200, 900);
      certLog(at, `certificate for ${h} expires in ${days} days`, { not_after: iso(t + days * 86_400_000).slice(0, 10), issuer: "R11" });
    }
    at += rng.int(200, 900);
    if (zeroRuns.has(i))
      certLog(
        at,
        `certificate for ${dying} expires in 0 days`,
        { not_after: iso(t + 6 * HOUR).slice(0, 10), issuer: "Sectigo RSA Domain Validation Secure Server CA" },
        "pattern",
      );
    else certLog(at, `certificate check for ${dying} skipped: host unreachable from this network`, { attempt: 1 });
  });

  // ---- config reloads ---------------------------------------------------------------------------
  const flags = [
    "new-gradebook-ui",
    "plagiarism-scan-v2",
    "discussion-ai-summaries",
    "calendar-ics-export",
    "video-captions-auto",
    "peer-review-anonymous",
    "proctoring-webcam",
    "grade-passback-lti13",
  ];
  const engineers = ["alice.moreau", "dmitri.ivanov", "priya.nair", "tom.osei"];
  for (const t of ticks(rng, start, end, 5 * MIN, 20_000)) ecs(t, "INFO", `config reloaded: 0 changes (etag "${rng.hex(12)}")`);
  for (const t of uniformTimes(rng, start, end, rng.int(5, 9))) {
    const f = rng.pick(flags);
    ecs(
      t,
      "INFO",
      `config reloaded: feature flag ${f} set to ${rng.pick(["10%", "25%", "50%", "100%", "off"])} by ${rng.pick(engineers)}@campus.example.edu (change CHG-${rng.int(1000, 4999)})`,
      { "labels.flag": f },
    );
  }

  // ---- the recurring unusual INFO lines -------------------------------------------------------
  const spread = (): number[] => uniformTimes(rng, start + 3 * MIN, end - 3 * MIN, rng.int(10, 14));
  for (const t of spread()) {
    const f = rng.pick(flags);
    ecs(t, "INFO", `config reloaded: feature flag ${f} flipped by unknown actor`, { "labels.flag": f, "labels.actor": "unknown" }, "pattern");
  }
  for (const t of spread()) {
    const body = dumpObject(rng, rng.int(1000, 1750), {
      student_id: student(),
      course: courseCode(),
      term: "2026-SP",
      state: "active",
      source: "sis-import",
      consent: { ferpa: true, photo: rng.chance(0.5) },
    });
    pino(t, 30, `enrollment payload: ${body}`, { reqId: rng.hex(16) }, "pattern");
  }
  for (const t of spread()) {
    const ids: number[] = [];
    for (let i = 0; i < rng.int(110, 260); i++) ids.push(rng.int(2_000_000, 2_999_999));
    celery(
      t,
      "INFO",
      "enrollments.db",
      `executing query: SELECT e.id, e.student_id, e.course_id, e.state FROM enrollments e WHERE e.student_id IN (${ids.join(", ")}) AND e.term = '2026-SP'`,
      {},
      "pattern",
    );
  }
  return tl.build(
    name,
    "learning platform with unusual INFO lines recurring a dozen times each: dumped objects, SQL with 100+ ids, certificates expiring in 0 days, flags flipped by an unknown actor",
  );
}
