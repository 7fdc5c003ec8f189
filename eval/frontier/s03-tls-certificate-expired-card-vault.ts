// card-vault's serving certificate (issued by cert-manager from Vault PKI) has not been renewed:
// the Vault role lost its policy, so every renewal attempt fails with 403 (cert-manager re-queues
// it every few minutes from the start of the window). When the certificate's NotAfter passes, every
// TLS handshake to card-vault fails: payments-api's Java client throws SSLHandshakeException
// (CertificateExpiredException), its circuit breaker opens and payments answer 503; the Go
// subscriptions worker fails with "x509: certificate has expired"; card-vault logs the handshake
// errors. Someone fixes the Vault policy 15-25 minutes later, the certificate is issued and reloaded.
// Labelled (error): cert-manager's failed signing attempts and the CertificateRequest warnings, the
// handshake exceptions, circuit-breaker transitions and fast failures, 503 responses (app and
// Envoy lines), the worker's x509 failures and card-vault's handshake errors after expiry.
// Decoys: the NLB's TCP health checks that card-vault logs as "TLS handshake error ... EOF" all
// night, cert-manager's "still valid" lines for other certificates, declined cards, 4xx, the fraud
// check that makes payment creation take hundreds of ms, G1 GC pauses, idempotent replays.

import type { Scenario } from "../blind/types.js";
import { isoSec, javaDate, jvmTime, klogTime, MINUTE, nightStart, SECOND, slashTime } from "./clock.js";
import { ipPool, podIp, podName, traffic } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { type Entry, envoy, type JavaBase, k8sLine, kubeEvent, logback, type PodRef, withPod, zap } from "./producers.js";
import { javaStack } from "./stacks.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "tls-certificate-expired-card-vault";
const VAULT_URL = "https://card-vault.payments.svc:8443";

function handshakeStack(expiry: number): string {
  return javaStack(
    "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
    [
      "java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
      "java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:383)",
      "java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:326)",
      "java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1357)",
      "java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.onConsumeCertificate(CertificateMessage.java:1232)",
      "java.base/sun.security.ssl.SSLHandshake.consume(SSLHandshake.java:396)",
      "java.base/sun.security.ssl.HandshakeContext.dispatch(HandshakeContext.java:480)",
      "java.base/sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:451)",
      "org.apache.hc.client5.http.ssl.AbstractClientTlsStrategy.upgrade(AbstractClientTlsStrategy.java:161)",
      "org.apache.hc.client5.http.impl.classic.InternalExecRuntime.connectEndpoint(InternalExecRuntime.java:163)",
      "org.springframework.web.client.RestClient$DefaultRequestBodyUriSpec.exchangeInternal(RestClient.java:512)",
      "com.larkspur.payments.vault.CardVaultClient.detokenize(CardVaultClient.java:74)",
      "com.larkspur.payments.service.PaymentService.authorize(PaymentService.java:112)",
    ],
    [
      {
        head: "sun.security.validator.ValidatorException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
        frames: [
          "java.base/sun.security.validator.PKIXValidator.doValidate(PKIXValidator.java:369)",
          "java.base/sun.security.validator.PKIXValidator.engineValidate(PKIXValidator.java:275)",
        ],
        more: 41,
      },
      {
        head: "java.security.cert.CertPathValidatorException: validity check failed",
        frames: ["java.base/sun.security.provider.certpath.PKIXMasterCertPathValidator.validate(PKIXMasterCertPathValidator.java:135)"],
        more: 47,
      },
      {
        head: `java.security.cert.CertificateExpiredException: NotAfter: ${javaDate(expiry)}`,
        frames: [
          "java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:183)",
          "java.base/sun.security.x509.X509CertImpl.checkValidity(X509CertImpl.java:621)",
        ],
        more: 55,
      },
    ],
  );
}

