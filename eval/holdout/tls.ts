// A mixed fleet (Go logrus, Node winston, Java logback, cert-manager klog JSON, Go stdlib stderr)
// where an internal service's certificate expires because its issuer has been failing to renew it.

import type { Scenario } from "../blind/types.js";
import { epochSec, type Entry, iso, isoNano, isoOffset, type Label, LogBook, MIN, poissonTimes, podName, rngFor, SEC, startTime } from "./kit.js";

export function tlsCertificateExpiry(seed: number): Scenario {
  const name = "tls-certificate-expiry";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const target = r.pick(["inventory-grpc", "pricing-svc", "identity-provider", "profile-svc"]);
  const ns = target.split("-")[0] ?? target;
  const goCaller = r.pick(["cart-svc", "basket-service", "quote-engine"]);
  const nodeCaller = r.pick(["web-bff", "storefront-bff", "mobile-bff"]);
  const javaCaller = r.pick(["order-processor", "fulfilment-worker", "returns-service"]);
  const targetPods = Array.from({ length: 3 }, () => podName(r, target));
  const t0 = startTime(r);
  const expiry = t0 + r.int(12, 18) * MIN + r.int(0, 59) * SEC;
  const end = expiry + r.int(14, 20) * MIN;
  const notAfter = new Date(Math.floor(expiry / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const rpc = r.pick(["GetStock", "GetPrice", "ResolveUser", "GetProfile"]);
  const method = `/${ns}.v1.${ns[0]?.toUpperCase()}${ns.slice(1)}/${rpc}`;
  const host = `${target}.${ns}.svc.cluster.local`;

  const logrus = (t: number, label: Label, level: string, msg: string, extra: Entry = {}): void => {
    book.add(t, label, { level, msg, time: iso(t), service: goCaller, ...extra });
  };
  const winston = (t: number, label: Label, level: string, message: string, extra: Entry = {}): void => {
    book.add(t, label, { level, message, service: nodeCaller, ...extra, timestamp: iso(t) });
  };
  const logback = (t: number, label: Label, level: string, logger: string, message: string, extra: Entry = {}): void => {
    book.add(t, label, {
      "@timestamp": isoOffset(t, 0),
      level,
      logger_name: logger,
      thread_name: `grpc-default-executor-${r.int(0, 12)}`,
      message,
      app: javaCaller,
      ...extra,
    });
  };
  const gokit = (t: number, label: Label, lvl: string, msg: string, extra: Entry = {}): void => {
    book.add(t, label, { ts: iso(t), lvl, caller: "server.go:141", msg, svc: target, pod: r.pick(targetPods), ...extra });
  };
  const stderr = (t: number, label: Label, text: string): void => {
    const d = new Date(t).toISOString();
    book.add(t, label, {
      log: `${d.slice(0, 10).replaceAll("-", "/")} ${d.slice(11, 19)} ${text}\n`,
      stream: "stderr",
      time: isoNano(t, r),
      app: target,
      pod: r.pick(targetPods),
    });
  };
  const klog = (t: number, label: Label, msg: string, extra: Entry = {}): void => {
    book.add(t, label, { ts: epochSec(t), logger: "cert-manager.controller", msg, v: 0, app: "cert-manager", ...extra });
  };

  const x509 = (t: number): string =>
    `x509: certificate has expired or is not yet valid: current time ${new Date(t).toISOString().slice(0, 19)}Z is after ${notAfter}`;

  // Calls to the target from each caller.
  for (const t of poissonTimes(r, t0, end, r.float(34, 42))) {
    const who = r.weighted([
      ["go", 5],
      ["node", 3],
      ["java", 2],
    ] as const);
    const rid = r.uuid();
    if (t < expiry) {
      const ms = Math.round(r.logNormal(6, 0.4));
      gokit(t + ms, null, "info", "handled rpc", { method, code: "OK", duration_ms: ms, peer: r.ip("10.12") });
      const total = ms + Math.round(r.logNormal(25, 0.4));
      if (who === "go") logrus(t + total, null, "info", "request handled", { request_id: rid, route: "/v2/cart", status: 200, duration_ms: total });
      else if (who === "node")
        winston(t + total, null, "info", `GET /api/page/${r.pick(["home", "pdp", "plp", "cart"])} 200 ${total}ms`, {
          request_id: rid,
          status: 200,
          duration_ms: total,
        });
      else
        logback(
          t + total,
          null,
          "INFO",
          "c.a.worker.OrderStep",
          `step ${r.pick(["reserve", "allocate", "confirm"])} completed for order ${r.int(1e6, 9e6)} in ${total} ms`,
          { duration_ms: total },
        );
      continue;
    }
    // After expiry: the handshake fails on the client side; the server only sees the alert.
    if (r.chance(0.5)) stderr(t + 2, "error", `http: TLS handshake error from ${r.ip("10.12")}:${r.int(32768, 60999)}: remote error: tls: bad certificate`);
    if (who === "go") {
      logrus(t + 3, "error", "error", `${rpc} failed`, {
        request_id: rid,
        error: `rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: ${x509(t)}"`,
      });
      if (r.chance(0.6))
        logrus(t + 4, "pattern", "warn", `serving stale ${rpc === "GetPrice" ? "prices" : "data"} from local cache`, {
          request_id: rid,
          cache_age_s: Math.round((t - expiry) / 1000 + r.int(30, 300)),
        });
      else logrus(t + 5, "error", "info", "request handled", { request_id: rid, route: "/v2/cart", status: 503, duration_ms: 5 });
    } else if (who === "node") {
      winston(t + 4, "error", "error", `request to https://${host}:8443/v1/${rpc} failed, reason: certificate has expired`, {
        request_id: rid,
        code: "CERT_HAS_EXPIRED",
        errno: "CERT_HAS_EXPIRED",
      });
      winston(t + 6, "error", "info", `GET /api/page/${r.pick(["home", "pdp", "plp", "cart"])} 502 6ms`, { request_id: rid, status: 502, duration_ms: 6 });
    } else {
      logback(t + 8, "error", "ERROR", "c.a.worker.OrderStep", `step failed, will retry: io.grpc.StatusRuntimeException: UNAVAILABLE: io exception`, {
        stack_trace: `io.grpc.StatusRuntimeException: UNAVAILABLE: io exception\n\tat io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)\nCaused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\nCaused by: java.security.cert.CertificateExpiredException: NotAfter: ${new Date(expiry).toUTCString()}`,
      });
    }
  }

  // Routine: load balancer health checks that close the TCP connection before the handshake.
  for (const t of poissonTimes(r, t0, end, 3))
    stderr(t, null, `http: TLS handshake error from 10.0.${r.int(0, 3)}.${r.int(2, 30)}:${r.int(32768, 60999)}: EOF`);
  for (const t of poissonTimes(r, t0, end, 1.5))
    logrus(t, null, "warn", "retrying request to pricing backend", { attempt: 2, backoff_ms: r.pick([100, 200, 400]), upstream: "promo-engine" });
  for (const t of poissonTimes(r, t0, end, 1)) winston(t, null, "warn", `slow render for /api/page/${r.pick(["pdp", "plp"])}: ${r.int(400, 900)}ms`, {});
  for (const t of poissonTimes(r, t0, end, 0.8))
    logback(
      t,
      null,
      "WARN",
      "o.a.k.clients.NetworkClient",
      `[Consumer clientId=${javaCaller}-1, groupId=${javaCaller}] Error while fetching metadata with correlation id ${r.int(1000, 99999)} : {order-events=LEADER_NOT_AVAILABLE}`,
    );
  for (let t = t0 + r.int(0, 30 * SEC); t < end; t += 30 * SEC) gokit(t, null, "debug", "health check", { status: "SERVING" });

  // cert-manager: routine no-ops for other certificates, and the failing renewal of this one.
  for (const t of poissonTimes(r, t0, end, 0.5)) {
    klog(t, null, "Not re-issuing certificate as existing certificate is still valid", {
      key: `${r.pick(["web", "payments", "search", "auth"])}/${r.pick(["ingress-tls", "grpc-tls", "mtls-client"])}`,
    });
  }
  for (let t = t0 + r.int(10, 120) * SEC, backoff = 5 * MIN; t < end; t += backoff) {
    klog(t, "error", "re-queuing item due to error processing", {
      key: `${ns}/${target}-tls`,
      err: "failed to sign certificate: Error making API request.\n\nURL: PUT https://vault.internal:8200/v1/pki_int/sign/svc-issuer\nCode: 403. Errors:\n\n* permission denied",
    });
  }
  klog(expiry + r.int(5, 40) * SEC, "pattern", "certificate has expired", { key: `${ns}/${target}-tls`, not_after: notAfter });
  return book.scenario(name, `the serving certificate of ${target} expires after days of failed renewals; every caller's TLS handshake fails`);
}
