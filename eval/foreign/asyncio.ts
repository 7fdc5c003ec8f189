// An aiohttp quoting service logging with structlog's JSONRenderer (`event` is the message, no
// service name: the logger names the part of the process). A release adds a PDF export that
// uploads to S3 with blocking boto3 inside the handler: each export stalls that pod's event loop
// for a second or more, every request in flight on it waits, the loop-lag monitor and asyncio's
// debug mode complain, and Redis and websocket heartbeats time out.
import type { Scenario } from "../blind/types.js";
import { Incident, isoUs, type Label, MIN, round, rngFor, SEC, startTime, times } from "./kit.js";

export function asyncioLoopBlocking(seed: number): Scenario {
  const name = "asyncio-event-loop-blocking";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A release puts a blocking S3 upload inside an aiohttp handler: event-loop stalls, slow requests on the same pod, Redis and websocket heartbeat timeouts, in structlog JSON",
  );
  const t0 = startTime(rng, 7, 20);
  const span = rng.int(55, 70) * MIN;
  const end = t0 + span;
  const deploy = t0 + Math.floor(span * rng.float(0.3, 0.45));
  const pods = [0, 1, 2].map(() => `quote-service-${rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  const newPods = [0, 1, 2].map(() => `quote-service-${rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  const podAt = (i: number, t: number): string => (t < deploy + i * 40 * SEC ? pods[i]! : newPods[i]!);

  const log = (t: number, pod: string, logger: string, level: string, event: string, label: Label, kv: Record<string, unknown> = {}): void => {
    inc.add(t, { event, level, logger, timestamp: isoUs(t), pod, ...kv }, label);
  };

  // Stalls: each PDF export after the release blocks one pod's loop.
  const stalls: { pod: number; at: number; dur: number }[] = [];
  for (const t of times(rng, deploy + 3 * MIN, end, rng.int(38, 55))) stalls.push({ pod: rng.int(0, 2), at: t, dur: Math.round(rng.logn(1600, 0.45)) });
  const stalledBy = (i: number, t: number) => stalls.find((s) => s.pod === i && t >= s.at && t < s.at + s.dur);

  // Rolling deploy.
  for (let i = 0; i < 3; i++) {
    const t = deploy + i * 40 * SEC;
    log(t - 2 * SEC, pods[i]!, "quotes.app", "info", "shutting down", null, { reason: "SIGTERM", inflight: rng.int(0, 4) });
    log(t, newPods[i]!, "quotes.app", "info", "starting quote-service", null, { version: "2.31.0", python: "3.11.9", aiohttp: "3.9.5", asyncio_debug: true });
    log(t + 600, newPods[i]!, "quotes.redis", "info", "redis pubsub connected", null, {
      url: "redis://quotes-redis:6379/2",
      channels: ["fx.rates", "quotes.invalidate"],
    });
    log(t + 900, newPods[i]!, "aiohttp.web", "info", "======== Running on http://0.0.0.0:8080 ========", null);
  }

  const routes = [
    ["GET", "/v2/quotes/{id}", 12, 35],
    ["POST", "/v2/quotes", 38, 15],
    ["GET", "/v2/fx/rates", 3, 20],
    ["GET", "/v2/products/{id}/price", 8, 20],
    ["GET", "/health", 1, 10],
  ] as const;
  for (const t of times(rng, t0, end, rng.int(2500, 3100))) {
    const i = rng.int(0, 2);
    const pod = podAt(i, t);
    const [method, path, median] = rng.weighted(routes.map((r) => [r, r[3]] as const));
    let ms = Math.min(rng.logn(median, 0.45), median * 4);
    // A request that arrives or is in flight while the loop is stalled waits for the stall to end.
    const s = stalledBy(i, t);
    if (s) ms += s.at + s.dur - t;
    const slow = ms >= median * 10;
    const status = method === "POST" ? 201 : rng.chance(0.01) ? 404 : 200;
    const p = path.replace("{id}", String(rng.int(100000, 999999)));
    log(t + ms, pod, "aiohttp.access", "info", "request finished", slow ? "performance" : null, {
      method,
      path: p,
      status,
      elapsed_ms: round(ms, 2),
      request_id: rng.hex(16),
      remote: `10.2.${rng.int(0, 9)}.${rng.int(2, 250)}`,
    });
  }
  // Background jobs every pod runs.
  for (let i = 0; i < 3; i++) {
    for (let t = t0 + rng.int(0, 29) * SEC; t < end; t += 30 * SEC) {
      log(t, podAt(i, t), "quotes.fx", "info", "fx rates refreshed", null, { pairs: 42, source: "ecb", age_s: rng.int(1, 30) });
    }
    for (const t of times(rng, t0, end, rng.int(30, 50)))
      log(t, podAt(i, t), "quotes.ws", "info", "websocket subscribed", null, { channel: "quotes", client: rng.hex(8) });
  }
  // The stalls themselves.
  for (const s of stalls) {
    const pod = podAt(s.pod, s.at);
    const qid = rng.int(100000, 999999);
    log(s.at - rng.int(2, 20), pod, "quotes.export", "info", "exporting quote pdf", null, { quote_id: qid, pages: rng.int(1, 6) });
    log(
      s.at + s.dur + 2,
      pod,
      "asyncio",
      "warning",
      `Executing <Task pending name='Task-${rng.int(10000, 99999)}' coro=<RequestHandler._handle_request() running at /usr/local/lib/python3.11/site-packages/aiohttp/web_protocol.py:452> wait_for=<Future pending cb=[Task.task_wakeup()] created at /usr/local/lib/python3.11/asyncio/base_events.py:427> cb=[Task.task_wakeup()] created at /usr/local/lib/python3.11/site-packages/aiohttp/web_protocol.py:519> took ${(s.dur / 1000).toFixed(3)} seconds`,
      "performance",
    );
    log(s.at + s.dur + 5, pod, "quotes.lagmon", "warning", "event loop lag", "performance", { lag_ms: round(s.dur - rng.float(0, 80), 1), threshold_ms: 100 });
    log(s.at + s.dur + 9, pod, "aiohttp.access", "info", "request finished", "performance", {
      method: "POST",
      path: `/v2/quotes/${qid}/pdf`,
      status: 200,
      elapsed_ms: round(s.dur + rng.float(30, 90), 2),
      request_id: rng.hex(16),
      remote: `10.2.${rng.int(0, 9)}.${rng.int(2, 250)}`,
    });
    if (s.dur > 2000 && rng.chance(0.6)) {
      log(s.at + s.dur + 20, pod, "quotes.redis", "error", "redis pubsub connection lost", "error", {
        error: "TimeoutError: Timeout reading from quotes-redis:6379",
        reconnect_in_s: 1,
      });
      log(s.at + s.dur + 1100, pod, "quotes.redis", "info", "redis pubsub connected", null, {
        url: "redis://quotes-redis:6379/2",
        channels: ["fx.rates", "quotes.invalidate"],
      });
    }
    if (s.dur > 1500 && rng.chance(0.5)) {
      log(s.at + s.dur + 30, pod, "quotes.ws", "warning", "closing websocket: no pong within 1.0s", "error", { client: rng.hex(8), code: 1011 });
    }
    if (s.dur > 2500 && rng.chance(0.4)) {
      log(
        s.at + s.dur + 40,
        pod,
        "asyncio",
        "error",
        `Task exception was never retrieved\nfuture: <Task finished name='Task-${rng.int(10000, 99999)}' coro=<Hub.heartbeat() done, defined at /app/quotes/ws.py:88> exception=TimeoutError()>\nTraceback (most recent call last):\n  File "/app/quotes/ws.py", line 97, in heartbeat\n    await asyncio.wait_for(ws.ping(), timeout=1.0)\n  File "/usr/local/lib/python3.11/asyncio/tasks.py", line 502, in wait_for\n    raise exceptions.TimeoutError() from exc\nTimeoutError`,
        "error",
      );
    }
  }
  return inc.finish();
}
