// Satellite TV conditional access, about four hours. ERROR and CRITICAL are everyday here: access-criteria misses,
// region-mismatched pairings, blacklisted pirate cards and rain fade on the downlink monitor. Twelve times in the
// window (every 20 minutes) the entitlement manager writes a 600-1,500 character snapshot line and the scrambler a
// multi-line pipe table: long, odd-looking, routine INFO lines (null). The one real alert is small: for well under
// a minute an HSM key slot goes invalid, control words are reused and two ECMs come out slow, then the slot is
// reloaded from the backup token.
//
// Producers: entitlement-manager (logback JSON), ecm-generator (Rust tracing JSON), smartcard-pairing (Serilog
// compact JSON), uplink-scrambler (journald JSON).
// Healthy bands (median; healthy values stay within 3x of it): ecm-generator "ECM generated" 4 ms (elapsed_ms),
// smartcard-pairing "Pairing request accepted" 90 ms (Elapsed).
// Routine noise (null): unknown access criteria (ERROR), region mismatch (Error), blacklisted cards (Fatal), rain fade
// (journald priority 2), EMM retries (WARN), the snapshot and CW-table lines.
// Labelled: HSM key slot errors (error), control-word reuse (pattern), slow ECMs (performance), slot reload (pattern).
import { arrivals, epochUs, HOUR, isoMicro, isoOffset, isoTicks, LogBook, type Log, MIN } from "./rng.js";
import { pad2, Rng, round, SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

const TIERS = ["BASIC", "FAMILY", "MOVIES", "SPORTS", "SPORTS-HD", "KIDS", "DOCS", "MUSIC", "ADULT", "PPV", "UHD"];
const REGIONS = ["UK-SOUTH", "UK-NORTH", "IE", "NL", "BE-FL", "BE-WA", "DK", "NO", "SE", "FI", "PL", "CZ"];

export function satelliteCasRoutineNoise(seed: number): Scenario {
  const r = new Rng(seed, 505);
  const t0 = startOf(r);
  const end = t0 + 4 * HOUR;
  const book = new LogBook();
  const groups = Array.from({ length: 24 }, (_, i) => `SG-${pad2(i + 1)}`);
  const badGroup = r.pick(groups);
  const slot = r.int(3, 12);
  const emmHost = r.pod("entitlement-manager");
  const card = (): string => `0x${r.hex(8).toUpperCase()}`;
  let period = r.int(4_000, 9_000);

  const logback = (level: string, logger: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `emm-sender-${r.int(1, 4)}`,
    level,
    level_value: level === "WARN" ? 30000 : 20000,
    app: "entitlement-manager",
    host: emmHost,
    ...extra,
  });
  const tracing = (level: string, message: string, fields: Log) => (t: number) => ({
    timestamp: isoMicro(t),
    level,
    fields: { message, ...fields },
    target: "ecm_generator::crypto_period",
    threadName: `ecm-${r.int(0, 3)}`,
  });
  const clef = (level: string | null, template: string, props: Log) => (t: number) => ({
    "@t": isoTicks(t),
    "@mt": template,
    ...(level === null ? {} : { "@l": level }),
    ...props,
    SourceContext: "Cas.Pairing.PairingHandler",
    Application: "smartcard-pairing",
  });
  const journald = (priority: string, message: string) => (t: number) => ({
    __REALTIME_TIMESTAMP: epochUs(t),
    _HOSTNAME: "uplink-scr-1",
    PRIORITY: priority,
    SYSLOG_IDENTIFIER: "uplink-scrambler",
    _PID: "2211",
    _SYSTEMD_UNIT: "uplink-scrambler.service",
    MESSAGE: message,
  });

  // Entitlement manager: EMM batches, and the twelve long snapshots.
  for (const t of arrivals(r, t0, end, 1)) {
    const msg = `EMM batch sent to ${r.int(200, 40_000)} smartcards for package ${r.pick(TIERS)}`;
    book.add(t, null, logback("INFO", "tv.cas.emm.EmmDispatcher", msg, { batchId: r.uuid() }));
  }
  for (const t of arrivals(r, t0, end, 0.12)) {
    const msg = `EMM batch ${r.uuid()} acknowledged by only ${r.int(90, 98)}% of headends, scheduling retry`;
    book.add(t, null, logback("WARN", "tv.cas.emm.EmmDispatcher", msg, {}));
  }
  for (const t of ticks(r, t0 + r.int(2, 15) * MIN, t0 + 4 * HOUR, 20 * MIN, 0.01)) {
    const target = r.int(650, 1_400);
    const region = r.pick(REGIONS);
    let msg = `Entitlement snapshot region=${region} generatedAt=${new Date(t).toISOString()} tiers=[`;
    msg += TIERS.map((tier) => `${tier}:${r.int(1_000, 900_000)}`).join(", ");
    msg += "] perRegionActive={";
    const parts: string[] = [];
    for (let i = 0; msg.length + parts.join(", ").length < target - 80; i++) {
      const reg = REGIONS[i % REGIONS.length] ?? "UK-SOUTH";
      parts.push(`${reg}/${TIERS[i % TIERS.length]}=${r.int(100, 300_000)}`);
    }
    msg += `${parts.join(", ")}} pendingEmms=${r.int(0, 5_000)} revokedToday=${r.int(0, 900)}`;
    book.add(t, null, logback("INFO", "tv.cas.entitlement.SnapshotJob", msg.slice(0, 1_500), {}));
  }

  // ECM generation, sampled: one line per crypto-period of a rotating service group.
  for (const t of arrivals(r, t0, end, 1.6)) {
    const ms = r.healthy(4);
    book.add(
      t,
      null,
      tracing("INFO", "ECM generated", {
        service_group: r.pick(groups),
        crypto_period: period++,
        parity: period % 2 === 0 ? "even" : "odd",
        elapsed_ms: round(ms, 2),
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.3)) {
    const sid = r.int(1_000, 9_999);
    const msg = `ECM request for service_id=${sid} with unknown access criteria 0x${r.hex(2)}, default applied`;
    book.add(t, null, tracing("ERROR", msg, {}));
  }

  // Smartcard pairing.
  for (const t of arrivals(r, t0, end, 1.5)) {
    const ms = r.healthy(90);
    const tpl = "Pairing request for card {CardId} and STB {StbId} accepted in {Elapsed:0.00} ms";
    book.add(t, null, clef(null, tpl, { CardId: card(), StbId: `STB${r.digits(10)}`, Elapsed: round(ms, 2) }));
  }
  for (const t of arrivals(r, t0, end, 0.2)) {
    const tpl = "Pairing request rejected: card {CardId} region {CardRegion} does not match STB region {StbRegion}";
    const props = { CardId: card(), CardRegion: r.pick(REGIONS), StbRegion: r.pick(REGIONS) };
    book.add(t, null, clef("Error", tpl, props));
  }
  for (const t of arrivals(r, t0, end, 0.1)) {
    const tpl = "Blacklisted card {CardId} presented for pairing from {Ip}, refused";
    book.add(t, null, clef("Fatal", tpl, { CardId: card(), Ip: r.ip() }));
  }

  // Uplink scrambler: sync lines, the twelve CW tables, rain fade.
  for (const t of ticks(r, t0 + r.int(0, 60) * SEC, end, 2 * MIN)) {
    book.add(t, null, journald("6", `scrambler sync ok: ${groups.length} service groups, ${r.int(180, 220)} services`));
  }
  for (const t of ticks(r, t0 + r.int(4, 15) * MIN, t0 + 4 * HOUR, 20 * MIN, 0.01)) {
    const rows = groups.slice(0, r.int(13, 20)).map((g) => {
      const parity = r.chance(0.5) ? "odd " : "even";
      return `| ${g} | ${parity} | ${r.int(4_000, 9_999)} | ${r.hex(8)}...${r.hex(4)} |`;
    });
    const head = ["CW schedule table", "| group | parity | period | cw digest |", "|-------|--------|--------|------|"];
    const msg = [...head, ...rows].join("\n");
    book.add(t, null, journald("6", msg));
  }
  for (const t of arrivals(r, t0, end, 0.06)) {
    const ebno = round(r.float(3.1, 4.4), 1);
    const ghz = `11.${r.int(700, 950)}`;
    book.add(t, null, journald("2", `rain fade on downlink monitor ${ghz} GHz: Eb/N0 ${ebno} dB below 4.5 dB`));
  }

  // The real alert: well under a minute of a bad HSM key slot.
  const a = t0 + 4 * HOUR * r.float(0.45, 0.75);
  const keyErr = `HSM key slot ${slot} returned CKR_KEY_HANDLE_INVALID while deriving control word for ${badGroup}`;
  const reuse = (p: number) => tracing("WARN", `crypto-period ${p} for ${badGroup} reused previous control word`, {});
  const badPeriod = r.int(10_000, 20_000);
  book.add(a, "error", tracing("ERROR", keyErr, { slot }));
  book.add(a + 600, "pattern", reuse(badPeriod));
  book.add(a + 10 * SEC, "error", tracing("ERROR", keyErr, { slot }));
  book.add(a + 10 * SEC + 600, "pattern", reuse(badPeriod + 1));
  book.add(a + 20 * SEC, "error", tracing("ERROR", keyErr, { slot }));
  book.add(a + 27 * SEC, "pattern", tracing("INFO", `HSM key slot ${slot} reloaded from backup token`, { slot }));
  for (const [k, dt] of [28, 38].entries()) {
    book.add(
      a + dt * SEC,
      "performance",
      tracing("INFO", "ECM generated", {
        service_group: badGroup,
        crypto_period: badPeriod + 2 + k,
        parity: k === 0 ? "even" : "odd",
        elapsed_ms: round(r.slow(4, 8, 25), 2),
      }),
    );
  }

  return {
    name: "satellite-cas-routine-noise",
    description: "Satellite CAS with everyday ERROR/CRITICAL and long routine INFO dumps; a brief HSM key-slot fault",
    ...book.build(),
  };
}
