// Web application incidents: Rails/Puma, Django/gunicorn, Laravel/PHP-FPM and ASP.NET, each in
// the JSON its framework's usual logging setup writes.

import type { Scenario } from "../blind/types.js";
import { arrivals, baseTime, HOUR, Incident, iso, isoPy, MIN, Rng, round, SEC, ticks } from "./kit.js";

interface Endpoint {
  method: string;
  path: (r: Rng) => string;
  action: string;
  median: number; // ms
  weight: number;
  locks?: boolean; // touches the table the incident is about
}

/**
 * Rails storefront behind Puma, lograge in its Logstash format, plus Sidekiq's JSON lines. Two
 * hours, the first 70 minutes ordinary; then a long-running reconciliation holds row locks on
 * inventory reservations and the requests that touch them slow down little by little, until
 * the last minutes end in lock wait timeouts.
 */
export function railsLockWaitCreep(seed: number): Scenario {
  const r = new Rng(seed, "rails-lock-wait-creep");
  const inc = new Incident();
  const t0 = baseTime(seed, 13);
  const end = t0 + 2 * HOUR;
  const onset = t0 + 70 * MIN + r.int(0, 5) * MIN;
  const hosts = ["web-1", "web-2", "web-3", "web-4"];
  const id = () => String(r.int(100000, 999999));
  const endpoints: Endpoint[] = [
    { method: "GET", path: () => "/", action: "HomeController#index", median: 42, weight: 12 },
    {
      method: "GET",
      path: () => `/products/${r.pick(["linen-shirt", "oak-desk", "trail-runner-2", "mug-set", "wool-beanie", "desk-lamp"])}-${r.int(10, 999)}`,
      action: "ProductsController#show",
      median: 65,
      weight: 30,
    },
    {
      method: "GET",
      path: () => `/search?q=${r.pick(["shoes", "lamp", "desk", "gift", "rain+jacket", "socks"])}`,
      action: "SearchController#index",
      median: 120,
      weight: 10,
    },
    { method: "GET", path: () => "/cart", action: "CartsController#show", median: 38, weight: 10 },
    { method: "POST", path: () => "/cart/items", action: "CartItemsController#create", median: 55, weight: 7, locks: true },
    { method: "GET", path: () => `/orders/${id()}`, action: "OrdersController#show", median: 48, weight: 6, locks: true },
    { method: "POST", path: () => "/checkout/confirm", action: "CheckoutsController#confirm", median: 210, weight: 4, locks: true },
    { method: "GET", path: () => "/account", action: "AccountsController#show", median: 35, weight: 5 },
    { method: "GET", path: () => "/up", action: "Rails::HealthController#show", median: 2, weight: 8 },
    { method: "GET", path: () => `/api/v2/stock/${id()}`, action: "Api::V2::StockController#show", median: 18, weight: 6, locks: true },
  ];
  const weights = endpoints.map((e) => [e, e.weight] as const);
  for (const t of arrivals(r, t0, end, () => 0.33, 0.33)) {
    const ep = r.weighted(weights);
    const host = r.pick(hosts);
    const normal = r.logn(ep.median, 0.45);
    let duration = normal;
    let status = ep.method === "POST" && ep.action.startsWith("CartItems") && r.chance(0.03) ? 422 : 200;
    if (ep.path === endpoints[5]!.path && r.chance(0.02)) status = 404;
    let label: "performance" | null = null;
    let extra: Record<string, unknown> = {};
    if (ep.locks && t > onset) {
      const progress = (t - onset) / (end - onset); // 0 → 1 over the rest of the window
      const wait = ep.median * 60 * progress ** 2 * r.logn(1, 0.35);
      duration = normal + wait;
      if (progress > 0.85 && r.chance(0.35)) {
        duration = 50000 + r.logn(300, 0.5);
        status = 500;
        extra = { exception: ["ActiveRecord::LockWaitTimeout", "Mysql2::Error::TimeoutError: Lock wait timeout exceeded; try restarting transaction"] };
        label = "performance"; // the request failed because it waited too long
      } else if (duration > ep.median * 5) label = "performance";
    }
    const db = duration * r.pick([0.4, 0.5, 0.6]);
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        "@version": "1",
        level: status >= 500 ? "ERROR" : "INFO",
        service: "storefront-web",
        host,
        message: `[${status}] ${ep.method} ${ep.path(r)} (${ep.action})`,
        method: ep.method,
        controller: ep.action.split("#")[0],
        action: ep.action.split("#")[1],
        status,
        duration: round(duration, 2),
        view: round(Math.max(0.1, duration - db) * 0.7, 2),
        db: round(db, 2),
        request_id: r.uuid(),
        remote_ip: r.ip("10.42."),
        ...extra,
      },
      label,
    );
  }
  // Sidekiq: start/done pairs for ordinary jobs; the reconciliation job starts at the onset.
  const jobs = [
    ["OrderConfirmationMailerJob", 0.35],
    ["SearchIndexJob", 0.8],
    ["AbandonedCartReminderJob", 1.2],
    ["ImageVariantJob", 2.1],
    ["WebhookDeliveryJob", 0.25],
  ] as const;
  const sidekiq = (t: number, lvl: string, msg: string, ctx: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    inc.add(t, { ts: iso(t), pid: 7, tid: r.alnum(4).toLowerCase(), lvl, msg, service: "storefront-sidekiq", ctx, ...extra });
  for (const t of arrivals(r, t0, end, () => 0.07, 0.07)) {
    const [cls, med] = r.pick(jobs);
    const jid = r.hex(24);
    const elapsed = r.logn(med, 0.5);
    sidekiq(t, "INFO", "start", { class: cls, jid });
    if (cls === "WebhookDeliveryJob" && r.chance(0.04)) {
      sidekiq(t + elapsed * SEC, "WARN", "Net::ReadTimeout: Net::ReadTimeout with #<TCPSocket:(closed)>", { class: cls, jid }, { retry_count: r.int(0, 3) });
      sidekiq(t + elapsed * SEC + 1, "INFO", "fail", { class: cls, jid, elapsed: round(elapsed, 3) });
    } else sidekiq(t + elapsed * SEC, "INFO", "done", { class: cls, jid, elapsed: round(elapsed, 3) });
  }
  const jid = r.hex(24);
  sidekiq(onset - 40 * SEC, "INFO", "start", { class: "InventoryReconcileJob", jid, args: [{ warehouse: "ams-1", full: true }] });
  for (const t of ticks(r, t0, end, 30 * SEC)) {
    const running = r.int(1, 4);
    inc.add(t, {
      ts: iso(t),
      lvl: "INFO",
      service: "storefront-web",
      msg: `Puma stats: workers=4 booted_workers=4 running=${running} max_threads=5 pool_capacity=${5 - running} backlog=0 requests_count=${r.int(20000, 90000)}`,
    });
  }
  return inc.finish(
    "rails-lock-wait-creep",
    "Rails storefront: a reconciliation job holds inventory row locks and the requests that touch them slow down gradually, ending in lock wait timeouts",
  );
}

