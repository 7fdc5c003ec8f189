// 5) Noisy neighbour: a search indexer moved onto one worker node runs hourly
// segment merges that saturate the node's disk. During each merge the services
// on that node (a ledger-api pod, a MongoDB secondary, the kubelet) stall on I/O.
// Scattered: three episodes across four hours.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, klogTime, isoZ, type Label } from "./lib.js";
import { ecsJava, mongo, rsyslog, pyJson, type F } from "./producers.js";

export function s05NoisyNeighbour(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(232, 248) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const episodes = [r.float(0.1, 0.2), r.float(0.45, 0.55), r.float(0.8, 0.9)].map((f) => {
    const a = T0 + W * f;
    return { a, b: a + r.int(7, 12) * MIN };
  });
  const inEp = (t: number): boolean => episodes.some((e) => t >= e.a && t < e.b);
  /** 0..1 severity inside an episode: rises quickly, eases at the end */
  const sev = (t: number): number => {
    for (const e of episodes) {
      if (t >= e.a && t < e.b) {
        const x = (t - e.a) / (e.b - e.a);
        return Math.min(1, x * 6) * Math.min(1, (1 - x) * 5);
      }
    }
    return 0;
  };

  const nodes = [0, 1, 2, 3].map(() => `ip-10-42-${r.int(0, 63)}-${r.int(2, 254)}.eu-west-1.compute.internal`);
  const bad = r.int(1, 3);
  const badNode = nodes[bad] ?? "";
  const boot = nodes.map(() => T0 - r.int(2, 40) * 86400000 - r.int(0, 86400000));
  const up = (i: number, t: number): string => {
    const s = (t - (boot[i] ?? T0)) / 1000;
    return `[${Math.floor(s)}.${String(Math.floor((s % 1) * 1e6)).padStart(6, "0")}]`;
  };
  const ledgerRs = r.rsHash();
  const ledger = nodes.map((n) => ({ pod: `ledger-api-${ledgerRs}-${r.podSuffix()}`, node: n, ip: ipIn(r, "10.42") }));

  // ------------------------------------------------------------ ledger-api (ECS java) + haproxy in front
  const dbg = (t: number, lv: "info" | "warn" | "error", i: number, logger: string, thread: string, msg: string, extra?: F): F =>
    ecsJava(t, lv, "ledger-api", logger, thread, msg, {
      "service.version": "3.4.1",
      "host.name": ledger[i]?.node,
      "kubernetes.pod.name": ledger[i]?.pod,
      ...extra,
    });
  const haproxyHost = "lb-int-1";
  ledger.forEach((L, i) => {
    for (const t of arrivals(r, T0, T1, 1.0)) {
      const kind = r.weighted([
        ["post", 55],
        ["get", 35],
        ["list", 10],
      ] as const);
      const base = kind === "post" ? r.logn(22, 0.35) : kind === "get" ? r.logn(6, 0.35) : r.logn(38, 0.35);
      const onBad = i === bad && inEp(t);
      const s = sev(t);
      const ms = onBad ? base * (1 + (kind === "post" ? 80 : 12) * s * r.float(0.5, 1.3)) : base;
      const method = kind === "post" ? "POST" : "GET";
      const acct = r.int(10000, 99999);
      const path = kind === "post" ? `/v1/accounts/${acct}/entries` : kind === "get" ? `/v1/entries/${r.uuid()}` : `/v1/accounts/${acct}/entries`;
      const status = kind === "post" ? (r.chance(0.01) ? 409 : 201) : r.chance(0.02) ? 404 : 200;
      const lbl: Label = onBad && ms > 200 ? "performance" : null;
      const end = t + ms;
      sink.add(
        end,
        dbg(
          end,
          "info",
          i,
          "com.acme.ledger.http.RequestLog",
          `http-nio-8080-exec-${r.int(1, 30)}`,
          `${method} ${path.replace(/\/\d+\//, "/{account}/")} -> ${status} in ${Math.round(ms)}ms`,
          { "http.request.method": method, "url.path": path, "http.response.status_code": status, "event.duration": Math.round(ms * 1e6) },
        ),
        lbl,
      );
      // HAProxy: client ip:port [date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes ...
      const tr = Math.round(ms);
      const hl = `${ipIn(r, "10.42")}:${r.int(30000, 60000)} [${haproxyDate(t)}] fe_ledger be_ledger/${L.pod} 0/0/${r.int(0, 2)}/${tr}/${tr + r.int(1, 3)} ${status} ${r.int(180, 900)} - - ---- ${r.int(8, 30)}/${r.int(8, 30)}/${r.int(0, 6)}/${r.int(0, 3)}/0 0/0 "${method} ${path} HTTP/1.1"`;
      sink.add(end + 1, rsyslog(end + 1, haproxyHost, "info", "local0", "haproxy", String(r.int(800, 900)), hl), lbl);
    }
    // journal fsync watchdog (only complains above 500 ms)
    if (i === bad) {
      for (const t of arrivals(r, T0, T1, (x) => (sev(x) > 0.3 ? 1.3 : 0))) {
        const ms = Math.round(500 + 3500 * sev(t) * r.float(0.3, 1));
        sink.add(
          t,
          dbg(
            t,
            "warn",
            i,
            "com.acme.ledger.journal.SegmentWriter",
            "journal-flusher",
            `Slow journal fsync: ${ms} ms (threshold 500 ms), segment=${String(r.int(4000, 4100)).padStart(20, "0")}.log, pending=${r.int(20, 400)} entries`,
            { "event.duration": ms * 1e6 },
          ),
          "performance",
        );
      }
    }
    // everyday: validation failures from one partner integration
    for (const t of arrivals(r, T0, T1, 0.04)) {
      sink.add(
        t,
        dbg(
          t,
          "warn",
          i,
          "com.acme.ledger.http.ErrorHandler",
          `http-nio-8080-exec-${r.int(1, 30)}`,
          `Rejected entry: amount scale 3 exceeds currency scale 2 for JPY (partner=${r.pick(["acme-erp", "northwind"])})`,
        ),
      );
    }
  });

  // ------------------------------------------------------------ node syslog: kernel, systemd, kubelet, containerd
  nodes.forEach((n, i) => {
    for (const t of arrivals(r, T0, T1, 0.42)) {
      const k = r.int(0, 5);
      const veth = `veth${r.hex(8)}`;
      if (k === 0) sink.add(t, rsyslog(t, n, "info", "kern", "kernel", "-", `${up(i, t)} IPv6: ADDRCONF(NETDEV_CHANGE): ${veth}: link becomes ready`));
      else if (k === 1) sink.add(t, rsyslog(t, n, "info", "kern", "kernel", "-", `${up(i, t)} cni0: port ${r.int(2, 30)}(${veth}) entered forwarding state`));
      else if (k === 2)
        sink.add(
          t,
          rsyslog(t, n, "info", "daemon", "systemd", "1", `run-containerd-runc-k8s.io-${r.hex(64)}-runc.${r.b62(6)}.mount: Deactivated successfully.`),
        );
      else if (k === 3)
        sink.add(
          t,
          rsyslog(
            t,
            n,
            "info",
            "daemon",
            "containerd",
            String(r.int(2000, 3000)),
            `time="${isoZ(t, 9)}" level=info msg="shim disconnected" id=${r.hex(64)} namespace=k8s.io`,
          ),
        );
      else if (k === 4)
        sink.add(
          t,
          rsyslog(
            t,
            n,
            "info",
            "daemon",
            "kubelet",
            String(r.int(3000, 4000)),
            `I${klogTime(t)}    ${r.int(3000, 4000)} kubelet_getters.go:187] "Pod status updated" pod="kube-system/kube-proxy-${r.podSuffix()}" status="Running"`,
          ),
        );
      else
        sink.add(
          t,
          rsyslog(
            t,
            n,
            "info",
            "authpriv",
            "sshd",
            String(r.int(10000, 30000)),
            `Received disconnect from 10.42.0.${r.int(2, 20)} port ${r.int(30000, 60000)}:11: disconnected by user`,
          ),
        );
    }
    if (i === 0) {
      // the famous orphaned-pod error every node in this fleet prints all day
      for (const t of ticks(r, T0, T1, 2 * MIN, 1000)) {
        sink.add(
          t,
          rsyslog(
            t,
            n,
            "err",
            "daemon",
            "kubelet",
            "3121",
            `E${klogTime(t)}    3121 kubelet_volumes.go:263] "There were many similar errors. Turn up verbosity to see them." err="orphaned pod \\"${r.uuid()}\\" found, but error not a directory occurred when trying to remove the volumes dir" numErrs=3`,
          ),
        );
      }
    }
  });
  const kpid = String(r.int(3000, 4000));
  for (const e of episodes) {
    // kubelet's pod lifecycle event generator falls behind
    for (let t = e.a + r.int(3, 4) * MIN; t < e.b; t += r.int(60, 110) * 1000) {
      const ago = `3m${r.int(1, 40)}.${r.int(100, 999)}s`;
      sink.add(
        t,
        rsyslog(
          t,
          badNode,
          "err",
          "daemon",
          "kubelet",
          kpid,
          `E${klogTime(t)}    ${kpid} kubelet.go:2363] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active ${ago} ago; threshold is 3m0s"`,
        ),
        "performance",
      );
    }
    // hung-task warnings
    const th = e.a + r.int(2, 3) * MIN + r.int(0, 30000);
    for (const task of [`jbd2/nvme1n1p1-8:${r.int(400, 700)}`, `mongod:${r.int(5000, 9000)}`]) {
      const t = th + r.int(0, 60000);
      sink.add(
        t,
        rsyslog(t, badNode, "err", "kern", "kernel", "-", `${up(bad, t)} INFO: task ${task} blocked for more than ${r.int(120, 125)} seconds.`),
        "performance",
      );
      sink.add(
        t + 1,
        rsyslog(t + 1, badNode, "err", "kern", "kernel", "-", `${up(bad, t + 1)}       Not tainted 5.10.210-201.852.amzn2.x86_64 #1`),
        "performance",
      );
      sink.add(
        t + 2,
        rsyslog(t + 2, badNode, "err", "kern", "kernel", "-", `${up(bad, t + 2)} "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`),
        "performance",
      );
    }
  }

  // ------------------------------------------------------------ MongoDB replica set (members on nodes 1..3)
  const members = [1, 2, 3].map((i) => ({ name: `ledger-mongo-${i - 1}`, node: nodes[i] ?? "", onBad: i === bad }));
  let connId = r.int(100000, 900000);
  members.forEach((m, k) => {
    const isPrimary = k === (bad === 1 ? 1 : 0);
    for (const t of arrivals(r, T0, T1, 0.55)) {
      const id = connId++;
      const remote = `${ipIn(r, "10.42")}:${r.int(30000, 60000)}`;
      sink.add(
        t,
        mongo(t, "I", "NETWORK", 22943, "listener", "Connection accepted", {
          remote,
          uuid: { uuid: { $uuid: r.uuid() } },
          connectionId: id,
          connectionCount: r.int(40, 90),
        }),
      );
      const te = t + r.int(5, 600) * 1000;
      if (te < T1)
        sink.add(
          te,
          mongo(te, "I", "NETWORK", 22944, `conn${id}`, "Connection ended", {
            remote,
            uuid: { uuid: { $uuid: r.uuid() } },
            connectionId: id,
            connectionCount: r.int(40, 90),
          }),
        );
    }
    // routine slow queries from the reporting job
    for (const t of arrivals(r, T0, T1, 0.05)) {
      sink.add(
        t,
        mongo(t, "I", "COMMAND", 51803, `conn${r.int(1000, 99999)}`, "Slow query", {
          type: "command",
          ns: "ledger.entries",
          appName: "reporting",
          command: {
            aggregate: "entries",
            pipeline: [{ $match: { bookedAt: { $gte: { $date: isoZ(t - 86400000) } } } }, { $group: { _id: "$account", n: { $sum: 1 } } }],
          },
          planSummary: "IXSCAN { bookedAt: 1 }",
          keysExamined: r.int(10000, 90000),
          docsExamined: r.int(10000, 90000),
          numYields: r.int(10, 90),
          nreturned: r.int(100, 900),
          durationMillis: r.int(120, 480),
        }),
      );
    }
    if (m.onBad) {
      for (const t of arrivals(r, T0, T1, (x) => (sev(x) > 0.25 ? 1.6 : 0))) {
        const d = Math.round(600 + 7000 * sev(t) * r.float(0.2, 1));
        sink.add(
          t,
          mongo(t, "I", "REPL", 21802, `ReplWriterWorker-${r.int(0, 15)}`, "Slow query", {
            type: "update",
            ns: "ledger.entries",
            command: { q: { _id: { $oid: r.hex(24) } }, u: { $set: { status: "posted" } } },
            planSummary: "IDHACK",
            keysExamined: 1,
            docsExamined: 1,
            nMatched: 1,
            nModified: 1,
            numYields: 0,
            storage: { data: { bytesRead: r.int(4000, 40000), timeReadingMicros: d * 1000 - r.int(1000, 9000) } },
            durationMillis: d,
          }),
          "performance",
        );
      }
      for (const e of episodes) {
        const t = e.a + r.int(2, 5) * MIN;
        sink.add(
          t,
          mongo(t, "W", "STORAGE", 22430, "Checkpointer", "WiredTiger message", {
            message: {
              ts_sec: Math.floor(t / 1000),
              ts_usec: r.int(0, 999999),
              thread: `${r.int(1, 99)}:0x7f${r.hex(10)}`,
              session_name: "WT_SESSION.checkpoint",
              category: "WT_VERB_CHECKPOINT_PROGRESS",
              category_id: 6,
              verbose_level: "WARN",
              verbose_level_id: -2,
              msg: `Checkpoint has been running for ${r.int(61, 140)} seconds and wrote: 8000 pages (${r.int(300, 900)} MB)`,
            },
          }),
          "performance",
        );
      }
    }
    if (isPrimary) {
      for (const t of arrivals(r, T0, T1, (x) => (sev(x) > 0.4 ? 0.9 : 0))) {
        const d = Math.round(800 + 5000 * sev(t) * r.float(0.2, 1));
        sink.add(
          t,
          mongo(t, "I", "COMMAND", 51803, `conn${r.int(1000, 99999)}`, "Slow query", {
            type: "command",
            ns: "ledger.entries",
            appName: "ledger-api",
            command: { insert: "entries", ordered: true, writeConcern: { w: "majority", wtimeout: 10000 } },
            ninserted: 1,
            keysInserted: 3,
            numYields: 0,
            waitForWriteConcernDurationMillis: d - r.int(1, 8),
            durationMillis: d,
          }),
          "performance",
        );
      }
    }
  });

  // ------------------------------------------------------------ search-indexer (the neighbour; ordinary lines)
  const idxPod = `search-indexer-${r.rsHash()}-${r.podSuffix()}`;
  for (const e of episodes) {
    const segs = r.int(28, 44);
    const gb = round(r.float(30, 48), 1);
    sink.add(
      e.a - 2000,
      pyJson(e.a - 2000, "info", "indexer.merge", `segment merge started: index=orders-v7 segments=${segs} size=${gb}GB max_merged_segment=5GB`, {
        pod: idxPod,
        node: badNode,
      }),
    );
    let done = 0;
    for (let t = e.a + 45000; t < e.b - 30000; t += 45000 + r.int(-3000, 3000)) {
      done = Math.min(gb, done + gb / ((e.b - e.a) / 45000));
      sink.add(
        t,
        pyJson(t, "info", "indexer.merge", `merged ${round(done, 1)}GB of ${gb}GB (${Math.round((done / gb) * 100)}%) at ${r.int(380, 520)} MB/s`, {
          pod: idxPod,
          node: badNode,
        }),
      );
    }
    const dur = Math.round((e.b - e.a) / 1000);
    sink.add(
      e.b,
      pyJson(e.b, "info", "indexer.merge", `segment merge finished in ${Math.floor(dur / 60)}m${dur % 60}s: index=orders-v7 segments=${segs}->${r.int(5, 9)}`, {
        pod: idxPod,
        node: badNode,
      }),
    );
  }
  for (const t of ticks(r, T0, T1, 5 * MIN, 10000)) {
    if (inEp(t)) continue;
    sink.add(
      t,
      pyJson(t, "info", "indexer.feed", `indexed ${r.int(800, 3000)} documents from change stream (lag ${round(r.float(0.3, 2.5), 1)}s)`, {
        pod: idxPod,
        node: badNode,
      }),
    );
  }

  return sink.build(
    "node-io-noisy-neighbour",
    "A search indexer's hourly segment merges saturate one node's disk: in three episodes the ledger-api pod, MongoDB secondary and kubelet on that node stall on I/O while peers stay fast.",
  );
}

const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function haproxyDate(t: number): string {
  const d = new Date(Math.floor(t));
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${p(d.getUTCDate())}/${MON[d.getUTCMonth()] ?? "Jan"}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}
