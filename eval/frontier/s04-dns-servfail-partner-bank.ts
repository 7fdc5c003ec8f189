// The partner bank's DNS zone starts failing DNSSEC validation (expired signatures on half of its
// name servers): the VPC resolver answers SERVFAIL for api.tallyfin-partner.net about half the time,
// and some lookups time out upstream. CoreDNS relays the SERVFAILs and logs the upstream timeouts;
// ledger-sync's calls to the partner fail with getaddrinfo EAI_AGAIN; payouts-api, which waits on
// ledger-sync synchronously, answers 502 on fast failures and times out (504) on slow lookups. The
// partner fixes its zone before the end of the window (for some seeds the failure lasts to the end).
// Labelled: SERVFAIL answers and upstream i/o timeouts for the partner's name, EAI_AGAIN failures
// and the 502s they cause (error); payout requests stuck behind slow lookups, their ReadTimeouts
// and 504s (performance). Decoys: NXDOMAIN answers for the search-path expansions of every
// external name, CoreDNS's import-glob warning, the partner's occasional 503 retried successfully
// and 409 duplicate transfers, invalid IBANs (422), the slow payout report, reconciliation runs.

import type { Scenario } from "../blind/types.js";
import { MINUTE, nightStart, SECOND } from "./clock.js";
import { podIp, podName, traffic } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { k8sLine, type PinoBase, type PodRef, pino, pinoErr, pinoHttp, pyJson } from "./producers.js";
import { type PyFrame, pyTraceback } from "./stacks.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "dns-servfail-partner-bank";
const PARTNER = "api.tallyfin-partner.net";
const SEARCH = ["payouts.svc.cluster.local", "svc.cluster.local", "cluster.local", "eu-west-1.compute.internal"];
const OTHER_NAMES = ["sqs.eu-west-1.amazonaws.com", "api.stripe.com", "hooks.slack.com", "o450123.ingest.sentry.io", "sts.eu-west-1.amazonaws.com"];
const INTERNAL_NAMES = [
  "ledger-sync.payouts.svc.cluster.local",
  "payouts-db-rw.payouts.svc.cluster.local",
  "redis-master.payouts.svc.cluster.local",
  "otel-collector.observability.svc.cluster.local",
];

const HTTPX_FRAMES: PyFrame[] = [
  ["/app/.venv/lib/python3.12/site-packages/httpx/_transports/default.py", 72, "map_httpcore_exceptions", "yield"],
  ["/app/.venv/lib/python3.12/site-packages/httpx/_transports/default.py", 377, "handle_async_request", "resp = await self._pool.handle_async_request(req)"],
  ["/app/payouts/clients/ledger.py", 41, "create_transfer", 'resp = await self._http.post("/internal/transfers", json=body, timeout=4.0)'],
  ["/app/payouts/api/payouts.py", 66, "create_payout", "transfer = await ledger.create_transfer(payout)"],
];

