// A Nomad/Consul fleet read from the journal through Vector's journald source (MESSAGE as
// `message`, the journal's own upper-case fields kept, PRIORITY mapped to a numeric `severity`;
// for Consul and Nomad, which write hclog to stdout at priority 6, the remap takes `level` from
// the text). The volume under the leader degrades: the kernel reports hung tasks and NVMe
// timeouts, Raft loses its leader again and again, and every agent's writes fail with "No
// cluster leader" while there is none.
import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, iso, isoNs, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

interface Host {
  name: string;
  ip: string;
  boot: string;
  machine: string;
  pids: Record<string, number>;
}

export function consulLeaderFlapping(seed: number): Scenario {
  const name = "consul-raft-leader-flapping";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A degraded disk under the Consul leader: kernel hung-task and NVMe timeout reports, repeated Raft elections and 'No cluster leader' failures across Nomad clients, from systemd-journald JSON",
  );
  const t0 = startTime(rng);
  const span = rng.int(130, 160) * MIN;
  const end = t0 + span;
  const mk = (n: string, ip: string): Host => ({
    name: n,
    ip,
    boot: rng.hex(32),
    machine: rng.hex(32),
    pids: { consul: rng.int(700, 1200), nomad: rng.int(700, 1200), systemd: 1, kernel: 0, CRON: 0 },
  });
  const servers = [1, 2, 3].map((i) => mk(`consul-server-${i}`, `10.0.1.${10 + i}`));
  const clients = [1, 2, 3, 4, 5, 6].map((i) => mk(`nomad-client-${i}`, `10.0.2.${rng.int(10, 250)}`));
  const sick = rng.pick(servers);
  const others = servers.filter((s) => s !== sick);
  let term = rng.int(200, 900);
  let raftIndex = rng.int(40_000_000, 90_000_000);

  const journal = (t: number, h: Host, ident: string, message: string, label: Label, opts: { prio?: number; level?: string } = {}): void => {
    const prio = opts.prio ?? 6;
    const unit = ident === "kernel" ? undefined : ident === "CRON" ? "cron.service" : ident === "systemd" ? "init.scope" : `${ident}.service`;
    const pid = ident === "CRON" ? rng.int(20000, 90000) : h.pids[ident];
    inc.add(
      t,
      {
        message,
        timestamp: isoNs(t),
        host: h.name,
        PRIORITY: String(prio),
        SYSLOG_FACILITY: ident === "kernel" ? "0" : "3",
        SYSLOG_IDENTIFIER: ident,
        ...(unit ? { _SYSTEMD_UNIT: unit } : {}),
        ...(pid ? { _PID: String(pid) } : {}),
        _TRANSPORT: ident === "kernel" ? "kernel" : ident === "consul" || ident === "nomad" ? "stdout" : "syslog",
        _BOOT_ID: h.boot,
        _MACHINE_ID: h.machine,
        _HOSTNAME: h.name,
        source_type: "journald",
        application: ident,
        ...(opts.level ? { level: opts.level } : { severity: prio }),
      },
      label,
    );
  };
  const hclog = (t: number, h: Host, ident: "consul" | "nomad", level: "INFO" | "WARN" | "ERROR", text: string, label: Label = null): void => {
    const pad = level === "ERROR" ? " " : level === "WARN" ? "  " : "  ";
    journal(t, h, ident, `${iso(t)} [${level}]${pad}${text}`, label, { level: level.toLowerCase() });
  };

  // Windows without a leader: a few elections, each leaving the cluster leaderless for seconds.
  const onset = t0 + Math.floor(span * rng.float(0.35, 0.5));
  const elections: { start: number; gap: number }[] = [];
  for (let t = onset + rng.int(60, 240) * SEC; t < end - 5 * MIN && elections.length < 6; t += rng.int(5, 14) * MIN)
    elections.push({ start: t, gap: rng.int(4, 16) * SEC });
  const leaderless = (t: number): boolean => elections.some((e) => t >= e.start && t < e.start + e.gap + 3 * SEC);

  // systemd, cron and friends on every host.
  for (const h of [...servers, ...clients]) {
    for (const t of times(rng, t0, end, rng.int(8, 14))) {
      const s = rng.int(1000, 9000);
      journal(t, h, "systemd", `Started Session ${s} of User ubuntu.`, null);
      journal(t + rng.int(30, 900) * SEC, h, "systemd", `session-${s}.scope: Deactivated successfully.`, null);
    }
    for (let t = t0 + rng.int(0, 59) * MIN; t < end; t += HOUR) {
      journal(t, h, "CRON", "(root) CMD (   test -x /etc/cron.daily/popularity-contest && /etc/cron.daily/popularity-contest --crond)", null);
      journal(t + 17 * MIN, h, "CRON", "(root) CMD (cd / && run-parts --report /etc/cron.hourly)", null);
    }
    for (const t of times(rng, t0, end, rng.int(3, 7)))
      journal(t, h, "systemd-resolved", "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2.", null, { prio: 4 });
    for (const t of times(rng, t0, end, rng.int(1, 3))) {
      journal(t, h, "systemd", "Starting Daily apt download activities...", null);
      journal(t + rng.int(5, 40) * SEC, h, "systemd", "apt-daily.service: Deactivated successfully.", null);
      journal(t + rng.int(41, 50) * SEC, h, "systemd", "Finished Daily apt download activities.", null);
    }
  }

  // Consul servers: snapshots and log compaction, serf noise.
  for (const h of servers) {
    for (const t of times(rng, t0, end, rng.int(18, 26))) {
      raftIndex += rng.int(8000, 20000);
      hclog(t, h, "consul", "INFO", `agent.server.raft: starting snapshot up to: index=${raftIndex}`);
      hclog(t + rng.int(20, 300), h, "consul", "INFO", `agent.server.raft: snapshot complete up to: index=${raftIndex}`);
      hclog(t + rng.int(301, 600), h, "consul", "INFO", `agent.server.raft: compacting logs: from=${raftIndex - 20480} to=${raftIndex - 10240}`);
    }
    for (const t of times(rng, t0, end, rng.int(6, 12)))
      hclog(t, h, "consul", "INFO", `agent.server.serf.lan: serf: EventMemberUpdate: ${rng.pick(clients).name}`);
  }
  // Clients: Nomad places and restarts allocations, Consul registers their services.
  for (const h of clients) {
    for (const t of times(rng, t0, end, rng.int(24, 34))) {
      const alloc = rng.uuid();
      const task = rng.pick(["api", "worker", "web", "scheduler", "gateway"]);
      const svc = `_nomad-task-${alloc}-group-${task}-${task}-http`;
      const bad = leaderless(t + 2 * SEC);
      hclog(
        t,
        h,
        "nomad",
        "INFO",
        `client.alloc_runner.task_runner: Task event: alloc_id=${alloc} task=${task} type=Received msg="Task received by client" failed=false`,
      );
      hclog(t + 300, h, "nomad", "INFO", `client.driver_mgr.docker: created container: driver=docker container_id=${rng.hex(64)}`);
      hclog(t + 900, h, "nomad", "INFO", `client.driver_mgr.docker: started container: driver=docker container_id=${rng.hex(64)}`);
      hclog(
        t + 1000,
        h,
        "nomad",
        "INFO",
        `client.alloc_runner.task_runner: Task event: alloc_id=${alloc} task=${task} type=Started msg="Task started by client" failed=false`,
      );
      if (bad) {
        hclog(
          t + 2 * SEC,
          h,
          "consul",
          "ERROR",
          `agent.client: RPC failed to server: method=Catalog.Register server=${rng.pick(servers).ip}:8300 error="rpc error making call: No cluster leader"`,
          "error",
        );
        hclog(t + 2 * SEC + 5, h, "consul", "WARN", `agent: Syncing service failed.: service=${svc} error="rpc error making call: No cluster leader"`, "error");
        hclog(
          t + 2 * SEC + 40,
          h,
          "nomad",
          "ERROR",
          `client.alloc_runner.task_runner.task_hook.consul_services: failed to update services in Consul: alloc_id=${alloc} task=${task} error="Unexpected response code: 500 (No cluster leader)"`,
          "error",
        );
      } else {
        hclog(t + 2 * SEC, h, "consul", "INFO", `agent: Synced service: service=${svc}`);
      }
      if (rng.chance(0.4))
        hclog(
          t + rng.int(3, 9) * SEC,
          h,
          "consul",
          "WARN",
          `agent: Check socket connection failed: check=_nomad-check-${rng.hex(40)} error="dial tcp ${h.ip}:${rng.int(20000, 32000)}: connect: connection refused"`,
        );
      hclog(t + rng.int(10, 20) * SEC, h, "consul", "INFO", `agent: Synced check: check=_nomad-check-${rng.hex(40)}`);
      const gcAt = t + rng.int(20, 90) * MIN;
      if (gcAt < end) {
        hclog(gcAt, h, "nomad", "INFO", `client.gc: marking allocation for GC: alloc_id=${alloc}`);
        hclog(gcAt + 400, h, "consul", "INFO", `agent: Deregistered service: service=${svc}`);
      }
    }
    // consul-template inside Nomad renders config from KV: blocking queries return every few minutes.
    for (const t of times(rng, t0, end, rng.int(70, 95))) {
      if (leaderless(t)) {
        hclog(
          t,
          h,
          "nomad",
          "WARN",
          `agent: (view) kv.block(config/${rng.pick(["api", "worker", "web"])}/feature_flags): Unexpected response code: 500 (No cluster leader) (retry attempt ${rng.int(1, 4)} after "${rng.pick(["250ms", "500ms", "1s", "2s"])}")`,
          "error",
        );
      } else {
        hclog(
          t,
          h,
          "nomad",
          "INFO",
          `agent: (runner) rendered "(dynamic)" => "/opt/nomad/data/alloc/${rng.uuid()}/${rng.pick(["api", "worker", "web"])}/local/app.env"`,
        );
      }
    }
    // Anti-entropy fails on every agent during an election.
    for (const e of elections) {
      if (rng.chance(0.7))
        hclog(
          e.start + rng.int(1, Math.max(2, e.gap / SEC)) * SEC,
          h,
          "consul",
          "ERROR",
          `agent.anti_entropy: failed to sync remote state: error="No cluster leader"`,
          "error",
        );
    }
    for (const t of times(rng, t0, end, rng.int(2, 5)))
      hclog(t, h, "consul", "INFO", `agent.client.memberlist.lan: memberlist: Refuting a suspect message (from: ${rng.pick(clients).name})`);
  }

  // The sick disk, from the onset on.
  for (const t of times(rng, onset, end, rng.int(10, 16))) {
    const pid = sick.pids.consul!;
    journal(t, sick, "kernel", `INFO: task consul:${pid} blocked for more than ${rng.pick([120, 241, 362])} seconds.`, "performance", { prio: 3 });
    journal(t + 1, sick, "kernel", "      Not tainted 5.15.0-1051-aws #56~20.04.1-Ubuntu", null, { prio: 3 });
    journal(t + 2, sick, "kernel", '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.', null, { prio: 3 });
    journal(t + 3, sick, "kernel", `task:consul           state:D stack:    0 pid:${pid} ppid:     1 flags:0x00000000`, null, { prio: 6 });
  }
  for (const t of times(rng, onset - rng.int(0, 60) * SEC, end, rng.int(16, 26))) {
    journal(t, sick, "kernel", `nvme nvme1: I/O ${rng.int(1, 1023)} QID ${rng.int(1, 2)} timeout, aborting`, "performance", { prio: 4 });
    journal(t + rng.int(1, 30), sick, "kernel", "nvme nvme1: Abort status: 0x0", null, { prio: 4 });
  }
  // Elections.
  for (const e of elections) {
    const winner = rng.pick(others);
    const loser = others.find((o) => o !== winner)!;
    hclog(
      e.start - rng.int(500, 2000),
      sick,
      "consul",
      "WARN",
      `agent.server.raft: failed to contact: server-id=${winner.name} time=${rng.float(2.5, 9).toFixed(6)}s`,
      "performance",
    );
    hclog(e.start - 200, sick, "consul", "WARN", "agent.server.raft: failed to contact quorum of nodes, stepping down", "pattern");
    hclog(
      e.start - 100,
      sick,
      "consul",
      "INFO",
      `agent.server.raft: entering follower state: follower="Node at ${sick.ip}:8300 [Follower]" leader-address= leader-id=`,
      "pattern",
    );
    hclog(e.start, sick, "consul", "INFO", "agent.server: cluster leadership lost", "pattern");
    for (const o of others)
      hclog(
        e.start + rng.int(1000, e.gap - 1000),
        o,
        "consul",
        "WARN",
        `agent.server.raft: heartbeat timeout reached, starting election: last-leader-addr=${sick.ip}:8300 last-leader-id=${sick.name}`,
        "pattern",
      );
    term++;
    const won = e.start + e.gap;
    hclog(
      won - 300,
      winner,
      "consul",
      "INFO",
      `agent.server.raft: entering candidate state: node="Node at ${winner.ip}:8300 [Candidate]" term=${term}`,
      "pattern",
    );
    hclog(
      won - 200,
      loser,
      "consul",
      "INFO",
      `agent.server.raft: entering candidate state: node="Node at ${loser.ip}:8300 [Candidate]" term=${term}`,
      "pattern",
    );
    hclog(won, winner, "consul", "INFO", `agent.server.raft: election won: term=${term} tally=2`, "pattern");
    hclog(won + 5, winner, "consul", "INFO", `agent.server.raft: entering leader state: leader="Node at ${winner.ip}:8300 [Leader]"`, "pattern");
    hclog(won + 30, winner, "consul", "INFO", "agent.server: cluster leadership acquired", "pattern");
    for (const s of servers) hclog(won + rng.int(40, 400), s, "consul", "INFO", `agent.server: New leader elected: payload=${winner.name}`, "pattern");
    hclog(
      won + rng.int(500, 3000),
      winner,
      "consul",
      "ERROR",
      `agent.server.raft: failed to appendEntries to: peer="{Voter ${sick.name} ${sick.ip}:8300}" error="read tcp ${winner.ip}:${rng.int(40000, 60000)}->${sick.ip}:8300: i/o timeout"`,
      "error",
    );
    hclog(
      won + rng.int(3000, 9000),
      winner,
      "consul",
      "WARN",
      `agent.server.raft: appendEntries rejected, sending older logs: peer="{Voter ${sick.name} ${sick.ip}:8300}" next=${raftIndex + rng.int(1, 500)}`,
      null,
    );
    // Its disk recovers for a while, it has the longest log and wins leadership back: so it flaps.
    {
      const back = won + rng.int(90, 200) * SEC;
      term++;
      hclog(back, sick, "consul", "INFO", `agent.server.raft: election won: term=${term} tally=2`, "pattern");
      hclog(back + 30, sick, "consul", "INFO", "agent.server: cluster leadership acquired", "pattern");
      for (const s of servers) hclog(back + rng.int(40, 400), s, "consul", "INFO", `agent.server: New leader elected: payload=${sick.name}`, "pattern");
    }
  }
  return inc.finish();
}
