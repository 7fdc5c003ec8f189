// Web server access logs: nginx as JSON without a message, Apache as a combined-log string with
// its error log and PHP-FPM beside it.

import type { Scenario } from "../blind/types.js";
import { apacheErrorTime, clfTime, iso, MIN, SEC, startTime } from "./clock.js";
import { every, Incident, type Label, poisson } from "./incident.js";
import type { Rng } from "./rng.js";
import { BOT_AGENTS, BROWSER_AGENTS } from "./vocab.js";

/**
 * nginx in front of a shop (log_format escape=json, values as strings): one search upstream hangs,
 * /api/search returns 504 after 60 s, 502s, slow 200s and 499s while the rest is fine; earlier, a
 * SQL-injection scanner bursts through. Routine 404s, 500s of a legacy endpoint and ELB checks.
 */
export function nginxUpstreamTimeouts(rng: Rng): Scenario {
  const start = startTime(rng, 9, 22);
  const inc = new Incident(start, start + rng.int(25, 29) * MIN);
  const onset = inc.at(rng.float(0.5, 0.62));
  const recover = onset + rng.float(6, 9) * MIN;
  const scan = inc.at(rng.float(0.12, 0.3));
  const scanEnd = scan + rng.float(60, 100) * SEC;
  const scannerIp = rng.publicIp();
  const searchUp = ["10.0.4.14:8080", "10.0.4.15:8080"];
  const badUp = rng.pick(searchUp);
  const goodUp = searchUp.find((u) => u !== badUp) as string;
  const webUp = ["10.0.3.21:3000", "10.0.3.22:3000", "10.0.3.23:3000"];
  const catalogUp = ["10.0.5.31:8080", "10.0.5.32:8080"];
  const s3 = (x: number): string => x.toFixed(3);

  const access = (
    t: number,
    o: {
      ip?: string;
      method?: string;
      uri: string;
      proto?: string;
      status: number;
      rt: number;
      up?: string | null;
      upStatus?: string;
      upRt?: string;
      bytes?: number;
      ua?: string;
      ref?: string;
    },
    label: Label,
  ): void => {
    const tEnd = t + o.rt * 1000;
    inc.add(
      tEnd,
      {
        time: iso(tEnd, { frac: 0, numericUtc: true }),
        remote_addr: o.ip ?? rng.publicIp(),
        request_id: rng.hex(32),
        request: `${o.method ?? "GET"} ${o.uri} ${o.proto ?? "HTTP/2.0"}`,
        status: String(o.status),
        body_bytes_sent: String(o.bytes ?? (o.status < 300 ? rng.int(300, 60000) : rng.int(0, 600))),
        request_time: s3(o.rt),
        upstream_addr: o.up ?? "",
        upstream_status: o.upStatus ?? (o.up ? String(o.status) : ""),
        upstream_response_time: o.upRt ?? (o.up ? s3(Math.max(0, o.rt - 0.001)) : ""),
        http_referer: o.ref ?? (rng.chance(0.6) ? "https://shop.example.com/" : ""),
        http_user_agent: o.ua ?? rng.pick(BROWSER_AGENTS),
        host: "shop.example.com",
        ssl_protocol: "TLSv1.3",
      },
      label,
    );
  };

  poisson(rng, inc.start, inc.end, rng.float(2.6, 3.0), (t) => {
    const kind = rng.weighted([
      ["page", 22],
      ["static", 30],
      ["search", 14],
      ["catalog", 18],
      ["cart", 8],
      ["misc", 8],
    ] as const);
    const ip = rng.publicIp();
    switch (kind) {
      case "page": {
        const uri = rng.pick(["/", "/sale", `/p/${rng.int(10000, 99999)}`, `/c/${rng.pick(["shoes", "bags", "kids", "outdoor"])}`, "/cart", "/checkout"]);
        access(t, { ip, uri, status: 200, rt: rng.logn(0.09, 0.4), up: rng.pick(webUp) }, null);
        break;
      }
      case "static": {
        const uri = rng.pick([
          "/assets/app-3f9c1b.js",
          "/assets/app-7d21aa.css",
          `/img/p/${rng.int(10000, 99999)}-640.webp`,
          "/fonts/inter-var.woff2",
          "/favicon.ico",
        ]);
        const status = uri === "/favicon.ico" && rng.chance(0.5) ? 404 : rng.chance(0.3) ? 304 : 200;
        access(t, { ip, uri, status, rt: rng.logn(0.002, 0.5), up: null, bytes: status === 304 ? 0 : undefined }, null);
        break;
      }
      case "search": {
        const q = rng.pick(["sneakers", "rain+jacket", "backpack", "wool+socks", "trail+running", "gift+card", "sandals"]);
        const uri = `/api/search?q=${q}&page=${rng.int(1, 3)}`;
        if (t >= onset && t < recover) {
          const up = rng.chance(0.55) ? badUp : goodUp;
          if (up === badUp) {
            const r = rng.next();
            if (r < 0.35) access(t, { ip, uri, status: 504, rt: 60.0 + rng.float(0, 0.02), up, upRt: "60.001" }, "performance");
            else if (r < 0.55) access(t, { ip, uri, status: 502, rt: rng.float(0.01, 3), up }, "error");
            else if (r < 0.7) {
              const rt = 60 + rng.logn(0.12, 0.4);
              access(t, { ip, uri, status: 200, rt, up: `${badUp}, ${goodUp}`, upStatus: "504, 200", upRt: `60.001, ${s3(rt - 60.002)}` }, "performance");
            } else if (r < 0.85) {
              const rt = rng.float(8, 40);
              access(t, { ip, uri, status: 499, rt, up, upRt: s3(rt) }, "performance");
            } else access(t, { ip, uri, status: 200, rt: rng.float(2.5, 25), up }, "performance");
          } else {
            const rt = rng.logn(0.18, 0.5);
            access(t, { ip, uri, status: 200, rt, up }, rt > 1 ? "performance" : null);
          }
        } else {
          access(t, { ip, uri, status: 200, rt: rng.logn(0.08, 0.45), up: rng.pick(searchUp) }, null);
        }
        break;
      }
      case "catalog": {
        const uri = rng.pick([
          `/api/products/${rng.int(10000, 99999)}`,
          `/api/products?category=${rng.pick(["shoes", "bags"])}&page=${rng.int(1, 6)}`,
          "/api/recommendations?slot=home",
        ]);
        access(t, { ip, uri, status: rng.chance(0.015) ? 404 : 200, rt: rng.logn(0.035, 0.4), up: rng.pick(catalogUp) }, null);
        break;
      }
      case "cart": {
        const method = rng.pick(["GET", "POST", "DELETE"]);
        access(
          t,
          {
            ip,
            method,
            uri: method === "GET" ? "/api/cart" : `/api/cart/items${method === "DELETE" ? `/${rng.int(1, 9)}` : ""}`,
            status: method === "POST" ? 201 : method === "DELETE" ? 204 : 200,
            rt: rng.logn(0.045, 0.4),
            up: rng.pick(webUp),
          },
          null,
        );
        break;
      }
      default: {
        const uri = rng.pick(["/robots.txt", "/sitemap.xml", "/apple-touch-icon.png", "/.well-known/apple-app-site-association", "/api/v1/wishlist"]);
        if (uri === "/api/v1/wishlist") access(t, { ip, uri, status: rng.chance(0.3) ? 500 : 200, rt: rng.logn(0.25, 0.4), up: rng.pick(webUp) }, null);
        else
          access(
            t,
            {
              ip,
              uri,
              status: uri === "/apple-touch-icon.png" ? 404 : 200,
              rt: rng.logn(0.001, 0.4),
              up: null,
              ua: rng.chance(0.5) ? rng.pick(BOT_AGENTS) : undefined,
            },
            null,
          );
      }
    }
  });

  // ELB health checks from two addresses
  for (const ip of ["10.0.0.17", "10.0.1.143"]) {
    every(rng, inc.start, inc.end, 10 * SEC, 200, (t) =>
      access(t, { ip, uri: "/healthz", proto: "HTTP/1.1", status: 200, rt: 0, up: null, bytes: 2, ua: "ELB-HealthChecker/2.0", ref: "" }, null),
    );
  }
  // the injection scanner
  const payloads = [
    "1%27%20OR%20%271%27%3D%271",
    "1%20AND%20SLEEP(5)",
    "1%27%29%20UNION%20ALL%20SELECT%20NULL%2CNULL%2CNULL--%20-",
    "%27%3BWAITFOR%20DELAY%20%270%3A0%3A5%27--",
    "1%20AND%201%3DCONVERT(int%2C(SELECT%20@@version))",
    "-1%27%20ORDER%20BY%2012--%20-",
  ];
  poisson(rng, scan, scanEnd, rng.float(2.2, 3.0), (t) => {
    const uri = `/api/products?id=${rng.pick(payloads)}&category=shoes${rng.chance(0.4) ? `&sort=${rng.pick(payloads)}` : ""}`;
    access(
      t,
      {
        ip: scannerIp,
        uri,
        proto: "HTTP/1.1",
        status: rng.pick([400, 400, 404, 200]),
        rt: rng.logn(0.012, 0.5),
        up: rng.pick(catalogUp),
        ua: "sqlmap/1.8.4#stable (https://sqlmap.org)",
        ref: "",
      },
      "pattern",
    );
  });

  return inc.build(
    "nginx-json-search-upstream-timeouts",
    "nginx JSON access log (no message): one search upstream hangs, /api/search 504s at 60 s, 502s, 499s and retried requests; earlier a sqlmap burst; routine 404s and a legacy 500",
  );
}

