// s04 efiling-stream-full-rejects
//
// A court e-filing system at the end-of-day filing rush. filing-intake (Spring Boot,
// logstash-logback-encoder JSON, US Eastern offsets) accepts filings and writes an outbox
// row; an outbox relay publishes each to the NATS JetStream stream FILINGS. The stream's only
// consumer, docket-indexer (Go, logrus JSON), was paused for a maintenance window hours ago
// with a mistyped pause_until, so the stream has been full (limits: max_msgs, discard=new)
// since before the window: every publish and every relay retry is rejected with the same
// "maximum messages exceeded" WARN, records are parked after 10 attempts (ERROR), and the
// relay's outbox-depth line climbs. Submissions still succeed for the filer (202), so the
// clerk portal's nginx access log looks healthy. Nothing recovers inside the window.
// Rejection lines are about 80 % of the window.
//
// Healthy bands:
//   intake "POST /api/v2/filings -> 202" duration_ms median 140 ms; GET status median 18 ms
//   outbox relay: publish ack within 5 ms, outbox depth 0-200 rows, oldest row < 30 s,
//     no rejection, no parked record
//   docket-indexer: "fetched batch" lines while consuming; never "paused"
//   clerk-portal nginx: POST /api/v2/filings 202, GET /api/v2/filings/<id>/status 200
// Labels: rejected publish / rejected retry / parked record = error; outbox depth above band =
// performance; docket-indexer "consumer is paused" = pattern. Accepted filings, request log
// lines, nginx lines = null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, clfTime, deploymentPods, fluentBit, isoOffset, isoSec, ticks, type Label, type Log } from "./util.js";

const NAME = "efiling-stream-full-rejects";
const EST = -300;

