/**
 * desk-shift-login-errors: the service desk's agents start at 08:00, half-way into an early
 * window; every login logs an ERROR for the decommissioned legacy directory's failed referral
 * before falling back to the primary one, the same every working day, so the ERROR begins with
 * the shift and recurs with each (re)login to the end. Nothing in the logs announces the shift
 * but the agents' own activity. Later attachment-scanner's heap runs out and it restarts; the
 * mail ingester meets a mail loop with the desk's own auto-replies, a thing it never logged.
 */
import { edgeLine } from "./common.js";
import { fluentRaw, kubeEvent, logback, pino, pyjson } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "desk-shift-login-errors";

export function deskShiftLoginErrors(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-01-19", 4);
  const end = start + 8 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);
  const shiftAt = Math.floor(start / DAY) * DAY + 8 * HOUR;
  // Business hours: a trickle at night, the portal waking from 06:00, full from 08:00.
  const day = (t: number): number => (t >= shiftAt ? 1 : t >= shiftAt - 2 * HOUR ? 0.25 + 0.75 * ((t - (shiftAt - 2 * HOUR)) / (2 * HOUR)) : 0.25);

  // ── service-desk (Java): SLA sweeps all window; logins and ticket work once agents are on ──
  const desk = { app: "service-desk", host: rng.pod("service-desk") };
  for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND)) {
    tl.add(
      t,
      logback(t, desk, "INFO", "com.acme.desk.sla.SlaSweeper", "sla-sweeper", `SLA sweep: ${rng.int(180, 260)} open tickets, ${rng.int(0, 3)} breached`, {
        duration_ms: rng.int(80, 400),
      }),
    );
  }
  const agents = Array.from(
    { length: rng.int(26, 38) },
    () =>
      `${rng.pick(["a", "j", "m", "s", "k", "l", "r", "t", "n", "e"])}.${rng.pick(["mueller", "schmidt", "novak", "rossi", "larsen", "dubois", "weber", "fischer", "costa", "nowak", "meyer", "kaya", "silva", "berg"])}`,
  );
  const logins: [number, string][] = agents.map((a) => [shiftAt + Math.round(rng.exp(12 * MINUTE)) - rng.int(0, 8) * MINUTE, a]);
  // Sessions expire after 30 idle minutes: agents log in again through the day.
  for (const t of arrivals(rng, shiftAt + 40 * MINUTE, end, rng.float(0.22, 0.32))) logins.push([t, rng.pick(agents)]);
  const referral =
    "javax.naming.CommunicationException: corp-legacy.internal:389 [Root exception is java.net.UnknownHostException: corp-legacy.internal]\n\tat java.naming/com.sun.jndi.ldap.LdapReferralContext.<init>(LdapReferralContext.java:96)\n\tat java.naming/com.sun.jndi.ldap.LdapReferralException.getReferralContext(LdapReferralException.java:151)\n\tat org.springframework.ldap.core.LdapTemplate.search(LdapTemplate.java:367)\n\tat com.acme.desk.auth.DirectoryAuthenticator.authenticate(DirectoryAuthenticator.java:72)";
  for (const [t, agent] of logins) {
    const thread = `http-nio-8443-exec-${rng.int(1, 40)}`;
    tl.add(
      t,
      logback(
        t,
        desk,
        "ERROR",
        "com.acme.desk.auth.DirectoryAuthenticator",
        thread,
        `LDAP referral to ldap://corp-legacy.internal:389 failed for ${agent}; falling back to primary directory`,
        { user: agent },
        referral,
      ),
    );
    const u = t + rng.int(60, 240);
    tl.add(
      u,
      logback(
        u,
        desk,
        "INFO",
        "com.acme.desk.auth.LoginController",
        thread,
        `User ${agent} logged in from 10.40.${rng.int(1, 30)}.${rng.int(2, 250)} (directory=primary)`,
        { user: agent },
      ),
    );
  }
  const statuses = ["new", "in_progress", "waiting_on_customer", "resolved"];
  for (const t of arrivals(rng, shiftAt + 5 * MINUTE, end, rng.float(2.2, 2.8))) {
    const a = rng.int(0, 2);
    tl.add(
      t,
      logback(
        t,
        desk,
        "INFO",
        "com.acme.desk.tickets.TicketService",
        `http-nio-8443-exec-${rng.int(1, 40)}`,
        `Ticket SD-${rng.int(180000, 189999)} updated by ${rng.pick(agents)}: status ${statuses[a]} -> ${statuses[a + 1]}`,
      ),
    );
  }

  // ── mail-ingest (Python): polls the helpdesk mailbox every minute ───────────────────────────
  const mail = { service: "mail-ingest", host: rng.pod("mail-ingest") };
  const loopAt = tl.at(rng.float(0.62, 0.85));
  for (const t of ticks(rng, start, end, MINUTE, 3000)) {
    const n = Math.round(day(t) * rng.int(0, 4));
    tl.add(
      t,
      pyjson(t, mail, "INFO", "ingest.imap", `fetched ${n} new messages from helpdesk@acme.example`, { mailbox: "INBOX", duration_ms: rng.int(150, 700) }),
    );
    for (let i = 0; i < n; i++) {
      const u = t + 400 + i * rng.int(200, 600);
      tl.add(
        u,
        pyjson(
          u,
          mail,
          "INFO",
          "ingest.tickets",
          `ticket SD-${rng.int(190000, 199999)} created from message <${rng.hex(12)}@${rng.pick(["gmail.com", "outlook.com", "acme.example", "gmx.de"])}>`,
        ),
      );
    }
  }
  const loops = rng.int(2, 4);
  for (let i = 0; i < loops; i++) {
    const t = loopAt + i * rng.int(2, 5) * MINUTE + rng.int(0, 30) * SECOND;
    tl.add(
      t,
      pyjson(
        t,
        mail,
        "WARNING",
        "ingest.loops",
        `mail loop suspected: message <${rng.hex(12)}@service-desk.acme.example> from noreply@service-desk.acme.example carries X-Loop: helpdesk@acme.example and was auto-replied ${3 + i} times; suppressing`,
      ),
      "pattern",
    );
  }

  // ── attachment-scanner (Node): scans attachments; its heap runs out late in the day ───────
  const scanPods = { name: "attachment-scanner", hostname: rng.pod("attachment-scanner"), pid: 1 };
  const node = `ip-10-40-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-central-1.compute.internal`;
  const k8s = { pod: scanPods.hostname, namespace: "desk", container: "attachment-scanner", app: "attachment-scanner", host: node };
  const leakFrom = Math.max(shiftAt + 20 * MINUTE, tl.at(rng.float(0.55, 0.65)));
  const crashAt = Math.min(end - 25 * MINUTE, leakFrom + rng.int(60, 90) * MINUTE);
  const upAt = crashAt + rng.int(20, 40) * SECOND;
  const heapAt = (t: number): number => {
    if (t >= leakFrom && t < crashAt) return Math.min(99, 38 + 61 * ((t - leakFrom) / (crashAt - leakFrom)) ** 1.8);
    return 30 + 8 * Math.sin(t / 500000);
  };
  for (const t of ticks(rng, start, end, 2 * MINUTE, 5 * SECOND)) {
    if (t >= crashAt && t < upAt) continue;
    const pct = heapAt(t);
    const used = Math.round((pct / 100) * 2048);
    const high = pct >= 85;
    tl.add(
      t,
      pino(t, scanPods, high ? "warn" : "info", high ? "heap usage high" : "heap stats", {
        heapUsedMB: used,
        heapLimitMB: 2048,
        heap_used_pct: Number(pct.toFixed(1)),
      }),
      high ? "memory" : null,
    );
  }
  for (const t of arrivals(rng, start, end, 1.7, day, 1)) {
    if (t >= crashAt && t < upAt) continue;
    const took = Math.round(rng.logNormal(pct2ms(heapAt(t)), 0.4));
    const d = t + took;
    tl.add(
      d,
      pino(d, scanPods, "info", "attachment scanned", {
        attachment: `att_${rng.alnum(12)}`,
        mime: rng.pick(["application/pdf", "image/png", "image/jpeg", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]),
        verdict: "clean",
        durationMs: took,
      }),
      took > 3000 ? "performance" : null,
    );
  }
  tl.add(crashAt - 300, fluentRaw(crashAt - 300, "<--- Last few GCs --->", k8s), "memory");
  tl.add(crashAt - 200, fluentRaw(crashAt - 200, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", k8s), "memory");
  const lost = rng.int(2, 5);
  for (let i = 0; i < lost; i++) {
    const t = crashAt + rng.int(1, 8) * SECOND + i * 300;
    tl.add(
      t,
      pyjson(
        t,
        mail,
        "ERROR",
        "ingest.attachments",
        `attachment scan for ticket SD-${rng.int(190000, 199999)} failed: ECONNRESET from attachment-scanner:8080, will retry`,
      ),
      "error",
    );
  }
  tl.add(
    crashAt + 5 * SECOND,
    kubeEvent(
      crashAt + 5 * SECOND,
      "Normal",
      "Pulled",
      'Container image "registry.acme.internal/attachment-scanner:3.8.2" already present on machine',
      { kind: "Pod", name: scanPods.hostname, namespace: "desk" },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  tl.add(
    crashAt + 6 * SECOND,
    kubeEvent(
      crashAt + 6 * SECOND,
      "Normal",
      "Started",
      "Started container attachment-scanner",
      { kind: "Pod", name: scanPods.hostname, namespace: "desk" },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  tl.add(upAt, pino(upAt, scanPods, "info", "attachment-scanner listening on :8080", { version: "3.8.2", clamd: "clamd.desk.svc:3310" }));

  // ── portal-edge (nginx): the customer portal ────────────────────────────────────────────────
  const routes = [
    ["GET /portal", 20],
    ["GET /portal/tickets/<id>", 35],
    ["POST /portal/tickets", 8],
    ["GET /portal/kb/<id>", 22],
    ["GET /static/<asset>", 15],
  ] as const;
  const up = `10.40.${rng.int(1, 60)}.${rng.int(2, 250)}:8443`;
  for (const s of arrivals(rng, start, end, 2.5, day, 1)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(180000, 199999))).replace("<asset>", `portal.${rng.hex(8)}.js`);
    let status = method === "POST" ? 201 : 200;
    if (path.includes("tickets/") && rng.chance(0.04)) status = 403;
    const [e, entry] = edgeLine(rng, s, "portal-edge", method, uri, status, rng.logNormal(path.startsWith("/static") ? 3 : 60, 0.5), up);
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "from the 08:00 shift start every agent login logs a benign ERROR for the legacy directory referral, to the end; attachment-scanner runs out of heap and restarts, and a mail loop appears",
  );
}

/** Scan time by heap: GC thrash near the limit makes scans slow. */
function pct2ms(pct: number): number {
  return pct >= 90 ? 4000 : pct >= 80 ? 900 : 350;
}
