// c03 (a certificate, a service token and a licence at the end of their lives) and c04 (flags,
// role grants and DNS records changed by people nobody expects, at night).
import {
  BROWSERS,
  ecs,
  HOUR,
  k8s,
  logback,
  MIN,
  nginx,
  periodic,
  podName,
  poisson,
  Rng,
  SEC,
  scatter,
  slog,
  syslogJson,
  Timeline,
  windowStart,
  zap,
} from "./lib.js";
import type { Scenario } from "./types.js";

export function c03(seed: number): Scenario {
  const name = "c03-tls-token-licence-expiry";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 6);
  const t1 = t0 + 4 * HOUR;
  const DAY = 24 * HOUR;
  const hosts = [
    "api.example.com",
    "auth.example.com",
    "cdn.example.com",
    "pay.example.com",
    "partner-sftp.example.com",
    "grafana.internal.example.com",
    "vault.internal.example.com",
    "kafka-0.internal.example.com",
    "kafka-1.internal.example.com",
    "ldap.internal.example.com",
    "mail.example.com",
    "status.example.com",
  ];
  const days = new Map(hosts.map((h) => [h, h.includes("internal") ? r.int(120, 340) : r.int(22, 88)]));
  const cert = (t: number, host: string, d: number, odd: boolean) =>
    tl.add(
      slog(t, "INFO", "certificate checked", {
        service: "cert-monitor",
        host,
        port: 443,
        issuer: host.includes("internal") ? "CN=Example Internal CA G2" : "CN=R11,O=Let's Encrypt,C=US",
        not_after: `${new Date(t + d * DAY + r.int(0, DAY)).toISOString().slice(0, 19)}Z`,
        days_remaining: d,
        serial: r.hex(32),
      }),
      odd ? "pattern" : null,
    );
  periodic(r, t0, t1, 5 * MIN, 3 * SEC, (t) => {
    for (const [i, h] of hosts.entries()) cert(t + i * 140, h, days.get(h)!, false);
  });
  const doomed = r.pick(["legacy-edi.example.com", "b2b-gateway.example.com"]);
  scatter(r, t0, t1, r.int(6, 12), r.chance(0.5), (t) => cert(t, doomed, r.pick([0, 1]), true));
  const pods = [podName(r, "token-svc"), podName(r, "token-svc")];
  const audiences = ["orders-api", "inventory-api", "billing-api", "search-api", "notify-api"];
  const token = (t: number, ttl: number, odd: boolean) =>
    tl.add(
      k8s(t, "token-svc", r.pick(pods), "identity", "INFO", `issued service token sub=svc:${r.pick(audiences)} aud=${r.pick(audiences)} ttl=${ttl}s`, r, {
        ttl_seconds: ttl,
        kid: `k-2025-${r.pick(["09", "10"])}`,
      }),
      odd ? "pattern" : null,
    );
  poisson(r, t0, t1, 6 * SEC, (t) => token(t, r.pick([900, 3600, 3600, 3600]), false));
  scatter(r, t0, t1, r.int(5, 14), false, (t) => token(t, r.pick([0, 1, 315360000]), true));
  let seats = r.int(160, 200);
  periodic(r, t0, t1, 2 * MIN, 5 * SEC, (t) => {
    seats = Math.max(120, Math.min(240, seats + r.int(-2, 2)));
    tl.add(
      syslogJson(
        t,
        "lic-01",
        "flexlm-agent",
        2214,
        "info",
        "daemon",
        `license heartbeat ok: feature=cad-suite seats ${seats}/250, expires in ${r.int(205, 215)} days`,
      ),
    );
  });
  scatter(r, t0, t1, r.int(5, 8), false, (t) =>
    tl.add(
      syslogJson(
        t,
        "lic-02",
        "flexlm-agent",
        3188,
        "info",
        "daemon",
        `license heartbeat ok: feature=sim-solver seats 250/250, expires in ${r.pick([0, 1])} days`,
      ),
      "pattern",
    ),
  );
  poisson(r, t0, t1, 12 * SEC, (t) =>
    tl.add(
      nginx(
        t,
        r,
        "api.example.com",
        r.pick(["GET", "GET", "POST"]),
        `/v2/${r.pick(["orders", "stock", "invoices"])}/${r.int(1e4, 9e4)}`,
        r.chance(0.97) ? 200 : 404,
        r.logn(0.05, 0.5),
        r.pick(BROWSERS),
      ),
    ),
  );
  return tl.build(
    name,
    "Routine certificate checks (weeks to months left), service tokens (900/3600 s) and licence heartbeats (~210 days), among them one host's cert at 0-1 days, tokens with ttl 0/1 s or ten years, and a licence expiring in 0-1 days, all at INFO.",
  );
}

