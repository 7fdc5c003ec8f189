// t08: the Redis primary behind session-svc is down and Sentinel cannot promote a replica, so
// every session lookup fails with ECONNREFUSED (Bunyan JSON). Here the rule is right: worded as a
// refused dependency, it is the incident. The edge Envoy answers 503 on session routes; Sentinel
// keeps aborting its failover (rsyslog's JSON template). Healthy: catalog (zap), cart (pino).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso, opening, steady } from "./util.js";

export default function t08(seed: number): Scenario {
  const k = new Kit(seed, "t08");
  const t0 = opening(seed, "t08");
  const t1 = t0 + 30 * MIN;
  const tl = new Timeline();
  const addr = `10.2.${k.int(0, 9)}.${k.int(10, 60)}:6379`;
  const pods = [0, 1, 2, 3].map(() => `session-svc-${k.hex(9)}-${k.alnum(5)}`);

  steady(k, t0, t1, 0.75 * SEC, (t) => {
    tl.add(
      t,
      {
        name: "session-svc",
        hostname: k.pick(pods),
        pid: 1,
        level: 50,
        msg: `redis error: connect ECONNREFUSED ${addr}`,
        err: {
          message: `connect ECONNREFUSED ${addr}`,
          name: "Error",
          code: "ECONNREFUSED",
          stack: `Error: connect ECONNREFUSED ${addr}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)`,
        },
        time: iso(t),
        v: 0,
      },
      "error",
    );
  });

  // front-envoy: JSON access log fields at top level plus Kubernetes metadata.
  const envoy = (t: number, method: string, path: string, code: number, dur: number, cluster: string) => ({
    start_time: iso(t),
    method,
    path,
    protocol: "HTTP/1.1",
    response_code: code,
    response_flags: "-",
    duration: dur,
    upstream_cluster: cluster,
    upstream_host: `${k.ip("10.4")}:8080`,
    x_forwarded_for: k.ip("85"),
    request_id: k.uuid(),
    kubernetes: { pod_name: `front-envoy-${k.alnum(5)}`, namespace_name: "edge", container_name: "envoy", labels: { app: "front-envoy" } },
  });
  steady(k, t0, t1, 4 * SEC, (t) => {
    tl.add(t, envoy(t, k.pick(["GET", "POST"]), k.pick(["/api/session", "/api/session/refresh"]), 503, k.int(2, 9), "session-svc"), "error");
  });
  const routes = [
    { p: () => `/api/catalog/items/${k.int(1000, 99_999)}`, c: "catalog", lo: 8, hi: 60 },
    { p: () => "/api/cart", c: "cart", lo: 6, hi: 40 },
    { p: () => "/static/app.js", c: "static", lo: 1, hi: 6 },
  ] as const;
  steady(k, t0, t1, 2 * SEC, (t) => {
    const r = k.pick(routes);
    tl.add(t, envoy(t, "GET", r.p(), 200, k.int(r.lo, r.hi), r.c));
  });

  // redis-sentinel: rsyslog JSON template output; each failover attempt is aborted (no good replica).
  const [mhost, port] = addr.split(":");
  const steps = ["+new-epoch", "+try-failover", "+elected-leader", "+failover-state-select-slave", "-failover-abort-no-good-slave"];
  let epoch = k.int(20, 90);
  steady(k, t0, t1, 6 * MIN, (t) => {
    steps.forEach((s, i) => {
      const tt = t + i * 40;
      const msg = s === "+new-epoch" ? `+new-epoch ${++epoch}` : `${s} master mymaster ${mhost} ${port}`;
      const host = `redis-sentinel-${k.int(0, 2)}`;
      tl.add(
        tt,
        {
          timestamp: iso(tt),
          host,
          programname: "redis-sentinel",
          syslogtag: "redis-sentinel[1]:",
          severity: s.startsWith("-") ? "warning" : "notice",
          facility: "daemon",
          message: `# ${msg}`,
        },
        "error",
      );
    });
  });

  // catalog: zap production JSON; cart: pino JSON. Healthy.
  steady(k, t0, t1, 3 * SEC, (t) => {
    tl.add(t, { level: "info", ts: t / 1000, caller: "catalog/get.go:47", msg: "item served", service: "catalog", latency: k.num(0.004, 0.05, 4) });
  });
  steady(k, t0, t1, 4 * SEC, (t) => {
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: `cart-${k.alnum(5)}`,
      name: "cart",
      req: { method: "GET", url: "/cart" },
      res: { statusCode: 200 },
      responseTime: k.num(3, 35, 2),
      msg: "request completed",
    });
  });

  return tl.build(
    "t08-session-redis-refused",
    "The Redis primary behind session-svc is down and Sentinel cannot fail over: every session lookup is refused, the edge answers 503",
  );
}
