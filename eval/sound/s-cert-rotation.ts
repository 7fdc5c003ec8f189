/**
 * cert-rotation-tls-failure: cert-manager renews ledger-sync's client certificate on schedule,
 * but the ClusterIssuer now signs with the new intermediate that ledger-db does not trust; from
 * the reload on, every sync cycle of ledger-sync fails the TLS handshake (`remote error: tls:
 * bad certificate`), 20-40 times to the end, and ledger-db rejects each connection. The
 * look-alike: payments-api turns on its rate limiter's shadow mode by a named flag change and
 * warns for every client it would have throttled, steadily to the end. ledger-db's host kernel
 * logs a full directory index and a slow interrupt, lines it never writes.
 */
import { edgeLine } from "./common.js";
import { kubeEvent, logback, logrusK8s, pino, rsyslog, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "cert-rotation-tls-failure";

export function certRotationTlsFailure(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-16", 6);
  const end = start + 5 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);

  // ── cert-manager: periodic checks; the renewal of ledger-sync-client ──────────────────────
  const cm = { pod: rng.pod("cert-manager"), namespace: "cert-manager", container: "cert-manager-controller", app: "cert-manager", host: "ip-10-20-4-17" };
  const certs = [
    "finance/ledger-sync-client",
    "finance/ledger-db-server",
    "payments/payments-api-tls",
    "shop/edge-tls",
    "finance/journal-api-tls",
    "monitoring/grafana-tls",
  ];
  for (const t of ticks(rng, start, end, 15 * MINUTE, MINUTE)) {
    let u = t;
    for (const c of certs) {
      u += rng.int(5, 80);
      tl.add(
        u,
        logrusK8s(
          u,
          "info",
          "certificate does not need re-issuance",
          { logger: "cert-manager.certificates-trigger", key: c, resource_kind: "Certificate" },
          cm,
        ),
      );
    }
  }
  const rotAt = tl.at(rng.float(0.25, 0.42));
  const certRef = { kind: "Certificate", name: "ledger-sync-client", namespace: "finance" };
  const rev = rng.int(11, 40);
  const cmSrc = { component: "cert-manager-certificates-issuing" };
  const renewAt = new Date(rotAt - rng.int(1, 20) * SECOND).toISOString().replace(/\.\d{3}Z$/, "Z");
  tl.add(
    rotAt,
    kubeEvent(
      rotAt,
      "Normal",
      "Issuing",
      `Renewing certificate as renewal was scheduled at ${renewAt}`,
      certRef,
      { component: "cert-manager-certificates-trigger" },
      rng.uuid(),
    ),
  );
  tl.add(
    rotAt + 150,
    kubeEvent(
      rotAt + 150,
      "Normal",
      "Reused",
      'Reusing private key stored in existing Secret resource "ledger-sync-client-tls"',
      certRef,
      { component: "cert-manager-certificates-key-manager" },
      rng.uuid(),
    ),
  );
  tl.add(
    rotAt + 400,
    kubeEvent(
      rotAt + 400,
      "Normal",
      "Requested",
      `Created new CertificateRequest resource "ledger-sync-client-${rev}"`,
      certRef,
      { component: "cert-manager-certificates-request-manager" },
      rng.uuid(),
    ),
  );
  const issued = rotAt + rng.int(2, 5) * SECOND;
  tl.add(issued, kubeEvent(issued, "Normal", "Issuing", "The certificate has been successfully issued", certRef, cmSrc, rng.uuid()));

  // ── ledger-sync (Go): a sync cycle every few minutes; after the reload, every handshake fails ──
  const ls = { service: "ledger-sync", pod: rng.pod("ledger-sync") };
  const reloadAt = issued + rng.int(20, 70) * SECOND;
  const serial = () => Array.from({ length: 8 }, () => rng.hex(2)).join(":");
  tl.add(
    reloadAt,
    zap(reloadAt, "info", "ledger-sync", "tlsutil/watch.go:64", "client certificate reloaded", {
      ...ls,
      path: "/etc/ledger-sync/tls/tls.crt",
      serial: serial(),
      issuer: "CN=Acme Internal Issuing CA G2",
      not_after: new Date(issued + 30 * DAY).toISOString(),
    }),
  );
  const period = rng.int(6, 8) * MINUTE;
  const db = "ledger-db-0";
  let cycle = rng.int(20000, 30000);
  for (const t of ticks(rng, start, end, period, 10 * SECOND)) {
    cycle += 1;
    tl.add(t, zap(t, "info", "ledger-sync", "sync/cycle.go:41", "sync cycle started", { ...ls, cycle }));
    if (t < reloadAt) {
      const c = t + rng.int(8, 30);
      tl.add(
        c,
        rsyslog(
          c,
          db,
          "local0",
          "info",
          "postgres",
          rng.int(10000, 60000),
          `[${rng.int(1, 9)}-1] LOG:  connection authorized: user=ledger_sync database=ledger SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
        ),
      );
      const took = rng.logNormal(2400, 0.3);
      const d = t + Math.round(took);
      tl.add(
        d,
        zap(d, "info", "ledger-sync", "sync/cycle.go:97", "sync cycle finished", {
          ...ls,
          cycle,
          entries: rng.int(40, 900),
          latency: Number((took / 1000).toFixed(6)),
        }),
      );
    } else {
      for (const attempt of [1, 2]) {
        const a = t + (attempt - 1) * 30 * SECOND + rng.int(10, 40);
        tl.add(
          a,
          rsyslog(a, db, "local0", "info", "postgres", rng.int(10000, 60000), "[1-1] LOG:  could not accept SSL connection: certificate verify failed"),
          "error",
        );
        if (attempt === 1) {
          tl.add(
            a + 5,
            zap(a + 5, "warn", "ledger-sync", "db/conn.go:77", "connect to ledger-db failed, retrying in 30s", {
              ...ls,
              cycle,
              attempt: "1/2",
              error: "remote error: tls: bad certificate",
            }),
            "error",
          );
        } else {
          tl.add(
            a + 5,
            zap(a + 5, "error", "ledger-sync", "sync/cycle.go:58", "sync cycle failed", {
              ...ls,
              cycle,
              error: "failed to connect to `host=ledger-db.finance.svc user=ledger_sync database=ledger`: tls error (remote error: tls: bad certificate)",
            }),
            "error",
          );
        }
      }
    }
  }

  // ── ledger-db (PostgreSQL via rsyslog): checkpoints, other clients; its host's kernel ──────
  for (const t of ticks(rng, start, end, 5 * MINUTE, 2 * SECOND)) {
    tl.add(t, rsyslog(t, db, "local0", "info", "postgres", 61, "[1-1] LOG:  checkpoint starting: time"));
    const w = rng.int(200, 4000);
    const took = rng.float(20, 60);
    const d = t + Math.round(took * 1000);
    tl.add(
      d,
      rsyslog(
        d,
        db,
        "local0",
        "info",
        "postgres",
        61,
        `[2-1] LOG:  checkpoint complete: wrote ${w} buffers (${((w / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${took.toFixed(3)} s, sync=${rng.float(0.001, 0.05).toFixed(3)} s, total=${(took + 0.1).toFixed(3)} s`,
      ),
    );
  }
  for (const t of arrivals(rng, start, end, 0.5)) {
    tl.add(
      t,
      rsyslog(
        t,
        db,
        "local0",
        "info",
        "postgres",
        rng.int(10000, 60000),
        `[${rng.int(1, 9)}-1] LOG:  connection authorized: user=${rng.pick(["journal_api", "reporting", "grafana_ro"])} database=ledger SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
      ),
    );
  }
  const oddAt = tl.at(rng.float(0.1, 0.9));
  tl.add(
    oddAt,
    rsyslog(
      oddAt,
      db,
      "kern",
      "warning",
      "kernel",
      undefined,
      `EXT4-fs warning (device nvme1n1): ext4_dx_add_entry:2516: inode #${rng.int(200000, 300000)}: comm postgres: Directory index full!`,
    ),
    "pattern",
  );
  const hrAt = tl.at(rng.float(0.1, 0.9));
  tl.add(hrAt, rsyslog(hrAt, db, "kern", "warning", "kernel", undefined, `hrtimer: interrupt took ${rng.int(1500000, 4000000)} ns`), "pattern");
  for (const t of arrivals(rng, start, end, 0.05)) {
    tl.add(
      t,
      rsyslog(
        t,
        db,
        "authpriv",
        "info",
        "sshd",
        rng.int(2000, 9000),
        `Accepted publickey for ops from 10.20.0.${rng.int(2, 250)} port ${rng.int(40000, 60000)} ssh2: ED25519 SHA256:${rng.alnum(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
      ),
    );
  }

  // ── journal-api (Node): posts journal entries all window ───────────────────────────────────
  const jr = [0, 1].map(() => ({ name: "journal-api", hostname: rng.pod("journal-api"), pid: 1 }));
  for (const t of arrivals(rng, start, end, 2, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const took = rng.logNormal(35, 0.4);
    const d = t + Math.round(took);
    tl.add(d, pino(d, rng.pick(jr), "info", "journal entry posted", { entryId: `je_${rng.alnum(12)}`, lines: rng.int(2, 12), durationMs: Math.round(took) }));
  }

  // ── payments-api (Java): the rate limiter's shadow mode is switched on by a named change ───
  const pay = { app: "payments-api", host: rng.pod("payments-api") };
  const shadowAt = tl.at(rng.float(0.22, 0.48));
  const who = rng.pick(["r.singh", "e.kowalski", "d.obi"]);
  tl.add(
    shadowAt,
    logback(
      shadowAt,
      pay,
      "INFO",
      "com.acme.payments.flags.FlagListener",
      "flag-listener",
      `Feature flag rate-limit-shadow changed false -> true (by ${who} via flag-admin)`,
    ),
  );
  const payUp = `10.20.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`;
  const clients = ["merchant-7731", "merchant-1204", "pos-fleet-eu", "subscriptions", "merchant-5590", "marketplace-payouts"];
  for (const t of arrivals(rng, start, end, 2.2, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const took = Math.round(rng.logNormal(160, 0.35));
    const client = rng.pick(clients);
    const thread = `http-nio-8080-exec-${rng.int(1, 30)}`;
    if (t >= shadowAt && rng.chance(0.2)) {
      tl.add(
        t + 2,
        logback(
          t + 2,
          pay,
          "WARN",
          "com.acme.payments.ratelimit.ShadowLimiter",
          thread,
          `Rate limit shadow mode: client ${client} would have been throttled (${rng.int(610, 900)} req/min > 600)`,
          {
            client,
          },
        ),
      );
    }
    tl.add(
      t + took,
      logback(t + took, pay, "INFO", "com.acme.payments.api.ChargeController", thread, `Charge ${`ch_${rng.alnum(14)}`} captured for ${client}`, {
        duration_ms: took,
      }),
    );
    const [e, entry] = edgeLine(rng, t - 2, "api-edge", "POST", "/v1/charges", 201, took + 3, payUp);
    tl.add(e, entry);
  }

  // ── api-edge (nginx): other API traffic ─────────────────────────────────────────────────────
  const routes = [
    ["GET /v1/charges/<id>", 40],
    ["GET /v1/balance", 20],
    ["GET /v1/journal/<id>", 25],
    ["POST /v1/refunds", 5],
  ] as const;
  const up = `10.20.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`;
  for (const s of arrivals(rng, start, end, 3.2, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", `${rng.alnum(14)}`);
    const status = rng.chance(0.03) ? 404 : method === "POST" ? 201 : 200;
    const [e, entry] = edgeLine(rng, s, "api-edge", method, uri, status, rng.logNormal(55, 0.45), up);
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "a renewed client certificate from a new intermediate is rejected by ledger-db and every ledger-sync cycle fails the TLS handshake to the end; payments-api warns in rate-limit shadow mode after a named flag change",
  );
}
