/*
 * sms-provider-retry-exhaustion
 *
 * Notification stack: order-events (Spring Boot, logstash JSON) publishes
 * events, notification-service (Node, pino) sends SMS through an external
 * provider, email-sender (Python) sends mail through SES and
 * webhook-dispatcher (Go, zap) calls customer webhooks. Retries are part of
 * daily life: the SMS provider answers 429/502 now and then ("retry 1/3 in
 * 200ms", occasionally "retry 2/3"), SES throttles, customer endpoints flap,
 * and one decommissioned partner endpoint makes the dispatcher give up on it
 * every few minutes, all day long. All of that is routine.
 *
 * The incident: the SMS provider goes down (connection refused / 503) for
 * several minutes. Every send now walks through all retries and fails ("retry
 * 3/3 failed", "giving up after 3 attempts"), messages get parked, the
 * provider circuit breaker opens and sends are skipped while it is open;
 * half-open probes fail until the provider comes back, then the breaker
 * closes and parked messages are replayed.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

const SMS_URL = "https://api.smsprov.example/v2/messages";
const EVENT_TYPES = ["OrderConfirmed", "OrderShipped", "OrderDelivered", "PaymentFailed", "ReturnReceived", "OtpRequested"] as const;

export function s11SmsProviderRetryExhaustion(seed: number): Scenario {
  const r = rng(seed, "tundra/s11");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(7, 19), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(60, 85) * 60_000;
  const end = start + windowMs;
  const downAt = start + windowMs * r.float(0.25, 0.68);
  const downMs = r.int(480, 840) * 1000;
  const upAt = downAt + downMs;
  const providerDown = (t: number): boolean => t >= downAt && t < upAt;
  const breakerOpenAt = downAt + r.int(70, 110) * 1000;
  let breakerClosedAt = upAt; // set properly below

  // breaker state: open from breakerOpenAt, half-open probe every 30 s, closes on first probe after upAt
  const probes: number[] = [];
  for (let t = breakerOpenAt + 30_000; ; t += 30_000) {
    probes.push(t);
    if (t >= upAt) {
      breakerClosedAt = t;
      break;
    }
  }
  const breakerOpen = (t: number): boolean => t >= breakerOpenAt && t < breakerClosedAt;

  const nsHosts = [0, 1].map(() => `notification-service-${r.hex(10)}-${r.alnum(5)}`);
  const ns = (t: number, level: number, msg: string, extra: Record<string, unknown> = {}, host?: string): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: host ?? r.pick(nsHosts),
    service: "notification-service",
    ...extra,
    msg,
  });
  const oe = (t: number, level: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: "com.acme.orders.events.EventPublisher",
    thread_name: `kafka-producer-network-thread | producer-${r.int(1, 2)}`,
    level,
    level_value: level === "WARN" ? 30000 : 20000,
    app: "order-events",
    ...extra,
  });
  const es = (t: number, levelname: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name: "mailer.ses",
    message,
    service: "email-sender",
    ...extra,
    timestamp: pyTimestamp(t),
  });
  const wd = (t: number, level: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller: "dispatch/worker.go:" + r.pick([88, 96, 131]),
    msg,
    service: "webhook-dispatcher",
    ...fields,
  });

  const phone = (): string => `+${r.pick(["49", "43", "41", "31"])}******${r.int(1000, 9999)}`;
  const down503 = (): string => (r.chance(0.6) ? `connect ECONNREFUSED 203.0.113.${r.int(10, 40)}:443` : "503 Service Unavailable (upstream: smsprov-edge)");

  // --- event stream -> SMS / email ---
  let parked = 0;
  for (let t = start + r.exp(3000); t < end; t += r.exp(r.float(3300, 3900))) {
    const evType = r.pick(EVENT_TYPES);
    const orderId = `${r.int(40_000_000, 49_999_999)}`;
    const eventId = r.uuid();
    push(
      t,
      oe(t, "INFO", `Published ${evType} for order ${orderId} to topic notifications (partition ${r.int(0, 11)}, offset ${r.int(1_000_000, 9_000_000)})`, {
        eventId,
      }),
    );
    const wantsSms = evType === "OtpRequested" || evType === "OrderShipped" || r.chance(0.35);
    const tn = t + r.int(20, 400);
    if (wantsSms) {
      const to = phone();
      const host = r.pick(nsHosts);
      const ctx = { eventId, orderId, channel: "sms" };
      if (breakerOpen(tn)) {
        parked++;
        push(tn, ns(tn, 40, `circuit smsprov is open, skipping send to ${to}; message parked for later delivery`, ctx, host), "error");
      } else if (providerDown(tn)) {
        let tt = tn;
        for (let a = 1; a <= 3; a++) {
          const attemptMs = r.chance(0.6) ? r.float(2, 30) : 5000 + r.float(1, 20);
          tt += attemptMs;
          const cause = attemptMs > 4000 ? "timeout of 5000ms exceeded" : down503();
          if (a < 3) {
            const backoff = 200 * 2 ** (a - 1);
            push(tt, ns(tt, 40, `retry ${a}/3 in ${backoff}ms: POST ${SMS_URL} -> ${cause}`, ctx, host), attemptMs > 4000 ? "performance" : "error");
            tt += backoff;
          } else {
            push(tt, ns(tt, 50, `retry 3/3 failed: POST ${SMS_URL} -> ${cause}`, ctx, host), attemptMs > 4000 ? "performance" : "error");
            push(
              tt + 1,
              ns(
                tt + 1,
                50,
                `giving up after 3 attempts: sms to ${to} (${evType}, order ${orderId}); message parked for later delivery`,
                { ...ctx, err: { type: "RetryExhaustedError", message: `retries exhausted (3/3): ${cause}` } },
                host,
              ),
              "error",
            );
            parked++;
          }
        }
      } else {
        // routine: sometimes one or two transient retries, then success
        let tt = tn;
        const retries = r.chance(0.07) ? (r.chance(0.15) ? 2 : 1) : 0;
        for (let a = 1; a <= retries; a++) {
          tt += r.float(40, 160);
          const backoff = 200 * 2 ** (a - 1);
          const cause = r.chance(0.7) ? "429 Too Many Requests (retry-after: 0)" : "502 Bad Gateway";
          push(tt, ns(tt, 40, `retry ${a}/3 in ${backoff}ms: POST ${SMS_URL} -> ${cause}`, ctx, host));
          tt += backoff;
        }
        const ms = r.logn(170, 0.35);
        tt += ms;
        push(
          tt,
          ns(tt, 30, `sms sent to ${to} via smsprov id=SM${r.hex(24)} segments=${r.int(1, 2)} in ${Math.round(ms)}ms`, { ...ctx, attempts: retries + 1 }, host),
        );
      }
    }
    const wantsEmail = evType !== "OtpRequested" && r.chance(0.8);
    if (wantsEmail) {
      let te = t + r.int(50, 900);
      if (r.chance(0.04)) {
        te += r.float(20, 80);
        push(te, es(te, "WARNING", `Throttling: Maximum sending rate exceeded, retry 1/3 in 0.5s (order ${orderId})`, { event_id: eventId }));
        te += 500;
      }
      const ms = r.logn(95, 0.3);
      push(
        te + ms,
        es(
          te + ms,
          "INFO",
          `email sent template=${evType.replace(/[A-Z]/g, (c, i: number) => (i ? "_" : "") + c.toLowerCase())} order=${orderId} ses_message_id=0102019${r.hex(9)}-${r.uuid()}-000000 in ${Math.round(ms)}ms`,
          { event_id: eventId },
        ),
      );
    }
  }

  // --- breaker transitions and probes ---
  const nsMain = nsHosts[0]!;
  push(
    breakerOpenAt,
    ns(breakerOpenAt, 50, `circuit smsprov opened: 20 consecutive failures within 60s (last: ${down503()})`, { breaker: "smsprov", state: "open" }, nsMain),
    "error",
  );
  for (const tp of probes) {
    push(tp, ns(tp, 40, "circuit smsprov half-open, sending probe request", { breaker: "smsprov", state: "half_open" }, nsMain), "error");
    if (tp < upAt) {
      const tf = tp + r.float(3, 25);
      push(tf, ns(tf, 50, `circuit smsprov probe failed (${down503()}), re-opening for 30s`, { breaker: "smsprov", state: "open" }, nsMain), "error");
    } else {
      const tc = tp + r.float(150, 400);
      push(tc, ns(tc, 30, "circuit smsprov closed: probe succeeded", { breaker: "smsprov", state: "closed" }, nsMain));
      const trp = tc + r.int(2000, 6000);
      push(trp, ns(trp, 30, `replaying ${parked} parked sms messages`, { breaker: "smsprov" }, nsMain));
      const trd = trp + parked * r.float(180, 260);
      push(trd, ns(trd, 30, `replay finished: ${parked} sent, 0 failed`, { breaker: "smsprov" }, nsMain));
    }
  }

  // --- webhook dispatcher (flaky customer endpoints, one dead partner) ---
  const customers = Array.from(
    { length: 24 },
    (_, i) => `https://hooks.${r.pick(["shopline", "erp", "crm", "wms", "tms"])}-${r.int(100, 999)}${i}.example.com/acme/events`,
  );
  for (let t = start + r.exp(4000); t < end; t += r.exp(r.float(4200, 5200))) {
    const url = r.pick(customers);
    const id = `whd_${r.alnum(20)}`;
    if (r.chance(0.06)) {
      push(
        t,
        wd(
          t,
          "warn",
          `retry 1/5 in 1s: POST ${url} -> ${r.pick(["500 Internal Server Error", "502 Bad Gateway", "504 Gateway Timeout", "dial tcp: i/o timeout"])}`,
          { delivery_id: id },
        ),
      );
      const ms = r.logn(240, 0.5);
      push(t + 1000 + ms, wd(t + 1000 + ms, "info", `delivered ${url} -> 200 attempts=2`, { delivery_id: id, latency_ms: Math.round(ms) }));
    } else {
      const ms = r.logn(180, 0.5);
      push(t + ms, wd(t + ms, "info", `delivered ${url} -> ${r.pick([200, 200, 200, 202, 204])} attempts=1`, { delivery_id: id, latency_ms: Math.round(ms) }));
    }
  }
  const deadPartner = "https://hooks.legacy-partner.example/notify";
  for (let t = start + r.int(60_000, 300_000); t < end; t += r.int(300_000, 480_000)) {
    const id = `whd_${r.alnum(20)}`;
    let tt = t;
    for (let a = 1; a <= 4; a++) {
      push(tt, wd(tt, "warn", `retry ${a}/5 in ${2 ** (a - 1)}s: POST ${deadPartner} -> 410 Gone`, { delivery_id: id }));
      tt += 2 ** (a - 1) * 1000 + r.int(20, 90);
    }
    push(tt, wd(tt, "warn", `giving up after 5 attempts: POST ${deadPartner} -> 410 Gone; delivery moved to dead-letter`, { delivery_id: id }));
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "sms-provider-retry-exhaustion",
    description:
      "Routine transient retries (and a chronically dead partner webhook) all day; the SMS provider goes down, SMS retries exhaust, messages are parked and the provider circuit breaker opens.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
