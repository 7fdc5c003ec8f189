// Incidents that do not start inside the window: a JVM already leaking when the window opens, and
// a DNS outage that makes most of the window anomalous. Plus a legacy billing batch whose ERROR
// and FATAL lines are everyday noise, with the real alerts a line type otherwise absent.

import type { Scenario } from "../blind/types.js";
import { ecs, iso, k8s, log4j2, logstash, MIN, pod, pyjson, rng, Timeline, times, uuid, weighted, windowStart, zap } from "./kit.js";

export function orderHistoryLeakFromStart(seed: number): Scenario {
  const name = "order-history-leak-from-first-minute";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 90 * MIN;
  const tl = new Timeline();
  const hist = pod(r, "order-history", "orders");
  const acct = pod(r, "account-svc", "orders");
  const gcPath = "/var/log/app/gc.log";
  let gcN = r.int(1200, 3000);
  const up0 = r.int(80_000, 200_000);
  const gc = (s: typeof hist, t: number, text: string) =>
    ecs(s, t, gcPath, `[${new Date(t).toISOString().replace("Z", "+0000")}][${((up0 + t - t0) / 1000).toFixed(3)}s][info][gc] GC(${gcN++}) ${text}`);

  // The leaking JVM: heap near its 4 GB max from the first minute, full collections reclaiming almost nothing.
  for (let t = t0 + r.int(2000, 9000); t < t1 - 60_000; t += r.int(25_000, 45_000)) {
    const frac = Math.min(0.995, 0.9 + (0.09 * (t - t0)) / (t1 - t0));
    const before = Math.round(4096 * frac);
    const after = before - r.int(3, 40);
    tl.add(t, gc(hist, t, `Pause Full (G1 Compaction Pause) ${before}M->${after}M(4096M) ${(900 + r.next() * 2600).toFixed(3)}ms`), "memory");
    const ty = t + r.int(4000, 12000);
    tl.add(ty, gc(hist, ty, `To-space exhausted`), "memory");
    tl.add(
      ty + 1,
      gc(hist, ty + 1, `Pause Young (Normal) (G1 Evacuation Pause) ${after + 20}M->${after + 12}M(4096M) ${(150 + r.next() * 300).toFixed(3)}ms`),
      "memory",
    );
    const ts = t + r.int(1000, 5000);
    tl.add(
      ts,
      logstash(hist, ts, "warn", "c.a.orders.HeapWatchdog", "heap-watchdog", "Heap usage above threshold", {
        heap_used_pct: Number((frac * 100).toFixed(1)),
        heap_used_mb: before,
        heap_max_mb: 4096,
      }),
      "memory",
    );
  }
  // The healthy JVM next to it.
  for (let t = t0 + r.int(1000, 9000); t < t1; t += r.int(20_000, 60_000)) {
    const before = r.int(900, 1500);
    tl.add(t, gc(acct, t, `Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${r.int(180, 320)}M(2048M) ${(3 + r.next() * 9).toFixed(3)}ms`));
  }
  // Requests: the leaking service's are often stuck behind collections.
  const tEnd = t1 - r.int(20_000, 50_000);
  for (const t of times(r, r.int(3300, 3800), t0, tEnd)) {
    if (r.chance(0.55)) {
      const stalled = r.chance(0.3);
      const ms = stalled ? 1500 + r.next() * 4000 : r.logn(40, 0.35);
      tl.add(
        t,
        logstash(hist, t, "info", "c.a.orders.HistoryController", `http-nio-8080-exec-${r.int(1, 50)}`, "Served order history", {
          customerId: r.int(1, 700000),
          orders: r.int(0, 300),
          duration_ms: Math.round(ms),
        }),
        stalled ? "performance" : null,
      );
    } else {
      tl.add(
        t,
        logstash(acct, t, "info", "c.a.account.ProfileController", `http-nio-8080-exec-${r.int(1, 50)}`, "Served profile", {
          customerId: r.int(1, 700000),
          duration_ms: Math.round(r.logn(25, 0.3)),
        }),
      );
    }
  }
  tl.add(
    tEnd + 100,
    logstash(
      hist,
      tEnd + 100,
      "error",
      "o.a.c.c.C.[Tomcat].[localhost].[/].[dispatcherServlet]",
      "http-nio-8080-exec-17",
      "Servlet.service() for servlet [dispatcherServlet] threw exception",
      {},
      "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat com.acme.orders.HistoryAssembler.assemble(HistoryAssembler.java:64)",
    ),
    "memory",
  );
  tl.add(tEnd + 900, k8s(hist, tEnd + 900, "Terminating due to java.lang.OutOfMemoryError: Java heap space", {}, "stderr"), "memory");
  return tl.scenario(
    name,
    "A Java service whose heap is already above 90% when the window opens: full GCs reclaiming nothing and stalled requests from the first minute, then an OutOfMemoryError",
  );
}

