// A merchant's webhook endpoint returns 5xx (and sometimes hangs) from before the window opens:
// every delivery to it fails and is retried with exponential backoff (30 s, 2 min, 8 min, 32 min),
// the dispatcher notifies the merchant, and near the end the endpoint recovers and the retries drain.
// Decoys: a steady low rate of first attempts that fail and succeed on the second, a legacy
// endpoint that has answered 401 all week, a 410 that disables an endpoint, busy normal traffic.

import type { Scenario } from "../blind/types.js";
import { canonical, pino, type PinoProc, pyjson, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { every, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

interface Endpoint {
  id: string;
  account: string;
  url: string;
  weight: number;
  kind: "normal" | "failing" | "unauthorized";
}

const EVENT_TYPES: [string, number][] = [
  ["payment_intent.succeeded", 30],
  ["charge.succeeded", 22],
  ["invoice.paid", 10],
  ["customer.updated", 8],
  ["payment_intent.payment_failed", 4],
  ["charge.refunded", 3],
  ["customer.subscription.updated", 6],
  ["checkout.session.completed", 9],
  ["payout.paid", 1],
];

export function webhookBackoff(seed: number): Scenario {
  const rng = new Rng(seed, "webhook-retry-backoff");
  const start = pickStart(rng, [9, 10, 11, 13, 15, 17, 21]);
  const tl = new Timeline(start, start + rng.int(42, 56) * MIN);
  const end = tl.end;
  const failFrom = start - rng.int(25, 45) * MIN;
  const recoverAt = tl.at(rng.float(0.76, 0.9));
  const backoff = [0, 30, 120, 480, 1920, 7680].map((s) => s * SEC);

  const hosts = ["shop", "api", "hooks", "events", "integrations", "app", "erp", "crm"];
  const tlds = ["example.com", "example.io", "example.net", "example.co", "example.shop"];
  const endpoints: Endpoint[] = Array.from({ length: 26 }, () => {
    const acct = `acct_${rng.base62(16)}`;
    return {
      id: `we_${rng.base62(24)}`,
      account: acct,
      url: `https://${rng.pick(hosts)}.${rng.alnum(rng.int(5, 10))}.${rng.pick(tlds)}/${rng.pick(["webhooks", "hooks/acme", "api/webhooks/acme", "acme/events", "callbacks/payments"])}`,
      weight: rng.float(0.3, 3),
      kind: "normal",
    };
  });
  const failing = endpoints[0] as Endpoint;
  failing.kind = "failing";
  failing.weight = rng.float(1.6, 2.2);
  failing.url = `https://hooks.${rng.alnum(7)}-partner.example.com/acme/webhooks`;
  const legacy = endpoints[1] as Endpoint;
  legacy.kind = "unauthorized";
  legacy.weight = 0.7;
  const gone = endpoints[2] as Endpoint;
  const goneAt = tl.at(rng.float(0.2, 0.6));

  const dRng = rng.fork("dispatcher");
  const pods: PinoProc[] = [0, 1, 2].map(() => ({ name: "webhook-dispatcher", hostname: dRng.pod("webhook-dispatcher"), pid: 1 }));
  const evRng = rng.fork("events");
  const apiPods = [evRng.pod("events-api"), evRng.pod("events-api")];

  interface Attempt {
    t: number;
    delivery: string;
    event: string;
    type: string;
    ep: Endpoint;
    attempt: number;
  }
  const attempts: Attempt[] = [];
  const totalWeight = endpoints.reduce((a, e) => a + e.weight, 0);
  poisson(evRng, failFrom - 40 * MIN, end, 2600, (t) => {
    const type = evRng.weighted(EVENT_TYPES);
    const event = `evt_${evRng.base62(24)}`;
    const n = evRng.weighted([
      [1, 7],
      [2, 2],
      [3, 0.5],
    ] as const);
    const chosen = new Set<Endpoint>();
    for (let k = 0; k < n; k++) {
      let r = evRng.next() * totalWeight;
      for (const e of endpoints) {
        r -= e.weight;
        if (r < 0) {
          chosen.add(e);
          break;
        }
      }
    }
    if (t >= start) {
      const acct = [...chosen][0]?.account ?? "acct_unknown";
      tl.add(t, (tt) =>
        zap(tt, "info", "events/publish.go:64", "event published", {
          service: "events-api",
          pod: evRng.pick(apiPods),
          event_id: event,
          type,
          account: acct,
          endpoints: chosen.size,
        }),
      );
    }
    for (const ep of chosen) attempts.push({ t: t + evRng.int(80, 900), delivery: `wd_${evRng.base62(20)}`, event, type, ep, attempt: 1 });
  });

  // Process attempts in time order; failures schedule the next attempt.
  attempts.sort((a, b) => a.t - b.t);
  const queue = attempts;
  let goneDone = false;
  const failingEpFailures: number[] = [];
  for (let qi = 0; qi < queue.length; qi++) {
    const a = queue[qi] as Attempt;
    if (a.t > end) break;
    const ep = a.ep;
    if (ep === gone && a.t > goneAt && goneDone) continue;
    const p = dRng.pick(pods);
    const base = { deliveryId: a.delivery, eventId: a.event, eventType: a.type, endpointId: ep.id, account: ep.account, attempt: a.attempt };
    let ok = true;
    let status = 200;
    let dur = dRng.logn(180, 0.55);
    let error: string | undefined;
    let label: Label = null;
    if (ep.kind === "failing" && a.t >= failFrom && a.t < recoverAt) {
      ok = false;
      const r = dRng.next();
      if (r < 0.2) {
        status = 0;
        dur = 10_000 + dRng.int(1, 30);
        error = "timeout of 10000ms exceeded";
        label = "performance";
      } else {
        status = r < 0.78 ? 503 : r < 0.93 ? 502 : 504;
        dur = status === 504 ? dRng.float(29_000, 30_500) : dRng.logn(90, 0.4);
        label = status === 504 ? "performance" : "error";
      }
      failingEpFailures.push(a.t);
    } else if (ep.kind === "unauthorized") {
      ok = false;
      status = dRng.chance(0.85) ? 401 : 400;
      dur = dRng.logn(60, 0.3);
    } else if (ep === gone && a.t > goneAt) {
      ok = false;
      status = 410;
      dur = dRng.logn(70, 0.3);
    } else if (a.attempt === 1 && dRng.chance(0.022)) {
      // transient first-attempt failures that succeed on retry
      ok = false;
      const r = dRng.next();
      if (r < 0.4) {
        status = 0;
        error = "read ECONNRESET";
        dur = dRng.logn(400, 0.6);
      } else if (r < 0.75) {
        status = 502;
        dur = dRng.logn(120, 0.4);
      } else {
        status = 0;
        error = "timeout of 10000ms exceeded";
        dur = 10_000 + dRng.int(1, 30);
      }
    } else if (ep.kind === "failing" && a.attempt > 1) {
      dur = dRng.logn(240, 0.5);
    }
    const host = new URL(ep.url).host;
    const durMs = round(dur, 1);
    const doneAt = a.t + dur;
    if (ok) {
      tl.add(doneAt, (tt) => pino(tt, p, "info", "webhook delivered", { ...base, host, statusCode: status, durationMs: durMs }));
      continue;
    }
    if (status === 410) {
      goneDone = true;
      tl.add(doneAt, (tt) =>
        pino(tt, p, "warn", "webhook endpoint responded 410 Gone; disabling endpoint", { ...base, host, statusCode: 410, durationMs: durMs }),
      );
      continue;
    }
    const next = backoff[a.attempt];
    const jittered = next === undefined ? undefined : Math.round(next * dRng.float(0.9, 1.25));
    const fields: Record<string, unknown> = { ...base, host, durationMs: durMs };
    if (status > 0) fields.statusCode = status;
    if (error !== undefined) fields.err = { type: "AxiosError", message: error, code: error.includes("timeout") ? "ECONNABORTED" : "ECONNRESET" };
    if (jittered !== undefined) {
      fields.nextAttemptInSec = Math.round(jittered / 1000);
      tl.add(doneAt, (tt) => pino(tt, p, "warn", "webhook delivery failed; retry scheduled", fields), label);
      queue.push({ ...a, t: doneAt + jittered, attempt: a.attempt + 1 });
      // keep the queue ordered from qi on
      for (let k = queue.length - 1; k > qi + 1 && (queue[k - 1] as Attempt).t > (queue[k] as Attempt).t; k--) {
        const tmp = queue[k] as Attempt;
        queue[k] = queue[k - 1] as Attempt;
        queue[k - 1] = tmp;
      }
    } else {
      tl.add(doneAt, (tt) => pino(tt, p, "error", "webhook delivery abandoned after final attempt", fields), ep.kind === "failing" ? "error" : null);
    }
  }

  // Merchant notifications about the failing endpoint (every 15 min while it fails) and its recovery.
  for (let x = start + dRng.int(2, 6) * MIN; x < recoverAt; x += 15 * MIN) {
    const n = failingEpFailures.filter((f) => f > x - 60 * MIN && f <= x).length;
    tl.add(
      x,
      (tt) =>
        pino(tt, dRng.pick(pods), "warn", "endpoint failing for over 30 minutes; emailed merchant contacts", {
          endpointId: failing.id,
          account: failing.account,
          host: new URL(failing.url).host,
          failedAttemptsLastHour: n,
          successRateLastHour: 0,
        }),
      "pattern",
    );
  }
  tl.add(recoverAt + dRng.int(20, 60) * SEC, (tt) =>
    pino(tt, dRng.pick(pods), "info", "endpoint recovered after consecutive failures", {
      endpointId: failing.id,
      account: failing.account,
      host: new URL(failing.url).host,
    }),
  );

  // --- delivery-scheduler (Python): moves due retries to the dispatch queue
  const sRng = rng.fork("scheduler");
  const retries = queue.filter((a) => a.attempt > 1).map((a) => a.t);
  every(sRng, start + sRng.int(0, 15_000), end, 15 * SEC, 400, (x) => {
    const due = retries.filter((r) => r > x - 15 * SEC && r <= x).length;
    if (due === 0 && sRng.chance(0.7)) return;
    tl.add(x, (tt) =>
      pyjson(tt, "delivery-scheduler", "scheduler.retries", "info", `Enqueued ${due} due retr${due === 1 ? "y" : "ies"} onto webhooks.dispatch`, {
        due,
        lag_ms: sRng.int(3, 90),
      }),
    );
  });
  every(sRng, start + sRng.int(0, 60_000), end, 5 * MIN, 1000, (x) => {
    tl.add(x, (tt) =>
      pyjson(tt, "delivery-scheduler", "scheduler.maintenance", "info", `Purged ${sRng.int(1200, 5200)} delivery attempts older than 30 days`, {
        table: "webhook_attempts",
        took_ms: sRng.int(300, 2400),
      }),
    );
  });

  // --- dashboard-api: merchants browsing their webhook attempts
  const wRng = rng.fork("dashboard");
  poisson(wRng, start, end, 9000, (x) => {
    const ep = wRng.chance(0.15) ? failing : wRng.pick(endpoints);
    const route = wRng.weighted([
      [`/v1/webhook_endpoints/${ep.id}/attempts`, 4],
      [`/v1/webhook_endpoints/${ep.id}`, 2],
      ["/v1/webhook_endpoints", 2],
      [`/v1/events/evt_${wRng.base62(24)}`, 3],
    ] as const);
    const status = wRng.chance(0.03) ? 404 : 200;
    tl.add(x, (tt) =>
      canonical(tt, "dashboard-api", status === 404 ? "warn" : "info", `GET ${route} ${status}`, {
        http: { method: "GET", route: route.replace(/(we|evt)_[A-Za-z0-9]+/, ":id"), status_code: status },
        duration_ms: round(wRng.logn(38, 0.5), 1),
        account: ep.account,
      }),
    );
  });

  return tl.build(
    "webhook-retry-backoff",
    "A merchant's webhook endpoint answers 503/502 or hangs from before the window opens; every delivery is retried with exponential backoff until it recovers near the end, amid routine second-attempt successes and a long-broken 401 endpoint",
    rng,
  );
}
