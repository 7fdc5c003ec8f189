// Library self-checkout, about five hours. circulation-api (Spring Boot, G1, 1 GiB heap) leaks patron-session objects
// after a release: the heap left after each young collection climbs from ~250 MiB to the limit, collections come
// faster and longer, requests slow down, the liveness probe times out, then "OutOfMemoryError: Java heap space" ends
// the JVM. Kubernetes restarts the container; kiosks go offline for under a minute and replay their queue after.
//
// Producers: circulation-api (logback JSON, plus JVM unified GC lines in Docker json-file envelopes with Fluent Bit
// Kubernetes metadata), kiosk-agent (pino, six kiosks), sip2-bridge (zap), Kubernetes events (events.k8s.io/v1).
// Healthy bands: heap after a young GC 150-410 MiB of 1024 MiB (15-40 %); checkout 80 ms, renewal 40 ms, return 30 ms
// (durationMs); kiosk "checkout confirmed" ~100 ms (responseTime); sorter check-in via SIP2 ~45 ms. Healthy values
// stay within 3x of the median.
// Routine noise (null): checkouts blocked for fines (WARN), RFID misreads (WARN), receipt printer out of paper (ERROR),
// SIP2 checksum retries (WARN).
// Labelled: GC lines above the band, to-space exhaustion, full GCs and the OOM (memory); slow requests and liveness
// probe timeouts (performance); refused connections and failed SIP2 check-ins while it is down (error); the
// restart events, the application's restart and the kiosks' offline mode and replay (pattern).
import { arrivals, epochS, HOUR, isoJvm, isoMicro, isoNano, isoOffset, type Label, LogBook } from "./rng.js";
import { type Log, MIN, Rng, round, SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function librarySelfcheckoutHeapOom(seed: number): Scenario {
  const r = new Rng(seed, 707);
  const t0 = startOf(r);
  const span = 5 * HOUR + r.int(-10, 10) * MIN;
  const end = t0 + span;
  const book = new LogBook();
  const leakFrom = t0 + span * r.float(0.12, 0.18);
  const oomAt = t0 + span * r.float(0.66, 0.72);
  const startedAt = oomAt + r.int(35, 55) * SEC;
  const pod = r.pod("circulation-api");
  const podIp = `10.2.${r.int(0, 9)}.${r.int(2, 250)}`;
  const version = `4.${r.int(10, 14)}.${r.int(0, 5)}`;
  const kiosks = Array.from({ length: 6 }, (_, i) => `kiosk-${String(i + 1).padStart(2, "0")}`);
  const barcode = (): string => `3${r.digits(13)}`;
  const patron = (): string => `P${r.digits(8)}`;

  // Heap left after a young GC, in MiB: a healthy base plus the leak, which reaches the limit at the OOM.
  const base = r.float(200, 300);
  const heapAfter = (t: number): number => {
    const jitter = r.float(-45, 90);
    if (t < leakFrom || t >= startedAt) return Math.min(400, Math.max(150, base + jitter));
    const f = (t - leakFrom) / (oomAt - leakFrom);
    return Math.min(1020, base + jitter + f ** 1.3 * (1024 - base));
  };
  const distress = (t: number): boolean => t < oomAt && heapAfter(t) > 830;

  const logback = (level: string, logger: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `http-nio-8080-exec-${r.int(1, 20)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "circulation-api",
    host: pod,
    ...extra,
  });
  const docker = (stream: string, line: string) => (t: number) => ({
    log: `${line}\n`,
    stream,
    time: isoNano(t),
    kubernetes: {
      pod_name: pod,
      namespace_name: "library",
      container_name: "circulation-api",
      labels: { app: "circulation-api" },
    },
  });
  const gcLine = (t: number, text: string) => docker("stdout", `[${isoJvm(t)}][info][gc] ${text}`);
  const pino = (kiosk: string, level: number, msg: string, extra: Log) => (t: number) => ({
    level,
    time: t,
    pid: 1,
    hostname: kiosk,
    name: "kiosk-agent",
    ...extra,
    msg,
  });
  const zap = (level: string, msg: string, extra: Log) => (t: number) => ({
    level,
    ts: epochS(t),
    caller: "sip2/session.go:142",
    msg,
    service: "sip2-bridge",
    ...extra,
  });
  const event =
    (type: string, reason: string, note: string, name = pod, container = "circulation-api") =>
    (t: number) => ({
      kind: "Event",
      apiVersion: "events.k8s.io/v1",
      metadata: { name: `${name}.${r.hex(16)}`, namespace: "library" },
      eventTime: isoMicro(t),
      type,
      reason,
      note,
      regarding: { kind: "Pod", name, namespace: "library", fieldPath: `spec.containers{${container}}` },
      reportingController: "kubelet",
      reportingInstance: `node-${r.int(1, 6)}`,
    });

  // GC: faster and longer as the old generation fills; the counter restarts with the JVM.
  let gc = r.int(200, 900);
  for (let t = t0 + r.int(1, 40) * SEC; t < end; ) {
    if (t >= oomAt && t < startedAt) {
      t = startedAt + r.int(20, 40) * SEC;
      gc = 0;
      continue;
    }
    const after = Math.round(heapAfter(t));
    const before = Math.min(1024, after + r.int(280, 420));
    const frac = after / 1024;
    const over = after > 410;
    const pause = frac > 0.8 ? r.float(25, 140) : r.float(3, 14);
    const sizes = `${before}M->${after}M(1024M)`;
    const text = `GC(${gc++}) Pause Young (Normal) (G1 Evacuation Pause) ${sizes} ${pause.toFixed(3)}ms`;
    book.add(t, over ? "memory" : null, gcLine(t, text));
    if (frac > 0.93 && t < oomAt) {
      book.add(t + 3, "memory", gcLine(t + 3, `GC(${gc - 1}) To-space exhausted`));
      const fullSizes = `1023M->${r.int(990, 1015)}M(1024M)`;
      const full = `GC(${gc++}) Pause Full (G1 Compaction Pause) ${fullSizes} ${r.float(900, 2600).toFixed(3)}ms`;
      book.add(t + 600, "memory", gcLine(t + 600, full));
    }
    const every = frac > 0.8 ? r.float(6, 14) : frac > 0.5 ? r.float(15, 30) : r.float(35, 55);
    t += every * SEC;
  }

  // Requests to circulation-api.
  const LOANS = "org.library.circulation.LoanService";
  const ops = [
    ["checkout", 80, 4],
    ["renewal", 40, 1.5],
    ["return", 30, 2.5],
  ] as const;
  for (const [op, median, rate] of ops) {
    for (const t of arrivals(r, t0, end, rate)) {
      const kiosk = r.pick(kiosks);
      const down = t >= oomAt && t < startedAt + 5 * SEC;
      if (down) {
        if (op === "checkout") {
          const err = { type: "Error", code: "ECONNREFUSED", message: `connect ECONNREFUSED ${podIp}:8080` };
          book.add(t, "error", pino(kiosk, 50, "circulation-api unreachable", { err, op }));
        } else if (op === "return") {
          const msg = "SIP2 checkin failed: upstream circulation-api unreachable";
          book.add(t, "error", zap("error", msg, { item: barcode() }));
        }
        continue;
      }
      const slow = distress(t) && r.chance(0.75);
      const ms = slow ? r.slow(median, 8, 30) : r.healthy(median);
      const label: Label = slow ? "performance" : null;
      const item = barcode();
      const who = patron();
      const msg =
        op === "checkout"
          ? `Checkout completed for item ${item} patron ${who}`
          : op === "renewal"
            ? `Renewal processed for item ${item} patron ${who}`
            : `Return processed for item ${item}`;
      book.add(t + ms, label, logback("INFO", LOANS, msg, { durationMs: Math.round(ms) }));
      if (op === "checkout") {
        const rt = ms + r.healthy(20);
        book.add(t + rt, label, pino(kiosk, 30, "checkout confirmed", { item, responseTime: Math.round(rt) }));
      } else if (op === "return") {
        const sip = ms + r.healthy(15);
        book.add(t + sip, label, zap("info", "SIP2 checkin ok", { item, duration: `${sip.toFixed(1)}ms` }));
      }
    }
  }

  // Around the OOM.
  const oomTrace =
    "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n" +
    "\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)\n" +
    "\tat org.library.circulation.session.PatronSessionRegistry.track(PatronSessionRegistry.java:61)";
  const oomMsg = `Unexpected error processing checkout for item ${barcode()}`;
  const advice = "org.library.circulation.web.ErrorAdvice";
  book.add(oomAt - 400, "memory", logback("ERROR", advice, oomMsg, { stack_trace: oomTrace }));
  book.add(oomAt, "memory", docker("stderr", "Terminating due to java.lang.OutOfMemoryError: Java heap space"));
  let probe = oomAt - span * 0.04;
  for (let k = 0; k < 3; k++) {
    const url = `http://${podIp}:8080/actuator/health/liveness`;
    const why = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
    const note = `Liveness probe failed: Get "${url}": ${why}`;
    book.add(probe, "performance", event("Warning", "Unhealthy", note));
    probe += r.int(4, 9) * MIN;
  }
  const image = `registry.library.internal/circulation-api:${version}`;
  const pulled = `Container image "${image}" already present on machine`;
  book.add(oomAt + 6 * SEC, "pattern", event("Normal", "Pulled", pulled));
  book.add(oomAt + 7 * SEC, "pattern", event("Normal", "Created", "Created container circulation-api"));
  book.add(oomAt + 8 * SEC, "pattern", event("Normal", "Started", "Started container circulation-api"));
  const boot = "org.library.circulation.CirculationApplication";
  const starting = `Starting CirculationApplication v${version} using Java 17.0.10 with PID 1`;
  book.add(oomAt + 10 * SEC, "pattern", logback("INFO", boot, starting, { thread_name: "main" }));
  const took = round((startedAt - oomAt - 10 * SEC) / 1000, 2);
  const started = `Started CirculationApplication in ${took} seconds (process running for ${round(took + 1.4, 1)})`;
  book.add(startedAt, "pattern", logback("INFO", boot, started, { thread_name: "main" }));
  for (const kiosk of kiosks) {
    const off = oomAt + r.int(2, 20) * SEC;
    book.add(off, "pattern", pino(kiosk, 40, "switched to offline checkout mode, queueing transactions", {}));
    const n = r.int(0, 6);
    const replay = `offline queue replayed: ${n} transactions`;
    book.add(startedAt + r.int(5, 40) * SEC, "pattern", pino(kiosk, 30, replay, {}));
  }

  // Routine noise.
  for (const t of arrivals(r, t0, end, 0.3)) {
    const msg = `Checkout blocked for patron ${patron()}: fines above threshold`;
    book.add(t, null, logback("WARN", "org.library.circulation.LoanService", msg, {}));
  }
  for (const t of arrivals(r, t0, end, 0.5)) {
    book.add(t, null, pino(r.pick(kiosks), 40, "RFID tag read failed, patron asked to reposition item", {}));
  }
  for (const t of arrivals(r, t0, end, 0.03)) {
    book.add(t, null, pino(r.pick(kiosks), 50, "receipt printer out of paper", {}));
  }
  for (const t of arrivals(r, t0, end, 0.1)) {
    book.add(t, null, zap("warn", "SIP2 checksum error from sorter, message re-requested", { seq: r.int(0, 9) }));
  }
  // The hourly overdue-notices CronJob starts a pod every hour: routine restarts of another workload.
  for (const t of ticks(r, t0 + r.int(1, 59) * MIN, end, HOUR, 0.002)) {
    const job = `overdue-notices-${Math.floor(t / HOUR)}-${r.lower(5)}`;
    book.add(t, null, event("Normal", "Created", "Created container overdue-notices", job, "overdue-notices"));
    book.add(t + 900, null, event("Normal", "Started", "Started container overdue-notices", job, "overdue-notices"));
  }

  return {
    name: "library-selfcheckout-heap-oom",
    description: "Library circulation-api leaks heap to OutOfMemoryError; slow checkouts, restart, kiosks go offline",
    ...book.build(),
  };
}
