// Internet-facing SSH jump host, read with `journalctl -o json`. Routine: password guessing
// against root from botnets, all day, every day (null). Incident: the SSSD LDAP backend goes
// offline for some minutes, so staff logins fail with system errors until it reconnects.
import { MIN, Rng, Timeline, windowStart } from "./common.js";
import type { Scenario } from "./types.js";

export default function bastionDecoy(seed: number): Scenario {
  const rng = new Rng(seed, "s02-bastion-ssh");
  const start = windowStart(rng);
  const end = start + rng.int(100, 140) * MIN;
  const tl = new Timeline(rng, start, end);
  const host = rng.pick(["bastion-1", "jump-eu-01", "gw-ssh-02", "ops-bastion"]);
  const realm = rng.pick(["corp.shipyard.example", "ad.meridian-freight.example", "idm.polder-water.example"]);
  const bootId = rng.hex(32),
    machineId = rng.hex(32);
  const j = (t: number, ident: string, pid: number, msg: string, prio = 6, unit?: string) => ({
    __REALTIME_TIMESTAMP: String(Math.round(t * 1000) + rng.int(0, 999)),
    __MONOTONIC_TIMESTAMP: String(Math.round((t - start) * 1000) + 86_400_000_000),
    _BOOT_ID: bootId,
    _MACHINE_ID: machineId,
    _HOSTNAME: host,
    PRIORITY: String(prio),
    SYSLOG_FACILITY: ident === "sshd" ? "10" : "3",
    SYSLOG_IDENTIFIER: ident,
    _PID: String(pid),
    ...(unit ? { _SYSTEMD_UNIT: unit } : {}),
    MESSAGE: msg,
  });
  const staff = ["akowalski", "bmensah", "cdupont", "dfernandes", "eyilmaz", "fokafor", "gnovak", "hlindqvist"];
  const offFrom = start + rng.float(0.3, 0.65) * (end - start);
  const offTo = offFrom + rng.float(6, 11) * MIN;
  const sssdPid = rng.int(600, 900);
  let session = rng.int(2000, 9000);

  // Staff logins with keys + password (2FA via SSSD), sudo, logout.
  tl.every(rng.float(1.2, 2) * MIN, (t) => {
    const u = rng.pick(staff),
      ip = rng.ip("10.8.4"),
      port = rng.int(40000, 65000),
      p = rng.int(10000, 60000);
    if (t >= offFrom && t < offTo) {
      tl.add(
        t,
        j(t, "sshd", p, `pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip} user=${u}`, 5, "ssh.service"),
        "error",
      );
      tl.add(t + 5, j(t + 5, "sshd", p, `pam_sss(sshd:auth): received for user ${u}: 4 (System error)`, 5, "ssh.service"), "error");
      tl.add(t + 2100, j(t + 2100, "sshd", p, `Failed password for ${u} from ${ip} port ${port} ssh2`, 6, "ssh.service"), "error");
      tl.add(t + 2300, j(t + 2300, "sshd", p, `Connection closed by authenticating user ${u} ${ip} port ${port} [preauth]`, 6, "ssh.service"), "error");
      return;
    }
    const s = session++;
    tl.add(t, j(t, "sshd", p, `Accepted publickey for ${u} from ${ip} port ${port} ssh2: ED25519 SHA256:${rng.hex(22)}`, 6, "ssh.service"));
    tl.add(t + 40, j(t + 40, "sshd", p, `pam_unix(sshd:session): session opened for user ${u}(uid=${rng.int(10000, 10900)}) by (uid=0)`, 6, "ssh.service"));
    tl.add(t + 60, j(t + 60, "systemd-logind", 712, `New session ${s} of user ${u}.`, 6, "systemd-logind.service"));
    if (rng.chance(0.5)) {
      const st = t + rng.int(20, 300) * 1000;
      tl.add(
        st,
        j(
          st,
          "sudo",
          rng.int(10000, 60000),
          `${u} : TTY=pts/${rng.int(0, 9)} ; PWD=/home/${u} ; USER=root ; COMMAND=/usr/bin/systemctl status ${rng.pick(["nginx", "haproxy", "chronyd", "node_exporter"])}`,
          5,
        ),
      );
    }
    const et = t + rng.int(2, 25) * MIN;
    if (et < end) {
      tl.add(et, j(et, "sshd", p, `pam_unix(sshd:session): session closed for user ${u}`, 6, "ssh.service"));
      tl.add(et + 30, j(et + 30, "systemd-logind", 712, `Session ${s} logged out. Waiting for processes to exit.`, 6, "systemd-logind.service"));
      tl.add(et + 90, j(et + 90, "systemd-logind", 712, `Removed session ${s}.`, 6, "systemd-logind.service"));
    }
  });

  // SSSD going offline and back (the incident).
  const sb = (t: number, msg: string, prio: number, label: "error" | "pattern" | null) => tl.add(t, j(t, "sssd_be", sssdPid, msg, prio, "sssd.service"), label);
  sb(offFrom - 2500, `Backend is offline`, 3, "error");
  sb(
    offFrom - 2400,
    `[sssd[be[${realm}]]] [sdap_sys_connect_done] (0x0020): Failed to connect to ldaps://dc01.${realm}: Can't contact LDAP server`,
    3,
    "error",
  );
  tl.every(
    1.5 * MIN,
    (t) => sb(t, `[sssd[be[${realm}]]] [fo_resolve_service_send] (0x0020): No available servers for service 'AD'`, 3, "error"),
    offFrom,
    offTo,
  );
  sb(offTo, "Backend is online", 5, "pattern");

  // Background: cron, time sync, dictionary probes, timers.
  tl.every(5 * MIN, (t) =>
    tl.add(t, j(t, "CRON", rng.int(30000, 60000), "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", 6, "cron.service")),
  );
  tl.every(rng.float(0.6, 1) * MIN, (t) =>
    tl.add(
      t,
      j(
        t,
        "sshd",
        rng.int(10000, 60000),
        `Invalid user ${rng.pick(["admin", "test", "oracle", "ubuntu", "postgres", "git", "user", "ftpuser"])} from ${rng.ip()} port ${rng.int(30000, 65000)}`,
        6,
        "ssh.service",
      ),
    ),
  );
  tl.every(rng.float(0.6, 1) * MIN, (t) =>
    tl.add(
      t,
      j(t, "sshd", rng.int(10000, 60000), `Received disconnect from ${rng.ip()} port ${rng.int(30000, 65000)}:11: Bye Bye [preauth]`, 6, "ssh.service"),
    ),
  );
  tl.every(17 * MIN, (t) => tl.add(t, j(t, "chronyd", 688, `Selected source ${rng.ip("10.0.0")} (ntp${rng.int(1, 3)}.${realm})`, 6, "chronyd.service")));
  tl.every(9 * MIN, (t) => tl.add(t, j(t, "systemd", 1, "Starting sysstat-collect.service - system activity accounting tool...", 6, "init.scope")));

  // Routine flood: password guessing against root, several guesses per connection.
  const conns = tl.floodCount(rng.float(0.3, 0.5), 1 / 2.5) / 2.5;
  tl.spread(Math.round(conns), (t) => {
    const ip = rng.ip(),
      port = rng.int(30000, 65000),
      p = rng.int(10000, 60000);
    let u = t;
    for (let k = rng.int(1, 4); k > 0; k--) {
      tl.add(u, j(u, "sshd", p, `Failed password for root from ${ip} port ${port} ssh2`, 6, "ssh.service"));
      u += rng.int(1500, 4000);
    }
    tl.add(u, j(u, "sshd", p, `Disconnected from authenticating user root ${ip} port ${port} [preauth]`, 6, "ssh.service"));
  });
  return tl.build("s02-bastion-ssh-decoy", "SSH jump host: routine botnet password guessing; SSSD loses its LDAP backend and staff logins fail for minutes");
}
