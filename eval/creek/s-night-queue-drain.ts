/**
 * night-queue-drain (breaks the rule): an evening into the night of a shop. Checkout traffic
 * falls from the evening peak to a trickle after midnight, and everything downstream of it with
 * it: order-events-consumer (Go, zap) reports each minute how many messages it processed, from
 * some 25 msgs/s per pod to one or two, with its lag at zero all along; notify-worker (.NET,
 * Serilog CLEF) sends a few notifications a minute where it sent dozens. The consumers keep up
 * with an idle source: nothing is slow. The incident is elsewhere and late: the nightly
 * payout-reconciler (python-json-logger, a CronJob) reads a partner's settlement file that was
 * delivered twice over, its memory climbs past its limit, the kernel's OOM killer kills it twice
 * and the Job fails with BackoffLimitExceeded.
 */
import { cgroupOomKill, hourlyCron, nodeName, openWindow, replicaPods } from "./common.js";
import { type KubeObject, kubeEvent, nginxJson, pyJson, serilog, zap } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "night-queue-drain";
const LIMIT_MB = 3072;

/** Go's time.Duration String for about a minute: `1m0.000412s`. */
function goMinute(ms: number): string {
  return `1m${((ms - 60_000) / 1000).toFixed(6).replace(/0+$/, "")}s`;
}

