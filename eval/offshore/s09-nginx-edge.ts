// Three hours of an nginx edge's JSON access log in front of a web app and an API. Normal
// traffic: pages, static assets and 304s, API calls, load-balancer health checks, crawlers,
// and the internet's background scanning for /wp-login.php and /.env (404s nobody acts on).
// What happened: the search backend is slow now and then (multi-second responses, a few 504s
// at the 60 s proxy timeout), the API upstream crashed once (a short burst of 502s), checkout
// returns sporadic 500s, one address runs a credential-stuffing burst against /login, and a
// Go client walks order ids one by one.
import type { Scenario } from "../blind/types.js";
import { baseDay, type Label, MIN, nginx, Rng, round, SEC, Story, sampleTimes, scatterTimes, USER_AGENTS, uniformTimes } from "./lib.js";

export function s09NginxEdge(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(8 * 60, 16 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(150, 200) * MIN;
  const host = rng.pick(["www.trailgear.example", "shop.northwind.example", "www.kestrel-outdoor.example"]);
  const web = ["10.20.1.11:3000", "10.20.1.12:3000", "10.20.1.13:3000"];
  const api = ["10.20.2.21:8080", "10.20.2.22:8080", "10.20.2.23:8080"];
  const search = ["10.20.3.31:9000", "10.20.3.32:9000"];
  const clients = Array.from({ length: 400 }, () => ({ ip: rng.publicIp(), ua: rng.pick(USER_AGENTS) }));
  const assetHash = rng.hex(8);

  const line = (
    t: number,
    label: Label,
    c: { ip: string; ua: string },
    method: string,
    uri: string,
    status: number,
    rt: number,
    up: { addr: string; status: string; time: string } | null,
    bytes: number,
    referer = "",
  ) =>
    story.add(
      t,
      label,
      nginx(t, {
        remote_addr: c.ip,
        request_id: rng.hex(32),
        host,
        request_method: method,
        request_uri: uri,
        server_protocol: rng.chance(0.7) ? "HTTP/2.0" : "HTTP/1.1",
        status,
        body_bytes_sent: bytes,
        request_time: round(rt, 3),
        upstream_addr: up?.addr ?? "",
        upstream_status: up?.status ?? "",
        upstream_response_time: up?.time ?? "",
        http_referer: referer,
        http_user_agent: c.ua,
        http_x_forwarded_for: "",
      }),
    );
  const upstream = (pool: string[], status: number, secs: number) => ({ addr: rng.pick(pool), status: String(status), time: secs.toFixed(3) });

  // ---------------------------------------------------------------- normal traffic
  for (const t of sampleTimes(rng, rng.int(3500, 4300), start, end)) {
    const c = rng.pick(clients);
    const kind = rng.weighted([
      ["page", 0.26],
      ["asset", 0.3],
      ["api", 0.3],
      ["bot", 0.04],
      ["scan", 0.012],
      ["icon", 0.02],
      ["login", 0.02],
    ] as const);
    if (kind === "page") {
      const uri = rng.pick(["/", "/c/jackets", "/c/tents", "/c/footwear", `/p/${rng.int(10000, 99999)}`, `/p/${rng.int(10000, 99999)}`, "/cart"]);
      const rt = rng.logn(0.09, 0.35);
      line(t, null, c, "GET", uri, 200, rt, upstream(web, 200, rt - 0.001), rng.int(18000, 90000), rng.chance(0.5) ? `https://${host}/` : "");
    } else if (kind === "asset") {
      const uri = rng.pick([
        `/assets/app.${assetHash}.js`,
        `/assets/app.${assetHash}.css`,
        `/assets/vendor.${assetHash}.js`,
        `/img/p/${rng.int(10000, 99999)}-480.webp`,
      ]);
      const cached = rng.chance(0.35);
      line(t, null, c, "GET", uri, cached ? 304 : 200, rng.float(0, 0.003), null, cached ? 0 : rng.int(4000, 400000), `https://${host}/`);
    } else if (kind === "api") {
      const r = rng.weighted([
        ["search", 0.3],
        ["cart", 0.35],
        ["cartpost", 0.15],
        ["reco", 0.12],
        ["checkout", 0.08],
      ] as const);
      if (r === "search") {
        const rt = rng.logn(0.12, 0.35);
        line(
          t,
          null,
          c,
          "GET",
          `/api/v1/search?q=${rng.pick(["tent", "down+jacket", "trail+runner", "stove", "headlamp"])}&page=1`,
          200,
          rt,
          upstream(search, 200, rt - 0.001),
          rng.int(3000, 30000),
        );
      } else {
        const rt = rng.logn(r === "checkout" ? 0.35 : 0.04, 0.3);
        const method = r === "cartpost" || r === "checkout" ? "POST" : "GET";
        const uri =
          r === "cart"
            ? "/api/v1/cart"
            : r === "cartpost"
              ? "/api/v1/cart/items"
              : r === "reco"
                ? `/api/v1/recommendations?p=${rng.int(10000, 99999)}`
                : "/api/v1/checkout";
        const status = r === "cart" && rng.chance(0.05) ? 401 : r === "cartpost" ? 201 : 200;
        line(t, null, c, method, uri, status, rt, upstream(api, status, rt - 0.001), rng.int(200, 4000));
      }
    } else if (kind === "bot") {
      const bot = rng.pick([
        { ip: `66.249.${rng.int(64, 79)}.${rng.int(1, 254)}`, ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
        { ip: `157.55.${rng.int(0, 255)}.${rng.int(1, 254)}`, ua: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)" },
      ]);
      const rt = rng.logn(0.1, 0.35);
      line(
        t,
        null,
        bot,
        "GET",
        rng.pick(["/robots.txt", "/sitemap.xml", `/p/${rng.int(10000, 99999)}`, "/c/tents"]),
        200,
        rt,
        upstream(web, 200, rt - 0.001),
        rng.int(2000, 80000),
      );
    } else if (kind === "scan") {
      line(
        t,
        null,
        { ip: rng.publicIp(), ua: rng.pick(["Mozilla/5.0 zgrab/0.x", "curl/7.68.0", "Mozilla/5.0 (compatible; CensysInspect/1.1)"]) },
        "GET",
        rng.pick(["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/", "/xmlrpc.php"]),
        404,
        0,
        null,
        153,
      );
    } else if (kind === "icon") {
      line(t, null, c, "GET", rng.pick(["/apple-touch-icon.png", "/apple-touch-icon-precomposed.png"]), 404, 0, null, 153);
    } else {
      const ok = rng.chance(0.85);
      const rt = rng.logn(0.18, 0.3);
      line(t, null, c, "POST", "/api/v1/login", ok ? 200 : 401, rt, upstream(api, ok ? 200 : 401, rt - 0.001), ok ? 512 : 64);
    }
  }
  for (let t = start + rng.int(0, 10) * SEC; t < end; t += 30 * SEC) {
    for (const lb of ["10.20.0.5", "10.20.0.6"]) {
      const tt = t + rng.int(0, 900);
      line(tt, null, { ip: lb, ua: "ELB-HealthChecker/2.0" }, "GET", "/healthz", 200, 0.001, upstream(web, 200, 0.001), 2);
    }
  }

  // ---------------------------------------------------------------- what went wrong
  // Slow search, scattered.
  for (const t of scatterTimes(rng, rng.int(35, 55), start + 5 * MIN, end - 5 * MIN)) {
    const rt = rng.float(4, 14);
    line(
      t,
      "performance",
      rng.pick(clients),
      "GET",
      `/api/v1/search?q=${rng.pick(["tent", "jacket", "boots", "sleeping+bag"])}&page=${rng.int(1, 3)}`,
      200,
      rt,
      upstream(search, 200, rt - 0.002),
      rng.int(3000, 30000),
    );
  }
  for (const t of scatterTimes(rng, rng.int(6, 10), start + 5 * MIN, end - 5 * MIN)) {
    line(t, "performance", rng.pick(clients), "GET", `/api/v1/search?q=${rng.pick(["tent", "jacket"])}&page=1`, 504, 60.001, upstream(search, 504, 60.0), 160);
  }
  // The API upstream crashes and restarts: a short burst of 502s.
  const crash = start + Math.round((end - start) * rng.float(0.25, 0.75));
  for (const t of uniformTimes(rng, rng.int(25, 45), crash, crash + rng.int(20, 40) * SEC)) {
    const uri = rng.pick(["/api/v1/cart", "/api/v1/cart/items", "/api/v1/checkout", "/api/v1/recommendations?p=51234"]);
    line(
      t,
      "error",
      rng.pick(clients),
      uri === "/api/v1/cart" ? "GET" : "POST",
      uri,
      502,
      rng.float(0.001, 0.004),
      { addr: "10.20.2.22:8080", status: "502", time: "0.000" },
      552,
    );
  }
  // Sporadic checkout 500s.
  for (const t of scatterTimes(rng, rng.int(12, 20), start + 5 * MIN, end - 5 * MIN)) {
    const rt = rng.float(0.2, 0.6);
    line(t, "error", rng.pick(clients), "POST", "/api/v1/checkout", 500, rt, upstream(api, 500, rt - 0.001), 87);
  }
  // Credential stuffing from one address.
  const stuffer = { ip: rng.publicIp(), ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36" };
  const ts = start + Math.round((end - start) * rng.float(0.1, 0.85));
  for (const t of uniformTimes(rng, rng.int(150, 260), ts, ts + rng.int(55, 90) * SEC)) {
    const ok = rng.chance(0.01);
    const rt = rng.logn(0.17, 0.25);
    line(t, "pattern", stuffer, "POST", "/api/v1/login", ok ? 200 : 401, rt, upstream(api, ok ? 200 : 401, rt - 0.001), ok ? 512 : 64);
  }
  // A Go client walking order ids.
  const walker = { ip: rng.publicIp(), ua: "Go-http-client/1.1" };
  const tw = start + Math.round((end - start) * rng.float(0.1, 0.8));
  let oid = rng.int(1_200_000, 1_300_000);
  for (const t of uniformTimes(rng, rng.int(60, 100), tw, tw + rng.int(8, 14) * MIN)) {
    const status = rng.weighted([
      [403, 0.7],
      [404, 0.2],
      [200, 0.1],
    ] as const);
    const rt = rng.logn(0.03, 0.3);
    line(t, "pattern", walker, "GET", `/api/v1/orders/${oid++}`, status, rt, upstream(api, status, rt - 0.001), status === 200 ? rng.int(800, 2400) : 60);
  }

  return story.build(
    "nginx-edge",
    "An nginx edge's JSON access log with everyday 404 scanner noise, where search is intermittently slow (seconds, some 504s), the API upstream crashes once (a 502 burst), checkout throws sporadic 500s, one IP credential-stuffs /login and a Go client walks order ids.",
  );
}
