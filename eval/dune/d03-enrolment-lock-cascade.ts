// d03: university course enrolment. A schema migration takes an exclusive lock on the enrolments
// table in enrol-db; lock waits and statement timeouts spread to enrol-api (pool starvation,
// circuit breaker), then timetable-bff (upstream timeouts, 502s), then the student portal edge
// (502/504) until the migration is terminated.
import { arrivals, iso, type Label, MIN, Rng, round, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d03(seed: number): Scenario {
  const r = new Rng(seed, "d03-enrolment-lock-cascade");
  const t0 = startTime(r);
  const t1 = t0 + 150 * MIN;
  const T = t0 + r.int(70, 95) * MIN + r.int(0, 59_999);
  const E = T + r.int(15, 22) * MIN;
  // one roll per line: the first branch whose cumulative share exceeds it, inside the lagged window
  const on = (t: number, lag: number) => t >= T + lag && t < E + lag / 2;
  const tl = new Timeline();
  const trace = () => r.hex(32);
  const db = (t: number, sev: string, message: string, label: Label = null, pid = r.int(20_000, 29_999)) =>
    tl.add(t, { timestamp: iso(t), service: "enrol-db", user: "enrol_app", dbname: "enrolment", pid, error_severity: sev, message }, label);
  const api = (t: number, level: string, message: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, { timestamp: iso(t), level, service: "enrol-api", logger: "EnrolmentController", trace_id: trace(), message, ...extra }, label);
  const bff = (t: number, level: string, message: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, { time: iso(t), level, service: "timetable-bff", message, ...extra }, label);
  const edge = (t: number, level: string, message: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, { timestamp: iso(t), level, service: "student-portal-edge", message, ...extra }, label);
  const sec = () => r.int(10_000, 99_999);

  for (const t of arrivals(r, t0, t1, 10_000)) {
    const w = on(t, 0);
    const x = r.next();
    if (w && x < 0.35)
      db(
        t,
        "LOG",
        `process ${r.int(20_000, 29_999)} still waiting for RowExclusiveLock on relation 16812 of database 16384 after ${round(r.float(1000, 1003), 3)} ms`,
        "performance",
      );
    else if (w && x < 0.58)
      db(
        t,
        "LOG",
        `duration: ${round(r.float(4_000, 30_000), 3)} ms  execute S_7: INSERT INTO enrolments (student_id, section_id, status) VALUES ($1, $2, 'enrolled')`,
        "performance",
      );
    else if (w && x < 0.75) db(t, "ERROR", "canceling statement due to statement timeout", "performance");
    else if (w && x < 0.79) db(t, "FATAL", "remaining connection slots are reserved for non-replication superuser connections", "error");
    else
      db(
        t,
        "LOG",
        `duration: ${round(r.logn(2.5, 0.4), 3)} ms  execute S_${r.int(1, 9)}: SELECT seats_taken, capacity FROM section_seats WHERE section_id = $1`,
      );
  }
  for (let t = t0 + r.int(0, 299_999); t < t1; t += 300_000)
    db(
      t,
      "LOG",
      `checkpoint complete: wrote ${r.int(400, 1400)} buffers (${round(r.float(0.3, 1.1))}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=26.9 s, sync=0.01 s, total=27.0 s`,
      null,
      61,
    );
  const mig = 31_337 + r.int(0, 999);
  db(T, "LOG", "statement: ALTER TABLE enrolments ADD COLUMN waitlist_position integer NOT NULL DEFAULT 0", "pattern", mig);
  db(E, "FATAL", "terminating connection due to administrator command", "pattern", mig);
  db(
    E + r.int(50, 400),
    "LOG",
    `process ${r.int(20_000, 29_999)} acquired RowExclusiveLock on relation 16812 of database 16384 after ${round(r.float(12_000, 30_000), 3)} ms`,
    "performance",
  );

  for (const t of arrivals(r, t0, t1, 5_000)) {
    const w = on(t, 20_000);
    const x = r.next();
    const s = sec();
    const post = r.chance(0.4);
    const path = post ? "/api/enrolments" : `/api/sections/${s}/seats`;
    if (w && x < 0.3)
      api(
        t,
        "ERROR",
        "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        { path, status: 503, duration_ms: 30_000 + r.int(0, 40) },
        "performance",
      );
    else if (w && x < 0.51)
      api(
        t,
        "WARNING",
        `${post ? "POST" : "GET"} ${path} ${post ? 201 : 200} slow`,
        { path, status: post ? 201 : 200, duration_ms: round(r.float(5_000, 29_000)) },
        "performance",
      );
    else if (w && x < 0.68)
      api(
        t,
        "ERROR",
        `${post ? "POST" : "GET"} ${path} 503 CallNotPermittedException: CircuitBreaker 'enrol-db' is OPEN`,
        { path, status: 503, duration_ms: round(r.float(1, 3)) },
        "error",
      );
    else
      api(t, "INFO", `${post ? "POST" : "GET"} ${path} ${post ? 201 : 200}`, {
        path,
        status: post ? 201 : 200,
        duration_ms: round(r.logn(post ? 28 : 11, 0.3)),
      });
  }
  for (const [dt, st] of [
    [40_000, "CLOSED to OPEN"],
    [100_000, "OPEN to HALF_OPEN"],
    [110_000, "HALF_OPEN to OPEN"],
  ] as const)
    api(T + dt + r.int(0, 5_000), "WARNING", `CircuitBreaker 'enrol-db' changed state from ${st}`, {}, "pattern");
  api(E + r.int(60_000, 90_000), "INFO", "CircuitBreaker 'enrol-db' changed state from HALF_OPEN to CLOSED", {}, "pattern");

  for (const t of arrivals(r, t0, t1, 8_000)) {
    const w = on(t, 60_000);
    const x = r.next();
    if (w && x < 0.45)
      bff(t, "ERROR", "upstream enrol-api timed out after 10000ms", { route: "/timetable/me", status: 504, duration_ms: 10_000 + r.int(0, 30) }, "performance");
    else if (w && x < 0.725)
      bff(
        t,
        "ERROR",
        "GET /timetable/me 502 upstream enrol-api responded 503",
        { route: "/timetable/me", status: 502, duration_ms: round(r.float(2, 30)) },
        "error",
      );
    else bff(t, "INFO", "GET /timetable/me 200", { route: "/timetable/me", status: 200, duration_ms: round(r.logn(45, 0.3)) });
  }
  for (const t of arrivals(r, t0, t1, 12_000)) {
    const w = on(t, 90_000);
    const x = r.next();
    const route = r.pick(["/timetable", "/enrol", "/enrol/confirm"]);
    if (w && x < 0.4) edge(t, "ERROR", `GET ${route} 504 gateway timeout`, { route, status: 504, duration_ms: 15_000 }, "performance");
    else if (w && x < 0.7) edge(t, "ERROR", `GET ${route} 502 bad gateway`, { route, status: 502, duration_ms: round(r.float(3, 40)) }, "error");
    else edge(t, "INFO", `GET ${route} 200`, { route, status: 200, duration_ms: round(r.logn(70, 0.3)) });
  }
  // routine: students hitting full sections
  for (const t of arrivals(r, t0, t1, 4 * MIN))
    api(t, "WARNING", "POST /api/enrolments 409 section full", { path: "/api/enrolments", status: 409, duration_ms: round(r.logn(14, 0.3)) });
  return tl.build("d03-enrolment-lock-cascade", "A migration's table lock in enrol-db cascades to enrol-api, timetable-bff and the portal edge for ~20 min");
}
