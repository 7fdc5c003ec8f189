// d08: a seismic-event catalogue (Spring Boot, logback JSON) beside its JVM's unified G1 GC log.
// A leak from about a third of the way in lifts the live heap after each collection from ~13 % to
// ~95 % of 2 GiB: young GCs come faster, pauses grow, to-space exhaustion and full GCs appear,
// requests stall behind pauses, then OutOfMemoryError and a restart; the new JVM is healthy.
import { arrivals, HOUR, iso, type Label, MIN, Rng, round, SEC, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

const MAX = 2048;
const gcStamp = (t: number) => `[${iso(t).replace("Z", "+0000")}]`;

export default function d08(seed: number): Scenario {
  const r = new Rng(seed, "d08-quake-catalog-heap-leak");
  const t0 = startTime(r);
  const t1 = t0 + 3 * HOUR;
  const L = t0 + r.int(50, 70) * MIN;
  const O = t1 - r.int(25, 35) * MIN;
  const R = O + r.int(40, 90) * SEC;
  const tl = new Timeline();
  const base = (t: number) => (t < L || t >= R ? 250 : 250 + 1_720 * ((t - L) / (O - L)) ** 1.3);
  const sick = (b: number): Label => (b > 600 ? "memory" : null);
  const gc = (t: number, line: string, label: Label) =>
    tl.add(t, { time: iso(t), service: "quake-catalog-gc", host: "qcat-1", log: `${gcStamp(t)}[info][gc] ${line}` }, label);
  const app = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        level,
        service: "quake-catalog",
        host: "qcat-1",
        logger_name: logger,
        thread_name: `http-nio-8080-exec-${r.int(1, 40)}`,
        message,
        ...extra,
      },
      label,
    );

  let last = 0;
  // GC log: one JVM until the OOM at O, a fresh one from R
  for (const [from, to] of [
    [t0 + r.int(0, 9_999), O],
    [R + 4_000, t1],
  ] as const) {
    let n = 0;
    for (let t = from; t < to; ) {
      const b = Math.min(MAX - 40, base(t) + r.normal(0, 12));
      const after = Math.round(b);
      const before = Math.min(MAX - 8, after + Math.round(r.float(520, 640) * Math.min(1, (MAX - b) / 900)));
      const pause = b > 1500 ? r.float(40, 320) : r.logn(12, 0.35);
      if (b > 1800 && r.chance(0.3))
        gc(
          t,
          `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) (To-space exhausted) ${before}M->${after + 30}M(${MAX}M) ${round(pause * 3, 3)}ms`,
          "memory",
        );
      else
        gc(
          t,
          `GC(${n}) Pause Young (${b > 900 && r.chance(0.3) ? "Mixed" : "Normal"}) (G1 Evacuation Pause) ${before}M->${after}M(${MAX}M) ${round(pause, 3)}ms`,
          sick(b),
        );
      if (b > 900 && r.chance(0.12)) gc(t + r.int(200, 900), `GC(${++n}) Concurrent Mark Cycle ${round(r.float(300, 1900), 3)}ms`, "memory");
      if (b > 1820 && r.chance(0.25))
        gc(
          t + r.int(1_000, 3_000),
          `GC(${++n}) Pause Full (G1 Compaction Pause) ${MAX - r.int(2, 12)}M->${after - r.int(0, 30)}M(${MAX}M) ${round(r.float(1_800, 4_200), 3)}ms`,
          "memory",
        );
      n++;
      t += Math.round(12 * SEC * Math.min(1.2, Math.max(0.1, (MAX - b) / 1_750)) * r.float(0.8, 1.2)) + 3_000;
    }
    if (to === O) last = n;
  }
  gc(O + r.int(100, 400), `GC(${last}) Pause Full (G1 Compaction Pause) ${MAX - 1}M->${MAX - 2}M(${MAX}M) ${round(r.float(4_000, 6_000), 3)}ms`, "memory");

  // application traffic
  for (const t of arrivals(r, t0, t1, 3 * SEC)) {
    if (t >= O && t < R + 12 * SEC) continue;
    const b = base(t);
    const route = r.pick(["/api/events", "/api/events/{id}", "/api/events/{id}/picks", "/api/stations/{code}"]);
    const path = route.replace("{id}", `us7000${r.hex(4)}`).replace("{code}", r.pick(["ANMO", "COLA", "HRV", "KONO", "TATO"]));
    const normal = route === "/api/events" ? 55 : 18;
    if (b > 1_450 && r.chance(Math.min(0.7, (b - 1_450) / 500))) {
      const ms = r.int(1_500, 7_000);
      app(t, "WARNING", "c.q.catalog.web.RequestTimingFilter", `GET ${path} completed in ${ms}ms`, { route, status: 200, duration_ms: ms }, "performance");
    } else {
      const ms = Math.round(r.logn(normal, 0.3));
      app(t, "INFO", "c.q.catalog.web.RequestTimingFilter", `GET ${path} completed in ${ms}ms`, { route, status: 200, duration_ms: ms });
    }
  }
  for (const t of arrivals(r, t0, t1, 20 * MIN))
    app(t, "WARNING", "c.q.catalog.ingest.QuakeMlImporter", `QuakeML import skipped event us7000${r.hex(4)}: unknown magnitude type 'Mwp?'`);
  for (let i = 0; i < r.int(3, 5); i++) {
    const t = O + 600 + i * r.int(400, 1_500);
    app(
      t,
      "ERROR",
      "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
      "Servlet.service() threw exception: jakarta.servlet.ServletException: Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space",
      { status: 500 },
      "memory",
    );
  }
  app(
    R,
    "INFO",
    "c.q.catalog.QuakeCatalogApplication",
    "Starting QuakeCatalogApplication v3.4.2 using Java 21.0.5 with PID 1 (/app/app.jar started by app in /app)",
    {},
    "pattern",
  );
  app(
    R + r.int(9_000, 11_000),
    "INFO",
    "c.q.catalog.QuakeCatalogApplication",
    `Started QuakeCatalogApplication in ${round(r.float(8.5, 11), 2)} seconds (process running for ${round(r.float(11, 12.5), 2)})`,
    {},
    "pattern",
  );
  return tl.build("d08-quake-catalog-heap-leak", "Seismic catalogue JVM leaks heap: G1 live heap climbs to ~95 %, full GCs and request stalls, OOM, restart");
}