/**
 * Django behind gunicorn, python-json-logger lines. An export endpoint starts loading whole
 * querysets into memory after a release; gunicorn workers are killed by the OOM killer, which
 * gunicorn only reports in words, and nginx in front answers 502 for the requests they held.
 */
export function djangoWorkerOomKills(seed: number): Scenario {
  const r = new Rng(seed, "django-worker-oom-kills");
  const inc = new Incident();
  const t0 = baseTime(seed, 9);
  const end = t0 + 90 * MIN;
  const release = t0 + 38 * MIN + r.int(0, 8) * MIN;
  const paths = [
    ["/api/v1/invoices/", 85, 25],
    ["/api/v1/invoices/<id>/", 40, 20],
    ["/api/v1/customers/<id>/", 30, 15],
    ["/api/v1/reports/summary/", 260, 6],
    ["/healthz", 3, 14],
    ["/api/v1/auth/token/refresh/", 22, 10],
    ["/admin/billing/invoice/", 180, 2],
    ["/api/v1/exports/csv/", 900, 2],
  ] as const;
  let pid = 4100 + r.int(0, 400);
  const workers = [pid, pid + 1, pid + 2, pid + 3];
  const py = (
    t: number,
    levelname: string,
    name: string,
    message: string,
    extra: Record<string, unknown> = {},
    label: "memory" | "error" | "performance" | null = null,
  ) => inc.add(t, { timestamp: isoPy(t), levelname, name, service: "billing-api", message, ...extra }, label);
  const nginx = (t: number, path: string, status: number, rt: number, label: "error" | null = null) =>
    inc.add(
      t,
      {
        time: iso(t),
        service: "billing-nginx",
        level: status >= 500 ? "error" : "info",
        message: `${r.pick(["GET", "GET", "POST"])} ${path} ${status}`,
        status,
        request_time: round(rt / 1000, 3),
        upstream_addr: "127.0.0.1:8000",
        remote_addr: r.ip("172.20."),
        http_user_agent: r.pick(["billing-web/4.2", "python-requests/2.31.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15"]),
      },
      label,
    );
  const killTimes: number[] = [];
  for (let t = release + r.int(3, 6) * MIN; t < end; t += r.int(4, 9) * MIN) killTimes.push(t);
  for (const t of arrivals(r, t0, end, () => 0.42, 0.42)) {
    const [tpl, med] = r.weighted(paths.map((p) => [p, p[2]] as const));
    const path = tpl.replace("<id>", String(r.int(1000, 99999)));
    const worker = r.pick(workers);
    const ms = r.logn(med, 0.5);
    const nearKill = killTimes.some((k) => t > k - 20 * SEC && t <= k);
    if (nearKill && r.chance(0.5)) {
      nginx(t, path, 502, ms, "error");
      inc.add(
        t,
        {
          time: iso(t),
          service: "billing-nginx",
          level: "error",
          message: `upstream prematurely closed connection while reading response header from upstream, client: ${r.ip("172.20.")}, server: billing.internal, request: "GET ${path} HTTP/1.1", upstream: "http://127.0.0.1:8000${path}"`,
        },
        "error",
      );
      continue;
    }
    py(t, "INFO", "django.server", `"${tpl.includes("token") ? "POST" : "GET"} ${path} HTTP/1.1" 200 ${r.int(200, 40000)}`, {
      status_code: 200,
      duration_ms: round(ms, 1),
      pid: worker,
      request_id: r.hex(32),
    });
    nginx(t + ms, path, 200, ms + r.logn(1, 0.3));
    if (r.chance(0.02)) py(t + 2, "WARNING", "django.request", `Not Found: ${path}x`, { status_code: 404, pid: worker });
  }
  // Routine: celery beat heartbeat and cache warnings.
  for (const t of ticks(r, t0, end, 60 * SEC, 800))
    py(t, "INFO", "celery.beat", "Scheduler: Sending due task refresh-exchange-rates (billing.tasks.refresh_exchange_rates)");
  for (const t of ticks(r, t0, end, 7 * MIN, 20 * SEC))
    py(t, "WARNING", "django.security.csrf", "Forbidden (CSRF token missing.): /admin/login/", { status_code: 403 });
  py(release, "INFO", "gunicorn.error", "Handling signal: hup");
  py(release + 200, "INFO", "gunicorn.error", "Hang up: Master");
  for (const k of killTimes) {
    const victim = r.pick(workers);
    const rss = r.int(1850, 2010);
    py(
      k - 6 * SEC,
      "WARNING",
      "billing.exports",
      `Export of ${r.int(180, 420)}k invoice rows built in memory (rss ${rss - r.int(300, 600)} MB)`,
      { pid: victim },
      "memory",
    );
    py(k, "ERROR", "gunicorn.error", `Worker (pid:${victim}) was sent SIGKILL! Perhaps out of memory?`, {}, "memory");
    inc.add(
      k + 40,
      {
        timestamp: iso(k + 40),
        level: "ERROR",
        service: "kernel",
        message: `Out of memory: Killed process ${victim} (gunicorn) total-vm:${r.int(2300000, 2600000)}kB, anon-rss:${rss * 1024}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:${r.int(4000, 5000)}kB oom_score_adj:0`,
      },
      "memory",
    );
    pid += 1 + r.int(0, 40);
    workers[workers.indexOf(victim)] = pid;
    py(k + 900, "INFO", "gunicorn.error", `Booting worker with pid: ${pid}`);
  }
  return inc.finish(
    "django-worker-oom-kills",
    "Django billing API under gunicorn: after a reload an export builds huge querysets in memory and workers are OOM-killed, nginx answering 502 meanwhile",
  );
}

