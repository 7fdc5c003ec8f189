/**
 * idle-timeout-cut: billing's exports-service (Go, log/slog) sits behind ingress-nginx and an
 * AWS load balancer. It is month-end: accounting teams run `POST /api/v1/exports`, which builds
 * the whole CSV before it sends a byte; small exports take seconds, ledgers one to three minutes.
 * Now and then a user closes the tab first: nginx 499, `export failed … context canceled` at
 * ERROR and postgres' `canceling statement due to user request`, routine. A third of the way in
 * Atlantis applies the edge stack's upgrade to v5 of the load-balancer module, whose default
 * `idle_timeout` is 60 s (it was set to 300 s): from then on the load balancer cuts every export
 * that is silent for 60 s. nginx sees its client leave (499 at 60 s), the service logs
 * `context canceled`, postgres cancels the COPY, and the user gets a 504; they retry, and the
 * retries are cut too. The words say the client ended it, but the client is our own load
 * balancer and every long export fails. Late in the window the on-call pins `idle_timeout = 300`.
 */
import { browser, openWindow } from "./common.js";
import { nginxJson, rsyslog, slog } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "idle-timeout-cut";
const IDLE_CUT_MS = 60_000;

export function idleTimeoutCut(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-31", 13, 3);

  const changeAt = tl.at(rng.float(0.3, 0.38));
  const revertAt = tl.at(rng.float(0.8, 0.87));
  const cutting = (t: number): boolean => t >= changeAt && t < revertAt;

  // ── Atlantis applies the edge stack (and later the pin) ─────────────────────────────────────
  const atlantis = (t: number, msg: string, pull: number) =>
    tl.add(t, {
      level: "info",
      ts: new Date(t).toISOString(),
      caller: "events/apply_command_runner.go:182",
      msg,
      json: { repo: "shop/infra-live", pull, project: "prod-edge", workspace: "default" },
    });
  const pull1 = rng.int(2100, 2400);
  atlantis(changeAt - rng.int(40, 90) * SECOND, "running apply", pull1);
  atlantis(changeAt, "apply succeeded: module.edge_alb (terraform-aws-modules/alb/aws 5.2.0): 0 added, 4 changed, 0 destroyed", pull1);
  const pull2 = pull1 + rng.int(3, 9);
  atlantis(revertAt - rng.int(40, 90) * SECOND, "running apply", pull2);
  atlantis(revertAt, "apply succeeded: module.edge_alb: 0 added, 1 changed, 0 destroyed", pull2);

  // ── exports-service (Go, slog) behind ingress-nginx ─────────────────────────────────────────
  const pods = [0, 1].map(() => ({ name: rng.pod("exports-service"), ip: `${rng.privateIp("10.42")}:8080` }));
  const pg = "pg-billing-replica-1";
  const host = "billing.shop.example";
  const upstream = "billing-exports-service-8080";
  let pgPid = rng.int(200000, 300000);
  const request = (
    s: number,
    method: string,
    uri: string,
    route: string,
    tookMs: number,
    status: number,
    cutBy: "user" | "lb" | undefined,
    label: AnomalyType | null,
    handler: (d: number, reqId: string, pod: (typeof pods)[number]) => void,
    bytes = rng.int(400, 9000),
  ) => {
    const pod = rng.pick(pods);
    const reqId = rng.hex(32);
    const d = s + Math.round(tookMs);
    handler(d, reqId, pod);
    tl.add(
      d + 1,
      slog(d + 1, "INFO", "http request", {
        method,
        path: uri.split("?")[0],
        route,
        status: cutBy ? 499 : status,
        duration_ms: Math.round(tookMs),
        bytes: cutBy ? 0 : bytes,
        request_id: reqId,
        pod: pod.name,
      }),
      label,
    );
    tl.add(
      d + 2,
      nginxJson(d + 2, {
        remoteAddr: rng.privateIp("10.0"),
        requestId: reqId,
        method,
        uri,
        status: cutBy ? 499 : status,
        requestTimeMs: tookMs + 2,
        bytesSent: cutBy ? 0 : bytes + 310,
        userAgent: browser(rng),
        host,
        upstreamAddr: pod.ip,
        upstreamStatus: cutBy ? "-" : String(status),
        upstreamTimeMs: tookMs + 1,
        proxyUpstreamName: upstream,
        referer: `https://${host}/exports`,
      }),
      label,
    );
  };

  const tenants = Array.from({ length: 30 }, () => `ten_${rng.alnum(8)}`);
  const kinds: readonly (readonly [string, number])[] = [
    ["invoices", 30],
    ["payments", 20],
    ["general-ledger", 25],
    ["tax-report", 15],
    ["customers", 10],
  ];
  const exportOnce = (s: number, tenant: string, kind: string, big: boolean, attempt: number): number | undefined => {
    const rows = big ? rng.int(400_000, 2_600_000) : rng.int(800, 90_000);
    const needs = big ? (rows / rng.float(14_000, 22_000)) * SECOND : rng.logNormal(4200, 0.6);
    const exportId = `exp_${rng.alnum(12)}`;
    const lbCuts = cutting(s) && needs > IDLE_CUT_MS;
    const userLeaves = !lbCuts && rng.chance(0.03);
    const tookMs = lbCuts ? IDLE_CUT_MS + rng.int(1, 40) : userLeaves ? needs * rng.float(0.2, 0.9) : needs;
    const label: AnomalyType | null = lbCuts ? "error" : null;
    const cutBy = lbCuts ? "lb" : userLeaves ? "user" : undefined;
    request(
      s,
      "POST",
      "/api/v1/exports",
      "POST /api/v1/exports",
      tookMs,
      200,
      cutBy,
      label,
      (d, reqId, pod) => {
        if (cutBy !== undefined) {
          tl.add(
            d,
            slog(d, "ERROR", "export failed", {
              export_id: exportId,
              tenant_id: tenant,
              kind,
              attempt,
              err: "context canceled",
              rows_written: 0,
              duration_ms: Math.round(tookMs),
              request_id: reqId,
              pod: pod.name,
            }),
            label,
          );
          pgPid += rng.int(1, 40);
          const ip = pod.ip.split(":")[0];
          tl.add(
            d + 3,
            rsyslog(
              d + 3,
              pg,
              "local0",
              "err",
              "postgres",
              pgPid,
              `[${pgPid}]: [3-1] user=exports,db=billing,app=exports-service,client=${ip} ERROR:  canceling statement due to user request`,
            ),
            label,
          );
          tl.add(
            d + 3,
            rsyslog(
              d + 3,
              pg,
              "local0",
              "err",
              "postgres",
              pgPid,
              `[${pgPid}]: [4-1] user=exports,db=billing,app=exports-service,client=${ip} STATEMENT:  COPY (SELECT * FROM export_${kind.replaceAll("-", "_")}_v WHERE tenant_id = $1 AND period = $2) TO STDOUT WITH (FORMAT csv, HEADER true)`,
            ),
            label,
          );
        } else {
          tl.add(
            d,
            slog(d, "INFO", "export finished", {
              export_id: exportId,
              tenant_id: tenant,
              kind,
              attempt,
              rows,
              bytes: rows * rng.int(90, 160),
              duration_ms: Math.round(tookMs),
              request_id: reqId,
              pod: pod.name,
            }),
          );
        }
      },
      rows * 120,
    );
    return lbCuts ? s + tookMs : undefined;
  };
  for (const s of arrivals(rng, start, end, 1.3, shape, 1.2)) {
    const tenant = rng.pick(tenants);
    const kind = rng.weighted(kinds);
    const big = rng.chance(kind === "general-ledger" || kind === "tax-report" ? 0.55 : 0.2);
    let failed = exportOnce(s, tenant, kind, big, 1);
    // the user sees a 504 and tries again, once or twice
    for (let attempt = 2; failed !== undefined && attempt <= 3 && rng.chance(attempt === 2 ? 0.8 : 0.5); attempt++) {
      failed = exportOnce(failed + rng.int(15, 120) * SECOND, tenant, kind, true, attempt);
    }
  }

  // invoices: the PDF of one, and the list pages
  for (const s of arrivals(rng, start, end, 1.8, shape, 1.2)) {
    const id = rng.int(1_000_000, 9_999_999);
    const tookMs = rng.logNormal(1800, 0.45);
    request(s, "GET", `/api/v1/invoices/${id}/pdf`, "GET /api/v1/invoices/{id}/pdf", tookMs, 200, undefined, null, (d, reqId, pod) => {
      tl.add(
        d,
        slog(d, "INFO", "invoice rendered", { invoice_id: id, pages: rng.int(1, 4), duration_ms: Math.round(tookMs - 3), request_id: reqId, pod: pod.name }),
      );
    });
  }
  for (const s of arrivals(rng, start, end, 2.6, shape, 1.2)) {
    request(
      s,
      "GET",
      `/api/v1/invoices?page=${rng.int(1, 9)}&status=${rng.pick(["open", "paid", "all"])}`,
      "GET /api/v1/invoices",
      rng.logNormal(85, 0.4),
      200,
      undefined,
      null,
      () => {},
    );
  }
  for (const s of arrivals(rng, start, end, 1.6, shape, 1.2)) {
    request(s, "GET", "/api/v1/me", "GET /api/v1/me", rng.logNormal(9, 0.4), rng.chance(0.01) ? 401 : 200, undefined, null, () => {});
  }

  // postgres' checkpoints on the replica, and the service's connection-pool stats
  for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND)) {
    tl.add(
      t,
      rsyslog(
        t,
        pg,
        "local0",
        "info",
        "postgres",
        1180,
        `[1180]: [${rng.int(100, 999)}-1] LOG:  restartpoint complete: wrote ${rng.int(200, 4000)} buffers (${rng.float(0.1, 2.5).toFixed(1)}%); write=${rng.float(20, 270).toFixed(3)} s, sync=0.00${rng.int(1, 9)} s, total=${rng.float(20, 270).toFixed(3)} s`,
      ),
    );
  }
  for (const pod of pods) {
    for (const t of ticks(rng, start, end, 10 * MINUTE, MINUTE)) {
      tl.add(t, slog(t, "INFO", "db pool stats", { acquired: rng.int(0, 6), idle: rng.int(4, 10), max: 20, wait_count: rng.int(0, 3), pod: pod.name }));
    }
  }

  return tl.build(
    NAME,
    "a Terraform module upgrade drops the load balancer's idle timeout to 60 s at month-end: every long CSV export is cut at 60 s (nginx 499, `context canceled` at ERROR, postgres cancels the COPY), users retry into the same wall until the timeout is pinned back; a few exports abandoned by their users are routine",
  );
}
