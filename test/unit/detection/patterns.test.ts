import { describe, expect, it } from "vitest";
import { serviceGroups } from "../../../src/detection/evidence/evidence.js";
import { extractFeatures } from "../../../src/detection/features/features.js";
import { burstEvidence, recurringPeak } from "../../../src/detection/templates/bursts.js";
import { noveltyEvidence, templateEvidence, templateFacts, templatePresence } from "../../../src/detection/templates/patterns.js";
import { chooseReference, MIN_REFERENCE_SHARE, referenceFrom } from "../../../src/detection/reference.js";
import { mineTemplates } from "../../../src/detection/templates/templates.js";
import type { LogRecord } from "../../../src/logs/log-record.js";
import { createRandom } from "../../../src/detection/forest/random.js";
import { log, reindex } from "./log-fixtures.js";

/** Request lines of one service with a latency around 50 ms, ids varying. */
function requests(n: number, seed = 3, service = "api"): LogRecord[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, (_, i) => log("INFO", `GET /items/${1000 + i} 200 in ${Math.round(40 + 20 * rng.next())}ms`, service));
}

function analyse(records: LogRecord[]) {
  const m = extractFeatures(records);
  const { groupOf, services } = serviceGroups(records);
  const reference = chooseReference(m, groupOf, services.length);
  const templates = mineTemplates(records);
  return {
    reference,
    templates,
    patterns: templateEvidence(
      templates,
      groupOf,
      reference,
      Float64Array.from(records, (r) => r.timestampMs),
    ),
  };
}

describe("chooseReference", () => {
  it("takes the whole window when it is steady or small", () => {
    const steady = analyse(reindex(requests(2000))).reference;
    expect(steady.size).toBeGreaterThan(0.9 * 2000);
    const small = analyse(reindex(requests(60))).reference;
    expect(small.size).toBe(60);
  });

  it("leaves out an outage that fills the second half of the window", () => {
    const records = requests(1000);
    for (let i = 0; i < 1000; i++) records.push(i % 2 ? log("ERROR", `Payment ${i} failed: connection refused`, "api") : requests(1, i)[0]!);
    const ref = analyse(reindex(records)).reference;
    expect(ref.size).toBeGreaterThanOrEqual(MIN_REFERENCE_SHARE * 2000);
    for (let row = 1000; row < 2000; row++) expect(ref.mask[row]).toBe(0);
    expect(ref.mask[10]).toBe(1);
  });

  it("leaves out an outage that fills most of the window, down to its quiet tenth", () => {
    // Failing from the first line to 85% of the window, then recovered: the floor of 30% would
    // fill the reference with the outage's least hot bins.
    const records: LogRecord[] = [];
    for (let i = 0; i < 1700; i++) records.push(i % 2 ? log("ERROR", `Payment ${i} failed: connection refused`, "api") : requests(1, i)[0]!);
    records.push(...requests(300, 5));
    const ref = analyse(reindex(records)).reference;
    expect(ref.size).toBe(300);
    for (let row = 0; row < 1700; row++) expect(ref.mask[row]).toBe(0);
    expect(ref.mask[1800]).toBe(1);
  });

  it("keeps the floor when the hot bins are scattered over the window, as routine noise is", () => {
    // Four quiet bins, the other sixteen with errors in one of three or one of four lines: not one
    // stretch of the window, so no part of it is the incident and the floor holds.
    const records: LogRecord[] = [];
    for (let b = 0; b < 20; b++) {
      const every = [0, 5, 10, 15].includes(b) ? 0 : b % 2 ? 3 : 4;
      for (let i = 0; i < 100; i++)
        records.push(every && i % every === 0 ? log("ERROR", `Import ${b}-${i} failed: bad row`, "api") : requests(1, b * 100 + i)[0]!);
    }
    const ref = analyse(reindex(records)).reference;
    expect(ref.bins).toBe(20);
    expect(ref.size).toBe(MIN_REFERENCE_SHARE * 2000);
    for (const b of [0, 5, 10, 15]) expect(ref.quietBins[b]).toBe(1);
  });

  it("leaves out failures its producer writes at WARNING, as it does ERROR lines", () => {
    // The second half: the usual requests stop, fast WARNING failures replace them (a webhook
    // whose signature check fails after a deploy); left in, they would be the baseline.
    const records = requests(1000);
    for (let i = 0; i < 1000; i++) records.push(i % 10 ? log("WARNING", `webhook ${i} signature verification failed`, "api") : requests(1, i)[0]!);
    const ref = analyse(reindex(records)).reference;
    for (let row = 1000; row < 2000; row++) expect(ref.mask[row]).toBe(0);
    expect(ref.mask[10]).toBe(1);
  });
});

