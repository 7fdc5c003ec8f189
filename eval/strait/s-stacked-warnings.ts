/**
 * stacked-warnings: three services log every warning with the exception behind it, from the
 * first minute to the end: order-sync (Logback, `stack_trace`) on optimistic-lock retries and
 * ERP conflicts, notifier (Winston, `stack`) on push tokens the providers reject, pricing (ECS,
 * `error.*`) on feed entries it rejects. All of it routine. A quarter to a third in,
 * image-worker's resident set climbs on a batch of huge panoramas (each job several times its
 * usual time) until the kernel's cgroup OOM killer ends it and the job it held is lost; later the database host's disk starts failing
 * reads (ATA errors, I/O errors, smartd's pending sectors).
 */
import { cgroupOomKill, edgeTraffic, kernel, openWindow, podRestart, upstreamAddr } from "./common.js";
import { ecsLogback, javaTrace, logback, nodeStack, pyjson, rsyslog, winston } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "stacked-warnings";

export function stackedWarnings(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-30", 13, 4);

  // ── order-sync (Java): pushes orders to the ERP; every WARN is logged with its exception ───
  const sync = { app: "order-sync", host: rng.pod("order-sync") };
  const syncThread = () => `sync-worker-${rng.int(1, 8)}`;
  for (const t of arrivals(rng, start, end, 1.5, shape, 1.2)) {
    const took = Math.round(rng.logNormal(230, 0.35));
    tl.add(
      t,
      logback(t, sync, "INFO", "com.shop.sync.ErpSyncService", syncThread(), `Order ${rng.int(6000000, 6999999)} synced to ERP in ${took} ms`, {
        duration_ms: took,
      }),
    );
  }
  for (const t of arrivals(rng, start, end, 0.3)) {
    const id = rng.int(6000000, 6999999);
    const trace = javaTrace(
      "org.springframework.orm.ObjectOptimisticLockingFailureException",
      `Row was updated or deleted by another transaction (or unsaved-value mapping was incorrect) : [com.shop.sync.OrderSyncState#${id}]`,
      [
        "org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:325)",
        "org.springframework.orm.jpa.JpaTransactionManager.doCommit(JpaTransactionManager.java:565)",
        "com.shop.sync.ErpSyncService.markSynced(ErpSyncService.java:131)",
      ],
      "org.hibernate.StaleObjectStateException: Row was updated or deleted by another transaction",
    );
    tl.add(t, logback(t, sync, "WARN", "com.shop.sync.ErpSyncService", syncThread(), `Optimistic lock conflict on order ${id}, retrying`, {}, trace));
  }
  for (const t of arrivals(rng, start, end, 0.12)) {
    const id = rng.int(6000000, 6999999);
    const trace = javaTrace("com.shop.sync.erp.ErpConflictException", `409 Conflict: order ${id} is locked for invoicing`, [
      "com.shop.sync.erp.ErpClient.put(ErpClient.java:88)",
      "com.shop.sync.ErpSyncService.push(ErpSyncService.java:97)",
    ]);
    tl.add(t, logback(t, sync, "WARN", "com.shop.sync.ErpSyncService", syncThread(), `ERP answered 409 for order ${id}, will resync in 10 minutes`, {}, trace));
  }

  // ── notifier (Node, Winston): pushes; a rejected token is logged with the error's stack ──
  for (const t of arrivals(rng, start, end, 2, shape, 1.2)) {
    tl.add(
      t,
      winston(t, "notifier", "info", "push sent", {
        provider: rng.pick(["apns", "fcm"]),
        campaign: rng.pick(["order-status", "back-in-stock", "cart-reminder"]),
        ms: rng.int(40, 260),
      }),
    );
  }
  for (const t of arrivals(rng, start, end, 0.45)) {
    const apns = rng.chance(0.55);
    const [message, stack] = apns
      ? [
          "APNs rejected device token, unregistering it",
          nodeStack("ApnsError", "BadDeviceToken", [
            "Http2Client.onResponse (/app/node_modules/@parse/node-apn/lib/client.js:212:21)",
            "PushService.sendApns (/app/dist/push/apns.js:58:13)",
          ]),
        ]
      : [
          "FCM token no longer registered, unregistering it",
          nodeStack("FirebaseMessagingError", "Requested entity was not found.", [
            "FirebaseMessagingRequestHandler.buildSendResponse (/app/node_modules/firebase-admin/lib/messaging/messaging-api-request-internal.js:110:50)",
            "PushService.sendFcm (/app/dist/push/fcm.js:44:21)",
          ]),
        ];
    tl.add(t, winston(t, "notifier", "warn", message, { provider: apns ? "apns" : "fcm", deviceId: `dev_${rng.alnum(10)}` }, stack));
  }

  // ── pricing (Java, ECS encoder): price list publishing; rejected feed entries warn with error.* ──
  const pricing = { service: "pricing", host: rng.pod("pricing"), environment: "production" };
  for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND)) {
    tl.add(
      t,
      ecsLogback(
        t,
        pricing,
        "INFO",
        "com.shop.pricing.PublishJob",
        "scheduling-1",
        `Published price list revision ${Math.floor((t - start) / 300000) + 8810}`,
        {
          "event.duration": rng.int(900, 3000) * 1000000,
        },
      ),
    );
  }
  for (const t of arrivals(rng, start, end, 0.2)) {
    const sku = `SKU-${rng.int(100000, 999999)}`;
    const msg = `Price below cost floor for ${sku}`;
    tl.add(
      t,
      ecsLogback(
        t,
        pricing,
        "WARN",
        "com.shop.pricing.FeedImporter",
        "feed-import-1",
        `Rejected supplier feed entry ${sku}`,
        {},
        {
          type: "com.shop.pricing.FeedValidationException",
          message: msg,
          stackTrace: javaTrace("com.shop.pricing.FeedValidationException", msg, [
            "com.shop.pricing.FeedValidator.check(FeedValidator.java:54)",
            "com.shop.pricing.FeedImporter.importEntry(FeedImporter.java:112)",
          ]),
        },
      ),
    );
  }

  // ── image-worker (Python): its resident set climbs on huge panoramas; the kernel kills it ──
  const worker = { service: "image-worker", host: rng.pod("image-worker") };
  const nodeHost = `ip-10-11-${rng.int(1, 60)}-${rng.int(2, 250)}`;
  const limitMb = 4096;
  const climbFrom = tl.at(rng.float(0.22, 0.3));
  const killAt = climbFrom + rng.int(16, 26) * MINUTE;
  const rssAt = (t: number): number => {
    if (t < climbFrom || t > killAt) return 0.34 + 0.05 * Math.sin(t / 300000);
    return Math.min(0.995, 0.36 + 0.64 * ((t - climbFrom) / (killAt - climbFrom)) ** 0.8);
  };
  const upAt =
    podRestart(rng, tl, killAt + rng.int(1, 3) * SECOND, {
      namespace: "media",
      pod: worker.host,
      container: "image-worker",
      image: "registry.internal/image-worker:5.0.7",
      node: `${nodeHost}.eu-west-1.compute.internal`,
    }) +
    rng.int(3, 6) * SECOND;
  const alive = (t: number): boolean => t < killAt || t >= upAt;
  for (const t of ticks(rng, start, end, 30 * SECOND, 2 * SECOND)) {
    if (!alive(t)) continue;
    const rss = rssAt(t);
    const mb = Math.round(rss * limitMb);
    if (rss >= 0.88) {
      tl.add(
        t,
        pyjson(t, worker, "WARNING", "worker.watchdog", `resident set ${mb} MiB is ${Math.round(rss * 100)}% of the ${limitMb} MiB limit`, {
          rss_mb: mb,
          limit_mb: limitMb,
        }),
        "memory",
      );
    } else {
      tl.add(t, pyjson(t, worker, "INFO", "worker.watchdog", `worker stats: rss ${mb} MiB, ${rng.int(0, 4)} jobs queued`, { rss_mb: mb, limit_mb: limitMb }));
    }
  }
  const heldJob = `img_${rng.alnum(12)}`;
  for (const t of arrivals(rng, start, end, 1.2, shape, 1.2)) {
    if (!alive(t)) continue;
    const climbing = t >= climbFrom && t < killAt;
    const pixels = climbing ? rng.int(120, 410) : rng.int(2, 24);
    const took = Math.round(rng.logNormal(climbing ? 9000 : 1400, 0.35));
    tl.add(
      t,
      pyjson(t, worker, "INFO", "worker.jobs", `processed image job img_${rng.alnum(12)}: ${pixels} MP, 6 renditions`, { duration_ms: took }),
      took > 4500 ? "performance" : null,
    );
  }
  cgroupOomKill(rng, tl, killAt, nodeHost, `${nodeHost}.eu-west-1.compute.internal`, "python3", rng.int(3000, 9000), limitMb);
  const lostAt = killAt + rng.int(40, 70) * SECOND;
  tl.add(
    lostAt,
    pyjson(
      lostAt,
      { service: "image-queue", host: rng.pod("image-queue") },
      "ERROR",
      "queue.reaper",
      `job ${heldJob} lost: worker ${worker.host} stopped heartbeating, moved to dead-letter queue`,
      {
        job_id: heldJob,
      },
    ),
    "error",
  );

  // ── db host: the data disk starts failing reads ───────────────────────────────────────────
  const dbHost = `orders-db-${rng.int(1, 3)}`;
  const diskFrom = tl.at(rng.float(0.6, 0.72));
  let sector = rng.int(180000000, 190000000);
  for (const t of arrivals(rng, diskFrom, diskFrom + rng.int(8, 14) * MINUTE, 0.9)) {
    const tag = rng.int(1, 31);
    tl.add(t, kernel(t, dbHost, "err", `ata3.00: exception Emask 0x0 SAct 0x${rng.hex(6)} SErr 0x0 action 0x0`), "pattern");
    tl.add(t + 1, kernel(t + 1, dbHost, "err", "ata3.00: failed command: READ FPDMA QUEUED"), "pattern");
    tl.add(
      t + 2,
      kernel(t + 2, dbHost, "err", `ata3.00: cmd 60/08:${tag.toString(16).padStart(2, "0")}:00:${rng.hex(6)}/00:00:00:00/40 tag ${tag} ncq dma 4096 in`),
      "pattern",
    );
    sector += rng.int(8, 4000);
    tl.add(
      t + 900,
      kernel(t + 900, dbHost, "err", `blk_update_request: I/O error, dev sdb, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0`),
      "pattern",
    );
    if (rng.chance(0.5))
      tl.add(t + 902, kernel(t + 902, dbHost, "err", `Buffer I/O error on dev sdb1, logical block ${Math.floor(sector / 8)}, async page read`), "pattern");
  }
  const smart = diskFrom + rng.int(3, 6) * MINUTE;
  tl.add(
    smart,
    rsyslog(smart, dbHost, "daemon", "crit", "smartd", rng.int(600, 900), `Device: /dev/sdb [SAT], ${rng.int(8, 40)} Currently unreadable (pending) sectors`),
    "pattern",
  );
  for (const t of ticks(rng, start, end, 30 * MINUTE, 10 * SECOND)) {
    tl.add(
      t,
      rsyslog(
        t,
        dbHost,
        "daemon",
        "info",
        "smartd",
        rng.int(600, 900),
        `Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${rng.int(33, 36)} to ${rng.int(33, 37)}`,
      ),
    );
  }

  edgeTraffic(rng, tl, {
    service: "shop-edge",
    perMinute: 4,
    routes: [
      ["GET /", 15],
      ["GET /p/<id>", 45],
      ["GET /static/<asset>", 25],
      ["GET /api/orders/<id>", 15],
    ],
    upstream: upstreamAddr(rng, "10.11", 3000),
    shape,
    peak: 1.2,
  });

  return tl.build(
    NAME,
    "order-sync, notifier and pricing log every routine warning with its stack trace all window; image-worker's resident set climbs until the kernel OOM-kills it and its job is lost; later the database host's disk fails reads",
  );
}
