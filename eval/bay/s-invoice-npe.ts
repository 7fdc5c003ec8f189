/**
 * deploy-invoice-npe: orders-service 3.14.0 rolls out partway into the window; from then on
 * every call to GET /api/orders/{id}/invoice throws the same NullPointerException (a tax
 * profile the new code expects and old orders lack), logged with its stack trace, and
 * shop-edge logs each 500. Every other route stays healthy. Earlier, a customer order-history
 * query is slow for a few requests while a reporting export holds the table.
 */
import { edgeLine, rollout } from "./common.js";
import { logback, pino, pinoHttp } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "deploy-invoice-npe";

export function deployInvoiceNpe(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-04-06", 8);
  const end = start + 3 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);

  // ── the rollout of orders-service 3.14.0 ────────────────────────────────────────────────────
  const oldPod = rng.pod("orders-service");
  const newPod = rng.pod("orders-service");
  const deployAt = tl.at(rng.float(0.35, 0.55));
  const node = `ip-10-30-${rng.int(1, 40)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const events = rollout(rng, deployAt, "shop", "orders-service", "registry.acme.io/shop/orders-service:3.14.0", oldPod, newPod, node);
  for (const [t, e] of events) tl.add(t, e);
  const readyAt = (events[5]?.[0] ?? deployAt) + rng.int(12, 18) * SECOND;
  const switchAt = (events[6]?.[0] ?? readyAt) + 500;
  const oldSrc = { app: "orders-service", host: oldPod };
  const newSrc = { app: "orders-service", host: newPod };
  tl.add(
    readyAt - 300,
    logback(
      readyAt - 300,
      newSrc,
      "INFO",
      "com.acme.orders.OrdersApplication",
      "main",
      `Started OrdersApplication in ${rng.float(11, 17).toFixed(3)} seconds (process running for ${rng.float(13, 19).toFixed(3)})`,
    ),
  );
  tl.add(
    readyAt,
    logback(readyAt, newSrc, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "main", "Tomcat started on port 8080 (http) with context path ''"),
  );
  tl.add(
    switchAt - 200,
    logback(
      switchAt - 200,
      oldSrc,
      "INFO",
      "o.s.b.w.e.tomcat.GracefulShutdown",
      "tomcat-shutdown",
      "Commencing graceful shutdown. Waiting for active requests to complete",
    ),
  );
  tl.add(switchAt + 100, logback(switchAt + 100, oldSrc, "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "tomcat-shutdown", "Graceful shutdown complete"));
  const srcAt = (t: number) => (t < switchAt ? oldSrc : newSrc);

  // ── orders-service requests (one access line per request, from its filter) and shop-edge ──
  const up = `10.30.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`;
  const slowFrom = tl.at(rng.float(0.12, 0.25));
  const slowTo = slowFrom + rng.int(4, 7) * MINUTE;
  const npeTrace = (orderId: number): string =>
    [
      `java.lang.NullPointerException: Cannot invoke "com.acme.orders.billing.TaxProfile.getRegion()" because "profile" is null`,
      "\tat com.acme.orders.billing.InvoiceRenderer.taxLines(InvoiceRenderer.java:142)",
      "\tat com.acme.orders.billing.InvoiceRenderer.render(InvoiceRenderer.java:87)",
      "\tat com.acme.orders.api.InvoiceController.invoice(InvoiceController.java:51)",
      "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
      "\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
      "\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
      "\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
      "\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:138)",
      `\t... 48 common frames omitted (order ${orderId})`,
    ].join("\n");
  const routes: (readonly [string, number])[] = [
    ["GET /api/orders/<id>", 55],
    ["GET /api/orders?customer=<c>", 18],
    ["POST /api/orders", 20],
    ["GET /api/orders/<id>/invoice", rng.float(7, 10)],
  ];
  const medians: Record<string, number> = {
    "GET /api/orders/<id>": 38,
    "GET /api/orders?customer=<c>": 95,
    "POST /api/orders": 140,
    "GET /api/orders/<id>/invoice": 85,
  };
  for (const t of arrivals(rng, start, end, 4.4, swell(start, end, 0.25, rng.float(0, 6)), 1.25)) {
    const route = rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    const orderId = rng.int(4100000, 4999999);
    const uri = path.replace("<id>", String(orderId)).replace("<c>", String(rng.int(100000, 999999)));
    const thread = `http-nio-8080-exec-${rng.int(1, 40)}`;
    let took = rng.logNormal(medians[route] ?? 50, 0.35);
    let status = method === "POST" ? 201 : path.endsWith("<id>") && rng.chance(0.02) ? 404 : 200;
    let label: AnomalyType | null = null;
    const src = srcAt(t);
    if (route.endsWith("/invoice") && t >= switchAt) {
      took = rng.logNormal(24, 0.3);
      status = 500;
      label = "error";
      tl.add(
        t + Math.round(took) - 1,
        logback(
          t + Math.round(took) - 1,
          src,
          "ERROR",
          "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
          thread,
          'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke "com.acme.orders.billing.TaxProfile.getRegion()" because "profile" is null] with root cause',
          { traceId: rng.hex(32), orderId },
          npeTrace(orderId),
        ),
        "error",
      );
    } else if (route.includes("customer") && t >= slowFrom && t < slowTo) {
      took = rng.logNormal(6200, 0.3);
      label = "performance";
    }
    const d = t + Math.round(took);
    tl.add(
      d,
      logback(
        d,
        src,
        status >= 500 ? "ERROR" : "INFO",
        "com.acme.orders.web.AccessLogFilter",
        thread,
        `${method} ${uri} -> ${status} in ${Math.round(took)} ms`,
        {
          http_method: method,
          status_code: status,
          duration_ms: Math.round(took),
        },
      ),
      label,
    );
    const [e, entry] = edgeLine(rng, t - 2, "shop-edge", method, uri, status, took + 3, up);
    tl.add(e, entry, label);
  }

  // ── orders-service: the outbox relay every minute ───────────────────────────────────────────
  for (const t of ticks(rng, start, end, MINUTE, 2 * SECOND)) {
    if (Math.abs(t - switchAt) < 20 * SECOND) continue;
    tl.add(
      t,
      logback(t, srcAt(t), "INFO", "com.acme.orders.outbox.OutboxRelay", "scheduling-1", `Outbox relay published ${rng.int(0, 40)} events to orders.events`),
    );
  }

  // ── catalog-service (Node, pino-http) behind the same edge ──────────────────────────────────
  const cat = [0, 1].map(() => ({ name: "catalog-service", hostname: rng.pod("catalog-service"), pid: 1 }));
  const catUp = `10.30.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  for (const t of arrivals(rng, start, end, 3.6, swell(start, end, 0.25, rng.float(0, 6)), 1.25)) {
    const uri = rng.chance(0.7) ? `/api/products/${rng.int(10000, 99999)}` : `/api/categories/${rng.pick(["shoes", "outdoor", "kitchen", "garden", "toys"])}`;
    const status = rng.chance(0.025) ? 404 : 200;
    const took = rng.logNormal(22, 0.45);
    const d = t + Math.round(took);
    tl.add(d, pinoHttp(d, rng.pick(cat), { id: rng.uuid(), method: "GET", url: uri, remoteAddress: `::ffff:10.30.0.${rng.int(2, 250)}` }, status, took));
    const [e, entry] = edgeLine(rng, t - 2, "shop-edge", "GET", uri, status, took + 2, catUp);
    tl.add(e, entry);
  }
  for (const t of ticks(rng, start, end, 10 * MINUTE, 20 * SECOND)) {
    tl.add(t, pino(t, rng.pick(cat), "info", "price cache refreshed", { entries: rng.int(48000, 52000), durationMs: rng.int(300, 900) }));
    if (rng.chance(0.2)) tl.add(t + 40, pino(t + 40, rng.pick(cat), "warn", "image CDN slow to answer HEAD, retrying once", { host: "img.acme-cdn.net" }));
  }

  // ── shop-edge: the load balancer's health checks ────────────────────────────────────────────
  for (const t of ticks(rng, start, end, 30 * SECOND, 300)) {
    const [e, entry] = edgeLine(rng, t, "shop-edge", "GET", "/healthz", 200, rng.float(0.4, 2), catUp);
    entry.http_user_agent = "ELB-HealthChecker/2.0";
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "after the orders-service 3.14.0 rollout every invoice request throws the same NullPointerException and shop-edge logs each 500; earlier a few order-history queries are slow",
  );
}
