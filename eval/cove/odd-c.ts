// c05 (pool, cache and prefetch sizes of 0 or absurd) and c06 (a base64 frame, a thread dump and
// mojibake logged at INFO).
import { k8s, logback, MIN, periodic, pino, podName, poisson, pyjson, Rng, round, SEC, scatter, slog, structlog, Timeline, windowStart } from "./lib.js";
import type { Scenario } from "./types.js";

export function c05(seed: number): Scenario {
  const name = "c05-pool-cache-prefetch-sizes";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 15);
  const t1 = t0 + 90 * MIN;
  const pods = Array.from({ length: 4 }, () => podName(r, "orders-api"));
  const pool = (t: number, pod: string, odd: boolean) => {
    const open = odd ? 0 : r.int(6, 20);
    tl.add(
      slog(t, "INFO", "db pool stats", {
        service: "orders-api",
        pod,
        max_open: odd ? r.pick([0, 0, 1]) : 20,
        open,
        in_use: odd ? 0 : r.int(1, open),
        idle: odd ? 0 : r.int(0, 5),
        wait_count: odd ? 0 : r.int(0, 3),
      }),
      odd ? "pattern" : null,
    );
  };
  for (const pod of pods) periodic(r, t0, t1, 15 * SEC, 500, (t) => pool(t, pod, false));
  scatter(r, t0, t1, r.int(6, 12), r.chance(0.5), (t) => pool(t, r.pick(pods), true));
  poisson(r, t0, t1, 4 * SEC, (t) =>
    tl.add(
      slog(t, "INFO", "request handled", {
        service: "orders-api",
        pod: r.pick(pods),
        method: r.pick(["GET", "GET", "POST"]),
        path: `/v1/orders/${r.int(1e6, 9e6)}`,
        status: r.chance(0.98) ? 200 : 404,
        latency: Math.round(r.logn(38e6, 0.45)),
      }),
    ),
  );
  let entries = r.int(46000, 50000);
  const cache = (t: number, odd: boolean) => {
    entries = Math.max(42000, Math.min(54000, entries + r.int(-400, 400)));
    const n = odd ? r.pick([0, "18446744073709551615", 4294967295]) : entries;
    tl.add(
      structlog(t, "session_cache.stats", "info", "cache stats", {
        entries: n,
        hit_ratio: odd ? r.pick([0, 1]) : round(r.normal(0.93, 0.01), 3),
        evictions: odd ? 0 : r.int(0, 40),
        max_entries: 65536,
      }),
      odd ? "pattern" : null,
    );
  };
  periodic(r, t0, t1, 20 * SEC, SEC, (t) => cache(t, false));
  scatter(r, t0, t1, r.int(5, 10), false, (t) => cache(t, true));
  const consumers = ["fulfil-0", "fulfil-1", "fulfil-2"];
  const prefetch = (t: number, host: string, odd: boolean) =>
    tl.add(
      pino(t, "fulfil-consumer", host, 30, `consumer heartbeat queue=orders.created prefetch=${odd ? r.pick([0, 65535]) : 50}`, {
        unacked: odd ? 0 : r.int(0, 50),
        delivered: r.int(1e4, 9e4),
      }),
      odd ? "pattern" : null,
    );
  for (const c of consumers) periodic(r, t0, t1, 30 * SEC, SEC, (t) => prefetch(t, c, false));
  scatter(r, t0, t1, r.int(5, 8), false, (t) => prefetch(t, r.pick(consumers), true));
  poisson(r, t0, t1, 12 * SEC, (t) =>
    tl.add(pino(t, "fulfil-consumer", r.pick(consumers), 30, "order fulfilled", { orderId: r.int(1e6, 9e6), responseTime: Math.round(r.logn(120, 0.4)) })),
  );
  return tl.build(
    name,
    "Steady pool/cache/consumer stats (max_open=20, ~48k entries, prefetch=50), with a few reports of max_open 0-1, cache entries 0 or 2^64-1, prefetch 0 or 65535, all at INFO.",
  );
}

