// Kinds 1 and 2: micro-services with anomalies of every type scattered over the whole window.
// Both share one engine; they differ in producers, field names and (kind 2) latency tiers 100x apart.
import { HOUR, iso, Rng, round, Story, SEC, startTime, stratified } from "./lib.js";
import type { AnomalyType, Scenario } from "./types.js";

type Svc = {
  name: string;
  median: number; // ms, the service's own normal
  weight: number;
  routes: readonly string[];
  verb: string; // what a normal line says it did
  heapNormal: [number, number];
  errors: readonly string[]; // exception lines this service throws
  callee: string;
};

type Fields = {
  time: string;
  level: string;
  service: string;
  msg: string;
  latency: string;
  mem: string;
  host: string;
  trace: string;
  lv: (l: "debug" | "info" | "warn" | "error") => string;
  frame: (svc: string, e: string, line: number) => string;
};

function scatter(seed: number, salt: string, services: readonly Svc[], f: Fields, hours: number, nEvents: [number, number]): Story {
  const r = new Rng(seed, salt);
  const t0 = startTime(r);
  const end = t0 + hours * HOUR;
  const st = new Story();
  const pods = new Map(services.map((s) => [s.name, [0, 1, 2].map(() => `${s.name}-${r.hex(5)}`)] as const));
  const base = (t: number, s: Svc, level: "debug" | "info" | "warn" | "error", msg: string): Record<string, unknown> => ({
    [f.time]: iso(t),
    [f.level]: f.lv(level),
    [f.service]: s.name,
    [f.host]: r.pick(pods.get(s.name)!),
    [f.msg]: msg,
  });
  const pickSvc = () => r.weighted(services.map((s) => [s, s.weight] as const));
  // ordinary traffic
  const nNormal = r.int(2600, 3300);
  for (let i = 0; i < nNormal; i++) {
    const t = t0 + r.next() * (end - t0);
    const s = pickSvc();
    const route = r.pick(s.routes);
    const roll = r.next();
    if (roll < 0.08) {
      st.add(t, { ...base(t, s, "debug", `${s.name} cache refresh: ${r.int(40, 900)} keys, ${r.int(0, 12)} expired`) });
    } else if (roll < 0.1) {
      // benign warnings every service writes now and then
      st.add(t, {
        ...base(
          t,
          s,
          "warn",
          r.pick([
            `retrying idempotent call to ${s.callee} (attempt 1/3)`,
            "client closed connection before response was written",
            `slow consumer on ${s.name}.events, lag ${r.int(20, 140)}`,
          ]),
        ),
      });
    } else {
      const ms = round(r.around(s.median, 0.35), 2);
      st.add(t, { ...base(t, s, "info", `${route} ${s.verb} 200`), [f.latency]: ms, [f.trace]: r.hex(32), status: 200 });
    }
  }
  // heartbeats with memory every 90 s per service
  for (const s of services) {
    let heap = r.float(s.heapNormal[0], s.heapNormal[1]);
    for (let t = t0 + r.int(0, 90) * SEC; t < end; t += 90 * SEC + r.int(-3, 3) * SEC) {
      heap = Math.min(s.heapNormal[1], Math.max(s.heapNormal[0], heap + r.float(-3, 3)));
      st.add(t, { ...base(t, s, "info", `heartbeat ok, ${r.int(2, 64)} in-flight`), [f.mem]: round(heap) });
    }
  }
  // anomalies: every block of four events has each type once, blocks laid over the whole window
  const n = r.int(nEvents[0], nEvents[1]) * 4;
  const types: AnomalyType[] = [];
  for (let b = 0; b < n / 4; b++) types.push(...r.shuffle<AnomalyType>(["performance", "memory", "error", "pattern"]));
  const times = stratified(r, n, t0 + r.int(40, 90) * SEC, end - r.int(30, 90) * SEC);
  times.forEach((at, i) => {
    const ty = types[i]!;
    const s = r.pick(services);
    const burst = r.int(1, 3);
    for (let k = 0; k < burst; k++) {
      const t = at + k * r.int(200, 4000);
      const route = r.pick(s.routes);
      if (ty === "performance") {
        if (r.chance(0.5)) {
          st.add(
            t,
            { ...base(t, s, "warn", `${route} ${s.verb} 200 (slow)`), [f.latency]: round(s.median * r.float(25, 90), 2), [f.trace]: r.hex(32), status: 200 },
            ty,
          );
        } else {
          const to = Math.max(1000, Math.round(s.median * 40));
          st.add(
            t,
            { ...base(t, s, "error", `${route} timed out waiting for ${s.callee} after ${to}ms`), [f.latency]: to, [f.trace]: r.hex(32), status: 504 },
            ty,
          );
        }
      } else if (ty === "memory") {
        const pct = r.float(93, 99.4);
        const msg = r.chance(0.7)
          ? `heap at ${pct.toFixed(1)}% after full GC, pause ${r.float(1.2, 4.5).toFixed(2)}s`
          : `allocation failed: out of memory (heap ${pct.toFixed(1)}% of ${r.pick([512, 1024, 2048])}MiB)`;
        st.add(t, { ...base(t, s, pct > 97 ? "error" : "warn", msg), [f.mem]: round(pct) }, ty);
      } else if (ty === "error") {
        const e = r.pick(s.errors).replace("#", r.hex(8));
        st.add(
          t,
          {
            ...base(t, s, "error", e),
            [f.trace]: r.hex(32),
            stack: f.frame(s.name, e, r.int(40, 400)),
          },
          ty,
        );
      } else {
        const v = r.int(0, 2);
        const msg =
          v === 0
            ? `request dump ${route}: ${JSON.stringify(Array.from({ length: r.int(14, 30) }, () => ({ id: r.uuid(), v: r.alnum(6), q: r.int(0, 99) })))}`
            : v === 1
              ? `frame decode: ${Array.from({ length: r.int(120, 260) }, () => `0x${r.hex(2)}`).join(" ")}`
              : `Processing \${entity_id} for \${tenant} via \${route}`;
        st.add(t, { ...base(t, s, "info", msg) }, ty);
      }
    }
  });
  return st;
}

