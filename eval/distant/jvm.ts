// JVM heap incidents: G1's old generation creeping to a Full GC in a request service, and
// Parallel GC's overhead limit in a batch job whose heap reports stay at INFO.

import type { Scenario } from "../blind/types.js";
import { type Entry, GiB, HOUR, Incident, iso, isoOffset, type Label, MIN, Rng, SEC, startOf } from "./lib.js";

const LEVEL_VALUE: Record<string, number> = { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };

/** logstash-logback-encoder's default shape. */
function logback(t: number, level: string, logger: string, thread: string, message: string, extra: Entry = {}): Entry {
  return {
    "@timestamp": isoOffset(t, 0),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: LEVEL_VALUE[level] ?? 20000,
    ...extra,
  };
}

const OOM_HEAP_STACK = [
  "java.lang.OutOfMemoryError: Java heap space",
  "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
  "\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)",
  "\tat java.base/java.util.ArrayList.add(ArrayList.java:486)",
  "\tat com.acme.orders.events.OrderEventReplayCache.record(OrderEventReplayCache.java:74)",
  "\tat com.acme.orders.service.OrderService.place(OrderService.java:212)",
  "\tat com.acme.orders.api.OrderController.create(OrderController.java:58)",
].join("\n");

/** order-service: the heap left after each young collection climbs for two hours until G1 gives up. */
export function orderServiceG1OldGenCreep(seed: number): Scenario {
  const rng = new Rng(seed, "order-service-g1-old-gen-creep");
  const start = startOf(rng, 5, 16);
  const inc = new Incident(start, start + rng.int(170, 200) * MIN);
  const host = `ip-10-42-${rng.int(1, 15)}-${rng.int(2, 250)}`;
  const maxM = 4096;
  const leakFrom = inc.at(rng.float(0.2, 0.32));
  const crashAt = inc.at(rng.float(0.86, 0.9));
  const restartAt = crashAt + rng.int(25, 50) * SEC;
  const baseOld = rng.int(620, 820);
  let jvmStart = start - rng.int(2, 30) * HOUR;
  let offset = rng.int(100000, 900000);
  const oldAfter = (t: number): number => {
    if (t >= restartAt) return baseOld * 0.85 + rng.normal(0, 35);
    if (t < leakFrom) return baseOld + rng.normal(0, 40);
    return baseOld + ((t - leakFrom) / (crashAt - leakFrom)) ** 1.15 * (maxM - 60 - baseOld) + rng.normal(0, 25);
  };
  const gc = (t: number, text: string, label: Label): void => {
    const logged = t - rng.float(20, 400);
    const line = `[${isoOffset(logged, 0, true)}][${((logged - jvmStart) / 1000).toFixed(3)}s][info][gc] ${text}`;
    offset += line.length + 1;
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        message: line,
        log: { file: { path: "/var/log/order-service/gc.log" }, offset },
        input: { type: "filestream" },
        host: { name: host },
        agent: { type: "filebeat", version: "8.13.4" },
        service: { name: "order-service" },
        ecs: { version: "8.0.0" },
      },
      label,
    );
  };

  // The GC log: young pauses whose interval shrinks as the old generation leaves less room for eden.
  let id = rng.int(900, 4000);
  let t = start + rng.float(0, 20) * SEC;
  let pressure = 0;
  while (t < inc.end) {
    if (t >= crashAt && t < restartAt) {
      t = restartAt + rng.float(18, 30) * SEC;
      jvmStart = restartAt;
      id = 0;
      gc(t - 9 * SEC, "Using G1", null);
      continue;
    }
    const after = Math.max(300, Math.min(maxM - 20, oldAfter(t)));
    pressure = after / maxM;
    const leaking = t >= leakFrom && t < crashAt && pressure > 0.5;
    const label: Label = leaking ? "memory" : null;
    const eden = Math.max(90, Math.min(2300, (maxM - after) * 0.62));
    const before = after + eden * rng.float(0.93, 1.0);
    const pause = pressure > 0.85 ? rng.float(60, 240) : pressure > 0.6 ? rng.float(20, 70) : rng.float(6, 24);
    const concurrent = pressure > 0.45 && t < crashAt && rng.chance(0.22);
    const kind = concurrent
      ? "Pause Young (Concurrent Start) (G1 Evacuation Pause)"
      : pressure > 0.55 && rng.chance(0.3)
        ? "Pause Young (Mixed) (G1 Evacuation Pause)"
        : "Pause Young (Normal) (G1 Evacuation Pause)";
    gc(t, `GC(${id++}) ${kind} ${Math.round(before)}M->${Math.round(after)}M(${maxM}M) ${pause.toFixed(3)}ms`, label);
    if (concurrent) {
      const c = id++;
      const markMs = rng.float(400, 2600) * (1 + pressure);
      gc(t + 5, `GC(${c}) Concurrent Mark Cycle`, label);
      gc(t + markMs, `GC(${c}) Pause Remark ${Math.round(after + 40)}M->${Math.round(after + 25)}M(${maxM}M) ${rng.float(8, 40).toFixed(3)}ms`, label);
      gc(t + markMs + 30, `GC(${c}) Pause Cleanup ${Math.round(after + 25)}M->${Math.round(after + 25)}M(${maxM}M) ${rng.float(0.2, 1.5).toFixed(3)}ms`, label);
      gc(t + markMs + 35, `GC(${c}) Concurrent Mark Cycle ${markMs.toFixed(3)}ms`, label);
    }
    if (pressure > 0.92 && t < crashAt && rng.chance(0.6)) {
      const f = id++;
      gc(t + 2, `GC(${f}) To-space exhausted`, "memory");
      const fAfter = Math.round(Math.min(maxM - 8, after + rng.int(-40, 30)));
      gc(
        t + rng.float(1800, 4200),
        `GC(${f}) Pause Full (G1 Compaction Pause) ${maxM - rng.int(1, 9)}M->${fAfter}M(${maxM}M) ${rng.float(1900, 4800).toFixed(3)}ms`,
        "memory",
      );
    }
    const allocMBps = rng.float(34, 46);
    t += (eden / allocMBps) * SEC * rng.float(0.85, 1.15);
  }

  // The crash: heap space errors in request threads, the JVM exits, the container restarts it.
  for (let i = 0; i < rng.int(3, 5); i++) {
    const tt = crashAt - rng.float(0, 25) * SEC;
    inc.add(
      tt,
      logback(
        tt,
        "ERROR",
        "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
        `http-nio-8080-exec-${rng.int(1, 200)}`,
        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
        { stack_trace: OOM_HEAP_STACK },
      ),
      "memory",
    );
  }
  inc.add(
    crashAt,
    {
      "@timestamp": iso(crashAt),
      message: "Terminating due to java.lang.OutOfMemoryError: Java heap space",
      stream: "stderr",
      host: { name: host },
      service: { name: "order-service" },
    },
    "memory",
  );
  const boot = [
    "Starting OrderServiceApplication v3.8.2 using Java 17.0.10 with PID 1 (/app/app.jar started by app in /app)",
    'The following 1 profile is active: "prod"',
    "Tomcat initialized with port 8080 (http)",
    "HikariPool-1 - Starting...",
    "HikariPool-1 - Start completed.",
    "Tomcat started on port 8080 (http) with context path ''",
    `Started OrderServiceApplication in ${rng.float(11, 16).toFixed(3)} seconds (process running for ${rng.float(16, 19).toFixed(3)})`,
  ];
  boot.forEach((m, i) => {
    const tt = restartAt + i * rng.float(900, 2500);
    inc.add(tt, logback(tt, "INFO", i === 0 || i === 6 ? "com.acme.orders.OrderServiceApplication" : "org.springframework.boot.StartupInfoLogger", "main", m));
  });

  // Periodic jobs and routine noise.
  inc.every(30 * SEC, 2 * SEC, rng, (tt) => {
    if (tt > crashAt - 5 * SEC && tt < restartAt + 20 * SEC) return;
    inc.add(tt, logback(tt, "INFO", "com.acme.orders.outbox.OutboxPublisher", "scheduling-1", `Published ${rng.int(0, 40)} outbox events to topic orders.v1`));
  });
  inc.every(10 * MIN, 20 * SEC, rng, (tt) => {
    inc.add(
      tt,
      logback(
        tt,
        "INFO",
        "com.acme.orders.pricing.PriceRuleCache",
        "scheduling-1",
        `Price rules refreshed: ${rng.int(1180, 1260)} rules loaded in ${rng.int(120, 340)} ms`,
      ),
    );
  });
  const hikari = inc.at(rng.float(0.05, 0.18));
  inc.add(
    hikari,
    logback(
      hikari,
      "WARN",
      "com.zaxxer.hikari.pool.HikariPool",
      "HikariPool-1 housekeeper",
      "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m4s59ms).",
    ),
  );

  const routes: [string, string, number, number][] = [
    ["POST", "/api/orders", 85, 0.3],
    ["GET", "/api/orders/{id}", 22, 0.34],
    ["GET", "/api/orders", 58, 0.18],
    ["POST", "/api/orders/{id}/cancel", 70, 0.06],
    ["GET", "/api/orders/export", 1900, 0.02],
  ];
  inc.fill(rng.int(3300, 4700), rng, (tt) => {
    if (tt > crashAt - 3 * SEC && tt < restartAt + 15 * SEC) return;
    const [method, route, median] = rng.weighted(routes.map((r) => [r, r[3]] as const));
    const uri = route.replace("{id}", String(rng.int(1000000, 9999999)));
    const thread = `http-nio-8080-exec-${rng.int(1, 200)}`;
    const trace = { trace_id: rng.hex(32), span_id: rng.hex(16) };
    const r = rng.next();
    if (r < 0.025) {
      inc.add(
        tt,
        logback(
          tt,
          "WARN",
          "com.acme.orders.inventory.ReservationClient",
          thread,
          `Inventory reservation conflict for sku=SKU-${rng.int(10000, 99999)}, retrying (attempt ${rng.int(2, 3)}/3)`,
          trace,
        ),
      );
      return;
    }
    if (r < 0.035) {
      inc.add(
        tt,
        logback(
          tt,
          "ERROR",
          "com.acme.orders.payment.PaymentGateway",
          thread,
          `Payment authorization declined for order ${rng.int(1000000, 9999999)}: ${rng.pick(["card_declined", "insufficient_funds", "expired_card"])}`,
          trace,
        ),
      );
      return;
    }
    let ms = rng.logn(median, 0.45);
    let label: Label = null;
    const p = Math.max(0, Math.min(maxM, oldAfter(tt)) / maxM);
    if (tt >= leakFrom && tt < crashAt && p > 0.75 && rng.chance((p - 0.75) * 2.5)) {
      ms += rng.float(900, 5200);
      label = "performance";
    }
    const status = method === "POST" && route === "/api/orders" ? 201 : rng.chance(0.03) ? 404 : 200;
    inc.add(
      tt,
      logback(tt, "INFO", "com.acme.orders.web.RequestLoggingFilter", thread, `${method} ${uri} completed with status ${status}`, {
        ...trace,
        http_method: method,
        uri,
        status,
        duration_ms: Math.round(ms),
      }),
      label,
    );
  });

  return inc.build(
    "order-service-g1-old-gen-creep",
    "order-service's heap after young GCs climbs from ~20% to full over two hours (leaking replay cache), ending in To-space exhausted, Full GCs, slow requests and a Java heap space OOM restart",
  );
}
// ---------------------------------------------------------------------------------------------
/** log4j2's JsonLayout (compact, eventEol), timeMillis as the time. */
function log4j2(t: number, level: string, logger: string, thread: string, message: string, thrown?: Entry): Entry {
  const e: Entry = {
    timeMillis: Math.floor(t),
    thread,
    level,
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    threadId: thread === "main" ? 1 : 40 + ((thread.length * 7) % 90),
    threadPriority: 5,
  };
  if (thrown) e.thrown = thrown;
  return e;
}

