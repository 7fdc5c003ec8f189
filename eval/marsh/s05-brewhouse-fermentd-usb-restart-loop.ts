// s05 brewhouse-fermentd-usb-restart-loop
//
// One edge box in a craft brewery (journald, read as `journalctl -o json`). fermentd reads
// six fermentation-tank controllers over a USB RS-485 adapter (Modbus RTU) and publishes to a
// local mosquitto broker. The adapter dropped off the bus (a marginal power supply) hours
// before the window, so systemd has been restarting fermentd every ~10.5 s (Restart=always,
// RestartSec=10) ever since: the window opens inside the loop. Most of each cycle is INFO
// (systemd Started/Stopped/"Scheduled restart job", fermentd's own startup lines, mosquitto's
// connection lines); the failing lines proper are a prio-3 open error, a prio-2 exit, systemd's
// prio-5/4 exit lines and mosquitto's socket error. The kernel reports under-voltage a few
// times. At 60-75 % of the window a brewer logs in, re-seats the adapter (kernel USB attach
// lines), fermentd comes up and tank readings resume. The chiller daemon, cron and sshd
// are routine throughout.
//
// Healthy bands:
//   fermentd: starts only at boot or upgrade; then one reading per tank per minute
//     (gravity 0.998-1.090, temp 0-24 C); no serial errors
//   systemd: no restart jobs for fermentd; mosquitto: fermentd-01 connects once per boot
//   chillerd: loop line every 30 s (glycol supply -2..3 C), valve lines per tank every 60 s
//   kernel: no USB attach/detach and no under-voltage on a healthy day
// Labels: the open error, fatal exit, "Main process exited", "Failed with result",
// mosquitto socket error, "Scheduled restart job" (crash-loop back-off) = error; Started /
// Stopped / fermentd startup lines / mosquitto connect lines during the loop, under-voltage,
// kernel USB attach and the first healthy start = pattern. chillerd, cron, sshd, sudo,
// logind, timesyncd and post-recovery tank readings = null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, epochUs, ticks, type Label } from "./util.js";

const NAME = "brewhouse-fermentd-usb-restart-loop";
const HOST = "brewhouse-edge-01";

