/**
 * s12 fhir-heap-leak: a hospital's FHIR server (HAPI FHIR on Spring Boot, two pods, 4 GiB heap)
 * over five hours. Its JVM unified GC log (-Xlog:gc) is shipped by Filebeat as ECS JSON
 * (event.dataset jvm.gc, messages as the JVM writes them: "GC(812) Pause Young (Normal) (G1
 * Evacuation Pause) 1843M->702M(4096M) 14.210ms", concurrent mark cycles, remarks, mixed
 * collections); its application log is log4j2 EcsLayout JSON (request lines with the time in
 * the message and event.duration in ns). Beside it: patient-portal-bff (pino) calling it, and
 * hl7-bridge (python-json-logger) posting ADT messages to it; Kubernetes events for the pods.
 * After a deploy early in the window (a subscription cache that never evicts), the old generation
 * left after each collection climbs on both pods, one faster than the other; pauses grow, mixed
 * collections stop reclaiming, Full GCs and to-space exhaustion follow, requests stall behind the
 * pauses, and the faster pod throws OutOfMemoryError: Java heap space, dumps its heap, is
 * OOMKilled by the kubelet and restarts; the other pod is still climbing at the end.
 * Labels: GC lines whose heap after collection exceeds 1040M (healthy: at most about 900M of
 * 4096M, so 15 % over it) or whose pause exceeds three times the healthy maximum, Full GCs,
 * to-space exhaustion, OutOfMemoryError lines, the heap dump, the OOMKilled and restart events and the restarted
 * server's startup lines are memory; requests stalled past three times their healthy maximum (on
 * the FHIR server and in the BFF) are performance; the BFF's and the bridge's failed calls while
 * the pod is down are error.
 */
import { asctime, HOUR, iso, type Label, ln, MIN, podName, SEC, Timeline, ticks, uniformTimes, uuid } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

interface Jvm {
  pod: string;
  gcId: number;
  old: number; // MiB live after a young collection
  base: number; // live heap when the leak started (or the JVM restarted)
  from: number; // when the leak started (or the JVM restarted)
  rate: number; // MiB per hour once leaking
  up: number; // instant the JVM started
  down: [number, number] | null;
  crashed: boolean;
  fullGcs: [number, number][]; // [start, ms] of long pauses, for request stalls
}

