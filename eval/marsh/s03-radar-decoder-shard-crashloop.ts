// s03 radar-decoder-shard-crashloop
//
// A weather-radar pipeline: radar-fetcher (Go log/slog JSON) pulls volume scans from 60
// radar sites and queues each on its shard's decode queue; a 4-pod StatefulSet radar-decoder
// (Python logging text lines, shipped by Fluent Bit) decodes them and publishes products;
// mosaic-builder (structlog JSON) composes a national mosaic every 2 minutes; radar-api
// (nginx, combined format with timings) serves the latest product per site.
// Before the window a calibration file for one site on shard 2 was truncated to 0 bytes, so
// radar-decoder-2 has been in CrashLoopBackOff since: every ~5 minutes it starts, logs its
// startup lines, dies with a struct.error traceback, and kubelet keeps emitting BackOff
// events in between. Shards 0, 1, 3 decode normally. Knock-on for the 15 sites of shard 2:
// their decode queue grows (fetcher WARNs above high-water), the mosaic is built with those
// sites stale, and radar-api's freshness guard answers 503 for their products.
// The crash loop continues to the end of the window. About 30 % of lines are labelled.
//
// Healthy bands:
//   fetcher "fetched volume" elapsed (slog, int ns) median 420 ms; queue depth 0-3 (high-water 20)
//   decoder "decoded volume" took_ms median 850 ms; "published product" one per volume
//   mosaic "mosaic published" every 2 min, stale_sites 0 (max data age <= 420 s)
//   radar-api GET /v1/products/<site>/latest.json 200, rt median 12 ms
//   healthy decoders never log startup lines inside a day (they start on deploys only)
// Labels: traceback = error; kubelet BackOff = error; each restart's startup lines and the
// Pulled/Created/Started events = pattern; fetcher queue above high-water = performance;
// mosaic built with stale sites (data age above band) = performance; radar-api 503 for stale
// products = error. All other lines null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, clfTime, fluentBit, isoMs, isoNs, isoUs, pyAsctime, ticks, type Label } from "./util.js";

const NAME = "radar-decoder-shard-crashloop";

const SITES = [
  "KTLX",
  "KFDR",
  "KINX",
  "KVNX",
  "KAMA",
  "KLBB",
  "KMAF",
  "KFWS",
  "KDYX",
  "KSJT",
  "KEWX",
  "KGRK",
  "KHGX",
  "KCRP",
  "KBRO",
  "KSHV",
  "KLZK",
  "KSRX",
  "KPOE",
  "KLCH",
  "KLIX",
  "KJAN",
  "KGWX",
  "KBMX",
  "KMXX",
  "KHTX",
  "KOHX",
  "KNQA",
  "KPAH",
  "KLSX",
  "KEAX",
  "KTWX",
  "KICT",
  "KDDC",
  "KGLD",
  "KUEX",
  "KOAX",
  "KLNX",
  "KFSD",
  "KABR",
  "KMVX",
  "KDLH",
  "KMPX",
  "KARX",
  "KDMX",
  "KDVN",
  "KILX",
  "KLOT",
  "KIWX",
  "KIND",
  "KVWX",
  "KLVX",
  "KJKL",
  "KRLX",
  "KPBZ",
  "KCLE",
  "KILN",
  "KGRR",
  "KDTX",
  "KXLR",
];

