/**
 * backup-bwlimit (breaks the rule): the backup server ships the night's database and file
 * backups off-site with rclone (JSON log, one-line stats every minute). Its bandwidth timetable
 * (`--bwlimit "08:00,10M 19:00,off"`, the office's uplink is shared) caps the sync to 10 MiB/s at
 * 08:00 Berlin time, two-thirds to four-fifths into the window: rclone says `Scheduled bandwidth
 * change` and its stats fall from some 110 MiB/s to 10, the files it copies come a tenth as
 * often, to the end of the window. That is configured and intended. The incident is elsewhere and a quarter in: inventory-api (Java, Logback with
 * LogstashEncoder) syncs stock from five suppliers over mutual TLS, and its client certificate
 * for nordic-wholesale expires: every sync with that supplier fails its TLS handshake
 * (`certificate_expired`) and is retried and given up, until the certificate is renewed by hand.
 */
import { hourlyCron, nodeName, openWindow, replicaPods } from "./common.js";
import { binarySize, javaTrace, kubeEvent, logstash, logstashAccess, rcloneJson, rcloneSuffix, rsyslog } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "backup-bwlimit";
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** rclone's ETA: `2h3m4s`, `15m13s`, `40s`. */
function eta(secs: number): string {
  const s = Math.max(0, Math.round(secs));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h${m}m${s % 60}s`;
  if (m > 0) return `${m}m${s % 60}s`;
  return `${s}s`;
}

export function backupBwlimit(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-05-12", 2, 5);
  // 08:00 in Berlin (CEST) is 06:00 UTC
  const limitAt = Date.parse("2026-05-12T06:00:00Z") + rng.int(0, 900);
  const limited = (t: number): boolean => t >= limitAt;

  // ── rclone sync to the off-site bucket ───────────────────────────────────────────────────────
  const backupHost = "backup-01.fra.internal";
  const syncStart = start - rng.int(3, 4) * HOUR;
  const totalBytes = rng.float(2.6, 3.4) * 1024 * GIB;
  let done = rng.float(0.35, 0.45) * totalBytes;
  let transfers = rng.int(900, 1400);
  const fullRate = rng.float(104, 116) * MIB;
  const capRate = 10 * MIB;
  const dirs = ["pg/orders", "pg/billing", "pg/users", "files/media", "files/exports", "mysql/wiki"];
  let nextFileAt = start + rng.int(1, 20) * SECOND;
  for (let t = start + rng.int(5, 55) * SECOND; t < end; t += 60_000 + rng.int(-5, 5)) {
    const rate = limited(t) ? capRate * rng.float(0.985, 1.0) : fullRate * rng.float(0.93, 1.05);
    // the files finished in this minute: parts of about 2 GiB
    while (nextFileAt < t) {
      const size = Math.round(rng.float(1.6, 2.0) * GIB);
      const dir = rng.pick(dirs);
      const day = new Date(start).toISOString().slice(0, 10);
      tl.add(
        nextFileAt,
        rcloneJson(nextFileAt, "info", "Copied (new)", "operations/copy.go:368", {
          service: "offsite-sync",
          object: `${dir}/${day}/base.tar.zst.part-${String(rng.int(1, 999)).padStart(4, "0")}`,
          objectType: "*s3.Object",
          size,
        }),
      );
      transfers++;
      nextFileAt += Math.round((size / (limited(nextFileAt) ? capRate : fullRate)) * 1000 * rng.float(0.95, 1.08));
    }
    done = Math.min(totalBytes, done + rate * 60);
    const pct = Math.floor((done / totalBytes) * 100);
    const msg = `${binarySize(done, 3).padStart(12)} / ${binarySize(totalBytes, 3)}, ${pct}%, ${binarySize(rate, 3)}/s, ETA ${eta((totalBytes - done) / rate)}`;
    tl.add(
      t,
      rcloneJson(t, "info", msg, "accounting/stats.go:482", {
        service: "offsite-sync",
        stats: {
          bytes: Math.round(done),
          checks: rng.int(0, 3),
          deletes: 0,
          elapsedTime: (t - syncStart) / 1000,
          errors: 0,
          eta: Math.round((totalBytes - done) / rate),
          fatalError: false,
          renames: 0,
          retryError: false,
          speed: Number(rate.toFixed(3)),
          totalBytes: Math.round(totalBytes),
          totalChecks: rng.int(3000, 3100),
          totalTransfers: transfers + rng.int(300, 600),
          transferTime: (t - syncStart) / 1000 - rng.float(3, 9),
          transfers,
        },
      }),
    );
  }
  tl.add(
    limitAt,
    rcloneJson(limitAt, "notice", `Scheduled bandwidth change. Limit set to ${rcloneSuffix(capRate)}`, "accounting/token_bucket.go:218", {
      service: "offsite-sync",
    }),
  );
  // smartd and the kernel on the backup host: quiet and healthy
  for (const t of ticks(rng, start, end, 30 * MINUTE, 2 * MINUTE)) {
    tl.add(
      t,
      rsyslog(
        t,
        backupHost,
        "daemon",
        "info",
        "smartd",
        912,
        `Device: /dev/sd${rng.pick(["a", "b", "c", "d"])} [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${rng.int(33, 36)} to ${rng.int(33, 36)}`,
      ),
    );
  }
  // the database hosts push their nightly dumps over ssh
  for (const t of ticks(rng, start, end, 25 * MINUTE, 10 * MINUTE)) {
    const pid = rng.int(100000, 400000);
    const from = rng.privateIp("10.46");
    tl.add(
      t,
      rsyslog(
        t,
        backupHost,
        "authpriv",
        "info",
        "sshd",
        pid,
        `Accepted publickey for backup from ${from} port ${rng.int(32000, 60999)} ssh2: ED25519 SHA256:${rng.alnum(43)}`,
      ),
    );
    tl.add(t + 40, rsyslog(t + 40, backupHost, "authpriv", "info", "sshd", pid, "pam_unix(sshd:session): session opened for user backup(uid=998) by (uid=0)"));
    const closed = t + rng.int(20, 300) * SECOND;
    tl.add(closed, rsyslog(closed, backupHost, "authpriv", "info", "sshd", pid, "pam_unix(sshd:session): session closed for user backup"));
  }

  // ── inventory-api: requests, and the supplier stock syncs ───────────────────────────────────
  const apiPods = replicaPods(rng, "inventory-api", 2);
  const business = (t: number): number => 0.35 + 0.65 * Math.min(1, Math.max(0, (t - (limitAt - 90 * MINUTE)) / (3 * HOUR)));
  for (const s of arrivals(rng, start, end, 4.4, (t) => business(t) * shape(t), 1.3)) {
    const pod = rng.pick(apiPods);
    const sku = rng.int(100000, 999999);
    const [method, uri, status] = rng.weighted([
      [["GET", `/api/v1/stock/${sku}`, 200] as const, 60],
      [["GET", "/api/v1/stock", 200] as const, 15],
      [["POST", "/api/v1/reservations", 201] as const, 20],
      [["GET", `/api/v1/stock/${sku}`, 404] as const, 5],
    ]);
    const took = rng.logNormal(method === "POST" ? 38 : 14, 0.45);
    const d = s + Math.round(took);
    tl.add(d, {
      ...logstashAccess(d, { remoteHost: rng.privateIp("10.46"), method, uri, status, contentLength: rng.int(120, 4000), elapsedMs: took }),
      service: "inventory-api",
      HOSTNAME: pod,
    });
  }

  const suppliers = ["nordic-wholesale", "alpine-supply", "baltic-trade", "iberia-distrib", "danube-parts"];
  const expiredAt = tl.at(rng.float(0.22, 0.28));
  const renewedAt = expiredAt + rng.int(70, 95) * MINUTE;
  const expired = (t: number): boolean => t >= expiredAt && t < renewedAt;
  const certSerial = rng.hex(32).toUpperCase();
  const sslFrames = [
    "java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
    "java.base/sun.security.ssl.Alert.createSSLException(Alert.java:117)",
    "java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:365)",
    "java.base/sun.security.ssl.Alert$AlertConsumer.consume(Alert.java:287)",
    "java.base/sun.security.ssl.TransportContext.dispatch(TransportContext.java:204)",
    "java.net.http/jdk.internal.net.http.common.SSLFlowDelegate.doHandshake(SSLFlowDelegate.java:1135)",
    "com.shop.inventory.supplier.SupplierClient.fetchStock(SupplierClient.java:96)",
    "com.shop.inventory.supplier.StockSyncJob.sync(StockSyncJob.java:58)",
  ];
  for (const [i, supplier] of suppliers.entries()) {
    for (const t of ticks(rng, start, end, 2 * MINUTE, 10 * SECOND)) {
      const pod = apiPods[i % 2]!;
      const thread = `stock-sync-${i + 1}`;
      const logger = "com.shop.inventory.supplier.StockSyncJob";
      if (supplier === "nordic-wholesale" && expired(t)) {
        const trace = javaTrace("javax.net.ssl.SSLHandshakeException", "Received fatal alert: certificate_expired", sslFrames);
        for (let attempt = 1; attempt <= 3; attempt++) {
          // backoff 2 s, then 4 s
          const at = t + (2 ** attempt - 2) * SECOND + rng.int(30, 90);
          tl.add(
            at,
            logstash(
              at,
              "WARN",
              "com.shop.inventory.supplier.SupplierClient",
              thread,
              `stock request to ${supplier} failed (attempt ${attempt}/3): Received fatal alert: certificate_expired`,
              {
                service: "inventory-api",
                HOSTNAME: pod,
                supplier,
                url: "https://edi.nordic-wholesale.example/api/v3/stock",
              },
            ),
            "error",
          );
        }
        const gaveUp = t + 6 * SECOND + rng.int(200, 500);
        tl.add(
          gaveUp,
          logstash(
            gaveUp,
            "ERROR",
            logger,
            thread,
            `stock sync for ${supplier} failed after 3 attempts`,
            { service: "inventory-api", HOSTNAME: pod, supplier },
            trace,
          ),
          "error",
        );
        continue;
      }
      const skus = rng.int(800, 4200);
      const took = rng.logNormal(supplier === "iberia-distrib" ? 2400 : 900, 0.3);
      tl.add(
        t + Math.round(took),
        logstash(t + Math.round(took), "INFO", logger, thread, `stock sync for ${supplier} finished: ${skus} SKUs, ${rng.int(0, 60)} changed`, {
          service: "inventory-api",
          HOSTNAME: pod,
          supplier,
          duration_ms: Math.round(took),
        }),
      );
    }
  }
  // the renewal, by hand: cert-manager issues the certificate again and the pods reload it
  const certObj = { kind: "Certificate", name: "inventory-api-nordic-wholesale-client", namespace: "inventory" };
  const renewal = renewedAt - rng.int(40, 90) * SECOND;
  tl.add(
    renewal,
    kubeEvent(
      renewal,
      "Normal",
      "Issuing",
      "Issuing certificate as Secret was previously issued by Issuer.cert-manager.io/supplier-ca",
      certObj,
      { component: "cert-manager-certificates-trigger" },
      rng.uuid(),
    ),
  );
  tl.add(
    renewal + 6 * SECOND,
    kubeEvent(
      renewal + 6 * SECOND,
      "Normal",
      "Issuing",
      "The certificate has been successfully issued",
      certObj,
      { component: "cert-manager-certificates-issuing" },
      rng.uuid(),
    ),
  );
  for (const pod of apiPods) {
    const at = renewedAt - rng.int(5, 20) * SECOND;
    tl.add(
      at,
      logstash(
        at,
        "INFO",
        "com.shop.inventory.tls.KeyStoreReloader",
        "keystore-watcher",
        `reloaded client key store /etc/supplier-tls/nordic-wholesale.p12 (serial ${certSerial.slice(0, 16)})`,
        {
          service: "inventory-api",
          HOSTNAME: pod,
        },
      ),
    );
  }

  hourlyCron(rng, tl, [backupHost, nodeName(rng, "10.46")]);
  return tl.build(
    NAME,
    "rclone's off-site sync of the night's backups falls from about 110 MiB/s to 10 MiB/s when its bandwidth timetable caps it at 08:00 Berlin time, as configured; a quarter in, inventory-api's client certificate for one supplier expires and every stock sync with it fails its TLS handshake until the certificate is renewed",
  );
}
