// A Rust webhook receiver (tracing-subscriber JSON, flattened events) deploys a release that reads
// the previous signing secret: most provider webhooks fail verification from then on.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, isoMicro, type Label, MIN, SEC } from "./kit.js";

export function webhookSecretAfterDeploy(seed: number): Scenario {
  const g = new Gen(seed, "webhook-secret-after-deploy");
  const inc = new Incident();
  const start = baseTime(seed, 10);
  const end = start + 60 * MIN;
  const deploy = start + (24 + g.int(0, 8)) * MIN;
  const oldPods = [0, 1].map(() => `payhook-${g.hex(9)}-${g.hex(5)}`);
  const newPods = [0, 1].map(() => `payhook-${g.hex(9)}-${g.hex(5)}`);
  const rollout = [deploy, deploy + 50 * SEC];

  const tr = (t: number, level: string, target: string, message: string, fields: Record<string, unknown>, pod: string, label: Label = null) => {
    inc.add(t, { timestamp: isoMicro(t, g), level, message, target, service: "payhook", "k8s.pod": pod, ...fields }, label);
  };
  const podAt = (t: number) => {
    const i = g.int(0, 1);
    return t >= (rollout[i] as number) ? { pod: newPods[i] as string, broken: true } : { pod: oldPods[i] as string, broken: false };
  };

  const types = [
    ["payment_intent.succeeded", 40],
    ["charge.succeeded", 20],
    ["payment_intent.created", 15],
    ["charge.refunded", 5],
    ["customer.updated", 8],
    ["invoice.paid", 7],
    ["payment_intent.payment_failed", 5],
  ] as const;
  for (const t of g.times(start, end, 2100)) {
    const type = g.weighted(types);
    const evt = `evt_${g.hex(24)}`;
    const { pod, broken } = podAt(t);
    const span = { "span.name": "webhook", "span.event_id": evt, "span.type": type };
    if (broken && g.chance(0.97)) {
      tr(
        t,
        "WARN",
        "payhook::verify",
        "webhook signature verification failed",
        {
          ...span,
          http_status: 400,
          reason: "no signatures found matching the expected signature for payload",
          sig_header_t: Math.floor(t / 1000) - g.int(0, 3),
          duration_ms: Math.round(g.logNormal(0.8, 0.3) * 10) / 10,
        },
        pod,
        "error",
      );
      if (g.chance(0.5))
        tr(
          t + 1,
          "INFO",
          "tower_http::trace::on_response",
          "finished processing request",
          { ...span, latency: `${g.int(1, 3)} ms`, status: 400, duration_ms: g.int(1, 3) },
          pod,
          null,
        );
      continue;
    }
    const d1 = Math.round(g.logNormal(2.5, 0.4) * 10) / 10;
    tr(t, "DEBUG", "payhook::verify", "signature verified", { ...span, duration_ms: d1 }, pod);
    if (g.chance(0.05)) {
      tr(t + 2, "INFO", "payhook::store", "duplicate delivery ignored", { ...span, first_seen: isoMicro(t - g.int(1, 40) * MIN, g) }, pod);
      continue;
    }
    const d = Math.round(g.logNormal(18, 0.5));
    tr(
      t + d,
      "INFO",
      "payhook::handler",
      "webhook processed",
      { ...span, ledger_entry: `le_${g.hex(16)}`, amount_minor: g.int(100, 250000), currency: g.pick(["eur", "eur", "gbp", "usd"]), duration_ms: d },
      pod,
    );
    if (g.chance(0.5))
      tr(t + d + 1, "INFO", "tower_http::trace::on_response", "finished processing request", { ...span, latency: `${d} ms`, status: 200, duration_ms: d }, pod);
  }

  // Routine background: a retry of a slow ledger call now and then, the DB pool, metrics scrapes.
  for (const t of g.times(start, end, 700)) {
    const pod = podAt(t).pod;
    const [level, target, message, fields] = g.weighted([
      [["INFO", "payhook::metrics", "scrape served", { path: "/metrics", duration_ms: g.int(1, 4) }], 50],
      [["DEBUG", "sqlx::pool", "acquired connection", { pool: "ledger", size: 10, idle: g.int(5, 9) }], 35],
      [["WARN", "payhook::ledger", "ledger write retried", { attempt: 2, error: "deadlock detected (SQLSTATE 40P01)" }], 3],
      [["INFO", "payhook::replay", "provider replay window checked", { pending: g.int(0, 4) }], 12],
    ] as const);
    tr(t, level, target, message, fields, pod);
  }

  // The rollout: startup lines are routine, except the one saying which secret it loaded.
  newPods.forEach((pod, i) => {
    const t = rollout[i] as number;
    tr(t - 3 * SEC, "INFO", "payhook", "starting payhook", { version: "3.8.0", git_sha: g.hex(40).slice(0, 12), rust_version: "1.78.0" }, pod);
    tr(
      t - 2 * SEC,
      "INFO",
      "payhook::config",
      "signing secret loaded",
      { source: "env", key: "PAYHOOK_SIGNING_SECRET_PREV", fingerprint: `whsec_…${g.hex(4)}` },
      pod,
      "pattern",
    );
    tr(t - 1 * SEC, "INFO", "payhook::server", "listening", { addr: "0.0.0.0:8080" }, pod);
    tr(t + 20 * SEC, "INFO", "payhook::server", "shutdown signal received, draining", { in_flight: g.int(0, 3) }, oldPods[i] as string);
  });

  return inc.build(
    "webhook-secret-after-deploy",
    "A Rust payment-webhook receiver's deploy loads the previous signing secret and rejects nearly every provider webhook",
  );
}
