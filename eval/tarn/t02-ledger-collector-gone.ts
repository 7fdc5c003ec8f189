// t02: the OpenTelemetry collector of this environment was switched off to save cost, but the
// Java agent in ledger-api (root log level WARN) still exports spans every few seconds per pod
// and logs each failed export (logstash-logback-encoder JSON). Routine: nothing depends on traces.
// The real incident: settlement-batch's heap creeps up, Full GCs stall its chunks, it dies of
// OutOfMemoryError and restarts (JVM unified GC log and logback JSON inside Docker envelopes).
import type { Scenario } from "./types.js";
import { Kit, type Label, type Log, MIN, SEC, Timeline, iso, isoNs, opening, span, steady } from "./util.js";

export default function t02(seed: number): Scenario {
  const k = new Kit(seed, "t02");
  const t0 = opening(seed, "t02");
  const t1 = t0 + 80 * MIN;
  const tl = new Timeline();
  const rs = k.hex(9);
  const pods = [0, 1, 2].map(() => `ledger-api-${rs}-${k.alnum(5)}`);
  const logback = (t: number, pod: string, level: string, logger: string, thread: string, message: string): Log => ({
    "@timestamp": iso(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    service: "ledger-api",
    pod,
  });
  const unavailable = (what: string) =>
    `Failed to export ${what}. Server is UNAVAILABLE. Make sure your collector is running and reachable from this network. Full error message:UNAVAILABLE: io exception`;
  const grpc = "io.opentelemetry.exporter.internal.grpc.GrpcExporter";
  for (const pod of pods) {
    steady(k, t0, t1, 6 * SEC, (t) => tl.add(t, logback(t, pod, "ERROR", grpc, "BatchSpanProcessor_WorkerThread-1", unavailable("spans"))));
    steady(k, t0, t1, 60 * SEC, (t) => tl.add(t, logback(t, pod, "ERROR", grpc, "PeriodicMetricReader-1", unavailable("metrics"))));
    steady(k, t0, t1, 60 * SEC, (t) =>
      tl.add(
        t,
        logback(
          t,
          pod,
          "INFO",
          "com.acme.ledger.journal.JournalWriter",
          "journal-writer-1",
          `Committed journal batch of ${k.int(40, 400)} entries in ${k.int(30, 160)} ms`,
        ),
      ),
    );
  }

  // istio ingress gateway: Envoy JSON access log with Fluent Bit's Kubernetes metadata, healthy.
  const routes = [
    { m: "POST", p: () => "/v1/journal", lo: 12, hi: 90 },
    { m: "GET", p: () => `/v1/accounts/${k.int(100_000, 999_999)}/balance`, lo: 4, hi: 30 },
    { m: "POST", p: () => "/v1/settlements/preview", lo: 40, hi: 180 },
  ] as const;
  steady(k, t0, t1, 3 * SEC, (t) => {
    const r = k.pick(routes);
    const d = k.int(r.lo, r.hi);
    const path = r.p();
    tl.add(t, {
      start_time: iso(t),
      method: r.m,
      path,
      protocol: "HTTP/2",
      response_code: path === "/v1/journal" ? 201 : 200,
      response_flags: "-",
      bytes_received: k.int(0, 2400),
      bytes_sent: k.int(120, 6000),
      duration: d,
      upstream_service_time: String(Math.max(1, d - k.int(0, 3))),
      x_forwarded_for: k.ip("10.20"),
      request_id: k.uuid(),
      authority: "ledger.internal.example",
      upstream_cluster: "outbound|8080||ledger-api.finance.svc.cluster.local",
      kubernetes: {
        pod_name: `istio-ingressgateway-${k.alnum(5)}`,
        namespace_name: "istio-system",
        container_name: "istio-proxy",
        labels: { app: "istio-ingressgateway" },
      },
    });
  });

  // settlement-batch: logback JSON and -Xlog:gc to stdout, both inside Docker json-file envelopes.
  const sbPod = `settlement-batch-${k.alnum(5)}`;
  const env = (t: number, line: string): Log => ({
    log: `${line}\n`,
    stream: "stdout",
    time: isoNs(t),
    kubernetes: { pod_name: sbPod, namespace_name: "finance", container_name: "settlement-batch", labels: { app: "settlement-batch" } },
  });
  const sbJson = (t: number, level: string, logger: string, message: string, extra: Log = {}) =>
    env(t, JSON.stringify({ "@timestamp": iso(t), "@version": "1", message, logger_name: logger, thread_name: "main", level, ...extra }));
  const gcStamp = (t: number) => iso(t).replace("Z", "+0000");
  let gcN = k.int(300, 900);
  const [m0, m1] = span(k, t0 + 15 * MIN, t1 - 10 * MIN, k.int(16, 22) * MIN);
  const restartAt = m1;
  const upAt = m1 + k.int(40, 70) * SEC;
  const total = k.int(8000, 12000);
  let chunk = k.int(100, 2000);
  // Normal chunk progress and young collections; during m0..m1 the heap climbs and chunks stall.
  steady(k, t0, t1, 8 * SEC, (t) => {
    if (t >= restartAt && t < upAt) return;
    const bad = t >= m0 && t < m1;
    const ms = bad ? k.int(6000, 26000) : k.int(550, 1300);
    const label: Label = bad ? "performance" : null;
    tl.add(t, sbJson(t, "INFO", "com.acme.settlement.ChunkRunner", `Processed settlement chunk ${chunk++}/${total} in ${ms} ms`, { duration_ms: ms }), label);
  });
  steady(k, t0, t1, 20 * SEC, (t) => {
    if (t >= restartAt && t < upAt) return;
    const bad = t >= m0 && t < m1;
    const frac = bad ? (t - m0) / (m1 - m0) : 0;
    const before = bad ? Math.round(3300 + 780 * frac) : k.int(1100, 1900);
    const after = bad ? Math.round(1500 + 2480 * frac + k.int(0, 40)) : k.int(260, 620);
    const pause = bad ? k.num(40, 180, 3) : k.num(6, 28, 3);
    const kind = bad && frac > 0.4 ? "Pause Young (Concurrent Start) (G1 Humongous Allocation)" : "Pause Young (Normal) (G1 Evacuation Pause)";
    tl.add(t, env(t, `[${gcStamp(t)}][info][gc] GC(${gcN++}) ${kind} ${before}M->${after}M(4096M) ${pause.toFixed(3)}ms`), bad ? "memory" : null);
  });
  // Full GCs in the second half of the creep, then the OOM and the restart.
  steady(k, m0 + Math.round((m1 - m0) * 0.5), m1 - 5 * SEC, 45 * SEC, (t) => {
    const after = k.int(3930, 4060);
    tl.add(
      t,
      env(t, `[${gcStamp(t)}][info][gc] GC(${gcN++}) Pause Full (G1 Compaction Pause) 4090M->${after}M(4096M) ${k.num(1800, 4200, 3).toFixed(3)}ms`),
      "memory",
    );
  });
  tl.add(
    restartAt - 900,
    sbJson(restartAt - 900, "ERROR", "com.acme.settlement.ChunkRunner", `Settlement chunk ${chunk} aborted`, {
      stack_trace:
        "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)\n\tat com.acme.settlement.Netting.aggregate(Netting.java:212)",
    }),
    "memory",
  );
  tl.add(restartAt, env(restartAt, "Terminating due to java.lang.OutOfMemoryError: Java heap space"), "memory");
  const ver = `4.${k.int(1, 9)}.${k.int(0, 9)}`;
  tl.add(
    upAt - 12_000,
    sbJson(upAt - 12_000, "INFO", "com.acme.settlement.SettlementBatchApplication", `Starting SettlementBatchApplication v${ver} using Java 21.0.4 with PID 1`),
    "pattern",
  );
  tl.add(
    upAt - 200,
    sbJson(
      upAt - 200,
      "INFO",
      "com.acme.settlement.SettlementBatchApplication",
      `Started SettlementBatchApplication in ${k.num(10, 13, 2)} seconds (process running for ${k.num(11, 14, 2)})`,
    ),
    "pattern",
  );
  tl.add(upAt, sbJson(upAt, "INFO", "com.acme.settlement.ChunkRunner", `Resuming settlement run from checkpoint at chunk ${chunk}`), "pattern");

  return tl.build(
    "t02-ledger-collector-gone",
    "ledger-api keeps failing to export traces to a collector that was switched off (routine); settlement-batch's heap creeps to an OOM and a restart",
  );
}
