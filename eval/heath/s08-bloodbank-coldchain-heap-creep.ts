// Blood-bank cold-chain telemetry, about eight hours. One of three Node collectors (collector-1) leaks MQTT
// subscription buffers: its heap use climbs steadily all window, its ratio of used to total heap leaves the healthy
// band, V8 starts mark-compacting back to back, a watchdog pauses backfill, and its ingest latency and alert-rule
// lag grow. There is no crash: the window ends with the leak still climbing. Its two peers stay flat.
// The unit-issuing API (~280 ms) and the collectors' ingest (~3 ms) are 100x apart.
//
// Producers: coldchain-collector (pino, three instances; --trace-gc lines in Docker envelopes), fridge-monitor (Rust
// tracing JSON), unit-inventory (Serilog compact JSON, rendered @m).
// Healthy bands: collector heapUsed/heapTotal 40-65 %; collector "reading ingested" 3 ms (responseTime); "alert rules
// evaluated" lag 800 ms (lag_ms); unit-inventory "Issued unit" 280 ms (Elapsed). Healthy values stay within 3x of the
// median. Fridge temperatures 2-6 C, freezers -35 to -25 C.
// Routine noise (null): doors held open (WARN), crossmatch without antibody screen (Warning), MQTT reconnects of
// gateway bridges (WARN).
// Labelled: collector-1 memory readings above 65 %, its mark-compact GC lines and watchdog warnings (memory); its slow
// ingests and alert-rule lag (performance).
import { arrivals, HOUR, isoMicro, isoNano, isoTicks, type Label, LogBook, type Log, MIN, Rng, round } from "./rng.js";
import { SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

const MB = 1024 * 1024;

export function bloodbankColdchainHeapCreep(seed: number): Scenario {
  const r = new Rng(seed, 808);
  const t0 = startOf(r);
  const span = 8 * HOUR + r.int(-20, 20) * MIN;
  const end = t0 + span;
  const book = new LogBook();
  const leakFrom = t0 + span * r.float(0.06, 0.12);
  const collectors = ["coldchain-collector-0", "coldchain-collector-1", "coldchain-collector-2"];
  const leaky = "coldchain-collector-1";
  const fridges = Array.from({ length: 14 }, (_, i) => `BB-${String(i + 1).padStart(2, "0")}`);
  const freezers = ["FZ-01", "FZ-02", "FZ-03"];
  const wards = ["ED", "ICU", "Theatre 4", "Maternity", "Haematology", "Cardiac ICU"];
  const products = ["RBC", "FFP", "PLT", "Cryo"];
  const groups = ["O NEG", "O POS", "A POS", "A NEG", "B POS", "AB POS"];

  // collector-1's heap: the ratio of used to total rises smoothly from the band to ~97 %.
  const leakFrac = (t: number): number => (t < leakFrom ? 0 : (t - leakFrom) / (end - leakFrom));
  const ratioAt = (host: string, t: number): number => {
    if (host !== leaky || t < leakFrom) return r.float(0.42, 0.63);
    return Math.min(0.975, 0.55 + 0.42 * leakFrac(t) ** 0.6 + r.float(-0.02, 0.02));
  };
  const distress = (t: number): boolean => leakFrac(t) > 0.62;

  const pino = (host: string, level: number, msg: string, extra: Log) => (t: number) => ({
    level,
    time: t,
    pid: 1,
    hostname: host,
    name: "coldchain-collector",
    ...extra,
    msg,
  });
  const docker = (line: string) => (t: number) => ({
    log: `${line}\n`,
    stream: "stdout",
    time: isoNano(t),
    kubernetes: {
      pod_name: leaky,
      namespace_name: "coldchain",
      container_name: "collector",
      labels: { app: "coldchain-collector" },
    },
  });
  const tracing = (level: string, message: string, fields: Log) => (t: number) => ({
    timestamp: isoMicro(t),
    level,
    fields: { message, ...fields },
    target: "fridge_monitor::sampler",
  });
  const clef = (level: string | null, rendered: string, props: Log) => (t: number) => ({
    "@t": isoTicks(t),
    "@m": rendered,
    "@i": r.hex(8),
    ...(level === null ? {} : { "@l": level }),
    ...props,
    SourceContext: "BloodBank.Inventory.IssueHandler",
    Application: "unit-inventory",
  });

  // Readings ingested by each collector.
  for (const t of arrivals(r, t0, end, 5)) {
    const host = r.pick(collectors);
    const slow = host === leaky && distress(t) && r.chance(0.6);
    const ms = slow ? r.slow(3, 6, 25) : r.healthy(3);
    const label: Label = slow ? "performance" : null;
    const probe = r.pick([...fridges, ...freezers]);
    book.add(
      t,
      label,
      pino(host, 30, "reading ingested", {
        probe,
        topic: `coldchain/site-a/${probe}/temp`,
        responseTime: round(ms, 1),
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.06)) {
    const bridge = `gw-${r.int(1, 4)}`;
    book.add(t, null, pino(r.pick(collectors), 40, `MQTT bridge ${bridge} reconnected after keepalive timeout`, {}));
  }
  for (const host of collectors) {
    // Memory every ten minutes.
    for (const t of ticks(r, t0 + r.int(0, 600) * SEC, end, 10 * MIN, 0.02)) {
      const ratio = ratioAt(host, t);
      const used = host === leaky && t >= leakFrom ? (110 + 1_330 * leakFrac(t)) * MB : r.float(80, 140) * MB;
      const total = Math.min(1_536 * MB, used / ratio);
      const heapUsed = Math.round(Math.min(used, total * ratio));
      const label: Label = heapUsed / total > 0.65 ? "memory" : null;
      book.add(
        t,
        label,
        pino(host, 30, "process memory", {
          rss: Math.round(total * 1.18 + 40 * MB),
          heapTotal: Math.round(total),
          heapUsed,
          external: Math.round(r.float(2, 6) * MB),
        }),
      );
    }
    // Alert rule evaluation every five minutes.
    for (const t of ticks(r, t0 + r.int(0, 300) * SEC, end, 5 * MIN, 0.02)) {
      const slow = host === leaky && distress(t);
      const lag = slow ? r.slow(800, 6, 40) : r.healthy(800);
      const label: Label = slow ? "performance" : null;
      book.add(t, label, pino(host, slow ? 40 : 30, "alert rules evaluated", { rules: 42, lag_ms: Math.round(lag) }));
    }
  }
  // collector-1 under memory pressure: back-to-back mark-compacts and watchdog warnings.
  let t = leakFrom + (end - leakFrom) * 0.55;
  while (t < end) {
    const f = leakFrac(t);
    const usedMb = 110 + 1_330 * f;
    const text =
      `[1:0x5d1e3c0] ${Math.round(t - t0 + 3_600_000)} ms: Mark-Compact ${usedMb.toFixed(1)} ` +
      `(${(usedMb * 1.04).toFixed(1)}) -> ${(usedMb * 0.995).toFixed(1)} (${(usedMb * 1.05).toFixed(1)}) MB, ` +
      `${r.float(400, 1_600).toFixed(2)} / 0.00 ms  (average mu = ${r.float(0.1, 0.3).toFixed(3)}, current mu = ` +
      `${r.float(0.02, 0.12).toFixed(3)}) allocation failure; scavenge might not succeed`;
    book.add(t, "memory", docker(text));
    t += r.float(3, 7) * MIN;
  }
  for (const w of ticks(r, leakFrom + (end - leakFrom) * 0.7, end, 15 * MIN, 0.1)) {
    const pct = Math.round(ratioAt(leaky, w) * 100);
    const msg = "heap usage above soft limit, pausing backfill subscriptions";
    book.add(w, "memory", pino(leaky, 40, msg, { heap_used_pct: pct, soft_limit_pct: 85 }));
  }

  // Fridge monitor.
  for (const ts of arrivals(r, t0, end, 2)) {
    const freezer = r.chance(0.2);
    const unit = freezer ? r.pick(freezers) : r.pick(fridges);
    const temp = freezer ? r.float(-34, -26) : r.float(2.4, 5.6);
    book.add(ts, null, tracing("INFO", "temperature sample", { unit, celsius: round(temp, 2) }));
  }
  for (const ts of arrivals(r, t0, end, 0.1)) {
    const unit = r.pick(fridges);
    book.add(ts, null, tracing("WARN", `door open for ${r.int(61, 140)}s on ${unit}`, { unit }));
  }

  // Unit issuing, 280 ms, healthy all window.
  for (const ts of arrivals(r, t0, end, 0.8)) {
    const ms = r.healthy(280);
    const unit = `G${r.digits(3)} 25 ${r.digits(6)}`;
    const product = r.pick(products);
    const abo = r.pick(groups);
    const ward = r.pick(wards);
    const rendered = `Issued unit "${unit}" ("${product}" "${abo}") to "${ward}" in ${ms.toFixed(2)} ms`;
    const props = { UnitId: unit, Product: product, AboRh: abo, Ward: ward, Elapsed: round(ms, 3) };
    book.add(ts, null, clef(null, rendered, props));
  }
  for (const ts of arrivals(r, t0, end, 0.05)) {
    const unit = `G${r.digits(3)} 25 ${r.digits(6)}`;
    const rendered = `Crossmatch for unit "${unit}" has no antibody screen on file, manual check required`;
    book.add(ts, null, clef("Warning", rendered, { UnitId: unit }));
  }

  return {
    name: "bloodbank-coldchain-heap-creep",
    description: "One blood-bank cold-chain collector's heap creeps up all window (no OOM): GC thrash, slow ingest",
    ...book.build(),
  };
}
