// search-indexer on the VM search-idx-02 was left at DEBUG after a daytime investigation. When the
// nightly full reindex starts, it dumps every document it sends ("bulk payload: {...}", kilobytes
// each) into /var/log/search-indexer/indexer.log. Fluent Bit's tail input keeps hitting its memory
// buffer limit, /var/log climbs from ~74 % to 100 %, then every write fails: Python prints
// "--- Logging error ---" tracebacks (one syslog line per fragment), rsyslog suspends its file
// action, the hourly logrotate cannot compress. On-call logs in, truncates the file, restarts the
// service at INFO, and usage drops.
// Labelled: the payload dumps and the traceback fragments (pattern), Fluent Bit's paused/resume
// on its memory buffer limit (memory), disk-usage warnings and criticals for /var/log, ENOSPC
// errors from Python, rsyslog and logrotate (error). Decoys: the reindex start itself, indexed-batch
// lines, skipped documents, version conflicts retried successfully, /data at a steady 82 % WARNING,
// the earlier clean logrotate run, cron, sshd and sudo of the on-call fix, the restart, and the
// busy search front end's nginx access log on another host.

import type { Scenario } from "../blind/types.js";
import { fluentTime, MINUTE, nightStart, SECOND } from "./clock.js";
import { ipPool, traffic } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { nginxJson, pyJson, rsyslog, type SyslogSeverity } from "./producers.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "log-volume-disk-full";
const HOST = "search-idx-02";
const WORDS = [
  "organic",
  "cotton",
  "relaxed",
  "fit",
  "crew",
  "neck",
  "tee",
  "washed",
  "indigo",
  "stretch",
  "denim",
  "slim",
  "taper",
  "recycled",
  "polyester",
  "fleece",
  "hoodie",
  "waterproof",
  "shell",
  "jacket",
  "merino",
  "wool",
  "beanie",
  "leather",
  "chelsea",
  "boot",
  "ceramic",
  "pour-over",
  "kettle",
  "stainless",
  "steel",
  "cast",
  "iron",
  "skillet",
  "bamboo",
  "cutting",
  "board",
  "linen",
  "duvet",
  "cover",
  "oak",
  "side",
  "table",
  "walnut",
  "finish",
  "brass",
  "lamp",
  "shade",
];

function words(rng: Rng, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(WORDS));
  return out.join(" ");
}

function productDoc(rng: Rng, id: number): string {
  const variants = Array.from({ length: rng.int(2, 14) }, () => ({
    sku: `${rng.alnum(3).toUpperCase()}-${rng.int(10000, 99999)}`,
    size: rng.pick(["XS", "S", "M", "L", "XL", "38", "40", "42", "44", "one-size"]),
    colour: rng.pick(["black", "navy", "sand", "olive", "white", "rust", "grey-marl"]),
    price: { amount: rng.int(900, 24900), currency: "EUR" },
    stock: { "dub-1": rng.int(0, 80), "ams-2": rng.int(0, 60) },
    barcode: String(rng.int(1e11, 9e11)) + String(rng.int(0, 9)),
  }));
  return JSON.stringify({
    id,
    title: words(rng, rng.int(3, 7)),
    brand: rng.pick(["Northfold", "Kestrel & Co", "Halden", "Mossline", "Tidewater"]),
    description: words(rng, rng.int(60, 260)),
    categories: [rng.pick(["women", "men", "home", "kitchen"]), rng.pick(["tops", "outerwear", "cookware", "lighting", "bedding"])],
    attributes: { material: words(rng, 2), care: words(rng, rng.int(6, 14)), origin: rng.pick(["PT", "TR", "IN", "VN", "IT"]) },
    variants,
    seo: { slug: words(rng, 4).replaceAll(" ", "-"), keywords: words(rng, rng.int(10, 30)).split(" ") },
    updated_at: "2025-10-02T11:41:07Z",
  });
}

