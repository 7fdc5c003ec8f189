/**
 * s08 parcel-label-oom: a parcel shipping platform over four hours. carrier-gateway
 * (python-json-logger) calls four carriers' rate and booking APIs; one of them, ParcelNord's legacy
 * SOAP endpoint, is flaky all day, so 10-20% of carrier-gateway's lines are routine ERRORs (503s,
 * SOAP faults, retries) and CRITICALs (retries exhausted with a fallback to cached rates, circuit
 * breaker opened). Those are normal: they recur at the same rate over the whole window.
 * The incident is elsewhere: label-renderer (pino, two pods, memory reported as
 * memory_used_mb/memory_total_mb every 30 s, healthy 330-460 MB of 1024) leaks after a deploy. Its
 * memory climbs, requests slow down once the heap thrashes (V8 Mark-Compact traces on stderr
 * inside a Docker/Fluent Bit envelope), one pod dies with "JavaScript heap out of memory", the other
 * is OOMKilled by the kernel (node-problem-detector event), and both restart (Kubernetes events)
 * and begin to climb again. shipment-api (log4j2 JsonLayout, timeMillis) sees slow label calls and
 * connection refusals while a pod restarts; tracking-ingest (OpenTelemetry JSON) is healthy.
 * Labels: readings above 530 MB (15% over the healthy maximum) and GC traces of the leak, the OOM
 * lines, the kill and restart events and the restarted process's startup lines are memory; label
 * requests slowed past 900 ms (healthy at most 300 ms) and the callers' slow calls are performance;
 * refused connections and 502s during restarts are error.
 */
import { asctime, epochNanos, HOUR, iso, type Label, ln, MIN, podName, privateIp, round, SEC, Timeline, ticks, uniformTimes, uuid } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

interface Pod {
  name: string;
  mem: number;
  pid: number;
  downUntil: number;
  /** memory at each 30-s tick, and the intervals the container was down */
  memAt: [number, number][];
  down: [number, number][];
  rate: number; // MB per minute once leaking
  killMode: "v8" | "cgroup";
  restarts: number;
  bornAt: number;
}

