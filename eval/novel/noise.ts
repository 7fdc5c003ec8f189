// Loud normal logs and quiet alerts: a mediation platform whose ERROR and FATAL lines are
// routine, a cache server whose one odd line is the whole incident, and a login burst that is
// only unusual by its rate and its sources.

import type { Scenario } from "../blind/types.js";
import {
  arrivals,
  burst,
  container,
  every,
  goDur,
  HOUR,
  ip,
  type Label,
  Lines,
  MIN,
  nginxTime,
  type Pod,
  podName,
  replicas,
  publicIp,
  redisTime,
  Rng,
  SEC,
  serilog,
  slog,
  startTime,
  structlog,
  USER_AGENTS,
  winston,
} from "./kit.js";

/**
 * A telecom CDR mediation platform (.NET, Serilog to Elasticsearch) logs every rejected record
 * at Error and closes every batch at Fatal (so the batch report reaches the ops mailbox); its
 * rating engine logs each tariff reload at CRITICAL. All of that is every day. The alert is a
 * file sequence gap from one switch, a line type that never appears otherwise, about a dozen
 * times, with the collector noticing stale listings from that switch.
 */
export function mediationRoutineFatalNoise(seed: number): Scenario {
  const r = new Rng(seed, "mediation-routine-fatal-noise");
  const L = new Lines();
  const start = startTime(r, 0, 24);
  const end = start + r.float(4, 6) * HOUR;
  const switches = Array.from({ length: 8 }, (_, i) => `MSC${String(i + 1).padStart(2, "0")}-${r.pick(["FRA", "MUC", "HAM", "BER"])}`);
  const bad = r.pick(switches);
  const seq = new Map(switches.map((s) => [s, r.int(1000, 9000)]));
  const gapFrom = start + r.float(0.3, 0.6) * (end - start);
  const gapTo = gapFrom + r.float(35, 70) * MIN;
  const machine = `MEDIATION-0${r.int(1, 3)}`;
  const med = (
    t: number,
    level: "Information" | "Warning" | "Error" | "Fatal",
    template: string,
    message: string,
    props: Record<string, unknown>,
    label: Label = null,
  ) =>
    L.add(
      t,
      serilog(t, level, template, message, {
        ...props,
        SourceContext: "Telco.Mediation.Pipeline",
        MachineName: machine,
        Application: "cdr-mediation",
        service: "cdr-mediation",
      }),
      label,
    );
  const collector = (t: number, level: "INFO" | "WARN", msg: string, attrs: Record<string, unknown>, label: Label = null) =>
    L.add(t, slog(t, level, msg, { service: "cdr-collector", ...attrs }), label);

  // each switch exports a file roughly every two minutes
  let gaps = 0;
  for (const sw of switches) {
    for (const t of every(r, start, end, r.float(100, 140) * SEC, 0.15)) {
      let s = seq.get(sw)! + 1;
      const inGap = sw === bad && t >= gapFrom && t < gapTo;
      let skipped = 0;
      if (inGap && r.chance(0.35)) {
        skipped = r.int(1, 4);
        s += skipped;
      }
      seq.set(sw, s);
      const file = `${sw}_${new Date(t).toISOString().slice(0, 16).replace(/[-:T]/g, "")}_${String(s).padStart(6, "0")}.cdr`;
      const records = r.int(800, 6000);
      collector(t, "INFO", "fetched file", { switch: sw, file, bytes: records * r.int(180, 220), took: goDur(r.logn(400, 0.4)) });
      if (inGap && skipped === 0 && r.chance(0.25))
        collector(t + 50, "WARN", "remote listing unchanged since previous poll", { switch: sw, files_seen: 0, last_seq: s }, "pattern");
      const t2 = t + r.int(2000, 9000);
      if (skipped > 0 && gaps < 14) {
        gaps++;
        med(
          t2 - 5,
          "Warning",
          "File sequence gap on {Switch}: expected {Expected}, received {Received} ({Missing} file(s) missing)",
          `File sequence gap on "${sw}": expected ${s - skipped}, received ${s} (${skipped} file(s) missing)`,
          { Switch: sw, Expected: s - skipped, Received: s, Missing: skipped },
          "pattern",
        );
      }
      const elapsed = Math.round(records * r.float(0.8, 1.4));
      med(t2, "Information", "Processed {File}: {Records} records in {Elapsed} ms", `Processed "${file}": ${records} records in ${elapsed} ms`, {
        File: file,
        Records: records,
        Elapsed: elapsed,
      });
    }
  }
  // routine rejects at Error, evenly, and batch closes at Fatal
  for (const t of arrivals(r, start, end, r.int(700, 1100), () => 1)) {
    const prefix = r.pick(["+4915", "+4917", "+4930", "+3167", "+88216", "+99"]);
    const id = `${r.int(100000000, 999999999)}`;
    med(t, "Error", "CDR {RecordId} rejected: unknown MSISDN prefix {Prefix}", `CDR "${id}" rejected: unknown MSISDN prefix "${prefix}"`, {
      RecordId: id,
      Prefix: prefix,
    });
  }
  let batch = r.int(40000, 60000);
  for (const t of every(r, start, end, 2 * MIN, 0.1)) {
    batch++;
    const count = r.int(20000, 40000);
    const rejected = r.int(5, 40);
    med(t, "Fatal", "Batch {BatchId} closed with {Count} records ({Rejected} rejected)", `Batch ${batch} closed with ${count} records (${rejected} rejected)`, {
      BatchId: batch,
      Count: count,
      Rejected: rejected,
    });
  }
  // the rating engine: CRITICAL for every tariff reload, an error for the everyday fallback
  for (const t of every(r, start, end, 5 * MIN, 0.05))
    L.add(
      t,
      structlog(t, "critical", "rating-engine", "rating.tariffs", "tariff cache reloaded", { plans: r.int(1400, 1450), source: "s3://tariffs/current" }),
    );
  for (const t of arrivals(r, start, end, r.int(500, 800))) {
    if (r.chance(0.12))
      L.add(
        t,
        structlog(t, "error", "rating-engine", "rating.zones", "no tariff for zone, using fallback rate", {
          zone: r.pick(["SAT-INMARSAT", "MARITIME", "AIR-ONBOARD"]),
          fallback_eur_min: 2.99,
        }),
      );
    else
      L.add(
        t,
        structlog(t, "info", "rating-engine", "rating.batches", "rated batch", { records: r.int(2000, 9000), duration_ms: Math.round(r.logn(600, 0.3)) }),
      );
  }
  return L.scenario(
    "mediation-routine-fatal-noise",
    "CDR mediation logging every reject at Error and every batch at Fatal, where the alert is a rare file-sequence-gap warning from one switch",
  );
}