export function logVolumeDiskFull(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const reindex = start + rng.int(6, 22) * MINUTE;
  const full = reindex + rng.int(26, 40) * MINUTE;
  const fixStart = full + rng.int(9, 15) * MINUTE;
  const restarted = fixStart + rng.int(90, 200) * SECOND;
  const end = restarted + rng.int(10, 18) * MINUTE;
  const flooding = (t: number) => t >= reindex && t < restarted;
  const diskFull = (t: number) => t >= full && t < fixStart + 40 * SECOND;

  const sys = (t: number, prog: string, pid: number | undefined, sev: SyslogSeverity, msg: string, label: Label = null, facility = "daemon") =>
    tl.add(t, rsyslog(t, HOST, prog, pid, sev, facility, msg), label);
  const app = (t: number, lvl: "debug" | "info" | "warn" | "error", logger: string, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, pyJson(t, "search-indexer", lvl, logger, msg, { host: HOST, pid: appPid, ...extra }), label);
  let appPid = rng.int(900, 4000);
  const indexerPid = () => appPid;

  // --- disk usage of /var/log over time ---------------------------------------------------------
  const base = rng.float(71.5, 76);
  const usage = (t: number): number => {
    if (t < reindex) return base + (t - start) / 3_600_000;
    if (t < full) return base + ((100 - base) * (t - reindex)) / (full - reindex);
    if (t < fixStart + 40 * SECOND) return 100;
    return rng.float(40.5, 42);
  };
  for (const t of rng.ticks(start, end, 5 * MINUTE, 3 * SECOND)) {
    const pct = Math.floor(usage(t));
    const size = 51.4;
    const sev: SyslogSeverity = pct >= 95 ? "crit" : pct >= 85 ? "warning" : "info";
    sys(
      t,
      "disk-check",
      rng.int(10000, 30000),
      sev,
      `${pct >= 95 ? "CRITICAL" : pct >= 85 ? "WARNING" : "OK"}: /var/log usage ${pct}% (${((size * pct) / 100).toFixed(1)}G/${size}G)`,
      pct >= 85 ? "error" : null,
      "user",
    );
    sys(t + 40, "disk-check", rng.int(10000, 30000), "warning", `WARNING: /data usage 82% (${(402 * 0.82).toFixed(1)}G/402.0G)`, null, "user");
    sys(t - 400, "CRON", rng.int(10000, 30000), "info", "(root) CMD (/usr/local/sbin/disk-check /var/log /data)", null, "cron");
  }

  // --- the indexer ----------------------------------------------------------------------------------
  let batch = rng.int(40000, 60000);
  app(start + rng.int(5, 60) * SECOND, "info", "indexer.main", "consumer lag", { topic: "catalog.changes", lag: rng.int(0, 40) });
  for (const t of rng.ticks(start, end, 15 * SECOND, 3 * SECOND)) {
    batch += 1;
    if (t >= restarted - 60 * SECOND && t < restarted + 8 * SECOND) continue;
    if (diskFull(t)) {
      loggingError(tl, rng, t, indexerPid(), batch);
      continue;
    }
    const docs = flooding(t) ? 500 : rng.int(3, 120);
    app(t, "info", "indexer.pipeline", `indexed batch ${batch} (${docs} docs) in ${rng.int(flooding(t) ? 600 : 40, flooding(t) ? 1400 : 300)}ms`, {
      batch,
      index: "products-v7",
    });
    if (rng.chance(0.06)) app(t + 5, "warn", "indexer.pipeline", `document ${rng.int(100000, 999999)} skipped: missing title`, { batch });
    if (rng.chance(0.03)) {
      app(t + 7, "warn", "indexer.es", "bulk request: 2 items failed with version_conflict_engine_exception, retrying", { batch });
      app(t + 220, "info", "indexer.es", "bulk retry succeeded", { batch, items: 2 });
    }
  }
  app(reindex, "info", "indexer.reindex", "full reindex started", {
    index: "products-v8",
    source: "catalog-db",
    estimated_docs: rng.int(1_800_000, 1_900_000),
  });
  app(reindex + 900, "info", "indexer.reindex", "created index products-v8 (shards=6, replicas=1)");
  // The debug dumps: a sample of thousands a second.
  for (const t of rng.times(reindex + 2 * SECOND, full, rng.int(240, 330))) {
    const id = rng.int(100000, 999999);
    app(t, "debug", "indexer.es", `bulk payload: {"index":{"_index":"products-v8","_id":"${id}"}}\n${productDoc(rng, id)}`, {}, "pattern");
  }
  // Fluent Bit can't keep up with the file.
  for (let t = reindex + rng.int(20, 60) * SECOND; t < full; t += rng.int(50, 140) * SECOND) {
    sys(t, "fluent-bit", 811, "warning", `${fluentTime(t)} [ warn] [input] tail.0 paused (mem buf overlimit)`, "memory");
    const tr = t + rng.int(2, 9) * SECOND;
    sys(tr, "fluent-bit", 811, "info", `${fluentTime(tr)} [ info] [input] tail.0 resume (mem buf overlimit)`, "memory");
  }

  // --- the disk is full ---------------------------------------------------------------------------
  const rpid = 702;
  sys(
    full + rng.int(1, 5) * SECOND,
    "rsyslogd",
    rpid,
    "err",
    "file '/var/log/syslog': write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2312.0 try https://www.rsyslog.com/e/2027 ]",
    "error",
    "syslog",
  );
  sys(
    full + rng.int(6, 9) * SECOND,
    "rsyslogd",
    rpid,
    "warning",
    "action 'action-8-builtin:omfile' suspended (module 'builtin:omfile'), retry 0. There should be messages before this one giving the reason for suspension. [v8.2312.0 try https://www.rsyslog.com/e/2007 ]",
    "error",
    "syslog",
  );
  for (let t = full + 70 * SECOND; t < fixStart + 30 * SECOND; t += rng.int(55, 75) * SECOND) {
    sys(
      t,
      "rsyslogd",
      rpid,
      "err",
      "file '/var/log/syslog': write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2312.0 try https://www.rsyslog.com/e/2027 ]",
      "error",
      "syslog",
    );
  }
  // The hourly logrotate: clean before, failing when it runs on a full disk.
  const hour = (t: number) => Math.ceil(t / 3_600_000) * 3_600_000;
  for (let h = hour(start); h < end; h += 3_600_000) {
    const t = h + rng.int(1, 20) * SECOND;
    sys(t, "systemd", 1, "info", "Starting logrotate.service - Rotate log files...");
    if (diskFull(t)) {
      sys(
        t + 400,
        "logrotate",
        rng.int(20000, 40000),
        "err",
        "error: error creating output file /var/log/search-indexer/indexer.log.1.gz: No space left on device",
        "error",
      );
      sys(t + 600, "systemd", 1, "err", "logrotate.service: Main process exited, code=exited, status=1/FAILURE", "error");
      sys(t + 610, "systemd", 1, "warning", "logrotate.service: Failed with result 'exit-code'.", "error");
      sys(t + 620, "systemd", 1, "err", "Failed to start logrotate.service - Rotate log files.", "error");
    } else {
      sys(t + 1900, "systemd", 1, "info", "logrotate.service: Deactivated successfully.");
      sys(t + 1910, "systemd", 1, "info", "Finished logrotate.service - Rotate log files.");
    }
  }

  // --- on-call's fix -------------------------------------------------------------------------------
  const sshPort = rng.int(40000, 60000);
  sys(
    fixStart,
    "sshd",
    rng.int(40000, 50000),
    "info",
    `Accepted publickey for oncall from 10.0.0.5 port ${sshPort} ssh2: ED25519 SHA256:${rng.alnum(43)}`,
    null,
    "auth",
  );
  sys(fixStart + 300, "systemd-logind", 655, "info", `New session ${rng.int(300, 900)} of user oncall.`, null, "auth");
  sys(
    fixStart + 25 * SECOND,
    "sudo",
    undefined,
    "notice",
    "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/du -xsh /var/log/search-indexer",
    null,
    "authpriv",
  );
  sys(
    fixStart + 40 * SECOND,
    "sudo",
    undefined,
    "notice",
    "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/truncate -s 0 /var/log/search-indexer/indexer.log",
    null,
    "authpriv",
  );
  sys(
    fixStart + 46 * SECOND,
    "rsyslogd",
    rpid,
    "info",
    "action 'action-8-builtin:omfile' resumed (module 'builtin:omfile') [v8.2312.0 try https://www.rsyslog.com/e/2359 ]",
    null,
    "syslog",
  );
  sys(
    restarted - 70 * SECOND,
    "sudo",
    undefined,
    "notice",
    "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/sed -i s/LOG_LEVEL=DEBUG/LOG_LEVEL=INFO/ /etc/default/search-indexer",
    null,
    "authpriv",
  );
  sys(
    restarted - 60 * SECOND,
    "sudo",
    undefined,
    "notice",
    "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/systemctl restart search-indexer",
    null,
    "authpriv",
  );
  sys(restarted - 59 * SECOND, "systemd", 1, "info", "Stopping search-indexer.service - Catalog search indexer...");
  sys(restarted - 52 * SECOND, "systemd", 1, "info", "search-indexer.service: Deactivated successfully.");
  sys(restarted - 51 * SECOND, "systemd", 1, "info", "Started search-indexer.service - Catalog search indexer.");
  appPid = rng.int(5000, 9000);
  app(restarted - 49 * SECOND, "info", "indexer.main", "search-indexer 3.2.1 starting", { log_level: "INFO", python: "3.12.3" });
  app(restarted - 47 * SECOND, "info", "indexer.main", "connected to elasticsearch", { cluster: "search-prod", version: "8.15.3", nodes: 3 });
  app(restarted - 45 * SECOND, "info", "indexer.reindex", "resuming full reindex from checkpoint", {
    index: "products-v8",
    done_docs: rng.int(700_000, 1_100_000),
  });

  // --- routine host noise ------------------------------------------------------------------------
  for (const t of rng.ticks(start, end, 10 * MINUTE, 20 * SECOND))
    sys(t, "CRON", rng.int(10000, 30000), "info", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)", null, "cron");
  for (const t of rng.times(start, end, rng.int(4, 8)))
    sys(
      t,
      "sshd",
      rng.int(40000, 50000),
      "info",
      `Connection closed by authenticating user root ${rng.int(45, 200)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)} port ${rng.int(30000, 60000)} [preauth]`,
      null,
      "auth",
    );

  // --- the search front end on another host ------------------------------------------------------
  const ips = ipPool(rng, 200);
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(1800, 2100),
    insts: ["search-web-01"],
    ips,
    routes: [
      {
        method: "GET",
        route: "search",
        path: (r) => `/search?q=${words(r, r.int(1, 2)).replaceAll(" ", "+")}`,
        weight: 50,
        med: 38,
        sigma: 0.5,
        statuses: [[400, 0.005]],
      },
      { method: "GET", route: "suggest", path: (r) => `/suggest?prefix=${r.pick(WORDS).slice(0, r.int(2, 4))}`, weight: 35, med: 9, sigma: 0.4 },
      { method: "GET", route: "facets", path: (r) => `/facets?category=${r.pick(["women", "men", "home", "kitchen"])}`, weight: 8, med: 60, sigma: 0.4 },
      { method: "GET", route: "static", path: () => "/favicon.ico", weight: 1, med: 0.5, sigma: 0.2, statuses: [[404, 1]] },
    ],
  });
  for (const q of reqs) {
    tl.add(
      q.t,
      nginxJson(q.t, {
        remote: q.ip,
        method: q.method,
        uri: q.path,
        status: q.status,
        bytes: q.bytes,
        seconds: q.ms / 1000,
        upstreamSeconds: q.ms / 1000,
        upstream: "127.0.0.1:8081",
        ua: q.ua,
        host: "search.larkspur.shop",
        requestId: q.id.replaceAll("-", ""),
      }),
    );
  }
  return tl.scenario(
    NAME,
    "A service left at DEBUG dumps every document of the nightly reindex into its log file until /var/log is full and every write fails with ENOSPC.",
  );
}

