// t10: clickstream-writer's data volume filled up (retention job stuck), so every segment append
// fails with ENOSPC (Rust tracing-subscriber JSON). Here the rule is right: worded as a resource
// that ran out, it is the incident. edge-collector's forward queue grows (logfmt) and the edge
// sheds part of the beacons with 503 (GELF). Healthy: analytics-api (Serilog), dashboard (pino).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso, iso7, isoUs, opening, steady } from "./util.js";

export default function t10(seed: number): Scenario {
  const k = new Kit(seed, "t10");
  const t0 = opening(seed, "t10");
  const t1 = t0 + 30 * MIN;
  const tl = new Timeline();
  const day = iso(t0).slice(0, 10);

  steady(k, t0, t1, 0.8 * SEC, (t) => {
    tl.add(
      t,
      {
        timestamp: isoUs(t),
        level: "ERROR",
        fields: {
          message: "failed to append segment: No space left on device (os error 28)",
          segment: `/data/segments/${day}/${String(k.int(0, 23)).padStart(2, "0")}/${String(k.int(1, 40)).padStart(5, "0")}.seg`,
          partition: k.int(0, 11),
        },
        target: "clickstream_writer::segment",
        threadName: "tokio-runtime-worker",
        threadId: `ThreadId(${k.int(2, 9)})`,
      },
      "error",
    );
  });

  // edge-collector: logfmt, parsed by Vector into fields; its forward queue to the writer only grows.
  let depth = k.int(180_000, 400_000);
  steady(k, t0, t1, 5 * SEC, (t) => {
    depth += k.int(2500, 4500);
    const age = Math.round((t - t0) / 1000) + k.int(600, 1500);
    const line = {
      ts: iso(t),
      level: "warn",
      caller: "forwarder.go:88",
      service: "edge-collector",
      msg: "forward queue backlog growing",
      depth,
      oldest_age: `${age}s`,
    };
    tl.add(t, line, "performance");
  });
  // edge-ingress: GELF; beacons accepted, part of them shed with 503 once the queue is near full.
  steady(k, t0, t1, 3 * SEC, (t) => {
    const shed = k.chance(0.35);
    tl.add(
      t,
      {
        version: "1.1",
        host: `edge-${k.int(1, 3)}`,
        short_message: `POST /collect ${shed ? 503 : 202}`,
        timestamp: t / 1000,
        level: shed ? 4 : 6,
        _app: "edge-ingress",
        _path: "/collect",
        _status: shed ? 503 : 202,
        _took_ms: k.int(1, 6),
      },
      shed ? "error" : null,
    );
  });

  // analytics-api: Serilog compact (reads yesterday's aggregates, unaffected). dashboard: pino.
  steady(k, t0, t1, 3 * SEC, (t) => {
    tl.add(t, {
      "@t": iso7(t),
      "@mt": "Served {Report} for tenant {Tenant} in {Elapsed:0.0} ms",
      Report: k.pick(["funnel", "retention", "top-pages", "campaigns"]),
      Tenant: `t-${k.int(100, 999)}`,
      Elapsed: k.num(40, 320),
      SourceContext: "Analytics.Api.Reports",
      Application: "analytics-api",
    });
  });
  steady(k, t0, t1, 4 * SEC, (t) => {
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: `dashboard-${k.alnum(5)}`,
      name: "dashboard",
      req: { method: "GET", url: k.pick(["/", "/reports/funnel", "/reports/retention", "/settings"]) },
      res: { statusCode: 200 },
      responseTime: k.num(12, 90, 2),
      msg: "request completed",
    });
  });

  return tl.build(
    "t10-clickstream-disk-full",
    "clickstream-writer's volume is full: every segment append fails, the collector's backlog grows and the edge sheds beacons",
  );
}
