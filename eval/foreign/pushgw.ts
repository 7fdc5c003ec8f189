// A mobile push gateway in Rust, logging with tracing-subscriber's JSON formatter: the message and
// the event's fields nested under `fields` (latencies as humantime strings), the span context
// beside them, and no service name at all: it is the only process writing this log. A marketing
// campaign to millions of devices exhausts the FCM project's quota; sends are refused with 429,
// retries pile up in memory, and one-time passcodes that share the quota arrive late or expire.
import type { Scenario } from "../blind/types.js";
import { goDuration, Incident, isoUs, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

export function pushGatewayQuota(seed: number): Scenario {
  const name = "push-gateway-fcm-quota-exhausted";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A marketing campaign exhausts the FCM quota of a Rust push gateway: 429s, a retry buffer filling memory, and one-time passcodes delivered late or expired, in tracing-subscriber JSON with no service field",
  );
  const t0 = startTime(rng, 8, 18);
  const span = rng.int(80, 100) * MIN;
  const end = t0 + span;
  const launch = t0 + Math.floor(span * rng.float(0.3, 0.42));
  const paused = launch + Math.floor(span * rng.float(0.16, 0.2));
  const campaign = `cmp_${rng.alnum(10, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
  let thread = 2;

  const ev = (t: number, level: string, target: string, fields: Record<string, unknown>, label: Label, span?: Record<string, unknown>): void => {
    thread = (thread % 8) + 2;
    inc.add(
      t,
      {
        timestamp: isoUs(t),
        level,
        fields,
        target,
        ...(span ? { span, spans: [{ name: "worker", id: thread }, span] } : {}),
        threadName: "tokio-runtime-worker",
        threadId: `ThreadId(${thread})`,
      },
      label,
    );
  };
  const storm = (t: number): number => (t < launch ? 0 : t < paused ? Math.min(1, (t - launch) / (6 * MIN)) : Math.max(0, 1 - (t - paused) / (8 * MIN)));

  // Transactional pushes: passcodes and order updates, to both platforms.
  for (const t of times(rng, t0, end, rng.int(1500, 1800))) {
    const platform = rng.chance(0.55) ? "fcm" : "apns";
    const kind = rng.weighted([
      ["otp", 35],
      ["order_update", 45],
      ["chat", 20],
    ] as const);
    const id = rng.uuid();
    const s = storm(t);
    const sp = { name: "deliver", notification_id: id, kind };
    if (platform === "fcm" && s > 0 && rng.chance(0.8 * s)) {
      // Queued behind the quota: delivered late, or dropped once past its TTL.
      const wait = rng.float(20, 400) * s;
      if (kind === "otp" && wait > 300) {
        ev(
          t + wait * SEC,
          "WARN",
          "pushgw::queue",
          { message: "dropping expired notification", kind, age: `${Math.round(wait)}s`, ttl: "300s", platform },
          "error",
          sp,
        );
      } else {
        ev(
          t + wait * SEC,
          "INFO",
          "pushgw::fcm",
          { message: "push delivered", platform, kind, latency: goDuration(rng.float(60, 300)), end_to_end: goDuration(wait * 1000) },
          wait >= 10 ? "performance" : null,
          sp,
        );
      }
      continue;
    }
    const lat = Math.min(rng.logn(platform === "fcm" ? 90 : 140, 0.35), 600);
    ev(
      t + lat,
      "INFO",
      `pushgw::${platform}`,
      { message: "push delivered", platform, kind, latency: goDuration(lat), end_to_end: goDuration(lat + rng.float(5, 60)) },
      null,
      sp,
    );
  }
  // Uninstalled apps: APNs answers 410 and the token is pruned, all day.
  for (const t of times(rng, t0, end, rng.int(140, 200))) {
    ev(t, "WARN", "pushgw::apns", { message: "token unregistered, pruning", status: 410, reason: "Unregistered", token_prefix: rng.hex(8) }, null);
  }
  // Small scheduled campaigns before the big one.
  for (const t of times(rng, t0, launch, rng.int(25, 40))) {
    ev(
      t,
      "INFO",
      "pushgw::campaign",
      { message: "campaign batch sent", tokens: 500, success: rng.int(480, 500), failure: rng.int(0, 20), latency: goDuration(rng.float(150, 600)) },
      null,
      { name: "send_batch", campaign_id: `cmp_${rng.alnum(10, "abcdefghijklmnopqrstuvwxyz0123456789")}` },
    );
  }
  // The big campaign.
  ev(
    launch,
    "INFO",
    "pushgw::campaign",
    { message: "campaign started", audience: rng.int(18_000_000, 24_000_000), rate_limit: "unlimited", created_by: "growth-team" },
    null,
    { name: "campaign", campaign_id: campaign },
  );
  for (const t of times(rng, launch + 20 * SEC, paused, rng.int(120, 160))) {
    const s = storm(t);
    if (rng.chance(0.35 + 0.5 * s)) {
      ev(
        t,
        "WARN",
        "pushgw::fcm",
        {
          message: "fcm send failed",
          status: 429,
          error: "QUOTA_EXCEEDED",
          detail: "Quota exceeded for quota metric 'Send requests' and limit 'Send requests per minute' of service 'fcm.googleapis.com'",
          retry_after: "60s",
          tokens: 500,
        },
        "error",
        { name: "send_batch", campaign_id: campaign },
      );
    } else {
      ev(
        t,
        "INFO",
        "pushgw::campaign",
        { message: "campaign batch sent", tokens: 500, success: rng.int(450, 500), failure: rng.int(0, 50), latency: goDuration(rng.float(200, 900)) },
        null,
        { name: "send_batch", campaign_id: campaign },
      );
    }
  }
  ev(paused, "INFO", "pushgw::campaign", { message: "campaign paused", by: "ops@acme.io", sent: rng.int(2_000_000, 4_000_000) }, null, {
    name: "campaign",
    campaign_id: campaign,
  });
  // Queue stats every 15 s: the retry buffer grows in memory while the quota is exhausted.
  const limit = 2 * 1024 ** 3;
  for (let t = t0 + rng.int(0, 14) * SEC; t < end; t += 15 * SEC) {
    const s = storm(t);
    const retry = Math.round(s * rng.float(120_000, 180_000) * Math.min(1, (t - launch) / (20 * MIN) + 0.2));
    const bytes = Math.round(retry * rng.float(10_500, 11_800) + rng.int(5, 30) * 1048576);
    const fill = bytes / limit;
    const label: Label = fill > 0.7 ? "memory" : retry > 20_000 ? "performance" : null;
    ev(
      t,
      fill > 0.7 ? "WARN" : "INFO",
      "pushgw::stats",
      {
        message: "queue stats",
        transactional_depth: s > 0 ? rng.int(200, 4000) : rng.int(0, 12),
        campaign_depth: s > 0 ? rng.int(50_000, 400_000) : 0,
        retry_depth: retry,
        retry_buffer: `${(bytes / 1024 ** 3).toFixed(2)}GiB`,
        retry_buffer_limit: "2.00GiB",
      },
      label,
    );
    if (fill > 0.8)
      ev(
        t + 5,
        "WARN",
        "pushgw::queue",
        { message: "retry buffer above 80% of its limit, shedding campaign notifications", shed: rng.int(1000, 20000) },
        "memory",
      );
  }
  return inc.finish();
}