describe("referenceFrom", () => {
  it("rebuilds a reference posted to another thread, its bins and mask as chosen", () => {
    // 2,037 rows: bins do not divide them evenly, so the last bin is short.
    const records = requests(1037);
    for (let i = 0; i < 1000; i++) records.push(log("ERROR", `Payment ${i} failed: connection refused`, "api"));
    const ref = analyse(reindex(records)).reference;
    expect(ref.bins).toBeGreaterThan(1);
    expect(ref.size).toBeLessThan(2037);
    const { binOf: _, ...data } = ref;
    const again = referenceFrom(structuredClone(data));
    expect(again.size).toBe(ref.size);
    expect(Array.from(again.mask)).toEqual(Array.from(ref.mask));
    expect(Array.from(again.quietBins)).toEqual(Array.from(ref.quietBins));
    let inQuietBins = 0;
    for (let row = 0; row < 2037; row++) {
      expect(again.binOf(row)).toBe(ref.binOf(row));
      expect(ref.binOf(row)).toBe(Math.min(ref.bins - 1, Math.floor(row / ref.binSize)));
      expect(ref.mask[row]).toBe(ref.quietBins[ref.binOf(row)]);
      inQuietBins += ref.mask[row]!;
    }
    expect(inQuietBins).toBe(ref.size);
  });
});

describe("noveltyEvidence", () => {
  it("is strong for a template that keeps coming from mid-window on", () => {
    expect(noveltyEvidence(600, 1000, 20, 2000)).toBeGreaterThan(0.9);
  });

  it("is nothing for a template seen early, however often", () => {
    expect(noveltyEvidence(5, 1000, 20, 2000)).toBe(0);
    expect(noveltyEvidence(70, 1000, 300, 2000)).toBe(0);
  });

  it("judges how early a template came by its service's other lines, so one that floods its service from mid-window is new", () => {
    // 60 of the service's 100 other lines came before the first of its 300: over half way in.
    expect(noveltyEvidence(60, 400, 300, 0)).toBeGreaterThan(0.6);
    // The same 60 before it, but a service whose other lines all came first: early.
    expect(noveltyEvidence(60, 400, 300, 0)).toBeGreaterThan(noveltyEvidence(60, 900, 300, 0));
    expect(noveltyEvidence(0, 300, 300, 0)).toBe(0);
  });

  it("takes a new message that fills much of the window for a new phase, unless it came in a short span: a flood", () => {
    // 210 lines, 7 % of a 3,000-line window, first seen two thirds in.
    const phase = noveltyEvidence(2000, 3000, 210, 3000);
    expect(phase).toBeLessThan(0.6);
    // The same lines within 2 % of the window's time.
    expect(noveltyEvidence(2000, 3000, 210, 3000, 0.02)).toBeGreaterThan(0.9);
    // Spread over a third of it, a phase as before.
    expect(noveltyEvidence(2000, 3000, 210, 3000, 0.33)).toBe(phase);
  });

  it("is moderate for a late singleton: one line is weak evidence", () => {
    const e = noveltyEvidence(900, 1000, 1, 2000);
    expect(e).toBeGreaterThan(0.3);
    expect(e).toBeLessThan(0.7);
  });

  it("says nothing for a service that just started, nor for a message that fills the window", () => {
    expect(noveltyEvidence(10, 12, 2, 2000)).toBe(0);
    expect(noveltyEvidence(600, 1000, 400, 2000)).toBe(0);
  });
});

