/**
 * partner-cert-zero-days: the certificate monitor lists a dozen certificates every 15 minutes,
 * each with its days left (87, 45, 212, ...); the partner bank's mTLS client certificate says
 * `expires in 0 days` on every scan until it runs out mid-window, after which every payout and
 * IBAN check fails the handshake until the renewed one is installed. auth-service's access tokens live an hour and say `expires
 * in 0 days` on every line: routine. An SMTP relay slowdown delays notifications for a while.
 */
import { logback, nginx, pino, pyjson, USER_AGENTS } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "partner-cert-zero-days";

export function partnerCertZeroDays(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-02-02", 7);
  const end = start + 5 * HOUR + rng.int(-15, 15) * MINUTE;
  const tl = new Timeline(start, end);

  const notAfter = tl.at(rng.float(0.56, 0.64));
  // The on-call installs the renewed certificate; payouts-service's keystore watcher reloads it.
  const fixAt = notAfter + rng.int(42, 58) * MINUTE;
  const renewedNotAfter = fixAt + 365 * DAY + rng.int(0, 23) * HOUR;
  const expired = (t: number): boolean => t >= notAfter && t < fixAt;
  const smtpFrom = tl.at(rng.float(0.2, 0.3));
  const smtpTo = smtpFrom + rng.int(8, 12) * MINUTE;

  // ── cert-monitor (Python): every 15 minutes, every certificate it knows ────────────────────
  const mon = { service: "cert-monitor", host: rng.pod("cert-monitor") };
  const partner = { subject: "CN=shop-payouts-client,O=Shop GmbH", store: "secret/payments/partner-bank-mtls", issuer: "Partner Bank Client CA G2", notAfter };
  const certs = [
    {
      subject: "CN=shop.example.com",
      store: "secret/ingress/shop-tls",
      issuer: "R11 (Let's Encrypt)",
      notAfter: start + rng.int(84, 89) * DAY + rng.int(0, 23) * HOUR,
    },
    {
      subject: "CN=api.shop.example.com",
      store: "secret/ingress/api-tls",
      issuer: "R11 (Let's Encrypt)",
      notAfter: start + rng.int(40, 50) * DAY + rng.int(0, 23) * HOUR,
    },
    {
      subject: "CN=admin.shop.example.com",
      store: "secret/ingress/admin-tls",
      issuer: "R10 (Let's Encrypt)",
      notAfter: start + rng.int(28, 34) * DAY + rng.int(0, 23) * HOUR,
    },
    {
      subject: "CN=*.internal.shop.example",
      store: "secret/kube-system/internal-wildcard",
      issuer: "Shop Internal Issuing CA",
      notAfter: start + rng.int(150, 170) * DAY,
    },
    partner,
    { subject: "CN=Partner Bank Server CA G3", store: "truststore/payouts", issuer: "Partner Bank Root CA", notAfter: start + rng.int(1100, 1300) * DAY },
    {
      subject: "CN=smtp-relay.shop.example",
      store: "secret/mail/relay-tls",
      issuer: "R11 (Let's Encrypt)",
      notAfter: start + rng.int(55, 70) * DAY + rng.int(0, 23) * HOUR,
    },
    {
      subject: "CN=kafka-broker.shop.example",
      store: "secret/kafka/broker-tls",
      issuer: "Shop Internal Issuing CA",
      notAfter: start + rng.int(200, 240) * DAY,
    },
    { subject: "CN=Shop Internal Root CA", store: "configmap/kube-system/internal-ca", issuer: "self-signed", notAfter: start + rng.int(2700, 2900) * DAY },
    { subject: "CN=saml-signing.shop.example", store: "secret/auth/saml-signing", issuer: "self-signed", notAfter: start + rng.int(300, 360) * DAY },
    { subject: "CN=vpn.shop.example", store: "acm/eu-central-1/vpn", issuer: "Amazon RSA 2048 M02", notAfter: start + rng.int(180, 200) * DAY },
  ];
  for (let t = start + rng.int(0, 899) * SECOND; t < end; t += 15 * MINUTE + rng.int(-3000, 3000)) {
    let u = t;
    for (const c of certs) {
      u += rng.int(20, 160);
      const cNotAfter = c === partner && u >= fixAt ? renewedNotAfter : c.notAfter;
      const left = cNotAfter - u;
      const na = new Date(cNotAfter).toISOString();
      if (left < 0) {
        tl.add(u, pyjson(u, mon, "ERROR", "certmon.scan", `certificate ${c.subject} (${c.store}) has expired`, { not_after: na, issuer: c.issuer }), "error");
      } else {
        const days = Math.floor(left / DAY);
        tl.add(
          u,
          pyjson(u, mon, "INFO", "certmon.scan", `certificate ${c.subject} (${c.store}) expires in ${days} days`, {
            not_after: na,
            issuer: c.issuer,
            days_left: days,
          }),
          days === 0 ? "pattern" : null,
        );
      }
    }
    u += rng.int(10, 60);
    tl.add(u, pyjson(u, mon, "INFO", "certmon.scan", `scan complete: ${certs.length} certificates checked`, { duration_ms: u - t }));
  }

  // ── payouts-service (Java): batches to the partner bank over mTLS, IBAN checks ─────────────
  const payouts = { app: "payouts-service", host: rng.pod("payouts-service") };
  const handshake =
    "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_expired\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)\n\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:365)\n\tat java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:933)\n\tat com.shop.payouts.bank.PartnerBankClient.post(PartnerBankClient.java:97)";
  let batchNo = rng.int(30000, 60000);
  const pending: { id: string; n: number; attempt: number }[] = [];
  for (let t = start + rng.int(0, 299) * SECOND; t < end; t += 5 * MINUTE + rng.int(-2000, 2000)) {
    batchNo += 1;
    const batch = { id: `PB-${batchNo}`, n: rng.int(4, 38), attempt: 1 };
    const due = [...pending.splice(0), batch];
    let u = t;
    for (const b of due) {
      const amount = (b.n * rng.float(40, 900)).toFixed(2);
      tl.add(
        u,
        logback(
          u,
          payouts,
          "INFO",
          "com.shop.payouts.batch.PayoutBatchSender",
          "payout-scheduler-1",
          `Submitting payout batch ${b.id} (${b.n} payouts, ${amount} EUR) to partner bank${b.attempt > 1 ? ` (attempt ${b.attempt}/5)` : ""}`,
        ),
      );
      if (expired(u)) {
        const f = u + rng.int(30, 90);
        tl.add(
          f,
          logback(
            f,
            payouts,
            "ERROR",
            "com.shop.payouts.batch.PayoutBatchSender",
            "payout-scheduler-1",
            `Payout batch ${b.id} submission failed`,
            {},
            handshake,
          ),
          "error",
        );
        if (b.attempt < 5) {
          tl.add(
            f + 3,
            logback(
              f + 3,
              payouts,
              "WARN",
              "com.shop.payouts.batch.PayoutBatchSender",
              "payout-scheduler-1",
              `Payout batch ${b.id} will be retried with the next run (attempt ${b.attempt + 1}/5)`,
            ),
            "error",
          );
          pending.push({ ...b, attempt: b.attempt + 1 });
        }
        u = f + 10;
      } else {
        const took = Math.round(rng.logNormal(640, 0.3));
        const a = u + took;
        tl.add(
          a,
          logback(
            a,
            payouts,
            "INFO",
            "com.shop.payouts.batch.PayoutBatchSender",
            "payout-scheduler-1",
            `Payout batch ${b.id} accepted by partner bank in ${took} ms (ref ${rng.alnum(12).toUpperCase()})`,
          ),
        );
        u = a + 10;
      }
    }
  }
  const reload = fixAt + rng.int(5, 40) * SECOND;
  tl.add(
    reload,
    logback(
      reload,
      payouts,
      "INFO",
      "com.shop.payouts.tls.KeystoreWatcher",
      "keystore-watcher",
      `Reloaded client keystore /etc/payouts/tls/client.p12 (subject ${partner.subject}, not after ${new Date(renewedNotAfter).toISOString()})`,
    ),
  );
  for (const t of arrivals(rng, start, end, 1.1)) {
    const thread = `http-nio-8080-exec-${rng.int(1, 20)}`;
    const iban = `DE${rng.int(10, 99)}****${rng.int(1000, 9999)}`;
    if (expired(t)) {
      tl.add(t, logback(t, payouts, "ERROR", "com.shop.payouts.iban.IbanVerifier", thread, `IBAN verification for ${iban} failed`, {}, handshake), "error");
    } else {
      tl.add(
        t,
        logback(
          t,
          payouts,
          "INFO",
          "com.shop.payouts.iban.IbanVerifier",
          thread,
          `IBAN verification for ${iban} completed in ${Math.round(rng.logNormal(180, 0.3))} ms: match`,
        ),
      );
    }
  }

  // ── auth-service (Node): access tokens for an hour, printed in whole days ──────────────────
  const auth = [0, 1].map(() => ({ name: "auth-service", hostname: rng.pod("auth-service"), pid: 1 }));
  const clients = ["shop-web", "shop-ios", "shop-android", "partner-portal"];
  for (const t of arrivals(rng, start, end, 1.5)) {
    tl.add(
      t,
      pino(t, rng.pick(auth), "info", `access token issued for client ${rng.pick(clients)}, expires in 0 days (ttl=3600s)`, {
        sub: `usr_${rng.alnum(10)}`,
        scope: "openid profile orders",
      }),
    );
  }

  // ── notifications (Node): emails through the SMTP relay ────────────────────────────────────
  const notif = { name: "notifications", hostname: rng.pod("notifications"), pid: 1 };
  const templates = ["order-confirmation", "shipping-update", "password-reset", "payout-notice", "review-request"];
  for (const t of arrivals(rng, start, end, 1.4)) {
    const slow = t >= smtpFrom && t < smtpTo;
    const took = slow ? rng.logNormal(14000, 0.35) : rng.logNormal(320, 0.35);
    const d = t + Math.round(took);
    tl.add(
      d,
      pino(d, notif, "info", `email ${rng.pick(templates)} sent via smtp-relay`, { messageId: `<${rng.hex(16)}@shop.example>`, took_ms: Math.round(took) }),
      took > 3000 ? "performance" : null,
    );
  }

  const apiIps = [rng.privateIp("10.9"), rng.privateIp("10.9"), rng.privateIp("10.9")];
  // ── edge: the shop's API ───────────────────────────────────────────────────────────────────
  const routes = [
    ["GET /api/products/<id>", 40],
    ["GET /api/orders/<id>", 20],
    ["POST /api/auth/token", 10],
    ["GET /api/account", 15],
    ["POST /api/payouts/bank-account", 3],
    ["GET /api/search", 12],
  ] as const;
  const shape = swell(start, end, 0.2, rng.float(0, 6));
  for (const s of arrivals(rng, start, end, 4.6, shape, 1.2)) {
    const route = rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    let uri = path.replace("<id>", String(rng.int(100000, 999999)));
    if (path === "/api/search") uri = `/api/search?q=${rng.pick(["sofa", "lamp", "rug", "chair", "desk"])}`;
    let status = 200;
    let took = rng.logNormal(path === "/api/search" ? 90 : 30, 0.45);
    let label: AnomalyType | null = null;
    if (path === "/api/payouts/bank-account") {
      took = rng.logNormal(260, 0.3);
      if (expired(s)) {
        status = 502;
        label = "error";
      }
    }
    if (path === "/api/auth/token" && rng.chance(0.05)) status = 401;
    const e = s + Math.round(took);
    tl.add(
      e,
      nginx(e, "edge", {
        remote: rng.publicIp(),
        method,
        uri,
        status,
        bytes: status === 200 ? rng.int(200, 24000) : rng.int(100, 300),
        requestTime: took / 1000,
        upstream: `${rng.pick(apiIps)}:8080`,
        upstreamTime: (took - 1) / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: rng.hex(32),
      }),
      label,
    );
  }

  return tl.build(
    NAME,
    "the partner bank's mTLS client certificate says expires in 0 days on every scan, then runs out and payouts fail until it is renewed; hour-long tokens say 0 days routinely",
  );
}