export function c04(seed: number): Scenario {
  const name = "c04-night-changes-by-strangers";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 0);
  const t1 = t0 + 5 * HOUR;
  const flags = [
    "checkout.new-tax-engine",
    "search.semantic-rerank",
    "cart.save-for-later",
    "pdp.video-gallery",
    "payments.3ds2-frictionless",
    "orders.split-shipments",
  ];
  const flag = (t: number, odd: boolean) => {
    const key = r.pick(flags);
    const from = r.pick([0, 5, 10, 25, 50]);
    const extra = odd
      ? { "user.name": r.pick(["a.novak@contractor-mail.com", "tmp-admin", "qa-laptop-17"]), "source.ip": r.publicIp() }
      : { "user.name": "deploy-bot", "labels.change_ticket": `CHG-${r.int(40000, 49999)}`, "source.ip": r.ip() };
    tl.add(
      ecs(t, "flag-svc", "info", `feature flag updated key=${key} rollout ${from}% -> ${odd ? 100 : from + 5}%`, {
        "event.action": "flag-updated",
        "event.dataset": "flag-svc.audit",
        ...extra,
      }),
      odd ? "pattern" : null,
    );
  };
  poisson(r, t0, t1, 90 * SEC, (t) => flag(t, false));
  scatter(r, t0, t1, r.int(6, 14), r.chance(0.5), (t) => flag(t, true));
  periodic(r, t0, t1, 30 * SEC, 2 * SEC, (t) =>
    tl.add(
      ecs(t, "flag-svc", "info", "flag snapshot published", {
        "event.dataset": "flag-svc.log",
        "labels.flags": 214,
        "labels.subscribers": r.int(38, 42),
        "event.duration": Math.round(r.logn(4e6, 0.3)),
      }),
    ),
  );
  const threads = ["scheduling-1", "http-nio-8443-exec-2", "http-nio-8443-exec-5"];
  const grant = (t: number, odd: boolean) => {
    const msg = odd
      ? `role binding applied: role=roles/org-admin member=user:${r.pick(["k.ito", "svc-migration-tmp", "j.doe"])}@example.com by=user:${r.pick(["k.ito", "ops-breakglass"])}@example.com ticket=none`
      : `role binding applied: role=${r.pick(["roles/viewer", "roles/storage.objectViewer", "roles/pubsub.subscriber"])} member=serviceAccount:${r.pick(["orders", "search", "etl"])}@prj.iam by=serviceAccount:terraform-ci@prj.iam ticket=CHG-${r.int(40000, 49999)}`;
    tl.add(logback(t, "iam-admin", "c.e.iam.BindingService", r.pick(threads), "INFO", msg), odd ? "pattern" : null);
  };
  poisson(r, t0, t1, 3 * MIN, (t) => grant(t, false));
  scatter(r, t0 + HOUR, t1, r.int(5, 9), false, (t) => grant(t, true));
  poisson(r, t0, t1, 10 * SEC, (t) =>
    tl.add(
      logback(
        t,
        "iam-admin",
        "c.e.iam.TokenCache",
        r.pick(threads),
        "INFO",
        `access token refreshed principal=${r.pick(["orders", "search", "etl", "billing"])}`,
        { expires_in: 3600 },
      ),
    ),
  );
  const zones = ["api.example.com", "shop.example.com", "img.example.com", "status.example.com"];
  const dns = (t: number, odd: boolean) => {
    const rec = r.pick(zones);
    if (odd)
      tl.add(
        zap(t, "dns-controller", "controller/route53.go:188", "info", "record changed", {
          record: rec,
          type: "A",
          value: r.publicIp(),
          ttl: 60,
          owner: r.pick(["route53-console:ops-temp", "manual"]),
          change_id: `C${r.alnum(13).toUpperCase()}`,
        }),
        "pattern",
      );
    else
      tl.add(
        zap(t, "dns-controller", "controller/route53.go:188", "info", "record changed", {
          record: rec,
          type: "CNAME",
          value: `k8s-ingress-${r.hex(8)}.elb.eu-west-1.amazonaws.com`,
          ttl: 300,
          owner: "external-dns/prod-euw1",
          change_id: `C${r.alnum(13).toUpperCase()}`,
        }),
      );
  };
  periodic(r, t0, t1, MIN, 3 * SEC, (t) =>
    r.chance(0.25) ? dns(t, false) : tl.add(zap(t, "dns-controller", "controller/plan.go:77", "info", "all records are already up to date", { zones: 4 })),
  );
  scatter(r, t0, t1, r.int(4, 8), false, (t) => dns(t, true));
  poisson(r, t0, t1, 12 * SEC, (t) =>
    tl.add(
      nginx(
        t,
        r,
        "shop.example.com",
        "GET",
        `/${r.pick(["p", "c", "api/cart"])}/${r.int(1e3, 9e4)}`,
        r.chance(0.97) ? 200 : 304,
        r.logn(0.04, 0.5),
        r.pick(BROWSERS),
      ),
    ),
  );
  return tl.build(
    name,
    "Overnight, flag rollouts by deploy-bot with tickets, grants by terraform-ci, DNS by external-dns; among them flags set to 100% by unknown people, org-admin grants by humans without tickets, A records pointed at public IPs by hand.",
  );
}
