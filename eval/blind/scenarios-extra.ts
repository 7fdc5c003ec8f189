// More real-incident styles: a Celery worker leak, a bad rolling deploy, a slow identity provider (OpenTelemetry).

import { apiGateway, auth, cart, notifications, orders, search, shipping } from "./catalog-shop.js";
import { customer } from "./ids.js";
import { poissonTimes, scatteredTimes, type Rng } from "./random.js";
import { normalTraffic, windowOf } from "./scen-util.js";
import { MIN } from "./time.js";
import { ev, finalize, fmtMs, type Svc } from "./traffic.js";
import type { Ev, Scenario } from "./types.js";

export function celeryWorker(_r: Rng, name = "billing-worker"): Svc {
  const tasks = ["generate_invoice", "charge_subscription", "sync_tax_rates", "send_dunning_email", "export_ledger"];
  return {
    name,
    prod: "python",
    lang: "python",
    insts: ["billing-worker-1", "billing-worker-2"],
    reqPerMin: 9,
    lat: "duration_ms",
    deps: ["ledger"],
    routes: [
      {
        m: "TASK",
        path: (r) => `billing.tasks.${r.pick(tasks)}[${r.uuid()}]`,
        med: 850,
        sig: 0.5,
        w: 1,
        render: (_r, ms, _st, p) => ({ msg: `Task ${p} succeeded in ${(ms / 1000).toFixed(3)}s: None`, logger: "celery.app.trace" }),
      },
    ],
    bg: [
      { perHour: 200, level: "INFO", logger: "celery.worker.strategy", gen: (r) => `Task billing.tasks.${r.pick(tasks)}[${r.uuid()}] received` },
      {
        perHour: 4,
        level: "WARNING",
        logger: "celery.app.trace",
        gen: (r) => `Task billing.tasks.send_dunning_email[${r.uuid()}] retry: Retry in 60s: SMTPServerDisconnected('Connection unexpectedly closed')`,
      },
    ],
    periodic: [
      { everySec: 300, level: "INFO", logger: "celery.beat", gen: () => "Scheduler: Sending due task sync-exchange-rates (billing.tasks.sync_tax_rates)" },
      {
        everySec: 60,
        level: "INFO",
        logger: "celery.worker.consumer",
        gen: (r) => `heartbeat: queue=billing reserved=${r.int(0, 4)} active=${r.int(0, 4)}`,
        perInstance: true,
      },
    ],
    mem: {
      everySec: 60,
      lo: 22,
      hi: 44,
      render: (p) => ({ msg: `worker pool rss=${Math.round(p * 40.96)}MiB`, f: { memory_percent: p }, logger: "billing.monitoring" }),
    },
    startup: [
      "celery@billing-worker-1 v5.3.6 (emerald-rush) ready.",
      "Connected to redis://redis-billing:6379/0",
      "mingle: searching for neighbors",
      "mingle: all alone",
    ],
    oneOffs: ["Received SIGHUP: reloading task modules (no changes)"],
  };
}