export function tlsCertificateExpiredCardVault(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const expiry = Math.floor((start + rng.int(24, 46) * MINUTE) / MINUTE) * MINUTE;
  const fixedAt = expiry + rng.int(14, 24) * MINUTE;
  const reloadedAt = fixedAt + rng.int(40, 90) * SECOND;
  const end = reloadedAt + rng.int(10, 20) * MINUTE;
  const broken = (t: number) => t >= expiry && t < reloadedAt;

  const nodes = ["ip-10-20-1-15.eu-central-1.compute.internal", "ip-10-20-2-88.eu-central-1.compute.internal", "ip-10-20-3-42.eu-central-1.compute.internal"];
  const payHash = rng.kube(10);
  const pay = [0, 1, 2].map((i) => ({
    base: { app: "payments-api", host: podName(rng, "payments-api", payHash) } as JavaBase,
    ip: podIp(rng),
    node: nodes[i]!,
  }));
  const vaultHash = rng.kube(10);
  const vaultPods: PodRef[] = [0, 1].map((i) => ({
    pod: podName(rng, "card-vault", vaultHash),
    ns: "payments",
    container: "card-vault",
    node: nodes[i + 1]!,
    app: "card-vault",
    image: "ghcr.io/larkspur/card-vault:1.19.2",
  }));
  const subsPod: PodRef = {
    pod: podName(rng, "subscriptions-worker"),
    ns: "payments",
    container: "worker",
    node: nodes[0]!,
    app: "subscriptions-worker",
    image: "ghcr.io/larkspur/subscriptions-worker:3.4.0",
  };
  const subsIp = podIp(rng);
  const cmPod: PodRef = {
    pod: podName(rng, "cert-manager"),
    ns: "cert-manager",
    container: "cert-manager-controller",
    node: nodes[0]!,
    app: "cert-manager",
    image: "quay.io/jetstack/cert-manager-controller:v1.16.1",
  };

  const handshakeError = (t: number, fromIp: string, why: string, label: Label) => {
    const p = rng.pick(vaultPods);
    tl.add(t, k8sLine(t, p, "stderr", `${slashTime(t)} http: TLS handshake error from ${fromIp}:${rng.int(32768, 60999)}: ${why}`), label);
  };

  // --- cert-manager: the failing renewal, and routine checks of other certificates ------------
  const klog = (t: number, sev: "I" | "E" | "W", file: string, text: string, label: Label = null) =>
    tl.add(t, k8sLine(t, cmPod, "stderr", `${sev}${klogTime(t)}       1 ${file}] ${text}`), label);
  let reqN = rng.int(3, 9);
  for (let t = start + rng.int(10, 120) * SECOND; t < fixedAt; t += rng.int(240, 330) * SECOND) {
    reqN += 1;
    klog(
      t,
      "I",
      "issuing_controller.go:148",
      `"Renewing certificate as renewal was scheduled at ${isoSec(expiry - 10 * 86_400_000)
        .replace("T", " ")
        .replace("+00:00", " +0000 UTC")}" logger="cert-manager.certificates-trigger" key="payments/card-vault-tls"`,
    );
    const te = t + rng.int(300, 900);
    klog(
      te,
      "E",
      "controller.go:162",
      `"re-queuing item due to error processing" err="failed to sign certificate: failed to request certificate from Vault: Error making API request.\\n\\nURL: PUT https://vault.infra.svc:8200/v1/pki_int/sign/card-vault\\nCode: 403. Errors:\\n\\n* 1 error occurred:\\n\\t* permission denied\\n\\n" logger="cert-manager.certificaterequests-issuer-vault" key="payments/card-vault-tls-${reqN}"`,
      "error",
    );
    tl.add(
      te + 40,
      kubeEvent(te + 40, {
        ns: "payments",
        kind: "CertificateRequest",
        name: `card-vault-tls-${reqN}`,
        reason: "Failed",
        message: "The certificate request has failed to complete and will be retried: Vault failed to sign certificate: permission denied",
        type: "Warning",
        component: "cert-manager-certificaterequests-issuer-vault",
        uid: rng.uuid(),
      }),
      "error",
    );
  }
  for (const t of rng.ticks(start, end, 3 * MINUTE, 40 * SECOND)) {
    const cert = rng.pick(["payments/payments-api-tls", "payments/ledger-tls", "edge/wildcard-larkspur-shop", "infra/grafana-tls", "payments/webhooks-tls"]);
    klog(
      t,
      "I",
      "trigger_controller.go:201",
      `"Not re-issuing certificate as existing certificate is still valid" logger="cert-manager.certificates-trigger" key="${cert}"`,
    );
  }
  // The fix: Vault policy restored, certificate issued and picked up by card-vault.
  klog(
    fixedAt,
    "I",
    "conditions.go:263",
    `Setting lastTransitionTime for CertificateRequest "card-vault-tls-${reqN + 1}" condition "Ready" to ${isoSec(fixedAt).replace("T", " ").replace("+00:00", " +0000 UTC")}`,
  );
  tl.add(
    fixedAt + 300,
    kubeEvent(fixedAt + 300, {
      ns: "payments",
      kind: "Certificate",
      name: "card-vault-tls",
      reason: "Issuing",
      message: "The certificate has been successfully issued",
      type: "Normal",
      component: "cert-manager-certificates-issuing",
      uid: rng.uuid(),
    }),
  );
  for (const p of vaultPods) {
    const t = reloadedAt + rng.int(0, 4000);
    tl.add(
      t,
      withPod(
        zap(t, "info", "tlsreload/watcher.go:88", "reloaded TLS certificate", {
          service: "card-vault",
          not_after: isoSec(fixedAt + 30 * 86_400_000),
          serial: rng.hex(32),
        }),
        p,
      ),
    );
  }

  // --- NLB health checks: TCP connect and close, logged by Go's TLS server --------------------
  for (const t of rng.times(start, end, rng.int(60, 90))) handshakeError(t, `10.20.${rng.int(0, 3)}.${rng.int(4, 250)}`, "EOF", null);

  // --- payments-api traffic, through the Envoy sidecar ------------------------------------------
  const ips = ipPool(rng, 160);
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(1050, 1250),
    insts: ["-"],
    ips,
    uas: ["Larkspur-Checkout/2.8 (+node-fetch)", "Stripe-Connect-Webhook/1.0", "okhttp/4.12.0"],
    routes: [
      {
        method: "POST",
        route: "pay",
        path: () => "/v1/payments",
        weight: 30,
        med: 420,
        sigma: 0.35,
        statuses: [
          [402, 0.05],
          [409, 0.01],
          [400, 0.01],
        ],
      },
      {
        method: "GET",
        route: "get",
        path: (r) => `/v1/payments/pay_${r.alnum(14)}`,
        weight: 30,
        med: 14,
        sigma: 0.4,
        statuses: [
          [404, 0.02],
          [401, 0.01],
        ],
      },
      { method: "POST", route: "refund", path: (r) => `/v1/payments/pay_${r.alnum(14)}/refunds`, weight: 4, med: 160, sigma: 0.4, statuses: [[422, 0.05]] },
      { method: "GET", route: "methods", path: (r) => `/v1/customers/cus_${r.alnum(12)}/payment-methods`, weight: 14, med: 22, sigma: 0.4 },
    ],
  });
  const breaker = pay.map(() => ({ state: "CLOSED" as "CLOSED" | "OPEN" | "HALF_OPEN", fails: 0, openedAt: 0, trial: 0 }));
  const thread = () => `http-nio-8080-exec-${rng.int(1, 48)}`;
  for (const q of reqs) {
    const pi = rng.int(0, 2);
    const p = pay[pi]!;
    const cb = breaker[pi]!;
    const mdc: Entry = { traceId: rng.hex(32), spanId: rng.hex(16) };
    const needsVault = (q.route === "pay" || q.route === "refund") && q.status < 400;
    if (needsVault) {
      if (cb.state === "OPEN" && q.t - cb.openedAt >= 30 * SECOND) {
        cb.state = "HALF_OPEN";
        cb.trial = 0;
        tl.add(
          q.t - 5,
          logback(
            q.t - 5,
            p.base,
            "info",
            "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
            thread(),
            "CircuitBreaker 'cardVault' changed state from OPEN to HALF_OPEN",
            mdc,
          ),
          "error",
        );
      }
      if (cb.state === "OPEN") {
        tl.add(
          q.t - 2,
          logback(
            q.t - 2,
            p.base,
            "error",
            "com.larkspur.payments.service.PaymentService",
            thread(),
            "Card vault unavailable, failing payment fast",
            mdc,
            javaStack("io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'cardVault' is OPEN and does not permit further calls", [
              "io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)",
              "com.larkspur.payments.vault.CardVaultClient.detokenize(CardVaultClient.java:61)",
              "com.larkspur.payments.service.PaymentService.authorize(PaymentService.java:112)",
            ]),
          ),
          "error",
        );
        q.status = 503;
        q.ms = rng.logNormal(6, 0.4);
        q.label = "error";
      } else if (broken(q.t)) {
        const tf = q.t - rng.int(2, 8);
        tl.add(
          tf,
          logback(
            tf,
            p.base,
            "error",
            "com.larkspur.payments.vault.CardVaultClient",
            thread(),
            `I/O error on POST request for "${VAULT_URL}/v1/detokenize": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed`,
            mdc,
            handshakeStack(expiry),
          ),
          "error",
        );
        handshakeError(tf - 3, p.ip, "remote error: tls: unknown certificate", "error");
        q.status = 503;
        q.ms = rng.logNormal(45, 0.4);
        q.label = "error";
        cb.fails += 1;
        if (cb.state === "HALF_OPEN") cb.trial += 1;
        if ((cb.state === "CLOSED" && cb.fails >= 10) || (cb.state === "HALF_OPEN" && cb.trial >= 3)) {
          tl.add(
            q.t + 1,
            logback(
              q.t + 1,
              p.base,
              "warn",
              "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
              thread(),
              `CircuitBreaker 'cardVault' changed state from ${cb.state} to OPEN`,
              { failureRate: "100.0" },
            ),
            "error",
          );
          cb.state = "OPEN";
          cb.openedAt = q.t;
          cb.fails = 0;
        }
      } else {
        if (cb.state === "HALF_OPEN") {
          cb.trial += 1;
          if (cb.trial >= 3) {
            tl.add(
              q.t + 1,
              logback(
                q.t + 1,
                p.base,
                "info",
                "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
                thread(),
                "CircuitBreaker 'cardVault' changed state from HALF_OPEN to CLOSED",
                mdc,
              ),
            );
            cb.state = "CLOSED";
            cb.fails = 0;
          }
        }
        const vp = rng.pick(vaultPods);
        const tv = q.t - Math.round(q.ms * 0.6);
        tl.add(
          tv,
          withPod(
            zap(
              tv,
              "info",
              "server/http.go:97",
              "detokenize",
              { service: "card-vault", client: "payments-api", tokens: 1, latency: Number(rng.logNormal(0.006, 0.35).toFixed(9)), status: 200 },
              { logger: "http" },
            ),
            vp,
          ),
        );
      }
    }
    if (q.status === 402)
      tl.add(
        q.t - 1,
        logback(
          q.t - 1,
          p.base,
          "warn",
          "com.larkspur.payments.service.PaymentService",
          thread(),
          `Payment declined by issuer: ${rng.pick(["insufficient_funds", "do_not_honor", "card_declined", "expired_card"])}`,
          mdc,
        ),
      );
    if (q.status === 409)
      tl.add(
        q.t - 1,
        logback(q.t - 1, p.base, "info", "com.larkspur.payments.web.IdempotencyFilter", thread(), "Idempotency key replayed, returning stored response", mdc),
      );
    tl.add(
      q.t,
      logback(
        q.t,
        p.base,
        q.status >= 500 ? "error" : "info",
        "com.larkspur.payments.web.AccessLogFilter",
        thread(),
        `${q.method} ${q.path} ${q.status} ${Math.round(q.ms)}ms`,
        { ...mdc, method: q.method, uri: q.path, status: q.status, duration_ms: Math.round(q.ms) },
      ),
      q.label,
    );
    const te = q.t + rng.int(1, 3);
    tl.add(
      te,
      envoy(te, {
        method: q.method,
        path: q.path,
        status: q.status,
        flags: "-",
        details: "via_upstream",
        ms: q.ms + 2,
        upstreamMs: q.ms,
        bytesIn: q.method === "GET" ? 0 : rng.int(300, 900),
        bytesOut: rng.int(200, 1600),
        xff: q.ip,
        ua: q.ua,
        requestId: q.id,
        authority: "payments.larkspur.shop",
        upstreamHost: `${p.ip}:8080`,
        cluster: "inbound|8080||",
      }),
      q.label,
    );
  }

  // --- subscriptions worker renewals ---------------------------------------------------------------
  for (const t of rng.ticks(start, end, 25 * SECOND, 10 * SECOND)) {
    const sub = `sub_${rng.alnum(14)}`;
    if (broken(t)) {
      tl.add(
        t,
        withPod(
          zap(
            t,
            "error",
            "renewals/charge.go:142",
            "renewal charge failed, will retry in 1h",
            {
              service: "subscriptions-worker",
              subscription: sub,
              error: `Post "${VAULT_URL}/v1/detokenize": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${isoSec(t).replace("+00:00", "Z")} is after ${isoSec(expiry).replace("+00:00", "Z")}`,
            },
            {
              stack:
                "github.com/larkspur/subscriptions/renewals.(*Charger).Charge\n\t/src/renewals/charge.go:142\ngithub.com/larkspur/subscriptions/renewals.(*Runner).tick\n\t/src/renewals/runner.go:77",
            },
          ),
          subsPod,
        ),
        "error",
      );
      handshakeError(t - 2, subsIp, "remote error: tls: bad certificate", "error");
    } else {
      tl.add(
        t,
        withPod(
          zap(t, "info", "renewals/charge.go:118", "subscription renewed", {
            service: "subscriptions-worker",
            subscription: sub,
            amount_minor: rng.pick([499, 999, 1499, 2999]),
            currency: rng.pick(["EUR", "GBP", "USD"]),
          }),
          subsPod,
        ),
      );
    }
  }

  // --- JVM GC log lines on stdout ------------------------------------------------------------------
  for (const p of pay) {
    const ref: PodRef = {
      pod: p.base.host,
      ns: "payments",
      container: "payments-api",
      node: p.node,
      app: "payments-api",
      image: "ghcr.io/larkspur/payments-api:4.12.1",
    };
    let gc = rng.int(2000, 9000);
    for (const t of rng.ticks(start, end, 70 * SECOND, 30 * SECOND)) {
      gc += 1;
      const before = rng.int(700, 900);
      const after = rng.int(180, 260);
      tl.add(
        t,
        k8sLine(
          t,
          ref,
          "stdout",
          `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(1024M) ${rng.float(3, 14).toFixed(3)}ms`,
        ),
      );
    }
  }
  return tl.scenario(
    NAME,
    "card-vault's TLS certificate expires after renewals failed on a Vault 403; every handshake to it fails and payments answer 503 until it is reissued.",
  );
}
