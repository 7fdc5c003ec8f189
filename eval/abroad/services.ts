// A catalogue of micro-services: their routes, normal latencies and the background lines
// (cache refreshes, routine warnings, business events, runtime stats) each writes, spelled
// for the producer the service logs with.

import type { AnomalyType, Ev, Level, ProducerName } from "../blind/types.js";
import { type Rng, round } from "./prng.js";
import { amount, carrier, chargeId, currency, email, goDuration, orderId, podName, query, reqId, sku, spanId, traceId, userId } from "./words.js";

export interface Line {
  level: Level;
  msg: string;
  f?: Record<string, unknown>;
  stack?: string;
  rawLevel?: string;
  logger?: string;
}
export type Gen = (r: Rng, s: Svc) => Line;
export interface Route {
  m: string;
  p: (r: Rng) => string;
  w: number;
  lat?: number; // latency multiplier of this route
}
export type Style = "http" | "grpc" | "cache" | "job" | "consumer";
export type Kind =
  | "gateway"
  | "cart"
  | "checkout"
  | "payment"
  | "inventory"
  | "catalog"
  | "search"
  | "recommendation"
  | "auth"
  | "notification"
  | "shipping"
  | "session-cache"
  | "report-worker"
  | "fraud"
  | "pricing"
  | "profile";

export interface Svc {
  name: string;
  kind: Kind;
  prod: ProducerName;
  pods: string[];
  weight: number;
  style: Style;
  median: number;
  sigma: number;
  routes: Route[];
  reqShare: number;
  bg: (readonly [Gen, number])[];
  logger: string;
  ns: string;
  clientErrP: number;
  limitMb: number;
  memCenter: number; // normal memory use, percent
}

export interface SvcOpts {
  weight?: number;
  median?: number;
  sigma?: number;
  pods?: number;
  routineErrors?: boolean; // a trickle of the routine ERROR lines real services write (default true)
  reqShare?: number;
  ns?: string;
}

const pct = (r: Rng, center: number, spread = 8) => round(Math.min(88, Math.max(12, r.normal(center, spread))), 1);

/** The runtime-stats line a service writes periodically, with memory use at `p` percent. */
export function memStats(r: Rng, s: Svc, p: number, level: Level = "INFO", note?: string): Line {
  const limit = s.limitMb;
  const used = round((limit * p) / 100, 0);
  const msgNote = note ?? "";
  switch (s.prod) {
    case "pino": {
      const total = limit * 1024 * 1024;
      const heapUsed = Math.round((total * p) / 100);
      return {
        level,
        msg: msgNote || "process memory",
        f: {
          heapUsed,
          heapTotal: total,
          rss: Math.round(total * r.float(1.1, 1.3)),
          external: r.int(2, 9) * 1048576,
          eventLoopDelayMs: round(r.lognormal(1.2, 0.4), 2),
        },
      };
    }
    case "python":
      return { level, msg: msgNote || `worker stats: rss=${used}MiB`, f: { rss_mb: used, memory_pct: p, open_fds: r.int(40, 90), threads: r.int(8, 24) } };
    case "zap":
      return {
        level,
        msg: msgNote || "runtime stats",
        f: { goroutines: r.int(80, 400), memory_used_mb: used, memory_total_mb: limit, gc_cycles: r.int(1000, 90000) },
      };
    case "logback":
      return {
        level,
        msg: msgNote || `JVM heap: used=${used}M max=${limit}M`,
        f: { heap_used_mb: used, heap_total_mb: limit, thread_name: "metrics-reporter-1" },
        logger: "com.example.platform.RuntimeMetrics",
      };
    case "otel":
      return {
        level,
        msg: msgNote || "process runtime metrics",
        f: { memory_used_bytes: used * 1048576, memory_limit_bytes: limit * 1048576, "process.cpu.utilization": round(r.float(0.05, 0.6), 2) },
      };
    case "k8s":
      return { level, msg: msgNote || "resource usage", f: { mem_pct: p, cpu_pct: round(r.float(4, 55), 1), mem_mib: used } };
    default:
      return { level, msg: msgNote || "memory stats", f: { memory_usage: p } };
  }
}

