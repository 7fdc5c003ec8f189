// A credential-stuffing botnet hammers POST /users/sign_in of a Rails storefront behind nginx and a Google Cloud
// load balancer. Failed logins flood the logs, limit_req rejects the noisiest IPs, accounts get locked, bcrypt
// burns the web pods' CPU so ordinary pages slow down, and a Cloud Armor rate-based ban finally stops the wave.

import { APP_UA, BROWSER_UA, Build, type GcpCtx, gcpContainer, type Label, mkPod, type Pod, publicIp } from "./build.js";
import type { WildScenario } from "./types.js";

export function s05CredentialStuffing(seed: number): WildScenario {
  const b = new Build(seed, "s05-credential-stuffing");
  const { rng, f } = b;
  const start = b.start([0, 1, 2, 3, 4, 5, 18, 19, 20]);
  const dur = rng.int(36, 52) * 60000;
  const end = start + dur;
  const tA = start + Math.round(dur * rng.float(0.28, 0.4));
  const tArmor = tA + rng.int(11, 16) * 60000;
  const tStop = Math.min(end - 60000, tArmor + rng.int(5, 9) * 60000);
  const attack = (t: number): number => (t < tA ? 0 : t < tA + 60000 ? (0.26 * (t - tA)) / 60000 : t < tArmor ? 0.26 : t < tStop ? 0.3 : 0);
  const tScaled = tA + rng.int(7, 10) * 60000; // HPA has added web pods
  const strained = (t: number): boolean => t > tA + 150000 && t < tScaled;

  const g: GcpCtx = { project: "acme-shop-prod", location: "europe-west1", cluster: "shop-prod-ew1" };
  const nodes = [0, 1, 2].map(() => `gke-shop-prod-ew1-default-pool-${rng.hex(8)}-${rng.k8s(4)}`);
  const hash = rng.k8s(10);
  const web = nodes.map((n) =>
    mkPod(rng, "storefront", "storefront-web", n, "europe-west1-docker.pkg.dev/acme-shop-prod/apps/storefront:2026.3.14", { rsHash: hash, container: "rails" }),
  );
  const sk = mkPod(rng, "storefront", "storefront-sidekiq", nodes[1] ?? "", "europe-west1-docker.pkg.dev/acme-shop-prod/apps/storefront:2026.3.14", {
    container: "sidekiq",
  });
  const edges = ["edge-nginx-1", "edge-nginx-2"];
  const nginxPid = { "edge-nginx-1": rng.int(1000, 3000), "edge-nginx-2": rng.int(1000, 3000) } as Record<string, number>;
  let cid = rng.int(1000000, 9000000);
  const glbIp = (): string => `${rng.pick(["35.191", "130.211"])}.${rng.int(0, 255)}.${rng.int(1, 254)}`;

  // botnet: residential proxies, rotating UAs, some IPs reused a few times
  const botIps = Array.from({ length: 260 }, () => publicIp(rng));
  const botUa = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36",
    "python-requests/2.31.0",
  ];
  const perIp = new Map<string, number[]>();

  // ---------------------------------------------------------------- writers
  const access = (
    t: number,
    edge: string,
    ip: string,
    req: string,
    st: number,
    bytes: number,
    ref: string,
    ua: string,
    rt: number,
    urt: string,
    l: Label,
  ): void => {
    b.add(t, f.combined(ip, "-", t, req, st, bytes, ref, ua, ` "${ip}, ${glbIp()}" ${rt.toFixed(3)} ${urt}`), l);
    void edge;
  };
  const rails = (t: number, p: Pod, sev: string, msg: string, l: Label): void =>
    b.add(t + rng.int(0, 3), gcpContainer(b, t, g, p, "stdout", `${f.ruby(t, 1, sev, "", msg)}\n`), l);
  const lbSampled = (t: number, ip: string, method: string, path: string, st: number, ua: string, lat: number, l: Label, denied = false): void => {
    if (!rng.chance(0.1)) return;
    b.add(
      t + rng.int(0, 3),
      {
        insertId: rng.alnum(12),
        jsonPayload: {
          "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
          statusDetails: denied ? "denied_by_security_policy" : "response_sent_by_backend",
          backendTargetProjectNumber: "projects/408112379541",
          remoteIp: ip,
          enforcedSecurityPolicy: denied
            ? {
                name: "shop-edge-armor",
                priority: 900,
                configuredAction: "RATE_BASED_BAN",
                outcome: "DENY",
                rateLimitAction: { key: ip, outcome: "BAN_THRESHOLD_EXCEED" },
              }
            : { name: "shop-edge-armor", priority: 2147483647, configuredAction: "ALLOW", outcome: "ACCEPT" },
        },
        httpRequest: {
          requestMethod: method,
          requestUrl: `https://shop.example.com${path}`,
          requestSize: String(rng.int(300, 1400)),
          status: st,
          responseSize: String(denied ? 134 : rng.int(400, 30000)),
          userAgent: ua,
          remoteIp: ip,
          serverIp: `10.132.0.${rng.int(2, 40)}`,
          latency: `${lat.toFixed(6)}s`,
          protocol: "HTTP/1.1",
        },
        resource: {
          type: "http_load_balancer",
          labels: {
            backend_service_name: "shop-edge-nginx-bs",
            forwarding_rule_name: "shop-edge-https-fr",
            project_id: g.project,
            target_proxy_name: "shop-edge-https-proxy",
            url_map_name: "shop-edge-urlmap",
            zone: "global",
          },
        },
        timestamp: f.nano(t),
        severity: denied || st >= 400 ? "WARNING" : "INFO",
        logName: `projects/${g.project}/logs/requests`,
        trace: `projects/${g.project}/traces/${rng.hex(32)}`,
        receiveTimestamp: f.nano(t + rng.int(300, 2500)),
        spanId: rng.hex(16),
      },
      l,
    );
  };

  // ---------------------------------------------------------------- normal shoppers
  const pages: [string, string, number][] = [
    ["GET", "/", 10],
    ["GET", "/products/{slug}", 14],
    ["GET", "/collections/{col}", 8],
    ["GET", "/cart", 5],
    ["POST", "/cart/items", 3],
    ["GET", "/account", 2],
    ["POST", "/users/sign_in", 1.2],
    ["GET", "/users/sign_in", 1.5],
    ["GET", "/assets/application-{h}.css", 6],
    ["GET", "/assets/application-{h}.js", 6],
    ["GET", "/healthz", 3],
  ];
  const slugs = ["merino-crew-sock", "trail-runner-2", "down-jacket-w", "canvas-tote", "wool-beanie", "rain-shell-m", "linen-shirt"];
  const cols = ["new-in", "sale", "outdoor", "women", "men"];
  const asset = rng.hex(64);
  const ctrl: Record<string, string> = {
    "/": "HomeController#index",
    "/products/{slug}": "ProductsController#show",
    "/collections/{col}": "CollectionsController#show",
    "/cart": "CartsController#show",
    "/cart/items": "CartItemsController#create",
    "/account": "AccountsController#show",
    "/users/sign_in": "Users::SessionsController",
  };
  b.flow(start, end, 0.7, (t) => {
    const [m, tpl] = (() => {
      const r = rng.weighted(pages.map(([mm, p, w]) => [`${mm} ${p}`, w] as const));
      return r.split(" ") as [string, string];
    })();
    const path = tpl.replace("{slug}", rng.pick(slugs)).replace("{col}", rng.pick(cols)).replace("{h}", asset);
    const ip = publicIp(rng);
    const ua = tpl === "/healthz" ? "GoogleHC/1.0" : rng.chance(0.8) ? rng.pick(BROWSER_UA) : rng.pick(APP_UA);
    const edge = rng.pick(edges);
    if (tpl.startsWith("/assets") || tpl === "/healthz") {
      const rt = rng.logn(0.002, 0.5);
      access(
        t,
        edge,
        tpl === "/healthz" ? glbIp() : ip,
        `${m} ${path} HTTP/1.1`,
        tpl === "/healthz" ? 200 : rng.chance(0.4) ? 304 : 200,
        tpl === "/healthz" ? 2 : rng.int(20000, 240000),
        tpl === "/healthz" ? "-" : "https://shop.example.com/",
        ua,
        rt,
        "-",
        null,
      );
      return;
    }
    const p = rng.pick(web);
    let ms = rng.logn(tpl === "/users/sign_in" && m === "POST" ? 290 : 85, 0.4);
    let l: Label = null;
    let st = m === "POST" ? (tpl === "/users/sign_in" ? (rng.chance(0.85) ? 302 : 401) : 302) : 200;
    let err = "";
    if (strained(t) && rng.chance(0.6)) {
      ms = rng.logn(2300, 0.45);
      l = ms > 1000 ? "performance" : null;
      if (rng.chance(0.05)) {
        ms = 5000 + rng.float(1, 20);
        st = 500;
        err =
          " error='ActiveRecord::ConnectionTimeoutError: could not obtain a connection from the pool within 5.000 seconds (waited 5.001 seconds); all pooled connections were in use'";
        l = "error";
      }
    }
    if (l === null && st === 200 && rng.chance(0.01)) st = 404;
    const [controller, action] = (ctrl[tpl] ?? "ApplicationController#show").split("#") as [string, string];
    const act = controller === "Users::SessionsController" ? (m === "POST" ? "create" : "new") : action;
    const done = t + Math.round(ms);
    rails(
      done,
      p,
      "INFO",
      `[${rng.uuid()}] method=${m} path=${path} format=html controller=${controller} action=${act} status=${st}${err} allocations=${rng.int(800, 30000)} duration=${ms.toFixed(2)} view=${(ms * 0.4).toFixed(2)} db=${(ms * 0.1).toFixed(2)}`,
      l,
    );
    access(
      done + 1,
      edge,
      ip,
      `${m} ${path} HTTP/1.1`,
      st,
      st === 302 ? 0 : rng.int(3000, 60000),
      "https://shop.example.com/",
      ua,
      (ms + 2) / 1000,
      ((ms + 1) / 1000).toFixed(3),
      l,
    );
    lbSampled(done + 2, ip, m, path, st, ua, (ms + 4) / 1000, l);
  });

  // ---------------------------------------------------------------- the botnet
  const locked = new Set<number>();
  b.flow(tA, tStop, attack, (t) => {
    const ip = rng.chance(0.35) ? (botIps[rng.int(0, 19)] ?? publicIp(rng)) : rng.pick(botIps);
    const ua = rng.pick(botUa);
    if (t >= tArmor) {
      lbSampled(t, ip, "POST", "/users/sign_in", 403, ua, rng.float(0.0008, 0.003), "pattern", true);
      return;
    }
    const edge = rng.pick(edges);
    const hist = (perIp.get(ip) ?? []).filter((x) => x > t - 60000);
    hist.push(t);
    perIp.set(ip, hist);
    if (hist.length > 6) {
      const excess = (hist.length - 5 + rng.float(0, 0.9)).toFixed(3);
      b.add(
        t,
        f.nginxErr(
          t,
          "error",
          nginxPid[edge] ?? 1234,
          cid++,
          `limiting requests, excess: ${excess} by zone "login", client: ${ip}, server: shop.example.com, request: "POST /users/sign_in HTTP/1.1", host: "shop.example.com", referrer: "https://shop.example.com/users/sign_in"`,
        ),
        "pattern",
      );
      access(t + 1, edge, ip, "POST /users/sign_in HTTP/1.1", 429, 162, "https://shop.example.com/users/sign_in", ua, 0.0, "-", "pattern");
      return;
    }
    const p = rng.pick(web);
    const hit = rng.chance(0.012);
    const ms = strained(t) ? rng.logn(1900, 0.35) : rng.logn(330, 0.2);
    const done = t + Math.round(ms);
    const st = hit ? 302 : 401;
    rails(
      done,
      p,
      "INFO",
      `[${rng.uuid()}] method=POST path=/users/sign_in format=html controller=Users::SessionsController action=create status=${st} allocations=${rng.int(2800, 3600)} duration=${ms.toFixed(2)} view=0.00 db=${rng.float(2, 9).toFixed(2)}`,
      "pattern",
    );
    if (!hit && rng.chance(0.06)) {
      const uid = rng.int(10000, 2000000);
      if (!locked.has(uid)) {
        locked.add(uid);
        rails(done + 1, p, "WARN", `[${rng.uuid()}] Devise::Lockable locked account user_id=${uid} failed_attempts=10 unlock_in=3600s ip=${ip}`, "pattern");
      }
    }
    access(
      done + 1,
      edge,
      ip,
      "POST /users/sign_in HTTP/1.1",
      st,
      hit ? 0 : 1489,
      "https://shop.example.com/users/sign_in",
      ua,
      (ms + 2) / 1000,
      ((ms + 1) / 1000).toFixed(3),
      "pattern",
    );
    lbSampled(done + 2, ip, "POST", "/users/sign_in", st, ua, (ms + 4) / 1000, "pattern");
  });

  // HPA scale-up: two more web pods boot (Puma in cluster mode)
  for (let k = 0; k < 2; k++) {
    const p = mkPod(rng, "storefront", "storefront-web", rng.pick(nodes), web[0]?.image ?? "", { rsHash: hash, container: "rails" });
    const t0 = tScaled - rng.int(60000, 100000);
    const lines = [
      "[1] Puma starting in cluster mode...",
      '[1] * Puma version: 6.4.3 (ruby 3.3.6-p108) ("The Eagle of Durango")',
      "[1] *  Min threads: 5",
      "[1] *  Max threads: 5",
      "[1] *  Environment: production",
      "[1] *   Master PID: 1",
      "[1] *      Workers: 4",
      "[1] *     Restarts: (✔) hot (✖) phased",
      "[1] * Preloading application",
      "[1] * Listening on http://0.0.0.0:3000",
      "[1] Use Ctrl-C to stop",
    ];
    lines.forEach((ln, i) => {
      const tl = t0 + i * 3 + (i > 8 ? 6500 : 0);
      b.add(tl, gcpContainer(b, tl, g, p, "stdout", `${ln}\n`));
    });
    for (let w = 0; w < 4; w++) {
      const tw = t0 + 7000 + rng.int(100, 900);
      b.add(tw, gcpContainer(b, tw, g, p, "stdout", `[1] - Worker ${w} (PID: ${rng.int(20, 60)}) booted in ${rng.float(0.3, 1.2).toFixed(2)}s, phase: 0\n`));
    }
  }

  // ---------------------------------------------------------------- Sidekiq (JSON formatter) via Cloud Logging jsonPayload
  const sidekiq = (t: number, lvl: string, msg: string, ctx: Record<string, unknown>, l: Label): void =>
    b.add(t, gcpContainer(b, t, g, sk, "stdout", { ts: f.iso(t), pid: 1, tid: rng.alnum(4), lvl, msg, ctx }), l);
  b.flow(start, end, 0.05, (t) => {
    const cls = rng.pick(["OrderConfirmationMailer", "StockSyncJob", "AbandonedCartJob", "SitemapRefreshJob"]);
    const jid = rng.hex(24);
    const el = rng.logn(0.6, 0.6);
    sidekiq(t, "INFO", "start", { class: cls, jid }, null);
    sidekiq(t + Math.round(el * 1000), "INFO", "done", { class: cls, jid, elapsed: Number(el.toFixed(3)) }, null);
  });
  for (const uid of locked) {
    const t = tA + rng.int(60000, tArmor - tA);
    const jid = rng.hex(24);
    sidekiq(t, "INFO", "start", { class: "Devise::Mailer#unlock_instructions", jid, user_id: uid }, "pattern");
    if (rng.chance(0.3)) {
      sidekiq(
        t + rng.int(200, 900),
        "WARN",
        "Net::SMTPServerBusy: 421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.",
        { class: "Devise::Mailer#unlock_instructions", jid, retry_count: rng.int(0, 3) },
        "error",
      );
    } else
      sidekiq(
        t + rng.int(300, 1200),
        "INFO",
        "done",
        { class: "Devise::Mailer#unlock_instructions", jid, elapsed: Number(rng.float(0.3, 1.2).toFixed(3)) },
        "pattern",
      );
  }

  // ---------------------------------------------------------------- Redis holding the Rack::Attack counters (plain server log)
  const rpid = rng.int(800, 1500);
  let bg = rng.int(100000, 200000);
  const save = (t: number, reason: string, l: Label): void => {
    const child = bg++;
    b.add(t, f.redis(t, rpid, "M", "*", reason), l);
    b.add(t + 1, f.redis(t + 1, rpid, "M", "*", `Background saving started by pid ${child}`), l);
    const d = rng.int(300, 1500);
    b.add(t + d, f.redis(t + d, child, "C", "*", "DB saved on disk"), l);
    b.add(
      t + d + 1,
      f.redis(t + d + 1, child, "C", "*", `Fork CoW for RDB: current ${rng.int(1, 6)} MB, peak ${rng.int(6, 12)} MB, average ${rng.int(1, 5)} MB`),
      l,
    );
    b.add(t + d + 100, f.redis(t + d + 100, rpid, "M", "*", "Background saving terminated with success"), l);
  };
  b.every(start + rng.int(0, 300000), end, 300000, 3000, (t) => {
    if (t > tA && t < tStop) return;
    save(t, "100 changes in 300 seconds. Saving...", null);
  });
  b.every(tA + 70000, tStop, 60000, 800, (t) => save(t, "10000 changes in 60 seconds. Saving...", "pattern"));

  return b.finish(
    "s05-credential-stuffing",
    "A credential-stuffing botnet floods POST /users/sign_in behind nginx and a Google Cloud LB: failed logins, limit_req rejections, account lockouts, bcrypt CPU saturation slowing the Rails storefront, Cloud Armor rate-based bans.",
  );
}