const js = (l: string) => l.toUpperCase();

export function rideshareScatter(seed: number): Scenario {
  const err = (x: string) => [
    `Unhandled exception in ${x} #: TypeError: Cannot read properties of undefined (reading 'lat')`,
    `Error [ERR_INVALID_STATE]: ${x} state machine in DISPATCHED received ACCEPT for trip #`,
  ];
  const svcs: Svc[] = [
    {
      name: "rider-gw",
      median: 60,
      weight: 5,
      routes: ["GET /v1/trips/:id", "POST /v1/trips", "GET /v1/me"],
      verb: "served",
      heapNormal: [35, 55],
      errors: err("rider-gw"),
      callee: "trip-match",
    },
    {
      name: "trip-match",
      median: 120,
      weight: 4,
      routes: ["match.request", "match.cancel"],
      verb: "matched",
      heapNormal: [40, 62],
      errors: err("trip-match"),
      callee: "geo-index",
    },
    {
      name: "fare-quote",
      median: 40,
      weight: 3,
      routes: ["POST /quote", "GET /surge/:zone"],
      verb: "quoted",
      heapNormal: [30, 50],
      errors: err("fare-quote"),
      callee: "surge-model",
    },
    {
      name: "geo-index",
      median: 15,
      weight: 5,
      routes: ["nearby.drivers", "eta.lookup"],
      verb: "answered",
      heapNormal: [45, 65],
      errors: err("geo-index"),
      callee: "redis",
    },
    {
      name: "payout-ledger",
      median: 80,
      weight: 2,
      routes: ["POST /payouts", "GET /balances/:driver"],
      verb: "committed",
      heapNormal: [30, 48],
      errors: err("payout-ledger"),
      callee: "postgres",
    },
    {
      name: "push-notifier",
      median: 30,
      weight: 2,
      routes: ["notify.trip_update", "notify.receipt"],
      verb: "delivered",
      heapNormal: [25, 45],
      errors: err("push-notifier"),
      callee: "fcm",
    },
    {
      name: "surge-model",
      median: 200,
      weight: 1,
      routes: ["score.zone"],
      verb: "scored",
      heapNormal: [50, 68],
      errors: err("surge-model"),
      callee: "feature-store",
    },
  ];
  const f: Fields = {
    time: "timestamp",
    level: "level",
    service: "service",
    msg: "message",
    latency: "response_time",
    mem: "memory_usage",
    host: "instance",
    trace: "trace_id",
    lv: js,
    frame: (svc, e, n) =>
      `${e.split(" #")[0]}\n    at handle (/srv/${svc}/dist/handler.js:${n}:17)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`,
  };
  return scatter(seed, "rideshare", svcs, f, 3, [10, 12]).build(
    "atoll-rideshare-scatter",
    "7 ride-hailing services; slow calls, heap spikes, exceptions and odd messages scattered from the first minutes to the end",
  );
}

