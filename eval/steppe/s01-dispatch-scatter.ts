/**
 * Food-delivery dispatch platform, six Node services logging with pino (lowercase level
 * labels, epoch-millisecond `time`, `msg`). During a busy evening window of 1.5-2.5 hours
 * short bursts of trouble hit different services from the first minutes to the last:
 * requests to one service slow down by an order of magnitude and its callers time out,
 * a service's heap climbs past 90% and sometimes dies with "JavaScript heap out of memory",
 * bursts of exceptions (TypeError, Redis MISCONF, ENOSPC...), and odd one-off messages
 * (multi-kilobyte order dumps, rejected binary frames, a manual route override, absurd
 * courier jumps). Routine warnings (declined cards, widened search radius, GPS points
 * out of order, cache-miss ratio) run all evening and are part of normal life.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

interface Svc {
  name: string;
  host: string;
  pid: number;
  median: number;
  rate: number; // requests per minute
  memBase: number;
  heapLimitMb: number;
}

interface Episode {
  kind: AnomalyType;
  svc: number;
  a: number;
  b: number;
  factor: number;
  variant: number;
  oom: boolean;
}

export function s01DispatchScatter(seed: number): Scenario {
  const rng = new Rng(seed, "s01-dispatch-scatter");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(90, 150);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 16, 19);
  const end = start + span;
  const scale = rng.float(0.85, 1.1);

  const svcs: Svc[] = [
    {
      name: "dispatch-api",
      host: `dispatch-api-${rng.alnum(9)}-${rng.alnum(5)}`,
      pid: rng.int(7, 60),
      median: 55,
      rate: 7,
      memBase: rng.int(38, 48),
      heapLimitMb: 1536,
    },
    {
      name: "courier-tracker",
      host: `courier-tracker-${rng.alnum(9)}-${rng.alnum(5)}`,
      pid: rng.int(7, 60),
      median: 9,
      rate: 6,
      memBase: rng.int(30, 42),
      heapLimitMb: 1024,
    },
    {
      name: "menu-service",
      host: `menu-service-${rng.alnum(9)}-${rng.alnum(5)}`,
      pid: rng.int(7, 60),
      median: 22,
      rate: 4,
      memBase: rng.int(44, 56),
      heapLimitMb: 2048,
    },
    {
      name: "payments-gw",
      host: `payments-gw-${rng.alnum(9)}-${rng.alnum(5)}`,
      pid: rng.int(7, 60),
      median: 240,
      rate: 2.5,
      memBase: rng.int(33, 45),
      heapLimitMb: 1024,
    },
    {
      name: "notify-worker",
      host: `notify-worker-${rng.alnum(9)}-${rng.alnum(5)}`,
      pid: rng.int(7, 60),
      median: 85,
      rate: 3,
      memBase: rng.int(28, 40),
      heapLimitMb: 768,
    },
    {
      name: "eta-model",
      host: `eta-model-${rng.alnum(9)}-${rng.alnum(5)}`,
      pid: rng.int(7, 60),
      median: 31,
      rate: 4,
      memBase: rng.int(45, 58),
      heapLimitMb: 3072,
    },
  ];

  const base = (t: number, s: Svc, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: Math.round(t),
    pid: s.pid,
    hostname: s.host,
    service: s.name,
    ...extra,
    msg,
  });

  // ---- episodes -------------------------------------------------------------
  const kinds: AnomalyType[] = ["performance", "performance", "performance", "memory", "memory", "error", "error", "error", "pattern", "pattern", "pattern"];
  const extra = rng.int(0, 3);
  for (let i = 0; i < extra; i++) kinds.push(rng.pick<AnomalyType>(["performance", "error", "pattern", "memory"]));
  rng.shuffle(kinds);
  const episodes: Episode[] = kinds.map((kind, i) => {
    const dur =
      kind === "performance"
        ? rng.int(60, 240) * 1000
        : kind === "memory"
          ? rng.int(180, 420) * 1000
          : kind === "error"
            ? rng.int(30, 180) * 1000
            : rng.int(60, 360) * 1000;
    let a: number;
    if (i === 0) a = start + rng.int(40, 200) * 1000;
    else if (i === kinds.length - 1) a = end - dur - rng.int(20, 150) * 1000;
    else a = start + rng.int(4 * 60, spanMin * 60 - 8 * 60) * 1000;
    const svc = kind === "memory" ? rng.pick([0, 2, 5, 4]) : rng.int(0, svcs.length - 1);
    return { kind, svc, a, b: a + dur, factor: rng.float(12, 40), variant: rng.int(0, 3), oom: rng.chance(0.5) };
  });
  const activePerf = (svc: number, t: number): Episode | undefined => episodes.find((e) => e.kind === "performance" && e.svc === svc && t >= e.a && t <= e.b);
  const activeMem = (svc: number, t: number): Episode | undefined => episodes.find((e) => e.kind === "memory" && e.svc === svc && t >= e.a && t <= e.b);

  const orderId = (): string => `o-${rng.int(4_100_000, 4_999_999)}`;
  const courierId = (): string => `c-${rng.int(1000, 9999)}`;
  const restaurantId = (): string => `r-${rng.int(100, 4999)}`;
  const reqId = (): string => `req-${rng.hex(8)}`;

  // ---- normal request traffic (slowed while a performance episode is active) --
  for (let si = 0; si < svcs.length; si++) {
    const s = svcs[si] as Svc;
    const gap = 60_000 / (s.rate * scale);
    let t = start + rng.exp(gap);
    while (t < end) {
      const ep = activePerf(si, t);
      let ms = rng.logNormal(s.median, 0.35, 2.6);
      if (ep) ms = ms * ep.factor * rng.float(0.7, 1.3);
      const msR = Math.round(ms);
      const lab: Label = ep ? "performance" : null;
      const rid = reqId();
      switch (s.name) {
        case "dispatch-api": {
          const r = rng.weighted([
            ["create", 4],
            ["get", 5],
            ["assign", 3],
          ] as const);
          const o = orderId();
          if (r === "create") add(t, base(t, s, "info", `POST /v1/orders 201 in ${msR}ms`, { reqId: rid, latency_ms: msR, order_id: o }), lab);
          else if (r === "get") add(t, base(t, s, "info", `GET /v1/orders/${o} 200 in ${msR}ms`, { reqId: rid, latency_ms: msR }), lab);
          else add(t, base(t, s, "info", `POST /v1/orders/${o}/assign 200 in ${msR}ms`, { reqId: rid, latency_ms: msR, courier_id: courierId() }), lab);
          break;
        }
        case "courier-tracker":
          add(t, base(t, s, "info", `location batch accepted courier=${courierId()} points=${rng.int(3, 40)} in ${msR}ms`, { latency_ms: msR }), lab);
          break;
        case "menu-service": {
          const hit = rng.chance(0.88);
          add(t, base(t, s, "info", `GET /v2/menus/${restaurantId()} 200 in ${msR}ms (cache ${hit ? "hit" : "miss"})`, { reqId: rid, latency_ms: msR }), lab);
          break;
        }
        case "payments-gw":
          add(
            t,
            base(t, s, "info", `charge authorized order=${orderId()} psp=${rng.pick(["adyen", "adyen", "stripe"])} in ${msR}ms`, {
              reqId: rid,
              latency_ms: msR,
              amount_cents: rng.int(900, 9800),
            }),
            lab,
          );
          break;
        case "notify-worker":
          add(
            t,
            base(t, s, "info", `push delivered order=${orderId()} channel=${rng.pick(["fcm", "fcm", "apns", "sms"])} in ${msR}ms`, { latency_ms: msR }),
            lab,
          );
          break;
        case "eta-model":
          add(t, base(t, s, "info", `eta computed order=${orderId()} eta_min=${rng.int(12, 55)} in ${msR}ms`, { latency_ms: msR, model: "gbt-v31" }), lab);
          break;
      }
      // callers time out against a slowed dependency
      if (ep && si !== 0 && s.name !== "notify-worker" && rng.chance(0.35)) {
        const caller = svcs[0] as Svc;
        const budget = s.name === "payments-gw" ? 8000 : 2000;
        const tt = t + rng.int(budget, budget + 300);
        add(
          tt,
          base(tt, caller, "error", `${s.name} call timed out after ${budget}ms`, {
            reqId: rid,
            latency_ms: budget,
            err: { type: "TimeoutError", message: `${s.name} request exceeded ${budget}ms` },
          }),
          "performance",
        );
      }
      t += rng.exp(gap);
    }
  }

  // ---- process stats heartbeats ------------------------------------------
  for (let si = 0; si < svcs.length; si++) {
    const s = svcs[si] as Svc;
    let t = start + rng.int(0, 59_999);
    while (t < end) {
      const ep = activeMem(si, t);
      let mem = s.memBase + rng.normal(0, 3.5);
      let lab: Label = null;
      if (ep) {
        const frac = (t - ep.a) / (ep.b - ep.a);
        mem = 86 + 11 * frac + rng.normal(0, 0.8);
        lab = "memory";
      }
      mem = Math.min(99.4, Math.round(mem * 10) / 10);
      const heap = Math.round((s.heapLimitMb * mem) / 100);
      add(
        t,
        base(t, s, ep ? "warn" : "info", ep ? `heap usage ${mem}% of ${s.heapLimitMb}MB limit` : "process stats", {
          memory_usage: mem,
          heap_used_mb: heap,
          rss_mb: heap + rng.int(60, 140),
          event_loop_lag_ms: ep ? rng.int(80, 900) : rng.int(1, 9),
        }),
        lab,
      );
      t += ep ? rng.int(12_000, 20_000) : rng.int(57_000, 63_000);
    }
  }

  // ---- routine warnings ----------------------------------------------------
  const routine = (svc: number, every: number, make: (t: number, s: Svc) => Record<string, unknown>): void => {
    const s = svcs[svc] as Svc;
    let t = start + rng.exp(every);
    while (t < end) {
      add(t, make(t, s), null);
      t += rng.exp(every);
    }
  };
  routine(0, 120_000, (t, s) => base(t, s, "warn", `no courier within 3km for order ${orderId()}; widening radius to 5km`));
  routine(1, 170_000, (t, s) => base(t, s, "warn", `dropped out-of-order GPS point courier=${courierId()} skew_ms=${rng.int(1200, 9000)}`));
  routine(2, 600_000, (t, s) => base(t, s, "warn", `cache miss ratio ${(rng.float(0.105, 0.16)).toFixed(2)} above target 0.10`));
  routine(3, 240_000, (t, s) =>
    base(t, s, "warn", `card declined order=${orderId()} reason=${rng.pick(["insufficient_funds", "do_not_honor", "expired_card"])}`, { psp: "adyen" }),
  );
  routine(4, 360_000, (t, s) => base(t, s, "info", `APNs token invalidated device=${rng.hex(16)}`));

  // ---- error and pattern episodes -------------------------------------------
  for (const ep of episodes) {
    const s = svcs[ep.svc] as Svc;
    if (ep.kind === "error") {
      const count = rng.int(3, 12);
      for (let i = 0; i < count; i++) {
        const t = ep.a + rng.int(0, ep.b - ep.a);
        const rid = reqId();
        switch (s.name) {
          case "dispatch-api": {
            const o = orderId();
            add(
              t,
              base(t, s, "error", "unhandled error in assign handler", {
                reqId: rid,
                err: {
                  type: "TypeError",
                  message: "Cannot read properties of undefined (reading 'lat')",
                  stack:
                    "TypeError: Cannot read properties of undefined (reading 'lat')\n    at nearestCourier (/app/dist/assign.js:88:31)\n    at AssignController.assign (/app/dist/assign.js:41:22)",
                },
              }),
              "error",
            );
            const ms = rng.int(8, 30);
            add(t + 2, base(t + 2, s, "info", `POST /v1/orders/${o}/assign 500 in ${ms}ms`, { reqId: rid, latency_ms: ms }), "error");
            break;
          }
          case "courier-tracker":
            add(
              t,
              base(t, s, "error", "failed to persist location batch", {
                err: { type: "ReplyError", message: "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk." },
                courier_id: courierId(),
              }),
              "error",
            );
            break;
          case "menu-service":
            add(
              t,
              base(t, s, "error", `menu refresh failed for ${restaurantId()}`, {
                reqId: rid,
                err: {
                  type: "SyntaxError",
                  message: "Unexpected token < in JSON at position 0",
                  stack:
                    "SyntaxError: Unexpected token < in JSON at position 0\n    at JSON.parse (<anonymous>)\n    at CmsClient.fetchMenu (/srv/menu/lib/cms.js:57:19)",
                },
              }),
              "error",
            );
            break;
          case "payments-gw":
            add(
              t,
              base(t, s, "error", `charge failed order=${orderId()}`, {
                reqId: rid,
                psp: "adyen",
                err: { type: "PspError", message: "adyen responded 500 Internal Server Error", code: "PSP_5XX" },
              }),
              "error",
            );
            break;
          case "notify-worker":
            add(
              t,
              base(t, s, "error", "could not spool notification batch", {
                err: { type: "Error", code: "ENOSPC", message: `ENOSPC: no space left on device, open '/var/spool/notify/batch-${rng.hex(6)}.json'` },
              }),
              "error",
            );
            break;
          default:
            add(
              t,
              base(t, s, "error", `eta computation crashed order=${orderId()}`, {
                err: {
                  type: "RangeError",
                  message: "Invalid array length",
                  stack: "RangeError: Invalid array length\n    at buildMatrix (/app/eta/matrix.js:112:17)\n    at Model.predict (/app/eta/model.js:64:9)",
                },
              }),
              "error",
            );
        }
      }
    } else if (ep.kind === "pattern") {
      const count = rng.int(3, 9);
      for (let i = 0; i < count; i++) {
        const t = ep.a + rng.int(0, ep.b - ep.a);
        switch (ep.variant) {
          case 0: {
            const d = svcs[0] as Svc;
            const items: Record<string, unknown>[] = [];
            const k = rng.int(18, 40);
            for (let j = 0; j < k; j++)
              items.push({
                sku: `m-${rng.int(10000, 99999)}`,
                qty: rng.int(1, 3),
                price_cents: rng.int(250, 2400),
                mods: [rng.pick(["no onion", "extra cheese", "spicy", "gluten free"])],
                legacy_line_ref: rng.hex(24),
              });
            add(
              t,
              base(
                t,
                d,
                "info",
                `unexpected order shape, dumping: ${JSON.stringify({ id: orderId(), restaurant: restaurantId(), items, legacy_items: items.length, client: "ios/7.2.0" })}`,
              ),
              "pattern",
            );
            break;
          }
          case 1: {
            const c = svcs[1] as Svc;
            let bytes = "";
            const k = rng.int(24, 60);
            for (let j = 0; j < k; j++) bytes += `\\x${rng.hex(2)}`;
            add(
              t,
              base(t, c, "warn", `ws frame rejected from ${rng.int(10, 200)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}: ${bytes}`),
              "pattern",
            );
            break;
          }
          case 2: {
            const c = svcs[1] as Svc;
            add(
              t,
              base(
                t,
                c,
                "info",
                `courier ${courierId()} location jumped ${rng.int(2100, 9800).toLocaleString("en-US")} km in ${rng.int(1, 4)}s (lat=${rng.float(-60, 60).toFixed(4)} lon=${rng.float(-170, 170).toFixed(4)})`,
              ),
              "pattern",
            );
            break;
          }
          default: {
            const e = svcs[5] as Svc;
            add(
              t,
              base(t, e, "info", `routing override loaded from /tmp/override-routes-${rng.hex(4)}.json by uid=0 (manual), ${rng.int(3, 40)} zones replaced`),
              "pattern",
            );
          }
        }
      }
    } else if (ep.kind === "memory" && ep.oom) {
      const t = ep.b + rng.int(300, 4000);
      add(t, base(t, s, "fatal", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", { memory_usage: 99.6 }), "memory");
    }
  }

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s01-dispatch-scatter",
    description:
      "Food-delivery platform where slowdowns, heap exhaustion, exception bursts and odd messages strike different services from the first minutes to the last.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
