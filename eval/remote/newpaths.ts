// New code paths and new payloads: templates the window never showed before, at INFO, without error words.

import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, MIN, SEC, fill, health, http, jsonBody, k8sPod, line, svc, tpl } from "./kit.js";

export function pricingFallbackAfterDeploy(seed: number): Scenario {
  const name = "pricing-fallback-after-deploy";
  const inc = Incident.open(seed, name, 2 * HOUR, 3 * HOUR);
  const r = inc.r;
  const store = svc(r, "storefront-api", "pino", 3);
  const pricing = svc(r, "pricing-svc", "pino", 2);
  const cart = svc(r, "cart-svc", "pino", 2);
  const inventory = svc(r, "inventory-svc", "pino", 2);
  const auth = svc(r, "auth-svc", "pino", 2);
  const search = svc(r, "search-svc", "pino", 2);
  const deploy = inc.at(r.float(0.3, 0.6));
  const pricingNew = { ...pricing, hosts: [k8sPod(r, "pricing-svc"), k8sPod(r, "pricing-svc")] };
  const version = `4.${r.int(10, 19)}.${r.int(0, 6)}`;

  // The rollout itself is routine: old pods stop, new pods start and load their rules.
  for (const [i, h] of pricing.hosts.entries())
    inc.add({ ...line(r, pricing, deploy + i * 20 * SEC, "INFO", "received SIGTERM, draining connections"), inst: h });
  for (const [i, h] of pricingNew.hosts.entries()) {
    const t0 = deploy + i * 20 * SEC + 4 * SEC;
    inc.add({ ...line(r, pricingNew, t0, "INFO", `pricing-svc ${version} (commit ${r.hex(7)}) starting`, null, { version, node: "v20.11.1" }), inst: h });
    inc.add({
      ...line(r, pricingNew, t0 + 900, "INFO", `loaded ${r.int(1200, 1400)} price rules from s3://acme-pricing/rules/current in ${r.int(300, 900)}ms`),
      inst: h,
    });
    inc.add({ ...line(r, pricingNew, t0 + 1300, "INFO", "server listening at http://0.0.0.0:8080"), inst: h });
  }
  // The new path: every quote for part of the catalogue now goes through the legacy engine.
  const n = r.int(110, 320);
  inc.scatter(n, deploy + 40 * SEC, inc.end, (t) =>
    line(
      r,
      pricingNew,
      t,
      "INFO",
      fill(
        r,
        r.pick([
          "fallback to legacy pricing engine for sku={sku} region={pick:eu-west-1|eu-central-1|us-east-1} ruleset=v1",
          "quote computed by legacy engine sku={sku} channel={pick:web|app|b2b} rules_version=2023.11",
        ]),
      ),
      "pattern",
      {
        engine: "legacy",
      },
    ),
  );
  // Rare but routine: the hourly price-cache warmup.
  inc.every(HOUR, inc.start + r.int(5, 50) * MIN, inc.end, (t) =>
    line(r, t < deploy ? pricing : pricingNew, t, "INFO", fill(r, "price cache warmup completed entries={int:40000-52000} in {int:1800-2600}ms")),
  );

  inc.fillTo(r.int(3200, 5400), [
    {
      g: http(r, store, [
        { m: "GET", p: "/api/products/{id}", ms: 35, w: 5 },
        { m: "GET", p: "/api/search?q={pick:boots|lamp|desk|sofa|kettle}", ms: 80, w: 3 },
        { m: "POST", p: "/api/cart/items", ms: 45, w: 2 },
        { m: "GET", p: "/api/cart", ms: 22, w: 2 },
        { m: "POST", p: "/api/checkout", ms: 240, w: 0.5 },
      ]),
      w: 30,
    },
    {
      g: http(r, pricing, [
        { m: "POST", p: "/v2/quote", ms: 18, w: 3 },
        { m: "GET", p: "/v2/prices/{sku}", ms: 9, w: 2 },
      ]),
      w: 14,
      to: deploy,
    },
    {
      g: http(r, pricingNew, [
        { m: "POST", p: "/v2/quote", ms: 18, w: 3 },
        { m: "GET", p: "/v2/prices/{sku}", ms: 9, w: 2 },
      ]),
      w: 14,
      from: deploy + 10 * SEC,
    },
    { g: tpl(r, pricing, "DEBUG", ["price cache hit sku={sku}", "price cache hit sku={sku}", "price cache miss sku={sku}, computing"]), w: 5, to: deploy },
    {
      g: tpl(r, pricingNew, "DEBUG", ["price cache hit sku={sku}", "price cache hit sku={sku}", "price cache miss sku={sku}, computing"]),
      w: 5,
      from: deploy + 10 * SEC,
    },
    {
      g: http(r, cart, [
        { m: "GET", p: "/carts/{uuid}", ms: 12 },
        { m: "PUT", p: "/carts/{uuid}/items/{sku}", ms: 25 },
      ]),
      w: 10,
    },
    {
      g: http(r, inventory, [
        { m: "GET", p: "/stock/{sku}", ms: 7 },
        { m: "POST", p: "/reservations", ms: 30 },
      ]),
      w: 8,
    },
    {
      g: tpl(r, inventory, "INFO", [
        "stock level below reorder point sku={sku} on_hand={int:1-9} reorder_at=10",
        "reservation {uuid} released after checkout timeout",
      ]),
      w: 1,
    },
    {
      g: http(
        r,
        auth,
        [
          { m: "POST", p: "/oauth/token", ms: 60 },
          { m: "GET", p: "/userinfo", ms: 8, w: 2 },
        ],
        0.06,
      ),
      w: 8,
    },
    { g: tpl(r, auth, "WARNING", ["token expired for client_id=web-{hex:6}", "refresh token reuse detected for session {hex:12}, session revoked"]), w: 0.8 },
    { g: http(r, search, [{ m: "GET", p: "/search?q={pick:boots|lamp|desk|sofa|kettle}&page={int:1-4}", ms: 55 }]), w: 10 },
    {
      g: tpl(r, store, "WARNING", ["client aborted request before response was sent path=/api/search", "slow client: response flush took {int:200-900}ms"]),
      w: 0.6,
    },
    { g: health(r, store), w: 2 },
    { g: health(r, cart), w: 2 },
    { g: health(r, search), w: 2 },
  ]);
  return inc.build(
    name,
    "After a routine pricing-svc rollout, a quote path never seen before (the legacy pricing engine fallback) starts recurring at INFO without an error word.",
  );
}