/** reporting-batch: a quarterly reconciliation loads every ledger row at once; Parallel GC spends all its time collecting. */
export function reportingBatchGcOverhead(seed: number): Scenario {
  const rng = new Rng(seed, "reporting-batch-gc-overhead-limit");
  const start = startOf(rng, 0, 3);
  const inc = new Incident(start, start + rng.int(200, 260) * MIN);
  const maxHeap = 4 * GiB;
  const reconStart = inc.at(rng.float(0.42, 0.55));
  const oomAt = reconStart + rng.int(22, 34) * MIN;
  const restartAt = oomAt + rng.int(14, 24) * MIN;
  const heapAt = (t: number): number => {
    if (t >= reconStart && t < restartAt) {
      const x = Math.min(1, (t - reconStart) / (oomAt - reconStart));
      return Math.min(maxHeap * 0.995, maxHeap * (0.45 + 0.545 * Math.sqrt(x)) + rng.normal(0, 0.004) * maxHeap);
    }
    return maxHeap * rng.float(0.22, 0.68);
  };

  // The JVM memory reporter, once a minute, at INFO whatever the figure.
  inc.every(MIN, 1500, rng, (t) => {
    const used = heapAt(t);
    const committed = Math.max(used * 1.05, maxHeap * 0.5);
    const pct = used / maxHeap;
    const label: Label = t >= reconStart && t < restartAt && pct > 0.85 ? "memory" : null;
    inc.add(
      t,
      log4j2(
        t,
        "INFO",
        "com.acme.reporting.ops.JvmMemoryReporter",
        "jvm-memory-reporter",
        `JVM memory: heap used=${(used / GiB).toFixed(2)} GiB committed=${(Math.min(committed, maxHeap) / GiB).toFixed(2)} GiB max=4.00 GiB, non-heap used=${rng.int(176, 192)} MiB, gc=PS Scavenge/PS MarkSweep`,
      ),
      label,
    );
  });

  // Jobs every 15 minutes; the reconciliation once, and it never finishes.
  const jobs = ["dailyLedgerExport", "settlementSummary", "feeAccrualReport"];
  let runId = rng.int(18000, 24000);
  inc.every(15 * MIN, 20 * SEC, rng, (t, i) => {
    const job = jobs[i % jobs.length]!;
    const broken = t >= oomAt - 2 * MIN && t < restartAt;
    const id = runId++;
    inc.add(
      t,
      log4j2(
        t,
        "INFO",
        "org.springframework.batch.core.launch.support.SimpleJobLauncher",
        "scheduler-1",
        `Job: [SimpleJob: [name=${job}]] launched with the following parameters: [{run.id=${id}}]`,
      ),
    );
    let tt = t + rng.int(40, 200);
    for (const step of ["read", "aggregate", "write"]) {
      inc.add(tt, log4j2(tt, "INFO", "org.springframework.batch.core.job.SimpleStepHandler", "scheduler-1", `Executing step: [${job}.${step}]`));
      const chunks = rng.int(3, 9);
      for (let c = 1; c <= chunks; c++) {
        tt += rng.int(800, 4000);
        if (broken && step === "aggregate" && c === 2) {
          inc.add(
            tt,
            log4j2(
              tt,
              "ERROR",
              "org.springframework.batch.core.step.AbstractStep",
              "scheduler-1",
              `Encountered an error executing step ${job}.${step} in job ${job}`,
              {
                commonElementCount: 0,
                localizedMessage: "Java heap space",
                message: "Java heap space",
                name: "java.lang.OutOfMemoryError",
                extendedStackTrace:
                  "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.math.BigDecimal.add(BigDecimal.java:1410)\n\tat com.acme.reporting.jobs.LedgerAggregator.process(LedgerAggregator.java:61)",
              },
            ),
            "memory",
          );
          tt += rng.int(50, 300);
          inc.add(
            tt,
            log4j2(
              tt,
              "INFO",
              "org.springframework.batch.core.launch.support.SimpleJobLauncher",
              "scheduler-1",
              `Job: [SimpleJob: [name=${job}]] completed with the following parameters: [{run.id=${id}}] and the following status: [FAILED] in ${((tt - t) / 1000).toFixed(0)}s${rng.int(0, 999)}ms`,
            ),
            "error",
          );
          return;
        }
        inc.add(
          tt,
          log4j2(
            tt,
            "DEBUG",
            "com.acme.reporting.batch.ChunkListener",
            "scheduler-1",
            `Committed chunk ${c}/${chunks} of ${job}.${step} (${rng.int(1, 5) * 1000} items)`,
          ),
        );
        if (step === "read" && rng.chance(0.2))
          inc.add(
            tt + 3,
            log4j2(
              tt + 3,
              "WARN",
              "com.acme.reporting.batch.LedgerRowReader",
              "scheduler-1",
              `Skipping invalid ledger row ${rng.int(100000, 999999)}: missing currency code`,
            ),
          );
      }
      inc.add(
        tt,
        log4j2(
          tt,
          "INFO",
          "org.springframework.batch.core.step.AbstractStep",
          "scheduler-1",
          `Step: [${job}.${step}] executed in ${rng.int(2, 14)}s${rng.int(0, 999)}ms`,
        ),
      );
    }
    if (job === "dailyLedgerExport") {
      tt += rng.int(500, 3000);
      if (rng.chance(0.3)) {
        inc.add(
          tt,
          log4j2(tt, "ERROR", "com.acme.reporting.export.SftpUploader", "scheduler-1", "SFTP upload attempt 1 failed: Connection reset; retrying in 30s"),
        );
        tt += 30 * SEC + rng.int(200, 900);
      }
      inc.add(
        tt,
        log4j2(
          tt,
          "INFO",
          "com.acme.reporting.export.SftpUploader",
          "scheduler-1",
          `Uploaded ledger-export-${id}.csv.gz (${rng.int(12, 40)}.${rng.int(0, 9)} MB) to sftp://partner-drop/inbound`,
        ),
      );
    }
    inc.add(
      tt + 20,
      log4j2(
        tt + 20,
        "INFO",
        "org.springframework.batch.core.launch.support.SimpleJobLauncher",
        "scheduler-1",
        `Job: [SimpleJob: [name=${job}]] completed with the following parameters: [{run.id=${id}}] and the following status: [COMPLETED] in ${Math.round((tt - t) / 1000)}s${rng.int(0, 999)}ms`,
      ),
    );
  });

  const reconRun = runId + 40;
  // The reconciliation: progress lines, then the GC notification listener's warnings, then the overhead limit.
  inc.add(
    reconStart,
    log4j2(
      reconStart,
      "INFO",
      "org.springframework.batch.core.launch.support.SimpleJobLauncher",
      "scheduler-2",
      `Job: [FlowJob: [name=quarterlyReconciliation]] launched with the following parameters: [{quarter=2025Q${rng.int(1, 4)}, run.id=${reconRun}}]`,
    ),
  );
  inc.add(
    reconStart + 90,
    log4j2(reconStart + 90, "INFO", "org.springframework.batch.core.job.SimpleStepHandler", "scheduler-2", "Executing step: [loadLedgerIntoMemory]"),
  );
  let loaded = 0;
  for (let t = reconStart + 20 * SEC; t < oomAt; t += rng.float(25, 50) * SEC) {
    loaded += rng.int(380000, 520000);
    inc.add(t, log4j2(t, "INFO", "com.acme.reporting.recon.LedgerLoader", "scheduler-2", `Loaded ${loaded} ledger rows into reconciliation index`));
  }
  for (let t = reconStart + rng.int(9, 13) * MIN; t < oomAt; t += rng.float(6, 40) * SEC * (1 - 0.8 * ((t - reconStart) / (oomAt - reconStart)))) {
    const used = heapAt(t);
    const took = rng.int(1400, 2600) + Math.round(((t - reconStart) / (oomAt - reconStart)) * 4200);
    const afterG = Math.min(maxHeap * 0.992, used);
    const beforeG = Math.min(maxHeap * 0.999, afterG + rng.float(0.004, 0.02) * maxHeap);
    inc.add(
      t,
      log4j2(
        t,
        "WARN",
        "com.acme.reporting.ops.GcNotificationListener",
        "Service Thread",
        `GC PS MarkSweep (end of major GC, cause Ergonomics) took ${took} ms; heap ${(beforeG / GiB).toFixed(2)} GiB -> ${(afterG / GiB).toFixed(2)} GiB of 3.98 GiB`,
      ),
      "memory",
    );
  }
  inc.add(
    oomAt,
    log4j2(
      oomAt,
      "ERROR",
      "org.springframework.batch.core.step.AbstractStep",
      "scheduler-2",
      "Encountered an error executing step loadLedgerIntoMemory in job quarterlyReconciliation",
      {
        commonElementCount: 0,
        localizedMessage: "GC overhead limit exceeded",
        message: "GC overhead limit exceeded",
        name: "java.lang.OutOfMemoryError",
        extendedStackTrace:
          "java.lang.OutOfMemoryError: GC overhead limit exceeded\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)\n\tat java.base/java.util.HashMap.putVal(HashMap.java:661)\n\tat com.acme.reporting.recon.LedgerIndex.put(LedgerIndex.java:44)\n\tat com.acme.reporting.recon.LedgerLoader.load(LedgerLoader.java:93)",
      },
    ),
    "memory",
  );
  inc.add(
    oomAt + 700,
    log4j2(
      oomAt + 700,
      "INFO",
      "org.springframework.batch.core.launch.support.SimpleJobLauncher",
      "scheduler-2",
      `Job: [FlowJob: [name=quarterlyReconciliation]] completed with the following parameters: [{run.id=${reconRun}}] and the following status: [FAILED]`,
    ),
    "error",
  );
  inc.add(
    oomAt + 4 * SEC,
    log4j2(
      oomAt + 4 * SEC,
      "ERROR",
      "com.acme.reporting.ops.JvmMemoryReporter",
      "jvm-memory-reporter",
      'Exception in thread "kafka-producer-network-thread | reporting" java.lang.OutOfMemoryError: GC overhead limit exceeded',
    ),
    "memory",
  );
  inc.add(
    restartAt,
    log4j2(
      restartAt,
      "INFO",
      "com.acme.reporting.ReportingBatchApplication",
      "main",
      "Starting ReportingBatchApplication v2.31.0 using Java 11.0.22 with PID 1",
    ),
  );
  inc.add(
    restartAt + 9 * SEC,
    log4j2(
      restartAt + 9 * SEC,
      "INFO",
      "com.acme.reporting.ReportingBatchApplication",
      "main",
      `Started ReportingBatchApplication in ${rng.float(7, 10).toFixed(3)} seconds (JVM running for ${rng.float(10, 12).toFixed(3)})`,
    ),
  );

  // Kafka consumer of ledger events, the bulk of the log.
  inc.fill(rng.int(2600, 3800), rng, (t) => {
    const r = rng.next();
    const part = rng.int(0, 11);
    if (r < 0.015)
      inc.add(
        t,
        log4j2(
          t,
          "WARN",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
          "ledger-consumer-0",
          `[Consumer clientId=reporting-0, groupId=reporting] Offset commit failed on partition ledger.events-${part} at offset ${rng.int(1000000, 9000000)}: The request timed out.`,
        ),
      );
    else if (r < 0.02)
      inc.add(
        t,
        log4j2(
          t,
          "INFO",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
          "ledger-consumer-0",
          "[Consumer clientId=reporting-0, groupId=reporting] Request joining group due to: need to re-join with the given member-id",
        ),
      );
    else
      inc.add(
        t,
        log4j2(
          t,
          "DEBUG",
          "com.acme.reporting.ingest.LedgerEventConsumer",
          `ledger-consumer-${rng.int(0, 3)}`,
          `Applied ${rng.int(1, 500)} ledger events from partition ${part} (lag ${rng.int(0, 1200)})`,
        ),
      );
  });

  return inc.build(
    "reporting-batch-gc-overhead-limit",
    "reporting-batch: the quarterly reconciliation loads the whole ledger into a HashMap; heap reports at INFO climb to 99%, major GCs take seconds, and the JVM throws GC overhead limit exceeded, failing the job and the next export",
  );
}
