// s07: public transport ticketing during the morning peak. nginx JSON access log
// (log_format escape=json: time_iso8601, msec, request, status, request_time, upstream_*),
// the Rails validator API through lograge's Logstash formatter, and Sidekiq's JSON logger.
// Incident: at the peak the Rails app's ActiveRecord pool runs dry (a slow fare-cap query holds
// connections): requests wait 5 s and fail with ConnectionTimeoutError, some hit nginx's 15 s
// proxy_read_timeout (504), some fail fast (TooManyConnections, 502 from a killed Puma worker),
// and Sidekiq jobs fail the same way.
// Healthy medians: validation 35 ms, balance 25 ms, top-up 180 ms, fares 8 ms, jobs 60 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, every, hashSeed, healthy, iso, poisson, poissonShaped, round, slow, startTime } from "./rng.js";

interface Route {
  method: string;
  path: () => string;
  controller: string;
  action: string;
  median: number;
  ok: number;
  weight: number;
}

export function s07TransitTicketingDbPool(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s07-transit"));
  const tl = new Timeline();
  const tz = 60;
  const start = startTime(rng, Date.UTC(2025, 10, 4, 5, 30)); // 06:30 local
  const end = start + 2 * HOUR;
  const peakAt = start + 0.62 * (end - start);
  const shape = (t: number) => Math.max(0.3, 1 - Math.abs(t - peakAt) / (0.75 * HOUR));
  const incStart = peakAt - rng.float(8, 14) * MIN;
  const incEnd = incStart + rng.float(18, 28) * MIN;
  const inInc = (t: number) => t >= incStart && t < incEnd;

  const cards = () => `04${rng.hex(12).toUpperCase()}`;
  const routes: Route[] = [
    { method: "POST", path: () => "/api/v1/validations", controller: "Api::V1::ValidationsController", action: "create", median: 35, ok: 201, weight: 6 },
    {
      method: "GET",
      path: () => `/api/v1/cards/${cards()}/balance`,
      controller: "Api::V1::BalancesController",
      action: "show",
      median: 25,
      ok: 200,
      weight: 2,
    },
    { method: "POST", path: () => "/api/v1/topups", controller: "Api::V1::TopupsController", action: "create", median: 180, ok: 201, weight: 0.6 },
    {
      method: "GET",
      path: () => `/api/v1/fares?from=Z${rng.int(1, 5)}&to=Z${rng.int(1, 5)}`,
      controller: "Api::V1::FaresController",
      action: "index",
      median: 8,
      ok: 200,
      weight: 1,
    },
  ];
  const gwHosts = ["ticketing-gw-1", "ticketing-gw-2"] as const;
  const apps = ["10.8.5.11:3000", "10.8.5.12:3000", "10.8.5.13:3000"] as const;
  const appHost = (a: string) => `validator-api-${a.slice(7, 9)}`;
  const agents = [
    "Validator/4.2.1 (Vix-ADG)",
    "Validator/4.2.1 (Vix-ADG)",
    "Validator/4.1.9 (Vix-ADG)",
    "TransitApp/7.3.0 (iOS 18.1)",
    "TransitApp/7.2.4 (Android 14)",
  ] as const;

  const nginx = (
    t: number,
    req: string,
    status: number,
    reqTime: number,
    upstream: string | null,
    upTime: number | null,
    bytes: number,
    ua: string,
    label: AnomalyType | null,
  ) => {
    tl.add(
      t,
      {
        time_iso8601: iso(t, 0, tz).replace("Z", "+00:00"),
        msec: (t / 1000).toFixed(3),
        hostname: rng.pick(gwHosts),
        remote_addr: rng.ip("10.60"),
        request_id: rng.hex(32),
        request: req,
        status,
        body_bytes_sent: bytes,
        request_time: round(reqTime / 1000, 3),
        upstream_addr: upstream ?? "-",
        upstream_status: upstream ? String(status) : "-",
        upstream_response_time: upTime === null ? "-" : (upTime / 1000).toFixed(3),
        http_user_agent: ua,
        http_x_forwarded_for: "-",
      },
      label,
    );
  };
  const lograge = (
    t: number,
    r: Route,
    path: string,
    status: number,
    duration: number,
    app: string,
    extra: Record<string, unknown>,
    label: AnomalyType | null,
  ) => {
    const db = status >= 500 ? 0 : round(duration * rng.float(0.3, 0.6), 2);
    tl.add(
      t,
      {
        method: r.method,
        path,
        format: "json",
        controller: r.controller,
        action: r.action,
        status,
        duration: round(duration, 2),
        view: round(rng.float(0.2, 1.5), 2),
        db,
        request_id: rng.uuid(),
        host: appHost(app),
        ...extra,
        message: `[${status}] ${r.method} ${path} (${r.controller}#${r.action})`,
        "@timestamp": iso(t, 3),
        "@version": "1",
      },
      label,
    );
  };

  const weighted = routes.map((r) => [r, r.weight] as const);
  poissonShaped(rng, start, end, 1.9 * SEC, shape, (t) => {
    const r = rng.weighted(weighted);
    const path = r.path();
    const req = `${r.method} ${path} HTTP/1.1`;
    const app = rng.pick(apps);
    const ua = r.action === "create" && r.controller.includes("Validations") ? rng.pick(agents.slice(0, 3)) : rng.pick(agents.slice(3));
    if (inInc(t)) {
      const x = rng.next();
      if (x < 0.35) {
        const d = rng.float(5001, 5030);
        const exception = [
          "ActiveRecord::ConnectionTimeoutError",
          "could not obtain a connection from the pool within 5.000 seconds (waited 5.004 seconds); all pooled connections were in use",
        ];
        lograge(t, r, path, 500, d, app, { exception }, "performance");
        nginx(t + 2, req, 500, d + 2, app, d + 1, 87, ua, "performance");
        return;
      }
      if (x < 0.45) {
        nginx(t, req, 504, 15000 + rng.float(0, 4), app, 15000 + rng.float(0, 2), 160, ua, "performance");
        const late = rng.float(15500, 24000);
        lograge(t + late - 15000, r, path, r.ok, late, app, {}, "performance");
        return;
      }
      if (x < 0.53) {
        const d = healthy(rng, 12);
        lograge(t, r, path, 500, d, app, { exception: ["PG::TooManyConnections", "FATAL:  sorry, too many clients already"] }, "error");
        nginx(t + 1, req, 500, d + 1, app, d, 87, ua, "error");
        return;
      }
      if (x < 0.58) {
        nginx(t, req, 502, rng.float(0.4, 2), app, 0, 157, ua, "error");
        return;
      }
      if (x < 0.83) {
        const d = slow(rng, r.median, 8, 60);
        lograge(t, r, path, r.ok, d, app, {}, "performance");
        nginx(t + 1, req, r.ok, d + 1.5, app, d + 1, rng.int(120, 700), ua, "performance");
        return;
      }
    }
    let status = r.ok;
    if (r.controller.includes("Validations"))
      status = rng.weighted([
        [201, 94],
        [409, 2],
        [422, 4],
      ] as const);
    if (r.controller.includes("Balances") && rng.chance(0.03)) status = 401;
    const d = healthy(rng, r.median);
    lograge(t, r, path, status, d, app, {}, null);
    nginx(t + 1, req, status, d + rng.float(0.5, 2.5), app, d + 0.5, rng.int(60, 900), ua, null);
  });
  // load balancer health checks, answered by nginx itself
  every(rng, start, end, 10 * SEC, 0.2 * SEC, (t) => {
    nginx(t, "GET /healthz HTTP/1.1", 200, 0, null, null, 2, "ELB-HealthChecker/2.0", null);
  });
  // scanners
  poisson(rng, start, end, 9 * MIN, (t) => {
    const p = rng.pick(["/wp-login.php", "/.env", "/.git/config", "/admin/config.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"]);
    nginx(t, `GET ${p} HTTP/1.1`, 404, rng.float(1, 4), rng.pick(apps), rng.float(1, 3), 162, "Mozilla/5.0 zgrab/0.x", null);
  });

  // ---- Sidekiq
  const workerPid = rng.int(20, 90);
  const sidekiq = (t: number, lvl: string, msg: string, ctx: Record<string, unknown>, label: AnomalyType | null) => {
    tl.add(t, { ts: iso(t, 3), pid: workerPid, tid: rng.alnum(4), lvl, msg, ctx }, label);
  };
  const jobs = [
    ["FareCapJob", 60],
    ["TapReconciliationJob", 140],
    ["TopupReceiptMailerJob", 45],
  ] as const;
  poissonShaped(rng, start, end, 14 * SEC, shape, (t) => {
    const [cls, median] = rng.pick(jobs);
    const jid = rng.hex(24);
    sidekiq(t, "INFO", "start", { class: cls, jid }, null);
    if (inInc(t) && cls !== "TopupReceiptMailerJob" && rng.chance(0.6)) {
      const e = rng.float(5.0, 5.03);
      sidekiq(t + e * 1000, "INFO", "fail", { class: cls, jid, elapsed: e.toFixed(3) }, "performance");
      sidekiq(
        t + e * 1000 + 3,
        "WARN",
        "ActiveRecord::ConnectionTimeoutError: could not obtain a connection from the pool within 5.000 seconds (waited 5.002 seconds); all pooled connections were in use",
        { class: cls, jid, retry_count: rng.int(0, 3) },
        "performance",
      );
      return;
    }
    const e = healthy(rng, median) / 1000;
    sidekiq(t + e * 1000, "INFO", "done", { class: cls, jid, elapsed: e.toFixed(3) }, null);
  });
  poisson(rng, start, end, 25 * MIN, (t) => {
    sidekiq(
      t,
      "WARN",
      `Net::ReadTimeout: Net::ReadTimeout with #<TCPSocket:(closed)>`,
      { class: "TopupReceiptMailerJob", jid: rng.hex(24), retry_count: 0 },
      null,
    );
  });

  return tl.build(
    "transit-ticketing-peak-db-pool-exhaustion",
    "Transit ticketing at the morning peak: the Rails validator API's DB pool runs dry, nginx logs 500/502/504s and slow requests, Sidekiq jobs fail (nginx JSON/lograge/Sidekiq).",
  );
}
