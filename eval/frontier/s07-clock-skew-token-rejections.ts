// The VM behind node ip-10-40-3-23 is paused by the hypervisor for a minute or two; when it
// resumes its clock is behind by that much. The kernel marks the TSC unstable, chrony finds the
// clock wrong but only slews it, so the node runs ~1-2 minutes late until on-call steps it.
// Everything on that node writes late timestamps (its lines land earlier than their neighbours).
// The api-gateway pod there rejects freshly issued access tokens as "not valid yet" (beyond its
// 30 s leeway), mobile clients refresh and retry, some land on the same pod again; the
// billing-webhooks pod there rejects every Stripe webhook ("Timestamp outside the tolerance zone").
// Labelled: the token rejections and their 401s, the webhook signature failures and their 400s
// (error); the kernel clocksource messages and chrony's complaints and step (pattern). Decoys:
// expired tokens from stale mobile sessions on every pod all night, a bad-signature token from a
// tester, a scraper rate-limited with 429, a deprecated header warning, JWKS refreshes, token
// issuance and refreshes at the identity service, kubelet probe chatter, on-call's sudo.

import type { Scenario } from "../blind/types.js";
import { klogTime, MINUTE, nightStart, SECOND } from "./clock.js";
import { ipPool, podIp, podName, traffic } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { journald, otel, type PinoBase, type PodRef, pino, pinoHttp, withPod, zap } from "./producers.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "clock-skew-token-rejections";
const NODES = ["ip-10-40-1-17", "ip-10-40-2-54", "ip-10-40-3-23", "ip-10-40-4-90"];
const BAD = 2;