export function nightQueueDrain(seed: number): Scenario {
  const { rng, start, end, tl } = openWindow(seed, NAME, "2026-02-17", 20, 5);
  const drop = rng.float(2.0, 2.5);
  /** Traffic at `t` against the evening peak: falls to a twentieth by the small hours. */
  const traffic = (t: number): number => 0.05 + 0.95 / (1 + Math.exp(((t - start) / HOUR - drop) / 0.55));

  // ── checkout-api behind ingress-nginx, and its orders ───────────────────────────────────────
  const checkout = replicaPods(rng, "checkout-api", 3).map((pod) => ({ pod, addr: `${rng.privateIp("10.40")}:8080` }));
  for (const s of arrivals(rng, start, end, 4.2, traffic, 1)) {
    const c = rng.pick(checkout);
    const took = rng.logNormal(140, 0.35);
    const d = s + Math.round(took);
    const order = `ord_${rng.alnum(12)}`;
    tl.add(
      d - 2,
      zap(d - 2, "info", "checkout", "checkout/handler.go:214", "order placed", {
        service: "checkout-api",
        order_id: order,
        items: rng.int(1, 7),
        amount_cents: rng.int(900, 24000),
        pod: c.pod,
      }),
    );
    tl.add(
      d,
      nginxJson(d, {
        remoteAddr: rng.clientIp(),
        requestId: rng.hex(32),
        method: "POST",
        uri: "/api/v2/checkout",
        status: 201,
        requestTimeMs: took + 2,
        bytesSent: rng.int(400, 900),
        userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        host: "shop.example.com",
        upstreamAddr: c.addr,
        upstreamStatus: "201",
        upstreamTimeMs: took,
        proxyUpstreamName: "shop-checkout-api-8080",
      }),
    );
  }
  // the HPA follows the traffic down
  let replicas = 6;
  for (const t of ticks(rng, start + 40 * MINUTE, end, 35 * MINUTE, 5 * MINUTE)) {
    const want = Math.max(2, Math.round(6 * traffic(t) + 0.4));
    if (want >= replicas) continue;
    replicas = want;
    tl.add(
      t,
      kubeEvent(
        t,
        "Normal",
        "SuccessfulRescale",
        `New size: ${replicas}; reason: All metrics below target`,
        { kind: "HorizontalPodAutoscaler", name: "checkout-api", namespace: "shop" },
        { component: "horizontal-pod-autoscaler" },
        rng.uuid(),
      ),
    );
  }

  // ── order-events-consumer: per-minute throughput, falls with the traffic ────────────────────
  const consumers = replicaPods(rng, "order-events-consumer", 3).map((pod, i) => ({ pod, partitions: [i * 4, i * 4 + 1, i * 4 + 2, i * 4 + 3] }));
  const peakRate = rng.float(22, 30);
  for (const c of consumers) {
    let offset = rng.int(40_000_000, 90_000_000);
    for (let t = start + rng.int(0, 59) * SECOND; t < end; t += 60_000 + rng.int(0, 3)) {
      const elapsed = 60_000 + rng.int(0, 900);
      const n = Math.max(0, Math.round(peakRate * traffic(t) * 60 * rng.float(0.88, 1.12)));
      offset += n;
      tl.add(
        t,
        zap(t, "info", "consumer", "consumer/stats.go:58", `processed ${n} messages in ${goMinute(elapsed)} (${((n * 1000) / elapsed).toFixed(1)} msgs/s)`, {
          service: "order-events-consumer",
          topic: "orders.events",
          group: "order-events-consumer",
          partitions: c.partitions,
          committed_offset: offset,
          lag: rng.chance(0.85) ? 0 : rng.int(1, 12),
          pod: c.pod,
        }),
      );
    }
  }

  // ── notify-worker (.NET): notifications sent per minute ─────────────────────────────────────
  const notifyPod = rng.pod("notify-worker");
  const sendTemplate = "Sent {Count} notifications in {Elapsed:0.0}s ({Rate:0.0} messages/s)";
  for (let t = start + rng.int(0, 59) * SECOND; t < end; t += 60_000 + rng.int(0, 40)) {
    const elapsed = 60 + rng.float(0, 0.4);
    const n = Math.max(0, Math.round(rng.float(1.6, 2.2) * 60 * traffic(t) * rng.float(0.85, 1.15)));
    tl.add(
      t,
      serilog(t, "Information", sendTemplate, `Sent ${n} notifications in ${elapsed.toFixed(1)}s (${(n / elapsed).toFixed(1)} messages/s)`, {
        Count: n,
        Elapsed: Number(elapsed.toFixed(3)),
        Rate: Number((n / elapsed).toFixed(2)),
        SourceContext: "Notify.Worker.DispatchLoop",
        Application: "notify-worker",
        MachineName: notifyPod,
      }),
    );
    if (rng.chance(0.08 * traffic(t))) {
      const w = t + rng.int(1000, 30000);
      tl.add(
        w,
        serilog(w, "Warning", "APNs rejected {DeviceCount} device tokens as {Reason}", `APNs rejected ${rng.int(1, 3)} device tokens as "BadDeviceToken"`, {
          Reason: "BadDeviceToken",
          SourceContext: "Notify.Worker.Apns.ApnsSender",
          Application: "notify-worker",
          MachineName: notifyPod,
        }),
      );
    }
  }

  // ── payout-reconciler: the nightly job reads a settlement file delivered twice over ─────────
  const jobAt = tl.at(rng.float(0.74, 0.8));
  const jobName = `payout-reconciler-${Math.floor(jobAt / 60000)}`;
  const host = nodeName(rng, "10.40");
  const jobObj: KubeObject = { kind: "Job", name: jobName, namespace: "finance" };
  const partners = ["acme-payments", "northwind-pay", "globex-card", "initech-wallet"];
  const bigPartner = rng.pick(partners);
  tl.add(
    jobAt,
    kubeEvent(
      jobAt,
      "Normal",
      "SuccessfulCreate",
      `Created pod: ${jobName}-${rng.pod("x").split("-")[2]}`,
      jobObj,
      { component: "job-controller" },
      rng.uuid(),
    ),
  );
  let attemptAt = jobAt + rng.int(4, 9) * SECOND;
  for (let attempt = 0; attempt < 3; attempt++) {
    const pid = rng.int(7, 40);
    const rec = (
      t: number,
      level: "INFO" | "WARNING" | "ERROR",
      logger: string,
      msg: string,
      extra: Record<string, unknown>,
      label: AnomalyType | null = null,
    ) => tl.add(t, pyJson(t, "payout-reconciler", level, logger, msg, { ...extra, attempt: attempt + 1 }), label);
    let t = attemptAt;
    rec(t, "INFO", "reconciler.main", `starting reconciliation for ${new Date(jobAt - 86_400_000).toISOString().slice(0, 10)}`, { partners: partners.length });
    let rssMb = rng.int(280, 340);
    for (const p of partners) {
      const rows = p === bigPartner ? rng.int(2_300_000, 2_900_000) : rng.int(90_000, 240_000);
      t += Math.round((rows / rng.float(9000, 14000)) * 1000);
      rssMb += (rows / 1000) * rng.float(0.32, 0.38);
      rec(t, "INFO", "reconciler.ingest", `parsed settlement file s3://payouts-inbound/${p}/settlements.csv`, { rows, rss_mb: Math.round(rssMb) });
      if (p === bigPartner) {
        rec(
          t + 40,
          "WARNING",
          "reconciler.ingest",
          `settlement file for ${p} has ${rows} rows, expected about ${Math.round(rows / 2.02)} (duplicate batch ids: ${rng.int(40, 60)})`,
          { partner: p },
          "pattern",
        );
        break;
      }
    }
    // matching builds an index over every row: memory climbs to the limit
    for (let k = 0; k < 6; k++) {
      t += rng.int(20, 45) * SECOND;
      rssMb = Math.min(LIMIT_MB * 0.995, rssMb + rng.int(280, 420));
      const share = rssMb / LIMIT_MB;
      rec(
        t,
        share >= 0.85 ? "WARNING" : "INFO",
        "reconciler.match",
        share >= 0.85
          ? `memory high during matching: rss ${Math.round(rssMb)} MiB of ${LIMIT_MB} MiB limit`
          : `matching settlements against payouts: ${k + 1}/8 batches`,
        { rss_mb: Math.round(rssMb), limit_mb: LIMIT_MB },
        share >= 0.85 ? "memory" : null,
      );
      if (share >= 0.98) break;
    }
    const killAt = t + rng.int(10, 30) * SECOND;
    cgroupOomKill(rng, tl, killAt, host, host, "python3", 4000 + pid * 31, LIMIT_MB);
    const podName = `${jobName}-${rng.pod("x").split("-")[2]}`;
    if (attempt < 2) {
      const next = killAt + rng.int(10, 40) * SECOND;
      tl.add(next, kubeEvent(next, "Normal", "SuccessfulCreate", `Created pod: ${podName}`, jobObj, { component: "job-controller" }, rng.uuid()));
      attemptAt = next + rng.int(4, 9) * SECOND;
    } else {
      const failed = killAt + rng.int(2, 6) * SECOND;
      tl.add(
        failed,
        kubeEvent(
          failed,
          "Warning",
          "BackoffLimitExceeded",
          "Job has reached the specified backoff limit",
          jobObj,
          { component: "job-controller" },
          rng.uuid(),
        ),
        "error",
      );
    }
  }

  hourlyCron(rng, tl, [host, nodeName(rng, "10.40")]);
  return tl.build(
    NAME,
    "checkout traffic falls from the evening peak to a trickle after midnight, and order-events-consumer's msgs/s and notify-worker's messages/s fall with it (lag zero: an idle source, not slow work); late, the nightly payout-reconciler reads a settlement file delivered twice, climbs past its memory limit, is OOM-killed twice and the Job fails",
  );
}
