/**
 * s05: a healthy stretch on three self-hosted CI runner hosts, read with `journalctl -o json`
 * from a journal-remote collector. Builds come and go, containers start and stop, sshd sees
 * the internet's usual scanners, CRON and timers run. Nothing is wrong: every label is null,
 * including routine warnings and errors (preauth kex errors, failed builds, UFW blocks).
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { HOUR, MIN, SEC, Timeline, arrivals, epochMicros, every, publicIp, type Log } from "./common.js";

const NAME = "quiet-runners";

interface Host {
  name: string;
  boot: string;
  machine: string;
  bootAt: number;
  pids: Record<string, number>;
  seqnum: number;
  seqnumId: string;
}

export function s05QuietRunners(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(5, 7) * HOUR;
  const start = rng.start2026(span);
  const end = start + span;
  const tl = new Timeline();

  const hosts: Host[] = ["ci-runner-01", "ci-runner-02", "ci-runner-03"].map((name) => ({
    name,
    boot: rng.hex(32),
    machine: rng.hex(32),
    bootAt: start - rng.int(2, 40) * 24 * HOUR,
    pids: {
      sshd: rng.int(800, 1200),
      "gitlab-runner": rng.int(1200, 1600),
      dockerd: rng.int(900, 1100),
      containerd: rng.int(700, 900),
      "systemd-timesyncd": rng.int(500, 700),
      "systemd-logind": rng.int(600, 800),
      "systemd-resolved": rng.int(500, 700),
    },
    seqnum: rng.int(100000, 900000),
    seqnumId: rng.hex(32),
  }));

  const UNIT: Record<string, string> = {
    sshd: "ssh.service",
    "gitlab-runner": "gitlab-runner.service",
    dockerd: "docker.service",
    containerd: "containerd.service",
    "systemd-timesyncd": "systemd-timesyncd.service",
    "systemd-logind": "systemd-logind.service",
    "systemd-resolved": "systemd-resolved.service",
    CRON: "cron.service",
    systemd: "init.scope",
  };
  const EXE: Record<string, string> = {
    sshd: "/usr/sbin/sshd",
    "gitlab-runner": "/usr/bin/gitlab-runner",
    dockerd: "/usr/bin/dockerd",
    containerd: "/usr/bin/containerd",
    "systemd-timesyncd": "/usr/lib/systemd/systemd-timesyncd",
    "systemd-logind": "/usr/lib/systemd/systemd-logind",
    "systemd-resolved": "/usr/lib/systemd/systemd-resolved",
    CRON: "/usr/sbin/cron",
    systemd: "/usr/lib/systemd/systemd",
    sudo: "/usr/bin/sudo",
  };

  /** One journal entry as `journalctl -o json` prints it: every value a string. */
  const journal = (
    t: number,
    h: Host,
    ident: string,
    priority: number,
    message: string,
    opts: { pid?: number; transport?: string; facility?: number; unit?: string; uid?: number } = {},
  ): Log => {
    const mono = String(Math.floor((t - h.bootAt) * 1000));
    const pid = opts.pid ?? h.pids[ident] ?? rng.int(2000, 400000);
    const transport =
      opts.transport ?? (ident === "kernel" ? "kernel" : ident === "gitlab-runner" || ident === "dockerd" || ident === "containerd" ? "stdout" : "syslog");
    const log: Log = {
      __CURSOR: `s=${h.seqnumId};i=?;b=${h.boot};m=${Number(mono).toString(16)};t=${Math.floor(t * 1000).toString(16)};x=${rng.hex(16)}`,
      __REALTIME_TIMESTAMP: epochMicros(t),
      __MONOTONIC_TIMESTAMP: mono,
      __SEQNUM: "?", // numbered in write order below
      __SEQNUM_ID: h.seqnumId,
      _BOOT_ID: h.boot,
      _MACHINE_ID: h.machine,
      _HOSTNAME: h.name,
      PRIORITY: String(priority),
      SYSLOG_FACILITY: String(opts.facility ?? (ident === "kernel" ? 0 : ident === "sshd" || ident === "sudo" ? 10 : ident === "CRON" ? 9 : 3)),
      SYSLOG_IDENTIFIER: ident,
      _TRANSPORT: transport,
      MESSAGE: message,
    };
    if (ident !== "kernel") {
      log._PID = String(pid);
      log._UID = String(opts.uid ?? (ident === "gitlab-runner" ? 0 : ident.startsWith("systemd-") ? rng.pick([100, 101, 102]) : 0));
      log._GID = log._UID;
      log._COMM = ident === "CRON" ? "cron" : ident.slice(0, 15);
      log._EXE = EXE[ident] ?? `/usr/bin/${ident}`;
      log._SYSTEMD_UNIT = opts.unit ?? UNIT[ident] ?? `${ident}.service`;
      log._SYSTEMD_CGROUP = `/system.slice/${String(log._SYSTEMD_UNIT)}`;
      log._SYSTEMD_SLICE = "system.slice";
      if (transport === "syslog") log.SYSLOG_PID = String(pid);
      if (transport === "syslog") log.SYSLOG_TIMESTAMP = new Date(Math.floor(t)).toUTCString().slice(5, 25);
      log._SOURCE_REALTIME_TIMESTAMP = epochMicros(t - rng.float(0.01, 0.4));
    } else {
      log._SOURCE_MONOTONIC_TIMESTAMP = String(Math.floor((t - h.bootAt) * 1000) - rng.int(10, 900));
    }
    return log;
  };

  const projects = ["platform/api", "platform/web", "data/etl-jobs", "mobile/ios-app", "infra/terraform-modules", "tools/release-bot", "ml/feature-store"];
  const runnerToken = Object.fromEntries(hosts.map((h) => [h.name, rng.alnum(8)]));
  let jobId = rng.int(180_000, 900_000);
  const veth = (): string => `veth${rng.hex(7)}`;

  // ------------------------------------------------------------ CI jobs: runner, docker, kernel veth churn
  for (const t0 of arrivals(rng, start, end - 10 * MIN, span / 150)) {
    const h = rng.pick(hosts);
    const job = jobId++;
    const proj = rng.pick(projects);
    const tok = runnerToken[h.name] ?? "x";
    tl.add(
      t0,
      journal(
        t0,
        h,
        "gitlab-runner",
        6,
        `Checking for jobs... received                       job=${job} repo_url=https://git.corp.example/${proj}.git runner=${tok}`,
      ),
    );
    const cid = rng.hex(64);
    const v = veth();
    let t = t0 + rng.float(0.5, 3) * SEC;
    tl.add(
      t,
      journal(
        t,
        h,
        "containerd",
        6,
        `time="${new Date(Math.floor(t)).toISOString().slice(0, 19)}.${rng.int(100000000, 999999999)}Z" level=info msg="loading plugin \\"io.containerd.event.v1.publisher\\"..." runtime=io.containerd.runc.v2 type=io.containerd.event.v1`,
      ),
    );
    t += rng.float(50, 400);
    tl.add(t, journal(t, h, "kernel", 6, `docker0: port ${rng.int(1, 9)}(${v}) entered blocking state`));
    tl.add(t + 2, journal(t + 2, h, "kernel", 6, `docker0: port ${rng.int(1, 9)}(${v}) entered disabled state`));
    tl.add(t + 4, journal(t + 4, h, "kernel", 6, `device ${v} entered promiscuous mode`));
    t += rng.float(100, 600);
    tl.add(t, journal(t, h, "kernel", 6, `eth0: renamed from ${veth()}`));
    tl.add(t + 3, journal(t + 3, h, "kernel", 6, `IPv6: ADDRCONF(NETDEV_CHANGE): ${v}: link becomes ready`));
    tl.add(t + 5, journal(t + 5, h, "kernel", 6, `docker0: port ${rng.int(1, 9)}(${v}) entered forwarding state`));
    const dur = rng.logNormal(240, 0.6, 4) * SEC;
    t = t0 + dur;
    if (t > end) continue;
    const failed = rng.chance(0.12);
    tl.add(
      t,
      journal(
        t,
        h,
        "dockerd",
        6,
        `time="${new Date(Math.floor(t)).toISOString()}" level=info msg="ignoring event" container=${cid} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`,
      ),
    );
    tl.add(
      t + 20,
      journal(t + 20, h, "containerd", 6, `time="${new Date(Math.floor(t + 20)).toISOString()}" level=info msg="shim disconnected" id=${cid} namespace=moby`),
    );
    tl.add(
      t + 22,
      journal(t + 22, h, "containerd", 6, `time="${new Date(Math.floor(t + 22)).toISOString()}" level=info msg="cleaning up dead shim" namespace=moby`),
    );
    tl.add(t + 40, journal(t + 40, h, "kernel", 6, `docker0: port ${rng.int(1, 9)}(${v}) entered disabled state`));
    tl.add(t + 45, journal(t + 45, h, "kernel", 6, `device ${v} left promiscuous mode`));
    tl.add(t + 60, journal(t + 60, h, "systemd", 6, `run-docker-netns-${rng.hex(12)}.mount: Deactivated successfully.`, { pid: 1 }));
    tl.add(t + 70, journal(t + 70, h, "systemd", 6, `var-lib-docker-overlay2-${rng.hex(64)}-merged.mount: Deactivated successfully.`, { pid: 1 }));
    const durS = ((t + 100 - t0) / 1000).toFixed(6);
    if (failed) {
      tl.add(
        t + 100,
        journal(
          t + 100,
          h,
          "gitlab-runner",
          4,
          `WARNING: Job failed: exit code ${rng.pick([1, 1, 1, 2, 137])}\n   duration_s=${durS} job=${job} project=${rng.int(10, 400)} runner=${tok}`,
        ),
      );
    } else {
      tl.add(
        t + 100,
        journal(
          t + 100,
          h,
          "gitlab-runner",
          6,
          `Job succeeded                                       duration_s=${durS} job=${job} project=${rng.int(10, 400)} runner=${tok}`,
        ),
      );
    }
    tl.add(
      t + 160,
      journal(
        t + 160,
        h,
        "gitlab-runner",
        6,
        `Appending trace to coordinator...ok                 code=202 job=${job} job-log=0-${rng.int(4000, 900000)} job-status=${failed ? "failed" : "success"} runner=${tok} sent-log=${rng.int(1000, 90000)}-${rng.int(90000, 900000)} status=202 Accepted update-interval=1m0s`,
      ),
    );
  }

  // ------------------------------------------------------------ sshd: operators and internet noise
  for (const t of arrivals(rng, start, end, span / 260)) {
    const h = rng.pick(hosts);
    const ip = publicIp(rng);
    const port = rng.int(20000, 65000);
    const pid = rng.int(20000, 400000);
    const k = rng.weighted([
      ["invalid", 5],
      ["kex", 3],
      ["closed", 3],
      ["bye", 2],
      ["login", 2],
    ] as const);
    if (k === "invalid") {
      const user = rng.pick(["admin", "oracle", "test", "ubuntu", "user", "postgres", "git", "ftpuser", "support", "deploy1"]);
      tl.add(t, journal(t, h, "sshd", 6, `Invalid user ${user} from ${ip} port ${port}`, { pid }));
      tl.add(t + 200, journal(t + 200, h, "sshd", 6, `Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`, { pid }));
    } else if (k === "kex") {
      tl.add(t, journal(t, h, "sshd", 3, "error: kex_exchange_identification: Connection closed by remote host", { pid }));
      tl.add(t + 1, journal(t + 1, h, "sshd", 6, `Connection closed by ${ip} port ${port}`, { pid }));
    } else if (k === "closed") {
      tl.add(t, journal(t, h, "sshd", 6, `Connection closed by authenticating user root ${ip} port ${port} [preauth]`, { pid }));
    } else if (k === "bye") {
      tl.add(t, journal(t, h, "sshd", 6, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`, { pid }));
      tl.add(t + 1, journal(t + 1, h, "sshd", 6, `Disconnected from authenticating user root ${ip} port ${port} [preauth]`, { pid }));
    } else {
      const user = rng.pick(["deploy", "mkowalski", "aokafor", "jlindqvist"]);
      const src = `10.20.${rng.int(0, 3)}.${rng.int(2, 250)}`;
      const sess = rng.int(1000, 9999);
      tl.add(t, journal(t, h, "sshd", 6, `Accepted publickey for ${user} from ${src} port ${port} ssh2: ED25519 SHA256:${rng.alnum(43)}`, { pid }));
      tl.add(t + 3, journal(t + 3, h, "sshd", 6, `pam_unix(sshd:session): session opened for user ${user}(uid=${rng.int(1000, 1010)}) by (uid=0)`, { pid }));
      tl.add(t + 8, journal(t + 8, h, "systemd-logind", 6, `New session ${sess} of user ${user}.`));
      tl.add(t + 12, journal(t + 12, h, "systemd", 6, `Started session-${sess}.scope - Session ${sess} of User ${user}.`, { pid: 1 }));
      const t2 = t + rng.float(1, 25) * MIN;
      if (rng.chance(0.6) && t2 < end) {
        tl.add(
          t2 - 30 * SEC,
          journal(
            t2 - 30 * SEC,
            h,
            "sudo",
            5,
            `${user} : TTY=pts/${rng.int(0, 3)} ; PWD=/home/${user} ; USER=root ; COMMAND=${rng.pick(["/usr/bin/systemctl status gitlab-runner", "/usr/bin/docker system df", "/usr/bin/journalctl -u gitlab-runner -n 200", "/usr/bin/docker image prune -f"])}`,
            { transport: "syslog", facility: 10 },
          ),
        );
      }
      if (t2 < end) {
        tl.add(t2, journal(t2, h, "sshd", 6, `Received disconnect from ${src} port ${port}:11: disconnected by user`, { pid }));
        tl.add(t2 + 2, journal(t2 + 2, h, "sshd", 6, `pam_unix(sshd:session): session closed for user ${user}`, { pid }));
        tl.add(t2 + 6, journal(t2 + 6, h, "systemd-logind", 6, `Session ${sess} logged out. Waiting for processes to exit.`));
        tl.add(t2 + 9, journal(t2 + 9, h, "systemd", 6, `session-${sess}.scope: Deactivated successfully.`, { pid: 1 }));
        tl.add(t2 + 11, journal(t2 + 11, h, "systemd-logind", 6, `Removed session ${sess}.`));
      }
    }
  }

  // ------------------------------------------------------------ firewall, cron, timers, time sync
  for (const t of arrivals(rng, start, end, span / 180)) {
    const h = rng.pick(hosts);
    const dpt = rng.pick([23, 445, 3389, 5900, 8080, 6379, 2375, 9200, 1433, 5555]);
    tl.add(
      t,
      journal(
        t,
        h,
        "kernel",
        4,
        `[UFW BLOCK] IN=ens3 OUT= MAC=fa:16:3e:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:fa:16:3e:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:08:00 SRC=${publicIp(rng)} DST=203.0.113.${rng.int(10, 12)} LEN=${rng.pick([40, 44, 60])} TOS=0x00 PREC=0x00 TTL=${rng.int(40, 250)} ID=${rng.int(1, 65535)} PROTO=TCP SPT=${rng.int(1024, 65535)} DPT=${dpt} WINDOW=${rng.pick([1024, 65535, 29200])} RES=0x00 SYN URGP=0`,
      ),
    );
  }
  for (const h of hosts) {
    for (const t of every(rng, start, end, 15 * MIN)) {
      const pid = rng.int(20000, 400000);
      tl.add(t, journal(t, h, "CRON", 6, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", { pid }));
      tl.add(t + 5, journal(t + 5, h, "CRON", 6, "(root) CMD (/usr/local/bin/docker-prune-dangling.sh >/dev/null 2>&1)", { pid }));
      const tc = t + rng.float(1, 9) * SEC;
      tl.add(tc, journal(tc, h, "CRON", 6, "pam_unix(cron:session): session closed for user root", { pid }));
    }
    for (const t of every(rng, start, end, HOUR)) {
      tl.add(t, journal(t, h, "CRON", 6, "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)", { pid: rng.int(20000, 400000) }));
    }
    for (const t of every(rng, start, end, 34 * MIN + 8 * SEC, 2 * SEC)) {
      tl.add(t, journal(t, h, "systemd-timesyncd", 6, `Initial synchronization to time server 185.125.190.${rng.pick([56, 57, 58])}:123 (ntp.ubuntu.com).`));
    }
    for (const t of every(rng, start, end, 10 * MIN, 20 * SEC)) {
      tl.add(t, journal(t, h, "systemd", 6, "Starting sysstat-collect.service - system activity accounting tool...", { pid: 1 }));
      tl.add(t + 180, journal(t + 180, h, "systemd", 6, "sysstat-collect.service: Deactivated successfully.", { pid: 1 }));
    }
    for (const t of arrivals(rng, start, end, 70 * MIN)) {
      tl.add(t, journal(t, h, "systemd-resolved", 6, "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.20.0.2."));
      const t2 = t + rng.float(5, 60) * SEC;
      tl.add(t2, journal(t2, h, "systemd-resolved", 6, "Using degraded feature set TCP instead of UDP for DNS server 10.20.0.2."));
    }
    for (const t of arrivals(rng, start, end, 45 * MIN)) {
      tl.add(
        t,
        journal(t, h, "dockerd", 3, `time="${new Date(Math.floor(t)).toISOString()}" level=error msg="Not continuing with pull after error: context canceled"`),
      );
    }
    for (const t of every(rng, start, end, 30 * MIN, 5 * SEC)) {
      tl.add(t, journal(t, h, "gitlab-runner", 6, `Configuration loaded                                builds=${rng.int(0, 4)} max_builds=4`));
    }
  }
  const apt = start + rng.float(0.2, 0.8) * span;
  for (const h of hosts) {
    const t = apt + rng.float(0, 50) * MIN;
    if (t + 90 * SEC > end) continue;
    tl.add(t, journal(t, h, "systemd", 6, "Starting apt-daily.service - Daily apt download activities...", { pid: 1 }));
    tl.add(t + 40 * SEC, journal(t + 40 * SEC, h, "systemd", 6, "apt-daily.service: Deactivated successfully.", { pid: 1 }));
    tl.add(t + 40 * SEC + 5, journal(t + 40 * SEC + 5, h, "systemd", 6, "Finished apt-daily.service - Daily apt download activities.", { pid: 1 }));
    tl.add(t + 40 * SEC + 9, journal(t + 40 * SEC + 9, h, "systemd", 6, "apt-daily.service: Consumed 11.204s CPU time.", { pid: 1 }));
  }

  const scenario = tl.build(
    NAME,
    "Healthy hours on three CI runner hosts in journald JSON: builds, container churn, sshd scanners, UFW blocks, cron and timers; no anomalous line.",
  );
  // the journal numbers entries per host in the order it wrote them
  for (const log of scenario.logs) {
    const h = hosts.find((x) => x.name === log._HOSTNAME);
    if (!h) continue;
    h.seqnum += 1;
    log.__SEQNUM = String(h.seqnum);
    log.__CURSOR = String(log.__CURSOR).replace("i=?", `i=${h.seqnum.toString(16)}`);
  }
  return scenario;
}