export function clockSkewTokenRejections(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const paused = start + rng.int(8, 38) * MINUTE;
  const skew = rng.int(62, 130) * SECOND + rng.int(0, 999);
  const stepped = paused + rng.int(24, 38) * MINUTE;
  const end = stepped + rng.int(10, 20) * MINUTE;
  /** How late the bad node's clock is at real time t. */
  const lateBy = (t: number) => (t >= paused && t < stepped ? skew : 0);
  /** The time a line from node n carries. */
  const w = (n: number, t: number) => (n === BAD ? t - lateBy(t) : t);

  const gwHash = rng.kube(10);
  const gw: PodRef[] = NODES.map((n) => ({
    pod: podName(rng, "api-gateway", gwHash),
    ns: "edge",
    container: "gateway",
    node: `${n}.us-east-2.compute.internal`,
    app: "api-gateway",
    image: "ghcr.io/larkspur/api-gateway:5.8.2",
  }));
  const hooks: PinoBase = { name: "billing-webhooks", hostname: podName(rng, "billing-webhooks"), pid: 1 };
  const identityRes = {
    "service.name": "identity",
    "service.version": "2025.11.2",
    "k8s.pod.name": podName(rng, "identity"),
    "k8s.namespace.name": "auth",
    "deployment.environment": "prod",
  };
  const node = (n: number) => `${NODES[n]!}.us-east-2.compute.internal`;
  const jd = (n: number, t: number, ident: string, prio: number, msg: string, label: Label = null, unit?: string, pid?: number, transport = "syslog") => {
    const at = w(n, t);
    tl.add(t, journald(at, node(n), ident, prio, msg, unit, pid, transport), label);
  };

  // --- the pause and the clock --------------------------------------------------------------------
  const k = (t: number, msg: string) => jd(BAD, t, "kernel", 4, msg, "pattern", undefined, undefined, "kernel");
  const r0 = paused + rng.int(200, 900);
  k(r0, "clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:");
  k(r0 + 1, `clocksource:                       'kvm-clock' wd_nsec: 511996544 wd_now: ${rng.hex(11)} wd_last: ${rng.hex(11)} mask: ffffffffffffffff`);
  k(
    r0 + 2,
    `clocksource:                       'tsc' cs_nsec: ${rng.int(600000000, 900000000)} cs_now: ${rng.hex(13)} cs_last: ${rng.hex(13)} mask: ffffffffffffffff`,
  );
  k(r0 + 3, "clocksource:                       Clocksource 'tsc' skewed 3118429863 ns (3118 ms) over watchdog 'kvm-clock' interval of 511996544 ns (511 ms)");
  k(r0 + 4, "tsc: Marking TSC unstable due to clocksource watchdog");
  k(r0 + 30, "clocksource: Switched to clocksource kvm-clock");
  const chrony = (t: number, msg: string, label: Label = "pattern") => jd(BAD, t, "chronyd", 6, msg, label, "chronyd.service", 612);
  chrony(r0 + rng.int(2, 6) * SECOND, "Can't synchronise: no selectable sources");
  const sel = r0 + rng.int(60, 130) * SECOND;
  chrony(sel, "Selected source 169.254.169.123 (169.254.169.123)");
  chrony(sel + 2, `System clock wrong by ${(skew / 1000 + 0.0004).toFixed(6)} seconds, adjustment started`);
  // On-call's fix.
  jd(
    BAD,
    stepped - 95 * SECOND,
    "sshd",
    6,
    `Accepted publickey for oncall from 10.40.0.9 port ${rng.int(40000, 60000)} ssh2: ED25519 SHA256:${rng.alnum(43)}`,
    null,
    "ssh.service",
    rng.int(30000, 40000),
  );
  jd(BAD, stepped - 60 * SECOND, "sudo", 5, "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/chronyc tracking", null);
  jd(BAD, stepped - 2 * SECOND, "sudo", 5, "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/chronyc makestep", null);
  chrony(stepped, `System clock was stepped by ${(skew / 1000 - rng.float(0.01, 0.05)).toFixed(6)} seconds`);

  // kubelet probe chatter on every node.
  for (let n = 0; n < 4; n++) {
    for (const t of rng.ticks(start, end, 3 * MINUTE, 60 * SECOND)) {
      const pod = rng.pick([`edge/${gw[n]!.pod}`, `monitoring/${podName(rng, "node-exporter")}`, `logging/${podName(rng, "fluent-bit")}`]);
      const msg = rng.chance(0.8)
        ? `I${klogTime(w(n, t))}    2281 kubelet.go:2453] "SyncLoop (probe)" probe="readiness" status="ready" pod="${pod}"`
        : `I${klogTime(w(n, t))}    2281 prober.go:107] "Probe failed" probeType="Readiness" pod="${pod}" podUID="${rng.uuid()}" containerName="${pod.split("/")[1]!.split("-")[0]}" probeResult="failure" output="HTTP probe failed with statuscode: 503"`;
      jd(n, t, "kubelet", 6, msg, null, "kubelet.service", 2281);
    }
  }

  // --- requests through the gateway ---------------------------------------------------------------
  const ips = ipPool(rng, 260);
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(1750, 2000),
    insts: ["-"],
    ips,
    routes: [
      { method: "GET", route: "feed", path: () => "/v1/feed", weight: 30, med: 48, sigma: 0.4 },
      { method: "GET", route: "profile", path: () => "/v1/me", weight: 20, med: 14, sigma: 0.35 },
      { method: "GET", route: "orders", path: (r) => `/v1/orders?page=${r.int(1, 3)}`, weight: 14, med: 36, sigma: 0.4 },
      { method: "POST", route: "cart", path: () => "/v1/cart/items", weight: 10, med: 40, sigma: 0.4, statuses: [[422, 0.04]] },
      { method: "GET", route: "product", path: (r) => `/v1/products/${r.int(10000, 99999)}`, weight: 22, med: 20, sigma: 0.4, statuses: [[404, 0.02]] },
    ],
  });
  const scraper = ips[0]!;
  let retries: typeof reqs = [];
  const handle = (q: (typeof reqs)[number], tokenAge: number, isRetry: boolean) => {
    const n = rng.int(0, 3);
    const pod = gw[n]!;
    const at = w(n, q.t);
    const skewed = lateBy(q.t);
    const sub = `usr_${rng.alnum(12)}`;
    const kid = "k-2025-10";
    let reason: string | undefined;
    let label: Label = null;
    if (n === BAD && skewed > 30 * SECOND && tokenAge < skewed - 30 * SECOND) {
      reason = "token has invalid claims: token is not valid yet";
      label = "error";
    } else if (!isRetry && rng.chance(0.012)) reason = "token has invalid claims: token is expired";
    else if (!isRetry && rng.chance(0.0015)) reason = "token signature is invalid: crypto/rsa: verification error";
    if (reason !== undefined) {
      tl.add(
        q.t,
        withPod(
          zap(
            at,
            "warn",
            "auth/jwt.go:88",
            "jwt validation failed",
            { service: "api-gateway", error: reason, kid, sub, iss: "https://id.larkspur.shop", path: q.path, request_id: q.id },
            { logger: "auth" },
          ),
          pod,
        ),
        label,
      );
      q.status = 401;
      q.ms = rng.logNormal(0.6, 0.3);
      q.label = label;
      if (label !== null && !isRetry && rng.chance(0.85)) {
        // The app refreshes its token and retries.
        const tr = q.t + rng.int(300, 1500);
        const tt = otel(
          tr,
          identityRes,
          "com.larkspur.identity.TokenEndpoint",
          "info",
          "issued access token",
          { "oauth.grant_type": "refresh_token", "oauth.client_id": rng.pick(["ios-app", "android-app"]), "enduser.id": sub, "http.response.status_code": 200 },
          { traceId: rng.hex(32), spanId: rng.hex(16) },
        );
        tl.add(tr, tt);
        retries.push({ ...q, t: tr + rng.int(40, 200), id: rng.uuid(), status: 200, ms: rng.logNormal(30, 0.4), label: null });
      }
    }
    if (q.ip === scraper && rng.chance(0.5)) {
      q.status = 429;
      tl.add(
        q.t - 1,
        withPod(
          zap(
            at - 1,
            "info",
            "ratelimit/limiter.go:61",
            "rate limit exceeded",
            { service: "api-gateway", client_ip: q.ip, limit: "600/min", path: q.path },
            { logger: "ratelimit" },
          ),
          pod,
        ),
      );
    }
    if (q.ua.startsWith("AcmeShop/5.14.1") && rng.chance(0.3))
      tl.add(
        q.t - 2,
        withPod(
          zap(
            at - 2,
            "warn",
            "compat/headers.go:40",
            "deprecated header X-Api-Version used; clients should send Accept-Version",
            { service: "api-gateway", user_agent: q.ua },
            { logger: "compat" },
          ),
          pod,
        ),
      );
    tl.add(
      q.t,
      withPod(
        zap(
          at,
          "info",
          "httplog/log.go:52",
          "request",
          {
            service: "api-gateway",
            method: q.method,
            path: q.path,
            status: q.status,
            latency: Number((q.ms / 1000).toFixed(9)),
            bytes: q.status === 200 ? q.bytes : 54,
            request_id: q.id,
            client_ip: q.ip,
            user_agent: q.ua,
          },
          { logger: "http" },
        ),
        pod,
      ),
      q.label,
    );
  };
  for (const q of reqs) handle(q, Math.min(rng.exp(300 * SECOND), 900 * SECOND), false);
  for (let round = 0; round < 3 && retries.length > 0; round++) {
    const batch = retries;
    retries = [];
    for (const q of batch) handle(q, rng.int(300, 2500), true);
  }
  // Identity's own logins and refreshes, all night.
  for (const t of rng.times(start, end, rng.int(220, 300))) {
    const grant = rng.weighted([
      ["refresh_token", 6],
      ["password", 2],
      ["authorization_code", 2],
    ] as const);
    tl.add(
      t,
      otel(
        t,
        identityRes,
        "com.larkspur.identity.TokenEndpoint",
        "info",
        "issued access token",
        {
          "oauth.grant_type": grant,
          "oauth.client_id": rng.pick(["ios-app", "android-app", "web"]),
          "enduser.id": `usr_${rng.alnum(12)}`,
          "http.response.status_code": 200,
        },
        { traceId: rng.hex(32), spanId: rng.hex(16) },
      ),
    );
  }
  for (let n = 0; n < 4; n++) {
    for (const t of rng.ticks(start, end, 5 * MINUTE, 10 * SECOND))
      tl.add(
        t,
        withPod(
          zap(
            w(n, t),
            "info",
            "auth/jwks.go:71",
            "refreshed JWKS",
            { service: "api-gateway", keys: 3, url: "https://id.larkspur.shop/.well-known/jwks.json" },
            { logger: "auth" },
          ),
          gw[n]!,
        ),
      );
  }

  // --- Stripe webhooks, handled by the pod on the late node --------------------------------------------
  const hookIp = podIp(rng);
  for (const t of rng.times(start, end, rng.int(300, 360))) {
    const at = w(BAD, t);
    const id = `evt_${rng.alnum(24)}`;
    const type = rng.weighted([
      ["invoice.paid", 5],
      ["payment_intent.succeeded", 6],
      ["customer.subscription.updated", 2],
      ["charge.refunded", 1],
    ] as const);
    const late = lateBy(t);
    const reqId = rng.uuid();
    if (late > 60 * SECOND) {
      tl.add(
        t,
        pino(at, hooks, "error", "Webhook signature verification failed", {
          eventId: id,
          reqId,
          err: {
            type: "StripeSignatureVerificationError",
            message: "Timestamp outside the tolerance zone",
            stack:
              "StripeSignatureVerificationError: Timestamp outside the tolerance zone\n    at validateComputedSignature (/app/node_modules/stripe/cjs/Webhooks.js:149:19)\n    at Object.verifyHeader (/app/node_modules/stripe/cjs/Webhooks.js:78:20)\n    at Object.constructEvent (/app/node_modules/stripe/cjs/Webhooks.js:10:30)\n    at handleStripe (/app/src/routes/stripe.js:22:33)",
          },
        }),
        "error",
      );
      tl.add(
        t + 2,
        pinoHttp(at + 2, hooks, {
          id: reqId,
          method: "POST",
          url: "/webhooks/stripe",
          status: 400,
          ms: rng.logNormal(3, 0.3),
          ip: hookIp,
          ua: "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }),
        "error",
      );
    } else {
      tl.add(t, pino(at, hooks, "info", "webhook processed", { eventId: id, type, reqId }));
      tl.add(
        t + 2,
        pinoHttp(at + 2, hooks, {
          id: reqId,
          method: "POST",
          url: "/webhooks/stripe",
          status: 200,
          ms: rng.logNormal(25, 0.4),
          ip: hookIp,
          ua: "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }),
      );
    }
  }
  return tl.scenario(
    NAME,
    "A node's clock falls 1-2 minutes behind after a VM pause; the gateway pod there rejects fresh tokens as not yet valid and Stripe webhooks fail signature checks.",
  );
}
