// Instances slower than their peers: a canary build, a host with a failing disk, the consumers
// fed by a hot broker, a VM with a noisy neighbour.

import type { Scenario } from "../blind/types.js";
import { type Lvl, logback, otel, rsyslogJson, type SyslogSeverity, tracingJson } from "./producers.js";
import { hashSeed, Rng } from "./rng.js";
import { type Label, MIN, round, SEC, startTime, Timeline } from "./timeline.js";
import { eachRequest, every, type Inst, route } from "./traffic.js";

interface SpringPod extends Inst {
  version: string;
  up: number; // first moment it serves
  down: number; // moment it stops serving
}

/** Spring Boot start-up lines as logback writes them, from the moment the JVM starts. */
function springStartup(r: Rng, app: string, version: string): [number, string, string][] {
  const took = r.float(9, 16);
  return [
    [
      0,
      `com.acme.${app.toLowerCase()}.${app}Application`,
      `Starting ${app}Application v${version} using Java 21.0.4 with PID 1 (/app/app.jar started by app in /app)`,
    ],
    [180, `com.acme.${app.toLowerCase()}.${app}Application`, 'The following 1 profile is active: "prod"'],
    [3400, "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"],
    [6100, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."],
    [6500, "com.zaxxer.hikari.pool.HikariPool", `HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@${r.hex(8)}`],
    [6520, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."],
    [took * 1000 - 200, "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'"],
    [
      took * 1000,
      `com.acme.${app.toLowerCase()}.${app}Application`,
      `Started ${app}Application in ${took.toFixed(3)} seconds (process running for ${(took + 0.7).toFixed(3)})`,
    ],
  ];
}

function springShutdown(): [number, string, string][] {
  return [
    [0, "org.springframework.boot.web.embedded.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete"],
    [420, "org.springframework.boot.web.embedded.tomcat.GracefulShutdown", "Graceful shutdown complete"],
    [600, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Shutdown initiated..."],
    [640, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Shutdown completed."],
  ];
}

export function paymentsCanarySlowBuild(seed: number): Scenario {
  const name = "payments-canary-build-slow";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 65 * MIN;

  const stableRs = r.k8s(10);
  const payments: SpringPod[] = Array.from({ length: 4 }, () => ({
    name: `payments-api-${stableRs}-${r.k8s(5)}`,
    version: "3.7.2",
    up: start - 3 * 3600e3,
    down: end + 1,
  }));
  const canaryUp = start + r.int(6, 14) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const canary: SpringPod = { name: `payments-api-canary-${r.k8s(10)}-${r.k8s(5)}`, version: "3.8.0-rc.1", up: canaryUp + 14 * SEC, down: end + 1 };
  const allPayments = [...payments, canary];

  const ledgerRs = [r.k8s(9), r.k8s(9)];
  const ledgerOld: SpringPod[] = Array.from({ length: 4 }, () => ({
    name: `ledger-service-${ledgerRs[0]}-${r.k8s(5)}`,
    version: "5.2.0",
    up: start - 5 * 3600e3,
    down: end + 1,
  }));
  const ledgerNew: SpringPod[] = [];
  const rollout = start + r.int(30, 46) * MIN;
  ledgerOld.forEach((old, i) => {
    const t0 = rollout + i * r.float(80, 120) * SEC;
    const fresh: SpringPod = { name: `ledger-service-${ledgerRs[1]}-${r.k8s(5)}`, version: "5.2.1", up: 0, down: end + 1 };
    const steps = springStartup(r, "Ledger", "5.2.1");
    fresh.up = t0 + steps[steps.length - 1]![0] + 1500;
    old.down = fresh.up + 2000;
    for (const [d, logger, msg] of steps)
      tl.add(
        t0 + d,
        logback(t0 + d, { logger, thread: "main", lvl: "info", msg, mdc: { service: "ledger-service", pod_name: fresh.name, app_version: "5.2.1" } }),
      );
    for (const [d, logger, msg] of springShutdown())
      tl.add(
        old.down + d,
        logback(old.down + d, {
          logger,
          thread: "SpringApplicationShutdownHook",
          lvl: "info",
          msg,
          mdc: { service: "ledger-service", pod_name: old.name, app_version: "5.2.0" },
        }),
      );
    ledgerNew.push(fresh);
  });
  for (const [d, logger, msg] of springStartup(r, "Payments", "3.8.0-rc.1"))
    tl.add(
      canaryUp + d,
      logback(canaryUp + d, { logger, thread: "main", lvl: "info", msg, mdc: { service: "payments-api", pod_name: canary.name, app_version: canary.version } }),
    );

  const alive = (pods: SpringPod[]) => (t: number) => pods.filter((p) => t >= p.up && t < p.down);
  const thread = () => `http-nio-8080-exec-${r.int(1, 40)}`;
  const trace = () => ({ trace_id: r.hex(32), span_id: r.hex(16) });
  const payRoutes = [
    route("POST", "/v1/payments/authorize", 180, 4),
    route("POST", "/v1/payments/{id}/capture", 150, 2, (x) => `pay_${x.alnum(20)}`),
    route("GET", "/v1/payments/{id}", 22, 5, (x) => `pay_${x.alnum(20)}`),
    route("POST", "/v1/refunds", 240, 1, () => "", { ok: 201 }),
  ];

  eachRequest(r, { start, end, perMin: 28, insts: alive(allPayments), routes: payRoutes }, (q) => {
    const pod = q.inst as SpringPod;
    const mdc = { service: "payments-api", pod_name: pod.name, app_version: pod.version, ...trace() };
    let dur = q.dur;
    let label: Label = null;
    if (pod === canary) {
      // The release candidate's new request signing path: same requests, several times slower.
      dur *= r.float(3, 9);
      if (dur > 2.5 * q.route.med) label = "performance";
    }
    if (q.route.tpl === "/v1/payments/authorize") {
      const ta = q.t + dur * 0.92;
      tl.add(
        ta,
        logback(ta, {
          logger: "com.acme.payments.service.AuthorizationService",
          thread: thread(),
          lvl: "info",
          msg: `Authorization approved by acquirer ${r.pick(["adyen", "adyen", "worldpay", "checkout"])} for pay_${r.alnum(20)} amount=${r.int(300, 90000)} ${r.pick(["EUR", "EUR", "GBP", "USD", "SEK"])}`,
          mdc,
        }),
      );
    }
    const te = q.t + dur;
    tl.add(
      te,
      logback(te, {
        logger: "com.acme.payments.web.RequestLoggingFilter",
        thread: thread(),
        lvl: "info",
        msg: `Completed ${q.route.method} ${q.path} ${q.status} in ${Math.round(dur)} ms`,
        mdc,
        f: { http_method: q.route.method, uri: q.path, status: q.status, duration_ms: Math.round(dur) },
      }),
      label,
    );
  });

  const ledgerPods = [...ledgerOld, ...ledgerNew];
  eachRequest(
    r,
    {
      start,
      end,
      perMin: 18,
      insts: alive(ledgerPods),
      routes: [
        route("POST", "/internal/ledger/entries", 35, 5, () => "", { ok: 201 }),
        route("GET", "/internal/ledger/accounts/{id}/balance", 12, 3, (x) => `acc_${x.alnum(16)}`),
      ],
    },
    (q) => {
      const pod = q.inst as SpringPod;
      // A fresh JVM is a little slower for its first minute (JIT warm-up): routine after any deploy.
      const dur = q.dur * (q.t - pod.up < 60 * SEC ? 1.3 : 1);
      const te = q.t + dur;
      tl.add(
        te,
        logback(te, {
          logger: "com.acme.ledger.web.RequestLoggingFilter",
          thread: thread(),
          lvl: "info",
          msg: `Completed ${q.route.method} ${q.path} ${q.status} in ${Math.round(dur)} ms`,
          mdc: { service: "ledger-service", pod_name: pod.name, app_version: pod.version, ...trace() },
          f: { http_method: q.route.method, uri: q.path, status: q.status, duration_ms: Math.round(dur) },
        }),
      );
      if (q.route.method === "POST" && r.chance(0.02)) {
        tl.add(
          te + 0.5,
          logback(te + 0.5, {
            logger: "com.acme.ledger.service.EntryService",
            thread: thread(),
            lvl: "warn",
            msg: `Duplicate ledger entry for idempotency key ${r.uuid()}, returning existing entry`,
            mdc: { service: "ledger-service", pod_name: pod.name, app_version: pod.version },
          }),
        );
      }
    },
  );

  const fraudRs = r.k8s(10);
  const fraud: Inst[] = Array.from({ length: 3 }, () => ({ name: `fraud-scoring-${fraudRs}-${r.k8s(5)}` }));
  eachRequest(r, { start, end, perMin: 9, insts: fraud, routes: [route("POST", "/v1/score", 380, 1, () => "", { sigma: 0.4 })] }, (q) => {
    const te = q.t + q.dur;
    tl.add(
      te,
      logback(te, {
        logger: "com.acme.fraud.ScoringController",
        thread: thread(),
        lvl: "info",
        msg: `Scored transaction with model gbm-2025.02 risk=${r.float(0, 0.4).toFixed(3)} features=212 in ${Math.round(q.dur)} ms`,
        mdc: { service: "fraud-scoring", pod_name: q.inst.name, app_version: "1.19.0", ...trace() },
        f: { duration_ms: Math.round(q.dur) },
      }),
    );
  });

  return tl.scenario(
    name,
    "a payments-api canary on 3.8.0-rc.1 joins four stable pods early in the window and serves the same requests 3-9x slower; ledger-service's rolling restart with Spring start-up lines and fresh-JVM warm-up, and heavier fraud scoring stay normal (logback JSON, pod_name)",
  );
}

export function storageHostFailingDisk(seed: number): Scenario {
  const name = "storage-host-failing-disk";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 70 * MIN;

  const hosts: Inst[] = Array.from({ length: 8 }, (_, i) => ({ name: `stor-node-${String(i + 1).padStart(2, "0")}` }));
  const bad = hosts[r.int(2, 7)]!;
  const leader = hosts[0]!;
  const badDev = r.pick(["sdb", "sdc", "sdd"]);
  const ata = { sdb: 2, sdc: 3, sdd: 4 }[badDev] ?? 3;
  const pids = new Map(hosts.map((h) => [h.name, r.int(900, 4000)]));
  const sys = (t: number, host: string, program: string, severity: SyslogSeverity, facility: string, msg: string, pid?: number) =>
    rsyslogJson(t, { host, program, severity, facility, msg, ...(pid === undefined ? {} : { pid }) });
  const size = () => r.pick(["4.0MiB", "4.0MiB", "4.0MiB", "1.2MiB", "512.0KiB", "2.7MiB"]);
  const vol = () => `v${String(r.int(1, 318)).padStart(4, "0")}`;

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 48,
      insts: hosts,
      routes: [route("GET", "chunk", 18, 6, () => "", { sigma: 0.4 }), route("PUT", "chunk", 35, 2, () => "", { sigma: 0.35 })],
    },
    (q) => {
      const dev = r.pick(["sda", "sdb", "sdc", "sdd"]);
      const chunk = r.hex(16);
      const host = q.inst.name;
      const pid = pids.get(host)!;
      let dur = q.dur;
      let label: Label = null;
      if (q.inst === bad && dev === badDev) {
        dur *= r.float(6, 40);
        if (q.route.method === "GET" && r.chance(0.25)) {
          const retries = r.int(1, 2);
          for (let i = 1; i <= retries; i++) {
            const tr = q.t + (dur * i) / (retries + 1);
            tl.add(
              tr,
              sys(
                tr,
                host,
                "blobd",
                "warning",
                "daemon",
                `read error on /dev/${badDev} at offset ${r.int(1e8, 9e11)} for chunk ${chunk}, retrying (${i}/3): EIO`,
                pid,
              ),
              "error",
            );
          }
        }
        if (dur > 2.5 * q.route.med) label = "performance";
      }
      const te = q.t + dur;
      const msg =
        q.route.method === "GET"
          ? `served GET chunk ${chunk} (${size()}) vol=${vol()} from /dev/${dev} in ${Math.round(dur)}ms`
          : `stored PUT chunk ${chunk} (${size()}) vol=${vol()} on /dev/${dev} in ${Math.round(dur)}ms (fsync ${Math.round(dur * r.float(0.25, 0.45))}ms)`;
      tl.add(te, sys(te, host, "blobd", "info", "daemon", msg, pid), label);
      if (r.chance(0.006)) {
        tl.add(
          te + 3,
          sys(
            te + 3,
            host,
            "blobd",
            "warning",
            "daemon",
            `client 10.4.${r.int(0, 9)}.${r.int(2, 250)}:${r.int(32768, 60999)} disconnected: connection reset by peer`,
            pid,
          ),
        );
      }
    },
  );

  // The failing disk on the bad host: ATA error handling bursts from the first minute on.
  const burst = (t0: number) => {
    const sector = r.int(1e8, 3.9e9);
    const tag = r.int(0, 31);
    const lines: [SyslogSeverity, string][] = [
      ["err", `ata${ata}.00: exception Emask 0x0 SAct 0x${r.hex(6)} SErr 0x0 action 0x0`],
      ["err", `ata${ata}.00: irq_stat 0x40000008`],
      ["err", `ata${ata}.00: failed command: READ FPDMA QUEUED`],
      ["err", `ata${ata}.00: cmd 60/08:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}/00:00:74:00:00/40 tag ${tag} ncq dma 4096 in`],
      ["err", `ata${ata}.00: status: { DRDY ERR }`],
      ["err", `ata${ata}.00: error: { UNC }`],
      ["info", `ata${ata}.00: configured for UDMA/133`],
      ["info", `sd ${ata - 1}:0:0:0: [${badDev}] tag#${tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=${r.int(1, 7)}s`],
      ["info", `sd ${ata - 1}:0:0:0: [${badDev}] tag#${tag} Sense Key : Medium Error [current]`],
      ["info", `sd ${ata - 1}:0:0:0: [${badDev}] tag#${tag} Add. Sense: Unrecovered read error - auto reallocate failed`],
      ["err", `blk_update_request: I/O error, dev ${badDev}, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0`],
      ["info", `ata${ata}: EH complete`],
    ];
    lines.forEach(([sev, msg], i) => {
      const t = t0 + i * r.float(0.05, 2);
      const failure = sev === "err" || msg.includes("FAILED") || msg.includes("Medium Error") || msg.includes("Unrecovered read error");
      tl.add(t, sys(t, bad.name, "kernel", sev, "kern", msg), failure ? "error" : "pattern");
    });
  };
  for (let t = start + r.float(5, 50) * SEC; t < end - 20 * SEC; t += r.float(3.5, 7) * MIN) burst(t);
  every(r, start, end, MIN, (t) => {
    tl.add(
      t,
      sys(t, bad.name, "blobd", "warning", "daemon", `disk /dev/${badDev} p99 latency ${r.int(700, 2600)}ms over last 60s exceeds 500ms`, pids.get(bad.name)),
      "performance",
    );
  });

  // smartd on every host every half hour; only the bad disk reports pending sectors.
  for (const h of hosts) {
    every(r, start, end, 30 * MIN, (t) => {
      if (h === bad) {
        const pending = r.int(8, 40);
        tl.add(t, sys(t, h.name, "smartd", "crit", "daemon", `Device: /dev/${badDev} [SAT], ${pending} Currently unreadable (pending) sectors`, 812), "error");
        tl.add(t + 2, sys(t + 2, h.name, "smartd", "crit", "daemon", `Device: /dev/${badDev} [SAT], ${pending} Offline uncorrectable sectors`, 812), "error");
      }
      const dev = r.pick(["sda", "sdb", "sdc", "sdd"]);
      const c = r.int(31, 38);
      tl.add(
        t + 5,
        sys(
          t + 5,
          h.name,
          "smartd",
          "info",
          "daemon",
          `Device: /dev/${dev} [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${c} to ${c + 1}`,
          812,
        ),
      );
    });
    every(r, start, end, 5 * MIN, (t) => {
      tl.add(t, sys(t, h.name, "CRON", "info", "cron", "(root) CMD (/usr/local/sbin/blobd-gc --quiet)", r.int(10000, 60000)));
    });
    every(r, start, end, 17 * MIN, (t) => {
      tl.add(t, sys(t, h.name, "chronyd", "info", "daemon", `Selected source 10.4.0.${r.int(2, 4)} (ntp${r.int(1, 3)}.internal)`, 611));
    });
  }

  // The leader alone rebalances and scrubs: lines followers never write.
  every(r, start, end, 3 * MIN, (t) => {
    const n = r.int(6, 30);
    const from = r.pick(hosts).name;
    const to = r.pick(hosts.filter((h) => h.name !== from)).name;
    tl.add(
      t,
      sys(
        t,
        leader.name,
        "blobd",
        "info",
        "daemon",
        `rebalancer: moved ${n} chunks (${(n * 4).toFixed(1)}MiB) from ${from} to ${to} in ${r.float(2, 14).toFixed(1)}s`,
        pids.get(leader.name),
      ),
    );
  });
  every(r, start, end, 10 * MIN, (t) => {
    tl.add(
      t,
      sys(
        t,
        leader.name,
        "blobd",
        "info",
        "daemon",
        `scrub: verified ${r.int(800, 1600)} chunks on ${hosts.length * 4} devices, 0 checksum errors`,
        pids.get(leader.name),
      ),
    );
    tl.add(
      t + 40,
      sys(t + 40, leader.name, "blobd", "info", "daemon", `cluster view: ${hosts.length} nodes, epoch ${r.int(4000, 4999)}`, pids.get(leader.name)),
    );
  });

  return tl.scenario(
    name,
    "from the first minute one of eight storage hosts has a failing disk: its chunk reads and writes on that disk are 6-40x slower, with ATA error bursts, EIO retries and smartd pending sectors only it writes; the leader's rebalancer and scrub lines and routine client resets stay normal (rsyslog JSON, host)",
  );
}

export function ingestConsumersHotBroker(seed: number): Scenario {
  const name = "ingest-consumers-hot-broker";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 60 * MIN;

  const consumers = Array.from({ length: 9 }, (_, i) => ({ name: r.uuid(), pod: `telemetry-ingest-${i}` }));
  const hotIdx = new Set<number>();
  while (hotIdx.size < 3) hotIdx.add(r.int(0, 8));
  const busyIdx = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((i) => !hotIdx.has(i))[r.int(0, 5)]!;
  // Partition assignment: four each, five for the busier one; the hot ones own the partitions kafka-2 leads.
  let p = 0;
  const parts = consumers.map((_, i) => Array.from({ length: i === busyIdx ? 5 : 4 }, () => p++));
  const onset = start + r.int(18, 30) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);

  const res = (svc: string, version: string, inst: string, pod: string) => ({
    "service.name": svc,
    "service.version": version,
    "service.instance.id": inst,
    "host.name": pod,
    "k8s.namespace.name": "ingest",
    "telemetry.sdk.language": "go",
  });

  consumers.forEach((c, i) => {
    const hot = hotIdx.has(i);
    const myParts = parts[i]!;
    const rate = i === busyIdx ? 3.3 : 2.7;
    eachRequest(
      r,
      {
        start,
        end,
        perMin: rate,
        insts: [{ name: c.name, slow: i === busyIdx ? 1.2 : 1 }],
        routes: [route("POLL", "batch", 140, 1, () => "", { sigma: 0.3 })],
      },
      (q) => {
        const part = r.pick(myParts);
        const records = r.pick([500, 500, 500, 500, r.int(120, 499)]);
        let dur = q.dur;
        let label: Label = null;
        if (hot && q.t >= onset) {
          dur *= r.float(4, 10);
          if (dur > 2.5 * 140) label = "performance";
        }
        const te = q.t + dur;
        tl.add(
          te,
          otel(te, {
            lvl: "info",
            body: `processed batch of ${records} records from telemetry.raw[${part}] in ${Math.round(dur)} ms`,
            resource: res("telemetry-ingest", "1.42.3", c.name, c.pod),
            attributes: {
              "messaging.system": "kafka",
              "messaging.kafka.partition": part,
              "messaging.batch.message_count": records,
              duration_ms: Math.round(dur),
            },
            scope: "ingest/consumer",
          }),
          label,
        );
      },
    );
    every(r, start, end, 30 * SEC, (t) => {
      tl.add(
        t,
        otel(t, {
          lvl: "info",
          body: `committed offsets for ${myParts.length} partitions`,
          resource: res("telemetry-ingest", "1.42.3", c.name, c.pod),
          attributes: { "messaging.consumer.group.name": "telemetry-ingest", "messaging.kafka.partitions": myParts.join(",") },
          scope: "ingest/consumer",
        }),
      );
    });
    if (hot) {
      every(r, onset + 20 * SEC, end, 50 * SEC, (t) => {
        const took = r.int(1800, 6200);
        tl.add(
          t,
          otel(t, {
            lvl: "warn",
            body: `fetch from broker kafka-2.kafka-headless.ingest.svc:9092 (id: 2 rack: euw1-az2) took ${took} ms (fetch.max.wait.ms=500)`,
            resource: res("telemetry-ingest", "1.42.3", c.name, c.pod),
            attributes: { "messaging.kafka.broker.id": 2, duration_ms: took },
            scope: "ingest/consumer",
          }),
          "performance",
        );
      });
      let lag = r.int(60000, 90000);
      every(r, onset + 4 * MIN, end, 2 * MIN, (t) => {
        lag += r.int(15000, 40000);
        const part = r.pick(myParts);
        tl.add(
          t,
          otel(t, {
            lvl: "warn",
            body: `consumer lag for telemetry.raw[${part}] is ${lag} records (threshold 50000)`,
            resource: res("telemetry-ingest", "1.42.3", c.name, c.pod),
            attributes: { "messaging.kafka.partition": part, "messaging.kafka.consumer.lag": lag },
            scope: "ingest/lag-monitor",
          }),
          "performance",
        );
      });
    }
  });

  // The HTTP receivers in front of Kafka.
  const gateways: Inst[] = Array.from({ length: 4 }, () => ({ name: r.uuid() }));
  const gwRs = r.k8s(9);
  const gwPods = new Map(gateways.map((g) => [g.name, `ingest-gateway-${gwRs}-${r.k8s(5)}`]));
  eachRequest(
    r,
    {
      start,
      end,
      perMin: 18,
      insts: gateways,
      routes: [route("POST", "/v1/metrics", 9, 5, () => "", { ok: 202 }), route("POST", "/v1/logs", 14, 2, () => "", { ok: 202 })],
    },
    (q) => {
      const te = q.t + q.dur;
      const bad = r.chance(0.01);
      tl.add(
        te,
        otel(te, {
          lvl: bad ? "warn" : "info",
          body: bad
            ? `${q.route.method} ${q.path} 400: payload rejected: ${r.pick(["timestamp too far in the future", "missing resource attributes", "unknown metric type"])}`
            : `${q.route.method} ${q.path} ${q.status}`,
          resource: res("ingest-gateway", "2.3.0", q.inst.name, gwPods.get(q.inst.name)!),
          attributes: {
            "http.request.method": q.route.method,
            "http.route": q.path,
            "http.response.status_code": bad ? 400 : q.status,
            duration_ms: round(q.dur, 1),
            "http.request.body.size": r.int(800, 64000),
          },
          scope: "ingest/gateway",
        }),
      );
    },
  );

  // rollup-scheduler: the leader alone runs the 5-minute rollups (long jobs); the standby says so.
  const sched = [r.uuid(), r.uuid()];
  every(r, start, end, 5 * MIN, (t) => {
    const w = new Date(Math.floor(t / (5 * MIN)) * 5 * MIN - 5 * MIN).toISOString().slice(11, 16);
    tl.add(
      t,
      otel(t, {
        lvl: "info",
        body: `scheduled job rollup_5m started for window starting ${w}`,
        resource: res("rollup-scheduler", "0.9.1", sched[0]!, "rollup-scheduler-0"),
        scope: "rollup/leader",
      }),
    );
    const took = r.logNormal(16000, 0.2);
    tl.add(
      t + took,
      otel(t + took, {
        lvl: "info",
        body: `rollup_5m finished: ${r.int(300, 520)}k points in ${(took / 1000).toFixed(1)} s`,
        resource: res("rollup-scheduler", "0.9.1", sched[0]!, "rollup-scheduler-0"),
        attributes: { duration_ms: Math.round(took) },
        scope: "rollup/leader",
      }),
    );
  });
  every(r, start, end, MIN, (t) => {
    tl.add(
      t,
      otel(t, {
        lvl: "info",
        body: "leader lease renewed (holder rollup-scheduler-0, ttl 15s)",
        resource: res("rollup-scheduler", "0.9.1", sched[0]!, "rollup-scheduler-0"),
        scope: "rollup/leader",
      }),
    );
    tl.add(
      t + 700,
      otel(t + 700, {
        lvl: "info",
        body: `standby: leader is rollup-scheduler-0 (lease expires in ${r.int(3, 14)}s)`,
        resource: res("rollup-scheduler", "0.9.1", sched[1]!, "rollup-scheduler-1"),
        scope: "rollup/leader",
      }),
    );
  });

  return tl.scenario(
    name,
    "from mid-window kafka-2 turns hot and the three of nine telemetry-ingest consumers whose partitions it leads process batches 4-10x slower, with slow-fetch and growing-lag warnings; a consumer with one more partition, the rollup leader's long jobs and the gateway's routine 400s stay normal (OpenTelemetry, resource service.instance.id)",
  );
}

export function sessionVmNoisyNeighbour(seed: number): Scenario {
  const name = "session-vm-noisy-neighbour";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 70 * MIN;

  const zones = ["a", "b", "c"];
  const sess: Inst[] = Array.from({ length: 6 }, (_, i) => ({ name: `sess-euw1${zones[i % 3]}-${String(i + 1).padStart(2, "0")}` }));
  const presence: Inst[] = Array.from({ length: 3 }, (_, i) => ({ name: `presence-euw1${zones[i]}-${String(i + 1).padStart(2, "0")}` }));
  const bad = sess[r.int(0, 5)]!;
  const onset = start + r.int(24, 38) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const emit = (
    t: number,
    svc: string,
    node: string,
    lvl: Lvl,
    target: string,
    message: string,
    fields: Record<string, unknown> = {},
    span?: Record<string, unknown>,
    label: Label = null,
  ) => tl.add(t, tracingJson(t, { lvl, target, message, fields, ...(span === undefined ? {} : { span }), service: svc, node }), label);

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 42,
      insts: sess,
      routes: [
        route("GET", "/v1/sessions/{id}", 8, 6, (x) => x.alnum(32)),
        route("POST", "/v1/sessions", 22, 2, () => "", { ok: 201 }),
        route("POST", "/v1/sessions/{id}/refresh", 14, 3, (x) => x.alnum(32)),
        route("DELETE", "/v1/sessions/{id}", 10, 1, (x) => x.alnum(32), { ok: 204 }),
      ],
    },
    (q) => {
      const span = { method: q.route.method, uri: q.path, version: "HTTP/1.1", name: "request" };
      let dur = q.dur;
      let label: Label = null;
      if (q.inst === bad && q.t >= onset) {
        dur *= r.float(2.2, 7);
        if (r.chance(0.04)) {
          // Starved of CPU, the redis call misses its deadline and is retried.
          const tt = q.t + 250;
          emit(
            tt,
            "session-api",
            bad.name,
            "warn",
            "session_api::store",
            "redis command timed out after 250 ms, retrying once",
            { command: "GET", latency_ms: 250 },
            span,
            "performance",
          );
          dur += 250;
        }
        if (dur > 2.5 * q.route.med) label = "performance";
      }
      const te = q.t + dur;
      emit(
        te,
        "session-api",
        q.inst.name,
        "info",
        "tower_http::trace::on_response",
        "finished processing request",
        { latency_ms: round(dur, 2), status: q.status },
        span,
        label,
      );
      if (r.chance(0.012)) {
        emit(te + 0.2, "session-api", q.inst.name, "warn", "session_api::auth", "rejected session cookie: invalid signature", {
          cookie_kid: `k${r.int(40, 44)}`,
        });
      }
    },
  );

  eachRequest(r, { start, end, perMin: 12, insts: presence, routes: [route("PUB", "presence", 3, 1, () => "", { sigma: 0.4 })] }, (q) => {
    const subs = r.int(1, 40);
    emit(q.t + q.dur, "presence-svc", q.inst.name, "info", "presence::fanout", `presence update fanned out to ${subs} subscribers`, {
      latency_ms: round(q.dur, 2),
      channel: `user:${r.int(100000, 999999)}`,
    });
  });
  every(r, start, end, 5 * MIN, (t) => {
    const from = r.int(30000, 60000);
    emit(
      t,
      "presence-svc",
      presence[0]!.name,
      "info",
      "presence::leader",
      `compacted presence snapshot: ${from} keys -> ${Math.round(from * r.float(0.55, 0.75))} keys in ${r.int(500, 1100)} ms`,
    );
  });

  // hostwatch on every VM: five-minute host stats; the bad VM's neighbour steals its CPU.
  for (const vm of [...sess, ...presence]) {
    every(r, start, end, 5 * MIN, (t) => {
      const stolen = vm === bad && t >= onset;
      const steal = stolen ? r.float(28, 46) : r.float(0, 0.8);
      emit(
        t,
        "hostwatch",
        vm.name,
        "info",
        "hostwatch::stats",
        `host stats: load1 ${(stolen ? r.float(3, 6) : r.float(0.2, 0.9)).toFixed(2)} cpu_user ${r.float(8, 22).toFixed(1)}% steal ${steal.toFixed(1)}% iowait ${r.float(0, 0.4).toFixed(1)}%`,
        {},
        undefined,
        stolen ? "pattern" : null,
      );
    });
  }
  every(r, onset + 40 * SEC, end, MIN, (t) => {
    const steal = round(r.float(25, 48), 1);
    emit(
      t,
      "hostwatch",
      bad.name,
      "warn",
      "hostwatch::alerts",
      `cpu steal ${steal.toFixed(1)}% over last 60s exceeds threshold 10%`,
      { steal_pct: steal },
      undefined,
      "pattern",
    );
  });

  return tl.scenario(
    name,
    "mid-window a noisy neighbour steals CPU from one of six session-api VMs: its requests turn 2-7x slower with redis deadline retries, and its host agent alone warns about steal; routine invalid-cookie warnings on every VM and the presence leader's compaction stay normal (Rust tracing JSON via Vector, node)",
  );
}
