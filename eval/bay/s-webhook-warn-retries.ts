/**
 * webhook-retries-exhausted: webhook-dispatcher (Go, zap) logs each failed delivery attempt at
 * WARN and retries; from half way to two thirds in, partner acme-erp's endpoint refuses
 * connections and the head of its ordered queue fails the same way on every retry (30-60 WARN
 * lines, about one a minute, with jitter), until the retries run out: an ERROR dead-letters the
 * event and another disables the endpoint. Other partners are delivered normally (a few benign
 * 429-and-retry WARNs). Earlier, payments-api's refund listing is slow for some minutes, the
 * database logging each slow statement.
 */
import { edgeLine } from "./common.js";
import { rsyslog, slog, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "webhook-retries-exhausted";

export function webhookRetriesExhausted(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-09-07", 11);
  const end = start + 5 * HOUR + rng.int(-15, 15) * MINUTE;
  const tl = new Timeline(start, end);

  const wd = { service: "webhook-dispatcher", instance: rng.pod("webhook-dispatcher") };
  const partners = [
    ["acme-erp", "https://hooks.acme-erp.example/in/flowpay"],
    ["northwind", "https://api.northwind.example/webhooks/payments"],
    ["globex", "https://globex.example/integrations/flowpay/events"],
    ["initech", "https://initech.example/hooks/pay"],
    ["umbrella", "https://events.umbrella.example/v1/flowpay"],
    ["hooli", "https://hooli.example/api/webhooks"],
  ] as const;
  const failFrom = tl.at(rng.float(0.48, 0.66));
  const attempts = rng.int(30, 60);
  const erpIp = `198.51.100.${rng.int(2, 250)}`;

  // ── normal deliveries; acme-erp's stop once its queue is blocked ──────────────────────────
  for (const t of arrivals(rng, start, end, 3.4, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const [partner, url] = rng.weighted(partners.map((p, i) => [p, i === 0 ? 3 : 2] as const));
    if (partner === "acme-erp" && t >= failFrom) continue;
    const took = rng.logNormal(partner === "globex" ? 420 : 160, 0.4);
    const eventId = `evt_${rng.alnum(20)}`;
    if (rng.chance(0.025)) {
      tl.add(
        t,
        zap(t, "warn", "dispatcher.delivery", "delivery/worker.go:118", "webhook delivery failed, will retry", {
          ...wd,
          partner,
          url,
          event_id: eventId,
          attempt: 1,
          status_code: 429,
          next_retry_in: "30s",
        }),
      );
      const r = t + 30 * SECOND + rng.int(0, 2000);
      tl.add(
        r,
        zap(r, "info", "dispatcher.delivery", "delivery/worker.go:97", "webhook delivered", {
          ...wd,
          partner,
          event_id: eventId,
          attempt: 2,
          status_code: 200,
          latency: Number((took / 1000).toFixed(6)),
        }),
      );
      continue;
    }
    const d = t + Math.round(took);
    tl.add(
      d,
      zap(d, "info", "dispatcher.delivery", "delivery/worker.go:97", "webhook delivered", {
        ...wd,
        partner,
        event_id: eventId,
        attempt: 1,
        status_code: 200,
        latency: Number((took / 1000).toFixed(6)),
      }),
    );
  }
  for (const t of ticks(rng, start, end, MINUTE, 2 * SECOND)) {
    const blocked = t >= failFrom;
    tl.add(
      t,
      zap(t, "info", "dispatcher.queue", "queue/metrics.go:40", "queue depth", {
        ...wd,
        pending: rng.int(0, 8) + (blocked ? Math.round((t - failFrom) / MINUTE) * rng.int(1, 3) : 0),
        partners: partners.length,
      }),
    );
  }

  // ── acme-erp's head-of-line event: refused on every retry, then given up ──────────────────
  const headEvent = `evt_${rng.alnum(20)}`;
  let t = failFrom;
  for (let a = 1; a <= attempts && t < end; a++) {
    const nextIn = 45 + rng.int(0, 30);
    tl.add(
      t,
      zap(t, "warn", "dispatcher.delivery", "delivery/worker.go:118", "webhook delivery failed, will retry", {
        ...wd,
        partner: "acme-erp",
        url: partners[0][1],
        event_id: headEvent,
        attempt: a,
        max_attempts: attempts,
        error: `Post "${partners[0][1]}": dial tcp ${erpIp}:443: connect: connection refused`,
        next_retry_in: `${nextIn}s`,
      }),
      "error",
    );
    if (a === attempts) {
      const g = t + rng.int(5, 40);
      tl.add(
        g,
        zap(g, "error", "dispatcher.delivery", "delivery/worker.go:141", "webhook retries exhausted, event dead-lettered", {
          ...wd,
          partner: "acme-erp",
          event_id: headEvent,
          attempts,
          error: `Post "${partners[0][1]}": dial tcp ${erpIp}:443: connect: connection refused`,
        }),
        "error",
      );
      tl.add(
        g + 12,
        zap(g + 12, "error", "dispatcher.endpoints", "endpoints/health.go:77", "endpoint disabled after repeated failures", {
          ...wd,
          partner: "acme-erp",
          parked_events: rng.int(60, 240),
        }),
        "error",
      );
    }
    t += nextIn * SECOND + rng.int(200, 1800);
  }

  // ── payments-api (Go, slog) behind pay-edge; PostgreSQL logs statements over 1 s ─────────
  const pa = { service: "payments-api", instance: rng.pod("payments-api") };
  const up = `10.80.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`;
  const dbHost = "payments-db-1";
  const slowFrom = tl.at(rng.float(0.1, 0.35));
  const slowTo = slowFrom + rng.int(10, 16) * MINUTE;
  const routes: (readonly [string, number])[] = [
    ["GET /v1/payments/<id>", 45],
    ["POST /v1/payments", 25],
    ["GET /v1/refunds?merchant=<m>", 15],
  ];
  for (const s of arrivals(rng, start, end, 3.2, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", `pay_${rng.alnum(16)}`).replace("<m>", String(rng.int(1000, 9999)));
    const slow = path.startsWith("/v1/refunds") && s >= slowFrom && s < slowTo;
    const took = slow ? rng.logNormal(5200, 0.3) : rng.logNormal(method === "POST" ? 110 : path.startsWith("/v1/refunds") ? 70 : 25, 0.4);
    const label: AnomalyType | null = slow ? "performance" : null;
    const status = method === "POST" ? (rng.chance(0.03) ? 402 : 201) : 200;
    const d = s + Math.round(took);
    if (slow) {
      tl.add(
        d - 3,
        rsyslog(
          d - 3,
          dbHost,
          "local0",
          "info",
          "postgres",
          rng.int(10000, 60000),
          `[${rng.int(1, 9)}-1] LOG:  duration: ${(took - 4).toFixed(3)} ms  execute <unnamed>: SELECT r.* FROM refunds r WHERE r.merchant_id = $1 AND r.created_at > now() - interval '90 days' ORDER BY r.created_at DESC`,
        ),
        label,
      );
    }
    tl.add(d, slog(d, "INFO", "request", { ...pa, method, path: uri, status, duration: Math.round(took * 1e6) }), label);
    const [e, entry] = edgeLine(rng, s - 2, "pay-edge", method, uri, status, took + 3, up);
    tl.add(e, entry, label);
  }
  for (const s of ticks(rng, start, end, 5 * MINUTE, 2 * SECOND)) {
    tl.add(s, rsyslog(s, dbHost, "local0", "info", "postgres", 64, "[1-1] LOG:  checkpoint starting: time"));
    const c = s + rng.int(20, 50) * SECOND;
    tl.add(
      c,
      rsyslog(
        c,
        dbHost,
        "local0",
        "info",
        "postgres",
        64,
        `[2-1] LOG:  checkpoint complete: wrote ${rng.int(200, 3000)} buffers; 0 WAL file(s) added, 0 removed, ${rng.int(0, 2)} recycled`,
      ),
    );
  }
  for (const s of ticks(rng, start, end, 30 * SECOND, SECOND)) {
    const [e, entry] = edgeLine(rng, s, "pay-edge", "GET", "/healthz", 200, rng.float(0.5, 2), up);
    entry.http_user_agent = "kube-probe/1.29";
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "acme-erp's webhook endpoint refuses connections from half way in: webhook-dispatcher WARNs the same failed retry 30-60 times, then ERRORs when retries run out and disables the endpoint; payments-api's refund listing is slow for a while",
  );
}
