// An online shop's nginx edge writing JSON access logs (log_format ... escape=json) plus its error
// log shipped as JSON. A scraper walks the search endpoint from a small address block at many
// times the normal rate; the search upstream slows to tens of seconds, times out (504) and is
// briefly marked down (502 "no live upstreams") until a rate limit starts answering 429.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoSec, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
];

export function edgeNginxSearchScraper(seed: number): Scenario {
  const r = new Rand(seed, "s08-nginx");
  const tl = new Timeline();
  const t0 = windowStart(r, 8, 20);
  const t1 = t0 + 3 * HOUR;
  const scrapeStart = t0 + r.float(60, 95) * MIN;
  const limitAt = scrapeStart + r.float(22, 30) * MIN;
  const scrapeEnd = limitAt + r.float(8, 14) * MIN;
  const slowFrom = scrapeStart + r.float(3, 5) * MIN;
  const slowTo = limitAt + r.float(1, 3) * MIN;
  const host = "shop.example.com";
  const searchUps = ["10.0.7.21:8080", "10.0.7.22:8080", "10.0.7.23:8080"];
  const scraperNet = `${r.int(80, 200)}.${r.int(1, 254)}.${r.int(1, 254)}.`;
  const scraperUa = r.pick(["python-requests/2.31.0", "Go-http-client/1.1", "Mozilla/5.0 (compatible; DataHarvest/3.2)"]);
  let conn = r.int(1e6, 9e6);

  const access = (t: number, e: Record<string, unknown>, label: Label) => {
    // nginx writes the access line when the request completes.
    const end = t + (typeof e.request_time === "number" ? e.request_time * 1000 : 0);
    tl.add(end, { time: isoSec(end), service: "edge-nginx", host, request_id: r.hex(32), ...e }, label);
  };
  const errlog = (t: number, level: string, message: string, label: Label) => {
    tl.add(t, { time: isoSec(t), service: "edge-nginx", level, pid: r.int(30, 45), tid: r.int(30, 45), connection_id: conn++, message }, label);
  };
  const searchSlow = (t: number) => t >= slowFrom && t < slowTo;

  for (const t of r.stream(3200, t0, t1)) {
    const ip = `${r.int(2, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    const ua = r.pick(UAS);
    const kind = r.weighted([
      ["page", 30],
      ["static", 25],
      ["api", 25],
      ["search", 12],
      ["scan", 3],
      ["redirect", 3],
      ["health", 6],
    ] as const);
    if (kind === "search") {
      const q = r.pick(["trail shoes", "rain jacket", "headlamp", "tent 2 person", "merino socks", "gps watch", "stove"]);
      const uri = `/api/search?q=${encodeURIComponent(q)}&page=${r.int(1, 3)}`;
      const up = r.pick(searchUps);
      if (searchSlow(t) && r.chance(0.85)) {
        if (r.chance(0.35)) {
          access(
            t,
            {
              remote_addr: ip,
              request: `GET ${uri} HTTP/2.0`,
              status: 504,
              body_bytes_sent: 160,
              request_time: 60.001,
              upstream_addr: up,
              upstream_status: "504",
              upstream_response_time: "60.000",
              http_referer: `https://${host}/`,
              http_user_agent: ua,
            },
            "performance",
          );
          errlog(
            t + 60_000,
            "error",
            `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip}, server: ${host}, request: "GET ${uri} HTTP/2.0", upstream: "http://${up}${uri}", host: "${host}"`,
            "performance",
          );
        } else if (r.chance(0.15)) {
          access(
            t,
            {
              remote_addr: ip,
              request: `GET ${uri} HTTP/2.0`,
              status: 502,
              body_bytes_sent: 150,
              request_time: 0.0,
              upstream_addr: "search_backend",
              upstream_status: "502",
              upstream_response_time: "0.000",
              http_referer: `https://${host}/`,
              http_user_agent: ua,
            },
            "error",
          );
          errlog(
            t,
            "error",
            `no live upstreams while connecting to upstream, client: ${ip}, server: ${host}, request: "GET ${uri} HTTP/2.0", upstream: "http://search_backend${uri}", host: "${host}"`,
            "error",
          );
        } else {
          const s = round(r.float(4, 45), 3);
          access(
            t,
            {
              remote_addr: ip,
              request: `GET ${uri} HTTP/2.0`,
              status: 200,
              body_bytes_sent: r.int(3000, 40000),
              request_time: s,
              upstream_addr: up,
              upstream_status: "200",
              upstream_response_time: s.toFixed(3),
              http_referer: `https://${host}/`,
              http_user_agent: ua,
            },
            "performance",
          );
        }
      } else {
        const s = round(r.logNormal(0.045, 0.4), 3);
        access(
          t,
          {
            remote_addr: ip,
            request: `GET ${uri} HTTP/2.0`,
            status: 200,
            body_bytes_sent: r.int(3000, 40000),
            request_time: s,
            upstream_addr: up,
            upstream_status: "200",
            upstream_response_time: s.toFixed(3),
            http_referer: `https://${host}/`,
            http_user_agent: ua,
          },
          null,
        );
      }
      continue;
    }
    if (kind === "page") {
      const s = round(r.logNormal(0.12, 0.4), 3);
      const path = r.pick(["/", "/c/footwear", "/c/camping", `/p/${r.int(10000, 99999)}`, "/cart", "/account"]);
      access(
        t,
        {
          remote_addr: ip,
          request: `GET ${path} HTTP/2.0`,
          status: 200,
          body_bytes_sent: r.int(20000, 90000),
          request_time: s,
          upstream_addr: `10.0.5.${r.int(11, 14)}:3000`,
          upstream_status: "200",
          upstream_response_time: s.toFixed(3),
          http_referer: r.chance(0.5) ? `https://${host}/` : "",
          http_user_agent: ua,
        },
        null,
      );
    } else if (kind === "static") {
      access(
        t,
        {
          remote_addr: ip,
          request: `GET /assets/${r.pick(["app", "vendor", "main"])}.${r.hex(8)}.${r.pick(["js", "css", "woff2"])} HTTP/2.0`,
          status: r.chance(0.3) ? 304 : 200,
          body_bytes_sent: r.int(0, 400000),
          request_time: round(r.float(0, 0.004), 3),
          upstream_addr: "",
          upstream_status: "",
          upstream_response_time: "",
          http_referer: `https://${host}/`,
          http_user_agent: ua,
        },
        null,
      );
    } else if (kind === "api") {
      const s = round(r.logNormal(0.03, 0.4), 3);
      const [m, p] = r.pick([
        ["GET", "/api/cart"],
        ["POST", "/api/cart/items"],
        ["GET", `/api/products/${r.int(10000, 99999)}`],
        ["GET", `/api/stock?sku=${r.int(1e5, 9e5)}`],
      ] as const);
      const status = r.chance(0.02) ? 499 : m === "POST" ? 201 : 200;
      access(
        t,
        {
          remote_addr: ip,
          request: `${m} ${p} HTTP/2.0`,
          status,
          body_bytes_sent: status === 499 ? 0 : r.int(100, 6000),
          request_time: s,
          upstream_addr: `10.0.6.${r.int(11, 16)}:8080`,
          upstream_status: status === 499 ? "-" : String(status),
          upstream_response_time: status === 499 ? "-" : s.toFixed(3),
          http_referer: `https://${host}/`,
          http_user_agent: ua,
        },
        null,
      );
    } else if (kind === "scan") {
      access(
        t,
        {
          remote_addr: ip,
          request: `GET ${r.pick(["/wp-login.php", "/.env", "/phpmyadmin/", "/.git/config", "/actuator/health", "/xmlrpc.php"])} HTTP/1.1`,
          status: 404,
          body_bytes_sent: 153,
          request_time: 0.0,
          upstream_addr: "",
          upstream_status: "",
          upstream_response_time: "",
          http_referer: "",
          http_user_agent: r.pick(["Mozilla/5.0 zgrab/0.x", "curl/7.88.1", "Mozilla/5.0 (compatible; CensysInspect/1.1)"]),
        },
        null,
      );
    } else if (kind === "redirect") {
      access(
        t,
        {
          remote_addr: ip,
          request: "GET / HTTP/1.1",
          status: 301,
          body_bytes_sent: 169,
          request_time: 0.0,
          upstream_addr: "",
          upstream_status: "",
          upstream_response_time: "",
          http_referer: "",
          http_user_agent: ua,
        },
        null,
      );
    } else {
      access(
        t,
        {
          remote_addr: "10.0.0.2",
          request: "GET /healthz HTTP/1.1",
          status: 200,
          body_bytes_sent: 2,
          request_time: 0.0,
          upstream_addr: "",
          upstream_status: "",
          upstream_response_time: "",
          http_referer: "",
          http_user_agent: "ELB-HealthChecker/2.0",
        },
        null,
      );
    }
  }

  // The scraper: sequential SKU searches from a /24, far above any client's normal rate.
  let sku = r.int(100000, 200000);
  for (const t of r.stream(r.float(6500, 8500), scrapeStart, scrapeEnd)) {
    const ip = `${scraperNet}${r.int(10, 14)}`;
    const uri = `/api/search?q=sku%3A${sku++}&page=1&per_page=100`;
    if (t >= limitAt) {
      access(
        t,
        {
          remote_addr: ip,
          request: `GET ${uri} HTTP/1.1`,
          status: 429,
          body_bytes_sent: 169,
          request_time: 0.0,
          upstream_addr: "",
          upstream_status: "",
          upstream_response_time: "",
          http_referer: "",
          http_user_agent: scraperUa,
        },
        "pattern",
      );
      if (r.chance(0.3))
        errlog(
          t,
          "error",
          `limiting requests, excess: ${(r.float(5, 40)).toFixed(3)} by zone "search", client: ${ip}, server: ${host}, request: "GET ${uri} HTTP/1.1", host: "${host}"`,
          "pattern",
        );
      continue;
    }
    const slow = searchSlow(t);
    const s = slow ? round(r.float(3, 50), 3) : round(r.logNormal(0.3, 0.4), 3);
    access(
      t,
      {
        remote_addr: ip,
        request: `GET ${uri} HTTP/1.1`,
        status: 200,
        body_bytes_sent: r.int(40000, 250000),
        request_time: s,
        upstream_addr: r.pick(searchUps),
        upstream_status: "200",
        upstream_response_time: s.toFixed(3),
        http_referer: "",
        http_user_agent: scraperUa,
      },
      "pattern",
    );
  }
  // Routine error-log noise.
  for (const t of r.times(r.int(8, 16), t0, t1)) {
    errlog(
      t,
      "error",
      `open() "/usr/share/nginx/html/${r.pick(["wp-login.php", ".env", "phpmyadmin/index.php"])}" failed (2: No such file or directory), client: ${r.int(2, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}, server: ${host}, request: "GET /wp-login.php HTTP/1.1", host: "${host}"`,
      null,
    );
  }
  for (const t of r.times(r.int(5, 10), t0, t1)) {
    errlog(
      t,
      "info",
      `client ${r.int(2, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)} closed keepalive connection (104: Connection reset by peer)`,
      null,
    );
  }

  return tl.build(
    "edge-nginx-search-scraper",
    "nginx JSON access and error logs of a shop edge: a scraper hammers search from one address block, the search upstream slows to 504s and 502s, then a rate limit answers 429.",
  );
}
