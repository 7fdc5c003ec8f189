// h05: GraphQL gateway echoes the query on every 4xx, uptime probes are client=unknown (null);
// h06: ingest buffer grows 64x during fleet report bursts, legacy agents send tenant=unknown (null).
import { HOUR, k8s, MIN, nginx, pino, pyjson, Rng, SEC, slog, Timeline, ticks, UAS, wholeSec, zap } from "./lib.js";
import type { Scenario } from "./types.js";

const QUERIES: Record<string, string> = {
  ListOrders:
    "query ListOrders($first:Int!,$after:String){orders(first:$first,after:$after){edges{node{id,number,status,placedAt,total{amount,currency},lines{sku,qty,price{amount}},shipment{carrier,tracking,eta}}},pageInfo{hasNextPage,endCursor}}}",
  GetOrder:
    "query GetOrder($id:ID!){order(id:$id){id,number,status,customer{id,email,name},lines{sku,qty,title,price{amount,currency}},payments{id,state,method},refunds{id,amount}}}",
  UpdateAddress:
    "mutation UpdateAddress($orderId:ID!,$input:AddressInput!){updateShippingAddress(orderId:$orderId,input:$input){order{id,shipment{address{line1,line2,city,postcode,country}}},userErrors{field,message}}}",
};

export function h05(seed: number): Scenario {
  const name = "h05-orders-graphql-4xx-query-echo";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 12, 9, 0, 0);
  const t1 = t0 + 1.5 * HOUR;
  const inc = t0 + r.int(25, 70) * MIN; // orders-svc exhausts its SQLAlchemy pool for ~5 min
  const ops = Object.keys(QUERIES);
  for (const t of ticks(r, t0, t1, 2.5 * SEC)) {
    const pod = `graphql-gw-${r.pick(["5c8d-a", "5c8d-b"])}`;
    if (r.chance(0.02)) {
      tl.add(t, pino(t, "graphql-gateway", pod, 30, `graphql request op=HealthProbe client=unknown status=200 ms=${r.int(1, 4)} query=-`));
      continue;
    }
    const op = r.pick(ops);
    const bad = r.chance(0.02); // client bugs: validation errors, the query echoed for debugging
    const q = bad
      ? JSON.stringify({
          query: QUERIES[op],
          variables: op === "ListOrders" ? { first: 500, after: null } : { id: `gid://shop/Order/${r.int(100000, 999999)}` },
        })
      : "-";
    tl.add(
      t,
      pino(
        t,
        "graphql-gateway",
        pod,
        30,
        `graphql request op=${op} client=${r.pick(["web-app", "web-app", "ios-app", "android-app"])} status=${bad ? 400 : 200} ms=${bad ? r.int(2, 9) : Math.round(r.lat(48, 0))} query=${q}`,
      ),
    );
  }
  for (const t of ticks(r, t0, t1, 4 * SEC)) {
    const path = r.pick(["/internal/orders", "/internal/orders/{id}", "/internal/orders/{id}/address"]).replace("{id}", String(r.int(100000, 999999)));
    tl.add(
      t,
      pyjson(t, "orders-svc", "uvicorn.access", "INFO", `request finished method=GET path=${path} status=200`, {
        duration_ms: r.lat(21, 1),
        pod: `orders-svc-${r.pick(["0", "1", "2"])}`,
      }),
    );
  }
  for (const tn of ticks(r, t0, t1, 5 * SEC)) {
    const t = wholeSec(tn);
    tl.add(t, nginx(t, "api.shop.example", "POST /graphql HTTP/1.1", 200, r.int(400, 9000), r.lat(0.05, 3), r.pick(UAS), r.ip()));
  }
  for (let i = 0; i < 8; i++) {
    const t = inc + i * 35 * SEC + r.int(0, 10) * SEC;
    tl.add(
      t,
      pyjson(t, "orders-svc", "sqlalchemy.pool", "ERROR", "QueuePool limit of size 20 overflow 10 reached, connection timed out, timeout 30.00", {
        exc_type: "sqlalchemy.exc.TimeoutError",
        pod: "orders-svc-1",
      }),
      "error",
    );
  }
  for (let i = 0; i < 5; i++) {
    const t = inc + 20 * SEC + i * 50 * SEC + r.int(0, 10) * SEC;
    tl.add(
      t,
      pyjson(t, "orders-svc", "uvicorn.access", "INFO", `request finished method=GET path=/internal/orders/${r.int(100000, 999999)} status=200`, {
        duration_ms: r.int(29000, 31000) + 0.4,
        pod: "orders-svc-1",
      }),
      "performance",
    );
  }
  return {
    name,
    description:
      "GraphQL gateway echoes the whole query on 4xx and uptime probes log client=unknown (everyday); orders-svc exhausts its DB pool: pool timeouts, 30 s requests",
    ...tl.build(),
  };
}

