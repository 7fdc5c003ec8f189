// A MongoDB primary's structured log ({"t":{"$date":...},"s":"I","c":"COMMAND",...}) and the
// Python order-dispatcher that polls it. A migration the night before dropped the compound index
// on shop.orders, so from the very first minute of the window every pending-orders query is a
// multi-second COLLSCAN; pools grow, connection bursts follow, and at peaks mongod refuses
// connections. Ordinary short IXSCAN "Slow query" lines and connection churn are everyday.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMicro, type Label, MIN, Rand, Timeline, windowStart } from "./lib.js";

export function mongoCollscanFromStart(seed: number): Scenario {
  const r = new Rand(seed, "s11-mongo");
  const tl = new Timeline();
  const t0 = windowStart(r, 5, 9);
  const t1 = t0 + 2 * HOUR;
  let connId = r.int(100_000, 900_000);
  let connCount = r.int(60, 90);
  const apps = [
    { name: "order-dispatcher", ip: "10.0.4.", driver: { name: "PyMongo", version: "4.7.2" }, lang: "Python 3.12.3" },
    { name: "ops-dashboard", ip: "10.0.5.", driver: { name: "nodejs", version: "6.6.2" }, lang: "Node.js v20.13.1" },
    { name: "catalog-api", ip: "10.0.6.", driver: { name: "mongo-go-driver", version: "1.15.0" }, lang: "go1.22.3" },
  ];

  const mongo = (t: number, s: string, c: string, id: number, ctx: string, msg: string, attr: Record<string, unknown> | undefined, label: Label) => {
    tl.add(t, { t: { $date: isoMs3(t) }, s, c, id, ctx, msg, ...(attr ? { attr } : {}) }, label);
  };
  const connection = (t: number, label: Label, appIdx?: number) => {
    const a = apps[appIdx ?? r.int(0, apps.length - 1)] ?? apps[0];
    if (!a) return;
    const remote = `${a.ip}${r.int(10, 60)}:${r.int(30000, 61000)}`;
    const id = connId++;
    connCount++;
    mongo(
      t,
      "I",
      "NETWORK",
      22943,
      "listener",
      "Connection accepted",
      { remote, isLoadBalanced: false, uuid: { uuid: { $uuid: r.uuid() } }, connectionId: id, connectionCount: connCount },
      label,
    );
    mongo(
      t + r.float(1, 6),
      "I",
      "NETWORK",
      51800,
      `conn${id}`,
      "client metadata",
      {
        remote,
        client: `conn${id}`,
        negotiatedCompressors: [],
        doc: { application: { name: a.name }, driver: a.driver, os: { type: "Linux", architecture: "x86_64" }, platform: a.lang },
      },
      label,
    );
    return id;
  };

  // Routine connection churn, auth, checkpoints, short slow queries.
  for (const t of r.stream(11_000, t0, t1)) {
    const id = connection(t, null);
    mongo(
      t + r.float(8, 20),
      "I",
      "ACCESS",
      5286306,
      `conn${id}`,
      "Authentication succeeded",
      {
        client: `10.0.4.${r.int(10, 60)}:${r.int(30000, 61000)}`,
        isSpeculative: true,
        isClusterMember: false,
        mechanism: "SCRAM-SHA-256",
        user: r.pick(["dispatcher", "dashboard", "catalog"]),
        db: "admin",
        result: 0,
        metrics: { conversation_duration: { micros: r.int(3000, 9000), summary: {} } },
      },
      null,
    );
    const end = t + r.float(30_000, 600_000);
    if (end < t1) {
      mongo(
        end,
        "I",
        "NETWORK",
        22944,
        `conn${id}`,
        "Connection ended",
        {
          remote: `10.0.4.${r.int(10, 60)}:${r.int(30000, 61000)}`,
          isLoadBalanced: false,
          uuid: { uuid: { $uuid: r.uuid() } },
          connectionId: id,
          connectionCount: Math.max(20, connCount - r.int(0, 3)),
        },
        null,
      );
      connCount = Math.max(50, connCount - 1);
    }
  }
  for (let t = t0 + r.float(0, 60_000); t < t1; t += 60_000 + r.float(-200, 200)) {
    mongo(
      t,
      "I",
      "WTCHKPT",
      22430,
      "Checkpointer",
      "WiredTiger message",
      {
        message: {
          ts_sec: Math.floor(t / 1000),
          ts_usec: r.int(0, 999999),
          thread: `${r.int(1, 9)}:0x7f${r.hex(10)}`,
          session_name: "WT_SESSION.checkpoint",
          category: "WT_VERB_CHECKPOINT_PROGRESS",
          category_id: 6,
          verbose_level: "DEBUG_1",
          verbose_level_id: 1,
          msg: `saving checkpoint snapshot min: ${r.int(1e6, 9e6)}, snapshot max: ${r.int(1e6, 9e6)} snapshot count: 0, oldest timestamp: (${Math.floor(t / 1000) - 300}, 1) , meta checkpoint timestamp: (${Math.floor(t / 1000)}, 1) base write gen: ${r.int(1e6, 9e6)}`,
        },
      },
      null,
    );
  }
  for (const t of r.times(r.int(120, 180), t0, t1)) {
    const ms = r.int(101, 340);
    mongo(
      t,
      "I",
      "COMMAND",
      51803,
      `conn${r.int(100_000, 900_000)}`,
      "Slow query",
      {
        type: "command",
        ns: "shop.products",
        command: {
          find: "products",
          filter: { category: r.pick(["tents", "boots", "stoves", "packs"]), active: true },
          sort: { rank: -1 },
          limit: 48,
          $db: "shop",
        },
        planSummary: "IXSCAN { category: 1, active: 1, rank: -1 }",
        keysExamined: r.int(400, 4000),
        docsExamined: r.int(48, 400),
        nreturned: 48,
        queryHash: "8A3C2F10",
        planCacheKey: "D1E47A8B",
        reslen: r.int(40000, 90000),
        remote: `10.0.6.${r.int(10, 60)}:${r.int(30000, 61000)}`,
        protocol: "op_msg",
        durationMillis: ms,
      },
      null,
    );
  }

  // The incident, from minute one: pending-orders queries scan the whole collection.
  const docs = r.int(2_200_000, 2_900_000);
  const poll = (t: number, app: "order-dispatcher" | "ops-dashboard") => {
    const ms = r.int(2200, 7800);
    const filter = app === "order-dispatcher" ? { status: "PENDING", region: r.pick(["eu", "us", "apac"]) } : { status: { $in: ["PENDING", "ALLOCATING"] } };
    mongo(
      t + ms,
      "I",
      "COMMAND",
      51803,
      `conn${r.int(100_000, 900_000)}`,
      "Slow query",
      {
        type: "command",
        ns: "shop.orders",
        command:
          app === "order-dispatcher"
            ? { find: "orders", filter, sort: { createdAt: 1 }, limit: 200, maxTimeMS: 10000, $db: "shop" }
            : { aggregate: "orders", pipeline: [{ $match: filter }, { $group: { _id: "$region", n: { $sum: 1 } } }], cursor: {}, $db: "shop" },
        planSummary: "COLLSCAN",
        keysExamined: 0,
        docsExamined: docs + r.int(0, 5000),
        cursorExhausted: true,
        numYields: Math.round(docs / 1000) + r.int(0, 200),
        nreturned: r.int(0, 200),
        queryHash: app === "order-dispatcher" ? "5C1E9A77" : "0B4F22D3",
        planCacheKey: app === "order-dispatcher" ? "77E1A0C4" : "93AD1F6E",
        reslen: r.int(200, 90000),
        locks: { Global: { acquireCount: { r: Math.round(docs / 1000) } } },
        storage: { data: { bytesRead: r.int(1e8, 9e8), timeReadingMicros: r.int(1e6, 5e6) } },
        remote: `${app === "order-dispatcher" ? "10.0.4." : "10.0.5."}${r.int(10, 60)}:${r.int(30000, 61000)}`,
        protocol: "op_msg",
        durationMillis: ms,
      },
      "performance",
    );
    return ms;
  };
  const disp = (t: number, level: string, name: string, message: string, extra: Record<string, unknown>, label: Label) =>
    tl.add(
      t,
      {
        timestamp: isoMicro(t),
        levelname: level,
        name,
        message,
        service: "order-dispatcher",
        hostname: `dispatcher-${r.int(0, 2)}`,
        process: r.int(7, 12),
        ...extra,
      },
      label,
    );
  for (let t = t0 + r.float(0, 20_000); t < t1; t += r.float(50_000, 70_000)) {
    const ms = poll(t, "order-dispatcher");
    const budget = 1.0;
    disp(
      t + ms + 5,
      "WARNING",
      "dispatcher.poller",
      `pending-orders poll took ${(ms / 1000).toFixed(2)}s (budget ${budget.toFixed(1)}s)`,
      { duration_s: Math.round(ms) / 1000, budget_s: budget },
      "performance",
    );
  }
  for (let t = t0 + r.float(0, 30_000); t < t1; t += r.float(100_000, 140_000)) poll(t, "ops-dashboard");
  // Routine dispatcher activity.
  for (const t of r.stream(20_000, t0, t1))
    disp(
      t,
      "INFO",
      "dispatcher.assign",
      `assigned order ${r.int(1e7, 9e7)} to carrier ${r.pick(["DHL", "UPS", "DPD", "GLS"])}`,
      { order_region: r.pick(["eu", "us", "apac"]) },
      null,
    );

  // Pool growth bursts and refusals at the peaks.
  const bursts = r.int(2, 4);
  for (let b = 0; b < bursts; b++) {
    const tb = t0 + ((b + 0.5) / bursts) * (t1 - t0) + r.float(-8, 8) * MIN;
    const n = r.int(18, 30);
    for (const t of r.times(n, tb, tb + r.float(60_000, 120_000))) connection(t, "pattern", r.chance(0.8) ? 0 : 1);
    const refused = r.int(4, 10);
    for (const t of r.times(refused, tb + 60_000, tb + 150_000)) {
      mongo(
        t,
        "W",
        "NETWORK",
        22942,
        "listener",
        "Connection refused because there are too many open connections",
        { remote: `10.0.4.${r.int(10, 60)}:${r.int(30000, 61000)}`, isLoadBalanced: false, numOpenConns: 1000 },
        "error",
      );
      if (r.chance(0.6))
        disp(
          t + r.float(20, 400),
          "ERROR",
          "dispatcher.poller",
          "pending-orders poll failed",
          {
            exc_info:
              'Traceback (most recent call last):\n  File "/app/dispatcher/poller.py", line 88, in poll\n    batch = list(orders.find(query).sort("createdAt", 1).limit(200))\n  File "/usr/local/lib/python3.12/site-packages/pymongo/cursor.py", line 1248, in next\n    if len(self.__data) or self._refresh():\npymongo.errors.AutoReconnect: mongo-0.mongo.shop.svc:27017: connection closed (configured timeouts: socketTimeoutMS: 20000.0ms, connectTimeoutMS: 20000.0ms)',
          },
          "error",
        );
    }
    connCount = Math.max(80, connCount - n);
  }

  return tl.build(
    "mongo-collscan-from-start",
    "MongoDB structured logs and a Python poller where a dropped index makes pending-orders queries multi-second COLLSCANs from the first minute, with connection bursts and refusals at peaks.",
  );
}

function isoMs3(t: number): string {
  return new Date(Math.floor(t)).toISOString().replace("Z", "+00:00");
}
