// ingress-nginx access and error logs (combined format + request times) captured as raw container lines.

import { clientIp, SEARCH_TERMS, sku, USER_AGENTS } from "./ids.js";
import { poissonTimes, scatteredTimes, type Rng } from "./random.js";
import { windowOf } from "./scen-util.js";
import { mk } from "./scenarios-system.js";
import { MIN, nginxTime } from "./time.js";
import { finalize } from "./traffic.js";
import type { AnomalyType, Ev, Level, Scenario } from "./types.js";

interface Upstream {
  name: string;
  addr: string[];
  rt: number; // median request time, seconds
  paths: (r: Rng) => [string, string]; // method, path
  w: number;
}

function upstreams(r: Rng): Upstream[] {
  const ips = (n: number): string[] => Array.from({ length: n }, () => `10.0.${r.int(10, 40)}.${r.int(2, 250)}:${8080}`);
  return [
    {
      name: "shop-frontend-80",
      addr: ips(3).map((a) => a.replace(":8080", ":80")),
      rt: 0.045,
      w: 5,
      paths: (r) => [
        "GET",
        r.pick(["/", "/de/", `/p/${sku(r).toLowerCase()}`, `/c/${r.pick(["shoes", "kitchen", "toys", "garden"])}?page=${r.int(1, 6)}`, "/cart", "/checkout"]),
      ],
    },
    {
      name: "shop-api-gateway-8080",
      addr: ips(3),
      rt: 0.06,
      w: 6,
      paths: (r) =>
        r.weighted([
          [["GET", `/api/products/${sku(r)}`], 5],
          [["GET", `/api/search?q=${encodeURIComponent(r.pick(SEARCH_TERMS))}`], 3],
          [["POST", "/api/cart/items"], 2],
          [["POST", "/api/orders"], 1],
          [["GET", "/api/users/me"], 2],
        ] as const) as [string, string],
    },
    {
      name: "shop-static-80",
      addr: ips(2).map((a) => a.replace(":8080", ":80")),
      rt: 0.003,
      w: 7,
      paths: (r) => [
        "GET",
        `/static/${r.pick(["js/app", "js/vendor", "css/main", "img/logo", "fonts/inter"])}.${r.hex(8)}.${r.pick(["js", "css", "svg", "woff2"])}`,
      ],
    },
  ];
}

/** nginx error-log time: 2025/09/19 07:49:29 */
const errTs = (t: number): string => new Date(t).toISOString().slice(0, 19).replace(/-/g, "/").replace("T", " ");

function accessLine(r: Rng, t: number, ip: string, m: string, path: string, status: number, rt: number, up: Upstream | null, upStatus?: string): string {
  const bytes = status >= 400 ? r.int(150, 600) : r.int(400, 48000);
  const ua = r.pick(USER_AGENTS);
  const ref = r.chance(0.6) ? "https://shop.acme.io/" : "-";
  const upPart = up ? `[${up.name}] [] ${r.pick(up.addr)} ${bytes} ${Math.max(0, rt - 0.001).toFixed(3)} ${upStatus ?? status}` : "[] [] - - - -";
  return `${ip} - - [${nginxTime(t)}] "${m} ${path} HTTP/${r.pick(["1.1", "2.0"])}" ${status} ${bytes} "${ref}" "${ua}" ${r.int(300, 1400)} ${rt.toFixed(3)} ${upPart} ${r.hex(32)}`;
}

