/**
 * s11 homes-nginx-upstream: a real-estate listings site over three hours behind ingress-nginx,
 * whose JSON access log (log_format escape=json: request, status, request_time and
 * upstream_response_time in seconds, msec) is shipped by Fluent Bit with Kubernetes metadata, in
 * front of three apps that log beside it: listings-web (Rails lograge JSON, `duration` ms),
 * search-api (zap, `latency` in seconds, Elasticsearch `took_ms`) and media-api (pino-http).
 * Midway, a shard relocation on the Elasticsearch cluster behind search-api makes searches slow
 * (Elasticsearch's own JSON slow log appears); request_time on the search routes climbs from
 * tens of milliseconds to seconds, then /api/search and /api/search/map hit nginx's 10 s
 * proxy_read_timeout (504) while search-api sees its requests cancelled; liveness probes time out,
 * pods are restarted and /api/suggest gets 502s while they are down. listings-web's listing pages
 * slow down on their "similar listings" call. About 25-35 minutes later the relocation finishes
 * and the rest of the window is healthy.
 * Labels: requests slowed past three times their route's healthy maximum (search and map answer
 * in under 130 ms, suggest in under 35 ms, listing pages in under 260 ms), 504s, cancelled
 * searches, slow-log entries, probe timeouts and similar-listings timeouts are performance; 502s,
 * failed connections, probe-triggered kills and the restarted pods' startup lines are error.
 * Routine: bots' 404s, redirects, a few client-closed 499s and 304s, media served from cache.
 */