/**
 * An Apache + PHP-FPM shop (combined log with %D microseconds, shipped by rsyslog with a +02:00
 * offset): a shipping-rates API hangs, PHP workers pile up, Apache hits MaxRequestWorkers,
 * checkout requests time out or get 503. Routine PHP warnings and scanner denials are errors too.
 */
export function apachePhpFpmSaturation(rng: Rng): Scenario {
  const start = startTime(rng, 8, 20);
  const inc = new Incident(start, start + rng.int(33, 38) * MIN);
  const onset = inc.at(rng.float(0.45, 0.6));
  const recover = onset + rng.float(5, 8) * MIN;
  const sick = (t: number): number => (t < onset || t >= recover ? 0 : Math.min(1, (t - onset) / (90 * SEC), (recover - t) / (60 * SEC)));
  const off = 120;
  const host = `web-0${rng.int(1, 4)}`;
  const apachePid = () => rng.int(1800, 2400);
  const line = (t: number, program: string, severity: string, message: string, label: Label): void => {
    inc.add(t, { timestamp: iso(t, { offsetMin: off, frac: 6 }), host, program, severity, facility: "local6", message }, label);
  };
  const accessLine = (
    t: number,
    ip: string,
    method: string,
    uri: string,
    status: number,
    bytes: number,
    ref: string,
    ua: string,
    micros: number,
    label: Label,
  ): void => {
    const tEnd = t + micros / 1000;
    line(
      tEnd,
      "apache-access",
      "info",
      `${ip} - - [${clfTime(t, off)}] "${method} ${uri} HTTP/1.1" ${status} ${status === 304 ? "-" : bytes} "${ref}" "${ua}" ${Math.round(micros)}`,
      label,
    );
  };
  const errorLine = (t: number, module: string, level: string, text: string, label: Label): void => {
    const stamp = apacheErrorTime(t, off);
    line(
      t,
      "apache-error",
      level === "error" ? "err" : level === "warn" ? "warning" : "notice",
      `[${stamp}] [${module}:${level}] [pid ${apachePid()}:tid ${rng.int(139000000000000, 139999999999999)}] ${text}`,
      label,
    );
  };
  const fpm = (t: number, level: "NOTICE" | "WARNING" | "ERROR", text: string, label: Label): void => {
    const d = new Date(t + off * MIN);
    const stamp = `${String(d.getUTCDate()).padStart(2, "0")}-${d.toUTCString().slice(8, 11)}-${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)}`;
    line(t, "php-fpm", level === "ERROR" ? "err" : level === "WARNING" ? "warning" : "notice", `[${stamp}] ${level}: ${text}`, label);
  };

  poisson(rng, inc.start, inc.end, rng.float(1.8, 2.1), (t) => {
    const ip = rng.publicIp();
    const ua = rng.pick(BROWSER_AGENTS);
    const k = rng.weighted([
      ["static", 45],
      ["page", 25],
      ["product", 12],
      ["cart", 6],
      ["checkout", 4],
      ["ajax", 5],
      ["bot", 3],
    ] as const);
    const ref = "https://www.example-outdoor.shop/";
    const p = sick(t);
    if (k === "static") {
      const uri = rng.pick([
        "/wp-content/themes/acme/style.css?ver=6.6.2",
        "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1",
        `/wp-content/uploads/2025/0${rng.int(1, 9)}/product-${rng.int(100, 999)}-600x600.jpg`,
        "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.2.3",
      ]);
      const status = rng.chance(0.35) ? 304 : 200;
      accessLine(t, ip, "GET", uri, status, rng.int(2000, 180000), ref, ua, rng.logn(700, 0.5) * (p > 0.5 ? 3 : 1), null);
      return;
    }
    if (k === "bot") {
      const uri = rng.pick(["/xmlrpc.php", "/.git/config", "/wp-login.php", "/.env"]);
      const status = uri === "/xmlrpc.php" ? 405 : uri === "/wp-login.php" ? 200 : 403;
      accessLine(
        t,
        rng.publicIp(),
        uri === "/xmlrpc.php" ? "POST" : "GET",
        uri,
        status,
        rng.int(200, 4000),
        "-",
        rng.pick(["Mozilla/5.0 (compatible; MJ12bot/v1.4.8)", "python-requests/2.31.0", "curl/8.4.0"]),
        rng.logn(3000, 0.4),
        null,
      );
      if (status === 403)
        errorLine(
          t + 2,
          "authz_core",
          "error",
          `[client ${ip}:${rng.int(30000, 65000)}] AH01630: client denied by server configuration: /var/www/html${uri}`,
          null,
        );
      return;
    }
    const phpBase = k === "page" ? 180_000 : k === "product" ? 240_000 : k === "cart" ? 210_000 : k === "checkout" ? 420_000 : 90_000;
    const uri =
      k === "page"
        ? rng.pick(["/", "/shop/", "/sale/", "/blog/"])
        : k === "product"
          ? `/product/${rng.pick(["trail-runner-x", "merino-beanie", "daypack-22l", "rain-shell", "camp-mug"])}/`
          : k === "cart"
            ? "/cart/"
            : k === "checkout"
              ? rng.pick(["/checkout/", "/?wc-ajax=update_order_review"])
              : "/wp-admin/admin-ajax.php";
    const method = k === "ajax" || uri.startsWith("/?wc-ajax") ? "POST" : "GET";
    if (p > 0 && rng.chance(p * (k === "checkout" || k === "cart" ? 0.95 : 0.5))) {
      const r = rng.next();
      if (r < 0.3) {
        accessLine(t, ip, method, uri, 503, 299, ref, ua, rng.logn(1500, 0.5), "error");
      } else if (r < 0.55 && (k === "checkout" || k === "cart")) {
        accessLine(t, ip, method, uri, 504, 247, ref, ua, 30_000_000 + rng.float(0, 90_000), "performance");
        errorLine(
          t + 30_000,
          "proxy_fcgi",
          "error",
          `(70007)The timeout specified has expired: [client ${ip}:${rng.int(30000, 65000)}] AH01075: Error dispatching request to : (polling), referer: ${ref}`,
          "performance",
        );
      } else {
        const micros = rng.float(4, 28) * 1_000_000;
        accessLine(t, ip, method, uri, 200, rng.int(20000, 90000), ref, ua, micros, "performance");
      }
      return;
    }
    const micros = rng.logn(phpBase, 0.4);
    accessLine(t, ip, method, uri, 200, rng.int(8000, 120000), ref, ua, micros, null);
    if (rng.chance(0.02))
      fpm(
        t + micros / 1000,
        "WARNING",
        `[pool www] child ${rng.int(3000, 9000)} said into stderr: "NOTICE: PHP message: PHP Warning:  Undefined array key "utm_source" in /var/www/html/wp-content/themes/acme/functions.php on line 212"`,
        null,
      );
  });

  // the failure chain in the error logs
  poisson(rng, onset + 40 * SEC, recover - 20 * SEC, 1 / 9, (t) => {
    fpm(
      t,
      "WARNING",
      `[pool www] child ${rng.int(3000, 9000)}, script '/var/www/html/index.php' (request: "POST /?wc-ajax=update_order_review") executing too slow (${rng.float(5, 9).toFixed(6)} sec), logging`,
      "performance",
    );
  });
  poisson(rng, onset + 30 * SEC, recover - 20 * SEC, 1 / 12, (t) => {
    fpm(
      t,
      "WARNING",
      `[pool www] child ${rng.int(3000, 9000)} said into stderr: "NOTICE: PHP message: PHP Warning:  file_get_contents(https://rates.shipping-partner.example/v2/quote): Failed to open stream: HTTP request failed! in /var/www/html/wp-content/plugins/acme-shipping/includes/class-rates.php on line 88"`,
      "error",
    );
  });
  poisson(rng, onset + 60 * SEC, recover - 30 * SEC, 1 / 25, (t) => {
    fpm(
      t,
      "WARNING",
      `[pool www] child ${rng.int(3000, 9000)} said into stderr: "NOTICE: PHP message: PHP Fatal error:  Maximum execution time of 30 seconds exceeded in /var/www/html/wp-content/plugins/acme-shipping/includes/class-rates.php on line 91"`,
      "performance",
    );
  });
  every(rng, onset + 70 * SEC, recover - 30 * SEC, 30 * SEC, 3000, (t) => {
    fpm(t, "WARNING", "[pool www] server reached pm.max_children setting (40), consider raising it", "performance");
  });
  every(rng, onset + 90 * SEC, recover - 40 * SEC, 60 * SEC, 5000, (t) => {
    errorLine(t, "mpm_event", "error", "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", "performance");
  });
  // routine: log rotation reload earlier, fpm process spawning
  const reload = inc.start + rng.float(1, 4) * MIN;
  errorLine(reload, "mpm_event", "notice", "AH00493: SIGUSR1 received.  Doing graceful restart", null);
  errorLine(reload + 300, "mpm_event", "notice", "AH00489: Apache/2.4.62 (Debian) OpenSSL/3.0.15 configured -- resuming normal operations", null);
  errorLine(reload + 301, "core", "notice", "AH00094: Command line: '/usr/sbin/apache2'", null);
  every(rng, inc.start, inc.end, 60 * SEC, 2000, (t) => {
    if (sick(t) === 0) accessLine(t, "127.0.0.1", "GET", "/server-status?auto", 200, 1200, "-", "Go-http-client/1.1", rng.logn(900, 0.3), null);
  });

  return inc.build(
    "apache-phpfpm-saturation",
    "Apache combined log (%D µs) + error log + PHP-FPM via rsyslog: a shipping API hangs, PHP workers pile up, MaxRequestWorkers is hit, checkout 503/504s; routine PHP warnings and AH01630 denials",
  );
}
