// Changes in a service's message mix or sequence: loops, floods of a routine line, a heartbeat replaced by waiting.

import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, MIN, SEC, fill, goDur, health, http, httpEv, line, svc, tpl } from "./kit.js";

export function leaderElectionLoop(seed: number): Scenario {
  const name = "leader-election-loop";
  const inc = Incident.open(seed, name, 30 * MIN, 50 * MIN);
  const r = inc.r;
  const coord = { ...svc(r, "sched-coordinator", "zap", 0, "raft"), hosts: ["sched-coordinator-0", "sched-coordinator-1", "sched-coordinator-2"] };
  const runner = svc(r, "job-runner", "zap", 3, "runner");
  const api = svc(r, "jobs-api", "zap", 2, "api");
  const agent = svc(r, "metrics-agent", "zap", 3, "agent");
  const onset = inc.at(r.float(0.45, 0.65));
  let term = r.int(30, 90);
  inc.every(5 * SEC, inc.start, onset, (t) => ({
    ...line(r, coord, t, "DEBUG", `renewed lease "scheduler-leader" holder=sched-coordinator-0 term=${term}`, null, { term }),
    inst: "sched-coordinator-0",
  }));
  inc.every(15 * SEC, inc.start, onset, (t) => line(r, coord, t, "DEBUG", `observed leader sched-coordinator-0 term=${term}`, null, { term }));
  inc.add({
    ...line(r, coord, onset, "WARNING", `failed to renew lease "scheduler-leader": context deadline exceeded after ${goDur(r.int(5000, 5100))}`, "pattern"),
    inst: "sched-coordinator-0",
  });
  // The loop: every few seconds a node times out, stands, gets too few votes and steps down.
  for (let t = onset + r.int(2, 5) * SEC; t < inc.end; t += r.int(3, 9) * SEC) {
    term++;
    const who = r.pick(coord.hosts);
    inc.add({ ...line(r, coord, t, "INFO", `election timeout elapsed, starting election term=${term}`, "pattern", { term }), inst: who });
    inc.add({ ...line(r, coord, t + 40, "INFO", `became candidate term=${term}`, "pattern", { term }), inst: who });
    inc.add({
      ...line(r, coord, t + r.int(900, 1600), "INFO", `retrying leader election term=${term}: received ${r.int(0, 1)} of 3 votes`, "pattern", { term }),
      inst: who,
    });
    if (r.chance(0.6))
      inc.add({
        ...line(r, coord, t + r.int(1700, 2500), "INFO", `stepping down to follower: higher term observed term=${term + 1}`, "pattern", { term }),
        inst: r.pick(coord.hosts),
      });
  }
  // Without a leader nothing is dispatched; later the runners and the API give up.
  const giveUp = onset + Math.round((inc.end - onset) * r.float(0.3, 0.6));
  inc.scatter(r.int(40, 120), giveUp, inc.end, (t) =>
    r.chance(0.6)
      ? line(r, runner, t, "ERROR", "failed to fetch assignment: no leader elected", "error", { error: "rpc error: code = Unavailable desc = no leader" })
      : { ...httpEv(r, api, t, "POST", "/v1/jobs", 503, r.int(5, 40), "error"), msg: "request failed" },
  );
  inc.fillTo(r.int(2400, 4200), [
    { g: tpl(r, coord, "INFO", ["dispatched job {uuid} kind={pick:thumbnail|report|export|sync} to runner-{int:0-5}"]), w: 12, to: onset },
    { g: tpl(r, runner, "INFO", ["job {uuid} finished in {ms:800}ms", "job {uuid} started kind={pick:thumbnail|report|export|sync}"]), w: 16, to: onset + MIN },
    { g: tpl(r, runner, "DEBUG", ["polling for assignments", "heartbeat sent"]), w: 4 },
    {
      g: http(r, api, [
        { m: "POST", p: "/v1/jobs", ms: 8 },
        { m: "GET", p: "/v1/jobs/{uuid}", ms: 3, w: 3 },
      ]),
      w: 16,
    },
    {
      g: tpl(r, agent, "INFO", [
        "flushed {int:800-1400} series to remote write in {ms:60}ms",
        "scrape of {pick:job-runner|jobs-api|sched-coordinator} took {ms:12}ms",
      ]),
      w: 10,
    },
    { g: tpl(r, agent, "WARNING", ["remote write queue at {int:60-75}% capacity, resharding"]), w: 0.4 },
    { g: health(r, api), w: 2 },
  ]);
  return inc.build(
    name,
    "The coordinator loses its lease and its three nodes loop through election timeout, candidacy and too few votes for the rest of the window; with no leader the runners and the API fail.",
  );
}

