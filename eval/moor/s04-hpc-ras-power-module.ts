// s04 hpc-ras-power-module: a university HPC cluster ("glacier") over six hours. Its RAS log is loud:
// ras-kernel writes corrected-error summaries at CRITICAL (about 18 % of its lines) and link errors at
// ERROR all day, slurmctld logs "Zero Bytes were transmitted" errors, BMCs log temperature SEL events.
// None of that is the incident. The real alert is a rare line type: a node card's power module latches
// an undervoltage fault; its eight nodes stop responding, Slurm marks them DOWN/DRAINED and kills or
// requeues the jobs on them.
//
// Producers: ras-kernel and ipmiseld via rsyslog's JSON template (@timestamp, message, sysloghost,
// severity, programname), slurmctld and slurmd/slurmstepd via journald JSON (journalctl -o json).
// Healthy bands: ras-kernel CRITICAL "machine check summary: corrected errors over threshold ..." is
// routine (15-20 % of ras-kernel lines), ERROR "ciod: Error reading message prefix ... Link has been
// severed" routine (~5 %); slurmctld "error: slurm_receive_msg ... Zero Bytes" ~6/h; ipmiseld
// "Temperature ... Upper Non-critical going high" ~4/h. No latency or memory fields are used.
// Evidence: the VRM undervoltage / power-fault lines and the BMC's voltage SEL (pattern), nodes not
// responding / set DOWN / DRAINED (pattern), jobs killed, cancelled due to node failure, NODE_FAIL (error).
import { HOUR, MIN, SEC, Timeline, isoMicroOff, journalTs, makeRng, poisson, startTime } from "./rng.js";
import type { Scenario } from "./types.js";

