/**
 * mirror-small-files (breaks the rule): a package mirror host syncs Debian from upstream every
 * half-hour (rsync `-av --progress`, journald into rsyslog JSON). rsync prints each file's rate:
 * large packages come at 60 to 110 MB/s, small ones and the index files (InRelease, Release.gpg,
 * a few kB) at tens of kB/s or `0.00kB/s`, because a file of a few kB is all round trip; and each
 * run's first files come slowest while the connection opens. search-reindexer (python-json-logger)
 * rebuilds each tenant's catalog index every twenty minutes and reports docs/s every ten seconds:
 * its first report of every run is a fraction of the rest while the new index's shards allocate
 * and the caches are cold. Both are how these jobs always run. The incident is elsewhere and open
 * when the window does: catalog-api (Java, Logback) leaks heap since yesterday's release; its GC
 * log shows full collections back to back, its heap watcher warns at 90 % and more, requests stall
 * for seconds during the pauses, and about a fifth in it dies of `OutOfMemoryError: Java heap
 * space`; the ingress answers 503 while it restarts, and it comes back with a small heap.
 */
import { containerRestart, hourlyCron, nodeName, openWindow, podMeta } from "./common.js";
import { commas, fluentRaw, javaTrace, kubeEvent, logstash, logstashAccess, nginxJson, pyJson, rsyncProgress, rsyncSummary, rsyslog } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "mirror-small-files";
const HEAP_MB = 2048;

