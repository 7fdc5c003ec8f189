// s08: insurance claims. claims-intake is a Spring Boot service in Docker: its stdout carries both
// its logstash-logback JSON lines and the JVM's unified GC log (-Xlog:gc:stdout:time,uptime,level,tags),
// each wrapped by Docker's json-file driver ({"log": "...\n", "stream", "time", "attrs"}).
// fraud-scoring is a Python service using python-json-logger.
// Incident: a catastrophe-event bulk upload attaches 40-120 MB scanned PDFs; OCR buffers them whole,
// G1 logs humongous allocations, old gen fills, to-space is exhausted, full GCs pause for seconds,
// requests crawl, the JVM dies with OutOfMemoryError and the container restarts; fraud-scoring's
// callbacks to claims-intake fail while it is down.
// Healthy bands: heap after a young GC 500-1300 MB of 4096 MB; young pause median 18 ms, mixed 25 ms,
// claim submission 120 ms, fraud score 60 ms, callback 15 ms; documents 0.2-4 MB.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, asctime, every, hashSeed, healthy, iso, isoNumeric, poisson, round, slow, startTime } from "./rng.js";

export function s08ClaimsJvmGcPressure(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s08-claims"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 6, 21, 7, 0));
  const end = start + 3 * HOUR;
  const incStart = start + rng.float(0.4, 0.52) * (end - start);
  const climbEnd = incStart + rng.float(24, 32) * MIN; // heap near full
  const oomAt = climbEnd + rng.float(6, 10) * MIN;
  const upAt = oomAt + rng.float(35, 55) * SEC; // container restarted and serving again
  const inPressure = (t: number) => t >= incStart && t < oomAt;
  const down = (t: number) => t >= oomAt && t < upAt;
  const jvmStart = start - rng.float(20, 60) * HOUR;
  const jvmRestart = upAt - 27 * SEC;

  const docker = (t: number, line: string, stream: string, label: AnomalyType | null) => {
    tl.add(t, { log: `${line}\n`, stream, time: iso(t, 9), attrs: { service: "claims-intake" } }, label);
  };
  let thread = 1;
  const app = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null, threadName?: string) => {
    thread = (thread % 24) + 1;
    const o = {
      "@timestamp": isoNumeric(t, 3, 0),
      "@version": "1",
      message,
      logger_name: logger,
      thread_name: threadName ?? `http-nio-8080-exec-${thread}`,
      level,
      level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
      app: "claims-intake",
      ...extra,
    };
    docker(t, JSON.stringify(o), "stdout", label);
  };
  const gcLine = (t: number, text: string, label: AnomalyType | null) => {
    const uptime = ((t - (t >= jvmRestart ? jvmRestart : jvmStart)) / 1000).toFixed(3);
    docker(t, `[${isoNumeric(t, 3, 0, false)}][${uptime}s][info][gc] ${text}`, "stdout", label);
  };

  // ---- GC log
  let gcId = rng.int(2000, 9000);
  let old = rng.float(550, 800);
  let sinceCycle = rng.int(0, 15);
  let mixedLeft = 0;
  let t = start + rng.float(0, 20) * SEC;
  while (t < end) {
    if (down(t)) {
      t = upAt + rng.float(5, 15) * SEC;
      gcId = 0;
      old = rng.float(180, 260);
      sinceCycle = 0;
      mixedLeft = 0;
      continue;
    }
    const pressure = inPressure(t);
    const eden = pressure ? rng.float(500, 900) : rng.float(1150, 1450);
    const before = Math.min(4090, old + eden);
    if (pressure) {
      // old gen climbs towards the 4 GB ceiling as humongous PDF buffers survive
      const frac = Math.min(1, (t - incStart) / (climbEnd - incStart));
      const target = 1400 + frac * 2600;
      old = Math.min(4060, Math.max(old, target + rng.float(-60, 40)));
      const r = rng.next();
      if (t > climbEnd && r < 0.35) {
        const after = Math.min(4080, old + rng.float(-120, -20));
        gcLine(t, `GC(${gcId}) To-space exhausted`, "memory");
        gcLine(
          t + 1,
          `GC(${gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(Math.min(4096, before))}M(4096M) ${round(slow(rng, 18, 10, 40), 3)}ms`,
          "memory",
        );
        gcId++;
        const pause = rng.float(2800, 6200);
        gcLine(
          t + 2 + pause,
          `GC(${gcId}) Pause Full (G1 Compaction Pause) ${Math.round(Math.min(4096, before))}M->${Math.round(after)}M(4096M) ${round(pause, 3)}ms`,
          "memory",
        );
        old = after;
        gcId++;
        t += pause + rng.float(2, 6) * SEC;
        continue;
      }
      const cause = r < 0.6 ? "(Concurrent Start) (G1 Humongous Allocation)" : "(Normal) (G1 Evacuation Pause)";
      const pause = t > climbEnd ? slow(rng, 18, 6, 30) : healthy(rng, 22);
      const after = old;
      // labelled memory when the line shows a humongous allocation or heap-after above the healthy 1300 MB
      const label: AnomalyType | null = cause.includes("Humongous") || after > 1500 ? "memory" : pause > 4 * 18 ? "performance" : null;
      gcLine(t, `GC(${gcId}) Pause Young ${cause} ${Math.round(before)}M->${Math.round(after)}M(4096M) ${round(pause, 3)}ms`, label);
      gcId++;
      t += rng.float(5, 12) * SEC;
      continue;
    }
    if (mixedLeft > 0) {
      const after = Math.max(450, old - rng.float(120, 220));
      gcLine(
        t,
        `GC(${gcId}) Pause Young (Mixed) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after)}M(4096M) ${round(healthy(rng, 25), 3)}ms`,
        null,
      );
      old = after;
      mixedLeft--;
    } else if (sinceCycle >= 18 && old > 1050) {
      const after = old + rng.float(5, 20);
      gcLine(
        t,
        `GC(${gcId}) Pause Young (Concurrent Start) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after)}M(4096M) ${round(healthy(rng, 20), 3)}ms`,
        null,
      );
      const cyc = gcId;
      const mark = healthy(rng, 320, 0.3);
      gcLine(t + mark * 0.8, `GC(${cyc}) Pause Remark ${Math.round(after + 300)}M->${Math.round(after + 280)}M(4096M) ${round(healthy(rng, 6), 3)}ms`, null);
      gcLine(t + mark * 0.9, `GC(${cyc}) Pause Cleanup ${Math.round(after + 290)}M->${Math.round(after + 290)}M(4096M) ${round(healthy(rng, 0.5), 3)}ms`, null);
      gcLine(t + mark, `GC(${cyc}) Concurrent Mark Cycle ${round(mark, 3)}ms`, null);
      old = after;
      sinceCycle = 0;
      mixedLeft = rng.int(3, 5);
    } else {
      const after = Math.min(1290, old + rng.float(8, 30));
      gcLine(
        t,
        `GC(${gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after)}M(4096M) ${round(healthy(rng, 18), 3)}ms`,
        null,
      );
      old = after;
      sinceCycle++;
    }
    gcId++;
    t += rng.float(18, 32) * SEC;
  }

  // ---- application lines
  let claimSeq = rng.int(300000, 700000);
  const lossTypes = ["HAIL", "WINDSTORM", "WATER_DAMAGE", "THEFT", "COLLISION", "FIRE"] as const;
  poisson(rng, start, end, 7 * SEC, (tt) => {
    if (down(tt)) return;
    const claimId = `CLM-${claimSeq++}`;
    const policyNo = `POL-${rng.digits(8)}`;
    let label: AnomalyType | null = null;
    let d = healthy(rng, 120);
    if (inPressure(tt) && tt > incStart + 8 * MIN && rng.chance(tt > climbEnd ? 0.9 : 0.5)) {
      d = slow(rng, 120, 8, 60);
      label = "performance";
    }
    app(
      tt,
      "INFO",
      "com.harbourmutual.claims.intake.ClaimService",
      `Claim ${claimId} submitted for policy ${policyNo}`,
      { claimId, policyNo, lossType: rng.pick(lossTypes), channel: rng.pick(["portal", "broker-api", "call-centre"]), durationMs: Math.round(d) },
      label,
    );
  });
  poisson(rng, start, end, 9 * SEC, (tt) => {
    if (down(tt)) return;
    const claimId = `CLM-${claimSeq - rng.int(1, 40)}`;
    const cat = inPressure(tt) && tt < climbEnd + 3 * MIN && rng.chance(0.45);
    const size = cat ? rng.int(40_000_000, 120_000_000) : rng.int(200_000, 4_000_000);
    app(
      tt,
      "INFO",
      "com.harbourmutual.claims.docs.DocumentService",
      `Document attached to ${claimId}`,
      {
        claimId,
        docType: cat ? "SCANNED_ASSESSMENT_PDF" : rng.pick(["PHOTO", "INVOICE", "POLICE_REPORT", "ESTIMATE_PDF"]),
        sizeBytes: size,
        ...(cat ? { catEvent: "CAT-2025-HAIL-07" } : {}),
      },
      cat ? "pattern" : null,
    );
  });
  poisson(rng, start, end, 12 * MIN, (tt) => {
    if (down(tt)) return;
    app(
      tt,
      "WARN",
      "com.harbourmutual.claims.policy.PolicyLookup",
      "Policy cache miss, falling back to PAS",
      { policyNo: `POL-${rng.digits(8)}`, pasLatencyMs: Math.round(healthy(rng, 240)) },
      null,
    );
  });
  every(rng, start, end, 5 * MIN, 10 * SEC, (tt) => {
    if (down(tt)) return;
    app(
      tt,
      "INFO",
      "com.harbourmutual.claims.intake.BacklogReporter",
      "Intake backlog",
      { pendingOcr: inPressure(tt) ? rng.int(40, 90) : rng.int(0, 12), pendingScoring: rng.int(0, 8) },
      null,
      "scheduling-1",
    );
  });
  // pressure symptoms in the app
  poisson(rng, incStart + 10 * MIN, oomAt, 2.2 * MIN, (tt) => {
    const delta = tt > climbEnd ? `${rng.int(1, 2)}m${rng.int(0, 59)}s${rng.int(0, 999)}ms` : `${rng.int(31, 59)}s${rng.int(0, 999)}ms`;
    app(
      tt,
      "WARN",
      "com.zaxxer.hikari.pool.HikariPool",
      `HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${delta}).`,
      {},
      "performance",
      "HikariPool-1 housekeeper",
    );
  });
  poisson(rng, climbEnd - 2 * MIN, oomAt, 50 * SEC, (tt) => {
    const claimId = `CLM-${claimSeq - rng.int(1, 60)}`;
    app(
      tt,
      "ERROR",
      "com.harbourmutual.claims.docs.OcrWorker",
      `Document OCR failed for ${claimId}`,
      {
        claimId,
        stack_trace: `net.sourceforge.tess4j.TesseractException: java.util.concurrent.ExecutionException: java.lang.OutOfMemoryError: Java heap space\n\tat net.sourceforge.tess4j.Tesseract.doOCR(Tesseract.java:280)\n\tat com.harbourmutual.claims.docs.OcrWorker.process(OcrWorker.java:77)\nCaused by: java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.io.ByteArrayOutputStream.<init>(ByteArrayOutputStream.java:81)\n\tat com.harbourmutual.claims.docs.PdfRasterizer.render(PdfRasterizer.java:52)`,
      },
      "memory",
      `ocr-worker-${rng.int(1, 4)}`,
    );
  });
  app(
    oomAt - 400,
    "ERROR",
    "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
    "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
    {
      stack_trace:
        "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)\n\tat java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)\n\tat com.harbourmutual.claims.docs.DocumentService.attach(DocumentService.java:131)",
    },
    "memory",
  );
  docker(oomAt, "Terminating due to java.lang.OutOfMemoryError: Java heap space", "stderr", "memory");
  // restart
  const boot = upAt - 26 * SEC;
  app(
    boot,
    "INFO",
    "com.harbourmutual.claims.ClaimsIntakeApplication",
    "Starting ClaimsIntakeApplication v2.14.3 using Java 17.0.10 with PID 1 (/app/claims-intake.jar started by app in /app)",
    {},
    "pattern",
    "main",
  );
  app(
    boot + 4 * SEC,
    "INFO",
    "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
    "Tomcat initialized with port 8080 (http)",
    {},
    "pattern",
    "main",
  );
  app(boot + 9 * SEC, "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting...", {}, "pattern", "main");
  app(boot + 10 * SEC, "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.", {}, "pattern", "main");
  app(
    upAt,
    "INFO",
    "com.harbourmutual.claims.ClaimsIntakeApplication",
    `Started ClaimsIntakeApplication in ${(26 + rng.float(0, 1)).toFixed(3)} seconds (process running for ${(27 + rng.float(0, 1)).toFixed(2)})`,
    {},
    "pattern",
    "main",
  );

  // ---- fraud-scoring (python-json-logger)
  const py = (tt: number, name: string, levelname: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null) => {
    tl.add(tt, { asctime: asctime(tt), name, levelname, message, service: "fraud-scoring", host: "fraud-scoring-2", ...extra }, label);
  };
  poisson(rng, start, end, 8 * SEC, (tt) => {
    const claimId = `CLM-${claimSeq - rng.int(1, 30)}`;
    py(
      tt,
      "fraud.model",
      "INFO",
      "claim scored",
      { claim_id: claimId, score: round(rng.float(0.01, 0.6), 3), model: "gbm-fraud-2025.06", elapsed_ms: round(healthy(rng, 60), 1) },
      null,
    );
    const cb = tt + rng.float(50, 300);
    if (down(cb) || (cb > oomAt - 40 * SEC && cb < oomAt && rng.chance(0.5))) {
      const refused = down(cb);
      py(
        cb,
        "fraud.callback",
        "ERROR",
        `callback to claims-intake failed: ${refused ? "ConnectionRefusedError: [Errno 111] Connection refused" : "HTTP 503 Service Unavailable"}`,
        { claim_id: claimId, url: "http://claims-intake:8080/internal/claims/score", attempt: 1 },
        "error",
      );
      return;
    }
    py(cb, "fraud.callback", "INFO", "score posted to claims-intake", { claim_id: claimId, status: 204, elapsed_ms: round(healthy(rng, 15), 1) }, null);
  });
  poisson(rng, start, end, 15 * MIN, (tt) => {
    py(tt, "fraud.features", "WARNING", "feature 'garage_postcode_risk' missing, imputing median", { claim_id: `CLM-${claimSeq - rng.int(1, 30)}` }, null);
  });

  return tl.build(
    "claims-jvm-humongous-gc-oom",
    "Insurance claims: huge scanned PDFs from a catastrophe bulk upload fill a G1 heap (humongous allocations, to-space exhausted, full GCs), requests slow down, the JVM dies of OOM and restarts (Docker-wrapped GC log + logback JSON, python-json-logger).",
  );
}