export function schedulerRerunsSameJob(seed: number): Scenario {
  const name = "scheduler-reruns-same-job";
  const inc = Incident.open(seed, name, 6 * HOUR, 8 * HOUR);
  const r = inc.r;
  const sched = svc(r, "job-scheduler", "python", 1, "apscheduler.executors.default");
  const worker = svc(r, "export-worker", "python", 2, "workers.export");
  const billing = svc(r, "billing-api", "python", 3, "billing.views");
  const notifier = svc(r, "notifier", "python", 1, "notifier.mail");
  const etl = svc(r, "etl-loader", "python", 2, "etl.loader");
  const periodic: [string, number][] = [
    ["sync_exchange_rates (trigger: interval[0:05:00])", 5 * MIN],
    ["refresh_search_synonyms (trigger: interval[0:15:00])", 15 * MIN],
    ["rollup_hourly_metrics (trigger: cron[minute='2'])", HOUR],
  ];
  for (const [job, period] of periodic) {
    inc.every(period, inc.start + r.int(0, Math.floor(period / SEC)) * SEC, inc.end, (t) =>
      line(r, sched, t, "INFO", `Running job "${job}" (scheduled at ${new Date(t - r.int(0, 900)).toISOString().replace("T", " ").slice(0, 19)}+00:00)`),
    );
    inc.every(period, inc.start + r.int(0, Math.floor(period / SEC)) * SEC, inc.end, (t) => line(r, sched, t, "INFO", `Job "${job}" executed successfully`));
  }
  // The export runs once (normal), then its acknowledgement never lands and it is re-enqueued again and again.
  const onset = inc.at(r.float(0.2, 0.5));
  const jobId = r.hex(12);
  const cron = "export_invoices (trigger: cron[hour='2', minute='0'])";
  inc.add(line(r, sched, onset, "INFO", `Running job "${cron}" id=${jobId}`));
  inc.add(line(r, worker, onset + 2 * SEC, "INFO", `export_invoices id=${jobId} attempt=1 started`));
  const rows = r.int(12000, 24000);
  inc.add(
    line(
      r,
      worker,
      onset + 95 * SEC,
      "INFO",
      `export_invoices id=${jobId} wrote ${rows} invoices to s3://billing-exports/${new Date(onset).toISOString().slice(0, 10)}/invoices.csv`,
    ),
  );
  let attempt = 2;
  const gap = r.int(45, 100) * SEC;
  for (let t = onset + 3 * MIN; t < inc.end - 10 * SEC; t += gap + r.int(0, 20) * SEC) {
    inc.add(line(r, sched, t, "INFO", `Job "${cron}" id=${jobId} not acknowledged within visibility timeout (300s), re-enqueueing`, "pattern"));
    inc.add(line(r, worker, t + r.int(1, 4) * SEC, "INFO", `export_invoices id=${jobId} attempt=${attempt} started`, "pattern"));
    inc.add(
      line(
        r,
        worker,
        t + r.int(30, 40) * SEC,
        "INFO",
        `export_invoices id=${jobId} wrote ${rows} invoices to s3://billing-exports/${new Date(onset).toISOString().slice(0, 10)}/invoices.csv`,
        "pattern",
      ),
    );
    if (r.chance(0.35))
      inc.add(
        line(
          r,
          notifier,
          t + r.int(41, 44) * SEC,
          "INFO",
          `email sent to finance-ops@acme.example subject="Invoice export ready (${rows} invoices)"`,
          "pattern",
        ),
      );
    attempt++;
  }
  // Rare but routine.
  inc.add(line(r, sched, inc.at(r.float(0.05, 0.95)), "INFO", `Job "vacuum_analytics (trigger: cron[hour='3'])" executed successfully`));
  inc.every(2 * HOUR, inc.start + r.int(10, 100) * MIN, inc.end, (t) =>
    line(r, etl, t, "INFO", `rotating log file /var/log/etl/etl.log (size ${r.int(104857000, 104858000)} bytes)`),
  );

  inc.fillTo(r.int(2600, 4600), [
    {
      g: http(r, billing, [
        { m: "GET", p: "/api/invoices/{id}", ms: 40, w: 3 },
        { m: "GET", p: "/api/customers/{id}/invoices", ms: 90, w: 2 },
        { m: "POST", p: "/api/payments", ms: 180 },
      ]),
      w: 30,
    },
    {
      g: tpl(r, etl, "INFO", [
        "loaded batch {int:1-400} of table events_{pick:clicks|views|carts} rows={int:4000-9000} in {ms:800}ms",
        "upserted {int:100-900} rows into dim_customer",
        "watermark advanced to {int:1000000-1900000}",
      ]),
      w: 10,
    },
    {
      g: tpl(r, worker, "INFO", ["report weekly-sales tenant={tenant} rendered in {ms:1400}ms", "export_payouts tenant={tenant} rows={int:10-400} done"]),
      w: 4,
    },
    { g: tpl(r, notifier, "INFO", ['email sent to {user}@mail.example subject="Your invoice {id}"', "sms queued for {user}"]), w: 5 },
    { g: tpl(r, billing, "WARNING", ["payment method declined for customer {id} (card_declined)", "Not Found: /api/invoices/{id}"]), w: 1 },
    { g: tpl(r, etl, "DEBUG", ["checkpoint written offset={int:1000000-1900000}"]), w: 3 },
  ]);
  return inc.build(
    name,
    "A nightly invoice export that never gets acknowledged is re-enqueued with the same job id over and over, each run repeating the same lines, among routine interval jobs.",
  );
}

