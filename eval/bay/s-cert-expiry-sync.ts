/**
 * expired-client-cert-sync: inventory-sync's client certificate expires partway into the
 * window (nothing renewed it); from then on each sync cycle tries three times and fails the
 * handshake, and warehouse-api's Go server logs `http: TLS handshake error ... certificate has
 * expired` for each attempt, about 30 cycles to the end. warehouse-api's other clients (through
 * the storefront's Envoy sidecar) are unaffected. warehouse-api's host logs a forward clock jump
 * and a martian source once, lines it never writes.
 */
import { envoy, rsyslog, slog } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "expired-client-cert-sync";

export function expiredClientCertSync(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-06-01", 2);
  const end = start + 6 * HOUR + rng.int(-15, 15) * MINUTE;
  const tl = new Timeline(start, end);

  const host = `wh-api-${rng.int(1, 3)}`;
  const whIp = `10.44.${rng.int(1, 30)}.${rng.int(2, 250)}`;
  const syncIp = `10.44.${rng.int(31, 60)}.${rng.int(2, 250)}`;
  const wh = { service: "warehouse-api", host };
  const sy = { service: "inventory-sync", instance: "inventory-sync-0" };
  const expiry = tl.at(rng.float(0.45, 0.62));
  const notAfter = new Date(expiry).toISOString().replace(/\.\d{3}Z$/, "Z");
  const ns = (ms: number) => Math.round(ms * 1e6);

  // ── inventory-sync (Go, slog): a cycle every ~5 minutes ─────────────────────────────────────
  const period = rng.int(4, 6) * MINUTE;
  let cycle = rng.int(80000, 90000);
  for (const t of ticks(rng, start, end, period, 15 * SECOND)) {
    cycle += 1;
    const since = new Date(t - period).toISOString();
    tl.add(t, slog(t, "INFO", "sync cycle started", { ...sy, cycle, since }));
    if (t < expiry) {
      const took = rng.logNormal(1800, 0.3);
      const conn = t + rng.int(20, 60);
      tl.add(
        conn + 2,
        slog(conn + 2, "INFO", "request served", {
          ...wh,
          method: "GET",
          path: "/v2/changes",
          status: 200,
          client: "inventory-sync",
          remote: `${syncIp}:${rng.int(40000, 60000)}`,
          duration: ns(took - 100),
        }),
      );
      const d = t + Math.round(took);
      tl.add(d, slog(d, "INFO", "sync cycle finished", { ...sy, cycle, changes: rng.int(10, 800), duration: ns(took) }));
      continue;
    }
    let a = t + rng.int(20, 80);
    for (const attempt of [1, 2, 3]) {
      const port = rng.int(40000, 60000);
      const now = new Date(a).toISOString().replace(/\.\d{3}Z$/, "Z");
      tl.add(
        a,
        slog(
          a,
          "ERROR",
          `http: TLS handshake error from ${syncIp}:${port}: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${now} is after ${notAfter}`,
          {
            ...wh,
          },
        ),
        "error",
      );
      tl.add(
        a + 3,
        slog(a + 3, attempt < 3 ? "WARN" : "ERROR", attempt < 3 ? "fetch changes failed, retrying" : "sync cycle failed", {
          ...sy,
          cycle,
          attempt,
          error: `Get "https://warehouse-api.internal:8443/v2/changes?since=${encodeURIComponent(since)}": remote error: tls: expired certificate`,
        }),
        "error",
      );
      a += attempt * 2 * SECOND + rng.int(0, 400);
    }
  }

  // ── warehouse-api (Go, slog): other clients' requests; a stock snapshot every 15 minutes ───
  const paths: (readonly [string, number])[] = [
    ["/v2/stock/<sku>", 60],
    ["/v2/reservations", 20],
    ["/v2/locations", 8],
  ];
  for (const t of arrivals(rng, start, end, 3.2, swell(start, end, 0.35, rng.float(0, 6)), 1.35)) {
    const p = rng.weighted(paths);
    const method = p === "/v2/reservations" ? "POST" : "GET";
    const took = rng.logNormal(p === "/v2/reservations" ? 45 : 12, 0.4);
    const status = p.includes("sku") && rng.chance(0.03) ? 404 : method === "POST" ? 201 : 200;
    const path = p.replace("<sku>", `SKU-${rng.int(100000, 999999)}`);
    tl.add(
      t + Math.round(took),
      slog(t + Math.round(took), "INFO", "request served", {
        ...wh,
        method,
        path,
        status,
        client: "storefront-bff",
        remote: `10.44.${rng.int(61, 90)}.${rng.int(2, 250)}:${rng.int(40000, 60000)}`,
        duration: ns(took),
      }),
    );
    // The storefront's Envoy sidecar logs the same call as it leaves.
    tl.add(
      t - 1,
      envoy(
        t - 1,
        {
          method,
          path,
          authority: "warehouse-api.internal:8443",
          code: status,
          durationMs: took + 1,
          upstreamHost: `${whIp}:8443`,
          upstreamCluster: "outbound|8443||warehouse-api.internal",
          requestId: rng.uuid(),
        },
        {
          pod: rng.pick(["storefront-bff-7d9c8b6f4-x2k9p", "storefront-bff-7d9c8b6f4-q7m4t"]),
          namespace: "shop",
          container: "istio-proxy",
          app: "storefront-bff",
          host: "ip-10-44-7-19",
        },
      ),
    );
  }
  for (const t of ticks(rng, start, end, 15 * MINUTE, 30 * SECOND)) {
    tl.add(t, slog(t, "INFO", "stock snapshot written", { ...wh, skus: rng.int(88000, 92000), duration: ns(rng.logNormal(2400, 0.2)) }));
  }
  for (const t of ticks(rng, start, end, MINUTE, SECOND)) {
    if (rng.chance(0.5)) tl.add(t, slog(t, "DEBUG", "health check ok", { ...wh, db: "up", cache: "up" }));
  }

  // ── warehouse-api's host via rsyslog: cron sessions; a clock jump and a martian source once ──
  for (const t of ticks(rng, start, end, 10 * MINUTE, 2 * SECOND)) {
    const pid = rng.int(20000, 40000);
    tl.add(t, rsyslog(t, host, "cron", "info", "CRON", pid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
    tl.add(t + 400, rsyslog(t + 400, host, "cron", "info", "CRON", pid, `(root) CMD (/usr/local/bin/rotate-exports.sh >/dev/null 2>&1)`));
    tl.add(t + 900, rsyslog(t + 900, host, "cron", "info", "CRON", pid, "pam_unix(cron:session): session closed for user root"));
  }
  for (const t of ticks(rng, start, end, 30 * MINUTE, MINUTE)) {
    tl.add(t, rsyslog(t, host, "daemon", "info", "chronyd", 712, `Selected source 169.254.169.123 (time.aws.com)`));
  }
  const jumpAt = tl.at(rng.float(0.1, 0.4));
  tl.add(jumpAt, rsyslog(jumpAt, host, "daemon", "warning", "chronyd", 712, `Forward time jump detected!`), "pattern");
  const martianAt = tl.at(rng.float(0.3, 0.95));
  tl.add(
    martianAt,
    rsyslog(
      martianAt,
      host,
      "kern",
      "warning",
      "kernel",
      undefined,
      `IPv4: martian source ${whIp} from 169.254.${rng.int(1, 250)}.${rng.int(1, 250)}, on dev ens5`,
    ),
    "pattern",
  );

  return tl.build(
    NAME,
    "inventory-sync's client certificate expires partway in and every sync attempt fails the TLS handshake to the end, warehouse-api logging each rejection; the host logs a clock jump and a martian packet once",
  );
}