export function h06(seed: number): Scenario {
  const name = "h06-telemetry-ingest-burst-buffer-grow";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 14, 0, 0, 0);
  const t1 = t0 + 5 * HOUR;
  // fleet reports on the hour at 01:00 and 03:00: the ring buffer grows for ~4 minutes
  const bursts = [t0 + HOUR, t0 + 3 * HOUR].map((b) => [b, b + 4 * MIN] as const);
  const inBurst = (t: number) => bursts.some(([a, b]) => t >= a && t < b);
  const tenants = ["acme-fleet", "nordlog", "tranzit", "volta-buses", "greenhaul"];
  let last = t0;
  while (last < t1) {
    const burst = inBurst(last);
    last += burst ? r.gap(6 * SEC) : r.gap(8 * SEC);
    if (last >= t1) break;
    const tenant = r.chance(0.025) ? "unknown" : r.pick(tenants);
    tl.add(
      last,
      zap(
        last,
        "info",
        "ingest",
        "pipeline/flush.go:88",
        `flushed batch points=${burst ? r.int(40000, 90000) : r.int(800, 4000)} buf_cap=${burst ? 262144 : 4096} tenant=${tenant}`,
        { took: r.lat(0.012, 4) },
      ),
    );
  }
  for (const t of ticks(r, t0, t1, 12 * SEC)) {
    tl.add(
      t,
      slog(t, "INFO", "wrote block", {
        service: "tsdb-writer",
        series: r.int(9000, 14000),
        samples: r.int(200000, 900000),
        duration: Math.round(r.lat(80, 0)) * 1_000_000,
      }),
    );
  }
  for (const t of ticks(r, t0, t1, 30 * SEC)) {
    tl.add(
      t,
      k8s(
        t,
        "Reconciling ScaledObject",
        { scaledObject: { name: "ingest-gw", namespace: "telemetry" }, replicas: inBurst(t) ? 12 : 3 },
        "keda-operator-6b9f7-2hq8d",
        "keda-operator",
        "keda",
      ),
    );
  }
  // the real incident: tsdb-writer heap climbs during compaction, gets OOMKilled, ingest writes time out
  const inc = t0 + r.int(150, 170) * MIN;
  for (let i = 0; i < 3; i++) {
    const t = inc + i * 90 * SEC;
    tl.add(t, slog(t, "WARN", "heap usage high during compaction", { service: "tsdb-writer", heap_used_pct: 90 + i * 3 }), "memory");
  }
  const oom = inc + 300 * SEC;
  tl.add(
    oom,
    k8s(oom, "Container terminated", { container: "tsdb-writer", reason: "OOMKilled", exitCode: 137 }, "tsdb-writer-0", "tsdb-writer", "telemetry"),
    "memory",
  );
  for (let i = 0; i < 4; i++) {
    const t = oom + (5 + i * 12) * SEC;
    tl.add(t, zap(t, "error", "ingest", "pipeline/write.go:142", "write to tsdb failed", { error: "context deadline exceeded", took: 10.0 }), "performance");
  }
  return {
    name,
    description:
      "Ingest ring buffer grows buf_cap=4096 -> 262144 during hourly fleet bursts and legacy agents send tenant=unknown (everyday); tsdb-writer OOMKilled in compaction, ingest writes time out",
    ...tl.build(),
  };
}
