// nginx in front of an application: JSON access lines (log_format ... escape=json, values as
// strings) and its error log, with the traffic a public shop sees (assets, API calls, health
// checks, crawlers, the odd 404).

import type { AnomalyType, Ev } from "../blind/types.js";
import type { Rng } from "./prng.js";
import { agent, query, userId } from "./words.js";

export interface Access {
  method: string;
  path: string;
  status: number;
  rt: number; // seconds
  bytes?: number;
  ua?: string;
  ip?: string;
  upstream?: string | null;
}

const BOTS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
];

export function accessEv(r: Rng, svc: string, t: number, a: Access, label: AnomalyType | null = null, host = "shop.example.com"): Ev {
  const ip = a.ip ?? r.ip();
  const up =
    a.upstream === undefined ? (a.path.startsWith("/static/") || a.path.startsWith("/img/") ? null : `10.0.${r.int(1, 3)}.${r.int(10, 40)}:8000`) : a.upstream;
  return {
    t,
    svc,
    level: "INFO",
    msg: "",
    label,
    prod: "docker-nginx",
    inst: `${svc}-${r.int(0, 1)}`,
    f: {
      remote_addr: ip,
      remote_user: "-",
      request: `${a.method} ${a.path} HTTP/${r.chance(0.7) ? "2.0" : "1.1"}`,
      status: String(a.status),
      body_bytes_sent: String(a.bytes ?? (a.status >= 400 ? r.int(150, 600) : r.int(300, 90_000))),
      request_time: a.rt.toFixed(3),
      upstream_addr: up ?? "-",
      upstream_response_time: up === null ? "-" : Math.max(0, a.rt - 0.001).toFixed(3),
      http_referer: r.chance(0.5) ? `https://${host}/` : "-",
      http_user_agent: a.ua ?? agent(r),
      http_x_forwarded_for: "-",
      host,
    },
  };
}

/** A normal access line of a shop front. */
export function normalAccess(r: Rng, svc: string, t: number, apiMedianS = 0.045): Ev {
  const k = r.weighted([
    ["asset", 30],
    ["page", 14],
    ["api", 34],
    ["search", 8],
    ["health", 8],
    ["bot", 4],
    ["miss", 2],
  ] as const);
  switch (k) {
    case "asset":
      return accessEv(r, svc, t, {
        method: "GET",
        path: r.pick([
          `/static/js/app.${r.hex(8)}.js`,
          `/static/css/main.${r.hex(8)}.css`,
          `/img/products/${r.int(1000, 99999)}_${r.pick(["s", "m", "l"])}.webp`,
          "/static/fonts/inter-var.woff2",
        ]),
        status: r.chance(0.25) ? 304 : 200,
        rt: r.lognormal(0.001, 0.6),
      });
    case "page":
      return accessEv(r, svc, t, {
        method: "GET",
        path: r.pick(["/", `/p/${r.int(1000, 99999)}`, `/c/${r.pick(["shoes", "home", "kids", "outdoor"])}`, "/cart", "/account/orders"]),
        status: 200,
        rt: r.latency(0.09, 0.5),
      });
    case "api":
      return accessEv(r, svc, t, {
        method: r.chance(0.8) ? "GET" : "POST",
        path: r.pick([`/api/products/${r.int(1000, 99999)}`, "/api/cart", `/api/recommendations?user=${userId(r)}`, "/api/session", "/api/cart/items"]),
        status: r.chance(0.03) ? r.pick([400, 401, 404, 409]) : 200,
        rt: r.latency(apiMedianS, 0.55),
      });
    case "search":
      return accessEv(r, svc, t, { method: "GET", path: `/api/search?q=${encodeURIComponent(query(r))}`, status: 200, rt: r.latency(apiMedianS * 3, 0.6) });
    case "health":
      return accessEv(r, svc, t, {
        method: "GET",
        path: "/healthz",
        status: 200,
        rt: r.lognormal(0.0015, 0.4),
        ua: "ELB-HealthChecker/2.0",
        ip: `10.0.0.${r.int(10, 200)}`,
        bytes: 2,
      });
    case "bot":
      return accessEv(r, svc, t, {
        method: "GET",
        path: r.pick(["/robots.txt", "/sitemap.xml", `/p/${r.int(1000, 99999)}`, `/c/${r.pick(["shoes", "home"])}?page=${r.int(2, 40)}`]),
        status: r.chance(0.15) ? 404 : 200,
        rt: r.latency(0.07, 0.5),
        ua: r.pick(BOTS),
      });
    default:
      return accessEv(r, svc, t, {
        method: "GET",
        path: r.pick(["/favicon.ico", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png", `/p/${r.int(1, 999)}`]),
        status: 404,
        rt: r.lognormal(0.002, 0.5),
      });
  }
}

/** An nginx error-log line, as the log agent ships it. */
export function errorLogEv(r: Rng, svc: string, t: number, level: "error" | "warn" | "crit", text: string, label: AnomalyType | null = null): Ev {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  const lvl = level === "warn" ? "WARNING" : level === "crit" ? "CRITICAL" : "ERROR";
  return {
    t,
    svc,
    level: lvl,
    rawLevel: level,
    msg: `${stamp} [${level}] ${r.int(20, 40)}#${r.int(20, 40)}: *${r.int(100000, 9999999)} ${text}`,
    label,
    prod: "docker-nginx",
    inst: `${svc}-${r.int(0, 1)}`,
  };
}

/** Routine nginx error-log lines that a shop front writes all day. */
export function routineErrorLog(r: Rng, svc: string, t: number): Ev {
  const ip = r.ip();
  return r.weighted([
    [
      () =>
        errorLogEv(
          r,
          svc,
          t,
          "error",
          `open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: ${ip}, server: shop.example.com, request: "GET /favicon.ico HTTP/1.1", host: "shop.example.com"`,
        ),
      5,
    ],
    [
      () =>
        errorLogEv(
          r,
          svc,
          t,
          "error",
          `client intended to send too large body: ${r.int(11, 40) * 1048576} bytes, client: ${ip}, server: shop.example.com, request: "POST /api/account/avatar HTTP/2.0", host: "shop.example.com"`,
        ),
      1,
    ],
    [
      () =>
        errorLogEv(
          r,
          svc,
          t,
          "warn",
          `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${r.int(1, 9)}/${r.int(10, 99)}/${r.int(1e9, 9e9)} while reading upstream, client: ${ip}, server: shop.example.com, request: "GET /api/catalog/export HTTP/1.1"`,
        ),
      1.5,
    ],
    [() => errorLogEv(r, svc, t, "warn", `client ${ip} closed keepalive connection`), 0.5],
  ] as const)();
}
