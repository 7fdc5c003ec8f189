// JVM service with unified GC logs: a leak on one pod -> heap near full, GC storm, OutOfMemoryError, restart.

import { apiGateway, inventory, orders, pricing } from "./catalog-shop.js";
import { poissonTimes, type Rng } from "./random.js";
import { normalTraffic, windowOf } from "./scen-util.js";
import { MIN } from "./time.js";
import { ev, finalize, pickRoute, requestLine, type Svc } from "./traffic.js";
import type { AnomalyType, Ev, Level, Scenario } from "./types.js";

const MAX_M = 2048;

interface GcState {
  n: number;
  upStart: number; // epoch ms the JVM started
}

function gcEv(svc: Svc, pod: string, st: GcState, t: number, level: Level, body: string, label: AnomalyType | null): Ev {
  const up = ((t - st.upStart) / 1000).toFixed(3);
  const tag = level === "WARNING" ? "warning" : level === "ERROR" ? "error" : "info";
  return { t: Math.floor(t), svc: svc.name, level, msg: `[${up}s][${tag}][gc] ${body}`, label, prod: "gclog", inst: pod };
}

/** GC log lines of one pod between `from` and `to`; `live(t)` is the live set in MiB after a collection. */
function gcLines(r: Rng, svc: Svc, pod: string, st: GcState, from: number, to: number, live: (t: number) => number): Ev[] {
  const out: Ev[] = [];
  let t = from + r.float(1000, 25_000);
  while (t < to) {
    const after = Math.min(MAX_M - 2, Math.round(live(t) + r.float(-25, 25)));
    const leaking = after > 700;
    const freeShare = (MAX_M - after) / (MAX_M - 420);
    const near = after / MAX_M >= 0.5; // normal after-GC occupancy is 15-24 %
    const label: AnomalyType | null = near ? "memory" : null;
    const n = st.n++;
    if (after > 1750 && r.chance(0.5)) {
      const ms = r.float(1400, 3400);
      out.push(gcEv(svc, pod, st, t, "INFO", `GC(${n}) To-space exhausted`, "memory"));
      out.push(
        gcEv(
          svc,
          pod,
          st,
          t + 2,
          "INFO",
          `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) ${MAX_M - r.int(1, 6)}M->${MAX_M - r.int(8, 20)}M(${MAX_M}M) ${r.float(60, 240).toFixed(3)}ms`,
          "memory",
        ),
      );
      out.push(
        gcEv(
          svc,
          pod,
          st,
          t + 300,
          "INFO",
          `GC(${st.n++}) Pause Full (G1 Compaction Pause) ${MAX_M - r.int(1, 6)}M->${after}M(${MAX_M}M) ${ms.toFixed(3)}ms`,
          "memory",
        ),
      );
      t += ms;
    } else if (!leaking && r.chance(0.08)) {
      const before = Math.round(after + r.float(250, 700));
      out.push(
        gcEv(
          svc,
          pod,
          st,
          t,
          "INFO",
          `GC(${n}) Pause Young (Concurrent Start) (G1 Humongous Allocation) ${before}M->${after}M(${MAX_M}M) ${r.logNormal(11, 0.35).toFixed(3)}ms`,
          label,
        ),
      );
      out.push(gcEv(svc, pod, st, t + r.float(20, 90), "INFO", `GC(${st.n++}) Concurrent Mark Cycle ${r.logNormal(48, 0.4).toFixed(3)}ms`, label));
    } else {
      const before = Math.round(Math.min(MAX_M - 1, after + (MAX_M - after) * r.float(0.55, 0.75)));
      const pause = r.logNormal(9, 0.4) * (near ? r.float(2, 6) : 1);
      out.push(
        gcEv(svc, pod, st, t, "INFO", `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${MAX_M}M) ${pause.toFixed(3)}ms`, label),
      );
    }
    t += Math.max(700, r.logNormal(24_000, 0.25) * Math.max(0.04, freeShare));
  }
  return out;
}