export function celeryLeak(r: Rng): Scenario {
  const wk = celeryWorker(r);
  const svcs = [wk, apiGateway(r, "canonical"), notifications(r, "python"), cart(r, "pino")];
  const w = windowOf(r, r.int(100, 130));
  const host = wk.insts[1]!;
  const l0 = w.start + r.float(0.15, 0.3) * (w.end - w.start);
  const kill = l0 + r.float(40, 60) * MIN;
  const evs = normalTraffic(r, svcs, w, r.int(3600, 4600)).filter(
    (e) => !(e.inst === host && e.f?.memory_percent !== undefined && e.t >= l0 && e.t < kill + MIN),
  );
  // export_ledger keeps every row in memory: rss climbs on one worker host until the kernel kills the pool process
  for (let t = l0 + r.float(0, 60_000); t < kill; t += 60_000 + r.float(-400, 400)) {
    const pct = Math.round((40 + 58 * ((t - l0) / (kill - l0)) ** 1.2 + r.float(-1, 1)) * 10) / 10;
    const e = ev(
      wk,
      r,
      t,
      { msg: `worker pool rss=${Math.round(pct * 40.96)}MiB`, f: { memory_percent: pct }, logger: "billing.monitoring" },
      pct > 55 ? "memory" : null,
    );
    e.inst = host;
    evs.push(e);
  }
  for (const t of scatteredTimes(r, l0 + 0.7 * (kill - l0), kill, r.int(4, 7))) {
    const e = ev(
      wk,
      r,
      t,
      {
        msg: `Task billing.tasks.export_ledger[${r.uuid()}] raised unexpected: MemoryError()`,
        level: "ERROR",
        logger: "celery.app.trace",
        stack:
          'Traceback (most recent call last):\n  File "/app/billing/tasks.py", line 211, in export_ledger\n    rows = list(cursor.fetchall())\nMemoryError',
      },
      "memory",
    );
    e.inst = host;
    evs.push(e);
  }
  const pid = r.int(3000, 9000);
  evs.push({
    t: Math.floor(kill),
    svc: "kernel",
    level: "ERROR",
    prod: "syslog",
    inst: host,
    logger: "kern",
    label: "memory",
    msg: `Out of memory: Killed process ${pid} (celery) total-vm:5123456kB, anon-rss:3998112kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8200kB oom_score_adj:0`,
  });
  const lost = ev(
    wk,
    r,
    kill + 800,
    { msg: `Process 'ForkPoolWorker-3' pid:${pid} exited with 'signal 9 (SIGKILL)'`, level: "ERROR", logger: "celery.concurrency.asynpool" },
    "error",
  );
  lost.inst = host;
  evs.push(lost);
  for (let i = 0; i < r.int(3, 5); i++) {
    const e = ev(
      wk,
      r,
      kill + 1200 + i * r.int(50, 400),
      {
        msg: `Task billing.tasks.${r.pick(["export_ledger", "generate_invoice"])}[${r.uuid()}] raised unexpected: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${r.int(100, 999)}.')`,
        level: "ERROR",
        logger: "celery.app.trace",
      },
      "error",
    );
    e.inst = host;
    evs.push(e);
  }
  return finalize(
    r,
    "celery-worker-memory-leak",
    "A Celery billing worker whose export task keeps rows in memory: memory_percent climbs on one host, MemoryErrors, kernel OOM kill, WorkerLostError.",
    evs,
  );
}

export function badDeploy(r: Rng): Scenario {
  const ord = orders(r, "logback");
  const gw = apiGateway(r, "canonical");
  const svcs = [ord, gw, auth(r, "pino"), search(r, "canonical"), cart(r, "pino")];
  const w = windowOf(r, r.int(90, 120));
  const d0 = w.start + r.float(0.35, 0.55) * (w.end - w.start);
  const evs = normalTraffic(r, svcs, w, r.int(3800, 4800), { startup: false });
  // rolling restart to v2.15.0 (routine start-up lines), then every checkout asks for a flag that does not exist
  let t = d0;
  for (const pod of ord.insts) {
    for (const line of ord.startup) {
      const e = ev(ord, r, t, line.replace("v2.14.3", "v2.15.0"));
      e.inst = pod;
      e.f = { _thread: "main" };
      evs.push(e);
      t += r.float(300, 2500);
    }
    t += r.float(40_000, 70_000);
  }
  for (const t2 of poissonTimes(r, d0 + 30_000, w.end, r.float(3, 4.5))) {
    const e = ev(
      ord,
      r,
      t2,
      {
        msg: "Feature flag 'checkout.v3' not found in flagd (FLAG_NOT_FOUND), falling back to default=false",
        level: "WARNING",
        logger: "dev.openfeature.sdk.OpenFeatureClient",
      },
      "pattern",
    );
    evs.push(e);
    if (r.chance(0.35)) {
      evs.push(
        ev(
          ord,
          r,
          t2 + r.int(2, 15),
          {
            msg: "Validation failed for argument [0] in public org.springframework.http.ResponseEntity<com.acme.orders.web.OrderResponse> com.acme.orders.web.OrderController.create(com.acme.orders.web.OrderRequest): [Field error in object 'orderRequest' on field 'shippingMethod': rejected value [null]; codes [NotNull.orderRequest.shippingMethod]; default message [must not be null]]",
            level: "WARNING",
            logger: "org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver",
          },
          "error",
        ),
      );
    }
  }
  return finalize(
    r,
    "rolling-deploy-missing-flag-regression",
    "A rolling deploy of orders v2.15.0 mid-window (routine start-up lines); afterwards every checkout warns about a missing feature flag and a third fail validation on a new required field.",
    evs,
  );
}