export function nginxIngress(r: Rng): Scenario {
  const w = windowOf(r, r.int(60, 90));
  const ups = upstreams(r);
  const gw = ups[1]!;
  const evs: Ev[] = [];
  const svc = "ingress-nginx";
  const push = (t: number, level: Level, msg: string, label: AnomalyType | null = null): void => {
    evs.push(mk("docker-nginx", svc, t, level, msg, label, "ingress-nginx-controller-7c9d5b8f4-hx2kq"));
  };
  const perMin = r.float(55, 75);
  for (const t of poissonTimes(r, w.start, w.end, perMin)) {
    const up = r.weighted(ups.map((u) => [u, u.w] as const));
    const [m, p] = up.paths(r);
    const status = r.weighted([
      [m === "POST" ? 201 : 200, 90],
      [304, up.name.includes("static") ? 20 : 2],
      [404, 1.5],
      [499, 0.6],
      [301, 0.5],
    ] as const);
    push(t, "INFO", accessLine(r, t, clientIp(r), m, p, status, status === 499 ? r.float(0.5, 4) : r.logNormal(up.rt, 0.55), up));
  }
  for (const t of poissonTimes(r, w.start, w.end, 0.8))
    push(
      t,
      "INFO",
      accessLine(
        r,
        t,
        clientIp(r),
        "GET",
        r.pick(["/favicon.ico", "/robots.txt", "/apple-touch-icon.png", "/sitemap.xml"]),
        r.pick([200, 404]),
        r.float(0.0, 0.002),
        null,
      ),
    );
  for (const t of poissonTimes(r, w.start, w.end, 0.25))
    push(
      t,
      "WARNING",
      `${errTs(t)} [warn] ${r.int(30, 60)}#${r.int(30, 60)}: *${r.int(1e6, 9e6)} an upstream response is buffered to a temporary file /tmp/nginx/proxy-temp/${r.int(1, 9)}/${r.int(10, 99)}/00000${r.int(10000, 99999)} while reading upstream, client: ${clientIp(r)}, server: shop.acme.io, request: "GET /api/products?page=${r.int(1, 20)} HTTP/2.0", upstream: "http://${r.pick(gw.addr)}/api/products", host: "shop.acme.io"`,
    );
  for (let t = w.start + r.int(0, 599_999); t < w.end; t += 10 * MIN)
    push(
      t,
      "INFO",
      `I${new Date(t).toISOString().slice(5, 10).replace("-", "")} ${new Date(t).toISOString().slice(11, 23)}000       7 store.go:440] "Found valid IngressClass" ingress="shop/shop" ingressclass="nginx"`,
    );

  // 1) a 5xx burst: the gateway pods are OOM-restarting, nginx gets connection refused (502) for ~90 s
  const b0 = w.start + r.float(0.15, 0.4) * (w.end - w.start);
  for (const t of poissonTimes(r, b0, b0 + r.float(70, 110) * 1000, perMin * 0.4)) {
    const [m, p] = gw.paths(r);
    const ip = clientIp(r);
    push(
      t,
      "ERROR",
      `${errTs(t)} [error] 41#41: *${r.int(1e6, 9e6)} connect() failed (111: Connection refused) while connecting to upstream, client: ${ip}, server: shop.acme.io, request: "${m} ${p} HTTP/2.0", upstream: "http://${r.pick(gw.addr)}${p}", host: "shop.acme.io"`,
      "error",
    );
    push(t + 1, "INFO", accessLine(r, t + 1, ip, m, p, 502, r.float(0.001, 0.004), gw, "502"), "error");
  }
  // 2) upstream timeouts: 504 after exactly the 60 s proxy_read_timeout, in a few clusters
  for (const c of scatteredTimes(r, w.start + 5 * MIN, w.end - 2 * MIN, 3)) {
    for (const t of poissonTimes(r, c, c + 40_000, 12)) {
      const [m, p] = gw.paths(r);
      const ip = clientIp(r);
      push(
        t,
        "ERROR",
        `${errTs(t)} [error] 41#41: *${r.int(1e6, 9e6)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip}, server: shop.acme.io, request: "${m} ${p} HTTP/2.0", upstream: "http://${r.pick(gw.addr)}${p}", host: "shop.acme.io"`,
        "performance",
      );
      push(t + 2, "INFO", accessLine(r, t + 2, ip, m, p, 504, 60.001 + r.float(0, 0.004), gw, "504"), "performance");
    }
  }
  // 3) extreme request times that still returned 200, scattered
  for (const t of scatteredTimes(r, w.start + MIN, w.end - MIN, r.int(12, 20))) {
    const up = r.pick(ups.slice(0, 2));
    const [m, p] = up.paths(r);
    push(t, "INFO", accessLine(r, t, clientIp(r), m, p, 200, r.float(9, 42), up), "performance");
  }
  // 4) a scanner probing odd paths for ~3 minutes
  const scanIp = `185.191.171.${r.int(2, 250)}`;
  const s0 = w.start + r.float(0.5, 0.85) * (w.end - w.start);
  const odd = [
    "/.env",
    "/.git/config",
    "/wp-login.php",
    "/wp-admin/setup-config.php",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/cgi-bin/luci/;stok=/locale",
    "/actuator/env",
    "/api/../../../../etc/passwd",
    "/phpmyadmin/index.php",
    "/boaform/admin/formLogin",
    "/.aws/credentials",
    "/server-status",
    "/console/login/LoginForm.jsp",
    "/HNAP1/",
    "/owa/auth/logon.aspx",
    "/?XDEBUG_SESSION_START=phpstorm",
    "/solr/admin/info/system?wt=json",
    "/.DS_Store",
  ];
  for (const t of poissonTimes(r, s0, s0 + 3 * MIN, r.float(14, 22))) {
    const p = `${r.pick(odd)}${r.chance(0.2) ? `?${r.alnum(6)}=${r.alnum(8)}` : ""}`;
    push(
      t,
      "INFO",
      accessLine(r, t, scanIp, r.pick(["GET", "GET", "POST"]), p, r.pick([404, 404, 400, 403]), r.float(0.0, 0.003), null).replace(
        /"[^"]*" \d+ [\d.]+ \[\]/,
        '"Mozilla/5.0 zgrab/0.x" 0 0.001 []',
      ),
      "pattern",
    );
  }
  return finalize(
    r,
    "nginx-ingress-5xx-timeouts-scanner",
    "ingress-nginx access/error lines in raw container logs (no level field): a 502 burst from refused connections, clusters of 60 s upstream timeouts (504), extreme request times, and a scanner probing odd paths.",
    evs,
  );
}
