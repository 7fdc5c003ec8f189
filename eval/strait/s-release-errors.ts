/**
 * release-attaches-errors: Argo CD syncs profile-api 3.4.0 about a fifth into the window; the
 * release's new logging middleware attaches the handler's error to the lines it already wrote,
 * so from then on its routine `profile cache miss, loading from database` INFO carries
 * `error: "redis: nil"`, and its `request completed` lines carry `error: "context canceled"` for
 * clients that went away (499) and `error: "profile …: not found"` for unknown profiles (404),
 * at the same rates as before. Later a DBA adds a ticket's indexes to the order tables by hand,
 * without CONCURRENTLY: each build holds its table's lock for seconds, orders-api's writes wait
 * behind them, postgres logs the lock waits, and the orders that wait
 * past 10 s fail with a pool timeout and 504 until the builds end.
 */
import { argoController, edgeTraffic, openWindow, rollout, upstreamAddr, viaEdge } from "./common.js";
import { pino, pinoErr, pinoHttp, rsyslog, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "release-attaches-errors";

export function releaseAttachesErrors(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-09", 12, 4);

  // ── Argo CD: reconciles its apps; syncs profile-api 3.4.0 a fifth in ───────────────────────
  const argo = argoController(rng, tl, "ip-10-5", "shop", ["profile-api", "orders-api", "edge-config"]);
  const releaseAt = tl.at(rng.float(0.17, 0.25));
  const revision = rng.hex(40);
  argo(releaseAt, "profile-api", `Initiated automated sync to '${revision}'`);
  argo(releaseAt + 1200, "profile-api", "Updated sync status: OutOfSync -> Synced");
  const node = `ip-10-5-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const oldPod = rng.pod("profile-api");
  const newPod = rng.pod("profile-api");
  const events = rollout(rng, releaseAt + 2 * SECOND, "shop", "profile-api", "registry.shop.internal/profile-api:3.4.0", oldPod, newPod, node);
  for (const [t, e] of events) tl.add(t, e);
  const switchAt = events[events.length - 2]?.[0] ?? releaseAt + 30 * SECOND;

  // ── profile-api (Go): profile reads and writes behind a Redis cache ────────────────────────
  const startedAt = switchAt - rng.int(6, 9) * SECOND;
  const version = (t: number): string => (t >= startedAt ? "3.4.0" : "3.3.4");
  tl.add(startedAt, zap(startedAt, "info", "profile-api", "cmd/server/main.go:48", "starting profile-api", { version: "3.4.0", commit: revision.slice(0, 7) }));
  tl.add(
    startedAt + 35,
    zap(startedAt + 35, "info", "profile-api.cache", "cache/redis.go:31", "connected to redis", { addr: "profile-cache-master:6379", pool_size: 20 }),
  );
  tl.add(startedAt + 60, zap(startedAt + 60, "info", "profile-api", "cmd/server/main.go:77", "listening", { addr: ":8080" }));
  const profileUp = upstreamAddr(rng, "10.5", 8080);
  for (const s of arrivals(rng, start, end, 3.4, shape, 1.2)) {
    const released = s >= startedAt;
    const id = rng.int(100000, 999999);
    const kind = rng.weighted([
      ["read", 80],
      ["write", 10],
      ["prefs", 10],
    ] as const);
    const method = kind === "write" ? "PATCH" : "GET";
    const path = kind === "prefs" ? `/v1/profiles/${id}/preferences` : `/v1/profiles/${id}`;
    const requestId = rng.uuid();
    const base = { version: version(s), request_id: requestId };
    if (kind !== "write" && rng.chance(0.2)) {
      const key = `profile:${id}`;
      const miss = zap(s + 1, "info", "profile-api.cache", "cache/profile.go:58", "profile cache miss, loading from database", {
        ...base,
        key,
        ...(released ? { error: "redis: nil" } : {}),
      });
      tl.add(s + 1, miss);
    }
    const outcome = rng.weighted([
      ["ok", 94.5],
      ["missing", 4],
      ["gone", 1.5],
    ] as const);
    let took = rng.logNormal(kind === "write" ? 24 : 9, 0.45);
    let status = outcome === "missing" ? 404 : outcome === "gone" ? 499 : 200;
    if (outcome === "gone") took = rng.logNormal(60, 0.8);
    if (kind === "write" && status === 200) status = 204;
    const d = s + Math.round(took);
    const attached = !released || outcome === "ok" ? {} : { error: outcome === "missing" ? `profile ${id}: not found` : "context canceled" };
    tl.add(
      d,
      zap(d, "info", "profile-api.http", "middleware/logging.go:64", "request completed", {
        ...base,
        method,
        path,
        status,
        latency: Number((took / 1000).toFixed(6)),
        ...attached,
      }),
    );
    viaEdge(rng, tl, s - 2, "shop-edge", { method, uri: path, status, tookMs: took + 2, upstream: profileUp });
  }

  // ── orders-api (Node) and orders-db (postgres): a held lock stalls writes for a while ──────
  const orders = [0, 1].map(() => ({ name: "orders-api", hostname: rng.pod("orders-api"), pid: 1 }));
  const db = `orders-db-${rng.int(1, 3)}`;
  const lockFrom = tl.at(rng.float(0.55, 0.68));
  const holder = rng.int(20000, 40000);
  const sessionLines = new Map<number, number>();
  const pg = (t: number, pid: number, text: string) => {
    const n = (sessionLines.get(pid) ?? 0) + 1;
    sessionLines.set(pid, n);
    return rsyslog(t, db, "local0", "info", "postgres", pid, `[${n}-1] ${text}`);
  };
  // a DBA adds the indexes of a reporting ticket by hand, without CONCURRENTLY: each build
  // holds a SHARE lock on its table, and every order write (which touches them all) waits
  const indexes = ["orders", "order_items", "order_events", "order_addresses", "order_payments", "order_discounts"].flatMap((table) =>
    ["created_at", "updated_at", "customer_id", "status"].map((col) => ({ table, col })),
  );
  const builds: { from: number; to: number; oid: number }[] = [];
  let b = lockFrom;
  const lockFor = rng.int(12, 18) * MINUTE;
  for (const [n, { table, col }] of indexes.entries()) {
    if (b >= lockFrom + lockFor) break;
    const to = b + rng.int(10, 30) * SECOND + rng.int(0, 999);
    builds.push({ from: b, to, oid: 16440 + 2 * Math.floor(n / 4) });
    tl.add(
      to,
      pg(
        to,
        holder,
        `user=dba,db=orders,app=psql LOG:  duration: ${to - b}.${rng.int(100, 999)} ms  statement: CREATE INDEX ${table}_${col}_idx ON ${table} (${col});`,
      ),
    );
    b = to + rng.int(1000, 6000);
  }
  const lockTo = b;
  const heldUntil = (t: number): { to: number; oid: number } | undefined => builds.find((x) => t >= x.from && t < x.to);
  const ordersUp = upstreamAddr(rng, "10.5", 3000);
  for (const s of arrivals(rng, start, end, 2.2, shape, 1.2)) {
    const src = rng.pick(orders);
    const id = rng.int(6000000, 6999999);
    const reqId = rng.uuid();
    const held = s < lockTo ? heldUntil(s) : undefined;
    let took = rng.logNormal(85, 0.35);
    let status = 201;
    let label: AnomalyType | null = null;
    if (held !== undefined) {
      const wait = held.to - s + rng.logNormal(85, 0.3);
      const pid = rng.int(40000, 60000);
      const lockWait = (at: number, text: string): void => {
        if (wait > 1000)
          tl.add(
            at,
            pg(
              at,
              pid,
              `user=orders,db=orders,app=orders-api LOG:  process ${pid} ${text} RowExclusiveLock on relation ${held.oid} of database 16384 after ${text === "acquired" ? (held.to - s).toFixed(0) : "1000"}.${String(rng.int(1, 999)).padStart(3, "0")} ms`,
            ),
            "performance",
          );
      };
      lockWait(s + 1000 + rng.int(1, 90), "still waiting for");
      if (wait >= 10 * SECOND) {
        took = 10 * SECOND + rng.int(2, 40);
        status = 504;
        label = "error";
        const d = s + Math.round(took);
        const err = pinoErr("KnexTimeoutError", "Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?", [
          "Client_PG.acquireConnection (/app/node_modules/knex/lib/client.js:312:26)",
          "async Runner.ensureConnection (/app/node_modules/knex/lib/execution/runner.js:287:28)",
          "async OrderRepository.insert (/app/dist/orders/repository.js:41:9)",
        ]);
        tl.add(d - 1, pino(d - 1, src, "error", "order write failed", { orderRef: `ORD-${id}`, err }), "error");
      } else {
        took = wait;
        label = took > 1000 ? "performance" : null;
      }
      lockWait(held.to + rng.int(1, 4), "acquired");
    }
    const d = s + Math.round(took);
    if (status === 201)
      tl.add(
        d - 1,
        pino(d - 1, src, "info", `order ORD-${id} saved`, { orderRef: `ORD-${id}`, items: rng.int(1, 6), durationMs: Math.round(took) - 2 }),
        label,
      );
    tl.add(d, pinoHttp(d, src, { id: reqId, method: "POST", url: "/api/orders", remoteAddress: `::ffff:${rng.privateIp("10.5")}` }, status, took), label);
    viaEdge(rng, tl, s - 2, "shop-edge", { method: "POST", uri: "/api/orders", status, tookMs: took + 3, upstream: ordersUp }, label);
  }
  for (const t of ticks(rng, start, end, 5 * MINUTE, 3 * SECOND)) {
    tl.add(t, pg(t, 61, "LOG:  checkpoint starting: time"));
    const wrote = rng.int(300, 4200);
    tl.add(
      t + 30 * SECOND,
      pg(
        t + 30 * SECOND,
        61,
        `LOG:  checkpoint complete: wrote ${wrote} buffers (${(wrote / 1310.72).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=29.${rng.int(100, 999)} s, sync=0.0${rng.int(10, 99)} s, total=29.${rng.int(100, 999)} s`,
      ),
    );
  }

  // ── shop-edge (nginx): the rest of the shop ────────────────────────────────────────────────
  edgeTraffic(rng, tl, {
    service: "shop-edge",
    perMinute: 1.2,
    routes: [
      ["GET /", 25],
      ["GET /p/<id>", 45],
      ["GET /assets/<asset>", 30],
    ],
    upstream: upstreamAddr(rng, "10.5", 8000),
    shape,
    peak: 1.2,
  });

  return tl.build(
    NAME,
    "profile-api 3.4.0 attaches redis: nil, context canceled and not-found errors to its routine cache-miss and request lines from a fifth in; later a held table lock stalls order writes for seconds and some time out with 504",
  );
}
