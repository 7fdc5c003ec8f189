// c08-c10: decoys. Lines that look odd but are routine for their service and recur all through
// the window, with at most a few genuinely odd lines among them.
import {
  BROWSERS,
  ecs,
  HOUR,
  logback,
  MIN,
  nginx,
  periodic,
  pino,
  poisson,
  Rng,
  round,
  SEC,
  scatter,
  slog,
  structlog,
  syslogJson,
  Timeline,
  windowStart,
  zap,
} from "./lib.js";
import type { Scenario } from "./types.js";

export function c08(seed: number): Scenario {
  const name = "c08-records-audit-every-request";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 11);
  const t1 = t0 + 2 * HOUR;
  const clinicians = Array.from({ length: 40 }, () => `dr.${r.alnum(6).toLowerCase()}`);
  const threads = Array.from({ length: 16 }, (_, i) => `http-nio-8443-exec-${i + 1}`);
  const audit = (t: number, odd: boolean) => {
    const patient = r.int(1e6, 9e6);
    const action = odd ? "BULK_EXPORT" : r.pick(["READ", "READ", "READ", "SEARCH", "UPDATE"]);
    const fields = {
      actor: odd ? r.pick(["svc-reporting-tmp", "admin@example-partner.io"]) : r.pick(clinicians),
      role: odd ? "unknown" : r.pick(["physician", "nurse", "pharmacist"]),
      action,
      resource: odd ? "Patient/*" : `Patient/${patient}`,
      records: odd ? r.int(120000, 240000) : action === "SEARCH" ? r.int(1, 40) : 1,
      purpose: odd ? "none" : r.pick(["TREATMENT", "TREATMENT", "CARE_COORDINATION"]),
      consent: odd ? "n/a" : `cns-${r.hex(10)}`,
      facility: r.pick(["north-campus", "east-clinic"]),
      session: r.uuid(),
      client_ip: r.ip(),
      user_agent: r.pick(BROWSERS),
      fhir_request: odd
        ? "GET /fhir/Patient?_count=*&_include=*"
        : `GET /fhir/Patient/${patient}${action === "SEARCH" ? `?name=${r.alnum(5).toLowerCase()}` : ""}`,
      attributes: Array.from({ length: r.int(6, 24) }, () =>
        r.pick(["name", "birthDate", "address", "telecom", "identifier", "generalPractitioner", "maritalStatus", "communication"]),
      ),
      policy: `abac/v7 allow=${odd ? "break-glass" : "care-team"} rules=${Array.from({ length: r.int(3, 8) }, () => `r${r.int(10, 99)}:${r.pick(["match", "skip", "match"])}`).join(",")}`,
      prev_hash: r.hex(64),
      hash_chain: r.hex(64),
    };
    const msg = `AUDIT ${Object.entries(fields)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`)
      .join(" ")}`;
    tl.add(
      logback(t, "records-api", "c.e.records.audit.AuditTrail", r.pick(threads), "INFO", msg, { audit: true, duration_ms: Math.round(r.logn(30, 0.5)) }),
      odd ? "pattern" : null,
    );
  };
  poisson(r, t0, t1, 3 * SEC, (t) => audit(t, false));
  scatter(r, t0, t1, r.int(2, 4), false, (t) => audit(t, true));
  poisson(r, t0, t1, 6 * SEC, (t) =>
    tl.add(nginx(t, r, "records.internal", "GET", `/fhir/Patient/${r.int(1e6, 9e6)}`, r.chance(0.98) ? 200 : 404, r.logn(0.035, 0.5), r.pick(BROWSERS))),
  );
  periodic(r, t0, t1, MIN, 2 * SEC, (t) => tl.add(zap(t, "records-scheduler", "sched/tick.go:40", "info", "job tick", { jobs: 7, due: r.int(0, 2) })));
  return tl.build(
    name,
    "records-api writes a long (600-1,000 chars) AUDIT line on every request, all through the window; among them 2-4 bulk exports of every patient by an unknown principal.",
  );
}

export function c09(seed: number): Scenario {
  const name = "c09-nightly-recon-id-lists";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 1);
  const t1 = t0 + 3 * HOUR;
  const ids = (n: number) => Array.from({ length: n }, () => r.int(1e7, 9e7));
  periodic(r, t0, t1, 90 * SEC, 3 * SEC, (t, k) => {
    const chunk = ids(r.int(150, 300));
    tl.add(structlog(t, "recon.sql", "debug", `SELECT id, amount_cents, status FROM ledger_entries WHERE id IN (${chunk.join(", ")})`, { chunk: k }));
    tl.add(
      structlog(t + r.int(200, 900), "recon.batch", "info", "reconciled chunk", {
        chunk: k,
        ids: chunk,
        matched: chunk.length - r.int(0, 2),
        duration_ms: round(r.logn(420, 0.3), 1),
      }),
    );
  });
  poisson(r, t0, t1, 5 * SEC, (t) =>
    tl.add(
      structlog(t, "recon.fetch", "info", "fetched settlement page", {
        provider: r.pick(["adyen", "stripe"]),
        page: r.int(1, 400),
        rows: 500,
        duration_ms: round(r.logn(160, 0.35), 1),
      }),
    ),
  );
  const hosts = ["ledger-0", "ledger-1"];
  poisson(r, t0, t1, 8 * SEC, (t) =>
    tl.add(
      pino(t, "ledger-api", r.pick(hosts), 30, "request completed", {
        req: { method: "GET", url: `/v1/accounts/${r.int(1e5, 9e5)}/balance` },
        res: { statusCode: 200 },
        responseTime: Math.round(r.logn(25, 0.4)),
      }),
    ),
  );
  periodic(r, t0, t1, MIN, SEC, (t) =>
    tl.add(syslogJson(t, "batch-01", "CRON", r.int(20000, 40000), "info", "cron", "(recon) CMD (/opt/recon/bin/heartbeat --quiet)")),
  );
  return tl.build(
    name,
    "A nightly reconciliation batch logs 150-300-id lists (DEBUG SQL and INFO) at its normal 90 s cadence all night, among settlement fetches, ledger requests and cron heartbeats; nothing is odd.",
  );
}

export function c10(seed: number): Scenario {
  const name = "c10-cert-checks-flag-bot-debug-dumps";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 13);
  const t1 = t0 + 4 * HOUR;
  const DAY = 24 * HOUR;
  const hosts = Array.from(
    { length: 20 },
    (_, i) => `${["www", "api", "img", "auth", "pay"][i % 5]}-${["eu", "us", "ap", "sa"][Math.floor(i / 5)]}.example.com`,
  );
  const days = new Map(hosts.map((h, i) => [h, i % 3 === 0 ? r.int(120, 380) : r.int(31, 89)]));
  const cert = (t: number, host: string, d: number, odd: boolean) =>
    tl.add(
      slog(t, "INFO", "certificate checked", {
        service: "cert-monitor",
        host,
        days_remaining: d,
        not_after: new Date(t + d * DAY).toISOString().slice(0, 10),
        issuer: d > 100 ? "DigiCert TLS RSA SHA256 2020 CA1" : "R11",
      }),
      odd ? "pattern" : null,
    );
  periodic(r, t0, t1, 10 * MIN, 5 * SEC, (t) => {
    for (const [i, h] of hosts.entries()) cert(t + i * 250, h, days.get(h)!, false);
  });
  scatter(r, t0, t1, r.int(1, 3), false, (t) => cert(t, "pay-legacy.example.com", 2, true));
  const flags = ["search.rerank-v3", "pdp.reviews-carousel", "checkout.apple-pay", "home.recs-v2"];
  const pct = new Map(flags.map((f) => [f, r.pick([0, 5, 10, 25])]));
  poisson(r, t0, t1, MIN, (t) => {
    const f = r.pick(flags);
    const from = pct.get(f)!;
    const to = from >= 100 ? 0 : Math.min(100, from + r.pick([5, 10, 25]));
    pct.set(f, to);
    tl.add(
      ecs(t, "flag-svc", "info", `feature flag updated key=${f} rollout ${from}% -> ${to}%`, {
        "event.action": "flag-updated",
        "user.name": "rollout-bot",
        "labels.change_ticket": `CHG-${r.int(50000, 59999)}`,
        "labels.guardrail": "error-rate<1%",
      }),
    );
  });
  poisson(r, t0, t1, 6 * SEC, (t) => {
    const items = Array.from({ length: r.int(4, 14) }, () => ({
      sku: `SKU-${r.int(1e4, 9e4)}`,
      qty: r.int(1, 4),
      list_price: r.int(500, 9000),
      promo: r.pick(["", "BF25", "SPRING10"]),
    }));
    const dump = JSON.stringify({
      request: { currency: "EUR", country: r.pick(["FR", "DE", "NL"]), customer_tier: r.pick(["std", "gold"]), items },
      response: { total: r.int(1000, 90000), discounts: r.int(0, 2000) },
    });
    tl.add(
      zap(t, "pricing-grpc", "server/interceptor.go:93", "debug", `grpc payload /pricing.v1.Pricing/Quote ${dump}`, {
        "grpc.code": "OK",
        "grpc.time_ms": round(r.logn(9, 0.4), 3),
      }),
    );
  });
  poisson(r, t0, t1, 15 * SEC, (t) =>
    tl.add(nginx(t, r, "www-eu.example.com", "GET", `/${r.pick(["", "c/shoes", `p/${r.int(1e3, 9e3)}`])}`, 200, r.logn(0.05, 0.5), r.pick(BROWSERS))),
  );
  return tl.build(
    name,
    "Cert checks with healthy but varied days left, a rollout bot flipping flags all afternoon, and pricing-grpc's DEBUG payload dumps on every call; among them 1-3 checks of one host at 2 days left.",
  );
}
