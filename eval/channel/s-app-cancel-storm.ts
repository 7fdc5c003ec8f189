/**
 * app-cancel-storm: the shop's mobile apps and web client reach feed-service (Spring Boot,
 * Logback's LogstashEncoder and logback-access), profile-service (Node, pino-http) and the
 * events collector through a front Envoy. Now and then a phone leaves the feed screen before the
 * feed arrives: Envoy logs `DC` with code 0 and feed-service logs the `ClientAbortException`
 * (broken pipe) at ERROR when it writes to the closed stream; routine. A quarter to a third in
 * the iOS app's 7.3.0 phased release reaches more phones: its feed screen cancels its request as
 * soon as an image prefetch changes its state and issues it again a second later, over and over
 * while the screen is open. Storms of `DC` requests from `ShopApp/7.3.0`, each cancelled within
 * a few hundred ms, and the matching `ClientAbortException`s (the server still builds every
 * cancelled feed): an odd, new pattern. The wasted work fills the recommendations bulkhead: every
 * client's feed takes seconds and some are refused with 503. The on-call rate-limits 7.3.0's
 * feed requests at Envoy (429, `RL`: the mitigation, not labelled) and the feed recovers.
 */
import { openWindow } from "./common.js";
import { envoyJson, javaTrace, logstash, logstashAccess, pinoHttp } from "./producers.js";
import { arrivals, MINUTE, ramp, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "app-cancel-storm";

const ABORT_FRAMES = [
  "org.apache.catalina.connector.OutputBuffer.realWriteBytes(OutputBuffer.java:341)",
  "org.apache.catalina.connector.OutputBuffer.flushByteBuffer(OutputBuffer.java:776)",
  "org.apache.catalina.connector.OutputBuffer.doFlush(OutputBuffer.java:298)",
  "org.apache.catalina.connector.CoyoteOutputStream.flush(CoyoteOutputStream.java:120)",
  "com.fasterxml.jackson.core.json.UTF8JsonGenerator.flush(UTF8JsonGenerator.java:1187)",
  "org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.writeInternal(AbstractJackson2HttpMessageConverter.java:494)",
  "com.shop.feed.api.FeedController.feed(FeedController.java:61)",
];

export function appCancelStorm(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-05-12", 17, 2);

  const stormAt = tl.at(rng.float(0.25, 0.33));
  const fullAt = stormAt + rng.int(20, 30) * MINUTE;
  const limitAt = stormAt + rng.int(38, 50) * MINUTE;
  const settledAt = limitAt + rng.int(3, 6) * MINUTE;
  /** How hard the cancelled feeds load the recommendations bulkhead at `t`, 0 to 1. */
  const load = (t: number): number => (t < limitAt ? ramp(t, stormAt + 4 * MINUTE, fullAt) : 1 - ramp(t, limitAt, settledAt));

  const edgeIp = rng.privateIp("10.40");
  const feedPods = [0, 1].map(() => ({ name: rng.pod("feed-service"), ip: rng.privateIp("10.40") }));
  const clusters = {
    feed: "outbound|8080||feed-service.mobile.svc.cluster.local",
    profile: "outbound|3000||profile-service.mobile.svc.cluster.local",
    events: "outbound|8080||events-collector.mobile.svc.cluster.local",
  };
  const edge = (
    s: number,
    r: {
      method: string;
      path: string;
      ua: string;
      client: string;
      code: number;
      flags?: string;
      details?: string;
      tookMs: number;
      upstream?: string;
      cluster: string;
      route: string;
      label: AnomalyType | null;
      reqId: string;
    },
  ) => {
    const dc = r.flags === "DC";
    const rl = r.flags === "RL";
    tl.add(
      s + Math.round(r.tookMs),
      envoyJson(s, {
        method: r.method,
        path: r.path,
        authority: "api.shop.example",
        responseCode: r.code,
        responseFlags: r.flags ?? "-",
        responseCodeDetails: r.details ?? "via_upstream",
        connectionTerminationDetails: undefined,
        durationMs: r.tookMs,
        upstreamServiceTimeMs: dc || rl ? undefined : r.tookMs - 1,
        bytesReceived: r.method === "POST" ? rng.int(400, 3000) : 0,
        bytesSent: dc ? 0 : rl ? 18 : rng.int(900, 42000),
        requestId: r.reqId,
        userAgent: r.ua,
        xForwardedFor: r.client,
        downstreamRemote: `${r.client}:${rng.int(1024, 65000)}`,
        downstreamLocal: `${edgeIp}:443`,
        upstreamHost: rl ? undefined : r.upstream,
        upstreamCluster: r.cluster,
        upstreamLocal: rl ? undefined : `${edgeIp}:${rng.int(32768, 60999)}`,
        routeName: r.route,
        requestedServerName: "api.shop.example",
      }),
      r.label,
    );
  };

  const ios = (v: string) =>
    `ShopApp/${v} (com.shop.app; build:${v.replaceAll(".", "")}${rng.int(0, 9)}; iOS ${rng.pick(["17.4.1", "17.5", "17.3.1", "16.7.8"])}) Alamofire/5.9.0`;
  const android = () => `ShopApp/7.2.0 (Android ${rng.pick(["14", "13", "12"])}; ${rng.pick(["Pixel 8", "SM-S911B", "SM-A546B", "M2101K6G"])}) okhttp/4.12.0`;
  const web = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
  const everydayUa = () =>
    rng.weighted<() => string>([
      [() => ios("7.2.1"), 45],
      [android, 40],
      [() => web, 15],
    ])();

  /** One feed request reaching feed-service: the access line, and the abort or the refusal if any. */
  const feedServed = (
    s: number,
    pod: (typeof feedPods)[number],
    uri: string,
    query: string,
    workMs: number,
    outcome: "ok" | "aborted" | "refused",
    label: AnomalyType | null,
    reqId: string,
    trace: string,
  ) => {
    const d = s + Math.round(workMs);
    const mdc = { HOSTNAME: pod.name, traceId: trace, requestId: reqId };
    if (outcome === "aborted") {
      const cause = rng.chance(0.7) ? "Broken pipe" : "Connection reset by peer";
      tl.add(
        d - 1,
        logstash(
          d - 1,
          "ERROR",
          "com.shop.feed.api.GlobalExceptionHandler",
          `http-nio-8080-exec-${rng.int(1, 50)}`,
          `Request failed: GET ${uri}`,
          mdc,
          javaTrace("org.apache.catalina.connector.ClientAbortException", `java.io.IOException: ${cause}`, ABORT_FRAMES, `java.io.IOException: ${cause}`, 61),
        ),
        label,
      );
    }
    if (outcome === "refused") {
      tl.add(
        d - 1,
        logstash(
          d - 1,
          "WARN",
          "com.shop.feed.reco.RecommendationsClient",
          `http-nio-8080-exec-${rng.int(1, 50)}`,
          "Bulkhead 'recommendations' is full and does not permit further calls",
          mdc,
        ),
        label,
      );
    }
    tl.add(
      d,
      {
        ...logstashAccess(d, {
          remoteHost: edgeIp,
          method: "GET",
          uri,
          query,
          status: outcome === "refused" ? 503 : 200,
          contentLength: outcome === "refused" ? 96 : rng.int(9000, 42000),
          elapsedMs: workMs,
        }),
        HOSTNAME: pod.name,
      },
      label,
    );
  };

  /** feed-service's time to build a feed at `t`: ~120 ms, seconds while the bulkhead is full. */
  const feedWork = (t: number): number => rng.logNormal(120, 0.4) * (1 + 14 * load(t) * rng.float(0.5, 1.4));

  // ── everyday feed traffic ────────────────────────────────────────────────────────────────────
  for (const s of arrivals(rng, start, end, 5, shape, 1.2)) {
    const pod = rng.pick(feedPods);
    const reqId = rng.uuid();
    const trace = rng.hex(32);
    const query = `cursor=${rng.alnum(16)}&limit=20`;
    const ua = everydayUa();
    const client = rng.clientIp();
    const lvl = load(s);
    if (rng.chance(0.12 * lvl)) {
      const took = rng.float(3, 12);
      feedServed(s, pod, "/v2/feed", query, took, "refused", "error", reqId, trace);
      edge(s, {
        method: "GET",
        path: `/v2/feed?${query}`,
        ua,
        client,
        code: 503,
        tookMs: took + 1,
        upstream: `${pod.ip}:8080`,
        cluster: clusters.feed,
        route: "feed",
        label: "error",
        reqId,
      });
      continue;
    }
    const work = feedWork(s);
    const label: AnomalyType | null = work > 800 ? "performance" : null;
    if (rng.chance(0.006 + 0.05 * lvl)) {
      // the user left the screen first: routine, unless they left because it took seconds
      const gone = Math.min(work - 5, rng.float(150, 2500));
      if (gone > 20) {
        feedServed(s, pod, "/v2/feed", query, work, "aborted", gone > 800 ? "performance" : null, reqId, trace);
        edge(s, {
          method: "GET",
          path: `/v2/feed?${query}`,
          ua,
          client,
          code: 0,
          flags: "DC",
          details: "downstream_remote_disconnect",
          tookMs: gone,
          upstream: `${pod.ip}:8080`,
          cluster: clusters.feed,
          route: "feed",
          label: gone > 800 ? "performance" : null,
          reqId,
        });
        continue;
      }
    }
    feedServed(s, pod, "/v2/feed", query, work, "ok", label, reqId, trace);
    edge(s, {
      method: "GET",
      path: `/v2/feed?${query}`,
      ua,
      client,
      code: 200,
      tookMs: work + 2,
      upstream: `${pod.ip}:8080`,
      cluster: clusters.feed,
      route: "feed",
      label,
      reqId,
    });
  }

  // ── 7.3.0's feed screen: cancel, re-issue, over and over ────────────────────────────────────
  const sessionRate = (t: number): number => (t < stormAt ? 0 : 0.25 + 0.75 * ramp(t, stormAt, fullAt));
  for (const s0 of arrivals(rng, stormAt, end, 1, sessionRate, 1)) {
    const ua = ios("7.3.0");
    const client = rng.clientIp();
    const loops = rng.int(5, 16);
    let t = s0;
    for (let i = 0; i < loops; i++) {
      const reqId = rng.uuid();
      const query = `cursor=${i === 0 ? "" : rng.alnum(16)}&limit=20&prefetch=1`;
      if (t >= limitAt) {
        // rate-limited at the edge: 7.3.0 backs off on 429 and the loop ends
        edge(t, {
          method: "GET",
          path: `/v2/feed?${query}`,
          ua,
          client,
          code: 429,
          flags: "RL",
          details: "local_rate_limited",
          tookMs: rng.int(0, 2),
          cluster: clusters.feed,
          route: "feed",
          label: null,
          reqId,
        });
        break;
      }
      const pod = rng.pick(feedPods);
      const cancel = rng.float(25, 380);
      const work = Math.max(cancel + rng.float(5, 60), feedWork(t));
      feedServed(t, pod, "/v2/feed", query, work, "aborted", "pattern", reqId, rng.hex(32));
      edge(t, {
        method: "GET",
        path: `/v2/feed?${query}`,
        ua,
        client,
        code: 0,
        flags: "DC",
        details: "downstream_remote_disconnect",
        tookMs: cancel,
        upstream: `${pod.ip}:8080`,
        cluster: clusters.feed,
        route: "feed",
        label: "pattern",
        reqId,
      });
      t += Math.round(cancel + rng.float(700, 1400));
    }
  }

  // ── profile-service (Node, pino-http) and the events collector ──────────────────────────────
  const profilePods = [0, 1].map(() => ({ hostname: rng.pod("profile-service"), pid: 1, ip: rng.privateIp("10.40") }));
  for (const s of arrivals(rng, start, end, 2.6, shape, 1.2)) {
    const pod = rng.pick(profilePods);
    const reqId = rng.uuid();
    const ua = everydayUa();
    const took = rng.logNormal(24, 0.4);
    const url = rng.chance(0.7) ? "/v2/profile/me" : "/v2/profile/me/addresses";
    tl.add(
      s + Math.round(took),
      pinoHttp(
        s + Math.round(took),
        pod,
        { id: reqId, method: "GET", url, remoteAddress: `::ffff:${edgeIp}`, userAgent: ua, host: "api.shop.example" },
        200,
        took,
      ),
    );
    edge(s, {
      method: "GET",
      path: url,
      ua,
      client: rng.clientIp(),
      code: 200,
      tookMs: took + 2,
      upstream: `${pod.ip}:3000`,
      cluster: clusters.profile,
      route: "profile",
      label: null,
      reqId,
    });
  }
  for (const s of arrivals(rng, start, end, 3.2, shape, 1.2)) {
    edge(s, {
      method: "POST",
      path: "/v2/events",
      ua: everydayUa(),
      client: rng.clientIp(),
      code: 204,
      tookMs: rng.logNormal(7, 0.4),
      upstream: `${rng.privateIp("10.40")}:8080`,
      cluster: clusters.events,
      route: "events",
      label: null,
      reqId: rng.uuid(),
    });
  }

  // feed-service's cache refresh and Hikari's pool housekeeping
  for (const pod of feedPods) {
    for (const t of ticks(rng, start, end, 6 * MINUTE, 40 * SECOND)) {
      tl.add(
        t,
        logstash(
          t,
          "INFO",
          "com.shop.feed.cache.TrendingCache",
          "scheduling-1",
          `Refreshed trending items: ${rng.int(180, 240)} items in ${rng.int(40, 160)} ms`,
          { HOSTNAME: pod.name },
        ),
      );
    }
  }

  return tl.build(
    NAME,
    "the iOS app's 7.3.0 rollout cancels and re-issues its feed request every second while the feed screen is open: storms of Envoy `DC` requests and ClientAbortExceptions fill the recommendations bulkhead, every client's feed takes seconds and some get 503, until 7.3.0 is rate-limited; a phone leaving the feed now and then is routine",
  );
}
