// t07: the live payment-provider secret was rolled, but checkout-worker (Sidekiq, Rails
// semantic_logger JSON at level warn) still reads the old key from a stale secret mount; every
// charge is refused with 401 "Invalid API Key". Worded as a rejected request, it is the incident:
// no order can be paid. order-service (.NET JSON console in Docker envelopes) parks each order.
// Healthy: storefront nginx JSON access log, search (slog JSON).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso, isoNs, isoUs, opening, steady } from "./util.js";

export default function t07(seed: number): Scenario {
  const k = new Kit(seed, "t07");
  const t0 = opening(seed, "t07");
  const t1 = t0 + 40 * MIN;
  const tl = new Timeline();
  const tail = k.alnum(4);
  const pods = [0, 1].map(() => `checkout-worker-${k.hex(9)}-${k.alnum(5)}`);
  let order = k.int(300_000, 900_000);

  steady(k, t0, t1, 1.2 * SEC, (t) => {
    tl.add(
      t,
      {
        host: k.pick(pods),
        application: "checkout-worker",
        environment: "production",
        timestamp: isoUs(t),
        level: "error",
        level_index: 4,
        pid: 7,
        thread: `sidekiq.default/processor-${k.int(1, 10)}`,
        named_tags: { jid: k.hex(24), class: "ChargeOrderJob" },
        name: "ChargeOrderJob",
        message: `Stripe rejected charge: (Status 401) Invalid API Key provided: sk_live_${"*".repeat(20)}${tail}`,
        payload: { order_id: order++, amount_cents: k.int(900, 42_000) },
        exception: {
          name: "Stripe::AuthenticationError",
          message: `Invalid API Key provided: sk_live_${"*".repeat(20)}${tail}`,
          stack_trace: [
            "/app/vendor/bundle/ruby/3.3.0/gems/stripe-10.3.0/lib/stripe/stripe_client.rb:846:in `handle_error_response'",
            "/app/app/jobs/charge_order_job.rb:22:in `perform'",
          ],
        },
      },
      "error",
    );
  });

  // order-service: .NET JSON console logs inside Docker json-file envelopes with pod labels.
  const dotnet = (t: number, level: string, category: string, message: string, eventId: number) => ({
    log: `${JSON.stringify({ Timestamp: iso(t), EventId: eventId, LogLevel: level, Category: category, Message: message })}\n`,
    stream: "stdout",
    time: isoNs(t),
    kubernetes: { pod_name: `order-service-${k.alnum(5)}`, namespace_name: "shop", container_name: "order-service", labels: { app: "order-service" } },
  });
  steady(k, t0, t1, 5 * SEC, (t) => {
    tl.add(
      t,
      dotnet(
        t,
        "Warning",
        "Orders.Payments.PaymentFailedHandler",
        `Order ${order - k.int(1, 60)} moved to PaymentFailed after charge attempt ${k.int(1, 3)}`,
        2104,
      ),
      "error",
    );
  });
  steady(k, t0, t1, 9 * SEC, (t) => {
    tl.add(t, dotnet(t, "Information", "Orders.Api.OrderQueries", `Served order history for customer ${k.int(100_000, 999_999)} in ${k.int(8, 45)} ms`, 1001));
  });

  // storefront: nginx log_format escape=json (no message: the request is the message).
  const paths = [() => `/p/${k.int(10_000, 99_999)}`, () => "/", () => `/c/${k.pick(["garden", "tools", "lighting"])}`, () => "/cart"];
  steady(k, t0, t1, 2.5 * SEC, (t) => {
    const rt = k.num(0.008, 0.18, 3);
    tl.add(t, {
      msec: (t / 1000).toFixed(3),
      app: "storefront",
      remote_addr: k.ip("172.16"),
      request: `GET ${k.pick(paths)()} HTTP/2.0`,
      status: 200,
      body_bytes_sent: k.int(2000, 90_000),
      request_time: rt.toFixed(3),
      upstream_response_time: (rt * 0.9).toFixed(3),
      http_user_agent: k.pick(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"]),
    });
  });
  // search: log/slog JSON, healthy.
  steady(k, t0, t1, 4 * SEC, (t) => {
    tl.add(t, {
      time: iso(t),
      level: "INFO",
      msg: "query served",
      service: "search",
      path: "/api/search",
      status: 200,
      duration_ms: k.num(12, 80),
      hits: k.int(0, 300),
    });
  });

  return tl.build(
    "t07-checkout-key-revoked",
    "checkout-worker still charges with a rolled payment key: every charge is refused 401 and orders park as PaymentFailed",
  );
}