/** A request line as the producer's HTTP/gRPC/cache/job/consumer logging writes it. */
export function requestLine(r: Rng, s: Svc, o: { dur?: number; status?: number; route?: Route; grpcCode?: string } = {}): Line {
  const route = o.route ?? r.weighted(s.routes.map((x) => [x, x.w] as const));
  const dur = o.dur ?? r.latency(s.median * (route.lat ?? 1), s.sigma);
  const path = route.p(r);
  switch (s.style) {
    case "grpc": {
      const code =
        o.grpcCode ?? (o.status !== undefined && o.status >= 500 ? "Unavailable" : r.chance(s.clientErrP) ? r.pick(["NotFound", "InvalidArgument"]) : "OK");
      const level: Level = code === "Internal" || code === "Unknown" ? "ERROR" : code === "Unavailable" || code === "DeadlineExceeded" ? "WARNING" : "INFO";
      const [svcName, method] = path.split("/");
      return {
        level,
        msg: `finished unary call with code ${code}`,
        f: {
          "grpc.service": svcName,
          "grpc.method": method,
          "grpc.code": code,
          "grpc.time_ms": round(dur, 3),
          "peer.address": `${r.privateIp()}:${r.int(32000, 60999)}`,
          "grpc.start_time": undefined,
        },
      };
    }
    case "cache": {
      const op = route.m;
      const key = path;
      const hit = op === "GET" ? r.chance(0.93) : undefined;
      return {
        level: "DEBUG",
        msg: `${op} ${key}${hit === undefined ? "" : hit ? " hit" : " miss"}`,
        f: { op, key, hit, took_ms: round(dur, 2), conn: `pool-${r.int(1, 16)}` },
      };
    }
    case "job": {
      const id = `job-${r.int(100000, 999999)}`;
      return {
        level: "INFO",
        msg: `report ${path} completed`,
        f: { job_id: id, report: path, rows: r.int(200, 180000), format: r.pick(["csv", "xlsx", "pdf"]), duration_ms: Math.round(dur) },
      };
    }
    case "consumer": {
      return {
        level: "INFO",
        msg: "message processed",
        f: { topic: path, partition: r.int(0, 11), offset: r.int(1_000_000, 90_000_000), elapsed_ms: round(dur, 1), event_type: route.m },
      };
    }
    default:
      break;
  }
  let status = o.status;
  if (status === undefined) {
    if (r.chance(s.clientErrP))
      status = r.weighted([
        [400, 3],
        [401, 2],
        [404, 4],
        [409, 1],
        [422, 2],
        [429, 0.5],
      ]);
    else if (route.m === "GET" && r.chance(0.04)) status = 304;
    else status = route.m === "POST" && r.chance(0.5) ? 201 : 200;
  }
  const ms = dur;
  switch (s.prod) {
    case "pino":
      return {
        level: status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO",
        msg: status >= 500 ? "request errored" : "request completed",
        f: { reqId: reqId(r), req: { method: route.m, url: path, remoteAddress: r.privateIp() }, res: { statusCode: status }, responseTime: Math.round(ms) },
      };
    case "python":
      return {
        level: status >= 500 ? "ERROR" : "INFO",
        msg: `${r.privateIp()}:${r.int(30000, 65000)} - "${route.m} ${path} HTTP/1.1" ${status}`,
        f: { method: route.m, path, status_code: status, duration_ms: round(ms, 2) },
        logger: "uvicorn.access",
      };
    case "zap":
      return {
        level: status >= 500 ? "ERROR" : "INFO",
        msg: "request handled",
        f: { method: route.m, path, status, latency: goDuration(ms), request_id: reqId(r) },
      };
    case "logback":
      return {
        level: status >= 500 ? "ERROR" : "INFO",
        msg: `${route.m} ${path} -> ${status} (${Math.round(ms)} ms)`,
        f: { http_method: route.m, uri: path, status, elapsed_ms: Math.round(ms), traceId: r.hex(16) },
        logger: "com.example.web.RequestLoggingFilter",
      };
    case "otel":
      return {
        level: status >= 500 ? "ERROR" : "INFO",
        msg: `${route.m} ${path.split("?")[0]}`,
        f: {
          trace_id: traceId(r),
          span_id: spanId(r),
          "http.request.method": route.m,
          "url.path": path,
          "http.response.status_code": status,
          duration_ms: round(ms, 2),
        },
      };
    case "k8s":
      return {
        level: status >= 500 ? "ERROR" : "INFO",
        msg: status >= 500 ? "request failed" : "request served",
        f: { trace_id: traceId(r), span_id: spanId(r), method: route.m, route: path, status_code: status, latency_ms: round(ms, 1) },
      };
    default:
      return {
        level: status >= 500 ? "ERROR" : "INFO",
        msg: `${route.m} ${path} ${status} ${Math.round(ms)}ms`,
        f: { duration_ms: round(ms, 1), status_code: status },
      };
  }
}