export function hpcRasPowerModule(seed: number): Scenario {
  const rng = makeRng(seed * 2713 + 404);
  const tl = new Timeline();
  const t0 = startTime(rng);
  const t1 = t0 + 6 * HOUR + rng.int(0, 30) * MIN;
  const rack = rng.int(1, 8);
  const card = `R${String(rack).padStart(2, "0")}-M0-N${rng.int(0, 3)}`;
  const nodes = Array.from({ length: 128 }, (_, i) => `r${String(Math.floor(i / 16) + 1).padStart(2, "0")}n${String((i % 16) + 1).padStart(2, "0")}`);
  const hit = Array.from({ length: 8 }, (_, i) => `r${String(rack).padStart(2, "0")}n${String(i + 1).padStart(2, "0")}`);
  const fault = t0 + Math.floor((t1 - t0) * rng.float(0.55, 0.72));
  const down = (n: string, t: number) => hit.includes(n) && t >= fault;
  const rs = (t: number, host: string, prog: string, sev: string, message: string) => ({
    "@timestamp": isoMicroOff(t),
    "@version": "1",
    message,
    sysloghost: host,
    severity: sev,
    facility: "local4",
    programname: prog,
    procid: "-",
  });
  const jd = (t: number, host: string, ident: string, prio: number, message: string, pid: number) => ({
    __CURSOR: `s=${rng.hex(32)};i=${rng.hex(6)}`,
    __REALTIME_TIMESTAMP: journalTs(t),
    __MONOTONIC_TIMESTAMP: String(Math.floor((t - t0) * 1000) + 86_400_000_000),
    _HOSTNAME: host,
    SYSLOG_IDENTIFIER: ident,
    _PID: String(pid),
    _SYSTEMD_UNIT: `${ident === "slurmstepd" ? "slurmd" : ident}.service`,
    PRIORITY: String(prio),
    MESSAGE: message,
  });

  // ras-kernel background (all nodes)
  for (const t of poisson(rng, t0, t1, 9.5 * SEC)) {
    const n = rng.pick(nodes);
    if (down(n, t)) continue;
    const x = rng.next();
    if (x < 0.18)
      tl.add(
        t,
        rs(
          t,
          n,
          "ras-kernel",
          "crit",
          `machine check summary: corrected errors over threshold on socket ${rng.int(0, 1)} (bank ${rng.int(5, 12)}), logging suppressed for 300s`,
        ),
      );
    else if (x < 0.23)
      tl.add(
        t,
        rs(
          t,
          n,
          "ras-kernel",
          "err",
          `ciod: Error reading message prefix after LOGIN_MESSAGE on CioStream socket to 172.16.${rng.int(96, 127)}.${rng.int(1, 254)}:${rng.int(33000, 60000)}: Link has been severed`,
        ),
      );
    else if (x < 0.55) tl.add(t, rs(t, n, "ras-kernel", "info", `CE sym ${rng.int(0, 31)}, at 0x${rng.hex(8)}, mask 0x${rng.hex(2)}`));
    else if (x < 0.8) tl.add(t, rs(t, n, "ras-kernel", "info", `total of ${rng.int(1, 24)} ddr error(s) detected and corrected`));
    else tl.add(t, rs(t, n, "ras-kernel", "info", "instruction cache parity error corrected"));
  }
  for (const t of poisson(rng, t0, t1, 15 * MIN)) {
    const n = rng.pick(nodes);
    if (down(n, t)) continue;
    tl.add(
      t,
      rs(
        t,
        `${n}-bmc`,
        "ipmiseld",
        rng.chance(0.5) ? "warning" : "notice",
        `SEL: Temperature #0x30 Upper Non-critical going high (${rng.chance(0.5) ? "Asserted" : "Deasserted"}) reading ${rng.int(78, 83)} > threshold 78 degrees C`,
      ),
    );
  }

  // slurm: jobs
  interface Job {
    id: number;
    nodes: string[];
    end: number;
  }
  let jobId = rng.int(4_100_000, 4_900_000);
  const jobs: Job[] = [];
  for (const t of poisson(rng, t0, t1, 26 * SEC)) {
    const size = rng.weighted([
      [1, 6],
      [2, 2],
      [4, 2],
      [8, 1],
    ] as const);
    const start = rng.int(0, 127 - size);
    const ns = nodes.slice(start, start + size);
    if (ns.some((n) => down(n, t))) continue;
    const id = jobId++;
    const part = size >= 4 ? "parallel" : rng.pick(["short", "long", "gpu"]);
    const list = ns.length === 1 ? ns[0] : `${ns[0]?.slice(0, 4)}[${ns[0]?.slice(4)}-${ns[ns.length - 1]?.slice(4)}]`;
    tl.add(t, jd(t, "glacier-ctl01", "slurmctld", 6, `sched: Allocate JobId=${id} NodeList=${list} #CPUs=${size * 64} Partition=${part}`, 2114));
    const tl2 = t + rng.int(200, 1500);
    tl.add(
      tl2,
      jd(
        tl2,
        ns[0] as string,
        "slurmd",
        6,
        `launch task StepId=${id}.0 request from UID:${rng.int(20000, 29000)} GID:${rng.int(20000, 29000)} HOST:172.16.0.2 PORT:${rng.int(30000, 60000)}`,
        1873,
      ),
    );
    jobs.push({ id, nodes: ns, end: t + rng.int(3, 150) * MIN });
  }
  for (const j of jobs) {
    const onHit = j.nodes.some((n) => hit.includes(n));
    if (onHit && j.end > fault) {
      const tk = fault + rng.int(35, 50) * SEC;
      tl.add(tk, jd(tk, "glacier-ctl01", "slurmctld", 6, `Killing JobId=${j.id} on failed node ${j.nodes.find((n) => hit.includes(n))}`, 2114), "error");
      tl.add(tk + 5, jd(tk + 5, "glacier-ctl01", "slurmctld", 6, `_job_complete: JobId=${j.id} WTERMSIG 9`, 2114), "error");
      if (rng.chance(0.6)) tl.add(tk + 9, jd(tk + 9, "glacier-ctl01", "slurmctld", 6, `job_requeue: JobId=${j.id} state NODE_FAIL, requeued`, 2114), "error");
      const other = j.nodes.find((n) => !hit.includes(n));
      if (other)
        tl.add(
          tk + 300,
          jd(
            tk + 300,
            other,
            "slurmstepd",
            3,
            `error: *** JOB ${j.id} ON ${other} CANCELLED AT ${new Date(Math.floor(tk)).toISOString().slice(0, 19)} DUE TO NODE FAILURE, SEE SLURMCTLD LOG FOR DETAILS ***`,
            rng.int(3000, 90000),
          ),
          "error",
        );
      continue;
    }
    if (j.end < t1)
      tl.add(
        j.end,
        jd(j.end, "glacier-ctl01", "slurmctld", 6, `_job_complete: JobId=${j.id} WEXITSTATUS ${rng.chance(0.93) ? 0 : rng.pick([1, 2, 137])}`, 2114),
      );
    if (j.end < t1) tl.add(j.end + 2, jd(j.end + 2, "glacier-ctl01", "slurmctld", 6, `_job_complete: JobId=${j.id} done`, 2114));
  }
  for (const t of poisson(rng, t0, t1, 10 * MIN)) {
    tl.add(
      t,
      jd(
        t,
        "glacier-ctl01",
        "slurmctld",
        3,
        `error: slurm_receive_msg [172.16.${rng.int(0, 15)}.${rng.int(2, 254)}:${rng.int(33000, 61000)}]: Zero Bytes were transmitted or received`,
        2114,
      ),
    );
  }

  // the incident: a rare line type, then its consequences
  const pre = fault - rng.int(40, 120) * SEC;
  tl.add(
    pre,
    rs(
      pre,
      `${hit[0]}-bmc`,
      "ipmiseld",
      "warning",
      `SEL: Voltage #0x31 Lower Non-critical going low (Asserted) reading 1.04 < threshold 1.08 Volts (node card ${card})`,
    ),
    "pattern",
  );
  tl.add(
    fault - 800,
    rs(
      fault - 800,
      `${hit[0]}-bmc`,
      "ipmiseld",
      "crit",
      `SEL: Voltage #0x31 Lower Critical going low (Asserted) reading 0.71 < threshold 0.96 Volts (node card ${card})`,
    ),
    "pattern",
  );
  tl.add(
    fault,
    rs(
      fault,
      hit[0] as string,
      "ras-kernel",
      "crit",
      `node card ${card}: VRM U07 output undervoltage on VDDQ rail 0.71V (nominal 1.20V), power module fault latched`,
    ),
    "pattern",
  );
  tl.add(
    fault + 40,
    rs(fault + 40, hit[1] as string, "ras-kernel", "crit", `node card ${card}: entering power-fault shutdown, 8 nodes affected (${hit[0]}-${hit[7]})`),
    "pattern",
  );
  const nr = fault + rng.int(25, 33) * SEC;
  tl.add(nr, jd(nr, "glacier-ctl01", "slurmctld", 3, `error: Nodes r${String(rack).padStart(2, "0")}n[01-08] not responding`, 2114), "pattern");
  hit.forEach((n, i) => {
    const t = nr + 5000 + i * 20;
    tl.add(t, jd(t, "glacier-ctl01", "slurmctld", 6, `update_node: node ${n} state set to DOWN`, 2114), "pattern");
  });
  const drain = nr + rng.int(6, 14) * MIN;
  hit.forEach((n, i) => {
    tl.add(
      drain + i * 15,
      jd(
        drain + i * 15,
        "glacier-ctl01",
        "slurmctld",
        6,
        `update_node: node ${n} reason set to: power module fault ${card} (INC-${rng.int(10000, 99999)})`,
        2114,
      ),
      "pattern",
    );
    tl.add(drain + i * 15 + 3, jd(drain + i * 15 + 3, "glacier-ctl01", "slurmctld", 6, `update_node: node ${n} state set to DRAINED`, 2114), "pattern");
  });
  // later, the BMC keeps complaining periodically
  for (let t = fault + 10 * MIN; t < t1; t += rng.int(25, 40) * MIN) {
    tl.add(t, rs(t, `${hit[0]}-bmc`, "ipmiseld", "crit", `SEL: Power Unit #0x1a Power Supply Failure detected (Asserted) (node card ${card})`), "pattern");
  }
  return tl.build(
    "hpc-ras-power-module",
    `HPC RAS log full of routine CRITICAL/ERROR noise; the real alert is a rare power-module undervoltage on node card ${card}, whose eight nodes go DOWN and whose jobs are killed or requeued`,
  );
}