export function clusterDnsOutageMostly(seed: number): Scenario {
  const name = "cluster-dns-outage-mostly-anomalous";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 40 * MIN;
  const outage = t0 + r.int(2, 4) * MIN;
  const tl = new Timeline();
  const dns = pod(r, "coredns", "kube-system");
  const orders = pod(r, "orders", "shop");
  const edge = pod(r, "istio-ingressgateway", "istio-system");
  const statics = pod(r, "static-site", "shop");

  const envoy = (t: number, code: number, flags: string, ms: number, path: string, up: string) => {
    const line = `[${iso(t - ms)}] "GET ${path} HTTP/1.1" ${code} ${flags} via_upstream - "-" 0 ${code === 200 ? r.int(300, 9000) : 19} ${ms} ${code === 200 ? ms - 1 : "-"} "${r.ip("81.")}" "${r.pick(["okhttp/4.12.0", "Mozilla/5.0"])}" "${uuid(r)}" "shop.example.com" "${up}"`;
    return k8s(edge, t, line);
  };
  const n = r.int(4200, 4700);
  for (const t of times(r, n, t0, t1)) {
    const down = t > outage;
    const kind = weighted(r, [
      [35, "dns"],
      [30, "orders"],
      [25, "edge"],
      [6, "static"],
      [4, "probe"],
    ] as const);
    if (kind === "static") tl.add(t, k8s(statics, t, `${r.ip("10.1.")} - - "GET /assets/${r.hex(8)}.css HTTP/1.1" 200 ${r.int(2000, 40000)}`));
    else if (kind === "probe") tl.add(t, zap(orders, t, "info", "health/probe.go:22", "liveness ok", { uptime_s: Math.round((t - t0) / 1000) + 86400 }));
    else if (kind === "dns") {
      const q = r.pick(["orders-db.shop.svc.cluster.local.", "payments.shop.svc.cluster.local.", "api.stripe.com.", "sqs.eu-west-1.amazonaws.com."]);
      if (!down)
        tl.add(
          t,
          k8s(
            dns,
            t,
            `[INFO] ${r.ip("10.1.")}:${r.int(30000, 60000)} - ${r.int(1000, 65000)} "A IN ${q} udp ${r.int(60, 90)} false 1232" NOERROR qr,aa,rd ${r.int(80, 300)} 0.000${r.int(100, 999)}s`,
          ),
        );
      else if (r.chance(0.55))
        tl.add(t, k8s(dns, t, `[ERROR] plugin/errors: 2 ${q} A: read udp ${r.ip("10.1.")}:${r.int(30000, 60000)}->10.0.0.2:53: i/o timeout`), "error");
      else
        tl.add(
          t,
          k8s(
            dns,
            t,
            `[INFO] ${r.ip("10.1.")}:${r.int(30000, 60000)} - ${r.int(1000, 65000)} "A IN ${q} udp ${r.int(60, 90)} false 1232" SERVFAIL qr,rd ${r.int(40, 90)} 2.00${r.int(1, 9)}${r.int(100, 999)}s`,
          ),
          "error",
        );
    } else if (kind === "orders") {
      if (!down)
        tl.add(t, zap(orders, t, "info", "api/orders.go:118", "order fetched", { order_id: uuid(r), latency_ms: Number(r.logn(22, 0.35).toFixed(2)) }));
      else
        tl.add(
          t,
          zap(orders, t, "error", "store/pg.go:61", "query failed", {
            error: `failed to connect to \`host=orders-db.shop.svc.cluster.local user=orders database=orders\`: hostname resolving error (lookup orders-db.shop.svc.cluster.local on 10.96.0.10:53: server misbehaving)`,
            order_id: uuid(r),
          }),
          "error",
        );
    } else {
      const path = `/api/orders/${r.int(10000, 99999)}`;
      if (!down) tl.add(t, envoy(t, 200, "-", Math.round(r.logn(30, 0.35)), path, "10.1.4.17:8080"));
      else if (r.chance(0.7)) tl.add(t, envoy(t, 503, "URX", r.int(2, 40), path, "10.1.4.17:8080"), "error");
      else tl.add(t, envoy(t, 504, "UT", 15000 + r.int(0, 9), path, "10.1.4.17:8080"), "performance");
    }
  }
  return tl.scenario(
    name,
    "Upstream DNS stops answering two to four minutes in: CoreDNS timeouts and SERVFAILs, every database lookup failing and the gateway's 503s and 504s fill most of the window",
  );
}