const R = (m: string, p: (r: Rng) => string, w: number, lat?: number): Route => (lat === undefined ? { m, p, w } : { m, p, w, lat });
const I = (msg: string, f?: Record<string, unknown>): Line => (f === undefined ? { level: "INFO", msg } : { level: "INFO", msg, f });
const W = (msg: string, f?: Record<string, unknown>): Line => (f === undefined ? { level: "WARNING", msg } : { level: "WARNING", msg, f });
const E = (msg: string, f?: Record<string, unknown>): Line => (f === undefined ? { level: "ERROR", msg } : { level: "ERROR", msg, f });
const D = (msg: string, f?: Record<string, unknown>): Line => (f === undefined ? { level: "DEBUG", msg } : { level: "DEBUG", msg, f });

interface KindDef {
  style: Style;
  median: number;
  sigma: number;
  routes: Route[];
  bg: (readonly [Gen, number])[];
  errs: (readonly [Gen, number])[];
  reqShare: number;
  limitMb: number;
  memCenter: number;
}

const KINDS: Record<Kind, KindDef> = {
  gateway: {
    style: "http",
    median: 38,
    sigma: 0.6,
    reqShare: 0.85,
    limitMb: 512,
    memCenter: 42,
    routes: [
      R("GET", (r) => `/api/catalog/products/${r.int(1000, 99999)}`, 10),
      R("GET", (r) => `/api/search?q=${encodeURIComponent(query(r))}&page=${r.int(1, 4)}`, 6, 1.6),
      R("GET", (r) => `/api/cart/${r.uuid()}`, 5, 0.6),
      R("POST", (r) => `/api/cart/${r.uuid()}/items`, 3, 0.8),
      R("POST", () => "/api/checkout", 1, 5),
      R("GET", () => "/api/users/me", 4, 0.5),
      R("POST", () => "/api/auth/token", 2, 0.9),
      R("GET", (r) => `/api/recommendations?user=${userId(r)}`, 3, 1.3),
      R("GET", () => "/healthz", 2, 0.02),
    ],
    bg: [
      [(r) => I(`upstream ${r.pick(["cart", "catalog", "search", "checkout", "auth"])} endpoints refreshed: ${r.int(3, 8)} healthy, 0 draining`), 3],
      [(r) => W("client closed connection before response was sent", { status: 499, path: `/api/search?q=${encodeURIComponent(query(r))}` }), 2],
      [(r) => W(`rate limit exceeded for client ${r.ip()} (api key ****${r.hex(4)}), 100 req/min`, { status: 429 }), 1.5],
      [(r) => I(`http: TLS handshake error from ${r.ip()}:${r.int(1024, 65535)}: EOF`), 1.5],
      [() => D("route table reloaded (48 routes, 0 changed)"), 1],
    ],
    errs: [[() => E("http: proxy error: context canceled"), 1]],
  },
  cart: {
    style: "http",
    median: 12,
    sigma: 0.5,
    reqShare: 0.78,
    limitMb: 768,
    memCenter: 48,
    routes: [
      R("GET", (r) => `/api/cart/${r.uuid()}`, 8),
      R("POST", (r) => `/api/cart/${r.uuid()}/items`, 4, 1.5),
      R("PUT", (r) => `/api/cart/${r.uuid()}/items/${sku(r)}`, 2, 1.3),
      R("DELETE", (r) => `/api/cart/${r.uuid()}/items/${sku(r)}`, 1, 1.2),
    ],
    bg: [
      [(r) => I(`cart ${r.uuid()} merged into user ${userId(r)} cart (${r.int(1, 9)} items)`), 3],
      [(r) => I(`expired carts purged: ${r.int(40, 900)}`), 0.6],
      [(r) => W(`item ${sku(r)} no longer available, removed from cart ${r.uuid()}`), 1],
      [(r) => D(`cart cache hit for ${r.uuid()}`), 2],
    ],
    errs: [[(r) => E(`validation failed for cart item ${sku(r)}: quantity must be between 1 and 99`), 1]],
  },
  checkout: {
    style: "http",
    median: 180,
    sigma: 0.5,
    reqShare: 0.6,
    limitMb: 1024,
    memCenter: 52,
    routes: [
      R("POST", () => "/api/checkout", 5),
      R("GET", (r) => `/api/checkout/${r.uuid()}/status`, 4, 0.15),
      R("POST", (r) => `/api/checkout/${r.uuid()}/confirm`, 2, 1.3),
    ],
    bg: [
      [(r) => I(`order ${orderId(r)} placed: ${r.int(1, 7)} items, total ${amount(r)} ${currency(r)}`), 5],
      [(r) => I(`idempotent replay for key ${r.uuid()}, returning stored response`), 1],
      [(r) => W(`payment pending for order ${orderId(r)}, polling again in 2s`), 1.2],
      [(r) => I(`tax computed for order ${orderId(r)} via avalara in ${r.int(40, 160)}ms`), 2],
    ],
    errs: [[() => E("tax provider returned 429 Too Many Requests, falling back to cached rate table"), 1]],
  },
  payment: {
    style: "http",
    median: 240,
    sigma: 0.45,
    reqShare: 0.55,
    limitMb: 1024,
    memCenter: 46,
    routes: [R("POST", () => "/v1/charges", 6), R("POST", () => "/v1/refunds", 1, 0.8), R("GET", (r) => `/v1/charges/${chargeId(r)}`, 3, 0.12)],
    bg: [
      [(r) => I(`charge ${chargeId(r)} authorized amount=${amount(r)} currency=${currency(r)}`), 5],
      [(r) => W(`card declined for charge ${chargeId(r)}: ${r.pick(["insufficient_funds", "do_not_honor", "expired_card", "incorrect_cvc"])}`), 2],
      [(r) => I(`3-D Secure challenge required for charge ${chargeId(r)}`), 1],
      [(r) => I(`webhook evt_${r.alnum(24)} delivered to merchant endpoint in ${r.int(80, 900)} ms`), 2],
      [() => W("webhook delivery retried (attempt 2/5): merchant endpoint answered 503"), 0.6],
    ],
    errs: [[(r) => E(`webhook signature verification failed for endpoint we_${r.alnum(14)}`), 1]],
  },
  inventory: {
    style: "http",
    median: 8,
    sigma: 0.5,
    reqShare: 0.75,
    limitMb: 512,
    memCenter: 40,
    routes: [R("GET", (r) => `/stock/${sku(r)}`, 8), R("POST", () => "/reservations", 3, 2), R("DELETE", (r) => `/reservations/res_${r.alnum(12)}`, 1, 1.5)],
    bg: [
      [(r) => I(`reservation res_${r.alnum(12)} created for ${r.int(1, 4)}x ${sku(r)}`), 3],
      [(r) => I(`reservation res_${r.alnum(12)} released after TTL`), 1.5],
      [(r) => I(`stock sync applied ${r.int(20, 4000)} rows from warehouse WH-${r.int(1, 9)}`), 0.8],
      [(r) => W(`low stock for ${sku(r)}: ${r.int(0, 4)} left`), 1],
    ],
    errs: [[(r) => E(`reservation res_${r.alnum(12)} not found (already released)`), 1]],
  },
  catalog: {
    style: "http",
    median: 25,
    sigma: 0.55,
    reqShare: 0.8,
    limitMb: 1024,
    memCenter: 55,
    routes: [
      R("GET", (r) => `/products/${r.int(1000, 99999)}`, 8),
      R("GET", (r) => `/categories/${r.pick(["shoes", "electronics", "home", "kids", "outdoor", "kitchen"])}/products?page=${r.int(1, 30)}`, 4, 1.8),
    ],
    bg: [
      [(r) => I(`product cache refreshed (${r.int(20000, 60000)} entries)`), 1],
      [(r) => I(`price list v${r.int(300, 340)} loaded`), 0.5],
      [(r) => W(`image CDN returned 404 for product ${r.int(1000, 99999)} thumbnail`), 1.2],
    ],
    errs: [[(r) => E(`failed to resize image ${r.int(1000, 99999)}.jpg: unsupported colour profile`), 1]],
  },
  search: {
    style: "http",
    median: 60,
    sigma: 0.6,
    reqShare: 0.8,
    limitMb: 2048,
    memCenter: 58,
    routes: [
      R("GET", (r) => `/search?q=${encodeURIComponent(query(r))}&size=24`, 6),
      R("GET", (r) => `/suggest?prefix=${query(r).slice(0, r.int(2, 5))}`, 4, 0.3),
    ],
    bg: [
      [(r) => I(`index refresh completed on shard ${r.int(0, 5)} (${r.int(5, 400)} docs)`), 2],
      [(r) => D(`query rewritten with synonyms: "${query(r)}"`), 2],
      [(r) => W(`search took longer than budget for "${query(r)}", returned partial results from ${r.int(4, 5)}/6 shards`), 0.5],
    ],
    errs: [[() => E('query parse error: unbalanced quotes in q="red shoes'), 1]],
  },
  recommendation: {
    style: "http",
    median: 45,
    sigma: 0.5,
    reqShare: 0.7,
    limitMb: 3072,
    memCenter: 60,
    routes: [R("GET", (r) => `/recommendations/${userId(r)}?slot=${r.pick(["home", "pdp", "cart"])}`, 1)],
    bg: [
      [(r) => I(`feature vector fetched for user ${userId(r)} from feature store`), 3],
      [(r) => I(`model recs-v${r.int(40, 42)} scored ${r.int(200, 800)} candidates`), 3],
      [(r) => I(`fallback to popular items for cold-start user ${userId(r)}`), 1],
      [(r) => W(`feature store miss for user ${userId(r)}, using defaults`), 1],
    ],
    errs: [[() => E("failed to put impression batch to kinesis: ProvisionedThroughputExceededException (will retry)"), 1]],
  },
  auth: {
    style: "http",
    median: 30,
    sigma: 0.5,
    reqShare: 0.7,
    limitMb: 512,
    memCenter: 38,
    routes: [R("POST", () => "/oauth/token", 5), R("GET", () => "/userinfo", 4, 0.3), R("POST", () => "/login", 2, 4)],
    bg: [
      [
        (r) =>
          I(
            `token issued for client ${r.pick(["web-frontend", "ios-app", "android-app", "partner-feed"])} grant_type=${r.pick(["authorization_code", "refresh_token", "client_credentials"])}`,
          ),
        4,
      ],
      [(r) => W(`invalid credentials for user ${email(r)}`), 1.5],
      [(r) => I(`refresh token rotated for session ${r.hex(16)}`), 2],
      [(r) => D(`JWKS served from cache (kid=${r.hex(8)})`), 1],
    ],
    errs: [[() => E("JWT verification failed: token expired"), 1]],
  },
  notification: {
    style: "consumer",
    median: 90,
    sigma: 0.6,
    reqShare: 0.5,
    limitMb: 512,
    memCenter: 35,
    routes: [R("email.requested", () => "notifications.email", 3), R("push.requested", () => "notifications.push", 2, 0.4)],
    bg: [
      [(r) => I(`email ${r.uuid()} accepted by SMTP relay: 250 2.0.0 Ok: queued as ${r.hex(10).toUpperCase()}`), 4],
      [(r) => W(`soft bounce for ${email(r)}: 452 4.2.2 mailbox full`), 0.8],
      [(r) => I(`push sent to ${r.pick(["apns", "fcm"])} device ${r.hex(12)}`), 3],
    ],
    errs: [[(r) => E(`hard bounce for ${email(r)}: 550 5.1.1 user unknown`), 1]],
  },
  shipping: {
    style: "http",
    median: 220,
    sigma: 0.55,
    reqShare: 0.6,
    limitMb: 768,
    memCenter: 44,
    routes: [R("POST", () => "/rates", 5), R("POST", () => "/labels", 1, 1.8), R("GET", (r) => `/tracking/1Z${r.alnum(16).toUpperCase()}`, 2, 0.7)],
    bg: [
      [(r) => I(`rate quote from ${carrier(r)}: ${r.int(2, 6)} services`), 4],
      [(r) => I(`label created with ${carrier(r)} tracking 1Z${r.alnum(16).toUpperCase()}`), 1],
      [(r) => W(`${carrier(r)} rate API slow (${r.int(1200, 2600)} ms), served cached rates`), 0.6],
    ],
    errs: [[(r) => E(`${carrier(r)} address validation failed: postal code does not match state`), 1]],
  },
  "session-cache": {
    style: "cache",
    median: 1.8,
    sigma: 0.35,
    reqShare: 0.9,
    limitMb: 4096,
    memCenter: 62,
    routes: [R("GET", (r) => `session:${r.hex(24)}`, 8), R("SET", (r) => `session:${r.hex(24)}`, 2, 1.2), R("DEL", (r) => `session:${r.hex(24)}`, 0.5)],
    bg: [
      [(r) => I(`evicted ${r.int(10, 900)} expired keys`), 2],
      [(r) => I(`connection pool: active=${r.int(2, 30)} idle=${r.int(10, 60)} waiting=0`), 2],
      [() => D("replica lag 0 ms"), 1],
    ],
    errs: [],
  },
  "report-worker": {
    style: "job",
    median: 2100,
    sigma: 0.35,
    reqShare: 0.45,
    limitMb: 4096,
    memCenter: 50,
    routes: [
      R("run", () => "sales-daily", 3),
      R("run", () => "inventory-aging", 2, 1.4),
      R("run", () => "payout-summary", 2, 0.8),
      R("run", () => "returns-by-reason", 1, 0.7),
    ],
    bg: [
      [(r) => I(`picked job job-${r.int(100000, 999999)} (${r.pick(["sales-daily", "inventory-aging", "payout-summary"])}) from queue reports`), 4],
      [(r) => I(`uploaded report job-${r.int(100000, 999999)}.csv to s3://reports-prod/exports/ (${r.int(12, 9000)} KB)`), 3],
      [(r) => W(`report job-${r.int(100000, 999999)} query returned 0 rows`), 0.7],
      [(r) => I(`scheduler tick: ${r.int(0, 14)} jobs pending`), 2],
    ],
    errs: [[(r) => E(`report job-${r.int(100000, 999999)} rejected: export exceeds 1000000 rows limit`), 1]],
  },
  fraud: {
    style: "http",
    median: 70,
    sigma: 0.4,
    reqShare: 0.65,
    limitMb: 2048,
    memCenter: 57,
    routes: [R("POST", () => "/score", 1)],
    bg: [
      [(r) => I(`scored order ${orderId(r)}: score=${round(r.float(0, 0.35), 3)} decision=approve`), 5],
      [(r) => I(`order ${orderId(r)} sent to manual review: score=${round(r.float(0.6, 0.8), 3)}`), 0.6],
      [(r) => W(`velocity rule hit for card fingerprint ${r.hex(12)}: 3 attempts in 10m`), 0.8],
    ],
    errs: [],
  },
  pricing: {
    style: "grpc",
    median: 4,
    sigma: 0.45,
    reqShare: 0.85,
    limitMb: 512,
    memCenter: 36,
    routes: [R("grpc", () => "pricing.v1.PricingService/GetPrice", 6), R("grpc", () => "pricing.v1.PricingService/GetPrices", 2, 2.5)],
    bg: [
      [(r) => I(`price rules reloaded (${r.int(1200, 1400)} rules)`), 1],
      [() => I("currency rates updated from ECB feed"), 0.5],
      [(r) => D(`promo ${r.pick(["SPRING10", "FREESHIP", "BUNDLE3"])} applied`), 2],
    ],
    errs: [[(r) => E(`no price rule matched for ${sku(r)} in region ${r.pick(["eu-west", "us-east", "ap-south"])}, using list price`), 1]],
  },
  profile: {
    style: "grpc",
    median: 6,
    sigma: 0.5,
    reqShare: 0.85,
    limitMb: 512,
    memCenter: 40,
    routes: [R("grpc", () => "profile.v1.ProfileService/GetProfile", 6), R("grpc", () => "profile.v1.ProfileService/UpdatePreferences", 1, 2)],
    bg: [
      [(r) => I(`profile ${userId(r)} preferences updated`), 1],
      [(r) => D(`profile cache warm: ${r.int(90, 99)}% hit ratio`), 1],
    ],
    errs: [],
  },
};

