// h07: one pod comes back with timeout_ms=300000 for ledger calls, then hangs (rules right);
// h08: treasury releases payments approved by approver=unrecognized (rules right).
import { ecs, HOUR, logback, MIN, nginx, pyjson, Rng, SEC, slog, Timeline, ticks, UAS, wholeSec, type Label } from "./lib.js";
import type { Scenario } from "./types.js";

export function h07(seed: number): Scenario {
  const name = "h07-payments-ledger-timeout-hotfix-profile";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 17, 10, 0, 0);
  const t1 = t0 + 3 * HOUR;
  const m0 = t0 + r.int(50, 110) * MIN; // payments-core-2 restarts on the hotfix profile
  const m1 = m0 + 14 * MIN; // rolled back
  const s0 = m0 + 6 * MIN; // ledger lock contention
  const s1 = s0 + 4 * MIN;
  const ops = ["post_capture", "post_refund", "reserve_funds", "post_payout"];
  const lg = "com.acme.payments.ledger.LedgerClient";
  for (const t of ticks(r, t0, t1, 7 * SEC)) {
    const pod = r.pick(["payments-core-0", "payments-core-1", "payments-core-2"]);
    const bad = pod === "payments-core-2" && t >= m0 && t < m1;
    const op = r.pick(ops);
    const thread = `http-nio-8080-exec-${r.int(1, 40)}`;
    tl.add(
      t,
      logback(t, "payments-core", "INFO", lg, thread, `outbound call dest=ledger op=${op} timeout_ms=${bad ? 300000 : 3000} attempt=1`, { pod }),
      bad ? "pattern" : null,
    );
    if (t >= s0 && t < s1) {
      if (bad) {
        const took = Math.min(300000, s1 - t + r.int(2000, 20000));
        tl.add(
          t + took,
          logback(t + took, "payments-core", "INFO", lg, thread, `call completed dest=ledger op=${op} status=200 took_ms=${took}`, { pod }),
          "performance",
        );
      } else {
        tl.add(
          t + 3000,
          logback(t + 3000, "payments-core", "WARN", lg, thread, `call timed out dest=ledger op=${op} after 3000ms attempt=1`, { pod }),
          "performance",
        );
      }
      continue;
    }
    const took = Math.round(r.lat(35, 0));
    tl.add(t + took, logback(t + took, "payments-core", "INFO", lg, thread, `call completed dest=ledger op=${op} status=200 took_ms=${took}`, { pod }));
  }
  for (const m of [m0 - 20 * SEC, m1]) {
    tl.add(
      m,
      logback(
        m,
        "payments-core",
        "INFO",
        "com.acme.payments.PaymentsCoreApplication",
        "main",
        `Started PaymentsCoreApplication in ${(12 + r.next() * 4).toFixed(3)} seconds (process running for ${(15 + r.next() * 3).toFixed(3)})`,
        { pod: "payments-core-2" },
      ),
    );
  }
  for (let i = 0; i < 5; i++) {
    const t = s0 + 150 * SEC + i * 40 * SEC;
    tl.add(
      t,
      logback(
        t,
        "payments-core",
        "ERROR",
        "com.acme.payments.api.PaymentsController",
        `http-nio-8080-exec-${r.int(1, 40)}`,
        "request failed: java.util.concurrent.RejectedExecutionException: ledger-client executor saturated (active=50, queue=200)",
        { pod: "payments-core-2" },
      ),
      "error",
    );
  }
  for (const t of ticks(r, t0, t1, 9 * SEC)) {
    const slow = t >= s0 && t < s1;
    if (slow && r.chance(0.6)) continue;
    tl.add(
      t,
      ecs(
        t,
        "ledger-svc",
        `ledger-${r.int(0, 1)}`,
        "info",
        `posting committed journal=J${r.int(1000000, 9999999)} lines=2 took_ms=${Math.round(r.lat(22, 0))}`,
      ),
    );
  }
  for (let i = 0; i < 4; i++) {
    const t = s0 + 20 * SEC + i * 55 * SEC;
    tl.add(
      t,
      ecs(
        t,
        "ledger-svc",
        "ledger-0",
        "warn",
        `slow commit journal=J${r.int(1000000, 9999999)} took_ms=${r.int(21000, 48000)} lock_wait_ms=${r.int(20000, 47000)}`,
      ),
      "performance",
    );
  }
  for (const tn of ticks(r, t0, t1, 15 * SEC)) {
    const t = wholeSec(tn);
    const fail = t >= s0 + 60 * SEC && t < s1 + 60 * SEC && r.chance(0.3);
    tl.add(
      t,
      nginx(
        t,
        "pay-api.internal",
        `POST /v1/payments/${r.hex(10)}/capture HTTP/1.1`,
        fail ? 504 : 200,
        fail ? 167 : r.int(300, 900),
        fail ? 60.0 : r.lat(0.08, 3),
        "payments-sdk-java/5.3.1",
        r.ip(),
      ),
      fail ? "error" : null,
    );
  }
  return {
    name,
    description:
      "payments-core-2 returns on a hotfix profile with ledger timeout_ms=300000 (vs 3000); ledger lock contention then hangs its calls, saturates its executor, gateway 504s",
    ...tl.build(),
  };
}

