// 9) The nightly settlement reconciler hits an empty page whose next cursor equals
// its own cursor and loops: the same ordinary INFO lines ("Fetched settlement page",
// "Matched 0/0 rows") and the egress proxy's access lines repeat ~40 times a minute
// until the Job's activeDeadlineSeconds kills it. A large, middle incident.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, ipPublic, isoOff, isoZ, BROWSER_UAS, type Label } from "./lib.js";
import { pyJson, zap, pgJson, k8sEvent, type F } from "./producers.js";

export function s09BatchLoopFlood(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(38, 44) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const jobStart = T0 + W * r.float(0.07, 0.14);
  const loopT = T0 + W * r.float(0.3, 0.37);
  const killT = loopT + r.int(12, 15) * MIN;
  const jobName = `settlement-reconciler-${Math.floor(jobStart / 60000)}`;
  const pod = `${jobName}-${r.podSuffix()}`;
  const node = `ip-10-5-${r.int(0, 63)}-${r.int(2, 254)}.eu-west-1.compute.internal`;
  const acq = r.pick(["adyen", "worldline", "nexi", "checkout"]);
  const settleDate = isoZ(jobStart - 86400000, 0).slice(0, 10);
  const rec = (t: number, lv: "info" | "warn" | "error", logger: string, msg: string, extra: F | undefined, lbl: Label): void => {
    sink.add(t, { ...pyJson(t, lv, logger, msg, extra), pod, job: "settlement-reconciler" }, lbl);
  };
  const egressPod = `egress-gateway-${r.rsHash()}-${r.podSuffix()}`;
  const egress = (t: number, ms: number, method: string, authority: string, path: string, code: number, src: string, lbl: Label): void => {
    sink.add(
      t,
      {
        timestamp: isoZ(t, 6),
        start_time: isoZ(t - ms, 3),
        method,
        path,
        protocol: "HTTP/1.1",
        response_code: code,
        response_flags: "-",
        bytes_received: method === "POST" ? r.int(200, 2000) : 0,
        bytes_sent: code === 200 ? r.int(300, 90000) : r.int(40, 200),
        duration: Math.round(ms),
        upstream_service_time: String(Math.max(0, Math.round(ms - 2))),
        x_forwarded_for: src,
        user_agent: "python-httpx/0.27.0",
        request_id: r.uuid(),
        authority,
        upstream_host: `${ipPublic(r)}:443`,
        upstream_cluster: `outbound|443||${authority}`,
        kubernetes: { pod_name: egressPod, pod_namespace: "istio-system", container_name: "istio-proxy" },
        source_type: "kubernetes_logs",
        stream: "stdout",
      },
      lbl,
    );
  };
  const recIp = ipIn(r, "10.5");
  const authority = `settlements.${acq}-partner-api.example.net`;

  // ------------------------------------------------------------ job start events
  const ev = (t: number, type: "Normal" | "Warning", kind: string, name: string, reason: string, msg: string, component: string, lbl: Label = null): void => {
    sink.add(
      t,
      k8sEvent(t, { type, reason, message: msg, kind, name, ns: "finance", component, host: kind === "Pod" ? node : undefined, uidSeed: r.uuid() }),
      lbl,
    );
  };
  ev(jobStart - 4000, "Normal", "CronJob", "settlement-reconciler", "SuccessfulCreate", `Created job ${jobName}`, "cronjob-controller");
  ev(jobStart - 3900, "Normal", "Job", jobName, "SuccessfulCreate", `Created pod: ${pod}`, "job-controller");
  ev(jobStart - 3800, "Normal", "Pod", pod, "Scheduled", `Successfully assigned finance/${pod} to ${node}`, "default-scheduler");
  ev(
    jobStart - 2500,
    "Normal",
    "Pod",
    pod,
    "Pulled",
    'Container image "registry.acme.internal/finance/reconciler:1.17.2" already present on machine',
    "kubelet",
  );
  ev(jobStart - 2200, "Normal", "Pod", pod, "Started", "Started container reconciler", "kubelet");

  rec(
    jobStart,
    "info",
    "reconciler.main",
    `Starting reconciliation run for ${settleDate} (acquirer=${acq}, merchant_accounts=${r.int(3, 9)})`,
    { settlement_date: settleDate, acquirer: acq },
    null,
  );
  rec(
    jobStart + 400,
    "info",
    "reconciler.ledger",
    `Loaded ${r.int(40000, 90000)} ledger entries for ${settleDate} into memory index`,
    { elapsed_ms: r.int(300, 900) },
    null,
  );

  // ------------------------------------------------------------ healthy paging
  let page = 1;
  let cursor = r.b62(22);
  let t = jobStart + 1200;
  let unmatchedTotal = 0;
  while (t < loopT) {
    const ms = r.logn(650, 0.25);
    egress(t + ms, ms, "GET", authority, `/v2/settlements?date=${settleDate}&limit=500&cursor=${cursor}`, 200, recIp, null);
    const next = r.b62(22);
    rec(
      t + ms + 3,
      "info",
      "reconciler.fetch",
      "Fetched settlement page from acquirer",
      { page, cursor, next_cursor: next, rows: 500, elapsed_ms: Math.round(ms) },
      null,
    );
    const un = r.chance(0.3) ? r.int(1, 3) : 0;
    unmatchedTotal += un;
    const tm = t + ms + r.int(1800, 4000);
    rec(
      tm,
      "info",
      "reconciler.match",
      `Matched ${500 - un}/500 settlement rows against ledger (${un} unmatched)`,
      { page, matched: 500 - un, unmatched: un },
      null,
    );
    for (let k = 0; k < un; k++)
      rec(
        tm + 1 + k,
        "warn",
        "reconciler.match",
        "Unmatched settlement row",
        {
          psp_reference: `${r.digits(16)}`,
          amount_minor: r.int(100, 99999),
          currency: r.pick(["EUR", "EUR", "GBP", "SEK"]),
          reason: r.pick(["no_ledger_entry", "amount_mismatch"]),
        },
        null,
      );
    cursor = next;
    page++;
    t = tm + r.int(5000, 11000);
  }
  // ------------------------------------------------------------ the loop
  {
    const stuck = cursor;
    let tt = loopT;
    let n = 0;
    while (tt < killT) {
      const limited = n > 20 && r.chance(0.04);
      const ms = limited ? r.logn(90, 0.2) : r.logn(520, 0.3);
      egress(tt + ms, ms, "GET", authority, `/v2/settlements?date=${settleDate}&limit=500&cursor=${stuck}`, limited ? 429 : 200, recIp, "pattern");
      if (limited) {
        rec(tt + ms + 2, "warn", "reconciler.fetch", "Acquirer API rate limited (429), sleeping 2.0s", { page, retry_after_s: 2 }, "pattern");
        tt += ms + 2000;
        continue;
      }
      rec(
        tt + ms + 3,
        "info",
        "reconciler.fetch",
        "Fetched settlement page from acquirer",
        { page, cursor: stuck, next_cursor: stuck, rows: 0, elapsed_ms: Math.round(ms) },
        "pattern",
      );
      rec(tt + ms + 6, "info", "reconciler.match", "Matched 0/0 settlement rows against ledger (0 unmatched)", { page, matched: 0, unmatched: 0 }, "pattern");
      page++;
      n++;
      tt += ms + r.float(960, 1060); // the client sleeps ~1 s between pages
    }
    ev(killT, "Warning", "Job", jobName, "DeadlineExceeded", "Job was active longer than specified deadline", "job-controller", "pattern");
    ev(killT + 300, "Normal", "Pod", pod, "Killing", "Stopping container reconciler", "kubelet");
    rec(killT + 500, "info", "reconciler.main", "Received SIGTERM, shutting down", { pages_fetched: page - 1, unmatched_total: unmatchedTotal }, null);
  }

  // ------------------------------------------------------------ other egress traffic
  for (const t2 of arrivals(r, T0, T1, 4.5)) {
    const [auth, path, m] = r.pick([
      ["api.frankfurter.app", "/latest?from=EUR", "GET"],
      ["hooks.slack.com", `/services/T0${r.b62(8)}/B0${r.b62(8)}/${r.b62(24)}`, "POST"],
      ["api.postmarkapp.com", "/email", "POST"],
      ["oauth2.googleapis.com", "/token", "POST"],
      [authority, "/v2/payouts?status=pending", "GET"],
    ] as const);
    egress(t2, r.logn(180, 0.5), m, auth, path, r.chance(0.01) ? 503 : 200, ipIn(r, "10.5"), null);
  }

  // ------------------------------------------------------------ ledger-api (zap)
  const lpods = [0, 1, 2].map(() => `ledger-api-${r.rsHash()}-${r.podSuffix()}`);
  for (const t2 of arrivals(r, T0, T1, 15)) {
    const kind = r.weighted([
      ["GET /v1/accounts/{id}/balance", 50],
      ["POST /v1/transfers", 30],
      ["GET /v1/transfers/{id}", 20],
    ] as const);
    const [method, route] = kind.split(" ") as [string, string];
    const path = route.replace("{id}", method === "GET" && route.includes("accounts") ? String(r.int(100000, 999999)) : `tr_${r.b62(16)}`);
    const status = method === "POST" ? (r.chance(0.02) ? 409 : 201) : r.chance(0.02) ? 404 : 200;
    sink.add(
      t2,
      zap(t2, "info", "request", {
        logger: "http",
        caller: "httpx/middleware.go:77",
        fields: { method, path, status, duration_ms: round(r.logn(method === "POST" ? 24 : 6, 0.4), 2), pod: r.pick(lpods), request_id: r.uuid() },
      }),
    );
  }
  for (const t2 of arrivals(r, T0, T1, 0.1)) {
    sink.add(
      t2,
      zap(t2, "warn", "idempotency key reused with different body", {
        logger: "http",
        caller: "httpx/idempotency.go:52",
        fields: { pod: r.pick(lpods), key: r.uuid(), status: 422 },
      }),
    );
  }

  // ------------------------------------------------------------ web (nginx JSON)
  for (const t2 of arrivals(r, T0, T1, 14)) {
    const path = r.pick(["/", "/app", "/app/transfers", "/app/accounts", "/api/session", "/static/main.css", "/static/app.js"]);
    const st = r.chance(0.01) ? 499 : 200;
    sink.add(t2, {
      time: isoOff(t2, 0, 0),
      remote_addr: ipPublic(r),
      request: `GET ${path} HTTP/2.0`,
      status: st,
      body_bytes_sent: r.int(400, 60000),
      request_time: round(r.logn(0.02, 0.6), 3),
      http_user_agent: r.pick(BROWSER_UAS),
      host: "app.bank.example.com",
    });
  }

  // ------------------------------------------------------------ decoy: the statement exporter's nightly burst (usual)
  {
    const tb = T0 + W * r.float(0.82, 0.92);
    const n = r.int(110, 160);
    const expPod = `statement-exporter-${Math.floor(tb / 60000)}-${r.podSuffix()}`;
    sink.add(tb - 500, { ...pyJson(tb - 500, "info", "exporter.main", `Exporting monthly statements batch ${r.int(3, 9)}/12 (${n} accounts)`), pod: expPod });
    let te = tb;
    for (let k = 0; k < n; k++) {
      te += r.float(200, 600);
      sink.add(te, {
        ...pyJson(te, "info", "exporter.pdf", `exported statement for account acct_${r.b62(12)}`, { pages: r.int(1, 6), bytes: r.int(40000, 400000) }),
        pod: expPod,
      });
    }
    sink.add(te + 300, {
      ...pyJson(te + 300, "info", "exporter.main", `Export batch finished: ${n} statements in ${round((te - tb) / 1000, 1)}s`),
      pod: expPod,
    });
  }

  // ------------------------------------------------------------ postgres
  for (const t2 of ticks(r, T0, T1, 5 * MIN, 0)) {
    sink.add(t2, pgJson(t2, "LOG", "checkpoint starting: time", { pid: 64, backend: "checkpointer" }));
    sink.add(
      t2 + 90000,
      pgJson(
        t2 + 90000,
        "LOG",
        `checkpoint complete: wrote ${r.int(200, 3000)} buffers (${round(r.float(0.1, 2), 1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=${round(r.float(85, 90), 3)} s, sync=0.00${r.int(1, 9)} s, total=${round(r.float(90, 91), 3)} s; sync files=${r.int(20, 60)}, longest=0.002 s, average=0.001 s; distance=${r.int(5000, 30000)} kB, estimate=${r.int(20000, 30000)} kB`,
        { pid: 64, backend: "checkpointer" },
      ),
    );
  }
  for (const t2 of arrivals(r, T0, T1, 0.1)) {
    sink.add(
      t2,
      pgJson(t2, "ERROR", 'duplicate key value violates unique constraint "transfers_idempotency_key_key"', {
        pid: r.int(20000, 40000),
        backend: "client backend",
        user: "ledger",
        db: "ledger",
        remote: ipIn(r, "10.5"),
        app: "ledger-api",
        state: "23505",
        detail: `Key (idempotency_key)=(${r.uuid()}) already exists.`,
        statement: "INSERT INTO transfers (id, idempotency_key, amount_minor, currency, from_account, to_account) VALUES ($1, $2, $3, $4, $5, $6)",
      }),
    );
  }

  return sink.build(
    "reconciler-pagination-loop-flood",
    "A settlement reconciler job loops on a cursor that never advances: its ordinary fetch/match INFO lines and the egress proxy's lines flood at ~40 a minute until the Job deadline kills it.",
  );
}
