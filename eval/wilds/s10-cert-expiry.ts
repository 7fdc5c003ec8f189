// The TLS certificate that HAProxy serves for ledger.internal expires: cert-manager has been failing to renew it for
// weeks because its Vault token lost the sign permission. At notAfter every client starts rejecting the handshake:
// nginx's upstream verification, the Go settlement service (which retries and builds a backlog), a Java reporting
// job (GELF) and a Python reconciliation worker. Renewal and an HAProxy reload fix it; the backlog drains slowly.

import { Build, type Label, publicIp } from "./build.js";
import type { WildScenario } from "./types.js";

export function s10CertExpiry(seed: number): WildScenario {
  const b = new Build(seed, "s10-cert-expiry");
  const { rng, f } = b;
  const start = b.start([6, 7, 8, 11, 12, 23]);
  const dur = rng.int(34, 52) * 60000;
  const end = start + dur;
  const tExp = Math.ceil((start + Math.round(dur * rng.float(0.33, 0.45))) / 300000) * 300000; // notAfter on a 5-minute mark
  const tFix = tExp + rng.int(8, 13) * 60000;
  const tDrain = tFix + rng.int(150, 260) * 1000;
  const broken = (t: number): boolean => t >= tExp && t < tFix;
  const notAfter = new Date(tExp).toUTCString().replace("GMT", "UTC"); // e.g. Sat, 21 Feb 2026 09:00:00 UTC
  const naGo = f.isoD(tExp, 0);
  const ledgerIps = ["10.0.4.21", "10.0.4.22"];
  const haPid = { "haproxy-1": rng.int(1000, 9000), "haproxy-2": rng.int(1000, 9000) } as Record<string, number>;
  const clients = {
    nginx: ["10.0.5.9", "10.0.5.10"],
    settle: `10.0.6.${rng.int(10, 99)}`,
    report: `10.0.7.${rng.int(10, 99)}`,
    recon: `10.0.6.${rng.int(100, 200)}`,
  };

  // ---------------------------------------------------------------- HAProxy (RFC 5424 via rsyslog, HTTP log format)
  const ha = (t: number, host: string, msg: string, l: Label, pri = 134): void =>
    b.add(t, f.syslog5424(t, pri, host, "haproxy", haPid[host] ?? 1, "-", "-", msg), l);
  const haDate = (t: number): string => {
    const c = f.clf(t).replace(" +0000", "");
    return `${c}.${String(t % 1000).padStart(3, "0")}`;
  };
  const haReq = (t: number, clientIp: string, method: string, path: string, l: Label): void => {
    const host = rng.pick(["haproxy-1", "haproxy-2"]);
    const tr = Math.round(rng.logn(14, 0.5));
    const srv = rng.int(1, 2);
    ha(
      t + tr,
      host,
      `${clientIp}:${rng.int(32768, 60999)} [${haDate(t)}] fe_ledger_tls~ be_ledger/ledger-${srv} 0/0/1/${tr - 1}/${tr} 200 ${rng.int(200, 1500)} - - ---- ${rng.int(5, 40)}/${rng.int(5, 40)}/${rng.int(0, 8)}/${rng.int(0, 4)}/0 0/0 "${method} ${path} HTTP/1.1"`,
      l,
    );
  };
  const haFail = (t: number, clientIp: string, l: Label): void => {
    const host = rng.pick(["haproxy-1", "haproxy-2"]);
    ha(
      t,
      host,
      `${clientIp}:${rng.int(32768, 60999)} [${haDate(t)}] fe_ledger_tls/1: SSL handshake failure (error:0A000415:SSL routines::sslv3 alert certificate expired)`,
      l,
    );
  };
  // NLB health checks open TCP and close before the handshake: routine noise
  b.flow(start, end, 1 / 50, (t) =>
    ha(
      t,
      rng.pick(["haproxy-1", "haproxy-2"]),
      `10.0.0.${rng.int(4, 250)}:${rng.int(1024, 65000)} [${haDate(t)}] fe_ledger_tls/1: Connection closed during SSL handshake`,
      null,
    ),
  );

  // ---------------------------------------------------------------- edge nginx: access log and error log (plain text files)
  let cid = rng.int(100000, 900000);
  const ngPid = rng.int(1000, 4000);
  b.flow(start, end, 0.62, (t) => {
    const ledger = rng.chance(0.15);
    const ip = publicIp(rng);
    const edgeIp = rng.pick(clients.nginx);
    if (ledger) {
      const [m, p] = rng.pick([
        ["POST", "/ledger/v1/entries"],
        ["GET", "/ledger/v1/balances/acc_{id}"],
        ["GET", "/ledger/v1/entries?account=acc_{id}&limit=50"],
      ] as const);
      const path = p.replace("{id}", rng.alnum(10));
      if (broken(t)) {
        haFail(t + 2, edgeIp, "error");
        b.add(
          t + 3,
          f.nginxErr(
            t + 3,
            "error",
            ngPid,
            cid++,
            `upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: ${ip}, server: api.acme.io, request: "${m} ${path} HTTP/1.1", upstream: "https://${rng.pick(ledgerIps)}:443${path.replace("/ledger", "")}", host: "api.acme.io"`,
          ),
          "error",
        );
        b.add(
          t + 4,
          f.combined(
            ip,
            "-",
            t + 4,
            `${m} ${path} HTTP/1.1`,
            502,
            157,
            "-",
            rng.pick(["okhttp/4.12.0", "acme-sdk-python/3.1.0", "Go-http-client/2.0"]),
            ` rt=0.004 uct="-" urt="0.003"`,
          ),
          "error",
        );
        return;
      }
      const slowLab = t >= tFix && t < tDrain && rng.chance(0.4);
      const urt = slowLab ? rng.float(1.2, 4) : rng.logn(0.025, 0.5);
      haReq(t + 1, edgeIp, m, path.replace("/ledger", ""), slowLab ? "performance" : null);
      b.add(
        t + Math.round(urt * 1000) + 2,
        f.combined(
          ip,
          "-",
          t + Math.round(urt * 1000) + 2,
          `${m} ${path} HTTP/1.1`,
          m === "POST" ? 201 : 200,
          rng.int(150, 4000),
          "-",
          rng.pick(["okhttp/4.12.0", "acme-sdk-python/3.1.0", "Go-http-client/2.0"]),
          ` rt=${(urt + 0.002).toFixed(3)} uct="${(urt * 0.2).toFixed(3)}" urt="${urt.toFixed(3)}"`,
        ),
        slowLab ? "performance" : null,
      );
      return;
    }
    const [m, p] = rng.pick([
      ["GET", "/accounts/v2/me"],
      ["GET", "/catalog/v1/plans"],
      ["POST", "/auth/v1/token"],
      ["GET", "/accounts/v2/acc_{id}/statements"],
      ["GET", "/status"],
    ] as const);
    const path = p.replace("{id}", rng.alnum(10));
    const rt = rng.logn(0.03, 0.6);
    const st = p === "/auth/v1/token" && rng.chance(0.08) ? 401 : 200;
    b.add(
      t + Math.round(rt * 1000),
      f.combined(
        ip,
        "-",
        t + Math.round(rt * 1000),
        `${m} ${path} HTTP/1.1`,
        st,
        rng.int(100, 9000),
        "-",
        rng.pick([
          "okhttp/4.12.0",
          "acme-sdk-python/3.1.0",
          "Go-http-client/2.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
        ]),
        ` rt=${rt.toFixed(3)} uct="${(rt * 0.2).toFixed(3)}" urt="${rt.toFixed(3)}"`,
      ),
    );
  });
  b.flow(start, end, 1 / 400, (t) =>
    b.add(
      t,
      f.nginxErr(
        t,
        "warn",
        ngPid,
        cid++,
        `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${rng.int(1, 9)}/${rng.int(10, 99)}/${rng.int(1000000000, 9999999999)} while reading upstream, client: ${publicIp(rng)}, server: api.acme.io, request: "GET /accounts/v2/acc_${rng.alnum(10)}/statements HTTP/1.1", upstream: "http://10.0.3.${rng.int(10, 40)}:8080/v2/acc_${rng.alnum(10)}/statements", host: "api.acme.io"`,
      ),
    ),
  );

  // ---------------------------------------------------------------- settlement-svc: Go log with Lmicroseconds|Lshortfile, raw lines
  const go = (t: number, file: string, msg: string, l: Label): void => b.add(t, `${f.slash(t, true)} ${file}: ${msg}`, l);
  let batch = rng.int(40000, 60000);
  let backlog = 0;
  b.flow(start, end, 0.1, (t) => {
    const id = batch++;
    if (broken(t)) {
      backlog += rng.int(20, 60);
      haFail(t, clients.settle, "error");
      go(
        t + 1,
        "ledger/client.go:112",
        `post batch ${id}: Post "https://ledger.internal/v1/entries:batch": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${f.isoD(t, 0, "Z")} is after ${naGo}`,
        "error",
      );
      go(t + 2, "settle/worker.go:77", `retrying batch ${id} in ${2 ** rng.int(1, 5)}s (attempt ${rng.int(2, 6)}/6)`, "pattern");
      return;
    }
    if (t >= tFix && t < tDrain) {
      const d = rng.float(2.5, 7);
      haReq(t, clients.settle, "POST", "/v1/entries:batch", "performance");
      go(t + Math.round(d * 1000), "settle/worker.go:95", `posted batch ${id} (${rng.int(200, 500)} entries, backlog) in ${d.toFixed(2)}s`, "performance");
      backlog = Math.max(0, backlog - rng.int(150, 400));
      return;
    }
    const d = rng.logn(0.09, 0.4);
    haReq(t, clients.settle, "POST", "/v1/entries:batch", null);
    go(t + Math.round(d * 1000), "settle/worker.go:95", `posted batch ${id} (${rng.int(5, 60)} entries) in ${(d * 1000).toFixed(1)}ms`, null);
  });
  b.every(start + rng.int(0, 30000), end, 30000, 300, (t) => {
    const l: Label = backlog > 500 ? "performance" : null;
    go(
      t,
      "settle/metrics.go:41",
      `queue depth=${backlog + rng.int(0, 25)} oldest=${backlog > 500 ? Math.round((t - tExp) / 1000) : rng.int(0, 4)}s workers=8`,
      l,
    );
  });
  b.flow(start, end, 1 / 200, (t) =>
    go(t, "net/http/server.go:3487", `http: TLS handshake error from 10.0.0.${rng.int(4, 250)}:${rng.int(1024, 65000)}: EOF`, null),
  );

  // ---------------------------------------------------------------- reporting (Java, log4j2 GelfLayout over UDP)
  const gelf = (t: number, level: number, short: string, full: string | null, logger: string, l: Label): void => {
    const o: Record<string, unknown> = { version: "1.1", host: "reporting-7", short_message: short };
    if (full) o.full_message = full;
    Object.assign(o, {
      timestamp: f.epochS(t, 3),
      level,
      _logger: logger,
      _thread: `report-exec-${rng.int(1, 8)}`,
      _application: "reporting",
      _environment: "prod",
    });
    b.add(t, o, l);
  };
  b.flow(start, end, 0.04, (t) => {
    if (broken(t)) {
      haFail(t, clients.report, "error");
      const msg = "Failed to fetch balances for report DAILY_POSITIONS";
      gelf(
        t + 1,
        3,
        msg,
        `${msg}\njavax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)\n\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:378)\n\tat java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1308)\n\tat java.base/sun.security.ssl.ClientHello$T13ClientHelloProducer.produce(ClientHello.java:576)\n\tat com.acme.reporting.ledger.LedgerClient.balances(LedgerClient.java:64)\nCaused by: java.security.cert.CertPathValidatorException: validity check failed\n\tat java.base/sun.security.provider.certpath.PKIXMasterCertPathValidator.validate(PKIXMasterCertPathValidator.java:135)\n\t... 41 more\nCaused by: java.security.cert.CertificateExpiredException: NotAfter: ${notAfter}\n\tat java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:277)\n\t... 45 more`,
        "com.acme.reporting.ledger.LedgerClient",
        "error",
      );
      return;
    }
    haReq(t, clients.report, "GET", `/v1/balances?date=${new Date(t).toISOString().slice(0, 10)}&page=${rng.int(1, 40)}`, null);
    gelf(t + rng.int(20, 200), 6, `Fetched ${rng.int(100, 500)} balances (page ${rng.int(1, 40)})`, null, "com.acme.reporting.ledger.LedgerClient", null);
  });

  // ---------------------------------------------------------------- recon-worker (Python logging, tracebacks kept in one entry)
  b.flow(start, end, 0.06, (t) => {
    const acct = `acc_${rng.alnum(10)}`;
    if (broken(t)) {
      haFail(t, clients.recon, "error");
      if (rng.chance(0.6)) {
        b.add(
          t + 1,
          f.py(
            t + 1,
            "urllib3.connectionpool",
            "WARNING",
            `Retrying (Retry(total=1, connect=None, read=None, redirect=None, status=None)) after connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)'))': /v1/balances/${acct}`,
          ),
          "pattern",
        );
        return;
      }
      b.add(
        t + 2,
        f.py(
          t + 2,
          "recon.worker",
          "ERROR",
          `reconciliation of ${acct} failed\nTraceback (most recent call last):\n  File "/app/recon/ledger.py", line 41, in balance\n    r = self.session.get(f"{self.base}/v1/balances/{account}", timeout=10)\n  File "/usr/local/lib/python3.12/site-packages/requests/sessions.py", line 602, in get\n    return self.request("GET", url, **kwargs)\n  File "/usr/local/lib/python3.12/site-packages/requests/adapters.py", line 698, in send\n    raise SSLError(e, request=request)\nrequests.exceptions.SSLError: HTTPSConnectionPool(host='ledger.internal', port=443): Max retries exceeded with url: /v1/balances/${acct} (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))`,
        ),
        "error",
      );
      return;
    }
    haReq(t, clients.recon, "GET", `/v1/balances/${acct}`, null);
    b.add(t + rng.int(20, 90), f.py(t + 90, "recon.worker", "INFO", `reconciled ${acct}: ledger=${rng.int(0, 99999)}.${rng.int(10, 99)} bank=ok diff=0.00`));
  });

  // ---------------------------------------------------------------- cert-manager controller (klog, raw lines): the root cause
  const kl = (t: number, sev: "I" | "E" | "W", file: string, msg: string, l: Label): void => b.add(t, f.klog(t, sev, 1, file, msg), l);
  const crN = rng.int(5, 9);
  for (let t = start + rng.int(0, 120000); t < tFix; t += rng.int(240, 330) * 1000) {
    kl(
      t,
      "E",
      "sync.go:233",
      `"error signing certificate" err="failed to sign certificate by vault: Error making API request.\\n\\nURL: PUT https://vault.internal:8200/v1/pki_int/sign/ledger-internal\\nCode: 403. Errors:\\n\\n* permission denied" logger="cert-manager.certificaterequests-issuer-vault" resource_name="ledger-internal-tls-${crN}" resource_namespace="ledger" resource_kind="CertificateRequest" resource_version="v1"`,
      "error",
    );
    kl(
      t + rng.int(2, 20),
      "E",
      "controller.go:162",
      `"re-queuing item due to error processing" err="failed to sign certificate by vault: Code: 403. Errors: * permission denied" logger="cert-manager.certificaterequests-issuer-vault" key="ledger/ledger-internal-tls-${crN}"`,
      "error",
    );
  }
  b.flow(start, end, 1 / 180, (t) =>
    kl(
      t,
      "I",
      "conditions.go:203",
      `"Setting lastTransitionTime for Certificate condition" logger="cert-manager.certificates-readiness" certificate="${rng.pick(["api/api-acme-io-tls", "monitoring/grafana-tls", "shop/shop-tls"])}" condition="Ready"`,
      null,
    ),
  );
  // fix: token re-issued, certificate signed, HAProxy reloaded
  kl(
    tFix - rng.int(90000, 120000),
    "I",
    "conditions.go:263",
    `"Found status change for CertificateRequest condition" logger="cert-manager.certificaterequests-issuer-vault" resource_name="ledger-internal-tls-${crN}" resource_namespace="ledger" condition="Ready" oldStatus="False" status="True"`,
    null,
  );
  kl(
    tFix - rng.int(80000, 89000),
    "I",
    "issuing_controller.go:233",
    `"The certificate has been successfully issued" logger="cert-manager.certificates-issuing" key="ledger/ledger-internal-tls"`,
    null,
  );
  for (const h of ["haproxy-1", "haproxy-2"]) {
    const t = tFix + rng.int(-5000, 1000);
    ha(t, h, "[NOTICE]   (1) : Reloading HAProxy", null, 133);
    ha(t + 40, h, `[NOTICE]   (1) : haproxy version is 2.8.5-1ubuntu3.2`, null, 133);
    ha(t + 80, h, `[NOTICE]   (1) : New worker (${rng.int(10000, 90000)}) forked`, null, 133);
    ha(t + 90, h, "[NOTICE]   (1) : Loading success.", null, 133);
  }

  return b.finish(
    "s10-cert-expiry",
    "The ledger.internal certificate served by HAProxy expires after weeks of failed cert-manager renewals (Vault 403): handshake failures everywhere, nginx upstream verify errors and 502s, x509 errors and retries in a Go service, PKIX failures in a Java job, SSL errors in a Python worker, then a slow backlog drain.",
  );
}
