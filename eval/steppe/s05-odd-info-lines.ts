/**
 * Insurance claims portal, six services (Ruby services with semantic_logger-style JSON,
 * a Go auth gateway, a Node webhook receiver, a Python billing sync). Nothing fails and
 * nothing is slow over the 3-5 hour window, but four kinds of INFO line keep turning up
 * that never appear in healthy operation, each about a dozen times:
 *  - partner-hooks dumps whole multi-kilobyte webhook payloads (with claimant data)
 *    instead of its usual one-line summary, while a debug switch is left on;
 *  - policy-svc logs SQL loads with 100-180 ids in the IN list (normally 1-4), from an
 *    export loop that loads policies by the page;
 *  - auth-gw's periodic certificate check reports one partner certificate expiring
 *    "in 0 days" (the others have weeks or months left);
 *  - claims-api reports feature-flag changes by an unknown service actor without a
 *    change ticket (normal flag changes are by named staff with a CHG ticket).
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

function isoZ(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}
function isoMicro(t: number): string {
  return new Date(Math.floor(t)).toISOString().replace("Z", "000+00:00");
}

export function s05OddInfoLines(seed: number): Scenario {
  const rng = new Rng(seed, "s05-odd-info-lines");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(180, 300);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 6, 12);
  const end = start + span;
  const target = rng.int(3200, 4200);
  const perMin = target / spanMin; // overall lines per minute

  const ruby = (t: number, app: string, level: string, name: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    timestamp: isoZ(t),
    level,
    app,
    host: `${app}-${["a1", "b2", "c3"][Math.floor(t / 7000) % 3]}`,
    pid: app === "claims-api" ? 214 : app === "policy-svc" ? 88 : 131,
    thread: `puma srv tp 00${1 + (Math.floor(t / 3000) % 5)}`,
    name,
    message,
    ...extra,
  });
  const goLog = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    time: isoZ(t),
    severity: level,
    service: "auth-gw",
    msg,
    ...extra,
  });
  const pino = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 19,
    hostname: "partner-hooks-5d7b9c-" + (["qm2lx", "w8zrt"] as const)[Math.floor(t / 11000) % 2],
    service: "partner-hooks",
    ...extra,
    msg,
  });
  const py = (t: number, level: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    timestamp: isoMicro(t),
    levelname: level,
    name: "billing.sync",
    service: "billing-sync",
    message,
    ...extra,
  });
  const loop = (share: number, fn: (t: number) => void): void => {
    const gap = 60_000 / (perMin * share);
    let t = start + rng.exp(gap);
    while (t < end) {
      fn(t);
      t += rng.exp(gap);
    }
  };
  const claimId = (): string => `CLM-${rng.int(2026000, 2026999)}-${rng.int(10, 99)}`;
  const policyNo = (): number => rng.int(410000, 499999);
  const reqId = (): string => `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;

  // ---- normal traffic ----------------------------------------------------------
  loop(0.3, (t) => {
    const action = rng.weighted([
      ["show", 5],
      ["index", 2],
      ["create", 1],
      ["update", 1],
    ] as const);
    const ms = Math.round(rng.logNormal(action === "index" ? 70 : 40, 0.35) * 10) / 10;
    const status = action === "create" ? 201 : 200;
    add(
      t,
      ruby(t, "claims-api", "info", "ClaimsController", `Completed #${action}`, {
        duration_ms: ms,
        request_id: reqId(),
        payload: {
          controller: "ClaimsController",
          action,
          status,
          path: action === "index" ? "/claims" : `/claims/${claimId()}`,
          db_runtime: Math.round(ms * 0.4 * 10) / 10,
        },
      }),
      null,
    );
    if (action === "create")
      add(t + 3, ruby(t + 3, "claims-api", "info", "ActiveJob", `Enqueued ClaimScoringJob (Job ID: ${reqId()}) to Sidekiq(default)`), null);
  });
  loop(0.2, (t) => {
    const k = rng.weighted([
      [1, 6],
      [2, 2],
      [3, 1],
      [4, 1],
    ] as const);
    const ids: number[] = [];
    for (let i = 0; i < k; i++) ids.push(policyNo());
    const ms = Math.round(rng.logNormal(1.6 + k * 0.3, 0.3) * 10) / 10;
    const params = ids.map((_, i) => `$${i + 1}`).join(", ");
    add(
      t,
      ruby(
        t,
        "policy-svc",
        "info",
        "Policy Load",
        `Policy Load (${ms}ms)  SELECT "policies".* FROM "policies" WHERE "policies"."id" IN (${params})  ${JSON.stringify(ids.map((id) => ["id", id]))}`,
        { duration_ms: ms },
      ),
      null,
    );
    const cms = Math.round(rng.logNormal(22, 0.3) * 10) / 10;
    add(
      t + cms,
      ruby(t + cms, "policy-svc", "info", "PoliciesController", "Completed #show", {
        duration_ms: cms,
        request_id: reqId(),
        payload: { controller: "PoliciesController", action: "show", status: 200 },
      }),
      null,
    );
  });
  loop(0.1, (t) => {
    const ms = Math.round(rng.logNormal(120, 0.35));
    add(
      t,
      ruby(
        t,
        "docs-svc",
        "info",
        "DocumentStore",
        `Stored document doc_${rng.alnum(12)} (${rng.pick(["application/pdf", "image/jpeg", "image/png"])}, ${rng.int(40, 2400)} KB) in ${ms}ms`,
        { duration_ms: ms, claim: claimId() },
      ),
      null,
    );
  });
  loop(0.16, (t) => {
    const ms = Math.round(rng.logNormal(8, 0.3));
    add(
      t,
      goLog(
        t,
        "INFO",
        `token issued client=${rng.pick(["portal-web", "portal-web", "adjuster-app", "partner-acme", "partner-helvetia"])} grant=${rng.pick(["refresh_token", "authorization_code", "client_credentials"])}`,
        { latency_ms: ms, sub: `usr_${rng.alnum(10)}` },
      ),
      null,
    );
  });
  loop(0.12, (t) => {
    const ms = Math.round(rng.logNormal(14, 0.3));
    add(
      t,
      pino(
        t,
        "info",
        `webhook received partner=${rng.pick(["acme-assist", "helvetia-re", "roadside24"])} event=${rng.pick(["claim.updated", "claim.document_added", "assessment.completed"])} bytes=${rng.int(300, 1400)} in ${ms}ms`,
        { latency_ms: ms, delivery_id: reqId() },
      ),
      null,
    );
  });
  loop(0.12, (t) => {
    const ms = Math.round(rng.logNormal(210, 0.3));
    add(t, py(t, "INFO", `synced premium schedule policy=${policyNo()} installments=${rng.pick([1, 4, 12])} in ${ms}ms`, { duration_ms: ms }), null);
  });
  // routine warnings that are part of everyday life
  loop(0.012, (t) =>
    add(
      t,
      ruby(
        t,
        "claims-api",
        "warn",
        "Rack::Attack",
        `throttled ${rng.int(10, 250)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)} on /claims/search (60 req/min)`,
      ),
      null,
    ),
  );
  loop(0.01, (t) => add(t, py(t, "WARNING", `premium schedule for policy=${policyNo()} skipped: policy in grace period`), null));

  // ---- certificate checks every 15-25 minutes ------------------------------------
  const certs: [string, number][] = [
    ["portal.example-insure.com", rng.int(40, 80)],
    ["api.example-insure.com", rng.int(90, 300)],
    ["sso.example-insure.com", rng.int(20, 60)],
    ["partner-api.example-insure.com", 0],
  ];
  const checks = rng.int(10, 14);
  const every = Math.floor((span - 120_000) / checks);
  const expiring = new Date(end + rng.int(2, 8) * 3_600_000).toISOString().slice(0, 19) + "Z";
  for (let c = 0; c < checks; c++) {
    const t0 = start + 60_000 + c * every + rng.int(0, 20_000);
    for (const [i, [host, days]] of certs.entries()) {
      const t = t0 + i * rng.int(40, 300);
      const notAfter = days === 0 ? expiring : new Date(start + days * 86_400_000 + i * 3_600_000).toISOString().slice(0, 19) + "Z";
      const odd = days === 0;
      add(
        t,
        goLog(t, "INFO", `certificate ${host} expires in ${days} days (notAfter=${notAfter}, issuer=R11)`, { check: "tls-expiry" }),
        odd ? "pattern" : null,
      );
    }
  }

  // ---- payload dumps while the debug switch is on ----------------------------------
  const dumpFrom = start + Math.floor(span * rng.float(0.05, 0.45));
  const dumpTo = Math.min(end - 60_000, dumpFrom + Math.floor(span * rng.float(0.3, 0.5)));
  const dumps = rng.int(10, 14);
  for (let i = 0; i < dumps; i++) {
    const t = dumpFrom + rng.int(0, dumpTo - dumpFrom);
    const parties: Record<string, unknown>[] = [];
    const k = rng.int(6, 14);
    for (let j = 0; j < k; j++) {
      parties.push({
        role: rng.pick(["claimant", "witness", "driver", "owner"]),
        name: `${rng.pick(["Anna", "Jonas", "Lea", "Marco", "Sofia", "Tim", "Ida"])} ${rng.pick(["Keller", "Meier", "Rossi", "Weber", "Bianchi", "Huber"])}`,
        phone: `+41 7${rng.int(5, 9)} ${rng.int(100, 999)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
        iban: `CH${rng.int(10, 99)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1, 9)}`,
        statement:
          "Vehicle was stationary at the junction when the other party reversed out of the parking bay without looking; damage to the front left wing and headlight.",
      });
    }
    const body = {
      event: "assessment.completed",
      claim: claimId(),
      assessor: `ASR-${rng.int(100, 999)}`,
      estimate: { currency: "CHF", parts: rng.int(300, 9000), labour: rng.int(200, 4000) },
      parties,
      photos: Array.from({ length: rng.int(4, 12) }, () => `https://files.roadside24.example/p/${rng.hex(24)}.jpg`),
    };
    add(t, pino(t, "info", `webhook payload partner=roadside24 ${JSON.stringify(body)}`, { delivery_id: reqId() }), "pattern");
  }

  // ---- SQL with a hundred ids (export paging) --------------------------------------
  const sqls = rng.int(10, 14);
  const sqlFrom = start + Math.floor(span * rng.float(0.0, 0.5));
  const sqlTo = Math.min(end - 30_000, sqlFrom + Math.floor(span * rng.float(0.25, 0.5)));
  for (let i = 0; i < sqls; i++) {
    const t = sqlFrom + rng.int(0, sqlTo - sqlFrom);
    const k = rng.int(100, 180);
    const base = policyNo();
    const ids = Array.from({ length: k }, (_, j) => base + j * rng.int(1, 3));
    const ms = Math.round(rng.float(9, 26) * 10) / 10;
    add(
      t,
      ruby(t, "policy-svc", "info", "Policy Load", `Policy Load (${ms}ms)  SELECT "policies".* FROM "policies" WHERE "policies"."id" IN (${ids.join(", ")})`, {
        duration_ms: ms,
      }),
      "pattern",
    );
  }

  // ---- feature flags --------------------------------------------------------------
  const staff = ["maria.keller@example-insure.com", "d.brunner@example-insure.com", "tom.frei@example-insure.com"];
  const normalFlags = rng.int(2, 5);
  for (let i = 0; i < normalFlags; i++) {
    const t = start + rng.int(0, span - 1);
    const f = rng.pick(["claims.fast_track_ui", "portal.new_upload_widget", "claims.sms_updates"]);
    add(
      t,
      ruby(
        t,
        "claims-api",
        "info",
        "Flipper",
        `feature flag "${f}" updated false -> true by ${rng.pick(staff)} (source=admin-ui, ticket=CHG-${rng.int(40000, 49999)})`,
      ),
      null,
    );
  }
  const actor = `svc-${rng.hex(6)}`;
  const flagCount = rng.int(10, 14);
  const flagFrom = start + Math.floor(span * rng.float(0.2, 0.6));
  const flagTo = Math.min(end - 60_000, flagFrom + Math.floor(span * rng.float(0.15, 0.35)));
  const flags: [string, string, string][] = [
    ["payouts.auto_approve_limit", "5000", "250000"],
    ["claims.fraud_check", "enabled", "disabled"],
    ["payouts.manual_review", "true", "false"],
    ["claims.duplicate_detection", "enabled", "disabled"],
    ["payouts.daily_cap_chf", "200000", "5000000"],
  ];
  for (let i = 0; i < flagCount; i++) {
    const t = flagFrom + rng.int(0, flagTo - flagFrom);
    const [f, a, b] = rng.pick(flags);
    const flip = rng.chance(0.3);
    add(
      t,
      ruby(t, "claims-api", "info", "Flipper", `feature flag "${f}" updated ${flip ? b : a} -> ${flip ? a : b} by ${actor} (source=api, ticket=none)`),
      "pattern",
    );
  }

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s05-odd-info-lines",
    description:
      "Claims portal where, with no errors or slowness, four odd INFO lines recur about a dozen times each: webhook payload dumps, 100+-id SQL loads, a certificate expiring in 0 days, flag changes by an unknown actor.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
