/**
 * session-reason-fields: two routine messages gain a `reason` field on some of their lines for
 * ordinary outcomes, partway into a morning. auth-service's `session closed` has no reason when
 * a user logs out; once the first morning sessions have sat idle for 30 minutes (a tenth to a
 * sixth in) the closes by timeout carry `reason: "idle timeout"`. billing's `refund created`
 * has no reason for the automatic refunds of cancelled orders; from 09:00, when the support
 * desk opens, agents' refunds carry the reason they picked. Meanwhile a node's kernel reports
 * corrected ECC memory errors, and late in the window search-indexer's heap fills: full GCs
 * that free nothing, an OutOfMemoryError and a restart.
 */
import { edgeTraffic, hourlyCron, kernel, openWindow, podRestart, upstreamAddr, viaEdge } from "./common.js";
import { fluentRaw, javaTrace, logback, structlog, zap } from "./producers.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, swell, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "session-reason-fields";

export function sessionReasonFields(seed: number): Scenario {
  const { rng, start, end, tl } = openWindow(seed, NAME, "2026-03-16", 6, 5);
  // the working day ramps up over the first hour and a half
  const morning = (t: number): number => Math.min(1, 0.25 + (0.75 * (t - start)) / (90 * MINUTE));

  // ── auth-service (Go): logins, token refreshes, sessions closed by logout or idle timeout ──
  const authUp = upstreamAddr(rng, "10.7", 8443);
  const sessionLog = (t: number, msg: string, fields: Record<string, unknown>) => zap(t, "info", "auth.session", "session/manager.go:203", msg, fields);
  for (const t of arrivals(rng, start, end, 2.2, morning)) {
    const user = `u_${rng.alnum(10)}`;
    const session = rng.hex(16);
    const method = rng.weighted([
      ["password", 3],
      ["sso", 6],
      ["passkey", 1],
    ] as const);
    const took = rng.logNormal(method === "password" ? 140 : 60, 0.3);
    const d = t + Math.round(took);
    tl.add(
      d,
      zap(d, "info", "auth.login", "login/handler.go:88", "login succeeded", {
        user_id: user,
        session_id: session,
        method,
        latency: Number((took / 1000).toFixed(6)),
      }),
    );
    viaEdge(rng, tl, t - 2, "portal-edge", { method: "POST", uri: "/api/session", status: 201, tookMs: took + 3, upstream: authUp });
    // what happens to the session: a logout, or an idle timeout 30 minutes after its last request
    const lastSeen = d + rng.logNormal(35, 0.7) * MINUTE;
    const fate = rng.weighted([
      ["logout", 40],
      ["idle", 48],
      ["password", 1],
      ["open", 11],
    ] as const);
    if (fate === "logout")
      tl.add(
        Math.round(lastSeen),
        sessionLog(Math.round(lastSeen), "session closed", { user_id: user, session_id: session, age_s: Math.round((lastSeen - d) / 1000) }),
      );
    if (fate === "idle" || fate === "password") {
      const c = Math.round(fate === "idle" ? lastSeen + 30 * MINUTE + rng.int(0, 59) * SECOND : lastSeen);
      tl.add(
        c,
        sessionLog(c, "session closed", {
          user_id: user,
          session_id: session,
          age_s: Math.round((c - d) / 1000),
          reason: fate === "idle" ? "idle timeout" : "password changed",
        }),
      );
    }
    for (let r = d + 15 * MINUTE; r < lastSeen; r += 15 * MINUTE) {
      tl.add(
        Math.round(r),
        zap(Math.round(r), "info", "auth.token", "token/refresh.go:41", "access token refreshed", { user_id: user, session_id: session, ttl_s: 900 }),
      );
    }
  }
  // the night's few sessions still open: their users log out in the first hour
  for (const t of arrivals(rng, start, start + HOUR, 0.15)) {
    tl.add(t, sessionLog(t, "session closed", { user_id: `u_${rng.alnum(10)}`, session_id: rng.hex(16), age_s: rng.int(3600, 30000) }));
  }

  // ── billing (Python): automatic refunds all window; the support desk's from 09:00 ───────────
  const deskAt = Math.floor(start / DAY) * DAY + 9 * HOUR + rng.int(0, 240) * SECOND;
  const refund = (t: number, extra: Record<string, unknown>) => {
    const amount = (rng.int(5, 400) + rng.int(0, 99) / 100).toFixed(2);
    tl.add(
      t,
      structlog(t, "info", "billing.refunds", "refund created", {
        refund_id: `re_${rng.alnum(14)}`,
        order_id: `ORD-${rng.int(6000000, 6999999)}`,
        amount,
        currency: "EUR",
        ...extra,
      }),
    );
  };
  for (const t of arrivals(rng, start, end, 0.15)) refund(t, { initiated_by: "order-cancellation" });
  const agents = ["a.okafor", "m.svensson", "l.ferreira", "r.kowalski", "h.nakamura"];
  for (const t of arrivals(rng, deskAt + rng.int(2, 9) * MINUTE, end, 0.35)) {
    const reason = rng.weighted([
      ["requested_by_customer", 6],
      ["duplicate", 2],
      ["product_unacceptable", 3],
      ["late_delivery", 2],
    ] as const);
    refund(t, { initiated_by: rng.pick(agents), reason });
  }
  for (const t of ticks(rng, start, end, 15 * MINUTE, 20 * SECOND)) {
    tl.add(
      t,
      structlog(t, "info", "billing.payouts", "payout reconciliation finished", { matched: rng.int(40, 300), unmatched: 0, duration_ms: rng.int(800, 2400) }),
    );
  }

  // ── a worker node's kernel: corrected ECC errors on one DIMM for a while ──────────────────
  const worker = `ip-10-7-${rng.int(1, 60)}-${rng.int(2, 250)}`;
  const eccFrom = tl.at(rng.float(0.33, 0.45));
  let ce = 0;
  for (const t of arrivals(rng, eccFrom, eccFrom + rng.int(6, 12) * MINUTE, 1.1)) {
    ce += rng.int(1, 3);
    tl.add(
      t,
      kernel(
        t,
        worker,
        "err",
        `EDAC MC0: ${ce > 1 ? rng.int(1, 3) : 1} CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x${rng.hex(5)} offset:0x${rng.hex(3)} grain:32 syndrome:0x0 - area:DRAM err_code:0101:0091 socket:0 ha:0 channel_mask:2 rank:1)`,
      ),
      "pattern",
    );
    if (rng.chance(0.3)) tl.add(t + 2, kernel(t + 2, worker, "warning", "mce: [Hardware Error]: Machine check events logged"), "pattern");
  }
  for (const t of ticks(rng, start, end, 20 * MINUTE, MINUTE)) {
    tl.add(t, kernel(t, worker, "info", `IPv4: martian source 10.7.${rng.int(0, 255)}.255 from 10.7.${rng.int(0, 255)}.${rng.int(2, 250)}, on dev eth0`));
  }

  // ── search-indexer (Java): indexes each minute; its heap fills late, full GCs free nothing ──
  const indexer = { app: "search-indexer", host: rng.pod("search-indexer") };
  const node = `${worker}.eu-west-1.compute.internal`;
  const k8s = { pod: indexer.host, namespace: "search", container: "search-indexer", app: "search-indexer", host: node };
  const fillFrom = tl.at(rng.float(0.55, 0.62));
  const oomAt = tl.at(rng.float(0.8, 0.87));
  const maxMb = 4096;
  const afterGc = (t: number): number => {
    if (t < fillFrom || t > oomAt + 10 * MINUTE) return 0.3 + 0.06 * Math.sin(t / 500000);
    return Math.min(0.995, 0.33 + 0.67 * ((t - fillFrom) / (oomAt - fillFrom)) ** 1.5);
  };
  const upAt = podRestart(rng, tl, oomAt + rng.int(3, 8) * SECOND, { ...k8s, node, image: "registry.internal/search-indexer:2.9.4" }) + rng.int(9, 16) * SECOND;
  const running = (t: number): boolean => t < oomAt || t >= upAt;
  for (const t of ticks(rng, start, end, MINUTE, 4 * SECOND)) {
    if (!running(t)) continue;
    const full = afterGc(t) >= 0.88;
    const took = Math.round(full ? rng.logNormal(5200, 0.3) : rng.logNormal(620, 0.3));
    const docs = rng.int(200, 900);
    tl.add(
      t,
      logback(t, indexer, "INFO", "com.shop.search.indexer.BatchIndexer", "indexer-pool-1", `Indexed batch of ${docs} documents in ${took} ms`, {
        docs,
        duration_ms: took,
      }),
      full ? "performance" : null,
    );
  }
  let gc = rng.int(4000, 9000);
  for (const t of ticks(rng, start, end, 100 * SECOND, 30 * SECOND)) {
    if (!running(t)) continue;
    const after = afterGc(t);
    const stamp = `[${new Date(t).toISOString().replace("Z", "+0000")}][${((t - (t >= upAt ? upAt : start - 3 * DAY)) / 1000).toFixed(3)}s]`;
    const before = Math.min(maxMb - 1, Math.round((after + rng.float(0.12, 0.3)) * maxMb));
    gc += 1;
    if (after >= 0.85) {
      tl.add(
        t,
        fluentRaw(
          t,
          `${stamp}[info][gc] GC(${gc}) Pause Full (G1 Compaction Pause) ${maxMb - rng.int(1, 40)}M->${Math.round(after * maxMb)}M(${maxMb}M) ${rng.int(1400, 3800)}.${rng.int(100, 999)}ms`,
          k8s,
          "stdout",
        ),
        "memory",
      );
    } else {
      tl.add(
        t,
        fluentRaw(
          t,
          `${stamp}[info][gc] GC(${gc}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${Math.round(after * maxMb)}M(${maxMb}M) ${rng.int(6, 40)}.${rng.int(100, 999)}ms`,
          k8s,
          "stdout",
        ),
      );
    }
  }
  const trace = javaTrace("java.lang.OutOfMemoryError", "Java heap space", [
    "java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
    "org.apache.lucene.util.BytesRefHash.rehash(BytesRefHash.java:411)",
    "org.apache.lucene.index.TermsHashPerField.add(TermsHashPerField.java:191)",
    "com.shop.search.indexer.BatchIndexer.index(BatchIndexer.java:77)",
  ]);
  tl.add(oomAt, logback(oomAt, indexer, "ERROR", "com.shop.search.indexer.BatchIndexer", "indexer-pool-1", "Batch indexing aborted", {}, trace), "memory");
  tl.add(oomAt + 150, fluentRaw(oomAt + 150, "Terminating due to java.lang.OutOfMemoryError: Java heap space", k8s), "memory");
  tl.add(
    upAt,
    logback(
      upAt,
      indexer,
      "INFO",
      "com.shop.search.indexer.IndexerApplication",
      "main",
      `Started IndexerApplication in ${rng.int(7, 12)}.${rng.int(100, 999)} seconds`,
    ),
  );

  // ── portal-edge (nginx): the rest of the portal ───────────────────────────────────────────
  edgeTraffic(rng, tl, {
    service: "portal-edge",
    perMinute: 1.6,
    routes: [
      ["GET /dashboard", 30],
      ["GET /api/orders/<id>", 40],
      ["GET /static/<asset>", 30],
    ],
    upstream: upstreamAddr(rng, "10.7", 3000),
    shape: (t) => morning(t) * swell(start, end, 0.1)(t),
    peak: 1.1,
  });
  hourlyCron(rng, tl, [worker]);

  return tl.build(
    NAME,
    "sessions closed by idle timeout and support-desk refunds carry a reason field from partway into the morning; a node's kernel reports corrected ECC errors, and search-indexer's heap fills until an OutOfMemoryError and a restart",
  );
}