export function h08(seed: number): Scenario {
  const name = "h08-treasury-release-approver-unrecognized";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 19, 6, 0, 0);
  const t1 = t0 + 6 * HOUR;
  const rogue = t0 + r.int(150, 300) * MIN;
  const sftpFail = t0 + r.int(60, 330) * MIN;
  const slowScreen = t0 + r.int(30, 330) * MIN;
  const cps = ["CP-ACME-GMBH", "CP-NORDSTAHL", "CP-LUMEN-SA", "CP-ORBIT-BV", "CP-KARAT-OY", "CP-VELA-SRL"];
  const ccy = () => r.pick(["EUR", "EUR", "EUR", "USD", "GBP", "CHF"]);
  for (const t of ticks(r, t0, t1, 40 * SEC)) {
    tl.add(
      t,
      pyjson(
        t,
        "treasury-api",
        "treasury.payments",
        "INFO",
        `payment queued id=PAY-${r.hex(8).toUpperCase()} amount=${r.int(200, 90000)}.${r.int(10, 99)} currency=${ccy()} beneficiary=${r.pick(cps)}`,
      ),
    );
  }
  for (const t of ticks(r, t0, t1, 60 * SEC)) {
    tl.add(
      t,
      pyjson(
        t,
        "treasury-api",
        "treasury.release",
        "INFO",
        `payment released batch=B-${r.hex(6).toUpperCase()} approver=${r.pick(["treasury-ops", "treasury-ops", "ap-clerk", "controller", "cfo-delegate"])} amount=${r.int(200, 250000)}.${r.int(10, 99)} currency=${ccy()}`,
      ),
    );
  }
  for (let i = 0; i < 3; i++) {
    const t = rogue + i * r.int(70, 140) * SEC;
    tl.add(
      t,
      pyjson(
        t,
        "treasury-api",
        "treasury.release",
        "INFO",
        `payment released batch=B-${r.hex(6).toUpperCase()} approver=unrecognized amount=${r.int(48000, 49900)}.00 currency=EUR`,
      ),
      "pattern",
    );
  }
  for (const t of ticks(r, t0, t1, 15 * SEC)) {
    tl.add(
      t,
      slog(t, "INFO", "screened counterparty", {
        service: "sanctions-screening",
        cp: r.pick(cps),
        lists: 4,
        result: "clear",
        duration_ms: Math.round(r.lat(120, 0)),
      }),
    );
  }
  for (let i = 0; i < 3; i++) {
    const t = slowScreen + i * r.int(50, 90) * SEC;
    tl.add(
      t,
      slog(t, "WARN", "screened counterparty", { service: "sanctions-screening", cp: r.pick(cps), lists: 4, result: "clear", duration_ms: r.int(9000, 14000) }),
      "performance",
    );
  }
  const bl = "com.acme.bank.SftpUploader";
  for (const t of ticks(r, t0, t1, 30 * SEC))
    tl.add(t, logback(t, "bank-connector", "INFO", bl, "sftp-keepalive", "sftp session keepalive ok host=sftp.ebics.bank.example"));
  for (let t = t0 + r.int(1, 4) * MIN; t < t1; t += 5 * MIN) {
    const failing = t >= sftpFail && t < sftpFail + 20 * MIN;
    const file = `pain001_${new Date(t).toISOString().slice(0, 16).replace(/[-:T]/g, "")}.xml`;
    const lab: Label = failing ? "error" : null;
    tl.add(
      t,
      logback(
        t,
        "bank-connector",
        failing ? "ERROR" : "INFO",
        bl,
        "sftp-upload",
        failing ? `sftp upload failed file=${file}: com.jcraft.jsch.JSchException: Auth fail` : `sftp upload ok file=${file} bytes=${r.int(4000, 60000)}`,
      ),
      lab,
    );
  }
  for (const tn of ticks(r, t0, t1, 30 * SEC)) {
    const t = wholeSec(tn);
    const p = r.pick(["/ui/payments", "/ui/payments/pending", "/api/fx/rates", "/ui/reports/daily"]);
    tl.add(
      t,
      nginx(
        t,
        "treasury.corp.example",
        `GET ${p} HTTP/1.1`,
        200,
        r.int(2000, 40000),
        r.lat(0.09, 3),
        UAS[0] as string,
        `10.20.${r.int(1, 9)}.${r.int(2, 250)}`,
      ),
    );
  }
  return {
    name,
    description:
      "Treasury releases three ~49k EUR batches with approver=unrecognized among named approver roles; bank SFTP auth fails for 20 min; sanctions screening slow spell",
    ...tl.build(),
  };
}
