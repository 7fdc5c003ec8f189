/*
 * small-pricing-cache-blip
 *
 * A small shop backend over roughly half an hour: a Node storefront BFF (pino),
 * a Python pricing-api (python-json-logger) and a Go order-worker (zap).
 * Somewhere in the middle the Redis instance behind pricing-api resets its
 * connections. pricing-api logs one Redis ConnectionError and switches to a
 * degraded "quote from postgres" mode; for a minute or two a handful of quotes
 * and storefront pages are slow and one storefront call to pricing times out.
 * Then Redis reconnects and everything is quiet again.
 * Routine noise all along: a stale-FX-rate warning from pricing-api every few
 * minutes, the odd 404 from the storefront.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const pyTimestamp = (t: number): string => new Date(t).toISOString().replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

export function s01SmallPricingCacheBlip(seed: number): Scenario {
  const r = rng(seed, "tundra/s01");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(7, 19), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(30, 40) * 60_000;
  const end = start + windowMs;
  const incAt = start + windowMs * r.float(0.3, 0.68);
  const outageMs = r.int(70, 130) * 1000;
  const inOutage = (t: number): boolean => t >= incAt && t < incAt + outageMs;

  // --- storefront (pino + pino-http) ---
  const sfHosts = [0, 1].map(() => `storefront-${r.hex(10)}-${r.alnum(5)}`);
  const sf = (t: number, level: number, msg: string, extra: Record<string, unknown>, host?: string): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: host ?? r.pick(sfHosts),
    service: "storefront",
    ...extra,
    msg,
  });
  const sfRequest = (t: number, method: string, url: string, status: number, ms: number, reqId?: string, host?: string): Record<string, unknown> =>
    sf(
      t,
      status >= 500 ? 50 : status >= 400 ? 40 : 30,
      "request completed",
      {
        reqId: reqId ?? r.uuid(),
        req: { method, url, remoteAddress: `10.42.${r.int(0, 3)}.${r.int(2, 250)}` },
        res: { statusCode: status },
        duration_ms: ms,
      },
      host,
    );
  const searchTerms = ["rain jacket", "wool socks", "trail shoes", "headlamp", "thermos", "gaiters", "beanie"];
  for (let t = start + r.exp(20_000); t < end; t += r.exp(r.float(20_000, 26_000))) {
    const kind = r.weighted([
      ["product", 40],
      ["cart", 20],
      ["search", 15],
      ["account", 15],
      ["add", 10],
    ] as const);
    const pricingDependent = kind === "product" || kind === "cart" || kind === "add";
    if (pricingDependent && inOutage(t)) continue;
    if (kind === "product") {
      const missing = r.chance(0.04);
      push(t, sfRequest(t, "GET", `/api/products/${r.int(10000, 10999)}`, missing ? 404 : 200, Math.round(r.logn(missing ? 12 : 48, 0.35))));
    } else if (kind === "cart") {
      push(t, sfRequest(t, "GET", "/api/cart", 200, Math.round(r.logn(62, 0.35))));
    } else if (kind === "add") {
      push(t, sfRequest(t, "POST", "/api/cart/items", 201, Math.round(r.logn(75, 0.3))));
    } else if (kind === "search") {
      push(t, sfRequest(t, "GET", `/api/search?q=${encodeURIComponent(r.pick(searchTerms))}&page=${r.int(1, 3)}`, 200, Math.round(r.logn(90, 0.4))));
    } else {
      push(t, sfRequest(t, "GET", "/api/account", 200, Math.round(r.logn(22, 0.3))));
    }
  }

  // --- pricing-api (python-json-logger) ---
  const py = (t: number, levelname: string, name: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name,
    message,
    service: "pricing-api",
    ...extra,
    timestamp: pyTimestamp(t),
  });
  const currencies = ["EUR", "EUR", "EUR", "GBP", "CHF", "SEK"];
  const quote = (cache: string, ms: number): string =>
    `quote sku=SKU-${r.int(10000, 10999)} qty=${r.int(1, 4)} currency=${r.pick(currencies)} price=${(r.int(499, 24999) / 100).toFixed(2)} cache=${cache} took ${ms.toFixed(1)}ms`;
  for (let t = start + r.exp(30_000); t < end; t += r.exp(r.float(35_000, 48_000))) {
    if (inOutage(t)) continue;
    const hit = r.chance(0.86);
    push(t, py(t, "INFO", "pricing.api", quote(hit ? "hit" : "miss", hit ? r.logn(4, 0.4) : r.logn(31, 0.3))));
  }
  for (let t = start + r.int(60, 240) * 1000; t < end; t += r.int(6, 10) * 60_000) {
    push(t, py(t, "WARNING", "pricing.fx", `FX rate for CHF is ${r.int(16, 29)} minutes old (source=ecb), using cached value`));
  }

  // --- order-worker (zap) ---
  const callers = ["worker/process.go:142", "worker/process.go:142", "worker/ack.go:57"];
  for (let t = start + r.exp(60_000); t < end; t += r.exp(r.float(70_000, 95_000))) {
    const c = r.pick(callers);
    push(t, {
      level: "info",
      ts: Math.floor(t) / 1000,
      caller: c,
      msg: c.includes("ack") ? "order acknowledged" : "order processed",
      service: "order-worker",
      order_id: `ord_${r.alnum(14)}`,
      items: r.int(1, 6),
      latency_ms: Math.round(r.logn(140, 0.35)),
    });
  }

  // --- the incident ---
  const sku = r.int(10000, 10999);
  push(
    incAt,
    py(incAt, "ERROR", "pricing.cache", `Redis error during GET quote:SKU-${sku}:EUR`, {
      exc_info:
        "Traceback (most recent call last):\n" +
        '  File "/app/pricing/cache.py", line 58, in get_quote\n    raw = await self.redis.get(key)\n' +
        '  File "/usr/local/lib/python3.12/site-packages/redis/asyncio/client.py", line 612, in execute_command\n    return await conn.retry.call_with_retry(\n' +
        '  File "/usr/local/lib/python3.12/site-packages/redis/asyncio/connection.py", line 541, in send_packed_command\n    raise ConnectionError(\n' +
        "redis.exceptions.ConnectionError: Error 104 while writing to socket. Connection reset by peer.",
    }),
    "error",
  );
  const t1 = incAt + r.int(80, 400);
  push(t1, py(t1, "WARNING", "pricing.cache", "cache backend unavailable, serving quotes from postgres (degraded mode)"), "pattern");
  const slowQuotes = r.int(1, 2);
  for (let i = 0; i < slowQuotes; i++) {
    const t = incAt + outageMs * r.float(0.1, 0.9);
    push(t, py(t, "INFO", "pricing.api", quote("bypass", r.float(900, 2100))), "performance");
  }
  const slowPages = r.int(2, 3);
  for (let i = 0; i < slowPages; i++) {
    const t = incAt + outageMs * r.float(0.05, 0.95);
    const url = r.chance(0.5) ? `/api/products/${r.int(10000, 10999)}` : "/api/cart";
    push(t, sfRequest(t, "GET", url, 200, r.int(1400, 2450)), "performance");
  }
  const tt = incAt + outageMs * r.float(0.2, 0.7);
  const timeoutUrl = `/api/products/${r.int(10000, 10999)}`;
  const timeoutReq = r.uuid();
  const timeoutHost = r.pick(sfHosts);
  push(
    tt,
    sf(
      tt,
      50,
      "pricing-api request failed",
      {
        reqId: timeoutReq,
        upstream: "http://pricing-api:8000/v1/quotes",
        err: {
          type: "TimeoutError",
          message: "Request timed out after 2500ms",
          code: "ETIMEDOUT",
          stack:
            "TimeoutError: Request timed out after 2500ms\n    at Timeout._onTimeout (/app/node_modules/got/dist/source/core/timed-out.js:63:23)\n    at listOnTimeout (node:internal/timers:573:17)",
        },
      },
      timeoutHost,
    ),
    "performance",
  );
  const tt2 = tt + r.int(3, 15);
  push(tt2, sfRequest(tt2, "GET", timeoutUrl, 502, r.int(2503, 2530), timeoutReq, timeoutHost), "performance");
  const tr = incAt + outageMs;
  push(tr, py(tr, "INFO", "pricing.cache", `Redis connection re-established (cache-redis:6379) after ${Math.round(outageMs / 1000)}s, leaving degraded mode`));

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "small-pricing-cache-blip",
    description:
      "Small shop backend: a Redis connection reset behind pricing-api causes one error, a degraded-mode notice and a few slow/timed-out storefront and quote requests.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
