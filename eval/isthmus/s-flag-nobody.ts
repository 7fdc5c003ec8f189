/**
 * flag-flipped-by-nobody: flag-admin's audit trail names who changes each flag, however odd
 * the name (a Terraform run, a release bot), until an API token without a subject turns 3-D
 * Secure off `by unknown actor`: payments-service then sends confirmations its provider refuses
 * and checkouts fail until the on-call turns it back on. Later the same token updates a
 * segment. The relay's `actor=unknown` on every poll and change and a login attempt for an
 * unknown user are routine.
 */
import { clef, nginx, pino, pinoHttp, pyjson, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "flag-flipped-by-nobody";

interface Flip {
  t: number;
  key: string;
  value: string;
  actor: string;
  channel: string;
  label: AnomalyType | null;
  segment?: number;
}

export function flagFlippedByNobody(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-16", 13);
  const end = start + 2 * HOUR + rng.int(-5, 10) * MINUTE;
  const tl = new Timeline(start, end);

  const nameless = tl.at(rng.float(0.38, 0.46));
  const restored = nameless + rng.int(12, 17) * MINUTE;
  const segmentChange = tl.at(rng.float(0.78, 0.88));

  // ── flag-admin (ASP.NET Core, Serilog CLEF) ────────────────────────────────────────────────
  const admin = { application: "flag-admin", machine: rng.pod("flag-admin") };
  const flips: Flip[] = [
    { t: nameless, key: "payments.require_3ds", value: "off", actor: "unknown actor", channel: "api", label: "pattern" },
    { t: restored, key: "payments.require_3ds", value: "on", actor: "priya.raman@shop.example", channel: "ui", label: null },
  ];
  const keys = [
    "search.typo_tolerance",
    "checkout.express_paypal",
    "catalog.lazy_images",
    "promo.easter_banner",
    "cart.save_for_later",
    "checkout.address_autocomplete",
  ];
  const actors = ["terraform-cloud (run-4hT9qZ)", "svc-release-train", "o.adeyemi@shop.example", "release-bot@gitlab", "j.novak@shop.example"];
  for (let i = rng.int(5, 7); i > 0; i--) {
    const actor = rng.pick(actors);
    flips.push({
      t: tl.at(rng.float(0.02, 0.98)),
      key: rng.pick(keys),
      value: rng.pick(["on", "off", "10%", "50%", "100%"]),
      actor,
      channel: actor.includes("@shop") ? "ui" : "api",
      label: null,
    });
  }
  flips.push({ t: segmentChange, key: "beta-testers", value: "", actor: "unknown actor", channel: "api", label: "pattern", segment: rng.int(2, 5) });
  flips.push({
    t: tl.at(rng.float(0.1, 0.3)),
    key: "internal-staff",
    value: "",
    actor: "o.adeyemi@shop.example",
    channel: "ui",
    label: null,
    segment: rng.int(1, 3),
  });
  flips.sort((a, b) => a.t - b.t);
  for (const f of flips) {
    if (f.segment !== undefined) {
      tl.add(
        f.t,
        clef(f.t, admin, "Information", "FlagAdmin.Audit.AuditTrail", "Segment {Segment} updated by {Actor:l} via {Channel}: {Added} users added", {
          Segment: f.key,
          Actor: f.actor,
          Channel: f.channel,
          Added: f.segment,
        }),
        f.label,
      );
    } else {
      tl.add(
        f.t,
        clef(f.t, admin, "Information", "FlagAdmin.Audit.AuditTrail", "Flag {FlagKey} set to {Value} by {Actor:l} via {Channel}", {
          FlagKey: f.key,
          Value: f.value,
          Actor: f.actor,
          Channel: f.channel,
        }),
        f.label,
      );
    }
  }
  const adminRoutes = ["/api/flags", "/api/flags", "/api/segments", "/api/audit", "/api/flags/payments.require_3ds", "/api/flags/search.typo_tolerance"];
  for (const t of arrivals(rng, start, end, 0.6)) {
    tl.add(
      t,
      clef(
        t,
        admin,
        "Information",
        "Serilog.AspNetCore.RequestLoggingMiddleware",
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        {
          RequestMethod: "GET",
          RequestPath: rng.pick(adminRoutes),
          StatusCode: 200,
          Elapsed: rng.logNormal(12, 0.5),
        },
      ),
    );
  }
  for (const t of arrivals(rng, start, end, 0.05)) {
    tl.add(
      t,
      clef(t, admin, "Information", "FlagAdmin.Auth.LoginHandler", "Login attempt for unknown user {UserName}", {
        UserName: rng.pick(["admin", "test", "flags", "root", "ops"]),
      }),
    );
  }

  // ── flag-relay (Go, zap): 30-second polls; the snapshot carries no author ──────────────────
  let version = rng.int(5200, 9100);
  let fi = 0;
  const flagFlips = flips.filter((f) => f.segment === undefined);
  for (let t = start + rng.int(0, 29) * SECOND; t < end; t += 30 * SECOND + rng.int(-900, 900)) {
    const changed: Flip[] = [];
    while (fi < flagFlips.length && flagFlips[fi]!.t + 3 * SECOND < t) changed.push(flagFlips[fi++]!);
    if (changed.length > 0) version += 1;
    tl.add(
      t,
      zap(t, "info", "relay.poller", "poller/s3.go:142", `applied flag snapshot v${version} (187 flags, ${changed.length} changed), actor=unknown`, {
        bucket: "flags-prod",
        latency: Number(rng.logNormal(0.038, 0.3).toFixed(6)),
      }),
    );
    for (const f of changed) {
      const u = t + rng.int(1, 4);
      tl.add(
        u,
        zap(u, "info", "relay.store", "store/apply.go:77", `flag ${f.key} updated to ${f.value} from snapshot v${version}, actor=unknown`, {
          flag: f.key,
          snapshot: version,
        }),
      );
    }
  }
  // When payments-service's SDK sees the 3-D Secure flag change (streamed from the relay).
  const seen = (f: number): number => Math.ceil((f - start) / (30 * SECOND)) * 30 * SECOND + start + rng.int(800, 3000);
  const offSeen = seen(nameless);
  const onSeen = seen(restored);

  // ── checkout: nginx → checkout-api (pino) → payments-service (Python) ──────────────────────
  const pay = [rng.pod("payments-service"), rng.pod("payments-service")];
  for (const [i, t] of [offSeen, onSeen].entries()) {
    for (const host of pay) {
      const u = t + rng.int(0, 400);
      tl.add(
        u,
        pyjson(
          u,
          { service: "payments-service", host },
          "INFO",
          "flags.sdk",
          `feature flags refreshed: 1 changed (payments.require_3ds=${i === 0 ? "off" : "on"})`,
        ),
      );
    }
  }
  const checkout = [0, 1, 2].map(() => ({ name: "checkout-api", hostname: rng.pod("checkout-api"), pid: 1 }));
  const checkoutIps = new Map(checkout.map((c) => [c, rng.privateIp("10.6")]));
  const routes = [
    ["GET /api/checkout/summary", 30],
    ["POST /api/checkout/address", 16],
    ["POST /api/checkout/shipping", 14],
    ["POST /api/checkout/confirm", 25],
    ["GET /api/checkout/status/<id>", 15],
  ] as const;
  const shape = swell(start, end, 0.2, rng.float(0, 6));
  for (const s of arrivals(rng, start, end, 8.5, shape, 1.2)) {
    const node = rng.pick(checkout);
    const route = rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    const uri = path.includes("<id>") ? `/api/checkout/status/ord_${rng.alnum(14)}` : path;
    const reqId = rng.uuid();
    const remote = rng.publicIp();
    let took = rng.logNormal(28, 0.45);
    let status = method === "POST" ? 200 : 200;
    let label: AnomalyType | null = null;
    if (path.endsWith("/confirm")) {
      const host = rng.pick(pay);
      const pi = `pi_3${rng.alnum(23, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
      const provider = rng.logNormal(420, 0.35);
      const at = s + Math.round(provider) + 10;
      const threeDsOff = s >= offSeen && s < onSeen;
      if (threeDsOff) {
        const r = `req_${rng.alnum(14, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
        tl.add(
          at,
          pyjson(
            at,
            { service: "payments-service", host },
            "ERROR",
            "payments.confirm",
            `confirm failed for ${pi}`,
            { payment_intent: pi, request_id: reqId, duration_ms: Math.round(provider) },
            `Traceback (most recent call last):\n  File "/app/payments/confirm.py", line 88, in confirm\n    intent = stripe.PaymentIntent.confirm(pi_id, **params)\nstripe.error.InvalidRequestError: Request ${r}: payment_method_options[card][request_three_d_secure] must be one of: any, automatic, challenge`,
          ),
          "error",
        );
        status = 502;
        label = "error";
      } else {
        tl.add(
          at,
          pyjson(
            at,
            { service: "payments-service", host },
            "INFO",
            "payments.confirm",
            `PaymentIntent ${pi} confirmed (3ds=${rng.chance(0.22) ? "challenged" : "frictionless"}, outcome=authorized)`,
            {
              payment_intent: pi,
              request_id: reqId,
              duration_ms: Math.round(provider),
            },
          ),
        );
        if (rng.chance(0.03)) status = 402;
      }
      took += provider + 12;
    }
    const done = s + Math.round(took);
    tl.add(done, pinoHttp(done, node, { id: reqId, method, url: uri, remoteAddress: remote }, status, took), label);
    if (status === 402) tl.add(done + 1, pino(done + 1, node, "info", "payment declined by issuer: insufficient_funds", { reqId }));
    const e = done + rng.int(1, 3);
    tl.add(
      e,
      nginx(e, "edge", {
        remote,
        method,
        uri,
        status,
        bytes: status === 200 ? rng.int(300, 6000) : rng.int(90, 400),
        requestTime: (took + 2) / 1000,
        upstream: `${checkoutIps.get(node)}:3000`,
        upstreamTime: took / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: reqId.replaceAll("-", ""),
      }),
      label,
    );
  }

  return tl.build(
    NAME,
    "a subject-less API token turns 3-D Secure off by unknown actor and checkouts fail until it is turned back on; later it updates a segment; relay and logins are routine",
  );
}
