// Ferry booking system, about three hours. The e-ticket issuer signs every ticket's QR code on an HSM that has
// been flaky since before the window opens: failed signatures, slow signatures and HSM session re-initialisations
// are scattered over the whole window from its first minute. There is no quiet part before the incident.
//
// Producers: sailing-api (pino + pino-http), berth-inventory (zap, string durations), ticket-issuer (logback JSON),
// manifest-sync (structlog).
// Healthy bands (median; healthy values stay within 3x of it):
//   sailing-api GET /v1/sailings 45 ms, GET /v1/bookings/:ref 25 ms, POST /v1/bookings 180 ms (responseTime)
//   berth-inventory "lane space reserved" 12 ms; ticket-issuer "Issued e-ticket" 60 ms (durationMs)
//   manifest-sync "manifest pushed to port authority" 400 ms (duration_ms)
// Routine noise (null): expired session tokens (WARN), lane optimistic-lock retries (WARN), bounced confirmation
// e-mails (ERROR), manifest rows without nationality (WARN), 404 on mistyped booking references.
// Labelled: HSM sign failures (error), POST /v1/bookings answering 502 with the unchanged "request completed"
// message (error, status field only), slow e-ticket issues and the bookings they held up (performance, > 4x),
// HSM session pool re-initialisations (pattern).
import { arrivals, epochS, HOUR, isoMicro, isoOffset, LogBook, type Log, MIN, pad2, Rng, round, SEC } from "./rng.js";
import { startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function ferryBookingScatter(seed: number): Scenario {
  const r = new Rng(seed, 101);
  const t0 = startOf(r);
  const end = t0 + 3 * HOUR + r.int(-10, 10) * MIN;
  const book = new LogBook();

  const apiHost = r.pod("sailing-api");
  const apiPid = r.int(1, 40);
  const berthHost = r.pod("berth-inventory");
  const issuerHost = r.pod("ticket-issuer");
  let reqId = r.int(1_000, 90_000);
  const routes = ["DVR-CAL", "DVR-DUN", "HOL-DUB", "PME-CHE", "ROS-FIS", "SCR-ULL"];
  const minutes = ["00", "15", "30", "45"];
  const sailings = Array.from({ length: 14 }, () => `${r.pick(routes)}-${pad2(r.int(5, 22))}${r.pick(minutes)}`);
  const ref = (): string => `FB${r.upper(6)}`;
  const slot = r.int(1, 3);
  const ISSUE = "com.ferrylink.ticketing.IssueService";

  const pino =
    (level: number, msg: string, extra: Log) =>
    (t: number): Log => ({
      level,
      time: t,
      pid: apiPid,
      hostname: apiHost,
      name: "sailing-api",
      ...extra,
      msg,
    });
  const http = (method: string, url: string, status: number, ms: number): Log => ({
    req: { id: reqId++, method, url, remoteAddress: `10.20.${r.int(0, 9)}.${r.int(2, 250)}` },
    res: { statusCode: status },
    responseTime: Math.max(1, Math.round(ms)),
  });
  const zap =
    (level: string, caller: string, msg: string, extra: Log) =>
    (t: number): Log => ({
      level,
      ts: epochS(t),
      caller,
      msg,
      service: "berth-inventory",
      host: berthHost,
      ...extra,
    });
  const logback =
    (level: string, logger: string, message: string, extra: Log) =>
    (t: number): Log => ({
      "@timestamp": isoOffset(t),
      "@version": "1",
      message,
      logger_name: logger,
      thread_name: `issue-worker-${r.int(1, 8)}`,
      level,
      level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
      app: "ticket-issuer",
      host: issuerHost,
      ...extra,
    });
  const structlog =
    (level: string, event: string, extra: Log) =>
    (t: number): Log => ({
      event,
      service: "manifest-sync",
      ...extra,
      level,
      logger: "manifest.push",
      timestamp: isoMicro(t),
    });

  // Bookings. The first one, inside the first minute, already hits the HSM fault.
  const bookingTimes = [t0 + r.int(8, 45) * SEC, ...arrivals(r, t0 + 50 * SEC, end, 4.2)];
  bookingTimes.forEach((t, i) => {
    const bookingRef = ref();
    const sailing = r.pick(sailings);
    const trace = r.hex(32);
    const outcome =
      i === 0
        ? "fail"
        : r.weighted([
            ["fail", 4.5],
            ["slow", 4.2],
            ["ok", 91.3],
          ] as const);
    const lane = r.healthy(12, 0.3);
    const vehicle = r.pick(["car", "car", "car", "van", "motorbike", "foot"]);
    if (vehicle !== "foot") {
      book.add(
        t,
        null,
        zap("info", "lanes/reserve.go:88", "lane space reserved", {
          sailing,
          vehicle,
          lane_m: vehicle === "van" ? 6.5 : vehicle === "car" ? 4.8 : 2.2,
          duration: `${lane.toFixed(1)}ms`,
          trace_id: trace,
        }),
      );
      if (r.chance(0.015)) {
        book.add(
          t - 3,
          null,
          zap("warn", "lanes/reserve.go:71", "optimistic lock conflict on lane map, retrying", {
            sailing,
            attempt: 2,
            trace_id: trace,
          }),
        );
      }
    }
    const ti = t + lane + r.int(3, 9);
    let post: number;
    if (outcome === "ok") {
      const d = r.healthy(60);
      book.add(
        ti + d,
        null,
        logback("INFO", ISSUE, `Issued e-ticket ${bookingRef} for sailing ${sailing}`, {
          durationMs: Math.round(d),
          traceId: trace,
        }),
      );
      post = r.healthy(180);
      post = Math.max(post, lane + d + 5);
      if (post > 180 * 2.5) post = 180 * 2.5;
    } else if (outcome === "slow") {
      const d = r.slow(60, 14, 40);
      book.add(
        ti + d,
        "performance",
        logback("INFO", ISSUE, `Issued e-ticket ${bookingRef} for sailing ${sailing}`, {
          durationMs: Math.round(d),
          traceId: trace,
        }),
      );
      post = d + lane + r.healthy(110);
    } else {
      const d = r.healthy(60);
      book.add(
        ti + d,
        "error",
        logback("ERROR", ISSUE, `Failed to issue e-ticket ${bookingRef}: HSM signing failed`, {
          traceId: trace,
          stack_trace:
            "sun.security.pkcs11.wrapper.PKCS11Exception: CKR_DEVICE_ERROR\n" +
            "\tat sun.security.pkcs11.wrapper.PKCS11.C_Sign(Native Method)\n" +
            "\tat sun.security.pkcs11.P11Signature.engineSign(P11Signature.java:620)\n" +
            "\tat com.ferrylink.ticketing.QrSigner.sign(QrSigner.java:54)\n" +
            "\tat com.ferrylink.ticketing.IssueService.issue(IssueService.java:131)",
        }),
      );
      post = r.healthy(180);
      post = Math.max(post, lane + d + 5);
      if (post > 180 * 2.5) post = 180 * 2.5;
    }
    const status = outcome === "fail" ? 502 : 201;
    book.add(
      t + post,
      outcome === "fail" ? "error" : outcome === "slow" ? "performance" : null,
      pino(30, "request completed", {
        ...http("POST", "/v1/bookings", status, post),
        traceId: trace,
      }),
    );
  });

  // Lookups that never touch the issuer: healthy all window.
  for (const t of arrivals(r, t0, end, 5.5)) {
    const ms = r.healthy(45);
    const url = `/v1/sailings?route=${r.pick(routes)}&date=2025-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`;
    book.add(t, null, pino(30, "request completed", http("GET", url, 200, ms)));
  }
  for (const t of arrivals(r, t0, end, 2.1)) {
    const ms = r.healthy(25);
    const status = r.chance(0.04) ? 404 : 200;
    book.add(t, null, pino(30, "request completed", http("GET", `/v1/bookings/${ref()}`, status, ms)));
  }
  for (const t of arrivals(r, t0, end, 0.3)) {
    book.add(t, null, pino(40, "session token expired, client must re-authenticate", { sessionId: r.hex(24) }));
  }
  const BOUNCE = "550 5.1.1 mailbox unavailable";
  for (const t of arrivals(r, t0, end, 0.12)) {
    const msg = `Confirmation e-mail for booking ${ref()} bounced: ${BOUNCE}`;
    book.add(t, null, logback("ERROR", "com.ferrylink.ticketing.MailOutbox", msg, {}));
  }

  // Manifests go to the port authority every ten minutes per departing sailing.
  for (const t of ticks(r, t0 + r.int(1, 9) * MIN, end, 10 * MIN)) {
    for (let k = 0; k < r.int(1, 3); k++) {
      const ms = r.healthy(400);
      book.add(
        t + k * 2_000 + ms,
        null,
        structlog("info", "manifest pushed to port authority", {
          sailing: r.pick(sailings),
          passengers: r.int(40, 900),
          vehicles: r.int(10, 240),
          duration_ms: round(ms, 1),
        }),
      );
    }
  }
  for (const t of arrivals(r, t0, end, 0.1)) {
    book.add(
      t,
      null,
      structlog("warning", "manifest row missing nationality, defaulted to UNK", {
        sailing: r.pick(sailings),
        row: r.int(1, 800),
      }),
    );
  }

  // HSM session pool re-initialisations, the first one within the first minute.
  for (let t = t0 + r.int(20, 55) * SEC; t < end; t += r.int(16, 34) * MIN) {
    book.add(
      t,
      "pattern",
      logback(
        "WARN",
        "com.ferrylink.ticketing.HsmSessionPool",
        `HSM session pool re-initialised after CKR_SESSION_HANDLE_INVALID (slot ${slot}, ${r.int(6, 12)} sessions)`,
        {},
      ),
    );
  }

  return {
    name: "ferry-booking-scatter",
    description: "Ferry bookings while a flaky HSM fails, slows and re-inits e-ticket signing from the first minute",
    ...book.build(),
  };
}
