// A whole day of syslog from a dozen Kubernetes worker nodes, shipped as rsyslog JSON. Almost
// nothing is wrong: kubelet and containerd chatter (their klog / logfmt lines arrive at
// syslog severity info, whatever their own E/W prefix says), a dev CronJob in CrashLoopBackOff
// that kubelet complains about every few minutes all day, orphaned-pod and nameserver-limit
// warnings, journald suppression notices, SSH logins, DHCP renewals. Once, on one node, the
// second NVMe disk times out, I/O errors follow and ext4 remounts the filesystem read-only.
import type { Scenario } from "../blind/types.js";
import { baseDay, type Label, MIN, Rng, type SyslogSeverity, SEC, Story, sampleTimes, syslog } from "./lib.js";

function klogPrefix(t: number, sev: "I" | "W" | "E", pid: number, src: string): string {
  const d = new Date(t);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const us = String((t % 1000) * 1000 + (pid % 997)).padStart(6, "0");
  return `${sev}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us} ${String(pid).padStart(7, " ")} ${src}]`;
}

export function s05QuietSyslogDay(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(0, 30) * MIN;
  const end = start + 24 * 60 * MIN;

  const nodes = Array.from({ length: rng.int(10, 14) }, () => `ip-10-0-${rng.int(16, 63)}-${rng.int(4, 250)}.eu-west-1.compute.internal`);
  const kubeletPid = new Map(nodes.map((n) => [n, rng.int(1900, 2600)]));
  const containerdPid = new Map(nodes.map((n) => [n, rng.int(700, 1100)]));
  const namespaces = ["shop", "payments", "search", "monitoring", "kube-system", "batch"];
  const apps = ["cart", "checkout", "catalog", "ledger", "search-api", "prometheus", "node-exporter", "coredns", "fluent-bit", "report-runner"];
  const pods = Array.from({ length: 60 }, () => {
    const app = rng.pick(apps);
    return `${rng.pick(namespaces)}/${rng.pod(app)}`;
  });
  const cid = () => rng.hex(64);

  const log = (t: number, host: string, prog: string, pid: string, fac: string, sev: SyslogSeverity, msg: string, label: Label = null) =>
    story.add(t, label, syslog(t, host, prog, pid, fac, sev, msg));
  const kubelet = (t: number, host: string, sev: "I" | "W" | "E", src: string, msg: string, label: Label = null) => {
    const pid = kubeletPid.get(host) ?? 2000;
    log(t, host, "kubelet", String(pid), "daemon", "info", `${klogPrefix(t, sev, pid, src)} ${msg}`, label);
  };
  const containerd = (t: number, host: string, level: "info" | "warning" | "error", msg: string, extra = "") =>
    log(
      t,
      host,
      "containerd",
      String(containerdPid.get(host) ?? 900),
      "daemon",
      "info",
      `time="${new Date(t).toISOString()}" level=${level} msg="${msg}"${extra}`,
    );

  // ---------------------------------------------------------------- routine chatter
  const weight = (t: number) => {
    const h = (((t - start) / 3_600_000) % 24) + ((start / 3_600_000) % 24);
    return 0.7 + 0.3 * Math.sin(((h - 8) / 24) * 2 * Math.PI);
  };
  const n = rng.int(3300, 4300);
  for (const t of sampleTimes(rng, n, start, end, weight)) {
    const host = rng.pick(nodes);
    const pod = rng.pick(pods);
    const kind = rng.weighted([
      ["pleg", 0.12],
      ["probe", 0.03],
      ["orphan", 0.05],
      ["nameserver", 0.07],
      ["rmcontainer", 0.04],
      ["ctrStart", 0.06],
      ["ctrShim", 0.05],
      ["ctrNotFound", 0.04],
      ["ctrImage", 0.02],
      ["mountScope", 0.12],
      ["session", 0.04],
      ["cron", 0.06],
      ["ssh", 0.02],
      ["addrconf", 0.06],
      ["chrony", 0.02],
      ["dhcp", 0.03],
      ["audit", 0.04],
      ["journald", 0.02],
      ["tmpfiles", 0.01],
      ["sysstat", 0.03],
    ] as const);
    switch (kind) {
      case "pleg":
        kubelet(
          t,
          host,
          "I",
          "kubelet.go:2457",
          `"SyncLoop (PLEG): event for pod" pod="${pod}" event={"ID":"${rng.uuid()}","Type":"${rng.pick(["ContainerStarted", "ContainerDied"])}","Data":"${cid()}"}`,
        );
        break;
      case "probe":
        kubelet(
          t,
          host,
          "I",
          "prober.go:107",
          `"Probe failed" probeType="Readiness" pod="${pod}" podUID="${rng.uuid()}" containerName="app" probeResult="failure" output="Get \\"http://10.244.${rng.int(0, 40)}.${rng.int(2, 250)}:8080/ready\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
        );
        break;
      case "orphan":
        kubelet(
          t,
          host,
          "E",
          "kubelet_volumes.go:245",
          `"There were many similar errors. Turn up verbosity to see them." err="orphaned pod \\"${rng.uuid()}\\" found, but error not a directory occurred when trying to remove the volumes dir" numErrs=${rng.int(1, 4)}`,
        );
        break;
      case "nameserver":
        kubelet(
          t,
          host,
          "E",
          "dns.go:153",
          '"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.0.0.2 169.254.169.253 1.1.1.1"',
        );
        break;
      case "rmcontainer":
        kubelet(t, host, "I", "scope.go:117", `"RemoveContainer" containerID="${cid()}"`);
        break;
      case "ctrStart":
        containerd(t, host, "info", `StartContainer for \\"${cid()}\\" returns successfully`);
        break;
      case "ctrShim":
        containerd(t, host, "warning", "cleaning up after shim disconnected", ` id=${cid()} namespace=k8s.io`);
        break;
      case "ctrNotFound":
        containerd(
          t,
          host,
          "error",
          `ContainerStatus for \\"${cid().slice(0, 12)}\\" failed`,
          ` error="rpc error: code = NotFound desc = an error occurred when try to find container \\"${cid().slice(0, 12)}\\": not found"`,
        );
        break;
      case "ctrImage":
        containerd(
          t,
          host,
          "info",
          `ImageUpdate event &ImageUpdate{Name:registry.internal/${rng.pick(apps)}:${rng.int(1, 9)}.${rng.int(0, 40)}.${rng.int(0, 9)},Labels:map[string]string{io.cri-containerd.image: managed,},XXX_unrecognized:[],}`,
        );
        break;
      case "mountScope":
        log(t, host, "systemd", "1", "daemon", "info", `run-containerd-runc-k8s.io-${cid()}-runc.${rng.alnum(6)}.mount: Deactivated successfully.`);
        break;
      case "session": {
        const s = rng.int(1000, 9999);
        log(
          t,
          host,
          "systemd",
          "1",
          "daemon",
          "info",
          rng.chance(0.5) ? `Started Session ${s} of User core.` : `session-${s}.scope: Deactivated successfully.`,
        );
        break;
      }
      case "cron":
        log(t, host, "CROND", String(rng.int(100000, 999999)), "cron", "info", `(root) CMD (/usr/lib64/sa/sa1 1 1)`);
        break;
      case "ssh":
        log(
          t,
          host,
          "sshd",
          String(rng.int(100000, 999999)),
          "authpriv",
          "info",
          `Accepted publickey for core from 10.0.${rng.int(0, 3)}.${rng.int(10, 40)} port ${rng.int(30000, 65000)} ssh2: ED25519 SHA256:${rng.alnum(43)}`,
        );
        break;
      case "addrconf":
        log(t, host, "kernel", "-", "kern", "info", `IPv6: ADDRCONF(NETDEV_CHANGE): eni${rng.hex(11)}: link becomes ready`);
        break;
      case "chrony":
        log(
          t,
          host,
          "chronyd",
          String(rng.int(600, 700)),
          "daemon",
          "info",
          rng.chance(0.7) ? "Selected source 169.254.169.123" : `System clock wrong by 0.00${rng.int(1000, 9999)} seconds, adjustment started`,
        );
        break;
      case "dhcp":
        log(
          t,
          host,
          "systemd-networkd",
          String(rng.int(500, 600)),
          "daemon",
          "info",
          `eth0: DHCPv4 address ${host.slice(3, host.indexOf(".")).replace(/-/g, ".")}/20, gateway 10.0.0.1 acquired from 10.0.0.1`,
        );
        break;
      case "audit":
        log(t, host, "kernel", "-", "kern", "warning", `kauditd_printk_skb: ${rng.int(2, 40)} callbacks suppressed`);
        break;
      case "journald":
        log(t, host, "systemd-journald", String(rng.int(300, 400)), "daemon", "warning", `Suppressed ${rng.int(200, 9000)} messages from kubelet.service`);
        break;
      case "tmpfiles":
        log(
          t,
          host,
          "systemd",
          "1",
          "daemon",
          "info",
          rng.pick([
            "Starting Cleanup of Temporary Directories...",
            "systemd-tmpfiles-clean.service: Deactivated successfully.",
            "Finished Cleanup of Temporary Directories.",
          ]),
        );
        break;
      case "sysstat":
        log(
          t,
          host,
          "systemd",
          "1",
          "daemon",
          "info",
          rng.pick([
            "Starting system activity accounting tool...",
            "sysstat-collect.service: Deactivated successfully.",
            "Finished system activity accounting tool.",
          ]),
        );
        break;
    }
  }
  // A dev CronJob in CrashLoopBackOff all day on one node: kubelet says so every few minutes.
  const crashNode = rng.pick(nodes);
  const crashPod = `batch-dev/nightly-report-${rng.int(28000000, 28999999)}-${rng.alnum(5)}`;
  for (let t = start + rng.int(0, 300) * SEC; t < end; t += rng.int(270, 330) * SEC) {
    kubelet(
      t,
      crashNode,
      "E",
      "pod_workers.go:1300",
      `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"report\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=report pod=${crashPod.split("/")[1]}_batch-dev(${rng.uuid()})\\"" pod="${crashPod}"`,
    );
  }
  // A rare-but-known warning: the kubelet port sees a SYN burst during the morning scale-up.
  for (const t of sampleTimes(rng, rng.int(2, 4), start, end)) {
    log(
      t,
      rng.pick(nodes),
      "kernel",
      "-",
      "kern",
      "warning",
      "TCP: request_sock_TCP: Possible SYN flooding on port 10250. Sending cookies.  Check SNMP counters.",
    );
  }

  // ---------------------------------------------------------------- the one real problem
  const bad = rng.pick(nodes.filter((x) => x !== crashNode));
  const tb = start + rng.int(3 * 60, 21 * 60) * MIN + rng.int(0, 59) * SEC;
  const io = rng.int(100, 1000);
  const q = rng.int(1, 7);
  const sector = rng.int(10_000_000, 200_000_000);
  const block = Math.floor(sector / 8);
  const inode = rng.int(1_000_000, 4_000_000);
  log(tb, bad, "kernel", "-", "kern", "warning", `nvme nvme1: I/O ${io} QID ${q} timeout, aborting`, "error");
  log(tb + 8, bad, "kernel", "-", "kern", "warning", "nvme nvme1: Abort status: 0x0", "error");
  log(tb + 30_012, bad, "kernel", "-", "kern", "warning", `nvme nvme1: I/O ${io} QID ${q} timeout, reset controller`, "error");
  log(
    tb + 30_514,
    bad,
    "kernel",
    "-",
    "kern",
    "err",
    `blk_update_request: I/O error, dev nvme1n1, sector ${sector} op 0x1:(WRITE) flags 0x800 phys_seg 32 prio class 0`,
    "error",
  );
  log(
    tb + 30_515,
    bad,
    "kernel",
    "-",
    "kern",
    "warning",
    `EXT4-fs warning (device nvme1n1): ext4_end_bio:342: I/O error 10 writing to inode ${inode} starting block ${block})`,
    "error",
  );
  log(tb + 30_515, bad, "kernel", "-", "kern", "err", `Buffer I/O error on device nvme1n1, logical block ${block}`, "error");
  log(
    tb + 30_902,
    bad,
    "kernel",
    "-",
    "kern",
    "crit",
    "EXT4-fs error (device nvme1n1): ext4_journal_check_start:83: comm kubelet: Detected aborted journal",
    "error",
  );
  log(tb + 30_903, bad, "kernel", "-", "kern", "crit", "EXT4-fs (nvme1n1): Remounting filesystem read-only", "error");

  return story.build(
    "quiet-syslog-day",
    "A day of rsyslog JSON from a dozen Kubernetes nodes full of routine kubelet/containerd noise (including a dev CronJob's CrashLoopBackOff every five minutes), where the only real problem is one node's NVMe disk timing out and ext4 remounting read-only — eight lines.",
  );
}