export function dnsServfailPartnerBank(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const onset = start + rng.int(3, 35) * MINUTE;
  const lasting = rng.chance(0.3);
  const fixedAt = lasting ? Number.POSITIVE_INFINITY : onset + rng.int(25, 40) * MINUTE;
  const end = lasting ? onset + rng.int(40, 55) * MINUTE : fixedAt + rng.int(12, 25) * MINUTE;
  const failing = (t: number) => t >= onset && t < fixedAt;

  const node = "ip-10-30-2-19.eu-west-1.compute.internal";
  const dnsHash = rng.kube(10);
  const dnsPods: PodRef[] = [0, 1].map(() => ({
    pod: podName(rng, "coredns", dnsHash),
    ns: "kube-system",
    container: "coredns",
    node,
    app: "kube-dns",
    image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2",
  }));
  const ledger: PinoBase = { name: "ledger-sync", hostname: podName(rng, "ledger-sync"), pid: 1 };
  const ledgerIp = podIp(rng);
  const payoutHash = rng.kube(10);
  const payoutHosts = [podName(rng, "payouts-api", payoutHash), podName(rng, "payouts-api", payoutHash)];
  const payoutIps = payoutHosts.map(() => podIp(rng));
  const otherClients = Array.from({ length: 8 }, () => podIp(rng));

  const dnsLine = (t: number, client: string, qtype: string, name: string, rcode: string, flags: string, size: number, secs: number, label: Label = null) => {
    const p = rng.pick(dnsPods);
    tl.add(
      t,
      k8sLine(
        t,
        p,
        "stdout",
        `[INFO] ${client}:${rng.int(32768, 60999)} - ${rng.int(1, 65535)} "${qtype} IN ${name} udp ${name.length + 28} false 1232" ${rcode} ${flags} ${size} ${secs.toFixed(9)}s`,
      ),
      label,
    );
  };
  /** A lookup by a pod: the search-path expansions, then the name itself; returns its outcome. */
  const lookup = (t: number, client: string, name: string, external: boolean): "ok" | "servfail" | "timeout" => {
    let at = t;
    if (external) {
      for (const d of SEARCH.slice(0, rng.int(1, 3))) {
        at += rng.int(0, 2);
        dnsLine(at, client, rng.pick(["A", "AAAA"]), `${name}.${d}.`, "NXDOMAIN", "qr,aa,rd", 160 + d.length, rng.float(0.00005, 0.0003));
      }
    }
    at += rng.int(0, 3);
    if (name === PARTNER && failing(t) && rng.chance(0.55)) {
      if (rng.chance(0.3)) {
        const p = rng.pick(dnsPods);
        tl.add(
          at + 2000,
          k8sLine(at + 2000, p, "stdout", `[ERROR] plugin/errors: 2 ${PARTNER}. A: read udp ${podIp(rng)}:${rng.int(32768, 60999)}->10.30.0.2:53: i/o timeout`),
          "error",
        );
        dnsLine(at + 2001, client, "A", `${PARTNER}.`, "SERVFAIL", "qr,rd", 53, rng.float(2.0, 2.01), "error");
        return "timeout";
      }
      dnsLine(at, client, "A", `${PARTNER}.`, "SERVFAIL", "qr,rd,ra", 53, rng.float(0.02, 0.09), "error");
      return "servfail";
    }
    dnsLine(
      at,
      client,
      "A",
      `${name}.`,
      "NOERROR",
      external ? "qr,rd,ra" : "qr,aa,rd",
      external ? rng.int(90, 160) : 120,
      external ? rng.float(0.0008, 0.02) : rng.float(0.00005, 0.0002),
    );
    return "ok";
  };

  const eaiAgain = (t: number, method: string, url: string, durationMs: number, extra: Record<string, unknown>) =>
    tl.add(
      t,
      pino(t, ledger, "error", "partner request failed", {
        ...extra,
        method,
        url,
        durationMs,
        err: pinoErr(
          "Error",
          `getaddrinfo EAI_AGAIN ${PARTNER}`,
          `Error: getaddrinfo EAI_AGAIN ${PARTNER}\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:109:26)`,
          { errno: -3001, code: "EAI_AGAIN", syscall: "getaddrinfo", hostname: PARTNER },
        ),
      }),
      "error",
    );
  /** One call from ledger-sync to the partner; returns how long it took and whether it failed. */
  const partnerCall = (t: number, method: string, url: string, extra: Record<string, unknown>): { ms: number; failed: boolean } => {
    const outcome = lookup(t, ledgerIp, PARTNER, true);
    if (outcome !== "ok") {
      const ms = outcome === "timeout" ? rng.int(2000, 2100) + (rng.chance(0.5) ? 5000 : 0) : rng.int(15, 95);
      eaiAgain(t + ms, method, url, ms, extra);
      return { ms, failed: true };
    }
    let ms = rng.logNormal(method === "GET" ? 85 : 240, 0.35);
    let status = method === "POST" ? 201 : 200;
    if (method === "POST" && rng.chance(0.03)) {
      status = 409;
      tl.add(t + ms, pino(t + ms, ledger, "warn", "partner returned 409 duplicate_idempotency_key, treating transfer as created", { ...extra, url }));
    } else if (rng.chance(0.02)) {
      tl.add(t + ms, pino(t + ms, ledger, "warn", "partner returned 503, retrying in 500ms (attempt 1/3)", { ...extra, method, url }));
      ms += 500 + rng.logNormal(200, 0.3);
    }
    tl.add(
      t + ms,
      pino(t + ms, ledger, "info", "partner request", { ...extra, method, url, status, durationMs: Math.round(ms), partnerRequestId: `req_${rng.alnum(20)}` }),
    );
    return { ms, failed: false };
  };

  // --- payouts-api requests; creating a payout waits on ledger-sync and the partner -----------
  const ips = Array.from({ length: 90 }, () => `10.30.${rng.int(1, 9)}.${rng.int(4, 250)}`);
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(450, 520),
    insts: payoutHosts,
    ips,
    uas: ["Larkspur-Backoffice/1.9", "python-httpx/0.27.2", "Go-http-client/1.1"],
    routes: [
      {
        method: "POST",
        route: "create",
        path: () => "/v1/payouts",
        weight: 38,
        med: 320,
        sigma: 0.3,
        statuses: [
          [422, 0.06],
          [401, 0.01],
        ],
      },
      { method: "GET", route: "get", path: (r) => `/v1/payouts/po_${r.alnum(12)}`, weight: 40, med: 9, sigma: 0.4, statuses: [[404, 0.03]] },
      { method: "GET", route: "report", path: () => "/v1/payouts/report?period=day", weight: 2, med: 2100, sigma: 0.35 },
    ],
  });
  for (const q of reqs) {
    const pi = payoutHosts.indexOf(q.inst);
    const service = "payouts-api";
    const logger = "payouts.access";
    let extraLine: (() => void) | undefined;
    if (q.route === "create" && q.status === 200) {
      q.status = 201;
      const t0 = q.t;
      lookup(t0, payoutIps[pi]!, INTERNAL_NAMES[0]!, false);
      const tid = `tr_${rng.alnum(16)}`;
      const call = partnerCall(t0 + 12, "POST", `https://${PARTNER}/v2/transfers`, { transferId: tid });
      const ledgerMs = call.ms + rng.logNormal(25, 0.3);
      const ledgerStatus = call.failed ? 502 : 201;
      tl.add(
        t0 + ledgerMs,
        pinoHttp(t0 + ledgerMs, ledger, {
          id: rng.uuid(),
          method: "POST",
          url: "/internal/transfers",
          status: ledgerStatus,
          ms: ledgerMs,
          ip: payoutIps[pi]!,
          ua: "python-httpx/0.27.2",
        }),
        call.failed ? "error" : null,
      );
      if (ledgerMs > 4000) {
        q.ms = 4000 + rng.logNormal(15, 0.3);
        q.status = 504;
        q.label = "performance";
        const tt = q.t + q.ms - 2;
        extraLine = () =>
          tl.add(
            tt,
            pyJson(
              tt,
              service,
              "error",
              "payouts.clients.ledger",
              "ledger call timed out after 4.0s",
              { request_id: q.id, payout_id: `po_${rng.alnum(12)}` },
              pyTraceback(HTTPX_FRAMES, "httpx.ReadTimeout: timed out"),
            ),
            "performance",
          );
      } else if (call.failed) {
        q.ms = ledgerMs + rng.logNormal(30, 0.3);
        q.status = 502;
        q.label = "error";
        const tt = q.t + q.ms - 2;
        extraLine = () =>
          tl.add(
            tt,
            pyJson(tt, service, "error", "payouts.clients.ledger", "ledger transfer failed: 502 Bad Gateway", {
              request_id: q.id,
              ledger_error: "partner_unreachable",
            }),
            "error",
          );
      } else {
        q.ms = ledgerMs + rng.logNormal(60, 0.3);
      }
      q.t += Math.round(q.ms);
    }
    extraLine?.();
    if (q.status === 422)
      tl.add(
        q.t - 1,
        pyJson(q.t - 1, service, "warn", "payouts.api", "payout rejected: invalid IBAN checksum", {
          request_id: q.id,
          country: rng.pick(["DE", "FR", "NL", "ES", "IT"]),
        }),
      );
    tl.add(
      q.t,
      pyJson(q.t, service, q.status >= 500 ? "error" : "info", logger, "request finished", {
        request_id: q.id,
        method: q.method,
        path: q.path,
        status_code: q.status,
        duration_ms: Number(q.ms.toFixed(1)),
        client_ip: q.ip,
        hostname: q.inst,
      }),
      q.label,
    );
  }

  // --- ledger-sync's own polling of the partner -------------------------------------------------
  const account = `acc_${rng.alnum(10)}`;
  for (const t of rng.ticks(start, end, 30 * SECOND, 2 * SECOND)) {
    const r = partnerCall(t, "GET", `https://${PARTNER}/v2/accounts/${account}/balance`, { job: "balance-poll" });
    if (r.failed)
      tl.add(
        t + r.ms + 1,
        pino(t + r.ms + 1, ledger, "warn", "balance poll failed, keeping last known balance", { job: "balance-poll", staleForSec: rng.int(15, 600) }),
        "error",
      );
  }
  for (const t of rng.ticks(start, end, MINUTE, 3 * SECOND)) {
    const r = partnerCall(t, "GET", `https://${PARTNER}/v2/transactions?since=${new Date(t - MINUTE).toISOString()}`, { job: "reconcile" });
    const t2 = t + r.ms + rng.int(20, 80);
    if (r.failed) tl.add(t2, pino(t2, ledger, "error", "reconciliation run failed", { job: "reconcile", reason: "partner_unreachable" }), "error");
    else
      tl.add(t2, pino(t2, ledger, "info", "reconciliation run completed", { job: "reconcile", matched: rng.int(20, 160), unmatched: rng.chance(0.1) ? 1 : 0 }));
  }

  // --- the rest of the cluster's lookups and CoreDNS's own noise ---------------------------------
  for (const t of rng.times(start, end, rng.int(250, 300))) {
    const external = rng.chance(0.5);
    lookup(t, rng.pick(otherClients), external ? rng.pick(OTHER_NAMES) : rng.pick(INTERNAL_NAMES), external);
  }
  for (const p of dnsPods) {
    for (const t of rng.ticks(start, end, 2 * MINUTE, 5 * SECOND))
      tl.add(t, k8sLine(t, p, "stdout", "[WARNING] No files matching import glob pattern: custom/*.override"));
  }
  return tl.scenario(
    NAME,
    "DNS lookups of a partner bank's API start failing (SERVFAIL, upstream timeouts); transfers fail with EAI_AGAIN and payouts answer 502 or time out.",
  );
}