export function cacheMissStampede(seed: number): Scenario {
  const name = "cache-miss-stampede";
  const inc = Incident.open(seed, name, 20 * MIN, 40 * MIN);
  const r = inc.r;
  const catalog = svc(r, "catalog-service", "logback", 3);
  const repo = { ...catalog, logger: "com.acme.catalog.repository.ProductRepository" };
  const cache = { ...catalog, logger: "com.acme.catalog.cache.ProductCache" };
  const search = svc(r, "search-service", "logback", 2);
  const recs = svc(r, "recs-service", "logback", 2);
  const edge = svc(r, "edge-nginx", "docker-nginx", 2);
  const onset = inc.at(r.float(0.4, 0.7));
  const burstEnd = onset + r.int(3, 6) * MIN;
  inc.add(line(r, cache, onset, "INFO", `Cache 'products' cleared: ${r.int(40000, 52000)} entries evicted (flush requested by cache-admin job)`, "pattern"));
  inc.scatter(r.int(400, 900), onset + 500, burstEnd, (t) =>
    line(r, cache, t, "INFO", fill(r, "Cache miss for key product:{int:1000-60000}, loading from database"), "pattern"),
  );
  inc.scatter(r.int(30, 80), onset + 30 * SEC, burstEnd, (t) => {
    const ms = r.int(1800, 9000);
    return line(r, repo, t, "WARNING", `Slow query (${ms}ms): select p1_0.id,p1_0.name,p1_0.price from product p1_0 where p1_0.id=?`, "performance", {
      elapsed_ms: ms,
    });
  });
  inc.scatter(r.int(8, 25), onset + MIN, burstEnd, (t) =>
    line(r, repo, t, "WARNING", "HikariPool-1 - Connection is not available, request timed out after 30000ms.", "performance", { elapsed_ms: 30000 }),
  );
  inc.scatter(r.int(60, 150), onset + 20 * SEC, burstEnd + 30 * SEC, (t) =>
    httpEv(r, catalog, t, "GET", fill(r, "/products/{int:1000-60000}"), 200, r.int(2500, 12000), "performance"),
  );
  inc.scatter(r.int(40, 100), onset + 20 * SEC, burstEnd + 30 * SEC, (t) =>
    httpEv(r, edge, t, "GET", fill(r, "/api/products/{int:1000-60000}"), 200, r.int(3000, 14000), "performance"),
  );
  inc.fillTo(r.int(3000, 5500), [
    { g: tpl(r, cache, "DEBUG", ["Cache hit for key product:{int:1000-60000}"]), w: 24 },
    { g: tpl(r, cache, "INFO", ["Cache miss for key product:{int:1000-60000}, loading from database"]), w: 0.7 },
    {
      g: http(r, catalog, [
        { m: "GET", p: "/products/{int:1000-60000}", ms: 9, w: 5 },
        { m: "GET", p: "/categories/{int:1-90}", ms: 25 },
      ]),
      w: 20,
    },
    {
      g: http(r, edge, [
        { m: "GET", p: "/api/products/{int:1000-60000}", ms: 14, w: 4 },
        { m: "GET", p: "/api/search?q={pick:tent|lamp|stove|boots}", ms: 60 },
        { m: "GET", p: "/static/js/app.{hex:8}.js", ms: 2, w: 3 },
      ]),
      w: 26,
    },
    { g: http(r, search, [{ m: "GET", p: "/search?q={pick:tent|lamp|stove|boots}", ms: 45 }]), w: 10 },
    { g: http(r, recs, [{ m: "GET", p: "/recommendations/{int:1000-60000}", ms: 30 }]), w: 8 },
    { g: tpl(r, recs, "WARNING", ["Model features stale for {int:1-20} products, using popularity fallback"]), w: 0.4 },
    { g: tpl(r, repo, "DEBUG", ["HikariPool-1 - Pool stats (total=20, active={int:1-6}, idle={int:14-19}, waiting=0)"]), w: 2 },
  ]);
  return inc.build(
    name,
    "A cache flush makes catalog-service's routine cache-miss line run at many times its usual rate for a few minutes, followed by slow queries, pool timeouts and slow requests.",
  );
}