export function otelIdpSlow(r: Rng): Scenario {
  const a = auth(r, "otel");
  a.lang = "java";
  a.lat = "text";
  a.tracing = true;
  const idpNormal = (r: Rng): string => `OIDC token exchange with idp login.acme-idp.com took ${fmtMs(r.logNormal(180, 0.35))}`;
  a.bg.push({ perHour: 70, level: "INFO", gen: idpNormal });
  const gw = apiGateway(r, "otel", "edge-gateway");
  gw.tracing = true;
  const ship = shipping(r, "otel");
  const ord = orders(r, "otel");
  ord.lat = "text";
  ord.tracing = true;
  const svcs = [a, gw, ship, ord, search(r, "canonical")];
  const w = windowOf(r, r.int(90, 120));
  const s0 = w.start + r.float(0.25, 0.5) * (w.end - w.start);
  const s1 = Math.min(w.end - 2 * MIN, s0 + r.float(20, 35) * MIN);
  // while the IdP is slow, every token exchange is slow: the normal-latency ones are replaced below
  const evs = normalTraffic(r, svcs, w, r.int(3200, 4200)).filter(
    (e) => !(e.svc === a.name && e.msg.startsWith("OIDC token exchange") && e.t >= s0 && e.t < s1),
  );
  // the external identity provider answers slowly; logins through auth stall, some time out at 10 s
  for (const t of poissonTimes(r, s0, s1, r.float(3, 5))) {
    const ms = r.logNormal(6500, 0.3);
    const timedOut = ms > 10_000;
    const trace = { trace_id: r.hex(32) };
    evs.push(
      ev(
        a,
        r,
        t,
        timedOut
          ? {
              msg: "OIDC token exchange with idp login.acme-idp.com timed out after 10000ms",
              level: "ERROR",
              f: { ...trace, span_id: r.hex(16), "peer.service": "acme-idp" },
            }
          : {
              msg: `OIDC token exchange with idp login.acme-idp.com took ${fmtMs(ms)}`,
              level: "WARNING",
              f: { ...trace, span_id: r.hex(16), "peer.service": "acme-idp" },
            },
        "performance",
      ),
    );
    evs.push(
      ev(
        gw,
        r,
        t + Math.min(ms, 10_000) + r.int(5, 60),
        timedOut
          ? {
              msg: `POST /api/auth/login 504 in ${10_000 + r.int(20, 90)}ms upstream=auth`,
              level: "ERROR",
              f: { ...trace, span_id: r.hex(16), user_id: customer(r) },
            }
          : { msg: `POST /api/auth/login 200 in ${fmtMs(ms + r.float(20, 80))}`, level: "INFO", f: { ...trace, span_id: r.hex(16) } },
        "performance",
      ),
    );
  }
  return finalize(
    r,
    "otel-idp-slow-logins",
    "OpenTelemetry-exported logs (severity_text, body, service_name, epoch µs) for five services; the external identity provider slows down for 20-35 minutes and logins stall or time out.",
    evs as Ev[],
  );
}