export function brewhouseFermentdUsbRestartLoop(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 8, 18, 5, 0) + r.int(0, 120) * MIN + r.int(0, 59) * SEC;
  const dur = 60 * MIN;
  const end = start + dur;
  const fixAt = start + dur * r.float(0.6, 0.75);
  const bootId = r.hex(32);
  const machineId = r.hex(32);
  const bootAt = start - r.int(3, 20) * 86400 * SEC;
  let fermentdPid = r.int(210_000, 260_000);
  const mosqPid = r.int(600, 900);
  const chillPid = r.int(600, 900);

  type J = {
    prio: number;
    ident: string;
    pid: number | string;
    msg: string;
    unit?: string;
    transport?: string;
    comm?: string;
    extra?: Record<string, unknown>;
  };
  const j = (t: number, e: J, label: Label): void => {
    const log: Record<string, unknown> = {
      __REALTIME_TIMESTAMP: epochUs(t),
      __MONOTONIC_TIMESTAMP: String(Math.floor((t - bootAt) * 1000)),
      _BOOT_ID: bootId,
      _MACHINE_ID: machineId,
      _HOSTNAME: HOST,
      PRIORITY: String(e.prio),
      SYSLOG_FACILITY: e.ident === "kernel" ? "0" : e.ident === "systemd" ? "3" : e.ident === "CRON" || e.ident === "sudo" || e.ident === "sshd" ? "10" : "3",
      SYSLOG_IDENTIFIER: e.ident,
      _TRANSPORT: e.transport ?? (e.ident === "kernel" ? "kernel" : e.ident === "systemd" ? "journal" : "stdout"),
    };
    if (e.ident !== "kernel") {
      log._PID = String(e.pid);
      log._COMM = e.comm ?? e.ident;
    }
    if (e.unit) log._SYSTEMD_UNIT = e.unit;
    Object.assign(log, e.extra ?? {});
    log.MESSAGE = e.msg;
    tl.add(t, log, label);
  };
  const sd = (t: number, prio: number, msg: string, label: Label, extra: Record<string, unknown> = {}): void =>
    j(
      t,
      { prio, ident: "systemd", pid: 1, msg, unit: "init.scope", comm: "systemd", extra: { UNIT: "fermentd.service", CODE_FILE: "src/core/unit.c", ...extra } },
      label,
    );
  const fd = (t: number, prio: number, pid: number, msg: string, label: Label): void =>
    j(t, { prio, ident: "fermentd", pid, msg, unit: "fermentd.service" }, label);
  const mq = (t: number, prio: number, msg: string, label: Label): void =>
    j(t, { prio, ident: "mosquitto", pid: mosqPid, msg: `${Math.floor(t / 1000)}: ${msg}`, unit: "mosquitto.service" }, label);
  const kern = (t: number, prio: number, msg: string, label: Label): void => j(t, { prio, ident: "kernel", pid: 0, msg }, label);

  let counter = r.int(1400, 2300);
  // The loop: Started -> fermentd lines -> exit -> systemd exit lines -> 10 s -> Scheduled restart -> Stopped -> Started ...
  let t = start + r.float(0, 10) * SEC;
  let cycleOk = false;
  while (t < end && !cycleOk) {
    const healthy = t > fixAt;
    const pid = ++fermentdPid + r.int(0, 3);
    fermentdPid = pid;
    sd(t, 6, "Started fermentd.service - Fermentation tank telemetry gateway.", "pattern", {
      MESSAGE_ID: "39f53479d3a045ac8e11786248231fbf",
      JOB_TYPE: "start",
      JOB_RESULT: "done",
    });
    let c = t + r.float(8, 25);
    fd(c, 6, pid, "fermentd 3.4.1 starting (config /etc/fermentd/fermentd.toml, site brewhouse-a)", "pattern");
    c += r.float(30, 90);
    fd(c, 6, pid, "mqtt: connected to tcp://127.0.0.1:1883 as fermentd-01", "pattern");
    const port = r.int(35000, 60999);
    mq(c - 2, 6, `New connection from 127.0.0.1:${port} on port 1883.`, "pattern");
    mq(c - 1, 6, `New client connected from 127.0.0.1:${port} as fermentd-01 (p2, c1, k30, u'fermentd').`, "pattern");
    c += r.float(2, 8);
    fd(c, 6, pid, "modbus: opening /dev/ttyUSB0 (19200 8N1, slaves 1-6)", "pattern");
    c += r.float(1, 4);
    if (healthy) {
      c += r.float(400, 900);
      fd(c, 6, pid, "modbus: 6/6 tank controllers responding (FV1-FV6)", "pattern");
      cycleOk = true;
      // readings resume: one per tank per minute
      const gravity = [1.012, 1.046, 1.021, 1.003, 1.058, 1.031].map((g) => g + r.float(-0.002, 0.002));
      const temps = [18.2, 19.5, 12.0, 2.1, 20.1, 17.4];
      for (let k = 0; k < 6; k++) {
        for (const tr of ticks(r, c + 5 * SEC, end, MIN, 800, k * 7 * SEC)) {
          const g = (gravity[k] ?? 1.01) - ((tr - c) / MIN) * 0.00002;
          const tc = (temps[k] ?? 18) + r.float(-0.25, 0.25);
          fd(tr, 6, pid, `FV${k + 1} gravity=${g.toFixed(4)} temp=${tc.toFixed(1)}C pressure=${r.float(0.6, 1.1).toFixed(2)}bar`, null);
        }
      }
      break;
    }
    fd(c, 3, pid, "modbus: open /dev/ttyUSB0: no such file or directory", "error");
    c += r.float(0.3, 1.5);
    fd(c, 2, pid, "fatal: no serial link to tank controllers, exiting with status 1", "error");
    c += r.float(1, 4);
    mq(c, 6, "Socket error on client fermentd-01, disconnecting.", "error");
    c += r.float(2, 6);
    sd(c, 5, "fermentd.service: Main process exited, code=exited, status=1/FAILURE", "error", {
      EXIT_CODE: "exited",
      EXIT_STATUS: "1",
      MESSAGE_ID: "98e322203f7a4ed290d09fe03c09fe15",
    });
    c += r.float(0.2, 0.8);
    sd(c, 4, "fermentd.service: Failed with result 'exit-code'.", "error", { MESSAGE_ID: "d9b373ed55a64feb8242e02dbe79a49c", UNIT_RESULT: "exit-code" });
    c += 10 * SEC + r.float(5, 60);
    if (c >= end) break;
    counter++;
    sd(c, 6, `fermentd.service: Scheduled restart job, restart counter is at ${counter}.`, "error", {
      MESSAGE_ID: "5eb03494b6584870a536b337290809b3",
      N_RESTARTS: String(counter),
    });
    c += r.float(0.5, 2);
    sd(c, 6, "Stopped fermentd.service - Fermentation tank telemetry gateway.", "pattern", {
      MESSAGE_ID: "9d1aaa27d60140bd96365438aad20286",
      JOB_TYPE: "restart",
      JOB_RESULT: "done",
    });
    t = c + r.float(3, 12);
  }

  // Under-voltage warnings from the Pi's firmware hwmon (prio 2/4 in kernel ring)
  for (let k = 0; k < r.int(3, 5); k++) {
    const tu = start + r.float(0.02, 0.58) * dur;
    kern(tu, 2, "hwmon hwmon1: Undervoltage detected!", "pattern");
    kern(tu + r.float(2, 9) * SEC, 6, "hwmon hwmon1: Voltage normalised", "pattern");
  }
  // Brewer logs in a few minutes before the fix
  const tLogin = fixAt - r.float(4, 7) * MIN;
  const sshPid = r.int(300_000, 320_000);
  const sshPort = r.int(49000, 60999);
  j(
    tLogin,
    {
      prio: 6,
      ident: "sshd",
      pid: sshPid,
      msg: `Accepted publickey for brewer from 10.0.0.23 port ${sshPort} ssh2: ED25519 SHA256:${r.chars(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
      unit: "ssh.service",
      transport: "syslog",
    },
    null,
  );
  j(
    tLogin + 30,
    {
      prio: 6,
      ident: "sshd",
      pid: sshPid,
      msg: "pam_unix(sshd:session): session opened for user brewer(uid=1000) by (uid=0)",
      unit: "ssh.service",
      transport: "syslog",
    },
    null,
  );
  j(
    tLogin + 60,
    { prio: 6, ident: "systemd-logind", pid: 512, msg: `New session ${r.int(40, 90)} of user brewer.`, unit: "systemd-logind.service", transport: "journal" },
    null,
  );
  const cmds = ["/usr/bin/systemctl status fermentd", "/usr/bin/journalctl -u fermentd -n 200 --no-pager", "/usr/bin/dmesg -T --level=err,warn"];
  cmds.forEach((cmd, i) => {
    const ts = tLogin + (40 + i * 55 + r.float(0, 20)) * SEC;
    j(
      ts,
      { prio: 5, ident: "sudo", pid: sshPid + 40 + i * 7, msg: `  brewer : TTY=pts/0 ; PWD=/home/brewer ; USER=root ; COMMAND=${cmd}`, transport: "syslog" },
      null,
    );
    j(
      ts + 3,
      {
        prio: 6,
        ident: "sudo",
        pid: sshPid + 40 + i * 7,
        msg: "pam_unix(sudo:session): session opened for user root(uid=0) by brewer(uid=1000)",
        transport: "syslog",
      },
      null,
    );
    j(ts + 900, { prio: 6, ident: "sudo", pid: sshPid + 40 + i * 7, msg: "pam_unix(sudo:session): session closed for user root", transport: "syslog" }, null);
  });
  // Adapter re-seated
  let tk = fixAt - r.float(3, 8) * SEC;
  const devNo = r.int(7, 14);
  for (const line of [
    `usb 1-1.3: new full-speed USB device number ${devNo} using xhci_hcd`,
    "usb 1-1.3: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice= 2.64",
    "usb 1-1.3: New USB device strings: Mfr=0, Product=2, SerialNumber=0",
    "usb 1-1.3: Product: USB Serial",
    "ch341 1-1.3:1.0: ch341-uart converter detected",
    "usb 1-1.3: ch341-uart converter now attached to ttyUSB0",
  ]) {
    kern(tk, 6, line, "pattern");
    tk += r.float(5, 120);
  }

  // chillerd: glycol loop every 30 s, tank valves every 60 s (syslog transport)
  for (const tc of ticks(r, start, end, 30 * SEC, 500, r.float(0, 30) * SEC)) {
    j(
      tc,
      {
        prio: 6,
        ident: "chillerd",
        pid: chillPid,
        msg: `loop: glycol supply ${r.float(-1.2, 0.8).toFixed(1)}C return ${r.float(3.5, 5.5).toFixed(1)}C pump ${r.int(55, 70)}% compressor ${r.pick(["on", "on", "off"])}`,
        unit: "chillerd.service",
        transport: "syslog",
      },
      null,
    );
  }
  const setpoints = [18.0, 19.5, 12.0, 2.0, 20.0, 17.5];
  for (let k = 0; k < 6; k++) {
    for (const tc of ticks(r, start, end, MIN, 700, r.float(0, 60) * SEC)) {
      const sp = setpoints[k] ?? 18;
      j(
        tc,
        {
          prio: 6,
          ident: "chillerd",
          pid: chillPid,
          msg: `FV${k + 1} valve ${r.int(5, 60)}% (sp ${sp.toFixed(1)}C, probe ${(sp + r.float(-0.3, 0.3)).toFixed(1)}C)`,
          unit: "chillerd.service",
          transport: "syslog",
        },
        null,
      );
    }
  }
  // cron every 5 minutes: brew log backup
  for (const tc of ticks(r, start, end, 5 * MIN, 200, 0)) {
    const cp = r.int(330_000, 340_000);
    j(
      tc,
      {
        prio: 6,
        ident: "CRON",
        pid: cp,
        msg: "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
        unit: "cron.service",
        transport: "syslog",
      },
      null,
    );
    j(
      tc + 8,
      { prio: 6, ident: "CRON", pid: cp + 1, msg: "(root) CMD (/usr/local/bin/brewlog-sync --quiet)", unit: "cron.service", transport: "syslog" },
      null,
    );
    j(
      tc + r.float(1500, 4000),
      { prio: 6, ident: "CRON", pid: cp, msg: "pam_unix(cron:session): session closed for user root", unit: "cron.service", transport: "syslog" },
      null,
    );
  }
  // timesyncd once, dashboard tablet reconnecting to mosquitto a few times
  j(
    start + r.float(0.1, 0.9) * dur,
    {
      prio: 6,
      ident: "systemd-timesyncd",
      pid: 401,
      msg: "Contacted time server 162.159.200.123:123 (2.debian.pool.ntp.org).",
      unit: "systemd-timesyncd.service",
      transport: "journal",
    },
    null,
  );
  for (let k = 0; k < r.int(2, 4); k++) {
    const tt = start + r.float(0, 1) * dur;
    const p = r.int(50000, 60999);
    mq(tt, 6, `New connection from 10.0.0.31:${p} on port 1883.`, null);
    mq(tt + 40, 6, `New client connected from 10.0.0.31:${p} as brewboard-tablet-${r.hex(4)} (p2, c1, k60, u'dashboard').`, null);
  }

  return tl.build(
    NAME,
    "Brewery edge box: fermentd has been in a systemd restart loop for hours (USB serial adapter gone) when the window opens; mostly INFO start/stop/restart-job lines plus a serial error per cycle until a brewer re-seats the adapter at ~70%.",
  );
}