export function gatewayRetryFlood(seed: number): Scenario {
  const name = "gateway-retry-flood";
  const inc = Incident.open(seed, name, 30 * MIN, 60 * MIN);
  const r = inc.r;
  const edge = svc(r, "edge-nginx", "docker-nginx", 2);
  const gw = svc(r, "api-gateway", "canonical", 3);
  const inv = svc(r, "inventory-svc", "canonical", 3);
  const orders = svc(r, "orders-svc", "canonical", 2);
  const catalog = svc(r, "catalog-svc", "canonical", 2);
  const auth = svc(r, "auth-svc", "canonical", 2);
  const onset = inc.at(r.float(0.6, 0.8));
  inc.scatter(r.int(300, 700), onset, inc.end, (t) =>
    r.chance(0.9)
      ? line(
          r,
          gw,
          t,
          "WARNING",
          fill(r, "retrying upstream call to inventory-svc attempt={pick:2|3}/3 after {pick:100|200|400}ms (upstream request timeout)"),
          "pattern",
          { upstream: "inventory-svc" },
        )
      : line(r, gw, t, "INFO", "circuit half-open for inventory-svc, letting a probe request through", "pattern", { upstream: "inventory-svc" }),
  );
  inc.scatter(r.int(60, 150), onset, inc.end, (t) => httpEv(r, inv, t, "GET", fill(r, "/stock/{sku}"), 200, r.int(4000, 15000), "performance"));
  inc.scatter(r.int(80, 200), onset + 10 * SEC, inc.end, (t) =>
    httpEv(r, edge, t, "GET", fill(r, "/api/inventory/{sku}"), r.chance(0.7) ? 200 : 504, r.int(5000, 30000), "performance"),
  );
  inc.scatter(r.int(20, 60), onset + 20 * SEC, inc.end, (t) => {
    const sku = fill(r, "{sku}");
    return line(
      r,
      edge,
      t,
      "ERROR",
      `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${r.int(11, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}, server: shop.example.com, request: "GET /api/inventory/${sku} HTTP/1.1", upstream: "http://10.0.${r.int(1, 4)}.${r.int(10, 90)}:8080/stock/${sku}", host: "shop.example.com"`,
      "performance",
    );
  });
  inc.fillTo(r.int(3000, 5800), [
    {
      g: http(r, edge, [
        { m: "GET", p: "/api/inventory/{sku}", ms: 20, w: 2 },
        { m: "GET", p: "/api/catalog/{id}", ms: 25, w: 4 },
        { m: "POST", p: "/api/orders", ms: 160 },
        { m: "GET", p: "/assets/{hex:10}.css", ms: 1, w: 3 },
      ]),
      w: 30,
    },
    {
      g: tpl(r, gw, "WARNING", ["retrying upstream call to {pick:inventory-svc|catalog-svc|orders-svc} attempt=2/3 after 100ms (connection reset by peer)"]),
      w: 0.5,
    },
    {
      g: tpl(r, gw, "INFO", [
        "route {pick:/api/inventory|/api/catalog|/api/orders} -> {pick:inventory-svc|catalog-svc|orders-svc} {int:200-204} {ms:20}ms",
        "jwt validated for subject {user} scopes=[read write]",
      ]),
      w: 16,
    },
    {
      g: http(r, inv, [
        { m: "GET", p: "/stock/{sku}", ms: 15, w: 3 },
        { m: "POST", p: "/reservations", ms: 35 },
      ]),
      w: 14,
    },
    {
      g: http(r, orders, [
        { m: "POST", p: "/orders", ms: 140 },
        { m: "GET", p: "/orders/{id}", ms: 20, w: 2 },
      ]),
      w: 8,
    },
    { g: http(r, catalog, [{ m: "GET", p: "/catalog/{id}", ms: 12 }]), w: 12 },
    {
      g: http(
        r,
        auth,
        [
          { m: "POST", p: "/token", ms: 55 },
          { m: "GET", p: "/jwks", ms: 2 },
        ],
        0.05,
      ),
      w: 6,
    },
    { g: tpl(r, inv, "INFO", ["stock sync from warehouse {pick:LHR1|AMS2|FRA1} applied {int:50-400} changes"]), w: 1 },
    { g: health(r, inv, "/health"), w: 1.5 },
  ]);
  return inc.build(
    name,
    "The gateway's rare retry line towards inventory-svc becomes a large share of the log as inventory slows, with slow requests and nginx upstream timeouts.",
  );
}

