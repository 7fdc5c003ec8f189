// Everyday flood worded as a dependency timing out: notifications-api holds a long-poll open for up to 90 s,
// but the ingress's proxy-read-timeout is 60 s, so every idle browser tab's poll ends in an nginx
// "upstream timed out" [error] and the browser simply polls again. It has been like this for months; no user
// sees anything. The real incident is elsewhere: a bad config push crash-loops search-api for a few minutes
// (error; its restarts are pattern), and the ingress's refused connections to it are labelled error.
import { type Log, Timeline, around, chance, int, ip, iso, pick, poisson, rngFor, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const NOTIF_PODS = ["10.42.3.17", "10.42.7.40", "10.42.11.9"];
const SEARCH_PODS = ["10.42.5.22", "10.42.9.31"];
const INGRESS = ["ingress-nginx-controller-6b9f7c5d8-4kq2x", "ingress-nginx-controller-6b9f7c5d8-zt7mn"];

export default function m03(seed: number): Scenario {
  const r = rngFor(seed, "m03");
  const t0 = windowStart(seed, "m03");
  const t1 = t0 + 25 * 60_000;
  const tl = new Timeline();
  const downFrom = t0 + int(r, 7, 15) * 60_000 + int(r, 0, 59_000);
  const downTo = downFrom + int(r, 210, 300) * 1000;
  const down = (t: number) => t >= downFrom && t < downTo;
  const ingress = (t: number, message: string): Log => ({
    time: iso(t),
    level: "error",
    message,
    stream: "stderr",
    kubernetes: {
      namespace_name: "ingress-nginx",
      pod_name: pick(r, INGRESS),
      container_name: "controller",
      labels: { "app.kubernetes.io/name": "ingress-nginx" },
    },
  });
  const worker = () => `${int(r, 24, 31)}#${int(r, 24, 31)}: *${int(r, 100_000, 9_999_999)}`;

  // The flood: idle long-polls cut at 60 s by the ingress, all window long.
  poisson(r, t0, t1, 1.3, (t) => {
    const cursor = int(r, 1_000_000, 9_999_999);
    const up = pick(r, NOTIF_PODS);
    const msg = `${worker()} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip(r, "10.0")}, server: app.example.com, request: "GET /api/notifications/poll?cursor=${cursor} HTTP/1.1", upstream: "http://${up}:8080/api/notifications/poll?cursor=${cursor}", host: "app.example.com"`;
    tl.add(t, ingress(t, msg));
  });
  // notifications-api (Go log/slog JSON; integer duration = nanoseconds).
  poisson(r, t0, t1, 0.5, (t) => {
    const publish = chance(r, 0.45);
    tl.add(t, {
      time: iso(t),
      level: "INFO",
      msg: publish ? "notification published" : "request served",
      service: "notifications-api",
      route: publish ? "/internal/publish" : "/api/notifications",
      status: publish ? 202 : 200,
      duration: Math.round(around(r, publish ? 6 : 18, 0.3) * 1e6),
    });
  });
  // search-api (Spring Boot, logstash-logback-encoder): healthy, then a crash loop, then reverted config.
  poisson(r, t0, t1, 0.5, (t) => {
    if (down(t)) {
      const msg = `${worker()} connect() failed (111: Connection refused) while connecting to upstream, client: ${ip(r, "10.0")}, server: app.example.com, request: "GET /api/search?q=${pick(r, ["boots", "rain+jacket", "gift+card", "linen"])} HTTP/1.1", upstream: "http://${pick(r, SEARCH_PODS)}:8080/api/search", host: "app.example.com"`;
      tl.add(t, ingress(t, msg), "error");
      return;
    }
    tl.add(t, {
      "@timestamp": iso(t),
      "@version": "1",
      message: `search served: ${int(r, 0, 480)} hits`,
      logger_name: "com.shop.search.SearchController",
      thread_name: `http-nio-8080-exec-${int(r, 1, 40)}`,
      level: "INFO",
      level_value: 20000,
      service: "search-api",
      took_ms: Math.round(around(r, 62, 0.3)),
    });
  });
  for (let t = downFrom; t < downTo; t += int(r, 40, 75) * 1000) {
    const j = (x: number) => Math.min(t + x, downTo - 1);
    const base = { "@version": "1", thread_name: "main", service: "search-api" };
    tl.add(
      j(0),
      {
        "@timestamp": iso(j(0)),
        ...base,
        message: "Starting SearchApiApplication v4.12.1 using Java 21.0.2 with PID 1",
        logger_name: "com.shop.search.SearchApiApplication",
        level: "INFO",
        level_value: 20000,
      },
      "pattern",
    );
    tl.add(
      j(4100),
      {
        "@timestamp": iso(j(4100)),
        ...base,
        message: "Application run failed",
        logger_name: "org.springframework.boot.SpringApplication",
        level: "ERROR",
        level_value: 40000,
        stack_trace:
          "org.springframework.boot.context.properties.bind.BindException: Failed to bind properties under 'search.synonyms' to java.util.Map<java.lang.String, java.util.List<java.lang.String>>\n\tat org.springframework.boot.context.properties.bind.Binder.handleBindError(Binder.java:392)",
      },
      "error",
    );
    tl.add(
      j(9000),
      {
        eventTime: iso(j(9000)),
        type: "Warning",
        reason: "BackOff",
        note: `Back-off restarting failed container search-api in pod search-api-5d7b9c-${pick(r, ["q8r2m", "v4nxk"])}`,
        reportingController: "kubelet",
        regarding: { kind: "Pod", namespace: "shop" },
      },
      "error",
    );
  }
  // storefront-web (pino): ordinary traffic.
  poisson(r, t0, t1, 0.4, (t) => {
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: "storefront-web-7c5d-8kq2x",
      name: "storefront-web",
      msg: "request completed",
      req: { method: "GET", url: pick(r, ["/", "/c/outerwear", "/products/boots-312", "/account"]) },
      res: { statusCode: 200 },
      responseTime: Math.round(around(r, 120, 0.3)),
    });
  });
  return tl.build(
    "m03-longpoll-upstream-timeouts",
    "Ingress cuts idle long-polls at 60 s all day (upstream timed out, routine); search-api crash-loops for ~4 min after a config push",
  );
}