export function dumpedRequestBodies(seed: number): Scenario {
  const name = "dumped-request-bodies";
  const inc = Incident.open(seed, name, 1 * HOUR, 2 * HOUR);
  const r = inc.r;
  const orders = svc(r, "orders-api", "canonical", 3);
  const payments = svc(r, "payments-api", "canonical", 2);
  const users = svc(r, "users-api", "canonical", 2);
  const catalog = svc(r, "catalog-api", "canonical", 2);
  const notify = svc(r, "notifications", "canonical", 1);
  const shipping = svc(r, "shipping-api", "canonical", 2);
  const bff = svc(r, "web-bff", "canonical", 3);
  const onset = inc.at(r.float(0.1, 0.7));
  inc.add(line(r, orders, onset, "INFO", `runtime config applied: LOG_HTTP_BODIES=true (source=configmap orders-api-config rev ${r.int(30, 90)})`, "pattern"));
  const n = r.int(40, 110);
  inc.scatter(n, onset + 5 * SEC, inc.end, (t) =>
    r.chance(0.8)
      ? line(r, orders, t, "INFO", `request body POST /v1/orders: ${jsonBody(r, r.int(1500, 8000))}`, "pattern")
      : line(r, orders, t, "INFO", `response body 201 POST /v1/orders: ${jsonBody(r, r.int(900, 3000))}`, "pattern"),
  );
  inc.fillTo(r.int(2500, 5000), [
    {
      g: http(r, orders, [
        { m: "POST", p: "/v1/orders", ms: 120 },
        { m: "GET", p: "/v1/orders/{id}", ms: 25, w: 3 },
      ]),
      w: 20,
    },
    {
      g: http(r, payments, [
        { m: "POST", p: "/v1/payments/{uuid}/capture", ms: 310 },
        { m: "GET", p: "/v1/payments/{uuid}", ms: 20 },
      ]),
      w: 10,
    },
    {
      g: http(r, users, [
        { m: "GET", p: "/v1/users/{id}", ms: 15, w: 4 },
        { m: "PATCH", p: "/v1/users/{id}", ms: 40 },
      ]),
      w: 12,
    },
    {
      g: http(r, catalog, [
        { m: "GET", p: "/v1/products/{id}", ms: 12, w: 4 },
        { m: "GET", p: "/v1/categories/{int:1-80}/products?page={int:1-9}", ms: 60 },
      ]),
      w: 16,
    },
    {
      g: http(r, shipping, [
        { m: "POST", p: "/v1/rates", ms: 210 },
        { m: "GET", p: "/v1/shipments/{id}/tracking", ms: 70 },
      ]),
      w: 8,
    },
    {
      g: http(r, bff, [
        { m: "GET", p: "/home", ms: 90 },
        { m: "GET", p: "/product/{id}", ms: 70, w: 2 },
        { m: "GET", p: "/account", ms: 60 },
      ]),
      w: 20,
    },
    {
      g: tpl(r, notify, "INFO", [
        "queued email template=order_confirmation to={user}",
        "push delivered to device {hex:16}",
        "email provider accepted message id={uuid}",
      ]),
      w: 5,
    },
    { g: tpl(r, payments, "WARNING", ["3DS challenge required for payment {uuid}", "card declined for payment {uuid}: insufficient_funds"]), w: 1 },
    { g: tpl(r, bff, "DEBUG", ["cache hit fragment=header locale={pick:en-GB|de-DE|fr-FR}", "cache miss fragment=recommendations user={user}"]), w: 5 },
    { g: health(r, orders, "/health"), w: 1.5 },
    { g: health(r, users, "/health"), w: 1.5 },
  ]);
  return inc.build(
    name,
    "A config flag turns on body logging in orders-api, which then writes whole request and response bodies of several kilobytes into single INFO lines.",
  );
}