/** Python's logging module failing to write: the report goes to stderr, one syslog line per line. */
function loggingError(tl: Timeline, rng: Rng, t: number, pid: number, batch: number): void {
  const lines: [string, Label][] = [
    ["--- Logging error ---", "error"],
    ["Traceback (most recent call last):", "pattern"],
    ['  File "/usr/lib/python3.12/logging/__init__.py", line 1163, in emit', "pattern"],
    ["    self.flush()", "pattern"],
    ['  File "/usr/lib/python3.12/logging/__init__.py", line 1143, in flush', "pattern"],
    ["    self.stream.flush()", "pattern"],
    ["OSError: [Errno 28] No space left on device", "error"],
    ["Call stack:", "pattern"],
    ['  File "/opt/search-indexer/indexer/pipeline.py", line 214, in run_batch', "pattern"],
    ['    log.info("indexed batch %d (%d docs) in %dms", batch, len(docs), took)', "pattern"],
    ["Message: 'indexed batch %d (%d docs) in %dms'", "pattern"],
    [`Arguments: (${batch}, 500, ${rng.int(600, 1400)})`, "pattern"],
  ];
  lines.forEach(([text, label], i) => {
    tl.add(t + i, rsyslog(t + i, HOST, "search-indexer", pid, "err", "daemon", text), label);
  });
}