/**
 * A quiet day around a Valkey server (its own log lines through the container runtime) and two
 * of its clients (Winston and slog). Everything is routine except one line Valkey prints when an
 * HTTP request reaches its port (an SSRF probe through a misconfigured image proxy), about a
 * dozen times.
 */
export function valkeyCrossProtocolQuiet(seed: number): Scenario {
  const r = new Rng(seed, "valkey-cross-protocol-quiet");
  const L = new Lines();
  const start = startTime(r, 0, 22);
  const end = start + r.float(4, 7) * HOUR;
  const vpod: Pod = { app: "valkey", pod: "valkey-0", namespace: "sessions", node: `ip-10-30-${r.int(1, 9)}-${r.int(10, 250)}` };
  const replica: Pod = { ...vpod, pod: "valkey-1", node: `ip-10-30-${r.int(1, 9)}-${r.int(10, 250)}` };
  const vk = (t: number, pod: Pod, role: "M" | "S" | "C", mark: "*" | "#" | "-" | ".", text: string, label: Label = null) =>
    L.add(t, container(t, pod, `1:${role} ${redisTime(t)} ${mark} ${text}`), label);
  const apiPods = replicas(r, "session-api", 2);
  const workerPod = podName(r, "job-worker");
  const probeFrom = ip(r, "10.42");

  // Valkey persistence on the primary, replication chatter on the replica
  let pid = r.int(2000, 9000);
  for (const t of every(r, start, end, r.float(4, 6) * MIN, 0.3)) {
    pid += r.int(1, 40);
    vk(t, vpod, "M", "*", `${r.pick([100, 10000])} changes in ${r.pick([60, 300])} seconds. Saving...`);
    vk(t + 2, vpod, "M", "*", `Background saving started by pid ${pid}`);
    const saved = t + r.int(300, 2500);
    L.add(saved, container(saved, vpod, `${pid}:C ${redisTime(saved)} * DB saved on disk`));
    L.add(
      saved + 1,
      container(
        saved + 1,
        vpod,
        `${pid}:C ${redisTime(saved + 1)} * Fork CoW for RDB: current ${r.int(1, 9)} MB, peak ${r.int(9, 20)} MB, average ${r.int(1, 6)} MB`,
      ),
    );
    vk(saved + 80, vpod, "M", "*", "Background saving terminated with success");
  }
  for (const t of every(r, start, end, 30 * MIN, 0.2)) vk(t, replica, "S", "*", `MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.`);
  // session-api: Winston, one line per request
  for (const t of arrivals(r, start, end, r.int(1800, 3000))) {
    const op = r.weighted([
      ["get", 70],
      ["put", 20],
      ["del", 10],
    ] as const);
    const pod = r.pick(apiPods);
    if (op === "get" && r.chance(0.04)) L.add(t, winston(t, "info", "session-api", "session miss", { pod }));
    L.add(
      t,
      winston(
        t,
        op === "get" && r.chance(0.05) ? "warn" : "info",
        "session-api",
        op === "get" ? "session read" : op === "put" ? "session written" : "session revoked",
        {
          pod,
          sid: r.hex(16),
          latency_ms: Math.round(r.logn(2.5, 0.4) * 10) / 10,
        },
      ),
    );
  }
  // job-worker: slog, queue polling and jobs
  for (const t of arrivals(r, start, end, r.int(500, 900))) {
    const job = r.pick(["send_digest", "expire_sessions", "rebuild_avatar_cache", "sync_crm"]);
    if (r.chance(0.03)) L.add(t, slog(t, "WARN", "job retried", { service: "job-worker", pod: workerPod, job, attempt: 2, err: "crm: 429 Too Many Requests" }));
    else L.add(t, slog(t, "INFO", "job done", { service: "job-worker", pod: workerPod, job, took: goDur(r.logn(350, 0.6)) }));
  }
  for (const t of every(r, start, end, 5 * MIN))
    L.add(t, slog(t, "INFO", "queue stats", { service: "job-worker", pod: workerPod, pending: r.int(0, 30), active: r.int(0, 4), scheduled: r.int(100, 140) }));
  // the one odd line: HTTP reaching the Valkey port, a dozen times over about twenty minutes
  const at = start + r.float(0.2, 0.8) * (end - start);
  for (const t of burst(r, at, r.int(10, 14), 100 * SEC)) {
    vk(
      t,
      vpod,
      "M",
      "#",
      `Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Valkey. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Valkey instance. Connection from ${probeFrom}:${r.int(32768, 60999)} aborted.`,
      "pattern",
    );
  }
  return L.scenario(
    "valkey-cross-protocol-quiet",
    "a quiet day around a Valkey server and two clients where the only anomaly is Valkey's cross-protocol security warning, about a dozen times",
  );
}