describe("chooseReference in time", () => {
  // One request a second with an ERROR every 50 s; from 1000 s to 1060 s a flood of ten WARNING
  // "login rejected" a second, benign-looking lines (no error keyword) that dilute their bins'
  // share of hot logs.
  function flood(): LogRecord[] {
    const out: LogRecord[] = [];
    for (let s = 0; s < 2000; s++) {
      out.push(log(s % 50 === 0 ? "ERROR" : "INFO", s % 50 === 0 ? `payment ${s} failed` : `GET /items/${s} 200 in 45ms`, "api", { timestampMs: s * 1000 }));
      if (s >= 1000 && s < 1060) for (let k = 1; k <= 10; k++) out.push(log("WARNING", "login rejected", "api", { timestampMs: s * 1000 + k * 90 }));
    }
    return reindex(out);
  }

  it("does not take a flood as the window's usual pace", () => {
    const records = flood();
    const m = extractFeatures(records);
    const { groupOf, services } = serviceGroups(records);
    const inTime = chooseReference(
      m,
      groupOf,
      services.length,
      Float64Array.from(records, (r) => r.timestampMs),
    );
    const floodRows = records.flatMap((r, row) => (r.message === "login rejected" ? [row] : []));
    // A bin at the flood's edge, half flood half usual pace, may stay.
    expect(floodRows.filter((row) => inTime.mask[row] === 1).length).toBeLessThan(0.2 * floodRows.length);
    expect(inTime.size).toBeGreaterThan(0.6 * records.length);
    // The same when a few lines were shipped a little late by another producer.
    const times = Float64Array.from(records, (r) => r.timestampMs);
    for (let row = 7; row < times.length; row += 200) times[row]! -= 40;
    const jittered = chooseReference(m, groupOf, services.length, times);
    expect(Array.from(jittered.mask)).toEqual(Array.from(inTime.mask));
    // Counted in lines alone, the flood's bins are the coolest and the reference.
    const inLines = chooseReference(m, groupOf, services.length);
    expect(floodRows.filter((row) => inLines.mask[row] === 1).length).toBeGreaterThan(floodRows.length / 2);
  });
});

describe("recurringPeak", () => {
  it("is the height reached in k separate episodes; one long surge is one episode", () => {
    expect(recurringPeak(Int32Array.from([2, 2, 1, 2, 200, 210, 230, 220, 200, 1, 2]), 3)).toBe(2);
    expect(recurringPeak(Int32Array.from([0, 50, 0, 60, 0, 55, 0]), 3)).toBe(50);
    expect(recurringPeak(Int32Array.from([0, 50, 60, 0, 0]), 3)).toBe(0);
  });

  it("does not part one surge into episodes where its height only wobbles", () => {
    expect(recurringPeak(Int32Array.from([5, 300, 320, 290, 330, 300, 325, 5, 4]), 3)).toBe(0);
    // Back to half the height or below parts them.
    expect(recurringPeak(Int32Array.from([5, 300, 150, 300, 140, 310, 5]), 3)).toBe(300);
  });
});

describe("burstEvidence", () => {
  it("grows with the log of the ratio to the usual band, full at ten times", () => {
    expect(burstEvidence(40, 4)).toBeCloseTo(0.95, 12);
    expect(burstEvidence(400, 4)).toBeCloseTo(0.95, 12);
    expect(burstEvidence(20, 4)).toBeCloseTo(0.95 * Math.log10(5), 12);
    expect(burstEvidence(4, 1)).toBe(0); // below MIN_BURST
    expect(burstEvidence(8, 10)).toBe(0);
  });
});

