// Decoy: the student portal's WAF denies internet scanner probes (/.env, /wp-login.php, ...) at
// WARN all day. The incident: the clock on portal-app-02 steps by ~94 s (chrony, clocksource
// marked unstable); for a few minutes that node rejects session tokens as issued in the future.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, isoOff, journald, MIN, HOUR, type Rec, type Label } from "./util.js";

export default function s04(seed: number): Scenario {
  const r = makeRng(seed, "s04-campus-portal-waf-denied-probes");
  const tl = new Timeline();
  const start = Date.UTC(2026, 8, 22, 9, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 2 * HOUR;
  const probes = [
    ["/.env", 930120, "OS File Access Attempt"],
    ["/wp-login.php", 913100, "Found User-Agent associated with security scanner"],
    ["/vendor/phpunit/src/Util/PHP/eval-stdin.php", 933100, "PHP Injection Attack"],
    ["/cgi-bin/luci/;stok=/locale", 932100, "Remote Command Execution"],
    ["/.git/config", 930130, "Restricted File Access Attempt"],
  ] as const;
  const slog = (t: number, level: string, msg: string, extra: Rec): Rec => ({
    time: isoOff(t, 120),
    level,
    msg,
    service: "edge-waf",
    host: `waf-0${r.int(1, 2)}`,
    ...extra,
  });
  const ip = () => `${r.pick([45, 89, 185, 193, 103])}.${r.int(1, 254)}.${r.int(0, 254)}.${r.int(1, 254)}`;

  // Dominant everyday message: blocked probes (Go slog JSON, WARN)
  poisson(r, start, end, 3200, (t) => {
    const [uri, rule, rmsg] = r.pick(probes);
    tl.add(t, slog(t, "WARN", "request denied: matched blocking rule", { rule_id: rule, rule_msg: rmsg, client_ip: ip(), uri, status: 403, action: "deny" }));
  });
  poisson(r, start, end, 300_000, (t) =>
    tl.add(t, slog(t, "ERROR", "request denied: body exceeds inspection limit", { client_ip: ip(), uri: "/upload", limit_bytes: 13107200, status: 413 })),
  );
  every(r, start, end, MIN, (t) => tl.add(t, slog(t, "INFO", "waf stats", { passed: r.int(120, 190), denied: r.int(14, 24), denied_share_7d: 0.11 })));

  // portal-api (Spring Boot, logstash-logback-encoder)
  const clockAt = start + 75 * MIN + r.int(0, 90_000);
  const skewEnd = clockAt + 4 * MIN;
  const routes = [
    ["GET", "/api/timetable", 45],
    ["GET", "/api/grades", 60],
    ["POST", "/api/enrolments", 110],
    ["GET", "/api/courses", 35],
  ] as const;
  poisson(r, start, end, 4500, (t) => {
    const host = `portal-app-0${r.int(1, 3)}`;
    const [m, p, med] = r.pick(routes);
    const base: Rec = {
      "@timestamp": isoOff(t, 120),
      "@version": "1",
      logger_name: "edu.campus.portal.web.AccessFilter",
      thread_name: `http-nio-8080-exec-${r.int(1, 40)}`,
      app: "portal-api",
      HOSTNAME: host,
    };
    if (host === "portal-app-02" && t >= clockAt && t < skewEnd && r.chance(0.6)) {
      tl.add(
        t,
        {
          ...base,
          logger_name: "edu.campus.portal.security.TokenVerifier",
          level: "WARN",
          level_value: 30000,
          message: "Rejected session token: iat is in the future",
          skew_s: 94,
        },
        "error",
      );
      tl.add(t + 2, { ...base, level: "INFO", level_value: 20000, message: `${m} ${p} 401`, status: 401, duration_ms: r.lat(4) }, "error");
      return;
    }
    tl.add(t, { ...base, level: "INFO", level_value: 20000, message: `${m} ${p} 200`, status: 200, duration_ms: r.lat(med) });
  });

  // portal-app-02 journald: chrony steps the clock; kernel marks tsc unstable.
  const ev: [number, string, number, string, Label][] = [
    [-40_000, "kernel", 4, "clocksource: timekeeping watchdog on CPU2: Marking clocksource 'tsc' as unstable because the skew is too large:", "pattern"],
    [-39_990, "kernel", 6, "clocksource: Switched to clocksource hpet", "pattern"],
    [-2000, "chronyd", 4, "Forward time jump detected!", "pattern"],
    [0, "chronyd", 4, "System clock wrong by 93.840215 seconds", "pattern"],
    [5, "chronyd", 6, "System clock was stepped by 93.840215 seconds", "pattern"],
    [40_000, "portal-scheduler", 4, "Scheduled job enrolmentSync skipped: last run timestamp is in the future", "pattern"],
  ];
  for (const [off, ident, prio, msg, lab] of ev) tl.add(clockAt + off, journald(clockAt + off, "portal-app-02", ident, prio, msg), lab);
  poisson(r, start, end, 15 * MIN, (t) =>
    tl.add(t, journald(t, `portal-app-0${r.int(1, 3)}`, "chronyd", 6, `Selected source 10.20.0.${r.int(1, 3)} (ntp${r.int(1, 3)}.campus.internal)`)),
  );

  // frontend nginx JSON access log
  poisson(r, start, end, 9000, (t0) => {
    const t = Math.floor(t0 / 1000) * 1000; // nginx stamps whole seconds
    const p = r.pick(["/", "/login", "/static/app.js", "/static/app.css"]);
    tl.add(t, {
      time_iso8601: isoOff(t, 120).replace(/\.\d+/, ""),
      remote_addr: `10.44.${r.int(0, 31)}.${r.int(2, 250)}`,
      request: `GET ${p} HTTP/2.0`,
      status: 200,
      body_bytes_sent: r.int(500, 240000),
      request_time: r.lat(0.012, 3),
      server_name: "portal.campus.example",
      host: "portal-fe-01",
      service: "portal-frontend",
    });
  });

  return tl.build(
    "s04-campus-portal-waf-denied-probes",
    "WAF denies scanner probes at WARN all day (everyday); clock on one app node steps 94 s and it briefly rejects session tokens.",
  );
}
