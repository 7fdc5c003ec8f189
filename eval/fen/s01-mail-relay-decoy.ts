// Inbound MX relay (Postfix + amavis + Dovecot), shipped by rsyslog as JSON. Routine: DNSBL
// rejections of botnet senders all day (null). Incident: the kernel OOM-kills amavis, mail to
// the content filter is deferred for a few minutes, then flushes late after the restart.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Scenario } from "./types.js";

export default function mailRelayDecoy(seed: number): Scenario {
  const rng = new Rng(seed, "s01-mail-relay");
  const start = windowStart(rng);
  const end = start + rng.int(80, 100) * MIN;
  const tl = new Timeline(rng, start, end);
  const host = rng.pick(["mx1", "mx2", "mx-a", "smtp-in-1"]);
  const domain = rng.pick(["harbourmaster.example", "lakeside-clinic.example", "northwind-law.example"]);
  const pid: Record<string, number> = {};
  const log = (t: number, prog: string, msg: string, severity = "info", facility = "mail") => {
    pid[prog] ??= rng.int(900, 32000);
    return { "@timestamp": iso(t), host, programname: prog, procid: String(pid[prog]), facility, severity, message: msg };
  };
  const qid = () => rng.upper(rng.int(10, 11));
  const users = ["accounts", "j.moreau", "k.osei", "reception", "l.santos", "m.ivanova", "p.nakamura", "it-support", "r.haddad"];
  const senders = [
    ["mail-wr1-f54.google.com", "209.85.221.54"],
    ["mail-eopbgr80059.outbound.protection.outlook.com", "40.107.8.59"],
    ["a8-31.smtp-out.amazonses.com", "54.240.8.31"],
    ["mx.partner-logistics.example", "198.51.100.23"],
    ["out-12.mailgun.example", "69.72.43.12"],
  ] as const;
  const downFrom = start + rng.float(0.35, 0.6) * (end - start);
  const downTo = downFrom + rng.float(4, 8) * MIN;
  const deferred: { q: string; rcpt: string; t0: number }[] = [];

  // Legitimate inbound mail: smtpd -> cleanup -> qmgr -> amavis -> lmtp to Dovecot.
  tl.every(rng.float(0.8, 1.2) * MIN, (t) => {
    const [h, ip] = rng.pick(senders);
    const q = qid(),
      q2 = qid(),
      rcpt = `${rng.pick(users)}@${domain}`,
      size = rng.int(3000, 240000);
    let u = t;
    const step = (ms: number) => (u += ms);
    tl.add(u, log(u, "postfix/smtpd", `connect from ${h}[${ip}]`));
    tl.add(step(rng.int(80, 400)), log(u, "postfix/smtpd", `${q}: client=${h}[${ip}]`));
    tl.add(step(rng.int(20, 90)), log(u, "postfix/cleanup", `${q}: message-id=<${rng.hex(16)}@${h.split(".").slice(-2).join(".")}>`));
    tl.add(step(rng.int(30, 200)), log(u, "opendkim", `${q}: DKIM verification successful`));
    tl.add(step(rng.int(5, 40)), log(u, "postfix/qmgr", `${q}: from=<noreply@${h.split(".").slice(-2).join(".")}>, size=${size}, nrcpt=1 (queue active)`));
    tl.add(step(rng.int(20, 120)), log(u, "postfix/smtpd", `disconnect from ${h}[${ip}] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7`));
    if (t >= downFrom && t < downTo) {
      tl.add(
        step(rng.int(2, 10)),
        log(
          u,
          "postfix/smtp",
          `${q}: to=<${rcpt}>, relay=none, delay=${(rng.float(0.3, 1.2)).toFixed(1)}, delays=0.2/0/0.01/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10024: Connection refused)`,
          "info",
        ),
        "error",
      );
      deferred.push({ q, rcpt, t0: t });
      return;
    }
    const scan = rng.int(350, 1900);
    tl.add(
      step(scan),
      log(
        u,
        "amavis",
        `(${rng.int(10000, 99999)}-${String(rng.int(1, 20)).padStart(2, "0")}) Passed CLEAN {RelayedInbound}, [${ip}]:${rng.int(30000, 60000)} <noreply@${h.split(".").slice(-2).join(".")}> -> <${rcpt}>, Queue-ID: ${q}, mail_id: ${rng.hex(12)}, Hits: ${rng.float(-3, 2.5).toFixed(3)}, size: ${size}, queued_as: ${q2}, ${scan} ms`,
      ),
    );
    tl.add(
      step(rng.int(5, 40)),
      log(
        u,
        "postfix/smtp",
        `${q}: to=<${rcpt}>, relay=127.0.0.1[127.0.0.1]:10024, delay=${((u - t) / 1000).toFixed(1)}, delays=0.4/0/0/${(scan / 1000).toFixed(1)}, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${q2})`,
      ),
    );
    tl.add(
      step(rng.int(10, 60)),
      log(
        u,
        "postfix/lmtp",
        `${q2}: to=<${rcpt}>, relay=mailstore.${domain}[10.20.0.15]:24, delay=0.05, delays=0.01/0/0.01/0.03, dsn=2.0.0, status=sent (250 2.0.0 <${rcpt}> ${rng.hex(8)} Saved)`,
      ),
    );
    tl.add(step(rng.int(1, 10)), log(u, "postfix/qmgr", `${q}: removed`));
  });

  // The incident: OOM kill, deferrals (above), systemd restart, late flush of the deferred queue.
  const put = (t: number, prog: string, msg: string, sev: string, fac: string, label: "memory" | "error" | "pattern") =>
    tl.add(t, log(t, prog, msg, sev, fac), label);
  const oom = downFrom - rng.int(500, 3000);
  put(
    oom,
    "kernel",
    `Out of memory: Killed process ${rng.int(2000, 9000)} (amavisd-new) total-vm:${rng.int(900000, 1300000)}kB, anon-rss:${rng.int(700000, 900000)}kB, file-rss:0kB, shmem-rss:0kB, UID:110 pgtables:2100kB oom_score_adj:0`,
    "err",
    "kern",
    "memory",
  );
  put(oom + 40, "systemd", "amavis.service: Main process exited, code=killed, status=9/KILL", "warning", "daemon", "error");
  put(oom + 45, "systemd", "amavis.service: Failed with result 'signal'.", "warning", "daemon", "error");
  put(downTo - 3000, "systemd", "Starting amavis.service - Interface between MTA and virus scanner/content filters...", "info", "daemon", "pattern");
  put(
    downTo - 400,
    "amavis",
    `starting. /usr/sbin/amavisd-new at ${host} amavisd-new-2.13.0 (20230106), Unicode aware, LC_CTYPE="C.UTF-8"`,
    "info",
    "mail",
    "pattern",
  );
  put(downTo, "systemd", "Started amavis.service - Interface between MTA and virus scanner/content filters.", "info", "daemon", "pattern");
  let ft = downTo + rng.int(20, 60) * 1000;
  for (const d of deferred) {
    ft += rng.int(200, 900);
    tl.add(
      ft,
      log(
        ft,
        "postfix/smtp",
        `${d.q}: to=<${d.rcpt}>, relay=127.0.0.1[127.0.0.1]:10024, delay=${((ft - d.t0) / 1000).toFixed(0)}, delays=${((ft - d.t0) / 1000 - 1).toFixed(0)}/0.1/0/0.9, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${qid()})`,
      ),
      "performance",
    );
  }

  // Background: IMAP logins, anvil statistics, certbot timers.
  tl.every(rng.float(0.8, 1.3) * MIN, (t) =>
    tl.add(
      t,
      log(
        t,
        "dovecot",
        `imap-login: Login: user=<${rng.pick(users)}@${domain}>, method=PLAIN, rip=${rng.ip("10.40.8")}, lip=10.20.0.15, mpid=${rng.int(10000, 60000)}, TLS, session=<${rng.hex(12)}>`,
      ),
    ),
  );
  tl.every(10 * MIN, (t) =>
    tl.add(
      t,
      log(t, "postfix/anvil", `statistics: max connection rate ${rng.int(3, 12)}/60s for (smtp:${rng.ip()}) at ${new Date(t).toUTCString().slice(5, 25)}`),
    ),
  );

  // Routine flood: botnet senders rejected by the DNSBL, several recipients per session.
  const sessions = tl.floodCount(rng.float(0.3, 0.45), 2 / 3.5) / 3.5;
  const lists = ["zen.spamhaus.org"];
  const victims = [...users, "info", "admin", "sales", "office", "hr", "billing"];
  tl.spread(Math.round(sessions), (t) => {
    const ip = rng.ip(),
      helo = rng.pick(["User", "ylmf-pc", `[${ip}]`, "localhost", `host-${rng.hex(6)}.example`]),
      list = rng.pick(lists);
    let u = t;
    tl.add(u, log(u, "postfix/smtpd", `connect from unknown[${ip}]`));
    for (let k = rng.int(2, 5); k > 0; k--) {
      u += rng.int(150, 900);
      tl.add(
        u,
        log(
          u,
          "postfix/smtpd",
          `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 Service unavailable; Client host [${ip}] blocked using ${list}; from=<${rng.hex(6)}@${rng.pick(["qq.com", "mail.ru", "yahoo.co.jp", "example.net"])}> to=<${rng.pick(victims)}@${domain}> proto=ESMTP helo=<${helo}>`,
        ),
      );
    }
    u += rng.int(100, 500);
    tl.add(u, log(u, "postfix/smtpd", `disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/3 rset=1 quit=1 commands=4/7`));
  });
  return tl.build(
    "s01-mail-relay-decoy",
    "Inbound MX relay: routine DNSBL rejections of botnet senders; amavis OOM-killed, deliveries deferred then flushed late",
  );
}