export function jvmGcStorm(r: Rng): Scenario {
  const ord = orders(r, "logback");
  const gw = apiGateway(r, "canonical");
  const svcs = [ord, gw, inventory(r, "zap"), pricing(r, "zap")];
  const w = windowOf(r, r.int(95, 125));
  const evs = normalTraffic(r, svcs, w, r.int(3000, 3800), { oneOffs: 1 });
  const leakPod = ord.insts[0]!;
  const leak0 = w.start + r.float(0.2, 0.35) * (w.end - w.start);
  const oomT = leak0 + r.float(32, 45) * MIN;
  const restartT = oomT + r.float(6, 14) * 1000;
  const liveNormal = (base: number) => (t: number) => base + 40 * Math.sin(t / 400_000);
  const liveLeak = (t: number): number => Math.min(MAX_M - 30, 420 + 1650 * Math.max(0, (t - leak0) / (oomT - leak0)) ** 1.3);

  for (const pod of ord.insts) {
    const st: GcState = { n: r.int(2000, 9000), upStart: w.start - r.float(6, 30) * 3600_000 };
    if (pod !== leakPod) {
      evs.push(...gcLines(r, ord, pod, st, w.start, w.end, liveNormal(r.float(330, 440))));
      continue;
    }
    evs.push(...gcLines(r, ord, pod, st, w.start, oomT, (t) => (t < leak0 ? liveNormal(400)(t) : liveLeak(t))));
    for (let i = 0; i < 3; i++)
      evs.push(
        gcEv(
          ord,
          pod,
          st,
          oomT - 5000 + i * 1700,
          "INFO",
          `GC(${st.n++}) Pause Full (G1 Compaction Pause) ${MAX_M - 1}M->${MAX_M - r.int(2, 5)}M(${MAX_M}M) ${r.float(1500, 1700).toFixed(3)}ms`,
          "memory",
        ),
      );
    evs.push(gcEv(ord, pod, st, oomT + 400, "ERROR", "Terminating due to java.lang.OutOfMemoryError: Java heap space", "memory"));
    const st2: GcState = { n: 0, upStart: restartT };
    evs.push(...gcLines(r, ord, pod, st2, restartT + 12_000, w.end, liveNormal(360)));
  }
  // the leaking pod's own JVM stats: drop normal ones after the leak starts, write the real ones
  const storm0 = leak0 + (oomT - leak0) * 0.78;
  const onLeakPod = (e: Ev): boolean => e.svc === ord.name && e.inst === leakPod && e.prod === "logback";
  const out = evs.filter(
    (e) =>
      !(onLeakPod(e) && e.t >= leak0 && e.t < restartT && e.f?.heap_used_pct !== undefined) &&
      !(onLeakPod(e) && e.req && e.t >= storm0 && e.t < restartT) &&
      !(onLeakPod(e) && e.t >= oomT && e.t < restartT),
  );
  for (let t = leak0 + r.float(0, 60_000); t < oomT; t += 60_000 + r.float(-500, 500)) {
    const live = liveLeak(t);
    const pct = Math.round(((live + (MAX_M - live) * r.float(0.2, 0.7)) / MAX_M) * 1000) / 10;
    const e = ev(
      ord,
      r,
      t,
      {
        msg: `JVM heap: used=${Math.round(pct * 20.48)}MiB committed=2048MiB max=2048MiB`,
        f: { heap_used_pct: pct, _thread: "metrics-reporter" },
        logger: "com.acme.orders.metrics.JvmStatsReporter",
      },
      pct > 78 ? "memory" : null,
    );
    e.inst = leakPod;
    out.push(e);
  }
  // requests served by the leaking pod stall during the GC storm; the gateway sees slowness then 503s while it restarts
  for (const t of poissonTimes(r, storm0, oomT, 3)) {
    const route = pickRoute(r, ord);
    const e = ev(ord, r, t, requestLine(ord, r, route, r.float(2500, 9000), route.m === "POST" ? 201 : 200), "performance");
    e.inst = leakPod;
    out.push(e);
    if (r.chance(0.5))
      out.push(ev(gw, r, t + r.int(5, 40), { msg: `POST /api/orders 201 in ${Math.round(r.float(2600, 9100))}ms upstream=orders` }, "performance"));
  }
  const e = ev(
    ord,
    r,
    oomT - 200,
    {
      msg: "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
      logger: "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
      stack:
        "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat com.acme.orders.cache.OrderHistoryCache.put(OrderHistoryCache.java:61)",
    },
    "memory",
    "ERROR",
  );
  e.inst = leakPod;
  out.push(e);
  for (const t of poissonTimes(r, oomT + 200, restartT + 15_000, 30))
    out.push(ev(gw, r, t, { msg: `upstream=orders status=503 POST /api/orders: no healthy upstream (${leakPod} not ready)`, level: "ERROR" }, "error"));
  let st = restartT;
  for (const line of ord.startup) {
    const s = ev(ord, r, st, line);
    s.inst = leakPod;
    s.f = { _thread: "main" };
    out.push(s);
    st += r.float(200, 2500);
  }
  return finalize(
    r,
    "jvm-gc-leak-storm-oom",
    "Spring services with G1 GC logs as a second stream; one orders pod leaks: heap after GC climbs past 50%, to-space exhausted and full-GC storm, slow requests, OutOfMemoryError, restart and gateway 503s.",
    out,
  );
}