/**
 * Laravel on PHP-FPM, Monolog's JsonFormatter. A payment provider's API jumps from ~150 ms to
 * 8-12 s in one step; checkout requests wait on it, FPM hits pm.max_children and writes its slow
 * log. The rest of the app stays as fast as it was.
 */
export function laravelProviderLatencyJump(seed: number): Scenario {
  const r = new Rng(seed, "laravel-provider-latency-jump");
  const inc = new Incident();
  const t0 = baseTime(seed, 18);
  const end = t0 + 75 * MIN;
  const jump = t0 + 44 * MIN + r.int(0, 6) * MIN;
  const recover = jump + 17 * MIN + r.int(0, 4) * MIN;
  const mono = (
    t: number,
    level_name: string,
    message: string,
    context: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    label: "performance" | "error" | null = null,
  ) =>
    inc.add(
      t,
      {
        datetime: iso(t).replace("Z", "+00:00"),
        timestamp: iso(t),
        channel: "production",
        level: level_name,
        level_name,
        service: "shop-laravel",
        message,
        context,
        extra: { host: r.pick(["php-a", "php-b"]), ...extra },
      },
      label,
    );
  const routes = [
    ["GET", "/", 60, 20],
    ["GET", "/category/{slug}", 95, 22],
    ["GET", "/product/{id}", 80, 25],
    ["POST", "/cart/add", 70, 8],
    ["GET", "/cart", 55, 9],
    ["POST", "/checkout/pay", 420, 5],
    ["GET", "/api/shipping-quote", 140, 6],
    ["POST", "/newsletter", 45, 1],
  ] as const;
  for (const t of arrivals(r, t0, end, () => 0.6, 0.6)) {
    const [method, route, med] = r.weighted(routes.map((x) => [x, x[3]] as const));
    const uri = route.replace("{slug}", r.pick(["garden", "kitchen", "toys", "sale"])).replace("{id}", String(r.int(1, 9000)));
    let ms = r.logn(med, 0.4);
    let label: "performance" | "error" | null = null;
    let status = 200;
    const during = t >= jump && t < recover;
    if (route === "/checkout/pay") {
      const provider = during ? r.logn(9500, 0.2) : r.logn(150, 0.35);
      ms = ms - 150 + provider;
      if (during && provider > 10000 && r.chance(0.4)) {
        status = 504;
        mono(
          t + ms,
          "ERROR",
          "Payment provider request failed: cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received",
          { exception: "GuzzleHttp\\Exception\\ConnectException", order_id: r.int(500000, 600000), provider: "payfast" },
          {},
          "performance",
        );
      } else if (during) label = "performance";
    } else if (during && r.chance(0.15)) {
      // FPM children are all busy with checkouts: ordinary pages queue briefly.
      ms += r.logn(900, 0.6);
      if (ms > med * 8) label = "performance";
    }
    mono(
      t + ms,
      status >= 500 ? "ERROR" : "INFO",
      `${method} ${uri} ${status}`,
      { route, status, duration_ms: round(ms, 1), user_id: r.chance(0.4) ? r.int(1, 80000) : null },
      { uid: r.hex(7) },
      status >= 500 ? "performance" : label,
    );
  }
  for (const t of ticks(r, t0, end, 5 * MIN, 30 * SEC))
    mono(t, "INFO", "Running scheduled command: php artisan queue:prune-batches", { schedule: "*/5 * * * *" });
  for (const t of ticks(r, t0, end, 9 * MIN, 3 * MIN))
    mono(t, "WARNING", "Redis cache miss storm avoided: lock held for catalog.menu", { key: "catalog.menu", wait_ms: r.int(5, 60) });
  // FPM master lines (plain-text log shipped as JSON by the collector).
  for (let t = jump + 90 * SEC; t < recover; t += r.int(40, 90) * SEC) {
    inc.add(
      t,
      { time: iso(t), service: "php-fpm", level: "WARNING", message: `[pool www] server reached pm.max_children setting (24), consider raising it` },
      "performance",
    );
    if (r.chance(0.7)) {
      const pidN = r.int(30000, 32000);
      inc.add(
        t + 500,
        {
          time: iso(t + 500),
          service: "php-fpm",
          level: "WARNING",
          message: `[pool www] child ${pidN}, script '/var/www/html/public/index.php' (request: "POST /index.php") executing too slow (5.${r.int(100, 999)} sec), logging`,
        },
        "performance",
      );
    }
  }
  inc.add(t0 + 3 * MIN, {
    time: iso(t0 + 3 * MIN),
    service: "php-fpm",
    level: "NOTICE",
    message: "[pool www] child 29811 exited with code 0 after 3600.004133 seconds from start",
  });
  inc.add(t0 + 3 * MIN + 5, { time: iso(t0 + 3 * MIN + 5), service: "php-fpm", level: "NOTICE", message: "[pool www] child 30144 started" });
  return inc.finish(
    "laravel-provider-latency-jump",
    "Laravel shop on PHP-FPM: the payment provider's latency jumps from 150 ms to ~10 s, checkouts stall, FPM reaches max_children and logs slow scripts",
  );
}

