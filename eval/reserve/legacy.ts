// Hosts where ERROR, CRITICAL and FATAL are everyday noise for some services, and the real alerts
// are lines of a kind the window otherwise lacks.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, javaStack, type Ln, MIN, Rng, windowStart, Lines } from "./kit.js";

/**
 * An EDI partner bridge logs FATAL for every missed heartbeat and ERROR for every empty optional
 * field, an FTP sync logs CRITICAL for every empty listing: all harmless. The real trouble is a
 * disk filling under the billing API, the kernel's OOM killer, and one bridge FATAL unlike the
 * others: a corrupted message store.
 */
export function routineFatalNoise(seed: number): Scenario {
  const r = new Rng(seed, "routine-fatal-noise");
  const start = windowStart(r, 1);
  const end = start + 4 * HOUR;
  const lines = new Lines();
  const host = `app${r.int(10, 40)}.dc2.acme.internal`;
  const partners = ["AS2-ACME", "AS2-GLOBEX", "AS2-INITECH", "AS2-UMBRELLA"];
  const bridge = (
    t: number,
    lvl: Ln["lvl"],
    msg: string,
    label: Ln["label"],
    logger: string,
    thread = "partner-poller-1",
    stack?: string,
    exc?: string,
  ): Ln => ({
    t,
    svc: "partner-bridge",
    lvl,
    msg,
    label,
    fmt: "log4j2",
    host,
    logger,
    meta: { thread, threadId: 20 + (thread.length % 7) },
    ...(stack !== undefined ? { stack, exc: exc ?? "java.lang.IllegalStateException" } : {}),
  });

  // ---- the bridge: noisy by design ----
  const corruptedAt = start + Math.floor(r.float(0.55, 0.75) * 4 * HOUR);
  for (const t of r.every(start, end, 45_000, 8000)) {
    const p = r.pick(partners);
    lines.push(
      bridge(
        t,
        "CRITICAL",
        `Heartbeat from partner endpoint ${p} missed (attempt ${r.int(1, 4)}), will retry in 30s`,
        null,
        "com.acme.edi.as2.HeartbeatMonitor",
        "heartbeat",
      ),
    );
  }
  for (const t of r.times(r.int(260, 320), start, end)) {
    const p = r.pick(partners);
    lines.push(
      bridge(
        t,
        "ERROR",
        `Schema validation failed for optional element <${r.pick(["MiddleName", "Fax", "AddressLine3", "TaxRegistration"])}> in EDI 850 from ${p}: empty string; record accepted`,
        null,
        "com.acme.edi.x12.Validator",
      ),
    );
  }
  for (const t of r.every(start, end, MIN, 4000))
    lines.push(bridge(t, "INFO", `Polled partner inboxes: ${r.int(0, 14)} messages`, null, "com.acme.edi.as2.InboxPoller"));
  for (const t of r.times(r.int(600, 700), start, end)) {
    const p = r.pick(partners);
    if (p === "AS2-GLOBEX" && t > corruptedAt) continue;
    lines.push(
      bridge(
        t,
        "INFO",
        `Forwarded EDI ${r.pick(["850", "855", "856", "810"])} document ${r.int(1000000, 9999999)} from ${p} to ERP`,
        null,
        "com.acme.edi.Router",
        `router-${r.int(1, 4)}`,
      ),
    );
  }

  // ---- the FTP sync: CRITICAL on every empty listing ----
  for (const t of r.every(start, end, 5 * MIN, 15_000)) {
    lines.push({
      t,
      svc: "ftp-sync",
      lvl: "INFO",
      msg: "Connecting to sftp://files.partner-globex.example:22/outbound",
      label: null,
      fmt: "pylog",
      host,
      logger: "ftpsync.session",
    });
    lines.push({
      t: t + r.int(900, 2500),
      svc: "ftp-sync",
      lvl: "CRITICAL",
      msg: "Remote directory listing empty; nothing to sync",
      label: null,
      fmt: "pylog",
      host,
      logger: "ftpsync.sync",
    });
    if (r.chance(0.3))
      lines.push({
        t: t + r.int(2600, 3500),
        svc: "ftp-sync",
        lvl: "ERROR",
        msg: "Could not set mtime on remote file; ignoring",
        label: null,
        fmt: "pylog",
        host,
        logger: "ftpsync.sync",
        f: { errno: 3 },
      });
  }

  // ---- billing API: quiet and normal, until the disk fills ----
  const billingDown: [number, number] = [0, 0];
  const diskFullAt = start + Math.floor(r.float(0.3, 0.45) * 4 * HOUR);
  const oomAt = start + Math.floor(r.float(0.8, 0.9) * 4 * HOUR);
  billingDown[0] = oomAt;
  billingDown[1] = oomAt + r.int(40, 70) * 1000;
  for (const t of r.times(r.int(1200, 1400), start, end)) {
    if (t >= billingDown[0] && t < billingDown[1]) continue;
    const inv = `INV-${r.int(2025000, 2025999)}-${r.int(1000, 9999)}`;
    const ms = Math.max(5, Math.round(r.logn(64, 0.35)));
    lines.push({
      t,
      svc: "billing-api",
      lvl: "INFO",
      msg: `Invoice ${inv} generated in ${ms} ms`,
      label: null,
      fmt: "logback",
      host,
      logger: "com.acme.billing.InvoiceService",
      meta: { thread: `http-nio-8443-exec-${r.int(1, 30)}` },
      f: { invoice: inv, elapsed_ms: ms },
    });
  }
  for (const t of r.times(r.int(7, 11), diskFullAt, end)) {
    const inv = `INV-${r.int(2025000, 2025999)}-${r.int(1000, 9999)}`;
    lines.push({
      t,
      svc: "billing-api",
      lvl: "ERROR",
      msg: `Could not store invoice PDF /var/lib/invoices/${inv}.pdf`,
      label: "error",
      fmt: "logback",
      host,
      logger: "com.acme.billing.PdfStore",
      meta: { thread: `http-nio-8443-exec-${r.int(1, 30)}` },
      f: { invoice: inv },
      stack: javaStack(r, "java.io.IOException: No space left on device", "com.acme.billing", [
        "java.base/sun.nio.ch.FileDispatcherImpl.write0",
        "java.base/sun.nio.ch.FileChannelImpl.write",
        "com.acme.billing.PdfStore.write",
      ]),
    });
  }
  for (const t of r.times(r.int(3, 4), diskFullAt - 20 * MIN, end))
    lines.push({
      t,
      svc: "node-agent",
      lvl: "WARNING",
      msg: `filesystem /var/lib usage ${r.float(96.5, 99.4).toFixed(1)}% (inodes ${r.int(30, 45)}%) on ${host}`,
      label: "pattern",
      fmt: "syslog",
      host,
      meta: { facility: "local0" },
    });

  // ---- the host's own syslog ----
  for (const t of r.every(start, end, 10 * MIN, 0)) {
    const pid = r.int(10000, 60000);
    lines.push({
      t,
      svc: "CRON",
      lvl: "INFO",
      msg: `pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`,
      label: null,
      fmt: "syslog",
      host,
      meta: { pid, facility: "authpriv" },
    });
    lines.push({
      t: t + 5,
      svc: "CRON",
      lvl: "INFO",
      msg: "(root) CMD (/usr/lib/sa/sa1 1 1)",
      label: null,
      fmt: "syslog",
      host,
      meta: { pid, facility: "cron" },
    });
    lines.push({
      t: t + r.int(300, 900),
      svc: "CRON",
      lvl: "INFO",
      msg: "pam_unix(cron:session): session closed for user root",
      label: null,
      fmt: "syslog",
      host,
      meta: { pid, facility: "authpriv" },
    });
  }
  for (const t of r.every(start, end, HOUR, 60_000))
    lines.push({ t, svc: "systemd", lvl: "INFO", msg: "Started Rotate log files.", label: null, fmt: "syslog", host, meta: { pid: 1 } });
  const javaPid = r.int(2000, 9000);
  const oomSeq: [number, string, Ln["label"], Ln["lvl"], string][] = [
    [0, `java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0`, "memory", "WARNING", "kernel"],
    [
      2,
      `Out of memory: Killed process ${javaPid} (java) total-vm:${r.int(7_900_000, 8_300_000)}kB, anon-rss:${r.int(5_900_000, 6_200_000)}kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:${r.int(12000, 14000)}kB oom_score_adj:0`,
      "memory",
      "ERROR",
      "kernel",
    ],
    [40, "billing-api.service: A process of this unit has been killed by the OOM killer.", "memory", "WARNING", "systemd"],
    [60, "billing-api.service: Main process exited, code=killed, status=9/KILL", "error", "WARNING", "systemd"],
    [61, "billing-api.service: Failed with result 'oom-kill'.", "error", "WARNING", "systemd"],
  ];
  for (const [dt, msg, label, lvl, svc] of oomSeq)
    lines.push({
      t: oomAt + dt,
      svc,
      lvl,
      msg,
      label,
      fmt: "syslog",
      host,
      meta: { pid: svc === "systemd" ? 1 : 0, facility: svc === "kernel" ? "kern" : "daemon" },
    });

  // ---- the one bridge FATAL that matters ----
  for (let i = 0, end_i = r.int(2, 3); i < end_i; i++) {
    const t = corruptedAt + i * r.int(40, 90) * 1000;
    lines.push(
      bridge(
        t,
        "CRITICAL",
        `Message store corrupted: checksum mismatch in segment 00000${r.int(400, 499)}.log at offset 0x${r.hex(6)}; consumer for AS2-GLOBEX halted`,
        "error",
        "com.acme.edi.store.SegmentReader",
        "store-recovery",
        javaStack(r, "com.acme.edi.store.CorruptSegmentException: CRC32 mismatch: expected 0x9f3c21aa, found 0x00000000", "com.acme.edi", [
          "com.acme.edi.store.SegmentReader.verify",
          "com.acme.edi.store.MessageStore.replay",
        ]),
        "com.acme.edi.store.CorruptSegmentException",
      ),
    );
  }

  return finish(
    "routine-fatal-noise",
    "A partner bridge logs FATAL and ERROR all day and an FTP sync logs CRITICAL for nothing; the real alerts are a full disk, the OOM killer and a corrupted message store",
    lines,
  );
}