/**
 * Keycloak (Quarkus JSON logging, events at info) behind ingress-nginx: routine logins with the
 * usual few wrong passwords, then a credential-stuffing wave from a hundred addresses, a few
 * accounts taken over and Keycloak's temporary lockouts; the wave is unusual by rate and source.
 */
export function keycloakCredentialStuffing(seed: number): Scenario {
  const r = new Rng(seed, "keycloak-credential-stuffing");
  const L = new Lines();
  const start = startTime(r, 6, 16);
  const end = start + r.float(3, 5) * HOUR;
  const kcPods = ["keycloak-0", "keycloak-1"];
  const igPod: Pod = {
    app: "ingress-nginx",
    pod: podName(r, "ingress-nginx-controller"),
    namespace: "ingress-nginx",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
    container: "controller",
  };
  const users = Array.from(
    { length: 1200 },
    () =>
      `${r.pick(["anna", "ben", "chris", "dana", "eli", "finn", "greta", "hugo", "ida", "jan"])}.${r.alnum(5)}@${r.pick(["gmail.com", "web.de", "gmx.de", "outlook.com"])}`,
  );
  const botnet = Array.from({ length: r.int(80, 140) }, () => `${r.int(5, 220)}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(1, 254)}`);
  const kc = (t: number, level: "INFO" | "WARN", message: string, label: Label = null) => {
    const host = r.pick(kcPods);
    L.add(
      t,
      {
        timestamp: new Date(t).toISOString(),
        sequence: 0, // numbered per process in time order below
        loggerClassName: "org.jboss.logging.Logger",
        loggerName: "org.keycloak.events",
        level,
        message,
        threadName: `executor-thread-${r.int(1, 60)}`,
        threadId: r.int(100, 400),
        mdc: {},
        ndc: "",
        hostName: host,
        processName: "QuarkusEntryPoint",
        processId: 1,
      },
      label,
    );
  };
  const event = (type: string, ipAddr: string, user: string, extra: string) =>
    `type="${type}", realmId="shop", realmName="shop", clientId="web-shop", userId="${type === "LOGIN_ERROR" && extra.includes("user_not_found") ? "null" : r.uuid()}", sessionId="${r.uuid()}", ipAddress="${ipAddr}", ${extra}auth_method="openid-connect", username="${user}"`;
  const ingress = (t: number, ipAddr: string, path: string, status: number, label: Label = null) => {
    const line = `${ipAddr} - - [${nginxTime(t)}] "POST ${path} HTTP/1.1" ${status} ${status === 302 ? 0 : r.int(1800, 3200)} "https://login.shop.example.com/" "${r.pick(USER_AGENTS)}" ${r.int(600, 900)} ${r.logn(0.09, 0.3).toFixed(3)} [auth-keycloak-8080] [] 10.42.${r.int(0, 31)}.${r.int(2, 254)}:8080 ${r.int(0, 3000)} ${r.logn(0.09, 0.3).toFixed(3)} ${status} ${r.hex(32)}`;
    L.add(t, container(t, igPod, line), label);
  };
  const authPath = `/realms/shop/login-actions/authenticate?session_code=${r.alnum(12)}&client_id=web-shop&tab_id=${r.alnum(11)}`;

  for (const t of arrivals(r, start, end, r.int(800, 1150))) {
    const ipAddr = publicIp(r);
    const user = r.pick(users);
    if (r.chance(0.05)) {
      ingress(t, ipAddr, authPath, 200);
      kc(t + 3, "WARN", event("LOGIN_ERROR", ipAddr, user, `error="invalid_user_credentials", `));
      if (r.chance(0.7)) {
        ingress(t + r.int(5000, 20000), ipAddr, authPath, 302);
        kc(
          t + r.int(20001, 21000),
          "INFO",
          event("LOGIN", ipAddr, user, `redirect_uri="https://shop.example.com/", consent="no_consent_required", code_id="${r.uuid()}", `),
        );
      }
      continue;
    }
    ingress(t, ipAddr, authPath, 302);
    kc(t + 3, "INFO", event("LOGIN", ipAddr, user, `redirect_uri="https://shop.example.com/", consent="no_consent_required", code_id="${r.uuid()}", `));
    kc(
      t + r.int(100, 400),
      "INFO",
      event(
        "CODE_TO_TOKEN",
        ipAddr,
        user,
        `token_id="${r.uuid()}", grant_type="authorization_code", refresh_token_type="Refresh", scope="openid profile email", `,
      ),
    );
  }
  for (const t of arrivals(r, start, end, r.int(400, 700))) {
    kc(t, "INFO", event("REFRESH_TOKEN", publicIp(r), r.pick(users), `token_id="${r.uuid()}", grant_type="refresh_token", refresh_token_type="Refresh", `));
  }
  // the wave
  const waveAt = start + r.float(0.35, 0.7) * (end - start);
  const waveLen = r.float(12, 25) * MIN;
  const breached = Array.from(
    { length: 400 },
    () => `${r.pick(["mike", "sarah", "tom", "lisa", "paul", "anna", "ben"])}${r.int(1, 9999)}@${r.pick(["gmail.com", "yahoo.com", "web.de"])}`,
  );
  const locked = new Set<string>();
  for (const t of arrivals(r, waveAt, waveAt + waveLen, r.int(250, 420), () => 1)) {
    const ipAddr = r.pick(botnet);
    const known = r.chance(0.3);
    const user = known ? r.pick(users) : r.pick(breached);
    ingress(t, ipAddr, authPath, r.chance(0.02) && known ? 302 : 200, "pattern");
    if (known && r.chance(0.03)) {
      kc(
        t + 3,
        "INFO",
        event("LOGIN", ipAddr, user, `redirect_uri="https://shop.example.com/", consent="no_consent_required", code_id="${r.uuid()}", `),
        "pattern",
      );
    } else if (known && locked.has(user)) {
      kc(t + 3, "WARN", event("LOGIN_ERROR", ipAddr, user, `error="user_temporarily_disabled", `), "pattern");
    } else {
      kc(t + 3, "WARN", event("LOGIN_ERROR", ipAddr, user, known ? `error="invalid_user_credentials", ` : `error="user_not_found", `), "pattern");
      if (known && r.chance(0.2) && !locked.has(user)) {
        locked.add(user);
        kc(t + 5, "WARN", event("USER_DISABLED_BY_TEMPORARY_LOCKOUT", ipAddr, user, ""), "pattern");
      }
    }
  }
  const scenario = L.scenario(
    "keycloak-credential-stuffing",
    "routine Keycloak logins with a few wrong passwords, then a credential-stuffing wave from a hundred addresses with lockouts and a few takeovers",
  );
  const seqs = new Map(kcPods.map((p) => [p, r.int(100000, 900000)]));
  for (const log of scenario.logs) {
    if (log.loggerName !== "org.keycloak.events") continue;
    const n = seqs.get(String(log.hostName))! + 1;
    seqs.set(String(log.hostName), n);
    log.sequence = n;
  }
  return scenario;
}
