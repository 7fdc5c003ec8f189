// Go micro-services of a freight-quoting platform logging with zap. Four distinct faults recur,
// scattered over the whole six-hour window; healthy traffic writes no error level at all.
import type { Scenario } from "../blind/types.js";
import { epochSec, HOUR, type Label, Rand, round, Timeline, windowStart } from "./lib.js";

interface Svc {
  name: string;
  caller: string;
  routes: readonly (readonly [string, string, number])[]; // method, path, median latency ms
  weight: number;
}

const SERVICES: readonly Svc[] = [
  {
    name: "quote-api",
    caller: "httpserver/middleware.go:71",
    routes: [
      ["POST", "/v1/quotes", 48],
      ["GET", "/v1/quotes/{id}", 9],
      ["GET", "/v1/lanes", 14],
    ],
    weight: 5,
  },
  {
    name: "carrier-rates",
    caller: "rates/server.go:143",
    routes: [
      ["POST", "/internal/rates/lookup", 62],
      ["GET", "/internal/carriers", 6],
    ],
    weight: 4,
  },
  {
    name: "booking-svc",
    caller: "booking/api.go:212",
    routes: [
      ["POST", "/v1/bookings", 85],
      ["GET", "/v1/bookings/{id}", 11],
      ["PATCH", "/v1/bookings/{id}", 33],
    ],
    weight: 2,
  },
  {
    name: "tracking-ingest",
    caller: "ingest/consumer.go:96",
    routes: [["CONSUME", "edi.214.status", 4]],
    weight: 3,
  },
];

export function freightScatteredFaults(seed: number): Scenario {
  const r = new Rand(seed, "s01-freight");
  const tl = new Timeline();
  const t0 = windowStart(r, 6, 14);
  const t1 = t0 + 6 * HOUR;
  const totalW = SERVICES.reduce((s, x) => s + x.weight, 0);
  const normal = r.int(3000, 3700);
  const pods: Record<string, string> = {};
  for (const s of SERVICES) pods[s.name] = `${s.name}-${r.alnum(9)}-${r.alnum(5)}`;

  const line = (t: number, svc: string, level: string, caller: string, msg: string, extra: Record<string, unknown>, label: Label) => {
    tl.add(t, { level, ts: epochSec(t), caller, msg, service: svc, pod: pods[svc], ...extra }, label);
  };

  for (const s of SERVICES) {
    const n = Math.round((normal * s.weight) / totalW);
    for (const t of r.times(n, t0, t1)) {
      const [method, path, med] = r.pick(s.routes);
      const id = r.int(100000, 999999);
      if (method === "CONSUME") {
        line(
          t,
          s.name,
          "info",
          s.caller,
          "message processed",
          {
            topic: path,
            partition: r.int(0, 11),
            offset: r.int(1_000_000, 9_000_000),
            shipment_id: `SHP${id}`,
            latency_ms: round(r.logNormal(med, 0.4), 2),
          },
          null,
        );
        continue;
      }
      const status = r.weighted([
        [method === "POST" ? 201 : 200, 95],
        [404, 3],
        [400, 2],
      ] as const);
      line(
        t,
        s.name,
        "info",
        s.caller,
        "request completed",
        {
          method,
          path: path.replace("{id}", String(id)),
          status,
          latency_ms: round(r.logNormal(med, 0.45), 2),
          request_id: r.uuid(),
          remote_addr: r.ip("10.42."),
        },
        null,
      );
    }
  }

  // Routine warnings that happen every day.
  for (const t of r.times(r.int(25, 45), t0, t1)) {
    line(
      t,
      "carrier-rates",
      "warn",
      "rates/cache.go:58",
      "rate card stale, serving cached copy",
      { carrier: r.pick(["MAERSK", "HLCU", "CMDU", "ONEY"]), age_s: r.int(900, 3500) },
      null,
    );
  }
  for (const t of r.times(r.int(10, 20), t0, t1)) {
    line(
      t,
      "quote-api",
      "warn",
      "httpserver/deprecation.go:22",
      "deprecated API version requested",
      { api_version: "v0", client_id: `cli_${r.alnum(6)}` },
      null,
    );
  }

  // Fault 1: decoding a carrier's response fails (error).
  for (const t of r.times(r.int(12, 28), t0, t1)) {
    line(
      t,
      "carrier-rates",
      "error",
      "rates/client.go:188",
      "failed to decode carrier response",
      {
        carrier: r.pick(["HLCU", "ONEY"]),
        error: "json: cannot unmarshal string into Go struct field RateLine.surcharges.amount of type float64",
        request_id: r.uuid(),
      },
      "error",
    );
  }
  // Fault 2: duplicate booking reference (error).
  for (const t of r.times(r.int(10, 22), t0, t1)) {
    line(
      t,
      "booking-svc",
      "error",
      "booking/repo.go:77",
      "insert booking failed",
      {
        error: 'pq: duplicate key value violates unique constraint "bookings_reference_key"',
        booking_ref: `BK-${r.int(2024000, 2024999)}`,
        request_id: r.uuid(),
      },
      "error",
    );
  }
  // Fault 3: quote-api times out calling carrier-rates (performance).
  for (const t of r.times(r.int(12, 30), t0, t1)) {
    line(
      t,
      "quote-api",
      "error",
      "quotes/pricing.go:131",
      "carrier-rates lookup failed",
      {
        error: 'Post "http://carrier-rates:8080/internal/rates/lookup": context deadline exceeded',
        latency_ms: round(r.float(5000, 5030), 2),
        timeout_ms: 5000,
        request_id: r.uuid(),
      },
      "performance",
    );
  }
  // Fault 4: a panic in the tracking consumer, recovered by the middleware (error).
  for (const t of r.times(r.int(10, 18), t0, t1)) {
    line(
      t,
      "tracking-ingest",
      "error",
      "ingest/recover.go:19",
      "panic recovered while handling message",
      {
        panic: "runtime error: index out of range [3] with length 3",
        topic: "edi.214.status",
        offset: r.int(1_000_000, 9_000_000),
        stacktrace:
          "github.com/shipfast/tracking/ingest.(*Consumer).handle.func1\n\t/src/ingest/recover.go:19\nruntime.gopanic\n\t/usr/local/go/src/runtime/panic.go:770\ngithub.com/shipfast/tracking/edi.parseStatusSegment\n\t/src/edi/x12.go:241\ngithub.com/shipfast/tracking/ingest.(*Consumer).handle\n\t/src/ingest/consumer.go:88",
      },
      "error",
    );
  }

  return tl.build(
    "freight-scattered-faults",
    "Go zap micro-services of a freight platform with four distinct recurring faults (decode errors, duplicate keys, upstream timeouts, recovered panics) scattered over six hours.",
  );
}
