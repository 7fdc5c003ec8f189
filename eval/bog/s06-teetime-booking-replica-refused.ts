// Incident: the tee-time booking API's read replica has been crash-looping since before the
// window (corrupt WAL after a node drain). Every availability query fails with "connection
// refused" and the ingress returns 503, from the first minute to the last. Bookings (primary) work.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, k8sEvent, MIN, HOUR, type Rec } from "./util.js";

export default function s06(seed: number): Scenario {
  const r = makeRng(seed, "s06-teetime-booking-replica-refused");
  const tl = new Timeline();
  const start = Date.UTC(2026, 5, 13, 6, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 2 * HOUR;
  const apiPods = ["teetime-api-5f7c9-jq4wd", "teetime-api-5f7c9-m2zkr", "teetime-api-5f7c9-v8hnb"];
  const courses = ["links-north", "parkland-9", "lakeside-18"];
  const sl = (t: number, level: string, event: string, pod: string, extra: Rec): Rec => ({
    event,
    level,
    timestamp: iso(t),
    logger: "teetime.availability",
    service: "teetime-api",
    pod,
    ...extra,
  });
  const ng = (t: number, pod: string, req: string, status: number, rt: number): Rec => ({
    time_iso8601: iso(t).replace(/\.\d+Z$/, "+00:00"),
    remote_addr: `10.60.${r.int(0, 15)}.${r.int(2, 250)}`,
    request: req,
    status,
    request_time: rt,
    upstream_addr: `${pod}:8000`,
    body_bytes_sent: status === 503 ? 97 : r.int(400, 9000),
    service: "ingress-nginx",
    host: "ingress-nginx-controller-7d9f8-c4x6m",
  });

  // Dominant failure: availability query -> replica refused -> 503 at the ingress.
  poisson(r, start, end, 4000, (t) => {
    const pod = r.pick(apiPods);
    const course = r.pick(courses);
    tl.add(
      t,
      sl(t, "error", "availability query failed: connection refused", pod, {
        db_host: "teetime-db-ro.golf.svc.cluster.local:5432",
        course,
        date: "2026-06-13",
        exc_type: "psycopg.OperationalError",
        exc_msg: 'connection to server at "10.60.7.21", port 5432 failed: Connection refused',
        duration_ms: r.lat(3),
      }),
      "error",
    );
    const t2 = Math.floor((t + r.int(1, 6)) / 1000) * 1000; // nginx stamps whole seconds
    tl.add(t2, ng(t2, pod, `GET /v1/courses/${course}/availability HTTP/1.1`, 503, r.lat(0.006, 3)), "error");
  });
  for (const pod of apiPods)
    every(r, start, end, MIN, (t) => tl.add(t, sl(t, "warning", "replica pool unhealthy", pod, { healthy: 0, size: 3, logger: "teetime.db.pool" }), "error"));

  // Healthy paths: bookings go to the primary.
  poisson(r, start, end, 40_000, (t) => {
    const pod = r.pick(apiPods);
    const ms = r.lat(48);
    tl.add(t, sl(t, "info", "booking created", pod, { logger: "teetime.booking", course: r.pick(courses), players: r.int(1, 4), duration_ms: ms }));
    const t2 = Math.floor((t + 2) / 1000) * 1000;
    tl.add(t2, ng(t2, pod, "POST /v1/bookings HTTP/1.1", 201, Math.round(ms + 2) / 1000));
  });
  const other = [
    ["GET /v1/courses HTTP/1.1", 0.011],
    ["GET /v1/members/me HTTP/1.1", 0.019],
    ["GET /healthz HTTP/1.1", 0.002],
  ] as const;
  poisson(r, start, end, 12_000, (t0) => {
    const t = Math.floor(t0 / 1000) * 1000;
    const [req, med] = r.pick(other);
    tl.add(t, ng(t, r.pick(apiPods), req, 200, r.lat(med, 3)));
  });

  // The replica: crash loop (kubelet events + the replica's PANIC at each start).
  let tt = start + r.int(5_000, 40_000);
  while (tt < end) {
    tl.add(tt, k8sEvent(tt, "golf", "teetime-db-ro-0", "BackOff", "Back-off restarting failed container postgres in pod teetime-db-ro-0_golf"), "error");
    const tp = tt + r.int(1000, 3000);
    if (tp < end)
      tl.add(
        tp,
        {
          timestamp: iso(tp).replace("T", " ").replace("Z", " UTC"),
          pid: r.int(20, 90),
          error_severity: "PANIC",
          message: "could not locate a valid checkpoint record",
          backend_type: "startup",
          service: "teetime-db-ro",
          host: "teetime-db-ro-0",
        },
        "error",
      );
    tt += 5 * MIN + r.int(0, 20_000);
  }
  every(r, start, end, 5 * MIN, (t) =>
    tl.add(t, {
      timestamp: iso(t).replace("T", " ").replace("Z", " UTC"),
      pid: 61,
      error_severity: "LOG",
      message: "checkpoint starting: time",
      backend_type: "checkpointer",
      service: "teetime-db",
      host: "teetime-db-0",
    }),
  );

  // reminder worker (pino), unaffected
  poisson(r, start, end, 20_000, (t) =>
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: "teetime-reminders-6b8d-x7p2q",
      name: "teetime-reminders",
      msg: "reminder sent",
      channel: r.pick(["sms", "push"]),
      duration_ms: r.lat(140),
    }),
  );

  return tl.build(
    "s06-teetime-booking-replica-refused",
    "Read replica crash-looping since before the window: every availability query is refused and 503s; bookings on the primary still work.",
  );
}