export function makeSvc(r: Rng, name: string, kind: Kind, prod: ProducerName, o: SvcOpts = {}): Svc {
  const k = KINDS[kind];
  const bg = [...k.bg];
  if (o.routineErrors ?? true) for (const [g, w] of k.errs) bg.push([g, w * 0.35] as const);
  const svc: Svc = {
    name,
    kind,
    prod,
    pods: Array.from({ length: o.pods ?? r.int(2, 4) }, () => podName(name, r)),
    weight: o.weight ?? 1,
    style: k.style,
    median: o.median ?? k.median,
    sigma: o.sigma ?? k.sigma,
    routes: k.routes,
    reqShare: o.reqShare ?? k.reqShare,
    bg,
    logger: prod === "logback" ? `com.example.${name.replace(/-/g, "")}` : prod === "python" ? name.replace(/-/g, "_") : name,
    ns: o.ns ?? "prod",
    clientErrP: 0.035,
    limitMb: k.limitMb,
    memCenter: k.memCenter,
  };
  // the runtime-stats line, about 3 % of background lines
  svc.bg.push([runtimeStats, 0.9] as const);
  return svc;
}

const runtimeStats: Gen = (rr, s) => memStats(rr, s, pct(rr, s.memCenter));

/** Removes the periodic runtime-stats line from s's background, for a scenario that writes its own. */
export function withoutRuntimeStats(s: Svc): Svc {
  s.bg = s.bg.filter(([g]) => g !== runtimeStats);
  return s;
}