/**
 * ASP.NET Core orders API with NLog's JsonLayout. WARN and ERROR lines are part of every day
 * (client disconnects, antiforgery failures, a retried Service Bus lock, a known null-ref in a
 * legacy report); a deploy adds one new exception on the order-details page that repeats many times.
 */
export function aspnetNoisyLogsNewException(seed: number): Scenario {
  const r = new Rng(seed, "aspnet-noisy-logs-new-exception");
  const inc = new Incident();
  const t0 = baseTime(seed, 11);
  const end = t0 + 80 * MIN;
  const deploy = t0 + 47 * MIN + r.int(0, 5) * MIN;
  const nlog = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}, label: "error" | null = null) =>
    inc.add(
      t,
      {
        time: iso(t).replace("Z", "0000Z"),
        level,
        logger,
        service: "orders-api",
        message,
        machinename: r.pick(["ORDERS-VM01", "ORDERS-VM02", "ORDERS-VM03"]),
        ...extra,
      },
      label,
    );
  const actions = [
    ["GET", "/api/orders", "OrdersController.List", 45, 25],
    ["GET", "/api/orders/{id}", "OrdersController.Details", 28, 30],
    ["POST", "/api/orders", "OrdersController.Create", 120, 8],
    ["GET", "/api/customers/{id}/addresses", "CustomersController.Addresses", 22, 10],
    ["GET", "/health", "HealthChecks", 4, 12],
    ["PUT", "/api/orders/{id}/status", "OrdersController.UpdateStatus", 60, 5],
  ] as const;
  for (const t of arrivals(r, t0, end, () => 0.55, 0.55)) {
    const [method, route, action, med] = r.weighted(actions.map((a) => [a, a[4]] as const));
    const path = route.replace("{id}", String(r.int(100000, 199999)));
    const ms = r.logn(med, 0.45);
    const traceId = `00-${r.hex(32)}-${r.hex(16)}-00`;
    const broken = t > deploy && action === "OrdersController.Details" && r.chance(0.3);
    if (broken) {
      nlog(
        t + ms,
        "Error",
        "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware",
        "An unhandled exception has occurred while executing the request.",
        {
          exception: `System.InvalidOperationException: Sequence contains no elements\n   at System.Linq.ThrowHelper.ThrowNoElementsException()\n   at Orders.Api.Mapping.OrderDetailsMapper.Map(Order order) in /src/Orders.Api/Mapping/OrderDetailsMapper.cs:line 41\n   at Orders.Api.Controllers.OrdersController.Details(Int32 id)`,
          TraceId: traceId,
        },
        "error",
      );
      nlog(
        t + ms + 1,
        "Info",
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        `Request finished HTTP/1.1 ${method} http://orders-api${path} - 500 - application/problem+json ${round(ms, 4)}ms`,
        { statusCode: 500, elapsed_ms: round(ms, 2), TraceId: traceId },
        "error",
      );
      continue;
    }
    const status = r.chance(0.01) ? 404 : 200;
    nlog(
      t + ms,
      "Info",
      "Microsoft.AspNetCore.Hosting.Diagnostics",
      `Request finished HTTP/1.1 ${method} http://orders-api${path} - ${status} - application/json;+charset=utf-8 ${round(ms, 4)}ms`,
      { statusCode: status, elapsed_ms: round(ms, 2), TraceId: traceId },
    );
  }
  // Routine WARN/ERROR background, all day every day.
  for (const t of arrivals(r, t0, end, () => 0.03, 0.03))
    nlog(
      t,
      "Warn",
      "Microsoft.AspNetCore.Server.Kestrel",
      `Connection id "0HN${r.alnum(10).toUpperCase()}", Request id "0HN${r.alnum(10).toUpperCase()}:00000002": the application completed without reading the entire request body.`,
    );
  for (const t of arrivals(r, t0, end, () => 0.012, 0.012))
    nlog(t, "Error", "Microsoft.AspNetCore.Antiforgery.DefaultAntiforgery", "An exception was thrown while deserializing the token.", {
      exception: "Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException: The antiforgery token could not be decrypted.",
    });
  for (const t of arrivals(r, t0, end, () => 0.008, 0.008))
    nlog(
      t,
      "Warn",
      "Azure.Messaging.ServiceBus",
      `Message lock lost for ${r.uuid()} on orders-events/subscriptions/fulfilment; the message will be redelivered.`,
    );
  for (const t of ticks(r, t0, end, 10 * MIN, 60 * SEC))
    nlog(t, "Error", "Orders.Api.Reports.LegacyExportJob", "Legacy export skipped: Object reference not set to an instance of an object.", {
      exception: "System.NullReferenceException: Object reference not set to an instance of an object.\n   at Orders.Api.Reports.LegacyExportJob.Run()",
    });
  for (const t of ticks(r, t0, end, 60 * SEC, 2 * SEC))
    nlog(t, "Info", "Orders.Api.Workers.OutboxPublisher", `Outbox published ${r.int(0, 40)} messages in ${r.int(3, 90)} ms`);
  nlog(deploy - 20 * SEC, "Info", "Microsoft.Hosting.Lifetime", "Application is shutting down...");
  nlog(deploy, "Info", "Microsoft.Hosting.Lifetime", "Now listening on: http://[::]:8080");
  nlog(deploy + 5, "Info", "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down.");
  nlog(deploy + 10, "Warn", "Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware", "Failed to determine the https port for redirect.");
  return inc.finish(
    "aspnet-noisy-logs-new-exception",
    "ASP.NET Core orders API full of routine warnings and errors: after a deploy a new InvalidOperationException on order details repeats many times",
  );
}