export function hundredfoldTiers(seed: number): Scenario {
  const err = (x: string) => [
    `${x} failed: java.lang.NullPointerException: Cannot invoke "Plate.getEpoch()" because "p" is null (req #)`,
    `${x} failed: java.io.UncheckedIOException: corrupt FITS header in object #`,
  ];
  const svcs: Svc[] = [
    {
      name: "plate-cache",
      median: 2,
      weight: 7,
      routes: ["GET plate:<id>", "GET wcs:<id>"],
      verb: "hit",
      heapNormal: [55, 70],
      errors: err("plate-cache"),
      callee: "plate-store",
    },
    {
      name: "object-lookup",
      median: 25,
      weight: 5,
      routes: ["/objects/search", "/objects/:id"],
      verb: "found",
      heapNormal: [35, 55],
      errors: err("object-lookup"),
      callee: "plate-cache",
    },
    {
      name: "sky-api",
      median: 180,
      weight: 4,
      routes: ["/v2/fields/:id", "/v2/cutouts"],
      verb: "returned",
      heapNormal: [30, 50],
      errors: err("sky-api"),
      callee: "object-lookup",
    },
    {
      name: "night-report",
      median: 2200,
      weight: 2,
      routes: ["/reports/night/:date", "/reports/seeing"],
      verb: "rendered",
      heapNormal: [60, 78],
      errors: err("night-report"),
      callee: "sky-api",
    },
    {
      name: "mosaic-builder",
      median: 6500,
      weight: 1,
      routes: ["mosaic.build", "mosaic.tile"],
      verb: "built",
      heapNormal: [55, 75],
      errors: err("mosaic-builder"),
      callee: "plate-cache",
    },
  ];
  const f: Fields = {
    time: "time",
    level: "severity",
    service: "app",
    msg: "msg",
    latency: "latency_ms",
    mem: "heap_used_pct",
    host: "pod",
    trace: "request_id",
    lv: (l) => (l === "warn" ? "warning" : l),
    frame: (svc, e, n) =>
      `${e.slice(e.indexOf(": ") + 2)}\n\tat org.atoll.${svc.replace("-", "")}.Handler.handle(Handler.java:${n})\n\tat io.undertow.server.Connectors.executeRootHandler(Connectors.java:395)`,
  };
  return scatter(seed, "tiers", svcs, f, 4, [8, 10]).build(
    "atoll-hundredfold-latency-tiers",
    "observatory services whose normal latencies run 2 ms (cache) to 6.5 s (mosaic); each slows 25-90x its own normal, plus heap, exception and odd-message events, all over the window",
  );
}