function threadDump(r: Rng): string {
  const lines = ["Full thread dump OpenJDK 64-Bit Server VM (21.0.4+7-LTS mixed mode, sharing):", ""];
  const n = r.int(6, 18);
  for (let i = 0; i < n; i++) {
    lines.push(
      `"${r.pick(["http-nio-8080-exec", "pool-3-thread", "kafka-producer-network-thread", "HikariPool-1 housekeeper"])}-${i + 1}" #${40 + i} daemon prio=5 os_prio=0 cpu=${round(r.logn(800, 1), 2)}ms elapsed=${round(r.real(1000, 90000), 2)}s tid=0x00007f${r.hex(10)} nid=${r.int(100, 999)} ${r.pick(["waiting on condition", "runnable", "in Object.wait()"])}`,
    );
    lines.push(`   java.lang.Thread.State: ${r.pick(["WAITING (parking)", "RUNNABLE", "TIMED_WAITING (sleeping)"])}`);
    for (const f of [
      "jdk.internal.misc.Unsafe.park(java.base@21.0.4/Native Method)",
      "java.util.concurrent.locks.LockSupport.park(java.base@21.0.4/LockSupport.java:371)",
      "com.example.firmware.ManifestResolver.resolve(ManifestResolver.java:88)",
    ].slice(0, r.int(1, 3)))
      lines.push(`\tat ${f}`);
    lines.push("");
  }
  return lines.join("\n");
}
/** Bytes of a binary frame decoded as Latin-1/UTF-8 by mistake: printable, no control characters. */
function garbage(r: Rng, n: number): string {
  const junk = "ÿþ�ÃÂ©¼½¾¤§¶µ«»¬®¯°±²³ÐÑÒ×ØÞßæç÷ø€ƒ†‡‰ŠŒŽ•™š›œžŸ";
  return r.str(n, `${junk}${junk}PK%&*#@!`);
}

export function c06(seed: number): Scenario {
  const name = "c06-blobs-dumps-garbage-at-info";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 10);
  const t1 = t0 + 150 * MIN;
  const pods = Array.from({ length: 3 }, () => podName(r, "device-gateway"));
  const devices = Array.from({ length: 80 }, () => `dev-${r.hex(6)}`);
  const frame = (t: number, odd: boolean) => {
    const bytes = odd ? r.int(600, 2250) : r.int(96, 420);
    const msg = odd
      ? `telemetry frame accepted device=${r.pick(devices)} payload=${r.b64(Math.ceil(bytes / 3) * 4)}`
      : `telemetry frame accepted device=${r.pick(devices)} seq=${r.int(1, 9e5)} bytes=${bytes}`;
    tl.add(k8s(t, "device-gateway", r.pick(pods), "iot", "INFO", msg, r, { bytes, fw: r.pick(["4.2.1", "4.2.1", "4.3.0"]) }), odd ? "pattern" : null);
  };
  poisson(r, t0, t1, 3 * SEC, (t) => frame(t, false));
  scatter(r, t0, t1, r.int(8, 16), r.chance(0.5), (t) => frame(t, true));
  const threads = ["main", "manifest-refresh-1", "http-nio-8080-exec-4"];
  poisson(r, t0, t1, 30 * SEC, (t) =>
    tl.add(
      logback(
        t,
        "firmware-svc",
        "c.e.firmware.ManifestResolver",
        r.pick(threads),
        "INFO",
        `firmware manifest resolved channel=${r.pick(["stable", "beta"])} version=4.${r.int(2, 3)}.${r.int(0, 4)} artifacts=${r.int(3, 6)}`,
        { elapsed_ms: Math.round(r.logn(35, 0.4)) },
      ),
    ),
  );
  scatter(r, t0, t1, r.int(5, 8), false, (t) =>
    tl.add(logback(t, "firmware-svc", "c.e.firmware.Diagnostics", "diagnostics-1", "INFO", threadDump(r)), "pattern"),
  );
  const batch = (t: number, odd: boolean) =>
    tl.add(
      pyjson(
        t,
        "ingest-writer",
        "ingest.writer",
        "INFO",
        odd
          ? `batch stored source=${r.pick(["modbus-gw-3", "modbus-gw-7"])} rows=1 first_row=${garbage(r, r.int(60, 400))}`
          : `batch stored source=modbus-gw-${r.int(1, 9)} rows=${r.int(200, 500)}`,
        { duration_ms: round(r.logn(48, 0.4), 1), process: 7 },
      ),
      odd ? "pattern" : null,
    );
  poisson(r, t0, t1, 10 * SEC, (t) => batch(t, false));
  scatter(r, t0, t1, r.int(5, 10), false, (t) => batch(t, true));
  return tl.build(
    name,
    "IoT pipeline: device-gateway logs a few frames as base64 payloads, firmware-svc writes full JVM thread dumps at INFO, ingest-writer stores rows of mojibake, each among ordinary one-line siblings.",
  );
}