export function consumerRebalanceLoop(seed: number): Scenario {
  const name = "consumer-rebalance-loop";
  const inc = Incident.open(seed, name, 1 * HOUR, 2 * HOUR);
  const r = inc.r;
  const pods = [1, 2, 3].map((i) => `fulfilment-consumer-${i}`);
  const consumer = { ...svc(r, "fulfilment-consumer", "logback", 0, "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator"), hosts: pods };
  const app = { ...consumer, logger: "com.acme.fulfilment.OrderListener" };
  const broker = svc(r, "kafka-broker", "logback", 3, "kafka.coordinator.group.GroupCoordinator");
  const producer = svc(r, "orders-service", "logback", 2);
  const warehouse = svc(r, "warehouse-api", "logback", 2);
  const printer = svc(r, "label-printer", "python", 1, "printer.queue");
  let gen = r.int(100, 400);
  const cycle = (t: number, label: "pattern" | null) => {
    gen++;
    const who = r.pick(pods);
    const parts = `orders-${r.int(0, 5)}, orders-${r.int(6, 11)}`;
    inc.add(
      line(
        r,
        broker,
        t,
        "INFO",
        `[GroupCoordinator ${r.int(1, 3)}]: Preparing to rebalance group fulfilment in state PreparingRebalance with old generation ${gen - 1} (__consumer_offsets-17) (reason: Removing member ${who}-${r.uuid()} on LeaveGroup)`,
        label,
      ),
    );
    if (label)
      inc.add({
        ...line(
          r,
          consumer,
          t - r.int(50, 300),
          "WARNING",
          `[Consumer clientId=${who}, groupId=fulfilment] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages.`,
          label,
        ),
        inst: who,
      });
    for (const p of pods) {
      inc.add({
        ...line(r, consumer, t + r.int(100, 900), "INFO", `[Consumer clientId=${p}, groupId=fulfilment] Revoke previously assigned partitions ${parts}`, label),
        inst: p,
      });
      inc.add({
        ...line(
          r,
          consumer,
          t + r.int(1000, 3000),
          "INFO",
          `[Consumer clientId=${p}, groupId=fulfilment] Successfully joined group with generation Generation{generationId=${gen}, memberId='${p}-${r.hex(8)}', protocol='range'}`,
          label,
        ),
        inst: p,
      });
    }
    inc.add(
      line(
        r,
        broker,
        t + r.int(3000, 3500),
        "INFO",
        `[GroupCoordinator ${r.int(1, 3)}]: Stabilized group fulfilment generation ${gen} (__consumer_offsets-17) with 3 members`,
        label,
      ),
    );
  };
  // One rebalance at the start of the window is a routine rollout.
  cycle(inc.start + r.int(60, 300) * SEC, null);
  const onset = inc.at(r.float(0.3, 0.6));
  for (let t = onset; t < inc.end - 5 * SEC; t += r.int(30, 60) * SEC) cycle(t, "pattern");
  // Lag grows while the group keeps rebalancing.
  let k = 0;
  inc.every(30 * SEC, onset + 5 * MIN, inc.end, (t) => {
    k++;
    const lat = 20000 + k * r.int(3000, 6000);
    return line(r, app, t, "WARNING", `consumer group fulfilment lag=${k * r.int(900, 1500)} records, end-to-end latency ${lat}ms`, "performance", {
      latency_ms: lat,
    });
  });
  inc.fillTo(r.int(3000, 5400), [
    { g: tpl(r, app, "INFO", ["processed batch of {int:20-200} records from orders-{int:0-11} in {ms:80}ms", "shipment {id} created for order {ord}"]), w: 20 },
    {
      g: tpl(r, consumer, "DEBUG", [
        "[Consumer clientId=fulfilment-consumer-{int:1-3}, groupId=fulfilment] Committed offset {id} for partition orders-{int:0-11}",
      ]),
      w: 8,
    },
    { g: tpl(r, producer, "INFO", ["published OrderPlaced {ord} to orders-{int:0-11}", "outbox relay sent {int:1-30} events in {ms:15}ms"]), w: 12 },
    {
      g: http(r, producer, [
        { m: "POST", p: "/orders", ms: 80 },
        { m: "GET", p: "/orders/{id}", ms: 12, w: 2 },
      ]),
      w: 12,
    },
    {
      g: http(r, warehouse, [
        { m: "GET", p: "/shipments/{id}", ms: 25, w: 2 },
        { m: "PUT", p: "/shipments/{id}/status", ms: 40 },
      ]),
      w: 12,
    },
    { g: tpl(r, printer, "INFO", ["label printed for shipment {id} on printer {pick:LHR1-P3|LHR1-P4|AMS2-P1}", "print queue depth {int:0-12}"]), w: 5 },
    {
      g: tpl(r, broker, "INFO", [
        "[Log partition=orders-{int:0-11}, dir=/var/lib/kafka] Rolled new log segment at offset {id} in {int:1-9} ms.",
        "[ReplicaFetcher replicaId={int:1-3}, leaderId={int:1-3}, fetcherId=0] Truncating partition orders-{int:0-11} to local high watermark {id}",
      ]),
      w: 2,
    },
    { g: tpl(r, warehouse, "WARNING", ["carrier API returned 429, backing off {int:1-5}s"]), w: 0.4 },
  ]);
  return inc.build(
    name,
    "A consumer whose poll loop outgrows max.poll.interval.ms keeps leaving and rejoining its group: the rebalance sequence, routine once at rollout, repeats every half minute while lag climbs.",
  );
}