import { HOUR, iso, isoMillisOffset, type Label, ln, MIN, podName, privateIp, publicIp, round, SEC, Timeline, uniformTimes, uuid } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s11HomesNginxUpstream(seed: number): Scenario {
  const name = "homes-nginx-upstream";
  const rng = new Rng(seed, name);
  const span = 3 * HOUR;
  const start = rng.start2026(span, 8, 18);
  const end = start + span;
  const tl = new Timeline();

  const t1 = start + rng.float(0.35, 0.45) * span; // relocation starts
  const ramp = rng.float(8, 12) * MIN;
  const t3 = t1 + rng.float(35, 50) * MIN; // relocation done
  /** slowdown factor of an Elasticsearch query at t (1 = healthy) */
  const slowdown = (t: number): number => {
    if (t < t1 || t >= t3) return 1;
    const x = Math.min(1, (t - t1) / ramp);
    return 1 + x * rng.float(50, 320);
  };

  const ingressPods = [podName(rng, "ingress-nginx-controller"), podName(rng, "ingress-nginx-controller")];
  const searchPods = [podName(rng, "search-api"), podName(rng, "search-api"), podName(rng, "search-api")];
  const searchIp = new Map(searchPods.map((p) => [p, privateIp(rng)]));
  const webPods = [podName(rng, "listings-web"), podName(rng, "listings-web")];
  const webIp = new Map(webPods.map((p) => [p, privateIp(rng)]));
  const mediaPod = podName(rng, "media-api");
  const mediaIp = privateIp(rng);
  const cities = ["lyon", "bordeaux", "nantes", "lille", "toulouse", "marseille", "nice", "rennes", "grenoble", "montpellier"];
  const uas = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36",
  ];
  const bots = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "python-requests/2.32.3",
  ];

  // search-api pods down (restarting) intervals, filled in while generating
  const downs: { pod: string; from: number; to: number }[] = [];
  const podDown = (pod: string, t: number): boolean => downs.some((d) => d.pod === pod && t >= d.from && t < d.to);

  // ---- producers ---------------------------------------------------------------------------
  const k8s = (pod: string, app: string, container: string): Record<string, unknown> => ({
    pod_name: pod,
    namespace_name: app === "ingress-nginx" ? "ingress-nginx" : "homes",
    container_name: container,
    labels: { "app.kubernetes.io/name": app },
  });
  const nginx = (
    t: number,
    method: string,
    uri: string,
    status: number,
    reqTime: number,
    upstream: string | null,
    upTime: string,
    label: Label = null,
    ua = rng.pick(uas),
  ): void => {
    // nginx writes the line when the request completes; msec is that instant
    const done = t + reqTime * 1000;
    tl.add(
      done,
      {
        msec: (Math.round(done) / 1000).toFixed(3),
        remote_addr: publicIp(rng),
        request: `${method} ${uri} HTTP/2.0`,
        status,
        body_bytes_sent: status === 200 ? rng.int(900, 180_000) : status === 304 ? 0 : rng.int(150, 600),
        request_time: round(reqTime, 3),
        upstream_addr: upstream ?? "-",
        upstream_status: upstream ? String(status === 504 ? 504 : status === 502 ? 502 : status) : "-",
        upstream_response_time: upTime,
        upstream_connect_time: upstream ? (status === 502 ? "-" : "0.001") : "-",
        http_referer: rng.chance(0.5) ? "https://www.maisons-demain.example/" : "-",
        http_user_agent: ua,
        host: "www.maisons-demain.example",
        request_id: rng.hex(32),
        kubernetes: k8s(rng.pick(ingressPods), "ingress-nginx", "controller"),
      },
      label,
    );
  };
  const zap = (t: number, pod: string, level: string, caller: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, ts: Math.round(t) / 1000, caller, msg, service: "search-api", pod, ...fields }, label);
  };
  const lograge = (t: number, pod: string, fields: Record<string, unknown>, message: string, label: Label = null, level = "INFO"): void => {
    tl.add(
      t,
      {
        method: fields.method,
        path: fields.path,
        format: "html",
        ...fields,
        "@timestamp": isoMillisOffset(t),
        "@version": "1",
        message,
        severity: level,
        kubernetes: k8s(pod, "listings-web", "web"),
      },
      label,
    );
  };
  const event = (t: number, pod: string, type: string, reason: string, note: string, label: Label): void => {
    tl.add(
      t,
      {
        kind: "Event",
        apiVersion: "events.k8s.io/v1",
        metadata: { name: `${pod}.${rng.hex(16)}`, namespace: "homes", uid: uuid(rng) },
        eventTime: iso(t),
        reportingController: "kubelet",
        reportingInstance: `ip-10-8-${rng.int(1, 9)}-${rng.int(10, 250)}`,
        action: reason,
        reason,
        regarding: { kind: "Pod", namespace: "homes", name: pod, fieldPath: "spec.containers{search-api}" },
        note,
        type,
      },
      label,
    );
  };

  // ---- search requests ------------------------------------------------------------------------
  const search = (t: number, kind: "search" | "map" | "suggest"): void => {
    const city = rng.pick(cities);
    const uri =
      kind === "search"
        ? `/api/search?city=${city}&type=${rng.pick(["apartment", "house"])}&min_rooms=${rng.int(1, 4)}&max_price=${rng.int(15, 90) * 10_000}&page=${rng.int(1, 6)}`
        : kind === "map"
          ? `/api/search/map?bbox=${rng.float(-1, 7).toFixed(4)},${rng.float(43, 50).toFixed(4)},${rng.float(-1, 7).toFixed(4)},${rng.float(43, 50).toFixed(4)}&zoom=${rng.int(10, 16)}`
          : `/api/suggest?q=${city.slice(0, rng.int(2, 5))}`;
    const route = kind === "search" ? "/api/search" : kind === "map" ? "/api/search/map" : "/api/suggest";
    const pod = rng.pick(searchPods);
    const up = `${searchIp.get(pod)}:8080`;
    if (podDown(pod, t)) {
      nginx(t, "GET", uri, 502, rng.float(0.001, 0.004), up, "0.001", "error");
      return;
    }
    const baseEs = kind === "suggest" ? ln(rng, 4, 0.35, 1, 12) : ln(rng, 35, 0.4, 10, 110);
    const f = kind === "suggest" ? Math.min(slowdown(t), 3) : slowdown(t);
    const es = baseEs * f;
    const total = es + ln(rng, 8, 0.3, 3, 20);
    if (total >= 10_000) {
      // nginx gives up at 10 s; the app sees its context cancelled
      zap(t + 10_000, pod, "warn", "search/handler.go:188", "search cancelled", { route, error: "context canceled", elapsed: 10.0, city }, "performance");
      nginx(t, "GET", uri, 504, 10.001, up, "10.001", "performance");
      return;
    }
    // healthy: search and map under 130 ms, suggest under 35 ms; three times that is anomalous
    const slow = total > 3 * (kind === "suggest" ? 35 : 130);
    const label: Label = slow ? "performance" : null;
    zap(
      t + total,
      pod,
      "info",
      "search/handler.go:161",
      "search executed",
      { route, status: 200, hits: rng.int(0, 4000), took_ms: Math.round(es), latency: round(total / 1000, 6) },
      label,
    );
    if (es > 1000 && rng.chance(0.6)) {
      tl.add(
        t + es,
        {
          "@timestamp": iso(t + es),
          "log.level": "WARN",
          "ecs.version": "1.2.0",
          "service.name": "ES_ECS",
          "event.dataset": "elasticsearch.index_search_slowlog",
          "log.logger": "index.search.slowlog.query",
          "elasticsearch.cluster.name": "homes-search",
          "elasticsearch.node.name": `homes-search-es-data-${rng.int(0, 5)}`,
          message: `[listings-v12][${rng.int(0, 11)}]`,
          "elasticsearch.slowlog.took": `${(es / 1000).toFixed(1)}s`,
          "elasticsearch.slowlog.took_millis": Math.round(es),
          "elasticsearch.slowlog.total_hits": `${rng.int(0, 4000)} hits`,
          "elasticsearch.slowlog.search_type": "QUERY_THEN_FETCH",
          "elasticsearch.slowlog.total_shards": 12,
          "elasticsearch.slowlog.source": `{"size":24,"query":{"bool":{"filter":[{"term":{"city":{"value":"${city}"}}}]}},"sort":[{"published_at":{"order":"desc"}}]}`,
        },
        "performance",
      );
    }
    nginx(t, "GET", uri, 200, (total + rng.float(0.3, 2)) / 1000, up, (total / 1000).toFixed(3), label);
  };

  // ---- listings-web pages -----------------------------------------------------------------------
  const page = (t: number): void => {
    const pod = rng.pick(webPods);
    const up = `${webIp.get(pod)}:3000`;
    const kind = rng.weighted([
      ["home", 15],
      ["show", 50],
      ["favorites", 10],
      ["agency", 10],
      ["assets", 15],
    ] as const);
    if (kind === "assets") {
      const status = rng.chance(0.4) ? 304 : 200;
      const ms = ln(rng, 2, 0.4, 0.5, 6);
      nginx(t, "GET", `/assets/application-${rng.hex(8)}.${rng.pick(["js", "css"])}`, status, ms / 1000, up, (ms / 1000).toFixed(3));
      return;
    }
    let ms = kind === "show" ? ln(rng, 90, 0.35, 35, 260) : ln(rng, 60, 0.35, 20, 200);
    const id = rng.int(1_000_000, 9_999_999);
    const path = kind === "home" ? "/" : kind === "show" ? `/annonces/${id}` : kind === "favorites" ? "/mon-compte/favoris" : `/agences/${rng.int(100, 9999)}`;
    const controller =
      kind === "home" ? "HomeController" : kind === "show" ? "ListingsController" : kind === "favorites" ? "FavoritesController" : "AgenciesController";
    const action = kind === "show" ? "show" : "index";
    let label: Label = null;
    if (kind === "show" && slowdown(t) > 20) {
      // the similar-listings call to search-api times out after 2 s; the page renders without it
      lograge(
        t + 2050,
        pod,
        { method: "GET", path },
        `similar listings unavailable for ${id}: Net::ReadTimeout with #<TCPSocket:(closed)>`,
        "performance",
        "WARN",
      );
      ms += 2000;
      label = "performance";
    }
    const status = kind === "show" && rng.chance(0.03) ? 404 : kind === "favorites" && rng.chance(0.2) ? 302 : 200;
    lograge(
      t + ms,
      pod,
      { method: "GET", path, controller, action, status, duration: round(ms, 2), view: round(ms * 0.45, 2), db: round(ms * 0.3, 2) },
      `[${status}] GET ${path} (${controller}#${action})`,
      label,
    );
    nginx(t, "GET", path, status, (ms + rng.float(0.5, 2)) / 1000, up, (ms / 1000).toFixed(3), label);
  };

  // ---- media -------------------------------------------------------------------------------------
  const media = (t: number): void => {
    const uri = `/media/${rng.int(1_000_000, 9_999_999)}/${rng.pick(["thumb", "card", "full"])}.webp`;
    const hit = rng.chance(0.7);
    const ms = hit ? ln(rng, 3, 0.4, 1, 9) : ln(rng, 45, 0.4, 15, 140);
    if (!hit)
      tl.add(t + ms, {
        level: 30,
        time: Math.round(t + ms),
        pid: 1,
        hostname: mediaPod,
        name: "media-api",
        req: { method: "GET", url: uri },
        res: { statusCode: 200 },
        responseTime: Math.round(ms),
        msg: "request completed",
        cache: "MISS",
      });
    nginx(t, "GET", uri, 200, (ms + 0.5) / 1000, `${mediaIp}:8080`, (ms / 1000).toFixed(3));
  };

  // probes fail and pods restart while searches are very slow
  const restartAt = uniformTimes(rng, t1 + ramp + 2 * MIN, t3 - 5 * MIN, rng.int(3, 5));
  for (const [i, ta] of restartAt.entries()) {
    const pod = searchPods[i % searchPods.length] as string;
    for (let k = 3; k >= 1; k--)
      event(
        ta - k * 10 * SEC,
        pod,
        "Warning",
        "Unhealthy",
        `Liveness probe failed: Get "http://${searchIp.get(pod)}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        "performance",
      );
    event(ta, pod, "Normal", "Killing", "Container search-api failed liveness probe, will be restarted", "error");
    const back = ta + rng.float(60, 150) * SEC;
    downs.push({ pod, from: ta, to: back });
    event(back - 3 * SEC, pod, "Normal", "Pulled", `Container image "registry.example.com/homes/search-api:2.31.4" already present on machine`, "error");
    event(back - 2 * SEC, pod, "Normal", "Started", "Started container search-api", "error");
    zap(back, pod, "info", "cmd/main.go:58", "search-api starting", { version: "2.31.4", es: "https://homes-search-es-http:9200" }, "error");
    zap(back + 800, pod, "info", "cmd/main.go:96", "listening", { addr: ":8080" }, "error");
  }

  for (const t of uniformTimes(rng, start, end - 12 * SEC, rng.int(1000, 1080)))
    search(
      t,
      rng.weighted([
        ["search", 55],
        ["map", 20],
        ["suggest", 25],
      ] as const),
    );
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(850, 920))) page(t);
  for (const t of uniformTimes(rng, start, end - 2 * SEC, rng.int(520, 580))) media(t);
  // bots and oddities, routine
  for (const t of uniformTimes(rng, start, end, rng.int(40, 70))) {
    const uri = rng.pick(["/wp-login.php", "/.env", "/xmlrpc.php", "/annonces/0", "/robots.txt", "/sitemap.xml", "/old-search?ville=lyon"]);
    const status = uri === "/robots.txt" || uri === "/sitemap.xml" ? 200 : uri.startsWith("/old-search") ? 301 : 404;
    nginx(
      t,
      "GET",
      uri,
      status,
      rng.float(0.001, 0.02),
      status === 404 ? `${webIp.get(rng.pick(webPods))}:3000` : null,
      status === 404 ? "0.004" : "-",
      null,
      rng.pick(bots),
    );
  }
  for (const t of uniformTimes(rng, start, end, rng.int(8, 15))) {
    if (slowdown(t) > 1) continue;
    nginx(t, "GET", `/api/search?city=${rng.pick(cities)}&page=1`, 499, rng.float(0.05, 0.25), `${searchIp.get(rng.pick(searchPods))}:8080`, "-");
  }
  for (const [i, pod] of searchPods.entries()) {
    for (let t = start + rng.int(0, 300) * SEC + i * 7000; t < end; t += 5 * MIN)
      zap(
        t,
        pod,
        "info",
        "search/health.go:33",
        "elasticsearch cluster health",
        { status: t >= t1 && t < t3 ? "yellow" : "green", relocating_shards: t >= t1 && t < t3 ? rng.int(4, 16) : 0, active_shards_percent: 100 },
        null,
      );
  }
  return tl.build(
    name,
    "ingress-nginx JSON access log with three upstream apps; search-api's Elasticsearch slows, request_time climbs, then 504s and 502s on some routes, then recovery",
  );
}