export function radarDecoderShardCrashloop(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 6, 2, 13, 30) + r.int(0, 90) * MIN + r.int(0, 59) * SEC;
  const dur = 50 * MIN;
  const end = start + dur;
  const BAD = 2;
  const shardOf = (i: number): number => Math.floor(i / 15);
  const badSites = SITES.filter((_, i) => shardOf(i) === BAD);
  const node = (i: number): string => `gke-wx-prod-pool-1-${r.hex(8)}-${["x7kq", "m2pd", "c9tn", "h4wz"][i]}`;
  const nodes = [0, 1, 2, 3].map(node);
  const podUid = r.uuid();
  const decK8s = (s: number) => ({ pod: `radar-decoder-${s}`, namespace: "radar", container: "decoder", app: "radar-decoder", node: nodes[s] ?? "" });
  const apiPod = `radar-api-${r.chars(10, "bcdfghjklmnpqrstvwxz2456789")}-${r.chars(5, "bcdfghjklmnpqrstvwxz2456789")}`;
  const fetcherPod = `radar-fetcher-${r.chars(10, "bcdfghjklmnpqrstvwxz2456789")}-${r.chars(5, "bcdfghjklmnpqrstvwxz2456789")}`;

  const pyLine = (t: number, level: string, logger: string, msg: string): string => `${pyAsctime(t)} ${level} [${logger}] ${msg}`;
  const slog = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label): void => {
    tl.add(t, { time: isoNs(t), level, msg, service: "radar-fetcher", pod: fetcherPod, ...fields }, label);
  };

  // Shard-2 backlog: it has been growing since the loop began (~70 min before the window).
  let backlog = r.int(180, 240);

  // Volume scans: every site every 4-6 minutes (VCP 215/35), phases random.
  SITES.forEach((site, i) => {
    const shard = shardOf(i);
    let t = start - r.float(0, 5) * MIN;
    while (t < end) {
      t += r.float(4.1, 5.9) * MIN;
      if (t < start || t >= end) continue;
      const vcp = r.pick([215, 215, 212, 35]);
      const key = `${site}${isoMs(t).slice(0, 10).replace(/-/g, "")}_${isoMs(t).slice(11, 19).replace(/:/g, "")}_V06`;
      const elapsedMs = r.healthy(420);
      const bytes = r.int(4_000_000, 14_000_000);
      const tf = t + elapsedMs;
      if (shard === BAD) {
        backlog += 1;
        slog(
          tf,
          "INFO",
          "fetched volume",
          { site, key, bytes, elapsed: Math.round(elapsedMs * 1e6), shard, queue: `decode.shard-${shard}`, depth: backlog },
          null,
        );
        slog(
          tf + 0.4,
          "WARN",
          "decode queue above high-water mark",
          { queue: `decode.shard-${shard}`, depth: backlog, high_water: 20, oldest_age_s: Math.round((tf - start) / 1000) + r.int(4100, 4300), shard },
          "performance",
        );
      } else {
        slog(
          tf,
          "INFO",
          "fetched volume",
          { site, key, bytes, elapsed: Math.round(elapsedMs * 1e6), shard, queue: `decode.shard-${shard}`, depth: r.int(0, 2) },
          null,
        );
        const took = r.healthy(850);
        const td = tf + r.float(30, 400) + took;
        tl.add(
          td,
          fluentBit(
            td,
            pyLine(
              td,
              "INFO",
              "decoder.worker",
              `decoded volume site=${site} key=${key} vcp=${vcp} sweeps=${vcp === 35 ? 7 : 14} bytes=${bytes} took_ms=${Math.round(took)}`,
            ),
            decK8s(shard),
            "stderr",
          ),
          null,
        );
        const tp = td + r.float(40, 160);
        tl.add(
          tp,
          fluentBit(
            tp,
            pyLine(tp, "INFO", "decoder.publish", `published product site=${site} products=N0B,N0U,N0C,CREF uri=gs://wx-products-prod/${site}/${key}/`),
            decK8s(shard),
            "stderr",
          ),
          null,
        );
      }
    }
  });

  // The crash loop on radar-decoder-2: restart every ~5 min (max back-off), BackOff events in between.
  const eventsBase = (t: number, type: string, reason: string, message: string, count: number) => ({
    kind: "Event",
    apiVersion: "v1",
    metadata: { name: `radar-decoder-${BAD}.${r.hex(16)}`, namespace: "radar" },
    involvedObject: { kind: "Pod", namespace: "radar", name: `radar-decoder-${BAD}`, uid: podUid, fieldPath: "spec.containers{decoder}" },
    reason,
    message,
    source: { component: "kubelet", host: nodes[BAD] },
    firstTimestamp: isoMs(start - r.int(65, 75) * MIN).replace(/\.\d{3}Z$/, "Z"),
    lastTimestamp: isoMs(t).replace(/\.\d{3}Z$/, "Z"),
    count,
    type,
    reportingComponent: "kubelet",
    reportingInstance: nodes[BAD],
  });
  let restarts = r.int(13, 16);
  let backoffCount = r.int(240, 320);
  let t = start + r.float(0.5, 4.5) * MIN;
  const decK = decK8s(BAD);
  // BackOff events before the first restart in the window
  for (let b = start + r.float(2, 12) * SEC; b < t - 5 * SEC; b += r.float(14, 32) * SEC) {
    tl.add(
      b,
      eventsBase(b, "Warning", "BackOff", `Back-off restarting failed container decoder in pod radar-decoder-${BAD}_radar(${podUid})`, ++backoffCount),
      "error",
    );
  }
  while (t < end) {
    restarts++;
    tl.add(
      t,
      eventsBase(t, "Normal", "Pulled", 'Container image "us-docker.pkg.dev/wx-prod/radar/decoder:4.7.2" already present on machine', restarts),
      "pattern",
    );
    tl.add(t + 120, eventsBase(t + 120, "Normal", "Created", "Created container decoder", restarts), "pattern");
    tl.add(t + 410, eventsBase(t + 410, "Normal", "Started", "Started container decoder", restarts), "pattern");
    let c = t + 410 + r.float(600, 900);
    const say = (level: string, logger: string, msg: string, label: Label): void => {
      tl.add(c, fluentBit(c, pyLine(c, level, logger, msg), decK, "stderr"), label);
      c += r.float(15, 120);
    };
    say("INFO", "decoder.main", `radar-decoder 4.7.2 starting, shard ${BAD}/4, ${badSites.length} sites, queue decode.shard-${BAD}`, "pattern");
    say("INFO", "decoder.main", "connected to queue broker amqp://radar-mq.radar.svc:5672/ (prefetch 4)", "pattern");
    say("INFO", "decoder.calib", `loading calibration for ${badSites.length} sites from /var/lib/radar/calib`, "pattern");
    c += r.float(200, 500);
    say(
      "ERROR",
      "decoder.main",
      "fatal error during startup\nTraceback (most recent call last):\n" +
        '  File "/app/decoder/main.py", line 88, in main\n    calib = load_calibration(cfg.sites, cfg.calib_dir)\n' +
        '  File "/app/decoder/calib.py", line 41, in load_calibration\n    table[site] = CalibTable.from_bytes(fh.read(), site=site)\n' +
        '  File "/app/decoder/calib.py", line 19, in from_bytes\n    magic, version, n_bins, crc = struct.unpack_from(">4sHHI", buf, 0)\n' +
        "struct.error: unpack_from requires a buffer of at least 12 bytes for unpacking 12 bytes at offset 0 (actual buffer size is 0)",
      "error",
    );
    // back-off: 5 minutes, with kubelet BackOff events every 15-30 s while waiting
    const next = t + 5 * MIN + r.float(5, 25) * SEC;
    for (let b = c + r.float(8, 15) * SEC; b < Math.min(next - 5 * SEC, end); b += r.float(14, 32) * SEC) {
      tl.add(
        b,
        eventsBase(b, "Warning", "BackOff", `Back-off restarting failed container decoder in pod radar-decoder-${BAD}_radar(${podUid})`, ++backoffCount),
        "error",
      );
    }
    t = next;
  }

  // mosaic-builder every 2 minutes (structlog JSON)
  for (const tm of ticks(r, start, end, 2 * MIN, 3 * SEC, r.float(0, 120) * SEC)) {
    const took = r.healthy(9.5) * SEC;
    const maxAge = Math.round((tm - start) / 1000) + r.int(4200, 4350);
    tl.add(
      tm + took,
      {
        event: "mosaic built with stale sites",
        level: "warning",
        timestamp: isoUs(tm + took),
        logger: "mosaic.compose",
        service: "mosaic-builder",
        product: "CREF",
        sites_total: SITES.length,
        stale_sites: badSites,
        max_data_age_s: maxAge,
        stale_after_s: 420,
      },
      "performance",
    );
    tl.add(
      tm + took + 300,
      {
        event: "mosaic published",
        level: "info",
        timestamp: isoUs(tm + took + 300),
        logger: "mosaic.publish",
        service: "mosaic-builder",
        product: "CREF",
        uri: `gs://wx-products-prod/mosaic/CREF/${isoMs(tm).slice(0, 16).replace(/[-:T]/g, "")}.png`,
        duration_ms: Math.round(took),
      },
      null,
    );
  }

  // radar-api: nginx combined + timings, shipped by Fluent Bit
  const apiK8s = { pod: apiPod, namespace: "radar", container: "nginx", app: "radar-api", node: nodes[r.int(0, 3)] ?? "" };
  const uas = [
    "StormTrack/2.4.1 (Android 14)",
    "StormTrack/2.4.1 (iOS 17.5)",
    "StormTrack/2.3.9 (iOS 17.4.1)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  ];
  // a storm line is crossing shard 2's sites, so a large share of lookups are for them
  for (const ta of arrivals(r, start, end, () => 26, 26)) {
    const i = r.chance(0.4) ? BAD * 15 + r.int(0, 14) : r.int(0, SITES.length - 1);
    const site = SITES[i] ?? "KTLX";
    const stale = shardOf(i) === BAD;
    const rt = stale ? r.healthy(6) / 1000 : r.healthy(12) / 1000;
    const status = stale ? 503 : 200;
    const bytes = stale ? 187 : r.int(1800, 2600);
    const line = `10.8.${r.int(0, 3)}.${r.int(2, 250)} - - [${clfTime(ta)}] "GET /v1/products/${site}/latest.json HTTP/1.1" ${status} ${bytes} "-" "${r.pick(uas)}" rt=${rt.toFixed(3)} uct=0.000 urt=${Math.max(0.001, rt - 0.001).toFixed(3)}`;
    tl.add(ta, fluentBit(ta, line, apiK8s, "stdout"), stale ? "error" : null);
  }

  return tl.build(
    NAME,
    "One shard of a weather-radar decoder StatefulSet is already crash-looping on a truncated calibration file when the window opens: restart/traceback/BackOff lines all window, its queue backs up, the mosaic goes stale and the API returns 503 for its sites; other shards decode normally.",
  );
}