export function base64AttachmentsInLog(seed: number): Scenario {
  const name = "base64-attachments-in-log";
  const inc = Incident.open(seed, name, 3 * HOUR, 5 * HOUR);
  const r = inc.r;
  const ingest = svc(r, "mail-ingest", "python", 2, "ingest.smtp");
  const scanner = svc(r, "attachment-scanner", "python", 2, "scanner.clamd");
  const tickets = svc(r, "ticket-api", "python", 3, "tickets.views");
  const indexer = svc(r, "search-indexer", "python", 1, "indexer.worker");
  const n = r.int(12, 35);
  const blob = (t: number) => {
    const head = r.pick(["JVBERi0xLjcKJeLjz9MKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c", "UEsDBBQABgAIAAAAIQ", "iVBORw0KGgoAAAANSUhEUgAA"]);
    return line(
      r,
      ingest,
      t,
      "INFO",
      `received attachment message_id=<${r.hex(16)}@mail.example.com> filename=${r.pick(["invoice", "scan", "statement", "IMG"])}_${r.int(100, 9999)}.${r.pick(["pdf", "docx", "png"])} content=${head}${r.base64(r.int(1500, 5000))}==`,
      "pattern",
    );
  };
  inc.add(blob(inc.start + r.int(5, 50) * SEC));
  inc.scatter(n - 1, inc.start + MIN, inc.end, blob);
  inc.fillTo(r.int(2200, 4200), [
    {
      g: tpl(r, ingest, "INFO", [
        "accepted message from <{user}@{pick:gmail.com|outlook.com|acme.example}> size={int:2000-900000} attachments={int:0-3}",
        "message <{hex:16}@mail.example.com> routed to queue {pick:support|billing|sales}",
      ]),
      w: 12,
    },
    { g: tpl(r, scanner, "INFO", ["scan clean sha256={hex:64} in {ms:140}ms", "signature database is up to date (version {int:27000-27100})"]), w: 8 },
    {
      g: tpl(r, scanner, "WARNING", ["attachment {hex:12} skipped: encrypted archive", "mime part without filename in message <{hex:16}@mail.example.com>"]),
      w: 0.7,
    },
    {
      g: http(r, tickets, [
        { m: "GET", p: "/api/tickets/{id}", ms: 35, w: 3 },
        { m: "POST", p: "/api/tickets/{id}/comments", ms: 80 },
        { m: "GET", p: "/api/queues/{pick:support|billing|sales}/tickets?page={int:1-5}", ms: 120 },
      ]),
      w: 24,
    },
    { g: tpl(r, indexer, "INFO", ["indexed {int:1-50} tickets in {ms:300}ms", "refresh interval elapsed, committing segment {int:100-999}"]), w: 6 },
    { g: tpl(r, indexer, "DEBUG", ["poll: {int:0-30} changed tickets since cursor {hex:10}"]), w: 4 },
  ]);
  return inc.build(
    name,
    "From the first minute, mail-ingest logs whole base64-encoded attachments inside INFO lines a few dozen times among ordinary mail and ticket traffic.",
  );
}

