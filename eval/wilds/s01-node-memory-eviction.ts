// A BestEffort reporting job leaks memory on a shared EKS node: the kernel OOM-kills it, the kubelet evicts pods
// under MemoryPressure, the cart API slows down, flaps its readiness probe and retries against an evicted pod.

import { APP_UA, BROWSER_UA, Build, fluentBit, type Label, mkPod, type Pod, publicIp } from "./build.js";
import type { WildScenario } from "./types.js";

export function s01NodeMemoryEviction(seed: number): WildScenario {
  const b = new Build(seed, "s01-node-memory-eviction");
  const { rng, f } = b;
  const start = b.start([1, 2, 3, 9, 10, 14, 15, 22]);
  const dur = rng.int(42, 66) * 60000;
  const end = start + dur;

  const a = rng.int(1, 9);
  const c = rng.int(10, 250);
  const host = `ip-10-0-${a}-${c}`;
  const node = `${host}.eu-west-1.compute.internal`;
  const otherNodes = [`ip-10-0-${a + 16}-${rng.int(10, 250)}.eu-west-1.compute.internal`, `ip-10-0-${a + 32}-${rng.int(10, 250)}.eu-west-1.compute.internal`];
  const kubeletPid = rng.int(1900, 3400);
  const containerdPid = rng.int(700, 1100);
  const bootAt = start - rng.int(3, 40) * 86400000 - rng.int(0, 86400000);
  let lastUs = 0;
  const uptime = (t: number): string => {
    // kernel timestamps (seconds.microseconds since boot) never go backwards
    const us = Math.max(lastUs + rng.int(3, 40), (t - bootAt) * 1000 + rng.int(0, 999));
    lastUs = us;
    return `[${String(Math.floor(us / 1e6)).padStart(5, " ")}.${String(us % 1e6).padStart(6, "0")}]`;
  };
  const sys = (t: number, prog: string, pid: number | null, msg: string, l: Label = null): void => b.add(t, f.syslog(t, host, prog, pid, msg), l);
  const kubelet = (t: number, sev: "I" | "W" | "E", file: string, msg: string, l: Label = null): void =>
    sys(t, "kubelet", kubeletPid, f.klog(t, sev, kubeletPid, file, msg), l);
  const containerd = (t: number, level: string, msg: string, extra = "", l: Label = null): void =>
    sys(t, "containerd", containerdPid, `time="${f.nano(t)}" level=${level} msg=${JSON.stringify(msg)}${extra}`, l);

  // pods
  const cart = mkPod(rng, "shop", "cart-api", node, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/cart-api:2.31.4");
  const invHash = rng.k8s(10);
  const invLocal = mkPod(rng, "shop", "inventory-svc", node, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/inventory-svc:1.18.0", { rsHash: invHash });
  const invRemote = [0, 1].map((i) => mkPod(rng, "shop", "inventory-svc", otherNodes[i] ?? node, invLocal.image, { rsHash: invHash }));
  const invNew = mkPod(rng, "shop", "inventory-svc", otherNodes[1] ?? node, invLocal.image, { rsHash: invHash });
  const webHash = rng.k8s(10);
  const web = [0, 1].map((i) =>
    mkPod(rng, "shop", "web-frontend", otherNodes[i] ?? node, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web-frontend:5.2.0", {
      rsHash: webHash,
      container: "nginx",
    }),
  );
  const jobId = 29000000 + (Math.floor(start / 60000) % 1000000);
  const report = {
    ...mkPod(rng, "reporting", "report-builder", node, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/report-builder:0.9.12"),
    name: `report-builder-${jobId}-${rng.k8s(5)}`,
  };
  const reportPid = rng.int(30000, 60000);

  // incident timeline
  const jobStart = start + Math.round(dur * rng.float(0.08, 0.14));
  const tP = start + Math.round(dur * rng.float(0.46, 0.56)); // kubelet sees MemoryPressure
  const tOom = tP - rng.int(4000, 9000);
  const tEvictInv = tP + rng.int(11000, 14000);
  const tClear = tP + rng.int(90000, 150000);
  const rss = (t: number): number => 720 + ((t - jobStart) / (tOom - jobStart)) * (9650 - 720);
  const slowFrom = tP - rng.int(200, 280) * 1000;
  const slowTo = tP + rng.int(120, 200) * 1000;
  const inSlow = (t: number): boolean => t >= slowFrom && t < slowTo;
  const errFrom = tEvictInv + rng.int(500, 2000);
  const errTo = errFrom + rng.int(35, 60) * 1000;
  const inErr = (t: number): boolean => t >= errFrom && t < errTo;

  // ---------------------------------------------------------------- node syslog background
  b.flow(start, end, 1 / 45, (t) => sys(t, "systemd", 1, `run-containerd-runc-k8s.io-${rng.hex(64)}-runc.${rng.alnum(6)}.mount: Deactivated successfully.`));
  b.flow(start, end, 1 / 100, (t) => {
    const p = rng.pick([cart, invLocal]);
    kubelet(
      t,
      "E",
      "cadvisor_stats_provider.go:525",
      `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${p.uid.replace(/-/g, "_")}.slice/cri-containerd-${rng.hex(64)}.scope\\": RecentStats: unable to find data in memory cache]"`,
    );
  });
  b.flow(start, end, 1 / 240, (t) => {
    const id = rng.hex(64);
    containerd(t, "info", `shim disconnected`, ` id=${id} namespace=k8s.io`);
    containerd(t + 1, "warning", `cleaning up after shim disconnected`, ` id=${id} namespace=k8s.io`);
    containerd(t + 2, "info", `cleaning up dead shim`, ` namespace=k8s.io`);
  });
  b.flow(start, end, 1 / 150, (t) => {
    const p = rng.pick([cart, invLocal]);
    const path = `/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${p.uid.replace(/-/g, "_")}.slice/cri-containerd-${rng.hex(64)}.scope`;
    kubelet(
      t,
      "W",
      "watcher.go:93",
      `Error while processing event ("${path}": 0x40000100 == IN_CREATE|IN_ISDIR): inotify_add_watch ${path}: no such file or directory`,
    );
  });
  b.flow(start, end, 1 / 420, (t) => sys(t, "dhclient", rng.int(2000, 2400), `XMT: Solicit on eth0, interval ${rng.int(100000, 130000)}ms.`));

  // ---------------------------------------------------------------- report-builder (BestEffort CronJob pod, Python logging to stderr)
  const py = (t: number, name: string, level: string, msg: string, l: Label = null): void => b.add(t, f.cri(t, "stderr", f.py(t, name, level, msg)), l);
  const runId = `rb-${new Date(jobStart).toISOString().slice(0, 10).replace(/-/g, "")}-${rng.hex(6)}`;
  py(jobStart, "report_builder.main", "INFO", `Starting revenue report run_id=${runId} period=2026-01 partitions=64 export=s3://acme-reports/monthly/`);
  py(
    jobStart + rng.int(300, 900),
    "report_builder.db",
    "INFO",
    `Connected to warehouse host=analytics-ro.cluster-c8xq.eu-west-1.rds.amazonaws.com db=warehouse user=report_ro`,
  );
  {
    let t = jobStart + rng.int(5000, 15000);
    let rows = 0;
    for (let part = 1; t < tOom - 2000; part++) {
      const n = rng.int(280000, 520000);
      rows += n;
      const r = Math.round(rss(t));
      const l: Label = r > 6000 ? "memory" : null;
      py(
        t,
        "report_builder.pipeline",
        "INFO",
        `Loaded partition ${part}/64 (orders_2026_01_p${String(part).padStart(2, "0")}): ${n.toLocaleString("en-US")} rows in ${rng.float(9, 24).toFixed(1)}s frame_rows=${rows.toLocaleString("en-US")} rss_mb=${r}`,
        l,
      );
      if (r > 7600 && rng.chance(0.6))
        py(
          t + rng.int(5, 40),
          "report_builder.pipeline",
          "WARNING",
          `in-memory frame holds ${rows.toLocaleString("en-US")} rows (rss_mb=${r}); consider --chunked-export`,
          "memory",
        );
      t += rng.int(16000, 34000);
    }
  }

  // ---------------------------------------------------------------- the node runs out of memory
  const cg = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${report.uid.replace(/-/g, "_")}.slice/cri-containerd-${report.cid}.scope`;
  const kern = (t: number, msg: string): void => sys(t, "kernel", null, `${uptime(t)} ${msg}`, "memory");
  kern(tOom, `python3 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=1000`);
  kern(tOom, `CPU: ${rng.int(0, 3)} PID: ${reportPid} Comm: python3 Not tainted 6.1.119-129.201.amzn2023.x86_64 #1`);
  kern(tOom, `Hardware name: Amazon EC2 m6i.xlarge/, BIOS 1.0 10/16/2017`);
  kern(tOom + 1, `Mem-Info:`);
  kern(tOom + 1, `active_anon:${rng.int(2300000, 2450000)} inactive_anon:${rng.int(60000, 90000)} isolated_anon:0`);
  kern(tOom + 1, ` active_file:${rng.int(300, 900)} inactive_file:${rng.int(200, 700)} isolated_file:0`);
  kern(tOom + 1, ` unevictable:0 dirty:0 writeback:0`);
  kern(tOom + 1, ` slab_reclaimable:${rng.int(20000, 30000)} slab_unreclaimable:${rng.int(30000, 40000)}`);
  kern(tOom + 1, ` free:${rng.int(31000, 34000)} free_pcp:${rng.int(0, 200)} free_cma:0`);
  kern(
    tOom + 2,
    `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=cri-containerd-${report.cid}.scope,mems_allowed=0,global_oom,task_memcg=${cg},task=python3,pid=${reportPid},uid=1000`,
  );
  kern(
    tOom + 2,
    `Out of memory: Killed process ${reportPid} (python3) total-vm:${rng.int(10400000, 10900000)}kB, anon-rss:${rng.int(9700000, 9900000)}kB, file-rss:${rng.int(3000, 9000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(19000, 21000)}kB oom_score_adj:1000`,
  );
  kern(tOom + rng.int(300, 700), `oom_reaper: reaped process ${reportPid} (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`);
  containerd(tOom + rng.int(20, 60), "info", `TaskOOM event container_id:"${report.cid}"`, "", "memory");
  containerd(
    tOom + rng.int(700, 1200),
    "info",
    `TaskExit event in podsandbox handler container_id:"${report.cid}" id:"${report.cid}" pid:${reportPid} exit_status:137 exited_at:{seconds:${Math.floor(tOom / 1000) + 1} nanos:${rng.int(1, 999999999)}}`,
    "",
    "error",
  );
  kubelet(
    tOom + rng.int(1500, 2500),
    "I",
    "kubelet.go:2453",
    `"SyncLoop (PLEG): event for pod" pod="${report.ns}/${report.name}" event={"ID":"${report.uid}","Type":"ContainerDied","Data":"${report.cid}"}`,
    "error",
  );

  // kubelet eviction manager (housekeeping every 10s)
  const nodeEvent = (t: number, reason: string, l: Label): void =>
    kubelet(
      t,
      "I",
      "event.go:389",
      `"Event occurred" object="${node}" fieldPath="" kind="Node" apiVersion="" type="Normal" reason="${reason}" message="Node ${node} status is now: ${reason}"`,
      l,
    );
  nodeEvent(tP - rng.int(200, 900), "NodeHasInsufficientMemory", "memory");
  kubelet(tP, "W", "eviction_manager.go:366", `"Eviction manager: attempting to reclaim" resourceName="memory"`, "memory");
  kubelet(tP + 1, "I", "eviction_manager.go:377", `"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"`, "memory");
  kubelet(
    tP + 2,
    "I",
    "eviction_manager.go:395",
    `"Eviction manager: pods ranked for eviction" pods=["${report.ns}/${report.name}","${invLocal.ns}/${invLocal.name}","${cart.ns}/${cart.name}"]`,
    "memory",
  );
  kubelet(
    tP + rng.int(200, 600),
    "I",
    "eviction_manager.go:616",
    `"Eviction manager: pod is evicted successfully" pod="${report.ns}/${report.name}"`,
    "memory",
  );
  kubelet(
    tP + rng.int(700, 1500),
    "I",
    "eviction_manager.go:469",
    `"Eviction manager: pods successfully cleaned up" pods=["${report.ns}/${report.name}"]`,
    "memory",
  );
  kubelet(tEvictInv - 1, "W", "eviction_manager.go:366", `"Eviction manager: attempting to reclaim" resourceName="memory"`, "memory");
  kubelet(tEvictInv, "I", "eviction_manager.go:377", `"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"`, "memory");
  kubelet(
    tEvictInv + 1,
    "I",
    "eviction_manager.go:395",
    `"Eviction manager: pods ranked for eviction" pods=["${invLocal.ns}/${invLocal.name}","${cart.ns}/${cart.name}","kube-system/aws-node-${rng.k8s(5)}"]`,
    "memory",
  );
  kubelet(
    tEvictInv + rng.int(3, 30),
    "I",
    "kuberuntime_container.go:779",
    `"Killing container with a grace period" pod="${invLocal.ns}/${invLocal.name}" podUID="${invLocal.uid}" containerName="inventory-svc" containerID="containerd://${invLocal.cid}" gracePeriod=0`,
    "memory",
  );
  containerd(tEvictInv + rng.int(40, 120), "info", `StopContainer for "${invLocal.cid}" with timeout 0 (s)`, "", "memory");
  kubelet(
    tEvictInv + rng.int(1200, 2500),
    "I",
    "eviction_manager.go:616",
    `"Eviction manager: pod is evicted successfully" pod="${invLocal.ns}/${invLocal.name}"`,
    "memory",
  );
  kubelet(
    tEvictInv + rng.int(2600, 4000),
    "I",
    "eviction_manager.go:469",
    `"Eviction manager: pods successfully cleaned up" pods=["${invLocal.ns}/${invLocal.name}"]`,
    "memory",
  );
  for (let t = tEvictInv + 10000; t < tClear; t += 10000 + rng.int(-300, 300)) {
    kubelet(t, "W", "eviction_manager.go:366", `"Eviction manager: attempting to reclaim" resourceName="memory"`, "memory");
    kubelet(t + 2, "I", "eviction_manager.go:382", `"Eviction manager: unable to evict any pods from the node"`, "memory");
  }
  nodeEvent(tClear + rng.int(100, 900), "NodeHasSufficientMemory", null);
  b.every(slowFrom + 30000, tP + 60000, 10000, 300, (t) => {
    if (rng.chance(0.55))
      kubelet(
        t,
        "I",
        "manager.go:610",
        `"Housekeeping took longer than expected" err="housekeeping took too long" expected="1s" actual="${rng.float(1.6, 6.5).toFixed(3)}s"`,
        "performance",
      );
  });
  // readiness probe flapping of the cart API while the node thrashes
  {
    let ready = true;
    for (let t = slowFrom + rng.int(60000, 90000); t < slowTo; t += rng.int(12000, 40000)) {
      ready = !ready;
      kubelet(t, "I", "kubelet.go:2542", `"SyncLoop (probe)" probe="readiness" status="${ready ? "ready" : ""}" pod="${cart.ns}/${cart.name}"`, "pattern");
      if (!ready)
        kubelet(
          t - rng.int(1, 5),
          "I",
          "prober.go:107",
          `"Probe failed" probeType="Readiness" pod="${cart.ns}/${cart.name}" podUID="${cart.uid}" containerName="cart-api" probeResult="failure" output="Get \\"http://${cart.ip}:3000/healthz/ready\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
          "pattern",
        );
    }
    if (!ready)
      kubelet(
        slowTo + rng.int(1000, 8000),
        "I",
        "kubelet.go:2542",
        `"SyncLoop (probe)" probe="readiness" status="ready" pod="${cart.ns}/${cart.name}"`,
        "pattern",
      );
  }

  // ---------------------------------------------------------------- cart-api: pino JSON on stdout, read raw from the CRI log
  const cartPaths: [string, number][] = [
    ["GET /api/cart/{id}", 40],
    ["POST /api/cart/{id}/items", 18],
    ["DELETE /api/cart/{id}/items/{sku}", 5],
    ["GET /api/cart/{id}/summary", 20],
    ["POST /api/cart/{id}/coupon", 4],
    ["GET /healthz/live", 6],
  ];
  let reqN = rng.int(10000, 90000);
  const pino = (t: number, level: number, fields: Record<string, unknown>, msg: string): string =>
    f.cri(t, "stdout", JSON.stringify({ level, time: t, pid: 1, hostname: cart.name, ...fields, msg }));
  b.flow(start, end, 0.42, (t) => {
    const tpl = rng.weighted(cartPaths);
    const [method, path0] = tpl.split(" ") as [string, string];
    const sku = `SKU-${rng.int(10000, 99999)}`;
    const path = path0.replace("{id}", rng.hex(24)).replace("{sku}", sku);
    let status = method === "POST" && path.endsWith("/coupon") && rng.chance(0.3) ? 404 : method === "POST" ? 201 : 200;
    let rt = Math.round(path === "/healthz/live" ? rng.logn(1.2, 0.3) : rng.logn(24, 0.5));
    let l: Label = null;
    const id = `req-${(reqN++).toString(36)}`;
    if (inSlow(t) && path !== "/healthz/live" && rng.chance(0.55)) {
      rt = Math.round(rng.logn(2400, 0.5));
      if (rt > 1000) l = "performance";
    }
    if (inErr(t) && path.includes("/items") && rng.chance(0.7)) {
      const tt = t + rng.int(1, 4);
      b.add(
        tt,
        pino(
          tt,
          40,
          { reqId: id, upstream: "inventory-svc", attempt: 2, delayMs: 200, err: `connect ECONNREFUSED ${invLocal.ip}:8080` },
          "retrying inventory request",
        ),
        "pattern",
      );
      b.add(
        tt + 201,
        pino(
          tt + 201,
          40,
          { reqId: id, upstream: "inventory-svc", attempt: 3, delayMs: 400, err: `connect ECONNREFUSED ${invLocal.ip}:8080` },
          "retrying inventory request",
        ),
        "pattern",
      );
      b.add(
        tt + 603,
        pino(
          tt + 603,
          50,
          {
            reqId: id,
            err: {
              type: "Error",
              message: `connect ECONNREFUSED ${invLocal.ip}:8080`,
              stack: `Error: connect ECONNREFUSED ${invLocal.ip}:8080\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)`,
              errno: -111,
              code: "ECONNREFUSED",
              syscall: "connect",
              address: invLocal.ip,
              port: 8080,
            },
            sku,
          },
          "inventory lookup failed",
        ),
        "error",
      );
      status = 503;
      rt = 605 + rng.int(0, 30);
      l = "error";
    }
    if (status === 404 && l === null) b.add(t, pino(t, 40, { reqId: id, code: "COUPON_NOT_FOUND" }, "coupon code not found"));
    const done = t + rt;
    b.add(
      done,
      pino(
        done,
        30,
        {
          req: { id, method, url: path, remoteAddress: `::ffff:${web[rng.int(0, 1)]?.ip ?? "10.244.0.1"}`, remotePort: rng.int(32768, 60999) },
          res: { statusCode: status },
          responseTime: rt,
        },
        "request completed",
      ),
      l,
    );
  });

  // ---------------------------------------------------------------- inventory-svc: zap JSON, shipped by Fluent Bit (Merge_Log_Key log_processed)
  const zap = (t: number, p: Pod, level: string, caller: string, msg: string, fields: Record<string, unknown>, l: Label = null): void => {
    const obj = { level, ts: f.epochS(t, 7), caller, msg, ...fields };
    b.add(t, fluentBit(b, t, p, "stderr", `${JSON.stringify(obj)}\n`, { key: "log_processed", obj }), l);
  };
  const invPods = (t: number): Pod[] => (t < tEvictInv ? [invLocal, ...invRemote] : t < tEvictInv + 25000 ? invRemote : [...invRemote, invNew]);
  b.flow(start, end, 0.3, (t) => {
    const p = rng.pick(invPods(t));
    let d = rng.logn(3.5, 0.6);
    let l: Label = null;
    if (p === invLocal && inSlow(t) && rng.chance(0.5)) {
      d = rng.logn(1500, 0.4);
      l = "performance";
    } else if (t > tEvictInv && t < tEvictInv + 90000 && rng.chance(0.35)) {
      d = rng.logn(900, 0.4);
      l = d > 600 ? "performance" : null;
    }
    const sku = `SKU-${rng.int(10000, 99999)}`;
    const st = rng.chance(0.02) ? 404 : 200;
    zap(
      t,
      p,
      "info",
      "http/middleware.go:88",
      "request",
      { method: "GET", path: `/v1/stock/${sku}`, status: st, duration_ms: Number(d.toFixed(2)), request_id: rng.uuid() },
      l,
    );
  });
  zap(tEvictInv + rng.int(50, 200), invLocal, "info", "cmd/server/main.go:141", "shutting down http server", { signal: "terminated" });
  {
    const t0 = tEvictInv + rng.int(14000, 20000);
    zap(t0, invNew, "info", "cmd/server/main.go:62", "starting inventory-svc", { version: "1.18.0", commit: rng.hex(7) });
    zap(t0 + rng.int(300, 900), invNew, "info", "store/postgres.go:47", "connected to database", { host: "inventory-db.shop.svc.cluster.local", pool_max: 20 });
    zap(t0 + rng.int(2000, 4000), invNew, "info", "cmd/server/main.go:118", "http server listening", { addr: ":8080" });
  }

  // ---------------------------------------------------------------- web-frontend nginx access log, shipped by Fluent Bit (text)
  const pages = [
    "/",
    "/cart",
    "/checkout",
    "/product/{sku}",
    "/category/shoes",
    "/category/outdoor",
    "/static/app.{hash}.js",
    "/static/app.{hash}.css",
    "/api/cart/{id}",
    "/api/cart/{id}/items",
    "/favicon.ico",
    "/search?q=jacket",
  ];
  const hash = rng.hex(8);
  b.flow(start, end, 0.36, (t) => {
    const p = rng.pick(web);
    let path = rng
      .pick(pages)
      .replace("{sku}", `SKU-${rng.int(10000, 99999)}`)
      .replace("{hash}", hash)
      .replace("{id}", rng.hex(24));
    const isApi = path.startsWith("/api/");
    const method = isApi && path.endsWith("/items") ? "POST" : "GET";
    let st: number = path.startsWith("/static")
      ? rng.weighted([
          [200, 6],
          [304, 4],
        ] as const)
      : 200;
    let rt = isApi ? rng.logn(0.03, 0.5) : rng.logn(0.004, 0.6);
    let l: Label = null;
    if (rng.chance(0.01)) {
      path = rng.pick(["/wp-login.php", "/.env", "/.git/config", "/admin/config.php"]);
      st = 404;
    }
    if (isApi && inSlow(t) && rng.chance(0.5)) {
      rt = rng.logn(2.6, 0.45);
      l = rt > 1.2 ? "performance" : null;
    }
    if (isApi && path.endsWith("/items") && inErr(t) && rng.chance(0.7)) {
      st = 503;
      rt = rng.float(0.6, 0.65);
      l = "error";
    }
    const ua = rng.chance(0.75) ? rng.pick(BROWSER_UA) : rng.pick(APP_UA);
    const bytes = st === 304 ? 0 : st === 404 ? 153 : isApi ? rng.int(120, 2400) : rng.int(900, 48000);
    const urt = isApi ? rt.toFixed(3) : "-";
    const done = t + Math.round(rt * 1000);
    const line = f.combined(
      `10.0.${rng.pick([a, a + 16, a + 32])}.${rng.int(10, 250)}`,
      "-",
      done,
      `${method} ${path} HTTP/1.1`,
      st,
      bytes,
      rng.chance(0.6) ? "https://shop.example.com/" : "-",
      ua,
      ` "${publicIp(rng)}" rt=${rt.toFixed(3)} urt="${urt}"`,
    );
    b.add(done, fluentBit(b, done, p, "stdout", line), l);
  });

  return b.finish(
    "s01-node-memory-eviction",
    "A BestEffort reporting job leaks memory on a shared EKS node: kernel OOM kill, kubelet evictions under MemoryPressure, slow and flapping cart API, retries against the evicted inventory pod.",
  );
}
