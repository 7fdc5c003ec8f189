// An nginx API gateway shipped in Elastic Common Schema (access and error log): one route's
// upstream falls over, 502s and 504s surge on it while every other route stays healthy.

import type { Scenario } from "../blind/types.js";
import { iso, type Label, LogBook, MIN, nginxTime, poissonTimes, rngFor, startTime } from "./kit.js";

interface Route {
  path: () => string;
  method: string;
  upstream: string;
  median: number; // seconds
  weight: number;
}

export function gatewayRouteSurge(seed: number): Scenario {
  const name = "gateway-5xx-one-route";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const gw = r.pick(["edge-gateway", "api-gateway", "ingress-nginx"]);
  const hostName = r.pick(["api.shopco.example", "api.parcelly.example", "gw.acme.example"]);
  const routes: Route[] = [
    { path: () => `/api/v1/products/${r.int(1000, 99999)}`, method: "GET", upstream: "catalog", median: 0.018, weight: 30 },
    { path: () => "/api/v1/search", method: "GET", upstream: "search", median: 0.065, weight: 18 },
    { path: () => "/api/v1/cart", method: "POST", upstream: "cart", median: 0.035, weight: 12 },
    { path: () => `/api/v1/orders/${r.int(100000, 999999)}`, method: "GET", upstream: "orders", median: 0.04, weight: 10 },
    { path: () => "/api/v2/quotes", method: "POST", upstream: "quote-svc", median: 0.12, weight: 9 },
    { path: () => "/api/v1/checkout", method: "POST", upstream: "checkout", median: 0.22, weight: 6 },
    { path: () => "/api/v1/auth/token", method: "POST", upstream: "auth", median: 0.03, weight: 8 },
    { path: () => "/healthz", method: "GET", upstream: "local", median: 0.0005, weight: 4 },
  ];
  const bad = r.pick(routes.filter((x) => x.upstream !== "local"));
  const upIps = new Map(routes.map((x) => [x.upstream, Array.from({ length: 3 }, () => `${r.ip("10.40")}:8080`)]));
  const t0 = startTime(r);
  const onset = t0 + r.int(10, 16) * MIN;
  const recover = onset + r.int(8, 13) * MIN;
  const end = recover + r.int(3, 6) * MIN;
  const access = (t: number, label: Label, route: Route, path: string, status: number, rt: number, urt: string, ua: string, client: string): void => {
    const bytes = status >= 400 ? r.int(150, 600) : r.int(400, 18000);
    const upstream = route.upstream === "local" ? "-" : r.pick(upIps.get(route.upstream) ?? ["-"]);
    book.add(t, label, {
      "@timestamp": iso(t),
      "log.level": "info",
      message: `${client} - - [${nginxTime(t)}] "${route.method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${ua}" rt=${rt.toFixed(3)} uct="${urt === "-" ? "-" : "0.001"}" urt="${urt}"`,
      "service.name": gw,
      "event.dataset": "nginx.access",
      "http.request.method": route.method,
      "url.path": path,
      "http.response.status_code": status,
      "http.response.body.bytes": bytes,
      "upstream.address": upstream,
      "event.duration": Math.round(rt * 1e9),
      "user_agent.original": ua,
      "source.ip": client,
    });
  };
  const errorLog = (t: number, label: Label, level: string, text: string): void => {
    const d = new Date(t).toISOString();
    book.add(t, label, {
      "@timestamp": iso(t),
      "log.level": level,
      message: `${d.slice(0, 10).replaceAll("-", "/")} ${d.slice(11, 19)} [${level}] ${r.int(20, 40)}#${r.int(20, 40)}: *${r.int(100000, 9999999)} ${text}`,
      "service.name": gw,
      "event.dataset": "nginx.error",
    });
  };
  const uas = [
    "okhttp/4.12.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0",
    "shopco-android/7.3.1",
    "python-requests/2.31.0",
  ];
  const weighted = routes.map((x) => [x, x.weight] as const);
  for (const t of poissonTimes(r, t0, end, r.float(130, 160))) {
    const route = r.weighted(weighted);
    const path = route.path();
    const client = `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    const ua = r.pick(uas);
    if (route === bad && t >= onset && t < recover) {
      const mode = r.weighted([
        ["refused", 3],
        ["timeout", 2],
        ["ok", 3],
      ] as const);
      const up = r.pick(upIps.get(route.upstream) ?? ["-"]);
      if (mode === "refused") {
        errorLog(
          t + 1,
          "error",
          "error",
          `connect() failed (111: Connection refused) while connecting to upstream, client: ${client}, server: ${hostName}, request: "${route.method} ${path} HTTP/1.1", upstream: "http://${up}${path}", host: "${hostName}"`,
        );
        access(t + 2, "error", route, path, 502, 0.002, "0.001", ua, client);
      } else if (mode === "timeout") {
        errorLog(
          t + 60_000,
          "performance",
          "error",
          `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${client}, server: ${hostName}, request: "${route.method} ${path} HTTP/1.1", upstream: "http://${up}${path}", host: "${hostName}"`,
        );
        access(t + 60_001, "performance", route, path, 504, 60.001, "60.000", ua, client);
      } else {
        const rt = r.logNormal(route.median * 6, 0.5);
        access(t + Math.round(rt * 1000), rt > route.median * 4.5 ? "performance" : null, route, path, 200, rt, rt.toFixed(3), ua, client);
      }
      continue;
    }
    const rt = route.upstream === "local" ? 0 : r.logNormal(route.median, 0.4);
    const status =
      route.upstream === "local"
        ? 200
        : r.weighted([
            [200, 95],
            [route.method === "POST" ? 201 : 304, 2],
            [400, 1],
            [404, 1.2],
            [499, 0.3],
            [500, 0.1],
          ] as const);
    access(t + Math.round(rt * 1000), null, route, path, status, rt, route.upstream === "local" ? "-" : rt.toFixed(3), ua, client);
  }
  // Scanners probing for well-known files, and websocket upstreams closing idle connections: routine.
  for (const t of poissonTimes(r, t0, end, 1.2)) {
    const client = `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    const path = r.pick(["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/", "/actuator/env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"]);
    access(t, null, { path: () => path, method: "GET", upstream: "local", median: 0, weight: 0 }, path, 404, 0, "-", "Mozilla/5.0 zgrab/0.x", client);
  }
  for (const t of poissonTimes(r, t0, end, 0.4)) {
    errorLog(
      t,
      null,
      "error",
      `upstream prematurely closed connection while reading upstream, client: ${r.ip("172.16")}, server: ${hostName}, request: "GET /ws/notifications HTTP/1.1", upstream: "http://${r.ip("10.40")}:8080/ws/notifications", host: "${hostName}"`,
    );
  }
  for (const t of poissonTimes(r, t0, end, 0.3)) {
    errorLog(
      t,
      null,
      "warn",
      `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${r.int(1, 9)}/${r.int(10, 99)}/${r.int(1000000000, 9999999999)} while reading upstream`,
    );
  }
  return book.scenario(
    name,
    `the ${bad.upstream} upstream behind ${gw} refuses and times out: 502 and 504 surge on ${bad.method} ${bad.path().replace(/\d+/g, "{id}")} only`,
  );
}
