// Meal-kit subscription billing (.NET, Serilog compact JSON). Routine: the renewal runner retries
// card renewals all day and most retries are declined by issuers (dunning; null). Incident: the
// tax provider slows down for a few minutes: slow quotes, timeouts, a circuit breaker, 503s.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function subscriptionDecoy(seed: number): Scenario {
  const rng = new Rng(seed, "s04-subscription-billing");
  const start = windowStart(rng);
  const end = start + rng.int(45, 70) * MIN;
  const tl = new Timeline(rng, start, end);
  const brand = rng.pick(["harvestbox", "greenplate", "kitchenpost"]);
  const machines: Record<string, string> = {};
  const clef = (t: number, app: string, ctx: string, mt: string, props: Record<string, unknown>, level?: string, label: Label = null) => {
    machines[app] ??= `${app}-${rng.int(5, 8)}${rng.hex(8)}-${rng.hex(5)}`;
    tl.add(
      t,
      {
        "@t": iso(t),
        "@mt": mt,
        ...(level ? { "@l": level } : {}),
        ...props,
        SourceContext: ctx,
        Application: app,
        MachineName: machines[app],
        EnvironmentName: "Production",
      },
      label,
    );
  };
  const sub = () => `sub_${rng.hex(14)}`;
  const inv = () => `in_${rng.hex(14)}`;
  const slowFrom = start + rng.float(0.35, 0.65) * (end - start);
  const slowTo = slowFrom + rng.float(4, 8) * MIN;
  const slow = (t: number) => t >= slowFrom && t < slowTo;
  let breakerOpenUntil = 0;

  // A tax quote as the renewal runner and checkout use it.
  const taxQuote = (t: number, app: string): { ok: boolean; t: number } => {
    const invoice = inv();
    if (!slow(t)) {
      const e = rng.around(110, 0.3);
      clef(t + e, app, "Tax.TaxQuoteClient", "Tax quote for invoice {InvoiceId} computed in {Elapsed:0} ms", {
        InvoiceId: invoice,
        Elapsed: e,
        Jurisdiction: rng.pick(["US-CA", "US-NY", "US-TX", "US-WA", "CA-ON"]),
      });
      return { ok: true, t: t + e };
    }
    if (t < breakerOpenUntil) {
      clef(
        t + 1,
        app,
        "Tax.TaxQuoteClient",
        "Tax quote for invoice {InvoiceId} rejected: circuit is open",
        { InvoiceId: invoice, "@x": "Polly.CircuitBreaker.BrokenCircuitException: The circuit is now open and is not allowing calls." },
        "Error",
        "error",
      );
      return { ok: false, t: t + 1 };
    }
    if (rng.chance(0.45)) {
      clef(
        t + 10000,
        app,
        "Tax.TaxQuoteClient",
        "Tax quote for invoice {InvoiceId} failed after {Elapsed:0} ms",
        {
          InvoiceId: invoice,
          Elapsed: 10000 + rng.float(1, 40),
          "@x": "System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.\n ---> System.TimeoutException: A task was canceled.",
        },
        "Error",
        "performance",
      );
      if (rng.chance(0.25)) {
        breakerOpenUntil = t + 10000 + 30000;
        clef(
          t + 10001,
          app,
          "Tax.Resilience",
          "Circuit breaker {Breaker} opened for {BreakDuration}",
          { Breaker: "tax-provider", BreakDuration: "00:00:30" },
          "Warning",
          "pattern",
        );
      }
      return { ok: false, t: t + 10000 };
    }
    const e = rng.float(3500, 9500);
    clef(
      t + e,
      app,
      "Tax.TaxQuoteClient",
      "Tax quote for invoice {InvoiceId} computed in {Elapsed:0} ms",
      { InvoiceId: invoice, Elapsed: e, Jurisdiction: rng.pick(["US-CA", "US-NY", "US-TX"]) },
      undefined,
      "performance",
    );
    return { ok: true, t: t + e };
  };

  // Renewals that go through (first attempts and successful retries).
  tl.every(rng.float(6, 9) * 1000, (t) => {
    const s = sub(),
      q = taxQuote(t, "billing-renewals");
    if (!q.ok) {
      clef(
        q.t + 2,
        "billing-renewals",
        "Renewals.ChargeRunner",
        "Renewal for subscription {SubscriptionId} postponed: tax quote unavailable",
        { SubscriptionId: s },
        "Warning",
        "error",
      );
      return;
    }
    const e = rng.around(620, 0.3);
    clef(
      q.t + e,
      "billing-renewals",
      "Renewals.ChargeRunner",
      "Renewal charge for subscription {SubscriptionId} succeeded: {Amount} {Currency} in {Elapsed:0} ms",
      { SubscriptionId: s, Amount: rng.pick([59.94, 71.92, 89.9, 104.85]), Currency: "USD", Elapsed: e },
    );
  });
  // Storefront API: checkout needs a tax quote, other endpoints do not.
  tl.every(rng.float(5, 8) * 1000, (t) => {
    const path = rng.pick(["/api/menu/week", "/api/account/subscription", "/api/account/deliveries", "/api/menu/week", "/api/checkout"]);
    if (path === "/api/checkout") {
      const q = taxQuote(t, "billing-api");
      const e = q.t - t + rng.around(60);
      clef(
        q.t + 60,
        "billing-api",
        "Serilog.AspNetCore.RequestLoggingMiddleware",
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        { RequestMethod: "POST", RequestPath: path, StatusCode: q.ok ? 200 : 503, Elapsed: e },
        q.ok ? undefined : "Error",
        q.ok ? (e > 2000 ? "performance" : null) : "error",
      );
      return;
    }
    clef(t, "billing-api", "Serilog.AspNetCore.RequestLoggingMiddleware", "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", {
      RequestMethod: "GET",
      RequestPath: path,
      StatusCode: 200,
      Elapsed: rng.around(35),
    });
  });
  tl.every(rng.float(12, 18) * 1000, (t) =>
    clef(t, "billing-webhooks", "Webhooks.StripeEndpoint", "Processed webhook {EventType} {EventId} in {Elapsed:0} ms", {
      EventType: rng.pick(["invoice.paid", "customer.updated", "payment_method.attached", "invoice.finalized"]),
      EventId: `evt_${rng.hex(16)}`,
      Elapsed: rng.around(45),
    }),
  );
  tl.every(5 * MIN, (t) =>
    clef(t, "billing-renewals", "Renewals.Scheduler", "Renewal batch {Batch} queued {Count} subscriptions for {Brand}", {
      Batch: rng.int(1000, 9999),
      Count: rng.int(80, 160),
      Brand: brand,
    }),
  );

  // Routine flood: dunning retries declined by issuers.
  tl.spread(tl.floodCount(rng.float(0.3, 0.5)), (t) =>
    clef(
      t,
      "billing-renewals",
      "Renewals.ChargeRunner",
      "Renewal charge for subscription {SubscriptionId} declined by issuer: {DeclineCode} (attempt {Attempt} of {MaxAttempts})",
      {
        SubscriptionId: sub(),
        DeclineCode: rng.pick(["insufficient_funds", "do_not_honor", "expired_card", "card_velocity_exceeded", "generic_decline"]),
        Attempt: rng.int(2, 4),
        MaxAttempts: 4,
      },
      "Warning",
    ),
  );
  return tl.build(
    "s04-subscription-billing-decoy",
    "Subscription billing: routine dunning retries declined by issuers; tax provider slowdown causes timeouts and 503s at checkout",
  );
}
