// The on-prem DNS servers behind the Route 53 Resolver rule for corp.acme.internal go down. CoreDNS forwards time
// out and answer SERVFAIL, so everything that talks to corp hosts fails: the checkout's fraud check (slow fallback),
// the notification worker's SMTP relay (retries), the legacy MySQL's reverse lookups and a legacy Docker host.

import { Build, fluentBit, type Label, mkPod } from "./build.js";
import type { WildScenario } from "./types.js";

export function s04DnsOutage(seed: number): WildScenario {
  const b = new Build(seed, "s04-dns-outage");
  const { rng, f } = b;
  const start = b.start([2, 3, 7, 8, 9, 10, 21, 23]);
  const dur = rng.int(36, 55) * 60000;
  const end = start + dur;
  const tDown = start + Math.round(dur * rng.float(0.35, 0.5));
  const tUp = tDown + rng.int(7, 12) * 60000;
  const out = (t: number): boolean => t >= tDown && t < tUp;

  const kubeDns = "172.20.0.10";
  const vpcDns = "10.0.0.2";
  const coredns = [0, 1].map(() =>
    mkPod(
      rng,
      "kube-system",
      "coredns",
      `ip-10-0-${rng.int(1, 40)}-${rng.int(10, 250)}.eu-central-1.compute.internal`,
      "602401143452.dkr.ecr.eu-central-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2",
    ),
  );
  const clients = {
    checkout: `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`,
    notif: `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`,
    web: `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`,
    search: `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`,
    auth: `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`,
  };
  const corpNames: [string, string][] = [
    ["fraud.corp.acme.internal", clients.checkout],
    ["smtp.corp.acme.internal", clients.notif],
    ["ldap.corp.acme.internal", clients.auth],
    ["mysql-legacy.corp.acme.internal", clients.web],
  ];

  // ---------------------------------------------------------------- CoreDNS (log { class denial error }, errors), raw CRI-O lines
  const dns = (t: number, line: string, l: Label = null): void => b.add(t, f.crio(t, "stdout", line), l);
  const qid = (): number => rng.int(1, 65535);
  b.flow(start, end, 0.3, (t) => {
    // ndots:5 search-path expansion of external names: NXDOMAIN answers are normal
    const [name, ns, ip] = rng.pick([
      ["api.stripe.com", "shop", clients.checkout],
      ["sqs.eu-central-1.amazonaws.com", "shop", clients.notif],
      ["www.googleapis.com", "web", clients.web],
      ["o123456.ingest.sentry.io", "search", clients.search],
      ["api.sendgrid.com", "shop", clients.notif],
    ] as const);
    const suffix = rng.pick([`${ns}.svc.cluster.local.`, "svc.cluster.local.", "cluster.local.", "eu-central-1.compute.internal."]);
    const type = rng.pick(["A", "AAAA"]);
    const full = `${name}.${suffix}`;
    dns(
      t,
      `[INFO] ${ip}:${rng.int(32768, 60999)} - ${qid()} "${type} IN ${full} udp ${full.length + 16} false 512" NXDOMAIN qr,aa,rd ${full.length + 110} 0.000${rng.int(60, 250)}s`,
    );
  });
  b.every(start + rng.int(0, 30000), end, 30000, 200, (t) => {
    for (let k = 0; k < coredns.length; k++) if (rng.chance(0.5)) dns(t + rng.int(0, 900), "[WARNING] No files matching import glob pattern: custom/*.server");
  });
  // the outage: forwards to the VPC resolver time out for corp names, clients get SERVFAIL
  b.flow(tDown, tUp, 0.18, (t) => {
    const [name, ip] = rng.pick(corpNames);
    const type = rng.chance(0.7) ? "A" : "AAAA";
    dns(t, `[ERROR] plugin/errors: 2 ${name}. ${type}: read udp ${rng.pick(coredns).ip}:${rng.int(32768, 60999)}->${vpcDns}:53: i/o timeout`, "error");
    if (rng.chance(0.45))
      dns(
        t + rng.int(1, 30),
        `[INFO] ${ip}:${rng.int(32768, 60999)} - ${qid()} "${type} IN ${name}. udp ${name.length + 18} false 512" SERVFAIL qr,rd ${name.length + 18} ${rng.float(2.0, 2.1).toFixed(6)}s`,
        "error",
      );
  });
  b.flow(tDown + 60000, tUp, 1 / 45, (t) =>
    dns(
      t,
      `[WARNING] plugin/health: Local health request to "http://:8080/health" took more than 1s: ${rng.float(1.01, 1.9).toFixed(9).replace(/0+$/, "")}s`,
      "performance",
    ),
  );

  // ---------------------------------------------------------------- checkout (Go, standard log to stderr), raw containerd CRI lines
  const go = (t: number, msg: string, l: Label = null): void => b.add(t, f.cri(t, "stderr", `${f.slash(t)} ${msg}`), l);
  b.flow(start, end, 0.45, (t) => {
    const r = rng.weighted([
      ["POST /v1/checkout", 4],
      ["GET /v1/checkout/session", 3],
      ["GET /v1/shipping/options", 2],
      ["POST /v1/checkout/address", 1],
      ["GET /healthz", 2],
    ] as const);
    if (r === "POST /v1/checkout") {
      if (out(t)) {
        const lookup = `dial tcp: lookup fraud.corp.acme.internal on ${kubeDns}:53: read udp ${clients.checkout}:${rng.int(32768, 60999)}->${kubeDns}:53: i/o timeout`;
        go(t + 5003, `fraud check unavailable, continuing with rules-only scoring: Post "https://fraud.corp.acme.internal/v2/score": ${lookup}`, "error");
        const d = 5000 + Math.round(rng.logn(160, 0.4));
        go(t + d, `POST /v1/checkout 200 ${d}ms`, "performance");
        return;
      }
      const d = Math.round(rng.logn(170, 0.35));
      go(t + d, `POST /v1/checkout ${rng.chance(0.03) ? 402 : 200} ${d}ms`);
      return;
    }
    if (r === "GET /healthz") {
      go(t, `${r} 200 ${rng.int(90, 900)}µs`);
      return;
    }
    const d = Math.round(rng.logn(22, 0.5));
    go(t + d, `${r} 200 ${d}ms`);
  });
  b.flow(start, end, 1 / 240, (t) => go(t, `http: TLS handshake error from 10.0.${rng.int(1, 40)}.${rng.int(2, 250)}:${rng.int(1024, 65000)}: EOF`));

  // ---------------------------------------------------------------- notification-worker (Python logging) via Fluent Bit
  const np = mkPod(
    rng,
    "shop",
    "notification-worker",
    `ip-10-0-${rng.int(1, 40)}-${rng.int(10, 250)}.eu-central-1.compute.internal`,
    "123456789012.dkr.ecr.eu-central-1.amazonaws.com/notification-worker:3.4.0",
  );
  const py = (t: number, name: string, level: string, msg: string, l: Label = null, stream: "stdout" | "stderr" = "stderr"): void =>
    b.add(t + rng.int(0, 2), fluentBit(b, t, np, stream, f.py(t, name, level, msg)), l);
  let nid = rng.int(8000000, 9000000);
  b.flow(start, end, 0.12, (t) => {
    const ch = rng.weighted([
      ["email", 6],
      ["sms", 2],
      ["push", 3],
    ] as const);
    const id = nid++;
    if (ch === "email" && out(t)) {
      py(
        t,
        "notifier.smtp",
        "WARNING",
        `SMTP connect to smtp.corp.acme.internal:587 failed for notification ${id}: [Errno -3] Temporary failure in name resolution; retrying in 30s (attempt ${rng.int(1, 4)}/5)`,
        "pattern",
      );
      if (rng.chance(0.35))
        py(
          t + 2,
          "notifier.worker",
          "ERROR",
          `Giving up on notification ${id} after 5 attempts\nTraceback (most recent call last):\n  File "/app/notifier/smtp.py", line 58, in send\n    with smtplib.SMTP(self.host, self.port, timeout=10) as s:\n  File "/usr/local/lib/python3.12/smtplib.py", line 255, in __init__\n    (code, msg) = self.connect(host, port)\n  File "/usr/local/lib/python3.12/socket.py", line 963, in getaddrinfo\n    for res in _socket.getaddrinfo(host, port, family, type, proto, flags):\nsocket.gaierror: [Errno -3] Temporary failure in name resolution`,
          "error",
        );
      return;
    }
    const ms = ch === "email" ? rng.logn(240, 0.4) : rng.logn(120, 0.5);
    py(
      t,
      "notifier.worker",
      "INFO",
      `Delivered notification ${id} channel=${ch} template=${rng.pick(["order_confirmation", "shipping_update", "password_reset", "back_in_stock"])} in ${Math.round(ms)}ms`,
      null,
    );
  });
  b.flow(tDown + 20000, tUp, 1 / 25, (t) =>
    py(
      t,
      "urllib3.connectionpool",
      "WARNING",
      `Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NameResolutionError("<urllib3.connection.HTTPSConnection object at 0x7f${rng.hex(9)}>: Failed to resolve 'hooks.corp.acme.internal' ([Errno -3] Temporary failure in name resolution)")': /services/T0${rng.alnum(8).toUpperCase()}`,
      "pattern",
    ),
  );
  b.flow(tUp, Math.min(end, tUp + 180000), 0.25, (t) =>
    py(
      t,
      "notifier.worker",
      "INFO",
      `Delivered notification ${nid++} channel=email template=order_confirmation in ${Math.round(rng.logn(260, 0.4))}ms (retried)`,
      null,
    ),
  );
  b.every(start + rng.int(0, 60000), end, 60000, 1000, (t) =>
    py(
      t,
      "notifier.queue",
      "INFO",
      `queue depth email=${out(t) ? rng.int(200, 900) : rng.int(0, 12)} sms=${rng.int(0, 4)} push=${rng.int(0, 9)}`,
      out(t) ? "performance" : null,
      "stdout",
    ),
  );

  // ---------------------------------------------------------------- legacy MySQL 8 error log (plain text) on a VM
  const my = (t: number, prio: "System" | "Warning" | "ERROR" | "Note", code: string, msg: string, l: Label = null): void =>
    b.add(t, f.mysql(t, rng.int(1000, 99999), prio, code, "Server", msg), l);
  b.flow(start, end, 1 / 200, (t) =>
    my(
      t,
      "Note",
      "MY-010914",
      `Aborted connection ${rng.int(100000, 999999)} to db: 'legacy' user: 'invoice' host: '10.0.${rng.int(5, 6)}.${rng.int(10, 99)}' (Got timeout reading communication packets).`,
    ),
  );
  b.flow(tDown + 5000, tUp, 1 / 14, (t) =>
    my(t, "Warning", "MY-010055", `IP address '10.0.${rng.int(5, 6)}.${rng.int(10, 99)}' could not be resolved: Temporary failure in name resolution`, "error"),
  );

  // ---------------------------------------------------------------- invoice-pdf on a legacy Docker host, GELF
  const gc = {
    name: "invoice-pdf",
    id: rng.hex(64),
    image: "registry.acme.io/billing/invoice-pdf:1.22.0",
    imageId: `sha256:${rng.hex(64)}`,
    command: "node dist/server.js",
    created: f.nano(start - rng.int(2, 20) * 86400000),
  };
  const gelf = (t: number, stream: "stdout" | "stderr", msg: string, l: Label = null): void => b.add(t, f.gelfDocker(t, "legacy-app-2", gc, stream, msg), l);
  let inv = rng.int(4000, 9000);
  b.flow(start, end, 0.1, (t) => {
    if (out(t) && rng.chance(0.8)) {
      gelf(
        t,
        "stderr",
        `[invoice-pdf] Error: getaddrinfo EAI_AGAIN mysql-legacy.corp.acme.internal\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:109:26) {\n  errno: -3001,\n  code: 'EAI_AGAIN',\n  syscall: 'getaddrinfo',\n  hostname: 'mysql-legacy.corp.acme.internal',\n  fatal: true\n}`,
        "error",
      );
      gelf(t + rng.int(1, 5), "stdout", `[invoice-pdf] mysql pool: reconnecting in 2000ms (attempt ${rng.int(2, 9)})`, "pattern");
      return;
    }
    gelf(
      t,
      "stdout",
      `[invoice-pdf] rendered invoice INV-2026-${String(inv++).padStart(6, "0")} (${rng.int(1, 4)} pages) in ${Math.round(rng.logn(700, 0.3))}ms`,
    );
  });
  b.flow(start, end, 1 / 150, (t) => gelf(t, "stdout", `[invoice-pdf] GET /healthz 200 - ${rng.int(1, 3)}ms`));

  return b.finish(
    "s04-dns-outage",
    "On-prem DNS behind the corp.acme.internal resolver rule goes down: CoreDNS forward timeouts and SERVFAIL, slow checkout fallbacks, SMTP retries in the notification worker, MySQL reverse-lookup failures, EAI_AGAIN on a legacy Docker host.",
  );
}
