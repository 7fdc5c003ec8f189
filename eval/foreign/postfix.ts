// Two outbound Postfix relays through rsyslog's JSON template (@timestamp with microseconds and
// offset, textual syslog severity, syslogtag, the program as `app`, Postfix's own text with its
// leading space). A mailbox's password is phished: someone logs in from abroad over submission
// and sends spam in batches; within minutes the relays' address is blocklisted and legitimate
// mail is deferred and bounced. Deferrals to a few dead domains are routine all along.
import type { Scenario } from "../blind/types.js";
import { Incident, iso, isoOffset, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

export function postfixCompromisedMailbox(seed: number): Scenario {
  const name = "postfix-compromised-mailbox-spam";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A phished mailbox sends spam through the outbound Postfix relays from abroad; their address is blocklisted and legitimate mail is deferred and bounced, in rsyslog JSON with routine deferrals to dead domains",
  );
  const t0 = startTime(rng, 7, 15);
  const span = rng.int(170, 190) * MIN;
  const end = t0 + span;
  const attackAt = t0 + Math.floor(span * rng.float(0.3, 0.45));
  const listedAt = attackAt + rng.int(14, 24) * MIN;
  const relays = [
    { host: "mx-out-1", ip: `198.51.100.${rng.int(10, 60)}` },
    { host: "mx-out-2", ip: `198.51.100.${rng.int(61, 120)}` },
  ];
  const victim = `${rng.pick(["j.doe", "m.keller", "a.novak", "s.ibrahim", "l.martin"])}@acme.io`;
  const attackerIp = `${rng.pick(["41.203", "102.89", "197.210"])}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
  const pidOf: Record<string, number> = {};
  const pid = (host: string, prog: string): number => {
    const k = `${host}/${prog}`;
    if (!pidOf[k] || rng.chance(0.05)) pidOf[k] = rng.int(1000, 99999);
    return pidOf[k]!;
  };

  const sys = (t: number, host: string, prog: string, severity: string, text: string, label: Label): void => {
    // The queue manager and anvil are long-lived daemons: one pid each for the whole window.
    const daemon = `${host}/${prog}`;
    if ((prog === "qmgr" || prog === "anvil") && pidOf[daemon] === undefined) pidOf[daemon] = rng.int(900, 3000);
    const p = prog === "qmgr" || prog === "anvil" ? pidOf[daemon]! : pid(host, prog);
    inc.add(
      t,
      {
        "@timestamp": isoOffset(t, 0, 6),
        host,
        severity,
        facility: "mail",
        syslogtag: `postfix/${prog}[${p}]:`,
        programname: "postfix",
        app: `postfix/${prog}`,
        message: ` ${text}`,
      },
      label,
    );
  };
  const qid = (): string => rng.alnum(12, "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz");

  const relayFor: Record<string, [string, string]> = {
    "gmail.com": ["gmail-smtp-in.l.google.com", `142.250.${rng.int(0, 255)}.${rng.int(1, 254)}`],
    "outlook.com": ["outlook-com.olc.protection.outlook.com", `52.101.${rng.int(0, 255)}.${rng.int(1, 254)}`],
    "yahoo.com": ["mta7.am0.yahoodns.net", `67.195.${rng.int(0, 255)}.${rng.int(1, 254)}`],
    "web.de": ["mx-ha03.web.de", `212.227.${rng.int(0, 255)}.${rng.int(1, 254)}`],
    "corp-partner.example": ["mx1.corp-partner.example", `203.0.113.${rng.int(1, 254)}`],
  };
  const domains = Object.keys(relayFor);
  const dead = ["oldshop-mail.example", "defunct-agency.example"];
  // The on-call moves outbound mail to a clean address after a while: the blocklisting then no longer applies.
  const delistedAt = listedAt + rng.int(35, 50) * MIN;
  const listed = (t: number): boolean => t >= listedAt && t < delistedAt;

  /** One message from submission to removal; returns nothing, adds its lines. */
  const message = (t: number, opts: { spam: boolean; from: string; client: [string, string]; sasl?: string; rcpts: string[] }): void => {
    const r = rng.pick(relays);
    const q = qid();
    const mark = (l: Label): Label => (opts.spam ? "pattern" : l);
    sys(t, r.host, opts.sasl ? "submission/smtpd" : "smtpd", "info", `connect from ${opts.client[0]}[${opts.client[1]}]`, mark(null));
    sys(
      t + rng.int(40, 300),
      r.host,
      opts.sasl ? "submission/smtpd" : "smtpd",
      "info",
      `${q}: client=${opts.client[0]}[${opts.client[1]}]${opts.sasl ? `, sasl_method=LOGIN, sasl_username=${opts.sasl}` : ""}`,
      mark(null),
    );
    sys(t + rng.int(301, 500), r.host, "cleanup", "info", `${q}: message-id=<${rng.hex(16)}.${rng.hex(8)}@${opts.from.split("@")[1]}>`, mark(null));
    const size = rng.int(3000, 90000);
    sys(t + rng.int(501, 700), r.host, "qmgr", "info", `${q}: from=<${opts.from}>, size=${size}, nrcpt=${opts.rcpts.length} (queue active)`, mark(null));
    sys(
      t + rng.int(701, 900),
      r.host,
      opts.sasl ? "submission/smtpd" : "smtpd",
      "info",
      `disconnect from ${opts.client[0]}[${opts.client[1]}] ehlo=1${opts.sasl ? " starttls=1 auth=1" : ""} mail=1 rcpt=${opts.rcpts.length} data=1 quit=1 commands=${opts.sasl ? 6 + opts.rcpts.length : 4 + opts.rcpts.length}`,
      mark(null),
    );
    let tt = t + rng.int(1, 3) * SEC;
    let pending = false;
    for (const to of opts.rcpts) {
      const dom = to.split("@")[1]!;
      const [mx, ip] = relayFor[dom] ?? [`mx.${dom}`, `203.0.113.${rng.int(1, 254)}`];
      const d1 = rng.float(0.5, 2.5);
      const delays = `${rng.float(0.01, 0.3).toFixed(2)}/0.0${rng.int(1, 9)}/${rng.float(0.05, 0.6).toFixed(2)}/${rng.float(0.1, 1).toFixed(2)}`;
      if (dead.includes(dom)) {
        sys(tt, r.host, "smtp", "info", `connect to ${mx}[${ip}]:25: Connection timed out`, null);
        sys(
          tt + 30 * SEC,
          r.host,
          "smtp",
          "info",
          `${q}: to=<${to}>, relay=none, delay=${(30 + d1).toFixed(0)}, delays=0.1/0.01/30/0, dsn=4.4.1, status=deferred (connect to ${mx}[${ip}]:25: Connection timed out)`,
          mark(null),
        );
        pending = true;
      } else if (listed(tt) && (dom === "outlook.com" || dom === "gmail.com" || dom === "yahoo.com")) {
        const bounce = dom === "outlook.com" || rng.chance(0.3);
        const reply =
          dom === "outlook.com"
            ? `550 5.7.1 Service unavailable, Client host [${r.ip}] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/${r.ip} (AS3130). [${rng.alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}.eop-EUR01.prod.protection.outlook.com ${iso(tt)} 08DC${rng.hex(12).toUpperCase()}]`
            : dom === "gmail.com"
              ? `421-4.7.0 [${r.ip}      15] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. ${rng.hex(12)}-${rng.alnum(5)} - gsmtp`
              : `421 4.7.0 [TSS04] Messages from ${r.ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes`;
        const status = bounce && dom === "outlook.com" ? "bounced" : "deferred";
        sys(
          tt,
          r.host,
          "smtp",
          "info",
          `${q}: host ${mx}[${ip}] said: ${reply} (in reply to ${dom === "outlook.com" ? "MAIL FROM" : "end of DATA"} command)`,
          mark("error"),
        );
        sys(
          tt + 5,
          r.host,
          "smtp",
          "info",
          `${q}: to=<${to}>, relay=${mx}[${ip}]:25, delay=${d1.toFixed(1)}, delays=${delays}, dsn=${status === "bounced" ? "5.7.1" : "4.7.0"}, status=${status} (host ${mx}[${ip}] said: ${reply.slice(0, 60)}...)`,
          mark("error"),
        );
        if (status === "bounced" && !opts.spam) sys(tt + 30, r.host, "bounce", "info", `${q}: sender non-delivery notification: ${qid()}`, "error");
        if (status === "deferred") pending = true;
      } else {
        // Legitimate mail that waited in the deferred queue shows the wait in its delay.
        const waited = !opts.spam && t >= listedAt && t < delistedAt + 60 * MIN && rng.chance(0.3) ? rng.float(600, 3600) : 0;
        const delay = d1 + waited;
        sys(
          tt,
          r.host,
          "smtp",
          "info",
          `${q}: to=<${to}>, relay=${mx}[${ip}]:25, delay=${delay < 10 ? delay.toFixed(1) : delay.toFixed(0)}, delays=${waited ? `${waited.toFixed(0)}/0.02/0.4/0.6` : delays}, dsn=2.0.0, status=sent (250 2.0.0 OK ${Math.floor(tt / 1000)} ${rng.alnum(12)} - ${dom === "gmail.com" ? "gsmtp" : "queued"})`,
          waited ? "performance" : mark(null),
        );
      }
      tt += rng.int(50, 600);
    }
    if (!pending) sys(tt + 100, r.host, "qmgr", "info", `${q}: removed`, mark(null));
  };

  // Transactional mail from the application servers.
  const apps = Array.from({ length: 8 }, (_, i) => [`app-${i + 1}.internal`, `10.0.5.${11 + i}`] as [string, string]);
  for (const t of times(rng, t0, end, rng.int(330, 400))) {
    const dom = rng.weighted([
      ...domains.map((d) => [d, d === "gmail.com" ? 40 : d === "outlook.com" ? 25 : 10] as const),
      ...dead.map((d) => [d, 1.5] as const),
    ]);
    message(t, {
      spam: false,
      from: rng.pick(["noreply@acme.io", "billing@acme.io", "notifications@acme.io"]),
      client: rng.pick(apps),
      rcpts: [`${rng.alnum(8, "abcdefghijklmnopqrstuvwxyz")}@${dom}`],
    });
  }
  // Staff mail over submission.
  for (const t of times(rng, t0, end, rng.int(50, 70))) {
    const user = `${rng.pick(["p.schmidt", "r.costa", "k.tanaka", "e.brown", "n.petrov", "j.doe", "m.keller"])}@acme.io`;
    message(t, {
      spam: false,
      from: user,
      client: ["unknown", `${rng.pick(["84.57", "91.64", "145.40"])}.${rng.int(1, 254)}.${rng.int(1, 254)}`],
      sasl: user,
      rcpts: Array.from({ length: rng.int(1, 3) }, () => `${rng.alnum(6, "abcdefghijklmnopqrstuvwxyz")}@${rng.pick(domains)}`),
    });
  }
  // The spam run: batches of a dozen recipients, every half minute, from one foreign address.
  for (const t of times(rng, attackAt, Math.min(end, attackAt + rng.int(30, 40) * MIN), rng.int(10, 14))) {
    message(t, {
      spam: true,
      from: victim,
      client: ["unknown", attackerIp],
      sasl: victim,
      rcpts: Array.from(
        { length: rng.int(6, 10) },
        () =>
          `${rng.alnum(rng.int(5, 10), "abcdefghijklmnopqrstuvwxyz0123456789")}@${rng.weighted([
            ["gmail.com", 45],
            ["outlook.com", 30],
            ["yahoo.com", 20],
            ["web.de", 5],
          ] as const)}`,
      ),
    });
  }
  // Routine: anvil statistics and the odd reverse DNS warning.
  for (const r of relays) {
    for (let t = t0 + rng.int(0, 599) * SEC; t < end; t += 10 * MIN) {
      sys(
        t,
        r.host,
        "anvil",
        "info",
        `statistics: max connection rate ${rng.int(2, 9)}/60s for (smtp:10.0.5.${rng.int(11, 18)}) at ${isoOffset(t - rng.int(1, 9) * MIN, 0, 0).slice(11, 19)}`,
        null,
      );
    }
    for (const t of times(rng, t0, end, rng.int(6, 12)))
      sys(
        t,
        r.host,
        "smtpd",
        "warning",
        `warning: hostname vpn-gw-${rng.int(1, 3)}.acme.io does not resolve to address 10.9.0.${rng.int(2, 9)}: Name or service not known`,
        null,
      );
  }
  return inc.finish();
}