/** One event of service `s` at time t. */
export function ev(r: Rng, s: Svc, t: number, line: Line, label: AnomalyType | null = null, inst?: string): Ev {
  const f: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(line.f ?? {})) if (v !== undefined) f[k] = v;
  if (s.prod === "k8s" && f.ns === undefined) f.ns = s.ns;
  const e: Ev = { t, svc: s.name, level: line.level, msg: line.msg, label, prod: s.prod, inst: inst ?? r.pick(s.pods), logger: line.logger ?? s.logger, f };
  if (line.stack !== undefined) e.stack = line.stack;
  if (line.rawLevel !== undefined) e.rawLevel = line.rawLevel;
  return e;
}

/** A normal event of service s at time t: a request (marked `req`) or a background line. */
export function normalEv(r: Rng, s: Svc, t: number): Ev {
  if (r.chance(s.reqShare)) {
    const e = ev(r, s, t, requestLine(r, s));
    e.req = true;
    return e;
  }
  const g = r.weighted(s.bg);
  return ev(r, s, t, g(r, s));
}

/** n normal lines spread over [t0, t1) across the services by weight. */
export function traffic(r: Rng, svcs: Svc[], t0: number, t1: number, n: number): Ev[] {
  const times = r.times(n, t0, t1);
  const ws = svcs.map((s) => [s, s.weight] as const);
  return times.map((t) => normalEv(r, r.weighted(ws), t));
}

/** A random start time for an incident in 2024-2025, on the second. */
export function startTime(r: Rng): number {
  return Date.UTC(2024, 0, 1) + r.int(0, 600) * 86_400_000 + r.int(0, 86_399) * 1000;
}