describe("templateEvidence", () => {
  it("finds a burst of an ordinary message and not its usual lines", () => {
    const rng = createRandom(9);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i >= 2000 && i < 2060) records.push(log("DEBUG", `Cache miss for key product:${i}`, "api"));
      else if (rng.next() < 0.02) records.push(log("DEBUG", `Cache miss for key product:${i}`, "api"));
      else records.push(requests(1, i)[0]!);
    }
    const { patterns } = analyse(reindex(records));
    expect(patterns.burst[2030]).toBeGreaterThan(0.7);
    const usual = records.findIndex((r, i) => i < 1500 && r.message.startsWith("Cache miss"));
    expect(patterns.burst[usual]).toBe(0);
    expect(patterns.routine[2030]).toBe(0);
  });

  it("calls a timer's line routine by its share even when it began within the window, and not a request-driven one", () => {
    // From 40% of the window on, one in three lines of the service is the same ERROR: on a 2 s
    // clock (a retry timer), or at the times requests happen to fail.
    const build = (clock: boolean): LogRecord[] => {
      const rng = createRandom(5);
      const records: LogRecord[] = [];
      for (let i = 0; i < 3000; i++) {
        const t = i * 1000;
        if (i >= 1200 && i % 3 === 0) {
          const at = clock ? t : t + Math.floor(2900 * rng.next()) - 1450;
          records.push(log("ERROR", "ERROR IN CONTACTING RM.", "allocator", { timestampMs: at }));
        } else records.push({ ...requests(1, i, "allocator")[0]!, timestampMs: t });
      }
      return reindex(records.sort((a, b) => a.timestampMs - b.timestampMs));
    };
    for (const clock of [true, false]) {
      const rows = build(clock);
      const { patterns, templates } = analyse(rows);
      const row = rows.findIndex((r) => r.message.startsWith("ERROR IN"));
      const id = templates.templateOf[row]!;
      expect(patterns.stats.established[id]).toBe(0);
      expect(patterns.stats.clocked[id]).toBe(clock ? 1 : 0);
      expect(patterns.routine[row]).toBe(clock ? 1 : 0);
    }
  });

  it("calls a small service's line routine when it recurs over the whole window, and not one that came late", () => {
    // An updater writes 40 lines in a day of 3,000: the same failure all day, or the same
    // failure only in the last fifth (a new condition, however small its service).
    for (const allDay of [true, false]) {
      const records: LogRecord[] = [];
      for (let i = 0; i < 3000; i++) {
        const updater = allDay ? i % 75 === 10 : i >= 2400 && i % 15 === 7;
        if (updater) records.push(log("ERROR", "auto-refresh: cannot refresh snaps: dial tcp: i/o timeout", "snapd", { timestampMs: i * 1000 }));
        else records.push({ ...requests(1, i)[0]!, timestampMs: i * 1000 });
      }
      const rows = reindex(records);
      const { patterns, templates } = analyse(rows);
      const row = rows.findIndex((r) => r.service === "snapd");
      const id = templates.templateOf[row]!;
      expect(patterns.stats.serviceLogs[id]).toBe(40);
      expect(patterns.stats.established[id]).toBe(allDay ? 1 : 0);
      expect(patterns.routine[row]).toBe(allDay ? 1 : 0);
    }
  });

  it("does not call a small service's line routine when it began a fifth of the way in, however evenly it recurs", () => {
    // A monitor writes a temperature line every 100 lines all day; from 20% of the window on,
    // every 150 lines, a node card overheating: 16 lines, spread evenly to the end.
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const at = { timestampMs: i * 1000 };
      if (i % 100 === 50) records.push(log("WARNING", `node card temperature ${60 + (i % 7)}C`, "MONITOR", at));
      else if (i >= 600 && i % 150 === 0)
        records.push(log("CRITICAL", `node card temperature ${86 + (i % 9)}C above critical threshold 85C, powering off`, "MONITOR", at));
      else records.push({ ...requests(1, i)[0]!, ...at });
    }
    const rows = reindex(records);
    const { patterns } = analyse(rows);
    const hot = rows.findIndex((r) => r.message.includes("above critical"));
    expect(patterns.routine[hot]).toBe(0);
  });

  it("does not call a small service's error routine when it began a third of the way in, however its share", () => {
    // A fares service writes a quote every 25 s all day; from a third of the window on, a new
    // KeyError comes 15 times at uneven gaps to the end: 12% of the service's lines. The empty
    // first third must not set the error's own steady rate (at that rate the gap is likely).
    const rng = createRandom(7);
    const records: LogRecord[] = [];
    const errorsAt = new Set(Array.from({ length: 15 }, (_, k) => 1000 + Math.round(k * 133 + rng.next() * 90)));
    for (let i = 0; i < 3000; i++) {
      const at = { timestampMs: i * 1000 };
      if (errorsAt.has(i)) records.push(log("ERROR", `KeyError: 'tariff_code' in quote for route ${i % 40}`, "fares", at));
      else if (i % 25 === 3) records.push(log("INFO", `quote computed for route ${i % 40} in ${20 + (i % 9)}ms`, "fares", at));
      else records.push({ ...requests(1, i)[0]!, ...at });
    }
    const rows = reindex(records);
    const { patterns, templates, reference } = analyse(rows);
    const error = rows.findIndex((r) => r.message.startsWith("KeyError"));
    const quote = rows.findIndex((r) => r.message.startsWith("quote"));
    expect(patterns.stats.serviceLogs[templates.templateOf[error]!]).toBeGreaterThan(100);
    expect(patterns.stats.established[templates.templateOf[error]!]).toBe(0);
    expect(patterns.routine[error]).toBe(0);
    expect(patterns.stats.established[templates.templateOf[quote]!]).toBe(1);
    // Its own latency baseline asks the whole-window rate alone: an operation that recurs from a
    // third of the way in still has its own usual time.
    const { groupOf } = serviceGroups(rows);
    const times = Float64Array.from(rows, (r) => r.timestampMs);
    const presence = templatePresence(templates, groupOf, reference, times);
    const facts = templateFacts(templates, groupOf, reference, presence, times);
    expect(facts.operations[templates.templateOf[error]!]).toBe(1);
    expect(facts.established[templates.templateOf[error]!]).toBe(0);
  });

  it("does not take the tail of a storm for a steady trickle", () => {
    // A control-stream failure comes in three storms of 20 lines; three lines of the last spill
    // past it. From its first line on, the spill alone would read as a line every few minutes.
    const records: LogRecord[] = [];
    const storms = [460, 1060, 2560];
    for (let i = 0; i < 3000; i++) {
      const at = { timestampMs: i * 1000 };
      const storm = storms.some((s) => i >= s && i < s + 40 && i % 2 === 0) || (i > 2700 && i < 2760 && i % 20 === 10);
      if (storm) records.push(log("CRITICAL", `ciod: failed to read message prefix on control stream (socket to ${i % 64})`, "APP", at));
      else if (i % 5 === 0) records.push(log("INFO", `ciod: generated ${i % 97} core files for program ${i % 13}`, "APP", at));
      else records.push({ ...requests(1, i)[0]!, ...at });
    }
    const rows = reindex(records);
    const { patterns, templates } = analyse(rows);
    const failed = rows.findIndex((r) => r.message.includes("failed to read"));
    expect(patterns.stats.established[templates.templateOf[failed]!]).toBe(0);
    expect(patterns.routine[failed]).toBe(0);
  });

  it("does not call a failure routine when it stops while its service goes on, unless it stops as it ran, in clumps", () => {
    // From the first second, a third of the service's lines fail verification; it stops at
    // three quarters of the window (a key rotated back), or runs to the end. A register dump
    // written in clumps of eight after events every 150 s stops 400 s before the end: hardly
    // longer than between its clumps.
    for (const stops of [true, false]) {
      const rng = createRandom(21);
      const records: LogRecord[] = [];
      for (let i = 0; i < 3000; i++) {
        const at = { timestampMs: i * 1000 };
        if (rng.next() < 1 / 3 && (!stops || i < 2250)) records.push(log("ERROR", "token verification failed: no key found for kid", "profile-api", at));
        else records.push({ ...requests(1, i, "profile-api")[0]!, ...at });
        if (i % 150 === 0 && i <= 2600)
          for (let k = 0; k < 8; k++) records.push(log("CRITICAL", `r15=0x${(i * 7919 + k).toString(16)} r28=0x${k}`, "kernel", { timestampMs: i * 1000 + k }));
        if (i % 10 === 0) records.push(log("INFO", `node card check ${i}`, "kernel", at));
      }
      const rows = reindex(records);
      const { patterns, templates } = analyse(rows);
      const failure = rows.findIndex((r) => r.message.startsWith("token verification"));
      expect(patterns.stats.established[templates.templateOf[failure]!]).toBe(stops ? 0 : 1);
      expect(patterns.routine[failure]).toBe(stops ? 0 : 1);
      const dump = rows.findIndex((r) => r.message.startsWith("r15="));
      expect(patterns.stats.established[templates.templateOf[dump]!]).toBe(1);
    }
  });

  it("ends a failure that is all its service writes when the window writes on without it", () => {
    // A cart client logs only its failed reservations, from the first second; they stop at 85%
    // of the window (the sale over) or run to the end. The cart is then silent while the
    // inventory service writes on.
    for (const stops of [true, false]) {
      const rng = createRandom(22);
      const records: LogRecord[] = [];
      for (let i = 0; i < 3000; i++) {
        const at = { timestampMs: i * 1000 };
        if (rng.next() < 1 / 3 && (!stops || i < 2550)) records.push(log("WARNING", "reserve stock failed, item left in cart unreserved", "cart", at));
        else records.push({ ...requests(1, i, "inventory")[0]!, ...at });
      }
      const rows = reindex(records);
      const { patterns, templates } = analyse(rows);
      const failure = rows.findIndex((r) => r.service === "cart");
      expect(patterns.stats.established[templates.templateOf[failure]!]).toBe(stops ? 0 : 1);
      expect(patterns.routine[failure]).toBe(stops ? 0 : 1);
    }
  });

  it("calls new the failures a service switches to when all it wrote before stops, and not what follows its start-up", () => {
    // A payment bridge logs its authorisations and keepalives, then from some minute only its
    // reconnect timer's failures; a gate controller writes throughout. The control: one more
    // authorisation in the middle, so nothing stopped. The start-up: the bridge's first lines
    // are seven shards opened within three seconds, then its everyday warning.
    for (const kind of ["switch", "control", "start-up"] as const) {
      const records: LogRecord[] = [];
      const minute = 60_000;
      for (let t = 0; t < 64 * minute; t += 7000) records.push(log("INFO", `lane ${(t / 7000) % 4} vehicle exit ${t % 997}`, "gate", { timestampMs: t }));
      if (kind === "start-up")
        for (let k = 0; k < 7; k++) records.push(log("INFO", `opened shard ${k} in ${20 + k} ms`, "bridge", { timestampMs: 1000 + 400 * k }));
      else
        for (let k = 0; k < 7; k++)
          records.push(
            log("INFO", k % 2 ? `keepalive ok rtt ${20 + k} ms` : `authorized payment ref ${900 + k}`, "bridge", { timestampMs: 1000 + 35_000 * k }),
          );
      const failure = kind === "start-up" ? "slow cache get for key" : "reconnect to acquirer failed, attempt";
      for (let t = 4 * minute, k = 1; t < 64 * minute; t += 25_000, k++)
        records.push(log(kind === "start-up" ? "WARNING" : "ERROR", `${failure} ${k}`, "bridge", { timestampMs: t }));
      if (kind === "control") records.push(log("INFO", "authorized payment ref 990", "bridge", { timestampMs: 30 * minute + 1 }));
      records.sort((a, b) => a.timestampMs - b.timestampMs);
      const rows = reindex(records);
      const m = extractFeatures(rows);
      const { groupOf, services } = serviceGroups(rows);
      const reference = chooseReference(m, groupOf, services.length);
      const templates = mineTemplates(rows);
      const times = Float64Array.from(rows, (r) => r.timestampMs);
      const patterns = templateEvidence(templates, groupOf, reference, times, undefined, m.levelSeverity);
      const first = rows.findIndex((r) => r.message.startsWith(failure));
      const id = templates.templateOf[first]!;
      expect(patterns.stats.established[id], kind).toBe(kind === "switch" ? 0 : 1);
      expect(patterns.stats.clocked[id], kind).toBe(kind === "switch" ? 0 : 1);
      expect(patterns.routine[first] === 0, kind).toBe(kind === "switch");
    }
  });

  it("finds a burst of a minute that the span of 100 average lines would dilute", () => {
    // One line a second; auth writes every third, a fifth of those "token refreshed"; then 40
    // refreshes within 25 s.
    const rng = createRandom(12);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = i * 1000;
      if (i % 3 !== 0) records.push({ ...requests(1, i)[0]!, timestampMs: t });
      else if (rng.next() < 0.2) records.push(log("INFO", `token refreshed for client ${i % 7}`, "auth", { timestampMs: t }));
      else records.push(log("INFO", `session ${i} validated`, "auth", { timestampMs: t }));
    }
    for (let k = 0; k < 40; k++) records.push(log("INFO", `token refreshed for client ${k % 7}`, "auth", { timestampMs: 2_000_000 + 600 * k + 300 }));
    const rows = reindex(records.sort((a, b) => a.timestampMs - b.timestampMs));
    const { patterns } = analyse(rows);
    const inBurst = rows.findIndex((r) => r.timestampMs === 2_000_000 + 600 * 20 + 300);
    expect(patterns.burst[inBurst]).toBeGreaterThan(0.7);
    const before = rows.findIndex((r) => r.timestampMs < 1_500_000 && r.message.startsWith("token"));
    expect(patterns.burst[before]).toBe(0);
  });

  it("does not call a burst of a service's only message a burst of that message: the service is busier", () => {
    const rng = createRandom(9);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const burst = i >= 2000 && i < 2060;
      if (burst || rng.next() < 0.02) records.push(log("WARNING", `Cannot open channel to ${i % 3} at election address 10.0.0.${i % 3}`, "quorum"));
      else records.push(requests(1, i)[0]!);
    }
    const { patterns } = analyse(reindex(records));
    for (let i = 2000; i < 2060; i++) expect(patterns.burst[i]).toBe(0);
  });

  it("does not call a job that always logs in batches a burst", () => {
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) records.push(i % 300 < 15 ? log("INFO", `Saved output of task ${i}`, "spark") : requests(1, i)[0]!);
    const { patterns } = analyse(reindex(records));
    for (let i = 0; i < 3000; i++) expect(patterns.burst[i]).toBeLessThan(0.5);
  });

  it("takes a frequent template whose first line comes a little late for a steady one, and a late start for a new one", () => {
    // One line in sixteen all window long, the first only after 80 lines: a 1% gap for a steady
    // template, and no reason to think it began within the window.
    const records = requests(4000);
    for (let i = 80; i < 4000; i += 16) records.splice(i, 0, log("CRITICAL", `SMTP relay greylisted message ${i}, will retry in 300s`, "api"));
    // The same rate from a tenth of the window on: it began then.
    for (let i = 500; i < 4000; i += 16) records.splice(i + 3, 0, log("ERROR", `Ledger write rejected for batch ${i}`, "api"));
    const rows = reindex(records);
    const { patterns, templates } = analyse(rows);
    const greylisted = rows.findIndex((r) => r.message.includes("greylisted"));
    const rejected = rows.findIndex((r) => r.message.includes("rejected"));
    expect(patterns.stats.established[templates.templateOf[greylisted]!]).toBe(1);
    expect(patterns.stats.established[templates.templateOf[rejected]!]).toBe(0);
  });

  it("marks a template new when it appears mid-window, and routine only when common in its service", () => {
    const records = requests(2000);
    for (let k = 0; k < 15; k++) records.splice(1200 + 40 * k, 0, log("INFO", `Order ${k} split into 2 shipments by fallback planner`, "api"));
    // Two at a time in every other part of the window: spread over it, not in every part of it.
    for (let k = 0; k < 20; k++)
      records.splice(50 + 200 * (k >> 1) + 10 * (k & 1), 0, log("ERROR", `Failed to send email for order ${k}: mailbox full`, "api"));
    const rows = reindex(records);
    const { patterns, templates } = analyse(rows);
    const split = rows.findIndex((r) => r.message.includes("fallback planner"));
    const email = rows.findIndex((r) => r.message.includes("mailbox full"));
    const request = rows.findIndex((r) => r.message.startsWith("GET"));
    expect(patterns.novelty[split]).toBeGreaterThan(0.9);
    expect(patterns.routine[split]).toBe(0);
    expect(patterns.stats.established[templates.templateOf[split]!]).toBe(0);
    // Spread over the window but 1% of the service's lines: established, rare, not routine.
    expect(patterns.novelty[email]).toBe(0);
    expect(patterns.stats.established[templates.templateOf[email]!]).toBe(1);
    expect(patterns.routine[email]).toBe(0);
    expect(patterns.stats.rarity[templates.templateOf[email]!]).toBeGreaterThan(0.9);
    expect(patterns.routine[request]).toBe(1);
    expect(patterns.stats.history[templates.templateOf[split]!]).toBeGreaterThan(1000);
  });

  it("takes rarity away from a template written in nearly every part of the window, whatever its share", () => {
    const records = requests(2000);
    // A long status line every 50 logs (2% of the service, in every bin), and a dozen odd lines
    // scattered at random (in at most twelve of the twenty bins).
    for (let k = 0; k < 40; k++) records.splice(50 * k + 7, 0, log("INFO", `pool status: ${"worker=idle ".repeat(12)}queue=${k}`, "api"));
    const rng = createRandom(11);
    for (let k = 0; k < 12; k++)
      records.splice(Math.floor(rng.next() * 2000), 0, log("INFO", `SELECT id FROM orders WHERE id IN (${"1,".repeat(60)}${k})`, "api"));
    const rows = reindex(records);
    const { patterns, templates } = analyse(rows);
    const status = templates.templateOf[rows.findIndex((r) => r.message.startsWith("pool status"))]!;
    const query = templates.templateOf[rows.findIndex((r) => r.message.startsWith("SELECT"))]!;
    expect(patterns.stats.rarity[status]).toBe(0);
    expect(patterns.stats.rarity[query]).toBeGreaterThan(0.9);
  });

  it("calls a template periodic when its gaps are regular, and takes its rarity away", () => {
    const records = requests(3000).map((r, i) => ({ ...r, timestampMs: i * 1000 }));
    for (let k = 0; k < 6; k++) records.splice(400 * k + 100, 0, log("INFO", "Purged expired sessions", "api", { timestampMs: (400 * k + 100) * 1000 }));
    for (let k = 0; k < 6; k++)
      records.splice(
        [90, 700, 820, 1500, 2300, 2390][k]!,
        0,
        log("INFO", "Token cache rebuilt", "api", { timestampMs: [90, 700, 820, 1500, 2300, 2390][k]! * 1000 }),
      );
    const rows = reindex(records.sort((a, b) => a.timestampMs - b.timestampMs));
    const { patterns, templates } = analyse(rows);
    const purge = templates.templateOf[rows.findIndex((r) => r.message.startsWith("Purged"))]!;
    const token = templates.templateOf[rows.findIndex((r) => r.message.startsWith("Token"))]!;
    expect(patterns.stats.periodic[purge]).toBe(1);
    expect(patterns.stats.rarity[purge]).toBe(0);
    expect(patterns.stats.periodic[token]).toBe(0);
    expect(patterns.stats.rarity[token]).toBe(1);
  });

  it("calls a timer with a few percent of jitter periodic, and a dozen lines spread one to each stretch of the window not", () => {
    // Seconds into a 3,000 s window: a timer every 250 s, a few seconds early or late; and an odd
    // line written a dozen times, once in each twelfth of the window at no set point of it (the
    // gaps' coefficient of variation 0.24, within what a timer's was allowed before).
    const timer = [0, 255, 492, 752, 1008, 1245, 1500, 1755, 1998, 2258, 2492, 2752];
    const spread = [125, 325, 675, 862, 1150, 1338, 1662, 1875, 2075, 2400, 2600, 2888];
    const records = requests(3000).map((r, i) => ({ ...r, timestampMs: i * 1000 }));
    for (const t of timer) records.push(log("INFO", "Purged expired sessions", "api", { timestampMs: t * 1000 + 500 }));
    for (const t of spread) records.push(log("INFO", `cart snapshot before checkout: ${"{sku: 1} ".repeat(80)}`, "api", { timestampMs: t * 1000 + 500 }));
    const rows = reindex(records.sort((a, b) => a.timestampMs - b.timestampMs));
    const { patterns, templates } = analyse(rows);
    const purge = templates.templateOf[rows.findIndex((r) => r.message.startsWith("Purged"))]!;
    const dump = templates.templateOf[rows.findIndex((r) => r.message.startsWith("cart snapshot"))]!;
    expect(patterns.stats.periodic[purge]).toBe(1);
    expect(patterns.stats.periodic[dump]).toBe(0);
    expect(patterns.stats.rarity[dump]).toBe(1);
  });
});