export function mirrorSmallFiles(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-06-03", 9, 3.5);

  // ── mirror-sync: rsync every half-hour ──────────────────────────────────────────────────────
  const mirror = "mirror-01.ams.internal";
  // [binary package, pool directory (its source), version, architecture, large]
  const pkgs = [
    ["libssl3", "o/openssl", "3.0.13-1~deb12u1", "amd64", false],
    ["openssl", "o/openssl", "3.0.13-1~deb12u1", "amd64", false],
    ["linux-image-6.1.0-22-amd64", "l/linux-signed-amd64", "6.1.94-1", "amd64", true],
    ["linux-headers-6.1.0-22-amd64", "l/linux", "6.1.94-1", "amd64", false],
    ["python3.11", "p/python3.11", "3.11.2-6+deb12u2", "amd64", false],
    ["libpython3.11-stdlib", "p/python3.11", "3.11.2-6+deb12u2", "amd64", false],
    ["libc6", "g/glibc", "2.36-9+deb12u7", "amd64", false],
    ["tzdata", "t/tzdata", "2024a-0+deb12u1", "all", false],
    ["curl", "c/curl", "7.88.1-10+deb12u6", "amd64", false],
    ["libcurl4", "c/curl", "7.88.1-10+deb12u6", "amd64", false],
    ["nginx", "n/nginx", "1.22.1-9+deb12u1", "amd64", false],
    ["postgresql-15", "p/postgresql-15", "15.7-0+deb12u1", "amd64", false],
    ["firefox-esr", "f/firefox-esr", "115.12.0esr-1~deb12u1", "amd64", true],
    ["thunderbird", "t/thunderbird", "115.12.0-1~deb12u1", "amd64", true],
    ["libxml2", "libx/libxml2", "2.9.14+dfsg-1.3~deb12u1", "amd64", false],
    ["git", "g/git", "2.39.2-1.1", "amd64", false],
    ["vim", "v/vim", "9.0.1378-2", "amd64", false],
    ["bind9-libs", "b/bind9", "9.18.24-1", "amd64", false],
    ["ca-certificates", "c/ca-certificates", "20230311", "all", false],
    ["libnss3", "n/nss", "3.87.1-1+deb12u1", "amd64", false],
    ["chromium", "c/chromium", "126.0.6478.55-1~deb12u1", "amd64", true],
  ] as const;
  const suites = ["bookworm", "bookworm-updates", "bookworm-security", "bookworm-backports"];
  for (const t of ticks(rng, start, end, 30 * MINUTE, 40 * SECOND)) {
    const pid = rng.int(10000, 60000);
    const line = (at: number, msg: string) => tl.add(at, rsyslog(at, mirror, "daemon", "info", "rsync", pid, msg));
    let at = t;
    tl.add(at, rsyslog(at, mirror, "daemon", "info", "systemd", 1, "Starting mirror-sync.service - Debian mirror sync..."));
    at += rng.int(300, 900);
    line(at, "receiving incremental file list");
    const files: { path: string; size: number }[] = [];
    const suite = rng.pick(suites);
    files.push({ path: `dists/${suite}/InRelease`, size: rng.int(48_000, 160_000) });
    files.push({ path: `dists/${suite}/Release`, size: rng.int(47_000, 158_000) });
    files.push({ path: `dists/${suite}/Release.gpg`, size: rng.int(1_100, 1_300) });
    for (const comp of ["main", "contrib", "non-free-firmware"]) {
      if (rng.chance(0.6))
        files.push({ path: `dists/${suite}/${comp}/binary-amd64/Packages.xz`, size: Math.round(rng.logNormal(comp === "main" ? 9_000_000 : 40_000, 0.3)) });
      if (rng.chance(0.4)) files.push({ path: `dists/${suite}/${comp}/binary-amd64/by-hash/SHA256/${rng.hex(64)}`, size: rng.int(800, 60_000) });
    }
    if (rng.chance(0.5)) files.push({ path: `dists/${suite}/main/Contents-amd64.gz`, size: Math.round(rng.logNormal(48_000_000, 0.2)) });
    for (let k = rng.int(18, 45); k > 0; k--) {
      const [pkg, dir, version, arch, big] = rng.pick(pkgs);
      const size = Math.round(big ? rng.logNormal(70_000_000, 0.4) : rng.logNormal(420_000, 1.4));
      files.push({ path: `pool/main/${dir}/${pkg}_${version}_${arch}.deb`, size });
    }
    const total = files.length + rng.int(400, 900);
    let received = 0;
    let xfr = 0;
    const bandwidth = rng.float(85e6, 112e6);
    for (const f of files) {
      xfr++;
      // a file's time: round trips on the file list and the checksum, then the bytes; the first ones also open the connection
      const overhead = rng.float(0.04, 0.22) + (xfr <= 2 ? rng.float(0.3, 0.9) : 0);
      const secs = overhead + f.size / bandwidth;
      // rsync prints 0.00kB/s for a file done before its first rate sample
      const rate = f.size < 4000 && rng.chance(0.5) ? 0 : f.size / secs;
      at += Math.round(secs * 1000);
      received += f.size;
      line(at, f.path);
      line(at + 1, rsyncProgress(f.size, rate, xfr, total - xfr - rng.int(0, 20), total));
    }
    at += rng.int(200, 900);
    const elapsed = (at - t) / 1000;
    const sent = rng.int(9000, 60000);
    line(at, rsyncSummary(sent, received + rng.int(80_000, 400_000), (sent + received) / elapsed));
    line(at + 1, `total size is ${commas(rng.float(4.05e11, 4.1e11))}  speedup is ${(4.07e11 / received).toFixed(2)}`);
    tl.add(at + 40, rsyslog(at + 40, mirror, "daemon", "info", "systemd", 1, "mirror-sync.service: Deactivated successfully."));
    tl.add(
      at + 41,
      rsyslog(at + 41, mirror, "daemon", "info", "systemd", 1, `mirror-sync.service: Consumed ${(elapsed * rng.float(0.08, 0.2)).toFixed(3)}s CPU time.`),
    );
    tl.add(at + 42, rsyslog(at + 42, mirror, "daemon", "info", "systemd", 1, "Finished mirror-sync.service - Debian mirror sync."));
  }

  // ── search-reindexer: a tenant's catalog index, rebuilt every twenty minutes ────────────────
  const tenants = [
    ["northwind", 420_000],
    ["contoso", 260_000],
    ["fabrikam", 150_000],
  ] as const;
  for (const [tenant, docs0] of tenants) {
    for (const t of ticks(rng, start, end, 20 * MINUTE, 2 * MINUTE)) {
      const total = Math.round(docs0 * rng.float(0.97, 1.03));
      const index = `catalog-${tenant}-${new Date(t).toISOString().slice(0, 16).replace(/[-:T]/g, "")}`;
      const log = (at: number, level: "INFO" | "WARNING", msg: string, extra: Record<string, unknown> = {}) =>
        tl.add(at, pyJson(at, "search-reindexer", level, "reindexer.run", msg, { tenant, index, ...extra }));
      log(t, "INFO", `reindex of ${tenant} started into ${index}`, { source: "postgres://catalog-replica/catalog", docs_total: total });
      let done = 0;
      let at = t;
      let tick = 0;
      const steady = rng.float(4600, 6200);
      while (done < total) {
        tick++;
        at += 10 * SECOND + rng.int(0, 150);
        // the first ten seconds: shards allocating, cold caches, the connection pool filling
        const rate = tick === 1 ? steady * rng.float(0.06, 0.18) : tick === 2 ? steady * rng.float(0.45, 0.8) : steady * rng.float(0.9, 1.1);
        const n = Math.min(total - done, Math.round(rate * 10));
        done += n;
        log(at, "INFO", `indexed ${done}/${total} docs (${Math.round(n / 10)} docs/s)`);
      }
      at += rng.int(800, 2500);
      log(at, "INFO", `alias catalog-${tenant} swapped to ${index}, old index deleted`);
    }
  }

  // ── catalog-api: the leak, the crash, the restart ───────────────────────────────────────────
  const node = nodeName(rng, "10.52");
  const k8s = podMeta(rng, "catalog-api", "catalog", "catalog-api", node);
  const crashAt = tl.at(rng.float(0.17, 0.23));
  const upAt = containerRestart(rng, tl, crashAt + rng.int(2, 5) * SECOND, k8s, "registry.internal/catalog/catalog-api:7.3.0");
  const heapAfterGc = (t: number): number => {
    if (t < crashAt) return 0.88 + 0.11 * ((t - start) / (crashAt - start));
    return 0.22 + 0.1 * ((t - upAt) / (end - upAt));
  };
  const pressured = (t: number): boolean => t < crashAt;
  let gcId = rng.int(8000, 9000);
  const gcLog = (t: number, msg: string, label: AnomalyType | null) => {
    const stamp = `${new Date(t).toISOString().slice(0, 23)}+0000`;
    tl.add(t, fluentRaw(t, `[${stamp}][info][gc] GC(${gcId++}) ${msg}`, k8s, "stdout"), label);
  };
  // GC: young collections every minute or so; under pressure, full collections back to back
  const fullStalls: [number, number][] = [];
  for (let t = start + rng.int(5, 40) * SECOND; t < end; ) {
    if (t >= crashAt && t < upAt) {
      t = upAt + rng.int(20, 60) * SECOND;
      gcId = 1;
      continue;
    }
    const h = heapAfterGc(t);
    const after = Math.round(h * HEAP_MB);
    if (pressured(t)) {
      const before = Math.min(HEAP_MB - 2, after + rng.int(8, 40));
      const pause = rng.float(1200, 2600) * (0.6 + h);
      gcLog(
        t,
        `Pause Young (Concurrent Start) (G1 Humongous Allocation) ${before}M->${Math.min(before, after + rng.int(2, 12))}M(${HEAP_MB}M) ${rng.float(20, 60).toFixed(3)}ms`,
        "memory",
      );
      gcLog(t + 200, `Pause Full (G1 Compaction Pause) ${before}M->${after}M(${HEAP_MB}M) ${pause.toFixed(3)}ms`, "memory");
      fullStalls.push([t + 200, t + 200 + pause]);
      t += rng.int(12, 40) * SECOND;
    } else {
      const before = after + rng.int(300, 700);
      gcLog(t, `Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${HEAP_MB}M) ${rng.float(6, 28).toFixed(3)}ms`, null);
      t += rng.int(60, 110) * SECOND;
    }
  }
  for (const t of ticks(rng, start, end, MINUTE, 5 * SECOND)) {
    if (t >= crashAt && t < upAt + 30 * SECOND) continue;
    const h = heapAfterGc(t);
    const high = h >= 0.85;
    tl.add(
      t,
      logstash(
        t,
        high ? "WARN" : "INFO",
        "com.shop.catalog.ops.HeapWatcher",
        "heap-watcher",
        `heap after GC ${Math.round(h * 100)}% (${Math.round(h * HEAP_MB)} MiB of ${HEAP_MB} MiB)`,
        { service: "catalog-api", HOSTNAME: k8s.pod },
      ),
      high ? "memory" : null,
    );
  }
  const oomAt = crashAt - rng.int(200, 900);
  tl.add(
    oomAt,
    logstash(
      oomAt,
      "ERROR",
      "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
      `http-nio-8080-exec-${rng.int(1, 200)}`,
      "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
      { service: "catalog-api", HOSTNAME: k8s.pod },
      javaTrace("java.lang.OutOfMemoryError", "Java heap space", [
        "java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
        "java.base/java.util.ArrayList.grow(ArrayList.java:237)",
        "com.shop.catalog.pricing.PriceCache.remember(PriceCache.java:74)",
        "com.shop.catalog.pricing.PriceService.priceFor(PriceService.java:51)",
        "com.shop.catalog.web.ProductController.get(ProductController.java:88)",
      ]),
    ),
    "memory",
  );
  tl.add(crashAt - 30, fluentRaw(crashAt - 30, "Terminating due to java.lang.OutOfMemoryError: Java heap space", k8s, "stderr"), "memory");
  const exitedAt = crashAt + rng.int(200, 900);
  tl.add(
    exitedAt,
    rsyslog(
      exitedAt,
      node,
      "daemon",
      "info",
      "kubelet",
      rng.int(900, 1500),
      `"Container exited" pod="catalog/${k8s.pod}" containerName="catalog-api" exitCode=3`,
    ),
  );
  const startedAt = upAt + rng.int(8, 14) * SECOND;
  tl.add(
    startedAt,
    logstash(
      startedAt,
      "INFO",
      "com.shop.catalog.CatalogApplication",
      "main",
      `Started CatalogApplication in ${rng.float(9, 14).toFixed(3)} seconds (process running for ${rng.float(10, 15).toFixed(3)})`,
      { service: "catalog-api", HOSTNAME: k8s.pod },
    ),
  );

  // the readiness probe fails until Spring is up; the pod is ready a probe period after it
  const podIp = rng.privateIp("10.52");
  const readyAt = startedAt + rng.int(2, 10) * SECOND;
  for (let t = upAt + rng.int(1, 4) * SECOND; t < startedAt; t += 5 * SECOND) {
    tl.add(
      t,
      kubeEvent(
        t,
        "Warning",
        "Unhealthy",
        `Readiness probe failed: Get "http://${podIp}:8080/actuator/health/readiness": dial tcp ${podIp}:8080: connect: connection refused`,
        { kind: "Pod", name: k8s.pod, namespace: "catalog", fieldPath: "spec.containers{catalog-api}" },
        { component: "kubelet", host: node },
        rng.uuid(),
      ),
      "error",
    );
  }

  // requests, through the ingress
  const stallAt = (t: number): number => {
    for (const [a, b] of fullStalls) if (t >= a - 50 && t < b) return b - t;
    return 0;
  };
  const podAddr = `${podIp}:8080`;
  for (const s of arrivals(rng, start, end, 4, shape, 1.2)) {
    const id = rng.int(10000, 99999);
    const uri = rng.chance(0.8) ? `/api/products/${id}` : `/api/categories/${rng.int(1, 300)}/products?page=${rng.int(1, 5)}`;
    const down = s >= crashAt && s < readyAt;
    if (down) {
      const d = s + rng.int(1, 4);
      tl.add(
        d,
        nginxJson(d, {
          remoteAddr: rng.clientIp(),
          requestId: rng.hex(32),
          method: "GET",
          uri,
          status: 503,
          requestTimeMs: 1,
          bytesSent: 190,
          userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
          host: "catalog.shop.example",
          upstreamAddr: "",
          upstreamStatus: "-",
          proxyUpstreamName: "catalog-catalog-api-8080",
        }),
        "error",
      );
      continue;
    }
    let took = rng.logNormal(uri.includes("categories") ? 60 : 22, 0.4);
    if (pressured(s)) took += stallAt(s) + (rng.chance(0.3) ? rng.float(50, 600) : 0);
    const label: AnomalyType | null = took > 1000 ? "performance" : null;
    const d = s + Math.round(took);
    tl.add(
      d,
      {
        ...logstashAccess(d, { remoteHost: rng.privateIp("10.52"), method: "GET", uri, status: 200, contentLength: rng.int(800, 24000), elapsedMs: took }),
        service: "catalog-api",
        HOSTNAME: k8s.pod,
      },
      label,
    );
    tl.add(
      d + 1,
      nginxJson(d + 1, {
        remoteAddr: rng.clientIp(),
        requestId: rng.hex(32),
        method: "GET",
        uri,
        status: 200,
        requestTimeMs: took + 1,
        bytesSent: rng.int(800, 24000),
        userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        host: "catalog.shop.example",
        upstreamAddr: podAddr,
        upstreamStatus: "200",
        upstreamTimeMs: took,
        proxyUpstreamName: "catalog-catalog-api-8080",
      }),
      label,
    );
  }

  hourlyCron(rng, tl, [mirror, node]);
  return tl.build(
    NAME,
    "rsync's per-file rates on the package mirror run from tens of kB/s (index files, small packages, each run's first files) to 100 MB/s by file size, and the search reindexer's first docs/s report of every run is a tenth of the rest: routine; catalog-api's leaked heap is at 90 % when the window opens, full GCs stall requests, and it dies of OutOfMemoryError a fifth in (503s while it restarts)",
  );
}