export function s12FhirHeapLeak(seed: number): Scenario {
  const name = "fhir-heap-leak";
  const rng = new Rng(seed, name);
  const span = 5 * HOUR;
  const start = rng.start2026(span, 4, 12);
  const end = start + span;
  const tl = new Timeline();

  const HEAP = 4096;
  const OLD_LABEL = 1040; // 15 % over the healthy maximum (about 900M after a collection)
  const rs = rng.alnum(10);
  const jvms: Jvm[] = [0, 1].map(() => ({
    pod: `fhir-server-${rs}-${rng.alnum(5)}`,
    gcId: rng.int(800, 4000),
    old: 0,
    base: rng.float(560, 760),
    from: 0,
    rate: 0,
    up: start - rng.int(5, 40) * HOUR,
    down: null,
    crashed: false,
    fullGcs: [],
  }));
  const deployAt = start + rng.float(0.12, 0.2) * span;
  const leakStart = deployAt + 4 * MIN;
  const crashAt = start + rng.float(0.84, 0.9) * span;
  // the fast pod reaches the heap at crashAt; the slow one gets to about 70-80 % of that climb
  const fast = jvms[0] as Jvm;
  const slowJvm = jvms[1] as Jvm;
  for (const j of jvms) j.from = leakStart;
  fast.rate = ((HEAP - 60 - fast.base) / (crashAt - leakStart)) * HOUR;
  slowJvm.rate = fast.rate * rng.float(0.62, 0.72);
  const bffPods = [podName(rng, "patient-portal-bff"), podName(rng, "patient-portal-bff")];
  const bridgePod = podName(rng, "hl7-bridge");
  const node = `aks-nodepool1-${rng.int(10_000_000, 99_999_999)}-vmss0000${rng.int(10, 40)}`;

  // ---- producers ---------------------------------------------------------------------------
  const gc = (t: number, j: Jvm, message: string, label: Label, level = "info"): void => {
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "8.11.0",
        "event.dataset": "jvm.gc",
        "log.logger": "gc",
        "service.name": "fhir-server",
        "host.name": j.pod,
        "agent.type": "filebeat",
      },
      label,
    );
  };
  const app = (t: number, j: Jvm, level: string, logger: string, message: string, fields: Record<string, unknown> = {}, label: Label = null): void => {
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "fhir-server",
        "service.node.name": j.pod,
        "event.dataset": "fhir-server.log",
        "process.thread.name": `http-nio-8080-exec-${rng.int(1, 80)}`,
        "log.logger": logger,
        ...fields,
      },
      label,
    );
  };
  const event = (t: number, j: Jvm, type: string, reason: string, note: string, label: Label): void => {
    tl.add(
      t,
      {
        kind: "Event",
        apiVersion: "events.k8s.io/v1",
        metadata: { name: `${j.pod}.${rng.hex(16)}`, namespace: "clinical", uid: uuid(rng) },
        eventTime: iso(t),
        reportingController: "kubelet",
        reportingInstance: node,
        action: reason,
        reason,
        regarding: { kind: "Pod", namespace: "clinical", name: j.pod, fieldPath: "spec.containers{fhir-server}" },
        note,
        type,
      },
      label,
    );
  };
  const isDown = (j: Jvm, t: number): boolean => j.down !== null && t >= j.down[0] && t < j.down[1];

  // ---- GC simulation ------------------------------------------------------------------------
  const startup = (t: number, j: Jvm): void => {
    app(t + 2000, j, "INFO", "ca.uhn.fhir.jpa.starter.Application", "Starting Application v7.4.0 using Java 21.0.5 with PID 1", {}, "memory");
    app(t + 9000, j, "INFO", "ca.uhn.fhir.context.FhirContext", "Creating new FHIR context for FHIR version [R4]", {}, "memory");
    app(t + 38_000, j, "INFO", "ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl", "Scheduled stale search deletion", {}, "memory");
    app(
      t + 46_000,
      j,
      "INFO",
      "ca.uhn.fhir.jpa.starter.Application",
      `Started Application in ${rng.float(42, 48).toFixed(3)} seconds (process running for ${rng.float(46, 52).toFixed(3)})`,
      {},
      "memory",
    );
  };
  for (const j of jvms) {
    let t = start + rng.int(2, 30) * SEC;
    let sinceMark = rng.int(0, 20);
    while (t < end) {
      if (isDown(j, t)) {
        t = (j.down as [number, number])[1] + rng.int(20, 40) * SEC;
        continue;
      }
      // live heap after a collection: flat with noise before the leak, then climbing linearly
      j.old = Math.max(520, j.base + (t > j.from ? (j.rate * (t - j.from)) / HOUR : 0) + rng.float(-60, 60));
      const old = j.old;
      const eden = rng.float(1100, 1700) * Math.max(0.25, 1 - Math.max(0, old - 2600) / 1800);
      const before = Math.min(HEAP - 5, old + eden);
      const after = old + rng.float(20, 80);
      const healthyPause = rng.float(6, 28);
      const pause = old < 1300 ? healthyPause : healthyPause * (1 + (old - 1300) / 400);
      const id = j.gcId++;
      const label: Label = after > OLD_LABEL || pause > 90 ? "memory" : null;
      if (old > HEAP - 200 && !j.crashed && j === fast && t >= crashAt - 10 * MIN) {
        // the end: evacuation failure, Full GCs that reclaim nothing, OutOfMemoryError
        gc(t, j, `GC(${id}) To-space exhausted`, "memory");
        gc(
          t + 1,
          j,
          `GC(${id}) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) ${Math.round(before)}M->${HEAP - 8}M(${HEAP}M) ${rng.float(180, 420).toFixed(3)}ms`,
          "memory",
        );
        let tt = t + 600;
        for (let k = 0; k < rng.int(3, 5); k++) {
          const ms = rng.float(2800, 6200);
          gc(tt + ms, j, `GC(${j.gcId++}) Pause Full (G1 Compaction Pause) ${HEAP - 6}M->${HEAP - rng.int(8, 20)}M(${HEAP}M) ${ms.toFixed(3)}ms`, "memory");
          j.fullGcs.push([tt, ms]);
          tt += ms + rng.int(200, 3000);
        }
        app(
          tt + 50,
          j,
          "ERROR",
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          "Servlet.service() for servlet [dispatcherServlet] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
          {
            "error.type": "java.lang.OutOfMemoryError",
            "error.message": "Java heap space",
            "error.stack_trace":
              "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)\n\tat ca.uhn.fhir.jpa.subscription.match.cache.SubscriptionMatchCache.put(SubscriptionMatchCache.java:88)",
          },
          "memory",
        );
        app(
          tt + 400,
          j,
          "ERROR",
          "ca.uhn.fhir.jpa.subscription.match.deliver.SubscriptionDeliveringRestHookSubscriber",
          "Failure handling subscription payload: java.lang.OutOfMemoryError: Java heap space",
          { "error.type": "java.lang.OutOfMemoryError" },
          "memory",
        );
        tl.add(
          tt + 500,
          {
            log: "java.lang.OutOfMemoryError: Java heap space\nDumping heap to /dumps/java_pid1.hprof ...\n",
            stream: "stderr",
            time: iso(tt + 500),
            kubernetes: { pod_name: j.pod, namespace_name: "clinical", container_name: "fhir-server", labels: { "app.kubernetes.io/name": "fhir-server" } },
          },
          "memory",
        );
        const killed = tt + rng.float(8, 20) * SEC;
        event(
          killed,
          j,
          "Warning",
          "OOMKilling",
          `Memory cgroup out of memory: Killed process ${rng.int(3000, 9000)} (java) total-vm:${rng.int(9_000_000, 9_800_000)}kB, anon-rss:${rng.int(5_150_000, 5_240_000)}kB, file-rss:${rng.int(20_000, 40_000)}kB, shmem-rss:0kB, UID:10001 pgtables:${rng.int(11_000, 13_000)}kB oom_score_adj:${rng.int(900, 999)}`,
          "memory",
        );
        tl.add(
          killed + 1200,
          {
            time: iso(killed + 1200),
            level: "warning",
            msg: "container terminated",
            pod: j.pod,
            namespace: "clinical",
            container: "fhir-server",
            reason: "OOMKilled",
            exit_code: 137,
            restart_count: 1,
            service: "pod-watcher",
          },
          "memory",
        );
        event(
          killed + 2 * SEC,
          j,
          "Normal",
          "Pulled",
          `Container image "acr.example.azurecr.io/clinical/fhir-server:7.4.0-h3" already present on machine`,
          "memory",
        );
        event(killed + 3 * SEC, j, "Normal", "Started", "Started container fhir-server", "memory");
        startup(killed + 3 * SEC, j);
        j.down = [t, killed + 50 * SEC];
        j.crashed = true;
        j.up = killed + 3 * SEC;
        j.base = rng.float(500, 620);
        j.from = killed + 50 * SEC;
        j.rate = j.rate * 0.6; // the leak is still there, slower at the evening load
        t = killed + 70 * SEC;
        continue;
      }
      const cause = old > 2400 && rng.chance(0.25) ? "Pause Young (Normal) (G1 Humongous Allocation)" : "Pause Young (Normal) (G1 Evacuation Pause)";
      gc(t, j, `GC(${id}) ${cause} ${Math.round(before)}M->${Math.round(after)}M(${HEAP}M) ${pause.toFixed(3)}ms`, label);
      let fullGc = false;
      if (label && old > 3000 && rng.chance(0.5)) {
        fullGc = true;
        const ms = rng.float(1800, 5200);
        gc(
          t + 2000 + ms,
          j,
          `GC(${j.gcId++}) Pause Full (G1 Compaction Pause) ${Math.round(after + 300)}M->${Math.round(after - rng.float(10, 60))}M(${HEAP}M) ${ms.toFixed(3)}ms`,
          "memory",
        );
        j.fullGcs.push([t + 2000, ms]);
      }
      // concurrent cycles, more frequent as the old generation fills
      if (!fullGc) sinceMark++;
      const markEvery = old > 1800 ? 5 : old > 1300 ? 10 : 22;
      if (!fullGc && sinceMark >= markEvery) {
        sinceMark = 0;
        const mid = j.gcId++;
        const mlabel: Label = old > OLD_LABEL ? "memory" : null;
        gc(
          t + 3000,
          j,
          `GC(${mid}) Pause Young (Concurrent Start) (G1 Evacuation Pause) ${Math.round(old + 900)}M->${Math.round(old + 40)}M(${HEAP}M) ${(pause * 1.2).toFixed(3)}ms`,
          mlabel,
        );
        gc(t + 3010, j, `GC(${mid}) Concurrent Mark Cycle`, mlabel);
        const markMs = rng.float(300, 900) * (1 + old / 1500);
        gc(
          t + 3010 + markMs,
          j,
          `GC(${mid}) Pause Remark ${Math.round(old + 60)}M->${Math.round(old + 50)}M(${HEAP}M) ${rng.float(3, 12).toFixed(3)}ms`,
          mlabel,
        );
        gc(
          t + 3020 + markMs,
          j,
          `GC(${mid}) Pause Cleanup ${Math.round(old + 50)}M->${Math.round(old + 50)}M(${HEAP}M) ${rng.float(0.2, 1).toFixed(3)}ms`,
          mlabel,
        );
        gc(t + 3030 + markMs, j, `GC(${mid}) Concurrent Mark Cycle ${markMs.toFixed(3)}ms`, mlabel);
        // mixed collections: healthy ones reclaim old regions, leaking ones reclaim almost nothing
        for (let k = 0; k < rng.int(1, 3); k++) {
          const tk = t + 6000 + markMs + k * rng.int(3000, 9000);
          const reclaimed = old < OLD_LABEL ? rng.float(120, 300) : rng.float(2, 25);
          gc(
            tk,
            j,
            `GC(${j.gcId++}) Pause Young (Mixed) (G1 Evacuation Pause) ${Math.round(old + rng.float(400, 900))}M->${Math.round(old + 60 - reclaimed)}M(${HEAP}M) ${(pause * 1.4).toFixed(3)}ms`,
            mlabel,
          );
        }
      }
      // young collections come faster when the eden is squeezed
      t += rng.int(25, 60) * SEC * Math.max(0.5, eden / 1400);
    }
  }

  // ---- requests -----------------------------------------------------------------------------
  const stalled = (j: Jvm, t: number, ms: number): number => {
    let extra = 0;
    for (const [s, d] of j.fullGcs) if (s < t + ms && s + d > t) extra += s + d - Math.max(s, t);
    return extra;
  };
  const ops: [string, string, number, number, number][] = [
    // method, path template, weight, median ms, healthy max ms
    ["GET", "/fhir/Patient/{id}", 30, 28, 120],
    ["GET", "/fhir/Observation?patient={id}&category=laboratory&_sort=-date&_count=50", 24, 95, 320],
    ["GET", "/fhir/Patient/{id}/$everything", 8, 420, 950],
    ["GET", "/fhir/MedicationRequest?patient={id}&status=active", 14, 70, 260],
    ["POST", "/fhir/Observation", 14, 45, 180],
    ["GET", "/fhir/Encounter?patient={id}&_count=20", 10, 60, 220],
  ];
  const request = (t: number): void => {
    const [method, tmpl, , median, max] = rng.weighted(ops.map((o) => [o, o[2]] as const));
    const id = rng.int(100_000, 999_999);
    const path = tmpl.replace("{id}", String(id));
    const up = jvms.filter((j) => !isDown(j, t));
    const trace = rng.hex(32);
    const bffPod = rng.pick(bffPods);
    const viaBff = method === "GET";
    if (up.length === 0 || (up.length < 2 && rng.chance(0.5))) {
      if (viaBff)
        tl.add(
          t + 5,
          {
            level: 50,
            time: Math.round(t + 5),
            pid: 1,
            hostname: bffPod,
            name: "patient-portal-bff",
            trace_id: trace,
            err: { type: "FetchError", message: `request to http://fhir-server.clinical:8080${path.split("?")[0]} failed, reason: connect ECONNREFUSED` },
            msg: "fhir call failed",
          },
          "error",
        );
      else
        tl.add(
          t + 5,
          {
            asctime: asctime(t + 5),
            name: "hl7.bridge",
            levelname: "ERROR",
            message: `POST /fhir/Observation failed: 503 Service Unavailable (ORU^R01 message ${rng.int(100_000, 999_999)} queued for retry)`,
            service: "hl7-bridge",
            hostname: bridgePod,
          },
          "error",
        );
      return;
    }
    const j = rng.pick(up);
    const base = ln(rng, median, 0.4, median / 4, max);
    const extra = stalled(j, t, base);
    const ms = base + extra;
    const label: Label = ms > 3 * max ? "performance" : null;
    const status = method === "POST" ? 201 : rng.chance(0.02) ? 404 : 200;
    app(
      t + ms,
      j,
      "INFO",
      "ca.uhn.fhir.rest.server.interceptor.LoggingInterceptor",
      `${method} ${path} completed ${status} in ${Math.round(ms)} ms`,
      {
        "http.request.method": method,
        "url.path": path.split("?")[0],
        "http.response.status_code": status,
        "event.duration": Math.round(ms * 1e6),
        "trace.id": trace,
      },
      label,
    );
    if (viaBff) {
      const b = ms + ln(rng, 12, 0.3, 4, 30);
      tl.add(
        t + b,
        {
          level: 30,
          time: Math.round(t + b),
          pid: 1,
          hostname: bffPod,
          name: "patient-portal-bff",
          trace_id: trace,
          req: {
            method: "GET",
            url: `/api/me/${tmpl.includes("Observation") ? "results" : tmpl.includes("Medication") ? "medications" : tmpl.includes("Encounter") ? "visits" : "record"}`,
          },
          res: { statusCode: status === 404 ? 404 : 200 },
          responseTime: Math.round(b),
          msg: "request completed",
        },
        b > 3 * (max + 30) ? "performance" : null,
      );
    } else {
      tl.add(
        t + ms + 3,
        {
          asctime: asctime(t + ms + 3),
          name: "hl7.bridge",
          levelname: "INFO",
          message: `ORU^R01 ${rng.int(100_000, 999_999)} -> Observation/${rng.int(1_000_000, 9_999_999)} (${Math.round(ms)} ms)`,
          service: "hl7-bridge",
          hostname: bridgePod,
          elapsed_ms: Math.round(ms),
        },
        label,
      );
    }
  };
  for (const t of uniformTimes(rng, start, end - 20 * SEC, rng.int(1250, 1350))) request(t);

  // ---- routine lines ---------------------------------------------------------------------------
  for (const j of jvms) {
    for (const t of ticks(rng, start, end, 10 * MIN, 30 * SEC)) {
      if (isDown(j, t)) continue;
      app(t, j, "INFO", "ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl", `Deleted ${rng.int(0, 400)} stale searches`);
    }
    for (const t of ticks(rng, start, end, 17 * MIN, 5 * MIN)) {
      if (isDown(j, t)) continue;
      app(
        t,
        j,
        "WARN",
        "ca.uhn.fhir.jpa.dao.BaseHapiFhirDao",
        `Resource Observation/${rng.int(1_000_000, 9_999_999)} has ${rng.int(2, 5)} extensions with unknown URL http://hospital.example.org/fhir/StructureDefinition/${rng.pick(["lab-device", "specimen-note", "legacy-code"])}, ignoring`,
      );
    }
  }
  for (const t of uniformTimes(rng, start, end, rng.int(120, 160)))
    tl.add(t, {
      asctime: asctime(t),
      name: "hl7.bridge",
      levelname: rng.chance(0.9) ? "INFO" : "WARNING",
      message: rng.chance(0.9)
        ? `ADT^A0${rng.pick([1, 2, 3, 8])} ${rng.int(100_000, 999_999)} acknowledged (AA)`
        : `ADT message ${rng.int(100_000, 999_999)} has no PV1 segment, defaulting class to outpatient`,
      service: "hl7-bridge",
      hostname: bridgePod,
    });
  for (const j of jvms)
    app(
      deployAt + rng.int(0, 40) * SEC,
      j,
      "INFO",
      "ca.uhn.fhir.jpa.subscription.match.cache.SubscriptionMatchCache",
      "Subscription match cache enabled (max entries: unbounded)",
    );
  return tl.build(
    name,
    "FHIR server JVM with GC logs as ECS JSON: old gen after collection climbs, pauses grow, Full GCs, OutOfMemoryError, OOMKilled and restart",
  );
}
