// s12 tolling-gantries-quiet-day: a motorway tolling system's ordinary day (about 20 hours). Nothing is
// wrong: the gantries' DSRC read failures fall back to ANPR, low-confidence plates go to manual review,
// tag CRC errors are discarded, auto top-ups are declined for insufficient funds, a certificate expiry
// warning fires at its daily time, the account API answers some 401s and 404s. Every latency stays in
// its band. No line is labelled: this is the healthy control.
//
// Producers: gantry-agent (zerolog JSON), transaction-processor (logstash-logback-encoder JSON), plate-ocr
// (Python structlog JSON), account-api (nginx JSON access log with Fluent Bit kubernetes metadata).
// Healthy bands:
//   gantry-agent "passage batch uploaded" duration_ms median 140 ms.
//   transaction-processor "Toll transaction posted" duration_ms median 45 ms.
//   plate-ocr "plate read" duration_ms median 60 ms.
//   account-api GET /v1/accounts/:id request_time median 0.030 s; GET /v1/accounts/:id/trips 0.090 s;
//     POST /v1/topups 0.180 s.
//   Routine noise (all at their everyday rate and wording): gantry WARN "DSRC transponder read failed,
//   falling back to ANPR" (~10/h), ERROR "tag CRC error, frame discarded" (~3/h); plate-ocr WARN
//   "low confidence read sent to manual review" (~12/h); transaction-processor ERROR "Auto top-up
//   declined ... insufficient funds" (~2/h), WARN "Low balance notification queued" (~6/h), WARN
//   "certificate ... expires in N days" (daily); account-api 401 / 404 (~3 %).
import { HOUR, MIN, SEC, Timeline, iso, isoMicro, isoOff, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function tollingGantriesQuietDay(seed: number): Scenario {
  const rng = makeRng(seed * 2417 + 1212);
  const tl = new Timeline();
  const t0 = startTime(rng, 2, 4);
  const t1 = t0 + 20 * HOUR + rng.int(0, 40) * MIN;
  const gantries = ["gantry-01", "gantry-02", "gantry-03"];
  const za = (t: number, level: string, gantry: string, message: string, extra: Record<string, unknown> = {}) => ({
    level,
    service: "gantry-agent",
    gantry,
    ...extra,
    time: iso(t),
    message,
  });
  const lb = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `posting-${rng.int(1, 6)}`,
    level,
    level_value: level === "INFO" ? 20000 : level === "WARN" ? 30000 : 40000,
    app: "transaction-processor",
    ...extra,
  });
  // traffic shape: quiet at night, busy in the day
  const busy = (t: number) => {
    const h = new Date(Math.floor(t)).getUTCHours();
    return h >= 6 && h <= 20;
  };
  for (const g of gantries) {
    for (const t of ticks(rng, t0, t1, 2 * MIN, 0.02)) {
      tl.add(t, za(t, "info", g, "passage batch uploaded", { passages: busy(t) ? rng.int(60, 240) : rng.int(2, 40), duration_ms: round(rng.band(140), 1) }));
    }
    for (const t of poisson(rng, t0, t1, 18 * MIN))
      tl.add(t, za(t, "warn", g, "DSRC transponder read failed, falling back to ANPR", { lane: rng.int(1, 3), obu: rng.hex(8) }));
    for (const t of poisson(rng, t0, t1, 60 * MIN)) tl.add(t, za(t, "error", g, "tag CRC error, frame discarded", { lane: rng.int(1, 3) }));
  }
  for (const t of poisson(rng, t0, t1, 45 * SEC)) {
    tl.add(
      t,
      lb(t, "INFO", "eu.tollway.posting.TransactionPoster", `Toll transaction TX-${rng.digits(9)} posted`, {
        duration_ms: round(rng.band(45), 1),
        amount_eur: round(rng.float(1.2, 14.8), 2),
        class: rng.pick(["1", "1", "1", "2", "4"]),
      }),
    );
  }
  for (const t of poisson(rng, t0, t1, 30 * MIN))
    tl.add(t, lb(t, "ERROR", "eu.tollway.posting.TopUpService", `Auto top-up declined for account ${rng.digits(8)}: insufficient funds (issuer code 51)`));
  for (const t of poisson(rng, t0, t1, 10 * MIN))
    tl.add(t, lb(t, "WARN", "eu.tollway.notify.BalanceNotifier", `Low balance notification queued for account ${rng.digits(8)}`));
  const cert = t0 + rng.int(3, 5) * HOUR + rng.int(0, 59) * MIN;
  tl.add(
    cert,
    lb(cert, "WARN", "eu.tollway.security.CertificateMonitor", `Client certificate for gantry-0${rng.int(1, 3)} expires in ${rng.int(20, 29)} days`),
  );
  for (const t of poisson(rng, t0, t1, 90 * SEC)) {
    tl.add(t, {
      event: "plate read",
      level: "info",
      timestamp: isoMicro(t),
      logger: "ocr.pipeline",
      service: "plate-ocr",
      duration_ms: round(rng.band(60), 1),
      confidence: round(rng.float(0.86, 0.995), 3),
      country: rng.pick(["NL", "BE", "DE", "FR", "PL"]),
    });
  }
  for (const t of poisson(rng, t0, t1, 5 * MIN)) {
    tl.add(t, {
      event: "low confidence read sent to manual review",
      level: "warning",
      timestamp: isoMicro(t),
      logger: "ocr.pipeline",
      service: "plate-ocr",
      confidence: round(rng.float(0.41, 0.79), 3),
    });
  }
  const pod = `account-api-${rng.hex(10)}-${rng.alnum(5)}`;
  for (const tm of poisson(rng, t0, t1, 55 * SEC)) {
    const t = Math.floor(tm / 1000) * 1000;
    const r = rng.weighted([
      ["acct", 5],
      ["trips", 3],
      ["topup", 1],
    ] as const);
    const id = rng.digits(8);
    const [method, uri, med] =
      r === "acct"
        ? ["GET", `/v1/accounts/${id}`, 0.03]
        : r === "trips"
          ? ["GET", `/v1/accounts/${id}/trips?month=${rng.int(1, 12)}`, 0.09]
          : ["POST", "/v1/topups", 0.18];
    const x = rng.next();
    const status = x < 0.02 ? 401 : x < 0.03 && method === "GET" ? 404 : r === "topup" ? 201 : 200;
    tl.add(t, {
      time_iso8601: isoOff(t).replace(".000", ""),
      remote_addr: `172.20.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      request: `${method} ${uri} HTTP/1.1`,
      status: String(status),
      body_bytes_sent: String(rng.int(90, 6000)),
      request_time: String(round(rng.band(med as number), 3)),
      http_user_agent: rng.pick(["TollwayApp/4.2 (Android)", "TollwayApp/4.2 (iOS)", "Mozilla/5.0"]),
      kubernetes: { pod_name: pod, namespace_name: "tolling", container_name: "nginx", labels: { app: "account-api" } },
    });
  }
  return tl.build(
    "tolling-gantries-quiet-day",
    "an ordinary tolling day: routine DSRC fallbacks, CRC errors, declined top-ups and low-confidence plates at their everyday rate; nothing labelled",
  );
}
