// A consumer-group rebalance storm: one ledger-writer pod leaks memory in its dedup cache, its
// heap fills, full GCs stall its heartbeats, the coordinator removes it, it rejoins, and the group
// rebalances again and again (commits fail, re-delivered entries hit unique constraints) until the
// JVM dies of OutOfMemoryError.
// Decoys: the normal G1 sawtooth on every pod, a rolling deploy that rebalances the group early on,
// the broker's routine segment rolls, a read API and the settlement producer.

import type { Scenario } from "../blind/types.js";
import { COMMIT_FAILED_REBALANCED, type KafkaMember, type KafkaWrite, kafkaMember, prefix, rebalance } from "./kafka.js";
import { fluentbit, type Lvl, logback, pglog, pino, type PinoProc, type PodRef, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { every, fmtInt, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const GROUP = "ledger-writer";
const TOPIC = "payments.settled";
const PARTS = 12;
const SERVICE = "ledger-writer";
const THREAD = "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1";
const BROKERS = ["kafka-0.kafka-headless.kafka.svc", "kafka-1.kafka-headless.kafka.svc", "kafka-2.kafka-headless.kafka.svc"];

function gcStamp(t: number): string {
  return new Date(t).toISOString().replace("Z", "+0000");
}

function brokerStamp(t: number): string {
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
}

export function rebalanceStorm(seed: number): Scenario {
  const rng = new Rng(seed, "consumer-rebalance-storm");
  const start = pickStart(rng, [6, 8, 10, 12, 14, 18, 22]);
  const tl = new Timeline(start, start + rng.int(62, 80) * MIN);
  const end = tl.end;
  const deployAt = tl.at(rng.float(0.08, 0.2));
  const stormAt = tl.at(rng.float(0.42, 0.56));
  const leakFrom = stormAt - rng.int(14, 22) * MIN;
  const oomAt = tl.at(rng.float(0.86, 0.95));
  const sickIdx = rng.int(0, 3);

  const node = () => `ip-10-${rng.int(0, 40)}-${rng.int(0, 255)}-${rng.int(2, 254)}.eu-central-1.compute.internal`;
  const oldPods = [0, 1, 2, 3].map((i) => kafkaMember(rng, rng.pod(SERVICE), GROUP, i + 1));
  const newPods = [0, 1, 2, 3].map((i) => kafkaMember(rng, rng.pod(SERVICE), GROUP, i + 1));
  const refs = new Map<string, PodRef>();
  for (const m of [...oldPods, ...newPods]) refs.set(m.pod, { pod: m.pod, namespace: "ledger", container: SERVICE, node: node(), app: SERVICE });
  const swapAt = [0, 1, 2, 3].map((i) => deployAt + i * rng.int(35, 55) * SEC);
  const sick = newPods[sickIdx] as KafkaMember;
  const write: KafkaWrite = (t, m, logger, level, message) => logback(t, SERVICE, logger, THREAD, level, message, { pod: m.pod });
  const app = (t: number, m: KafkaMember, level: Lvl, message: string, extra: Record<string, unknown> = {}, stack?: string) =>
    logback(t, SERVICE, "com.acme.ledger.SettlementListener", THREAD, level, message, { pod: m.pod, ...extra }, stack);
  const brokerRef: PodRef = { pod: "kafka-1", namespace: "kafka", container: "kafka", node: node(), app: "kafka" };
  const broker = (t: number, level: "INFO" | "WARN", msg: string) =>
    fluentbit(t, brokerRef, "stdout", `[${brokerStamp(t)}] ${level} ${msg} (kafka.coordinator.group.GroupCoordinator)`);
  const offsetBase = rng.int(10_000_000, 60_000_000);
  const offsetOf = (p: number) => offsetBase + p * 911 + rng.int(0, 500);

  let generation = rng.int(50, 300);
  let assignment = new Map<string, number[]>();
  for (const [i, m] of oldPods.entries()) {
    assignment.set(
      m.memberId,
      Array.from({ length: PARTS }, (_, p) => p).filter((p) => p % 4 === i),
    );
  }
  const doRebalance = (t0: number, members: KafkaMember[], initiator: number, reason: string, label: Label) => {
    generation += 1;
    const g = generation;
    const prev = generation - 1;
    tl.add(
      t0 - rng.int(50, 400),
      (t) =>
        broker(
          t,
          "INFO",
          `[GroupCoordinator 1]: Preparing to rebalance group ${GROUP} in state PreparingRebalance with old generation ${prev} (__consumer_offsets-17) (reason: ${reason})`,
        ),
      label,
    );
    assignment = rebalance(tl, rng, {
      t0,
      group: GROUP,
      topic: TOPIC,
      partitions: PARTS,
      members,
      previous: assignment,
      generation: g,
      protocol: "range",
      reason,
      initiator,
      write,
      label,
      offsets: false,
      offsetOf,
      leaderEpoch: 23,
      brokers: BROKERS,
    });
    const n = members.length;
    tl.add(
      t0 + rng.int(2600, 5300),
      (t) => broker(t, "INFO", `[GroupCoordinator 1]: Stabilized group ${GROUP} generation ${g} (__consumer_offsets-17) with ${n} members`),
      label,
    );
  };

  // --- rolling deploy: rebalances, normal
  let members = [...oldPods];
  swapAt.forEach((at, i) => {
    const old = oldPods[i] as KafkaMember;
    const fresh = newPods[i] as KafkaMember;
    tl.add(at, (t) => app(t, old, "info", "Received SIGTERM; stopping listener containers"));
    members = members.filter((m) => m !== old);
    doRebalance(at + 400, [...members], 0, `Leaving group ${old.memberId}`, null);
    const boot = at + rng.int(10, 16) * SEC;
    tl.add(boot, (t) => app(t, fresh, "info", "Starting LedgerWriterApplication v2.41.0 using Java 17.0.11 with PID 1"));
    tl.add(boot + 8000, (t) =>
      app(t, fresh, "info", `Started LedgerWriterApplication in ${round(rng.float(7, 9.5), 3)} seconds (process running for ${round(rng.float(9.6, 11), 3)})`),
    );
    members = [...members, fresh];
    doRebalance(
      boot + 9500,
      [...members],
      members.length - 1,
      `Adding new member ${fresh.memberId} with group instance id None; client reason: need to re-join with the given member-id: ${fresh.memberId}`,
      null,
    );
  });

  // --- GC logs for every pod (JVM unified logging to stdout); the sick pod's heap climbs
  const heapAfter = (t: number) => {
    if (t < leakFrom) return 0;
    if (t < stormAt) return 2750 * ((t - leakFrom) / (stormAt - leakFrom)) ** 1.1;
    return 2750 + 600 * Math.min(1, (t - stormAt) / (oomAt - stormAt));
  };
  for (const [i, m] of [...oldPods, ...newPods].entries()) {
    const g = rng.fork(`gc-${i}`);
    const isOld = i < 4;
    const from = isOld ? start : (swapAt[i - 4] ?? start) + 15 * SEC;
    const to = isOld ? (swapAt[i] ?? end) : end;
    const ref = refs.get(m.pod) as PodRef;
    const isSick = m === sick;
    let gcn = isOld ? g.int(800, 4000) : 0;
    let t = from + g.int(5, 30) * SEC;
    while (t < Math.min(to, isSick ? oomAt : to)) {
      const leak = isSick ? heapAfter(t) : 0;
      const live = g.float(520, 900) + leak;
      const n = gcn++;
      if (isSick && live > 3300) {
        const before = Math.min(4096, live + g.float(60, 140));
        const after = Math.min(4090, live + g.float(-30, 40));
        const pause = g.float(2200, 5400);
        tl.add(
          t,
          (tt) =>
            fluentbit(
              tt,
              ref,
              "stdout",
              `[${gcStamp(tt)}][info][gc] GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) ${Math.round(before)}M->${Math.round(Math.min(4096, after + 15))}M(4096M) ${round(g.float(300, 900), 3)}ms`,
            ),
          "memory",
        );
        tl.add(
          t + 1200,
          (tt) =>
            fluentbit(
              tt,
              ref,
              "stdout",
              `[${gcStamp(tt)}][info][gc] GC(${n + 1}) Pause Full (G1 Compaction Pause) ${Math.round(Math.min(4096, after + 20))}M->${Math.round(after)}M(4096M) ${round(pause, 3)}ms`,
            ),
          "memory",
        );
        gcn++;
        t += pause + g.float(15, 40) * SEC;
        continue;
      }
      const young = g.float(1500, 2600) + leak;
      const label: Label = isSick && live > 2600 ? "memory" : null;
      const cause = g.chance(0.06)
        ? "Pause Young (Concurrent Start) (G1 Humongous Allocation)"
        : g.chance(0.05)
          ? "Pause Young (Prepare Mixed) (G1 Evacuation Pause)"
          : "Pause Young (Normal) (G1 Evacuation Pause)";
      const pauseMs = round(g.logn(14, 0.35) * (1 + leak / 1500), 3);
      tl.add(
        t,
        (tt) =>
          fluentbit(
            tt,
            ref,
            "stdout",
            `[${gcStamp(tt)}][info][gc] GC(${n}) ${cause} ${Math.round(Math.min(4000, young))}M->${Math.round(live)}M(4096M) ${pauseMs}ms`,
          ),
        label,
      );
      if (cause.includes("Concurrent Start")) {
        tl.add(t + 30, (tt) => fluentbit(tt, ref, "stdout", `[${gcStamp(tt)}][info][gc] GC(${n + 1}) Concurrent Mark Cycle`), label);
        tl.add(
          t + g.int(150, 900),
          (tt) => fluentbit(tt, ref, "stdout", `[${gcStamp(tt)}][info][gc] GC(${n + 1}) Concurrent Mark Cycle ${round(g.float(90, 600), 3)}ms`),
          label,
        );
        gcn++;
      }
      // allocation rate ~ 60-90 MB/s, less headroom as the leak grows
      const headroom = Math.max(700, 3500 - live);
      t += (headroom / g.float(55, 90)) * 1000 * g.float(0.5, 0.8);
    }
  }

  // --- application lines: batch summaries per pod, dedup cache stats
  for (const [i, m] of [...oldPods, ...newPods].entries()) {
    const a = rng.fork(`app-${i}`);
    const isOld = i < 4;
    const from = isOld ? start : (swapAt[i - 4] ?? start) + 25 * SEC;
    const to = isOld ? (swapAt[i] ?? end) : m === sick ? oomAt : end;
    every(a, from + a.int(0, 30_000), to, 30 * SEC, 2000, (x) => {
      const n = a.int(280, 520);
      const slow = m === sick && heapAfter(x) > 2600;
      const took = Math.round(a.logn(slow ? 2900 : 640, 0.3));
      tl.add(x, (tt) => app(tt, m, "info", `Applied ${n} ledger entries in ${took} ms`, { entries: n, took_ms: took }));
    });
    every(a, from + a.int(0, 300_000), to, 5 * MIN, 5000, (x) => {
      const entries = m === sick ? Math.round(180_000 + heapAfter(x) * 1020) : a.int(150_000, 240_000);
      const label: Label = m === sick && heapAfter(x) > 1500 ? "memory" : null;
      tl.add(
        x,
        (tt) =>
          app(
            tt,
            m,
            label === null ? "info" : "warn",
            `dedup cache: ${fmtInt(entries)} entries, est. ${round((entries * 0.86) / 1024, 1)} MiB, evictions ${m === sick && x > leakFrom ? 0 : a.int(10_000, 60_000)} in last 5m`,
            { cache: "settlement-dedup", entries },
          ),
        label,
      );
    });
  }

  // --- the storm: heartbeat expirations of the sick pod and its rejoins
  const sRng = rng.fork("storm");
  let x = stormAt + sRng.int(20, 90) * SEC;
  let cycle = 0;
  while (x < oomAt - 60 * SEC) {
    cycle += 1;
    const others = newPods.filter((m) => m !== sick);
    const memberId = sick.memberId;
    tl.add(x, (t) => broker(t, "INFO", `[GroupCoordinator 1]: Member ${memberId} in group ${GROUP} has failed, removing it from the group`), "pattern");
    doRebalance(x + sRng.int(200, 900), others, 0, `removing member ${memberId} on heartbeat expiration`, "pattern");
    const back = x + sRng.int(9, 25) * SEC;
    const part = sRng.pick(assignment.get(sick.memberId) ?? [sickIdx]);
    tl.add(
      back,
      (t) =>
        write(
          t,
          sick,
          "org.apache.kafka.clients.consumer.internals.AbstractCoordinator",
          "info",
          `${prefix(sick, GROUP)} Attempt to heartbeat failed since member id ${memberId} is not valid.`,
        ),
      "pattern",
    );
    tl.add(
      back + 40,
      (t) =>
        app(
          t,
          sick,
          "error",
          `Failed to commit offsets for ${TOPIC}-${part}`,
          {},
          `org.apache.kafka.clients.consumer.CommitFailedException: ${COMMIT_FAILED_REBALANCED}\n\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator$OffsetCommitResponseHandler.handle(ConsumerCoordinator.java:1285)\n\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doCommitSync(KafkaMessageListenerContainer.java:3063)`,
        ),
      "error",
    );
    doRebalance(
      back + sRng.int(300, 1200),
      [...others, sick],
      3,
      `Adding new member ${sick.memberId} with group instance id None; client reason: rebalance failed due to UnknownMemberIdException`,
      "pattern",
    );
    // re-delivered entries from the last committed offsets hit the unique constraint
    const dups = sRng.int(1, 3);
    for (let d = 0; d < dups; d++) {
      const at = back + sRng.int(6, 40) * SEC;
      const sid = `stl_${sRng.base62(18)}`;
      tl.add(
        at,
        (t) =>
          pglog(t, "ledger-db-0", 9000 + sRng.int(0, 400), "ERROR", `duplicate key value violates unique constraint "ledger_entries_settlement_id_key"`, {
            user: "ledger_writer",
            dbname: "ledger",
            application_name: "ledger-writer",
            service: "ledger-db",
            remote_host: "10.0.31.7",
          }),
        "error",
      );
      const who = sRng.pick(newPods);
      tl.add(
        at + 5,
        (t) =>
          app(t, who, "warn", `Ledger entry for settlement ${sid} already exists; skipping re-delivered record at ${TOPIC}-${sRng.int(0, PARTS - 1)}`, {
            settlement_id: sid,
          }),
        "error",
      );
    }
    x += sRng.int(260, 450) * SEC;
  }
  void cycle;
  // OutOfMemoryError and restart
  const oomTrace =
    "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.HashMap.resize(HashMap.java:710)\n\tat java.base/java.util.HashMap.putVal(HashMap.java:635)\n\tat com.acme.ledger.dedup.SettlementDedupCache.remember(SettlementDedupCache.java:58)\n\tat com.acme.ledger.SettlementListener.onBatch(SettlementListener.java:91)";
  tl.add(oomAt, (t) => app(t, sick, "error", "Listener failed; uncaught error in batch processing", {}, oomTrace), "memory");
  const sickRef = refs.get(sick.pod) as PodRef;
  tl.add(oomAt + 30, (t) => fluentbit(t, sickRef, "stderr", "Terminating due to java.lang.OutOfMemoryError: Java heap space"), "memory");
  const restart = oomAt + sRng.int(12, 25) * SEC;
  tl.add(restart, (t) => app(t, sick, "info", "Starting LedgerWriterApplication v2.41.0 using Java 17.0.11 with PID 1"));
  tl.add(restart + 8200, (t) =>
    app(t, sick, "info", `Started LedgerWriterApplication in ${round(sRng.float(7, 9.5), 3)} seconds (process running for ${round(sRng.float(9.6, 11), 3)})`),
  );

  // --- broker background
  const bRng = rng.fork("broker");
  const brokerBg = (t: number, msg: string, cls: string) => fluentbit(t, brokerRef, "stdout", `[${brokerStamp(t)}] INFO ${msg} (${cls})`);
  poisson(bRng, start, end, 2.5 * MIN, (t) => {
    const topic = bRng.pick([TOPIC, "payments.authorized", "ledger.entries", "__consumer_offsets"]);
    const p = bRng.int(0, topic === "__consumer_offsets" ? 49 : PARTS - 1);
    const off = bRng.int(10_000_000, 90_000_000);
    const line = bRng.weighted(
      [
        [
          `[LocalLog partition=${topic}-${p}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${off} in ${bRng.int(0, 4)} ms.`,
          "kafka.log.LocalLog",
        ] as const,
        [
          `[ProducerStateManager partition=${topic}-${p}] Wrote producer snapshot at offset ${off} with ${bRng.int(0, 12)} producer ids in ${bRng.int(1, 9)} ms.`,
          "org.apache.kafka.storage.internals.log.ProducerStateManager",
        ] as const,
        [
          `[UnifiedLog partition=${topic}-${p}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset=${off - 9_000_000}, size=${bRng.int(100_000_000, 1_073_000_000)}, lastModifiedTime=${Math.round(t) - 7 * 86_400_000}, largestRecordTimestamp=${Math.round(t) - 7 * 86_400_000}) due to log retention time 604800000ms breach based on the largest record timestamp in the segment`,
          "kafka.log.UnifiedLog",
        ] as const,
      ].map((x) => [x, 1] as const),
    );
    tl.add(t, (tt) => brokerBg(tt, line[0], line[1]));
  });
  every(bRng, start + bRng.int(0, 600) * SEC, end, 10 * MIN, 5000, (t) => {
    tl.add(t, (tt) =>
      fluentbit(
        tt,
        brokerRef,
        "stdout",
        `[${brokerStamp(tt)}] INFO [GroupMetadataManager brokerId=1] Removed ${bRng.int(0, 40)} expired offsets in ${bRng.int(0, 8)} milliseconds. (kafka.coordinator.group.GroupMetadataManager)`,
      ),
    );
  });

  // --- settlement-service (zap): the producer
  const stRng = rng.fork("settlement");
  const stPods = [stRng.pod("settlement-service"), stRng.pod("settlement-service")];
  poisson(stRng, start, end, 3100, (t) => {
    const p = stRng.int(0, PARTS - 1);
    const amount = round(stRng.logn(48, 1.1), 2);
    tl.add(t, (tt) =>
      zap(tt, "info", "settle/publisher.go:118", "settlement published", {
        service: "settlement-service",
        pod: stRng.pick(stPods),
        topic: TOPIC,
        partition: p,
        offset: offsetBase + p * 911 + Math.round((tt - start) / 400),
        settlement_id: `stl_${stRng.base62(18)}`,
        amount,
        currency: stRng.pick(["EUR", "EUR", "EUR", "GBP", "USD", "PLN"]),
      }),
    );
    if (stRng.chance(0.01))
      tl.add(t + 3, (tt) =>
        zap(tt, "warn", "settle/acquirer.go:207", "acquirer callback retried", {
          service: "settlement-service",
          pod: stRng.pick(stPods),
          attempt: 2,
          acquirer: stRng.pick(["adyen", "worldpay", "checkout"]),
        }),
      );
  });

  // --- ledger-api (pino): balance reads
  const laRng = rng.fork("ledger-api");
  const laPods: PinoProc[] = [0, 1].map(() => ({ name: "ledger-api", hostname: laRng.pod("ledger-api"), pid: 1 }));
  poisson(laRng, start, end, 6000, (t) => {
    const route = laRng.weighted([
      [`/v1/accounts/${laRng.int(100000, 999999)}/balance`, 5],
      [`/v1/accounts/${laRng.int(100000, 999999)}/entries?limit=50`, 3],
      ["/v1/reports/daily", 0.3],
    ] as const);
    const status = laRng.chance(0.02) ? 404 : 200;
    tl.add(t, (tt) =>
      pino(tt, laRng.pick(laPods), "info", "request completed", {
        req: { method: "GET", url: route },
        res: { statusCode: status },
        responseTime: round(laRng.logn(route.includes("reports") ? 800 : 16, 0.45), 2),
      }),
    );
  });
  every(laRng, start + laRng.int(0, 300) * SEC, end, 5 * MIN, 2000, (t) => {
    tl.add(t, (tt) =>
      pglog(tt, "ledger-db-0", 61, "LOG", "checkpoint starting: time", { user: "", dbname: "", backend_type: "checkpointer", service: "ledger-db" }),
    );
  });

  return tl.build(
    "consumer-rebalance-storm",
    "One ledger-writer pod's heap fills from a leaking dedup cache; long GC pauses expire its Kafka heartbeats and the group rebalances every few minutes until the JVM dies of OutOfMemoryError, after a normal deploy-time rebalance",
    rng,
  );
}