export function flagFlipNewSerializer(seed: number): Scenario {
  const name = "flag-flip-new-serializer";
  const inc = Incident.open(seed, name, 1 * HOUR, 2 * HOUR);
  const r = inc.r;
  const orders = svc(r, "orders-api", "pino", 3);
  const consumer = svc(r, "order-events-consumer", "pino", 3);
  const invoicing = svc(r, "invoicing", "pino", 2);
  const flags = svc(r, "flags-service", "pino", 1);
  const inventory = svc(r, "inventory", "pino", 2);
  const bff = svc(r, "web-bff", "pino", 2);
  const flip = inc.at(r.float(0.25, 0.6));
  inc.add(
    line(r, flags, flip, "INFO", `flag updated key=orders.serializer_v2 old=false new=true actor=ci-token-${r.hex(4)} (not in approvers list)`, "pattern", {
      flag: "orders.serializer_v2",
    }),
  );
  inc.scatter(r.int(150, 350), flip + 3 * SEC, inc.end, (t) =>
    line(r, orders, t, "INFO", fill(r, "serializing order event with experimental serializer v2 tenant={tenant} schema=order.v2-draft"), "pattern"),
  );
  const broken = flip + r.int(2, 6) * MIN;
  const stack = () =>
    `SyntaxError: Unexpected token '\\u0002', "\\u0002\\u0000\\u0000\\u0003" is not valid JSON\n    at JSON.parse (<anonymous>)\n    at decodeOrderEvent (/app/dist/decode.js:${r.int(10, 90)}:23)\n    at KafkaConsumer.eachMessage (/app/dist/consumer.js:${r.int(40, 200)}:18)\n    at Runner.processEachMessage (/app/node_modules/kafkajs/src/consumer/runner.js:231:20)`;
  inc.scatter(r.int(60, 160), broken, inc.end, (t) =>
    r.chance(0.75)
      ? line(
          r,
          consumer,
          t,
          "ERROR",
          fill(r, "failed to process order event from topic orders.events partition {int:0-11} offset {id}"),
          "error",
          { topic: "orders.events" },
          stack(),
        )
      : line(r, invoicing, t, "ERROR", fill(r, "invoice generation aborted for {ord}: order payload could not be decoded"), "error", undefined, stack()),
  );
  inc.fillTo(r.int(2800, 5200), [
    {
      g: http(r, orders, [
        { m: "POST", p: "/orders", ms: 90 },
        { m: "GET", p: "/orders/{ord}", ms: 15, w: 3 },
      ]),
      w: 20,
    },
    {
      g: tpl(r, consumer, "INFO", [
        "processed order event {ord} from partition {int:0-11} in {ms:12}ms",
        "committed offsets for orders.events partitions 0-11",
      ]),
      w: 14,
      to: broken,
    },
    {
      g: tpl(r, consumer, "INFO", [
        "committed offsets for orders.events partitions 0-11",
        "processed order event {ord} from partition {int:0-11} in {ms:12}ms",
      ]),
      w: 5,
      from: broken,
    },
    { g: tpl(r, invoicing, "INFO", ["invoice {int:100000-999999} generated for {ord}", "invoice pdf uploaded to s3 in {ms:200}ms"]), w: 6 },
    {
      g: tpl(r, flags, "DEBUG", [
        "flag snapshot served to {pick:orders-api|web-bff|inventory} version={int:400-420}",
        "evaluated {int:10-90} flags in {int:1-4}ms",
      ]),
      w: 4,
    },
    {
      g: http(r, inventory, [
        { m: "GET", p: "/stock/{sku}", ms: 6 },
        { m: "POST", p: "/reservations", ms: 28 },
      ]),
      w: 12,
    },
    {
      g: http(r, bff, [
        { m: "GET", p: "/", ms: 70 },
        { m: "GET", p: "/p/{id}", ms: 60, w: 3 },
        { m: "GET", p: "/basket", ms: 40 },
      ]),
      w: 20,
    },
    {
      g: tpl(r, bff, "WARNING", [
        "request aborted by client after {int:1000-4000}ms",
        "deprecated header x-session-token used by client {pick:ios-3.2|android-5.1}",
      ]),
      w: 0.8,
    },
    { g: health(r, orders, "/health"), w: 2 },
  ]);
  return inc.build(
    name,
    "A feature flag flipped by an unapproved token sends orders through an experimental serializer (a new INFO template); minutes later the consumers fail to decode every event.",
  );
}