export function efilingStreamFullRejects(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 1, 27, 20, 15) + r.int(0, 30) * MIN + r.int(0, 59) * SEC; // 15:15-15:45 EST
  const dur = 30 * MIN;
  const end = start + dur;
  const pre = start - 12 * MIN; // filings from before the window are still retrying inside it

  const intakePods = deploymentPods(r, "filing-intake", 3);
  const portalPod = deploymentPods(r, "clerk-portal", 1)[0] ?? "clerk-portal";
  const indexerPod = deploymentPods(r, "docket-indexer", 1)[0] ?? "docket-indexer";

  const logback = (t: number, pod: string, level: string, logger: string, thread: string, message: string, extra: Log, label: Label): void => {
    const lv: Record<string, number> = { INFO: 20000, WARN: 30000, ERROR: 40000 };
    tl.add(
      t,
      {
        "@timestamp": isoOffset(t, EST),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: thread,
        level,
        level_value: lv[level] ?? 20000,
        app: "filing-intake",
        pod,
        ...extra,
      },
      label,
    );
  };
  const portalK8s = { pod: portalPod, namespace: "efile", container: "nginx", app: "clerk-portal", node: `efile-node-${r.int(1, 6)}` };
  const nginx = (t: number, line: string): void => {
    tl.add(t, fluentBit(t, line, portalK8s, "stdout"), null);
  };
  const browsers = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
  ];
  const delays = [2, 4, 8, 16, 32, 60, 60, 60, 60]; // seconds before attempts 2..10
  let outboxId = r.int(8_800_000, 8_900_000);
  let filingSeq = r.int(3800, 4200);

  const rate = (t: number): number => 11 + 5 * Math.min(1, Math.max(0, (t - start) / dur)); // the 5 pm deadline approaches
  for (const t0 of arrivals(r, pre, end, rate, 16)) {
    const pod = r.pick(intakePods);
    const thread = `http-nio-8080-exec-${r.int(1, 40)}`;
    const traceId = r.hex(32);
    const filing = `F-20260227-${String(++filingSeq).padStart(6, "0")}`;
    const rec = ++outboxId;
    const ms = r.healthy(140);
    const docs = r.int(1, 9);
    const caseNo = `1:26-${r.pick(["cv", "cv", "cr", "mc"])}-${String(r.int(100, 2400)).padStart(5, "0")}`;
    const tAcc = t0 + ms - 3;
    if (t0 >= start) {
      logback(
        tAcc,
        pod,
        "INFO",
        "gov.courts.efile.intake.FilingService",
        thread,
        `Filing ${filing} accepted: case ${caseNo}, ${docs} document(s), ${(r.float(0.2, 24)).toFixed(1)} MB`,
        { traceId, spanId: r.hex(16), filingId: filing },
        null,
      );
      logback(
        t0 + ms,
        pod,
        "INFO",
        "gov.courts.efile.web.RequestLogFilter",
        thread,
        `POST /api/v2/filings -> 202 (${Math.round(ms)} ms)`,
        { traceId, spanId: r.hex(16), http_method: "POST", uri: "/api/v2/filings", status: 202, duration_ms: Math.round(ms) },
        null,
      );
      nginx(
        t0 + ms + 2,
        `10.20.${r.int(0, 3)}.${r.int(2, 250)} - - [${clfTime(t0 + ms + 2)}] "POST /api/v2/filings HTTP/1.1" 202 ${r.int(180, 240)} "https://efile.nysd.example.gov/file/new" "${r.pick(browsers)}" ${(ms / 1000 + 0.002).toFixed(3)}`,
      );
    }
    // attempt 1 is the synchronous publish after commit; 2..10 come from the relay
    let ta = tAcc + r.float(2, 9);
    for (let a = 1; a <= 10; a++) {
      if (a > 1) ta += (delays[a - 2] ?? 60) * SEC + r.float(0, 900);
      if (ta >= end) break;
      if (ta < start) continue;
      if (a === 1) {
        logback(
          ta,
          pod,
          "WARN",
          "gov.courts.efile.outbox.EventPublisher",
          thread,
          `JetStream rejected publish to efile.filings.submitted for filing ${filing}: maximum messages exceeded (stream FILINGS); kept in outbox as record ${rec}`,
          { traceId, spanId: r.hex(16), filingId: filing, outboxId: rec },
          "error",
        );
      } else {
        logback(
          ta,
          pod,
          "WARN",
          "gov.courts.efile.outbox.OutboxRelay",
          `outbox-relay-${r.int(1, 2)}`,
          `Outbox record ${rec} (filing ${filing}) publish attempt ${a} rejected: maximum messages exceeded; next attempt in ${delays[a - 1] ?? 60} s`,
          { traceId, filingId: filing, outboxId: rec, attempt: a },
          "error",
        );
      }
      if (a === 10) {
        const tp = ta + r.float(1, 6);
        if (tp < end)
          logback(
            tp,
            pod,
            "ERROR",
            "gov.courts.efile.outbox.OutboxRelay",
            `outbox-relay-${r.int(1, 2)}`,
            `Outbox record ${rec} (filing ${filing}) parked after 10 failed attempts; manual replay required`,
            { traceId, filingId: filing, outboxId: rec, attempt: a },
            "error",
          );
      }
    }
  }

  // relay pass summary every 15 s (one relay leader)
  let depth = r.int(2600, 3200);
  const leader = intakePods[0] ?? "filing-intake";
  for (const t of ticks(r, start, end, 15 * SEC, 400, r.float(0, 15) * SEC)) {
    depth += r.int(2, 6);
    const oldest = Math.round((t - start) / 1000) + r.int(15_000, 15_100);
    const h = Math.floor(oldest / 3600);
    const m = Math.floor((oldest % 3600) / 60);
    const s = oldest % 60;
    logback(
      t,
      leader,
      "WARN",
      "gov.courts.efile.outbox.OutboxRelay",
      "outbox-relay-1",
      `Outbox relay pass: 0 of 250 sent, 250 rejected (maximum messages exceeded); outbox depth ${depth} records, oldest ${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`,
      { outbox_depth: depth, oldest_age_s: oldest, batch: 250, sent: 0 },
      "performance",
    );
  }

  // docket-indexer: paused consumer, says so once a minute
  for (const t of ticks(r, start, end, MIN, 300, r.float(0, 60) * SEC)) {
    tl.add(
      t,
      {
        level: "info",
        msg: "consumer FILINGS/docket-indexer is paused (pause_until=2026-03-06T06:00:00Z, set by ops); not fetching",
        pending: 1_000_000,
        stream: "FILINGS",
        time: isoSec(t),
        service: "docket-indexer",
        pod: indexerPod,
      },
      "pattern",
    );
  }

  // clerk-portal: filers and clerks polling filing status (healthy)
  for (const t of arrivals(r, start, end, () => 7, 7)) {
    const id = `F-20260227-${String(r.int(filingSeq - 600, filingSeq)).padStart(6, "0")}`;
    const ms = r.healthy(18);
    nginx(
      t + ms,
      `10.20.${r.int(0, 3)}.${r.int(2, 250)} - - [${clfTime(t + ms)}] "GET /api/v2/filings/${id}/status HTTP/1.1" 200 ${r.int(300, 420)} "https://efile.nysd.example.gov/filings" "${r.pick(browsers)}" ${(ms / 1000).toFixed(3)}`,
    );
  }

  return tl.build(
    NAME,
    "Court e-filing: the JetStream stream behind the outbox is already full (its consumer was left paused) when the window opens; every publish and relay retry is rejected with the same WARN, records are parked, outbox depth climbs, while filers still get 202s; ~80% of lines.",
  );
}
