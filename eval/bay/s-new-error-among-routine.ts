/**
 * payout-typeerror-among-routine-errors: account-api logs ERROR all window for benign reasons
 * (clients that hang up mid-request, scanners probing paths it does not have, rejected input),
 * and notification-service (OpenTelemetry, severity numbers) logs deferred mail at severity 17.
 * In the second half a feature flag turns on the new payout-settings page and every call to it
 * throws the same TypeError, 10-25 times, each a 500 at account-api and at the edge. Late,
 * search-indexer's heap after GC climbs towards its limit for a quarter of an hour.
 */
import { edgeLine } from "./common.js";
import { otlp, pino, pinoHttp } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "payout-typeerror-among-routine-errors";

export function payoutTypeErrorAmongRoutine(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-08-03", 7);
  const end = start + 4 * HOUR + rng.int(-10, 20) * MINUTE;
  const tl = new Timeline(start, end);

  const acc = [0, 1].map(() => ({ name: "account-api", hostname: rng.pod("account-api"), pid: 1 }));
  const up = `10.70.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  const remote = () => `::ffff:10.70.0.${rng.int(2, 250)}`;

  // ── account-api: normal requests ────────────────────────────────────────────────────────────
  const routes: (readonly [string, number])[] = [
    ["GET /api/accounts/<id>", 40],
    ["GET /api/accounts/<id>/transactions", 30],
    ["PATCH /api/accounts/<id>/profile", 8],
    ["POST /api/session", 12],
  ];
  for (const t of arrivals(rng, start, end, 4.2, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(1000000, 9999999)));
    const took = rng.logNormal(path.endsWith("transactions") ? 85 : 30, 0.4);
    const d = t + Math.round(took);
    tl.add(d, pinoHttp(d, rng.pick(acc), { id: rng.uuid(), method, url: uri, remoteAddress: remote() }, method === "POST" ? 201 : 200, took));
    const [e, entry] = edgeLine(rng, t - 2, "account-edge", method, uri, method === "POST" ? 201 : 200, took + 3, up);
    tl.add(e, entry);
  }

  // ── account-api: the routine errors, all window ────────────────────────────────────────────
  for (const t of arrivals(rng, start, end, 0.45)) {
    const uri = `/api/accounts/${rng.int(1000000, 9999999)}/transactions`;
    tl.add(
      t,
      pino(t, rng.pick(acc), "error", "request aborted by client", {
        req: { method: "GET", url: uri },
        err: {
          type: "Error",
          message: "aborted",
          code: "ECONNRESET",
          stack: "Error: aborted\n    at abortIncoming (node:_http_server:806:17)\n    at socketOnClose (node:_http_server:800:3)",
        },
      }),
    );
  }
  const probes = [
    "/wp-login.php",
    "/.env",
    "/.git/config",
    "/phpmyadmin/index.php",
    "/actuator/env",
    "/server-status",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  ];
  for (const t of arrivals(rng, start, end, 0.35)) {
    const uri = rng.pick(probes);
    const src = rng.pick(acc);
    tl.add(t, pino(t, src, "error", `route not found: GET ${uri}`, { statusCode: 404 }));
    tl.add(t + 1, pinoHttp(t + 1, src, { id: rng.uuid(), method: "GET", url: uri, remoteAddress: remote() }, 404, 1));
    const [e, entry] = edgeLine(rng, t - 2, "account-edge", "GET", uri, 404, 3, up);
    tl.add(e, entry);
  }
  for (const t of arrivals(rng, start, end, 0.6)) {
    const src = rng.pick(acc);
    const field = rng.pick(["iban", "postcode", "phone", "birthDate", "email"]);
    const uri = `/api/accounts/${rng.int(1000000, 9999999)}/profile`;
    tl.add(t, pino(t, src, "error", "validation failed", { field, reason: rng.pick(["format", "required", "too_long"]), statusCode: 400 }));
    tl.add(t + 2, pinoHttp(t + 2, src, { id: rng.uuid(), method: "PATCH", url: uri, remoteAddress: remote() }, 400, rng.int(3, 9)));
    const [e, entry] = edgeLine(rng, t - 3, "account-edge", "PATCH", uri, 400, 8, up);
    tl.add(e, entry);
  }

  // ── the new failure: the payout-settings page after the flag flip ─────────────────────────
  const flagAt = tl.at(rng.float(0.52, 0.7));
  tl.add(flagAt, pino(flagAt, acc[0]!, "info", "feature flag updated", { flag: "payout-settings-v2", value: true, source: "launchdarkly-stream" }));
  const n = rng.int(10, 25);
  const span = end - flagAt - 2 * MINUTE;
  const times = Array.from({ length: n }, () => flagAt + 30 * SECOND + Math.round(rng.next() * span)).sort((a, b) => a - b);
  for (const t of times) {
    const src = rng.pick(acc);
    const id = rng.int(1000000, 9999999);
    const uri = `/api/accounts/${id}/payout-settings`;
    const reqId = rng.uuid();
    const took = rng.logNormal(20, 0.3);
    const d = t + Math.round(took);
    tl.add(
      d - 1,
      pino(d - 1, src, "error", "unhandled error in route handler", {
        reqId,
        err: {
          type: "TypeError",
          message: "Cannot read properties of undefined (reading 'iban')",
          stack:
            "TypeError: Cannot read properties of undefined (reading 'iban')\n    at maskPayoutAccount (/app/dist/payouts/settings.js:41:37)\n    at getPayoutSettings (/app/dist/payouts/settings.js:18:12)\n    at async /app/dist/routes/accounts.js:122:20",
        },
      }),
      "error",
    );
    tl.add(d, pinoHttp(d, src, { id: reqId, method: "GET", url: uri, remoteAddress: remote() }, 500, took), "error");
    const [e, entry] = edgeLine(rng, t - 2, "account-edge", "GET", uri, 500, took + 3, up);
    tl.add(e, entry, "error");
  }

  // ── notification-service (OpenTelemetry logs, severity numbers) ───────────────────────────
  const ns = rng.pod("notification-service");
  for (const t of arrivals(rng, start, end, 2.2)) {
    const deferred = rng.chance(0.08);
    if (deferred) {
      tl.add(
        t,
        otlp(t, "notification-service", ns, 17, `SMTP delivery deferred: 421 4.7.0 Try again later, closing connection`, {
          "messaging.message.id": rng.uuid(),
          "smtp.mx": rng.pick(["gmail-smtp-in.l.google.com", "mx1.hotmail.com", "mx.gmx.net"]),
        }),
      );
    } else {
      tl.add(
        t,
        otlp(t, "notification-service", ns, 9, "email sent", {
          template: rng.pick(["login-alert", "statement-ready", "password-reset", "payout-sent"]),
          duration_ms: rng.int(80, 400),
        }),
      );
    }
  }

  // ── search-indexer (OpenTelemetry logs): GC every 5 minutes; the heap climbs late ─────────
  const si = rng.pod("search-indexer");
  const climbAt = tl.at(rng.float(0.72, 0.85));
  const climbEnd = climbAt + rng.int(12, 18) * MINUTE;
  for (const t of ticks(rng, start, end, 2 * MINUTE, 10 * SECOND)) {
    const climbing = t >= climbAt && t <= climbEnd;
    const after = climbing ? 3000 + ((t - climbAt) / (climbEnd - climbAt)) * 1050 + rng.float(-30, 30) : rng.float(1100, 1700);
    const before = after + rng.float(200, 600);
    const mb = Math.round(Math.min(after, 4080));
    const hi = mb / 4096 >= 0.85;
    tl.add(
      t,
      otlp(
        t,
        "search-indexer",
        si,
        hi ? 13 : 9,
        `GC(${rng.int(1000, 9999)}) Pause Young (${hi ? "G1 Evacuation Pause" : "Normal"}) ${Math.round(before)}M->${mb}M(4096M) ${rng.float(4, hi ? 180 : 25).toFixed(3)}ms`,
        { "jvm.gc.name": "G1 Young Generation" },
      ),
      hi ? "memory" : null,
    );
  }
  for (const t of ticks(rng, start, end, MINUTE, 5 * SECOND)) {
    tl.add(t + 700, otlp(t + 700, "search-indexer", si, 9, `indexed batch of ${rng.int(50, 500)} documents`, { duration_ms: rng.int(200, 900) }));
  }
  const restart = climbEnd + rng.int(1, 3) * MINUTE;
  tl.add(
    restart,
    otlp(restart, "search-indexer", si, 13, "heap above 95% for 3 checks, requesting restart", { "process.runtime.jvm.memory.used_pct": 97.2 }),
    "memory",
  );

  return tl.build(
    NAME,
    "account-api logs routine ERRORs all window (aborted requests, probes, rejected input); after a flag flip the new payout-settings page throws the same TypeError 10-25 times; search-indexer's heap nears its limit late",
  );
}