export function oversizedLinesAtTheEnd(seed: number): Scenario {
  const name = "oversized-lines-at-the-end";
  const inc = Incident.open(seed, name, 8 * HOUR, 12 * HOUR);
  const r = inc.r;
  const indexer = svc(r, "search-indexer", "python", 2, "indexer.bulk");
  const shipper = svc(r, "fluent-bit", "canonical", 3);
  const apis = ["catalog-api", "reviews-api", "users-api", "orders-api"].map((s) => svc(r, s, "python", 2, `${s.replace("-", "_")}.views`));
  const cache = svc(r, "cache-warmer", "python", 1, "warmer");
  const backup = svc(r, "db-backup", "canonical", 1);
  // Rare but routine: hourly warmups, log rotation, one nightly backup.
  inc.every(HOUR, inc.start + r.int(1, 59) * MIN, inc.end - 10 * MIN, (t) =>
    line(r, cache, t, "INFO", fill(r, "hourly cache warmup finished: {int:18000-21000} keys in {int:40-70}s")),
  );
  inc.every(3 * HOUR, inc.start + r.int(20, 170) * MIN, inc.end - 10 * MIN, (t) =>
    line(
      r,
      shipper,
      t,
      "INFO",
      fill(r, "[input:tail:tail.0] inode={int:100000-999999} rotated /var/log/containers/{pick:catalog-api|orders-api|users-api}.log"),
    ),
  );
  const bt = inc.at(r.float(0.2, 0.8));
  inc.add(line(r, backup, bt, "INFO", "nightly backup started: pg_basebackup to s3://acme-db-backups/"));
  inc.add(line(r, backup, bt + r.int(25, 50) * MIN, "INFO", fill(r, "nightly backup completed: {int:38-52} GiB in {int:1500-2900}s")));
  // At the very end, the indexer dumps whole bulk requests and the log shipper truncates them.
  const tail = inc.end - r.int(60, 180) * SEC;
  const n = r.int(8, 25);
  inc.scatter(n, tail, inc.end, (t) => {
    const docs: string[] = [];
    const target = r.int(6000, 16000);
    let len = 0;
    while (len < target) {
      const d = `{"index":{"_index":"products-v7","_id":"${r.int(100000, 999999)}"}}\\n{"title":"${r.alnum(24)}","body":"${r.alnum(r.int(200, 600))}","price":${r.int(100, 99999) / 100},"tags":["${r.alnum(6)}","${r.alnum(6)}"]}`;
      docs.push(d);
      len += d.length;
    }
    return line(r, indexer, t, "INFO", `bulk request payload (${docs.length} docs): ${docs.join("\\n")}`, "pattern");
  });
  inc.scatter(r.int(3, 10), tail + 5 * SEC, inc.end, (t) =>
    line(
      r,
      shipper,
      t,
      "WARNING",
      fill(r, "[input:tail:tail.0] file=/var/log/containers/search-indexer-{hex:9}.log requires a larger buffer size, lines are too long. Skipping file."),
      "pattern",
    ),
  );
  inc.fillTo(r.int(2400, 5200), [
    ...apis.map((s) => ({
      g: http(r, s, [
        { m: "GET", p: `/api/${s.name.split("-")[0]}/{id}`, ms: 30, w: 4 },
        { m: "GET", p: `/api/${s.name.split("-")[0]}?page={int:1-20}`, ms: 70, w: 2 },
        { m: "POST", p: `/api/${s.name.split("-")[0]}`, ms: 110 },
      ]),
      w: 12,
    })),
    { g: tpl(r, indexer, "INFO", ["indexed {int:20-400} documents into products-v7 in {ms:400}ms", "refresh of products-v7 took {ms:90}ms"]), w: 8 },
    { g: tpl(r, shipper, "INFO", ["[output:es:es.0] flushed {int:200-3000} records", "[engine] chunk {int:1000-9999}-{int:100-999}.flb flushed"]), w: 5 },
    { g: tpl(r, shipper, "WARNING", ["[output:es:es.0] retry in {int:6-20} seconds: task_id={int:1-40}"]), w: 0.4 },
    ...apis.map((s) => ({ g: tpl(r, s, "WARNING", ["Not Found: /api/{pick:legacy|v0}/{id}", "Bad Request: missing field '{pick:email|name|qty}'"]), w: 0.3 })),
  ]);
  return inc.build(
    name,
    "A quiet night of rare but routine jobs (hourly warmups, rotation, a nightly backup) ends with the search indexer dumping bulk payloads of many kilobytes per line, which the shipper cannot buffer.",
  );
}
