// Decoy: an orchard frost-protection radio gateway logs "checksum failed, frame dropped" at ERR
// for every corrupted frame of its noisy LoRa link, all night every night. The incident: the
// historian's WAL volume hits its quota; writes fail, points back up in memory, then flush.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, pyTime, journald, MIN, HOUR, type Rec } from "./util.js";

export default function s05(seed: number): Scenario {
  const r = makeRng(seed, "s05-orchard-frost-gateway-checksum-drops");
  const tl = new Timeline();
  const start = Date.UTC(2026, 3, 2, 23, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 4 * HOUR;
  const gws = ["orchard-gw-1", "orchard-gw-2"];

  // Dominant everyday message (journald, PRIORITY 3)
  poisson(r, start, end, 6500, (t) =>
    tl.add(
      t,
      journald(t, r.pick(gws), "frostlink-gw", 3, "checksum failed, frame dropped", {
        _PID: "812",
        CHANNEL: String(r.pick([0, 1, 2, 3, 4, 5, 6, 7])),
        RSSI: String(-r.int(108, 124)),
        SNR: String(r.int(-14, -4)),
      }),
    ),
  );
  for (const gw of gws) {
    every(r, start, end, 2 * MIN, (t) => {
      const rx = r.int(20, 28);
      const bad = r.int(7, 12);
      tl.add(t, journald(t, gw, "frostlink-gw", 6, `link stats: rx=${rx} ok=${rx - bad} crc_fail=${bad}`, { _PID: "812" }));
    });
  }
  poisson(r, start, end, 10 * MIN, (t) =>
    tl.add(t, journald(t, r.pick(gws), "frostlink-gw", 4, `node ${r.int(10, 40)} missed 2 consecutive reports`, { _PID: "812" })),
  );

  // frost-controller (python-json-logger): every zone once a minute
  for (let z = 1; z <= 6; z++) {
    every(r, start, end, MIN, (t, i) => {
      const air = Math.round((2.6 - (i / 240) * 1.2 + r.norm() * 0.2) * 10) / 10;
      tl.add(t, {
        asctime: pyTime(t),
        levelname: "INFO",
        name: "frost.controller",
        service: "frost-controller",
        host: "farm-ctl-01",
        message: `zone ${z} reading: air ${air}C, fans idle`,
        zone: z,
        air_c: air,
        duration_ms: r.lat(6),
      });
    });
  }

  // historian (logrus JSON): batch every 20 s. WAL quota hit from +160 min for ~6 min.
  const qA = start + 160 * MIN + r.int(0, 60_000);
  const qB = qA + 6 * MIN;
  const lr = (t: number, level: string, msg: string, extra: Rec): Rec => ({ level, msg, time: iso(t), service: "historian", host: "farm-ctl-01", ...extra });
  let backlog = 0;
  every(r, start, end, 20_000, (t) => {
    if (t >= qA && t < qB) {
      const seg = r.int(410, 415);
      tl.add(
        t,
        lr(t, "error", "write failed: disk quota exceeded", { error: `write /var/lib/historian/wal/000${seg}.seg: disk quota exceeded`, points: 960 }),
        "error",
      );
      backlog += r.int(900, 1000);
      tl.add(t + 3, lr(t + 3, "warning", "buffering points in memory", { backlog_points: backlog }), "performance");
      return;
    }
    if (backlog > 0) {
      tl.add(t, lr(t, "info", "wal segment compaction freed space", { freed: "2.1GiB" }), "pattern");
      tl.add(t + 5, lr(t + 5, "info", "backlog flushed", { points: backlog, duration_ms: r.int(3800, 4600) }), "performance");
      backlog = 0;
      return;
    }
    tl.add(t, lr(t, "info", "batch written", { points: r.int(900, 1000), duration_ms: r.lat(35) }));
  });

  return tl.build(
    "s05-orchard-frost-gateway-checksum-drops",
    "Radio gateway drops ~40% of frames on CRC at ERR all night (everyday); historian WAL hits its disk quota for ~6 minutes.",
  );
}