export function s08ParcelLabelOom(seed: number): Scenario {
  const name = "parcel-label-oom";
  const rng = new Rng(seed, name);
  const span = 4 * HOUR;
  const start = rng.start2026(span, 5, 12);
  const end = start + span;
  const tl = new Timeline();

  const node = `ip-10-30-${rng.int(1, 9)}-${rng.int(10, 250)}.eu-central-1.compute.internal`;
  const gwPods = [podName(rng, "carrier-gateway"), podName(rng, "carrier-gateway")];
  const shipPods = [podName(rng, "shipment-api"), podName(rng, "shipment-api")];
  const trackPod = podName(rng, "tracking-ingest");
  const rs = rng.alnum(10);
  const pods: Pod[] = [0, 1].map((i) => ({
    name: `label-renderer-${rs}-${rng.alnum(5)}`,
    mem: rng.float(340, 420),
    pid: 1,
    downUntil: 0,
    memAt: [],
    down: [],
    rate: rng.float(6.2, 7.6) * (i === 0 ? 1.06 : 0.92),
    killMode: i === 0 ? "v8" : "cgroup",
    restarts: 0,
    bornAt: start - rng.int(2, 30) * HOUR,
  }));
  const podIp = new Map(pods.map((p) => [p.name, privateIp(rng)]));
  const leakStart = start + rng.float(35, 55) * MIN;
  const HEALTHY_MAX = 460;
  const MEM_LABEL = 530;

  // ---- producers ---------------------------------------------------------------------------
  const pyjson = (t: number, levelname: string, message: string, fields: Record<string, unknown>): void => {
    tl.add(t, { asctime: asctime(t), name: "carrier.gateway", levelname, message, service: "carrier-gateway", hostname: rng.pick(gwPods), ...fields });
  };
  const pino = (t: number, pod: Pod, level: number, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, time: Math.round(t), pid: pod.pid, hostname: pod.name, name: "label-renderer", ...fields, msg }, label);
  };
  const stderr = (t: number, pod: Pod, text: string, label: Label): void => {
    tl.add(
      t,
      {
        log: `${text}\n`,
        stream: "stderr",
        time: iso(t),
        kubernetes: {
          pod_name: pod.name,
          namespace_name: "shipping",
          container_name: "label-renderer",
          host: node,
          labels: { "app.kubernetes.io/name": "label-renderer" },
        },
      },
      label,
    );
  };
  const log4j = (t: number, level: string, logger: string, message: string, label: Label = null, extra: Record<string, unknown> = {}): void => {
    tl.add(
      t,
      {
        timeMillis: Math.round(t),
        thread: `http-nio-8080-exec-${rng.int(1, 40)}`,
        level,
        loggerName: logger,
        message,
        endOfBatch: false,
        loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
        threadId: rng.int(20, 80),
        threadPriority: 5,
        service: "shipment-api",
        host: rng.pick(shipPods),
        ...extra,
      },
      label,
    );
  };
  const otel = (t: number, sev: "INFO" | "WARN", body: string, attrs: Record<string, unknown>): void => {
    tl.add(t, {
      timeUnixNano: epochNanos(t),
      observedTimeUnixNano: epochNanos(t),
      severityNumber: sev === "INFO" ? 9 : 13,
      severityText: sev,
      body: { stringValue: body },
      attributes: attrs,
      resource: { "service.name": "tracking-ingest", "k8s.pod.name": trackPod, "service.version": "2.4.0" },
    });
  };
  const event = (t: number, pod: Pod, type: string, reason: string, note: string, label: Label, controller = "kubelet"): void => {
    tl.add(
      t,
      {
        kind: "Event",
        apiVersion: "events.k8s.io/v1",
        metadata: { name: `${pod.name}.${rng.hex(16)}`, namespace: "shipping", uid: uuid(rng) },
        eventTime: iso(t),
        reportingController: controller,
        reportingInstance: node,
        action: reason,
        reason,
        regarding: { kind: "Pod", namespace: "shipping", name: pod.name, fieldPath: "spec.containers{label-renderer}" },
        note,
        type,
      },
      label,
    );
  };

  // ---- label-renderer: memory simulation, crashes and restarts -------------------------------
  const restart = (t: number, pod: Pod): void => {
    pod.restarts++;
    pod.mem = rng.float(330, 380);
    const up = t + rng.float(18, 35) * SEC;
    pod.downUntil = up + 4 * SEC;
    pod.down.push([t, pod.downUntil]);
    event(up - 3 * SEC, pod, "Normal", "Pulled", `Container image "registry.example.com/shipping/label-renderer:3.18.0" already present on machine`, "memory");
    event(up - 2 * SEC, pod, "Normal", "Created", "Created container label-renderer", "memory");
    event(up - 1 * SEC, pod, "Normal", "Started", "Started container label-renderer", "memory");
    pod.pid = 1;
    pod.bornAt = up;
    pino(up + 1500, pod, 30, `label-renderer 3.18.0 starting (node v20.11.1, restart #${pod.restarts})`, {}, "memory");
    pino(up + 3200, pod, 30, "fonts and templates loaded", { templates: 46, fonts: 12 }, "memory");
    pino(up + 3900, pod, 30, "listening on 0.0.0.0:8080", {}, "memory");
  };
  const crash = (t: number, pod: Pod): void => {
    const heap = round(pod.mem - rng.float(5, 15), 1);
    for (let i = 3; i >= 1; i--) {
      const tt = t - i * rng.float(6, 14) * SEC;
      stderr(
        tt,
        pod,
        `[1:0x${rng.hex(7)}] ${Math.round(tt - pod.bornAt)} ms: Mark-Compact ${round(heap + rng.float(0, 2), 1)} (${round(heap + 34, 1)}) -> ${round(heap - rng.float(0, 1.5), 1)} (${round(heap + 34.5, 1)}) MB, ${rng.float(1200, 2600).toFixed(2)} / 0.00 ms  (average mu = 0.${rng.int(100, 180)}, current mu = 0.0${rng.int(10, 40)}) allocation failure; scavenge might not succeed`,
        "memory",
      );
    }
    if (pod.killMode === "v8") {
      stderr(t, pod, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory");
      stderr(t + 40, pod, ` 1: 0xb9a330 node::Abort() [node]`, "memory");
      event(
        t + 2 * SEC,
        pod,
        "Warning",
        "BackOff",
        `Back-off restarting failed container label-renderer in pod ${pod.name}_shipping(${uuid(rng)}): last state terminated (exit code 134, reason Error)`,
        "memory",
      );
    } else {
      event(
        t,
        pod,
        "Warning",
        "OOMKilling",
        `Memory cgroup out of memory: Killed process ${rng.int(20_000, 40_000)} (node) total-vm:${rng.int(2_200_000, 2_500_000)}kB, anon-rss:${Math.round(pod.mem * 1024)}kB, file-rss:${rng.int(20_000, 40_000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(2800, 3400)}kB oom_score_adj:985`,
        "memory",
        "kernel-monitor",
      );
      tl.add(
        t + 1500,
        {
          time: iso(t + 1500),
          level: "warning",
          msg: "container terminated",
          pod: pod.name,
          namespace: "shipping",
          container: "label-renderer",
          reason: "OOMKilled",
          exit_code: 137,
          restart_count: pod.restarts + 1,
          service: "pod-watcher",
        },
        "memory",
      );
    }
    restart(t, pod);
    // label calls that were routed to the dying pod, and its endpoint until the probe removed it
    for (const at of uniformTimes(rng, t, t + rng.float(8, 20) * SEC, rng.int(4, 8))) {
      const id = `SHP-${rng.int(10_000_000, 99_999_999)}`;
      const trace = rng.hex(32);
      const refused = at > t + 500;
      log4j(
        at,
        "ERROR",
        "com.parcelco.shipments.LabelClient",
        refused
          ? `label-renderer call failed for ${id}: Connection refused (${podIp.get(pod.name)}:8080)`
          : `label-renderer call failed for ${id}: Unexpected end of file from server`,
        "error",
        {
          contextMap: { traceId: trace },
          thrown: refused
            ? { name: "java.net.ConnectException", message: "Connection refused" }
            : { name: "java.net.SocketException", message: "Unexpected end of file from server" },
        },
      );
      log4j(at + 4, "WARN", "com.parcelco.shipments.web.AccessLog", `POST /v1/shipments/${id}/label -> 502 in ${rng.int(3, 40)} ms`, "error", {
        contextMap: { traceId: trace },
        status: 502,
      });
    }
  };
  for (const t of ticks(rng, start, end, 30 * SEC, 0)) {
    for (const pod of pods) {
      if (t < pod.downUntil) continue;
      if (t >= leakStart) pod.mem += pod.rate * 0.5 * rng.float(0.6, 1.4);
      else pod.mem = Math.min(HEALTHY_MAX, Math.max(330, pod.mem + rng.float(-12, 12)));
      const limit = pod.killMode === "v8" ? rng.float(1000, 1015) : rng.float(1010, 1020);
      if (pod.mem >= limit) {
        crash(t + rng.float(0, 20) * SEC, pod);
        continue;
      }
      pod.memAt.push([t, pod.mem]);
      const m = Math.round(pod.mem);
      const label: Label = m > MEM_LABEL ? "memory" : null;
      pino(
        t + rng.int(0, 900),
        pod,
        label && m > 850 ? 40 : 30,
        label && m > 850 ? "memory high" : "memory",
        { memory_used_mb: m, memory_total_mb: 1024, heap_used_mb: Math.round(m * 0.82), external_mb: rng.int(18, 30) },
        label,
      );
      if (m > 880 && rng.chance(0.5))
        stderr(
          t + rng.int(1000, 20_000),
          pod,
          `[1:0x${rng.hex(7)}] ${Math.round(t - pod.bornAt)} ms: Mark-Compact ${round(m * 0.82, 1)} (${round(m * 0.82 + 40, 1)}) -> ${round(m * 0.8, 1)} (${round(m * 0.82 + 41, 1)}) MB, ${rng.float(400, 1400).toFixed(2)} / 0.00 ms  (average mu = 0.${rng.int(200, 400)}, current mu = 0.${rng.int(100, 300)}) allocation failure; GC in old space requested`,
          "memory",
        );
    }
  }
  const isDown = (p: Pod, t: number): boolean => p.down.some(([a, b]) => t >= a && t < b);
  const memOf = (p: Pod, t: number): number => {
    let m = p.memAt[0]?.[1] ?? 380;
    for (const [at, v] of p.memAt) {
      if (at > t) break;
      m = v;
    }
    return m;
  };
  const livePod = (t: number): Pod | undefined => {
    const up = pods.filter((p) => !isDown(p, t));
    return up.length ? rng.pick(up) : undefined;
  };
  const downPod = (t: number): Pod | undefined => pods.find((p) => isDown(p, t));

  // ---- shipments: rate shopping at the carriers, label rendering ------------------------------
  const carriers = ["DHL", "UPS", "GLS", "ParcelNord"];
  const shipment = (t: number): void => {
    const id = `SHP-${rng.int(10_000_000, 99_999_999)}`;
    const trace = rng.hex(32);
    let at = t;
    // rate shopping
    for (const c of carriers) {
      const ms = ln(rng, c === "ParcelNord" ? 900 : 250, 0.35, 80, 2500);
      at += rng.int(5, 30);
      if (c === "ParcelNord" && rng.chance(0.45)) {
        const roll = rng.next();
        if (roll < 0.45)
          pyjson(at + ms, "ERROR", `ParcelNord rate request failed: 503 Service Unavailable, retrying (attempt ${rng.int(2, 4)}/4)`, {
            carrier: c,
            shipment_id: id,
            status_code: 503,
            trace_id: trace,
          });
        else if (roll < 0.7)
          pyjson(at + ms, "ERROR", `ParcelNord SOAP fault: soap:Server.Busy - Too many concurrent requests`, { carrier: c, shipment_id: id, trace_id: trace });
        else if (roll < 0.9)
          pyjson(at + ms, "CRITICAL", "ParcelNord unreachable after 4 attempts, falling back to cached rates", {
            carrier: c,
            shipment_id: id,
            cache_age_s: rng.int(60, 3600),
            trace_id: trace,
          });
        else pyjson(at + ms, "CRITICAL", "circuit breaker for ParcelNord opened for 30s", { carrier: c, failures: rng.int(5, 9), window_s: 60 });
      } else {
        pyjson(at + ms, "INFO", `${c} quote ${(rng.int(390, 4900) / 100).toFixed(2)} EUR, ${rng.int(1, 4)} day(s)`, {
          carrier: c,
          shipment_id: id,
          elapsed_ms: Math.round(ms),
          trace_id: trace,
        });
      }
    }
    at += 900;
    const chosen = rng.pick(["DHL", "UPS", "GLS", "DHL", "UPS"]);
    log4j(at, "INFO", "com.parcelco.shipments.RateShopper", `shipment ${id}: selected ${chosen} (cheapest of ${carriers.length - 1} quotes)`, null, {
      contextMap: { traceId: trace },
    });
    // label
    const pod = livePod(at);
    const down = downPod(at);
    if (down && rng.chance(0.5)) {
      log4j(
        at + 3,
        "ERROR",
        "com.parcelco.shipments.LabelClient",
        `label-renderer call failed for ${id}: Connection refused (${podIp.get(down.name)}:8080)`,
        "error",
        { contextMap: { traceId: trace }, thrown: { name: "java.net.ConnectException", message: "Connection refused" } },
      );
      log4j(at + 6, "WARN", "com.parcelco.shipments.web.AccessLog", `POST /v1/shipments/${id}/label -> 502 in 9 ms`, "error", {
        contextMap: { traceId: trace },
        status: 502,
        duration_ms: 9,
      });
      return;
    }
    if (!pod) return;
    const base = ln(rng, 140, 0.3, 60, 300);
    const slow = memOf(pod, at) > 800;
    const ms = slow ? base * rng.float(7, 25) : base;
    const plabel: Label = slow ? "performance" : null;
    pino(
      at + ms,
      pod,
      30,
      "request completed",
      { req: { method: "POST", url: "/render" }, res: { statusCode: 200 }, responseTime: Math.round(ms), format: rng.pick(["pdf", "zpl"]), carrier: chosen },
      plabel,
    );
    log4j(at + ms + 4, "INFO", "com.parcelco.shipments.web.AccessLog", `POST /v1/shipments/${id}/label -> 201 in ${Math.round(ms + 12)} ms`, plabel, {
      contextMap: { traceId: trace },
      status: 201,
      duration_ms: Math.round(ms + 12),
    });
    if (rng.chance(0.3))
      pyjson(at + ms + 200, "INFO", `${chosen} booking confirmed, tracking ${chosen === "DHL" ? "JD" : "1Z"}${rng.int(100_000_000, 999_999_999)}`, {
        carrier: chosen,
        shipment_id: id,
        elapsed_ms: rng.int(150, 700),
      });
  };
  for (const t of uniformTimes(rng, start, end - 60 * SEC, rng.int(380, 420))) shipment(t);
  // carrier-gateway background: health probes and breaker probes
  for (const t of ticks(rng, start, end, 60 * SEC, 5000))
    pyjson(t, "INFO", "carrier health: DHL ok, UPS ok, GLS ok, ParcelNord degraded", { probe_ms: rng.int(40, 400) });
  for (const t of ticks(rng, start, end, 7 * MIN, 2 * MIN)) pyjson(t, "INFO", "circuit breaker for ParcelNord half-open, probing", { carrier: "ParcelNord" });
  for (const t of ticks(rng, start, end, 11 * MIN, 3 * MIN))
    pyjson(t, "WARNING", "ParcelNord response schema drift: unknown element <ns2:SurchargeV2> ignored", { carrier: "ParcelNord" });

  // shipment-api housekeeping, tracking-ingest
  for (const t of ticks(rng, start, end, 3 * MIN, 10_000))
    log4j(t, "INFO", "com.zaxxer.hikari.pool.HikariPool", `HikariPool-1 - Pool stats (total=15, active=${rng.int(0, 5)}, idle=${rng.int(10, 15)}, waiting=0)`);
  for (const t of uniformTimes(rng, start, end, rng.int(900, 1000))) {
    const carrier = rng.pick(["DHL", "UPS", "GLS", "ParcelNord"]);
    const n = rng.int(1, 400);
    if (rng.chance(0.03)) otel(t, "WARN", `webhook from ${carrier} rejected: signature mismatch`, { carrier, "http.response.status_code": 401 });
    else otel(t, "INFO", `${n} tracking events ingested from ${carrier}`, { carrier, events: n, "processing.duration_ms": rng.int(5, 120) });
  }
  // the deploy that brought the leak (normal line)
  pino(
    leakStart - rng.float(2, 6) * MIN,
    pods[0] as Pod,
    30,
    "config: image registry.example.com/shipping/label-renderer:3.18.0 rolled out (barcode cache enabled)",
    {},
  );
  return tl.build(
    name,
    "carrier-gateway logs ERROR/CRITICAL all day for a flaky carrier (routine); label-renderer leaks memory to a V8 heap OOM and an OOMKill, restarts, slows its callers",
  );
}
