// A nightly card settlement in OpenTelemetry log records as the collector's file exporter
// flattens them (timestamp, severity_number and severity_text, body, resource with
// service.name, attributes with the step's ISO 8601 `duration`); the Rust bank connector sets
// only severity_number. The bank's SFTP server fails over and publishes the first clearing file
// again with a new mtime: nothing fails at once, the fault is the order of things, the same file
// (same checksum) fetched and settled twice, until reconciliation finds the account off by
// exactly one file.
import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, isoDuration, isoNs, type Label, MIN, type Rng, rngFor, SEC } from "./kit.js";

const SEV: Record<string, number> = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };

export function settlementDoubleRun(seed: number): Scenario {
  const name = "settlement-batch-double-run";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A bank's SFTP failover re-publishes a clearing file; the nightly settlement fetches and posts it a second time, seen only in the order of OpenTelemetry log records, until reconciliation is off by one file",
  );
  const day = Date.UTC(2024, 0, 8) + rng.int(0, 680) * 24 * HOUR;
  const t0 = day + 30 * MIN + rng.int(0, 10) * MIN;
  const end = t0 + rng.int(230, 250) * MIN;
  const date = new Date(day).toISOString().slice(0, 10).replace(/-/g, "");
  const res = (svc: string, host: string, version: string) => ({
    "service.name": svc,
    "service.version": version,
    "host.name": host,
    "deployment.environment": "prod",
    "service.namespace": "payments",
  });
  const BATCH = res("settlement-batch", "batch-01", "5.2.0");
  const CONN = res("bank-connector", "batch-01", "1.8.3");
  const LEDGER = res("ledger-api", "ledger-api-7c9d-x2kq4", "12.4.1");
  const otel = (
    t: number,
    resource: Record<string, string>,
    scope: string,
    level: string,
    body: string,
    label: Label,
    attributes: Record<string, unknown> = {},
    textless = false,
    trace?: string,
  ): void => {
    inc.add(
      t,
      {
        timestamp: isoNs(t),
        observed_timestamp: isoNs(t + 3),
        severity_number: SEV[level],
        ...(textless ? {} : { severity_text: level }),
        body,
        attributes,
        resource,
        scope: { name: scope },
        ...(trace ? { trace_id: trace, span_id: rng.hex(16), flags: 1 } : {}),
      },
      label,
    );
  };
  const conn = (t: number, level: string, body: string, label: Label, attrs: Record<string, unknown> = {}): void =>
    otel(t, CONN, "bank_connector::sftp", level, body, label, attrs, true);

  // The connector polls the bank's outgoing folder every minute.
  const arrivals = [
    { file: `CLR_${date}_01.csv`, at: day + HOUR + rng.int(0, 8) * MIN, records: rng.int(38000, 52000), sha: rng.hex(64), size: 0 },
    { file: `CLR_${date}_02.csv`, at: day + 3 * HOUR + rng.int(0, 8) * MIN, records: rng.int(30000, 46000), sha: rng.hex(64), size: 0 },
  ];
  for (const a of arrivals) a.size = a.records * rng.int(180, 220);
  const redelivery = { ...arrivals[0]!, at: day + 2 * HOUR + rng.int(5, 25) * MIN };
  for (let t = t0 + rng.int(0, 59) * SEC; t < end; t += MIN) {
    const due = [...arrivals, redelivery].find((a) => a.at >= t - MIN && a.at < t);
    if (!due)
      conn(t, "DEBUG", "polled sftp://sftp.clearing.bank.example/outgoing: 0 new files", null, { "sftp.host": "sftp.clearing.bank.example", "files.new": 0 });
  }

  let runNo = 0;
  const ledgerBusy: [number, number][] = [];
  const settle = (a: (typeof arrivals)[number], dup: boolean, r: Rng): number => {
    runNo++;
    const trace = r.hex(32);
    const mark = (l: Label): Label => (dup ? "pattern" : l);
    const mtime = new Date(a.at - r.int(30, 120) * SEC).toISOString();
    conn(a.at, "INFO", `new file ${a.file} size=${a.size} mtime=${mtime} sha256=${a.sha}`, mark(null), {
      "file.name": a.file,
      "file.size": a.size,
      "file.sha256": a.sha,
    });
    conn(a.at + 2 * SEC, "INFO", `downloaded ${a.file} to /var/spool/settlement/in/${a.file} in ${isoDuration(r.int(800, 3000))}`, null, {
      "file.name": a.file,
    });
    let t = a.at + r.int(10, 40) * SEC;
    const step = (s: string, body: string, ms: number, label: Label, attrs: Record<string, unknown> = {}): void =>
      otel(
        t,
        BATCH,
        "com.acme.settlement.StepRunner",
        "INFO",
        body,
        label,
        { "batch.run": runNo, "batch.step": s, "file.name": a.file, duration: isoDuration(ms), ...attrs },
        false,
        trace,
      );
    otel(
      t,
      BATCH,
      "com.acme.settlement.BatchLauncher",
      "INFO",
      `batch started file=${a.file} run=${runNo}`,
      mark(null),
      { "batch.run": runNo, "file.name": a.file, "file.sha256": a.sha, "file.mtime": mtime },
      false,
      trace,
    );
    t += 2 * SEC;
    step(
      "validate",
      `validated ${a.file}: header ok, ${a.records} records, control total ${(a.records * r.float(40, 60)).toFixed(2)} EUR`,
      r.int(1500, 5000),
      null,
    );
    // Parse, match and post, with progress every 5000 records and the usual unmatched records.
    for (const phase of ["parse", "match", "post"] as const) {
      const perRecord = phase === "parse" ? 0.4 : phase === "match" ? 5 : 3;
      const started = t;
      for (let n = 5000; n <= a.records + 4999; n += 5000) {
        const chunk = Math.min(n, a.records);
        let dt = Math.min(5000, a.records - (n - 5000)) * perRecord * r.float(0.9, 1.1);
        if (phase === "post") {
          // Posting goes through the ledger's bulk endpoint, 500 entries a call.
          for (let k = 0; k < 10 && n - 5000 + k * 500 < a.records; k++) {
            const overlap = ledgerBusy.some(([s, e]) => t >= s && t < e);
            const ms = overlap ? r.float(2500, 9000) : r.float(120, 450);
            otel(
              t + k * 30,
              LEDGER,
              "com.acme.ledger.api.BulkPostingController",
              overlap ? "WARN" : "INFO",
              `bulk posted ${Math.min(500, a.records - (n - 5000) - k * 500)} journal entries`,
              overlap ? "performance" : null,
              { "http.route": "/v1/journal-entries:bulk", "http.response.status_code": 201, duration: isoDuration(Math.round(ms)), "batch.run": runNo },
              false,
              trace,
            );
            dt += ms;
          }
        }
        if (phase === "match") {
          const unmatched = r.int(8, 40);
          for (let u = 0; u < unmatched; u++)
            otel(
              t + r.int(0, Math.max(1, Math.round(dt))),
              BATCH,
              "com.acme.settlement.match.Matcher",
              "WARN",
              `unmatched record ref=${r.alnum(12, "0123456789ABCDEF")} amount=${r.float(1, 900).toFixed(2)} EUR reason=${r.pick(["no open authorization", "authorization expired", "amount differs from authorization"])}`,
              null,
              { "batch.run": runNo },
              false,
              trace,
            );
        }
        t += Math.round(dt);
        otel(
          t,
          BATCH,
          "com.acme.settlement.StepRunner",
          "DEBUG",
          `${phase}: ${chunk}/${a.records} records`,
          null,
          { "batch.run": runNo, "batch.step": phase },
          false,
          trace,
        );
      }
      const ms = t - started;
      step(phase, `step ${phase} finished: ${a.records} records`, ms, phase === "post" ? mark(null) : null, { records: a.records });
      t += r.int(1, 5) * SEC;
    }
    ledgerBusy.push([a.at, t]);
    step("report", `settlement report written to s3://acme-settlement/reports/${date}/${a.file.replace(".csv", `.r${runNo}.pdf`)}`, r.int(2000, 9000), null);
    t += 5 * SEC;
    const ackMs = runNo === 3 ? r.int(60000, 120000) : r.int(900, 3200);
    conn(t, "INFO", `sent ACK_${a.file.replace(".csv", ".xml")} to bank, awaiting response`, mark(null), { "file.name": a.file });
    for (let w = 15 * SEC; w < ackMs - 15 * SEC; w += 15 * SEC)
      conn(t + w, "WARN", `still awaiting response for ACK_${a.file.replace(".csv", ".xml")}, elapsed=${isoDuration(w)}`, "performance", {
        "file.name": a.file,
        elapsed: isoDuration(w),
      });
    conn(
      t + ackMs,
      ackMs > 30000 ? "WARN" : "INFO",
      `received response for ACK_${a.file.replace(".csv", ".xml")}: status=ACCP elapsed=${isoDuration(ackMs)}`,
      ackMs > 30000 ? "performance" : mark(null),
      { "file.name": a.file, elapsed: isoDuration(ackMs) },
    );
    otel(
      t + ackMs + 500,
      BATCH,
      "com.acme.settlement.BatchLauncher",
      "INFO",
      `batch finished file=${a.file} run=${runNo} status=COMPLETED`,
      mark(null),
      { "batch.run": runNo, duration: isoDuration(t + ackMs - a.at) },
      false,
      trace,
    );
    return t + ackMs + SEC;
  };
  settle(arrivals[0]!, false, rng);
  const dupEnd = settle(redelivery, true, rng);
  const lastEnd = settle(arrivals[1]!, false, rng);

  // Reconciliation runs after each batch: fine after the first, off by one file afterwards.
  const recon = (t: number, ledger: number, clearing: number): void => {
    if (Math.abs(ledger - clearing) < 0.005) {
      otel(
        t,
        BATCH,
        "com.acme.settlement.recon.Reconciler",
        "INFO",
        `reconciliation ok: 1100-SETTLE-EUR ledger ${ledger.toFixed(2)} EUR = clearing ${clearing.toFixed(2)} EUR`,
        null,
        { account: "1100-SETTLE-EUR" },
      );
    } else {
      otel(
        t,
        BATCH,
        "com.acme.settlement.recon.Reconciler",
        "ERROR",
        `reconciliation failed: 1100-SETTLE-EUR off by ${(ledger - clearing).toFixed(2)} EUR (ledger ${ledger.toFixed(2)} EUR vs clearing ${clearing.toFixed(2)} EUR)`,
        "error",
        { account: "1100-SETTLE-EUR", difference: (ledger - clearing).toFixed(2) },
      );
    }
  };
  const amount1 = arrivals[0]!.records * 47.31;
  const amount2 = arrivals[1]!.records * 47.31;
  recon(arrivals[0]!.at + 40 * MIN, amount1, amount1);
  recon(dupEnd + 2 * MIN, amount1 * 2, amount1);
  recon(lastEnd + 2 * MIN, amount1 * 2 + amount2, amount1 + amount2);
  otel(
    dupEnd + 3 * MIN,
    LEDGER,
    "com.acme.ledger.guard.OverdraftGuard",
    "ERROR",
    `overdraft guard: merchant payable 2100-MERCH-PAY balance exceeds settlement funding by ${amount1.toFixed(2)} EUR, payouts held`,
    "error",
    { account: "2100-MERCH-PAY" },
  );

  // Online ledger traffic through the night.
  for (let t = t0 + rng.int(0, 30) * SEC; t < end; t += Math.round(rng.exp(12 * SEC))) {
    const route = rng.pick(["/v1/accounts/{id}/balance", "/v1/journal-entries", "/v1/accounts/{id}/statement"]);
    otel(
      t,
      LEDGER,
      "com.acme.ledger.api.AccessLog",
      "INFO",
      `GET ${route.replace("{id}", String(rng.int(100000, 999999)))} 200`,
      null,
      {
        "http.request.method": "GET",
        "http.route": route,
        "http.response.status_code": 200,
        duration: isoDuration(Math.round(Math.min(rng.logn(15, 0.4), 60))),
      },
      false,
      rng.hex(32),
    );
  }
  return inc.finish();
}