export function billingRoutineFatalNoise(seed: number): Scenario {
  const name = "billing-routine-fatal-noise";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 180 * MIN;
  const tl = new Timeline();
  const bill = pod(r, "legacy-billing", "billing");
  const mail = pod(r, "invoice-mailer", "billing");
  const audit = pod(r, "audit-trail", "billing");
  const customers = () => `C${r.int(1000000, 9999999)}`;

  // Real alerts: the tablespace filling up (never seen before in this log), and the audit retention zeroed.
  const tOra = t0 + Math.round((0.45 + r.next() * 0.35) * 180 * MIN);
  for (const t of times(r, r.int(6, 9), tOra, t1)) {
    tl.add(
      t,
      log4j2(bill, t, "ERROR", "com.acme.billing.batch.InvoiceRun", "invoice-run-3", `Invoice batch aborted after ${r.int(120, 3400)} of 5000 invoices`, {
        name: "java.sql.SQLException",
        message: "ORA-01653: unable to extend table BILLING.INVOICE_LINES by 8192 in tablespace BILLING_DATA",
        frames: ["oracle.jdbc.driver.T4CTTIoer11.processError", "com.acme.billing.batch.InvoiceLineWriter.flush", "com.acme.billing.batch.InvoiceRun.run"],
      }),
      "error",
    );
  }
  const tAud = t0 + r.int(20, 170) * MIN;
  tl.add(
    tAud,
    pyjson(audit, tAud, "info", "audit.settings", "Retention policy changed", {
      actor: "svc-deploy",
      old_retention_days: 2555,
      new_retention_days: 0,
      source_ip: r.ip("172.31."),
    }),
    "pattern",
  );
  const tPurge = tAud + r.int(3000, 20000);
  tl.add(
    tPurge,
    pyjson(audit, tPurge, "info", "audit.purge", "Purged audit records older than retention", { purged: r.int(4_000_000, 9_000_000), retention_days: 0 }),
    "pattern",
  );

  const n = r.int(3700, 4200) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    const line = weighted(r, [
      [
        45,
        () =>
          log4j2(
            bill,
            t,
            "INFO",
            "com.acme.billing.batch.InvoiceRun",
            `invoice-run-${r.int(1, 4)}`,
            `Rendered invoice INV-${r.int(10000000, 99999999)} for ${customers()}`,
          ),
      ],
      [
        8,
        () =>
          log4j2(
            bill,
            t,
            "FATAL",
            "com.acme.billing.render.TemplateResolver",
            `invoice-run-${r.int(1, 4)}`,
            `Template invoice_${r.pick(["fr_CA", "de_AT", "pt_BR", "nl_BE"])}.ftl not found, falling back to invoice_en_US.ftl`,
          ),
      ],
      [6, () => log4j2(bill, t, "ERROR", "com.acme.billing.fx.RateCache", "fx-refresh", `Currency rate cache stale by ${r.int(61, 190)}s, refreshing`)],
      [
        4,
        () =>
          log4j2(
            bill,
            t,
            "ERROR",
            "com.acme.billing.tax.VatLookup",
            `invoice-run-${r.int(1, 4)}`,
            `VIES lookup failed for ${customers()}, using cached VAT status`,
            {
              name: "java.net.SocketTimeoutException",
              message: "Read timed out",
              frames: ["java.net.SocketInputStream.socketRead0", "com.acme.billing.tax.ViesClient.check"],
            },
          ),
      ],
      [
        25,
        () =>
          pyjson(mail, t, "info", "mailer.smtp", "Invoice mailed", {
            customer: customers(),
            relay: "smtp-relay-2",
            msg_id: `<${r.hex(16)}@billing.acme.example>`,
          }),
      ],
      [6, () => pyjson(mail, t, "fatal", "mailer.smtp", "SMTP relay greylisted message, will retry in 300s", { customer: customers(), smtp_code: 451 })],
      [
        6,
        () =>
          pyjson(audit, t, "info", "audit.write", "Audit record stored", {
            actor: `user-${r.int(1, 300)}`,
            action: r.pick(["invoice.view", "invoice.resend", "customer.update"]),
          }),
      ],
    ] as const)();
    tl.add(t, line);
  }
  return tl.scenario(
    name,
    "Legacy billing whose FATAL and ERROR lines and the mailer's CRITICAL greylisting are daily noise; the real alerts are a tablespace filling and audit retention set to zero",
  );
}
