// Decoy: a web-archive crawler logs every dead link as a 404 WARN (a steady ~40% of its fetches,
// the share its progress lines report as normal). The incident is a storage stall under the
// WARC writer: append latency jumps >4x median, a backlog, and hung-task kernel lines.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, journald, MIN, HOUR, type Rec } from "./util.js";

export default function s02(seed: number): Scenario {
  const r = makeRng(seed, "s02-web-archive-crawler-dead-links");
  const tl = new Timeline();
  const start = Date.UTC(2026, 3, 14, 13, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 2 * HOUR;
  const sites = [
    "old-council-minutes.example.org",
    "parish-news.example.net",
    "uni-press.example.edu",
    "hobby-forum.example.com",
    "regional-rail-archive.example.org",
  ];
  const path = () => `/${r.pick(["news", "files", "archive", "t", "pub"])}/${r.int(1000, 99999)}${r.pick([".html", ".pdf", "", "/"])}`;
  const zap = (t: number, level: string, caller: string, msg: string, extra: Rec): Rec => ({
    level,
    ts: t / 1000,
    caller,
    msg,
    service: "archive-crawler",
    ...extra,
  });

  // Dominant everyday message (zap, WARN): dead links.
  poisson(r, start, end, 3200, (t) => {
    const host = r.pick(sites);
    tl.add(
      t,
      zap(t, "warn", "fetch/fetcher.go:214", "fetch failed: 404 not found, link marked dead", {
        worker: r.int(0, 15),
        pod: `archive-crawler-${r.int(0, 3)}`,
        url: `https://${host}${path()}`,
        status: 404,
        elapsed_ms: r.lat(180, 0),
      }),
    );
  });
  poisson(r, start, end, 6000, (t) =>
    tl.add(
      t,
      zap(t, "info", "fetch/fetcher.go:188", "page fetched", {
        worker: r.int(0, 15),
        pod: `archive-crawler-${r.int(0, 3)}`,
        url: `https://${r.pick(sites)}${path()}`,
        status: 200,
        bytes: r.int(4000, 900000),
        elapsed_ms: r.lat(420, 0),
      }),
    ),
  );
  poisson(r, start, end, 90_000, (t) =>
    tl.add(
      t,
      zap(t, "warn", "fetch/robots.go:77", "robots.txt disallows path, skipped", {
        worker: r.int(0, 15),
        pod: `archive-crawler-${r.int(0, 3)}`,
        url: `https://${r.pick(sites)}/admin/`,
      }),
    ),
  );
  every(r, start, end, 10 * MIN, (t) =>
    tl.add(
      t,
      zap(t, "info", "crawl/progress.go:51", "crawl progress", {
        frontier: r.int(180000, 220000),
        dead_link_share: Math.round((0.38 + r.next() * 0.05) * 1000) / 1000,
        dead_link_share_7d: 0.405,
      }),
    ),
  );

  // WARC writer (Rust tracing JSON). Stall from +70 min for ~9 min on warc-store-02.
  const stallA = start + 70 * MIN + r.int(0, 60_000);
  const stallB = stallA + 9 * MIN;
  poisson(r, start, end, 9000, (t) => {
    const stalled = t >= stallA && t < stallB;
    const lat = stalled ? Math.round(14 * (5 + r.next() * 25)) : r.lat(14);
    tl.add(
      t,
      {
        timestamp: iso(t),
        level: "INFO",
        target: "warc_writer::sink",
        threadId: `ThreadId(${r.int(2, 9)})`,
        fields: { message: "record appended", bytes: r.int(4000, 900000), latency_ms: lat, segment: `CC-${r.int(10000, 99999)}.warc.gz` },
        host: "warc-store-02",
      },
      stalled ? "performance" : null,
    );
  });
  every(r, stallA + 20_000, stallB, 30_000, (t, i) =>
    tl.add(
      t,
      {
        timestamp: iso(t),
        level: "WARN",
        target: "warc_writer::buffer",
        fields: { message: "write buffer backlog growing", pending_records: 900 + i * r.int(700, 900) },
        host: "warc-store-02",
      },
      "performance",
    ),
  );
  const drained = stallB + r.int(20_000, 40_000);
  tl.add(
    drained,
    {
      timestamp: iso(drained),
      level: "INFO",
      target: "warc_writer::buffer",
      fields: { message: "write buffer drained", drained_records: r.int(12000, 16000), took_ms: r.int(38000, 52000) },
      host: "warc-store-02",
    },
    "performance",
  );

  // storage host journald: routine sessions; during the stall, hung-task and SCSI timeouts.
  poisson(r, start, end, 20 * MIN, (t) => tl.add(t, journald(t, "warc-store-02", "systemd-logind", 6, `New session ${r.int(400, 900)} of user archivist.`)));
  for (const [off, prio, msg] of [
    [2.5, 3, "INFO: task jbd2/sdc1-8:412 blocked for more than 120 seconds."],
    [2.5, 3, "INFO: task warc-writer:2231 blocked for more than 120 seconds."],
    [4.0, 4, "sd 2:0:0:2: [sdc] tag#19 timing out command, waited 180s"],
  ] as const) {
    const t = stallA + Math.round(off * MIN) + r.int(0, 2000);
    tl.add(t, journald(t, "warc-store-02", "kernel", prio, msg), "performance");
  }

  // Replay UI nginx JSON access log
  const routes = [
    ["/wayback/", 0.09],
    ["/cdx/search", 0.06],
    ["/static/replay.js", 0.004],
  ] as const;
  poisson(r, start, end, 15_000, (t0) => {
    const t = Math.floor(t0 / 1000) * 1000; // nginx stamps whole seconds
    const [p, med] = r.pick(routes);
    tl.add(t, {
      time_iso8601: iso(t).replace(/\.\d+Z$/, "+00:00"),
      remote_addr: `10.8.${r.int(0, 9)}.${r.int(2, 250)}`,
      request: `GET ${p} HTTP/1.1`,
      status: 200,
      body_bytes_sent: r.int(900, 80000),
      request_time: r.lat(med, 3),
      http_user_agent: "Mozilla/5.0",
      host: "replay-01",
      service: "replay-nginx",
    });
  });

  return tl.build(
    "s02-web-archive-crawler-dead-links",
    "Crawler logs dead links as 404 WARN at its usual ~40% share; WARC storage stalls for ~9 minutes (append latency >4x, backlog, hung tasks).",
  );
}