export function heartbeatReplacedByWaiting(seed: number): Scenario {
  const name = "heartbeat-replaced-by-waiting";
  const inc = Incident.open(seed, name, 1 * HOUR, 2 * HOUR);
  const r = inc.r;
  const recon = svc(r, "ledger-reconciler", "k8s", 1);
  const reconNew = svc(r, "ledger-reconciler", "k8s", 1);
  const kubelet = {
    ...svc(r, "kubelet", "k8s", 0),
    hosts: [`ip-10-0-${r.int(1, 6)}-${r.int(10, 250)}.ec2.internal`, `ip-10-0-${r.int(1, 6)}-${r.int(10, 250)}.ec2.internal`],
  };
  const payouts = svc(r, "payouts-api", "otel", 2);
  const ledger = svc(r, "ledger-api", "otel", 3);
  const fx = svc(r, "fx-rates", "otel", 1);
  const notif = svc(r, "statement-mailer", "k8s", 1);
  const silence = inc.at(r.float(0.3, 0.55));
  inc.every(30 * SEC, inc.start + r.int(0, 29) * SEC, silence, (t) =>
    line(r, recon, t, "INFO", fill(r, "reconcile loop tick: accounts={int:1180-1260} drift=0 lag=0s"), null),
  );
  // A routine-looking node drain moves the pod; its replacement never gets the lease.
  inc.add(line(r, kubelet, silence - 20 * SEC, "INFO", `Stopping container ledger-reconciler in pod ${recon.hosts[0]}`, null, { reason: "Killing" }));
  inc.add(line(r, reconNew, silence + 15 * SEC, "INFO", "starting ledger-reconciler v2.8.1", null));
  let t = silence + 18 * SEC;
  while (t < inc.end) {
    inc.add(line(r, reconNew, t, "INFO", "attempting to acquire leader lease prod/ledger-reconciler-lock...", "pattern"));
    inc.add(line(r, reconNew, t + 3, "INFO", `lock is held by ${recon.hosts[0]} and has not yet expired`, "pattern"));
    t += r.int(6, 12) * SEC;
  }
  const stale = silence + Math.round((inc.end - silence) * r.float(0.3, 0.6));
  inc.scatter(r.int(20, 60), stale, inc.end, (tt) =>
    r.chance(0.7)
      ? line(
          r,
          payouts,
          tt,
          "ERROR",
          `payout batch ${r.int(10000, 99999)} rejected: ledger snapshot is ${Math.round((tt - silence) / MIN)} minutes old (limit 15)`,
          "error",
        )
      : line(r, payouts, tt, "ERROR", `reconciliation report missing for window ending ${new Date(tt - (tt % (15 * MIN))).toISOString()}`, "error"),
  );
  inc.fillTo(r.int(3000, 5500), [
    {
      g: http(r, payouts, [
        { m: "POST", p: "/v1/payouts", ms: 140 },
        { m: "GET", p: "/v1/payouts/{uuid}", ms: 12, w: 3 },
      ]),
      w: 16,
    },
    {
      g: http(r, ledger, [
        { m: "POST", p: "/v1/entries", ms: 22, w: 3 },
        { m: "GET", p: "/v1/accounts/{id}/balance", ms: 9, w: 4 },
      ]),
      w: 30,
    },
    { g: tpl(r, fx, "INFO", ["rates refreshed from ECB: {int:30-33} currencies", "served rate {pick:EUR|USD|GBP}/{pick:JPY|CHF|SEK|PLN} from cache"]), w: 6 },
    {
      g: tpl(r, kubelet, "INFO", [
        "SyncLoop (PLEG): event for pod {pick:payouts-api|ledger-api|fx-rates}-{hex:9}-{hex:5}: ContainerStarted",
        "Probe succeeded for {pick:payouts-api|ledger-api} readiness",
      ]),
      w: 3,
    },
    { g: tpl(r, notif, "INFO", ["statement {int:100000-999999} rendered and queued for {user}", "smtp relay accepted message {hex:12}"]), w: 5 },
    { g: tpl(r, ledger, "WARNING", ["idempotency key {uuid} replayed, returning stored response"]), w: 0.8 },
  ]);
  return inc.build(
    name,
    "The reconciler's half-minute heartbeat stops after a node drain; its replacement repeats lease-waiting lines instead, and payouts are later refused on a stale ledger snapshot.",
  );
}
