import { baseTime, between, chance, DAY, epochS, HOUR, hex, int, iso, type Label, MIN, pick, poisson, round, rngFor, SEC, Sink } from "./lib.js";
import type { Scenario } from "./types.js";

const KEYS: [string, string][] = [
  ["checkout.split_tender", "payments"],
  ["search.semantic_rerank", "discovery"],
  ["basket.save_for_later", "basket"],
  ["checkout.address_autocomplete", "payments"],
  ["pdp.size_advisor", "catalog"],
  ["home.hero_personalisation", "discovery"],
  ["orders.self_serve_returns", "post-purchase"],
  ["basket.bundle_discounts", "basket"],
  ["account.passkey_login", "identity"],
  ["search.typo_tolerance_v2", "discovery"],
  ["pdp.video_gallery", "catalog"],
  ["orders.delivery_slot_swap", "post-purchase"],
  ["pricing.per_user_overrides", "pricing"],
  ["account.marketing_prefs_center", "identity"],
];

export function flagwardenEvalCacheSqueeze(seed: number): Scenario {
  const name = "flagwarden-eval-cache-squeeze";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 7, 14, 7);
  const span = 10 * HOUR;
  const end = start + span;
  const overridesAt = start + 0.64 * span;
  const squeeze = start + 0.72 * span + between(r, 0, 10) * MIN;
  const pod = `flagwarden-${hex(r, 9)}-${hex(r, 5)}`;
  const zlog = (t: number, level: string, caller: string, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    s.add(t, { level, ts: epochS(t), logger: "flagwarden", caller, msg, pod, ...extra }, label);
  const heapAt = (t: number) => (t < squeeze ? between(r, 52, 68) : Math.min(97.5, 87 + ((t - squeeze) / (end - squeeze)) * 10 + between(r, -0.8, 0.8)));
  let shed = 0;
  let gcStall = 0;
  for (let t = start + between(r, 0, 60) * SEC; t < end; t += 2 * MIN + between(r, -5, 5) * SEC) {
    const heap = heapAt(t);
    zlog(t, "info", "store/snapshot.go:142", "snapshot persisted", { flags: int(r, 180, 240), heap_used_pct: round(heap, 1) }, heap >= 88 ? "memory" : null);
    if (t > squeeze && shed < 34 && chance(r, 0.8)) {
      shed++;
      zlog(
        t + between(r, 5, 40) * SEC,
        "info",
        "eval/cache.go:311",
        "evaluation cache above soft ceiling, shedding cold segments",
        { heap_used_pct: round(heap + 0.4, 1), segments_dropped: int(r, 2, 14) },
        "memory",
      );
    }
    if (t > squeeze + 25 * MIN && gcStall < 12 && chance(r, 0.3)) {
      gcStall++;
      zlog(
        t + between(r, 40, 100) * SEC,
        "info",
        "eval/server.go:97",
        "evaluations queued behind GC assist",
        { queued: int(r, 300, 2400), wait_ms: int(r, 700, 2600) },
        "performance",
      );
    }
  }
  KEYS.forEach(([key, ns], k) => {
    const first =
      key === "pricing.per_user_overrides"
        ? overridesAt
        : k < 4
          ? start + between(r, 0, 25) * MIN
          : start + ((k - 3) / KEYS.length) * 0.85 * span + between(r, -10, 10) * MIN;
    zlog(first, "info", "sync/watcher.go:88", `watching new key ${key} in namespace ${ns}`, { revision: int(r, 1, 9) });
    let pct = pick(r, [1, 5, 10]);
    for (let t = first + between(r, 2, 10) * MIN; t < end; t += between(r, 12, 40) * MIN) {
      if (chance(r, 0.35) && pct < 100) {
        pct = Math.min(100, pct * 2);
        zlog(t, "info", "rollout/stepper.go:54", `${key} rollout stepped to ${pct}%`, { namespace: ns });
      } else
        zlog(t, "info", "eval/stats.go:73", `${key} evaluated for ${int(r, 40, 900)} clients in the last interval`, { namespace: ns, variants: int(r, 2, 4) });
    }
  });
  zlog(overridesAt + 4 * MIN, "info", "targeting/index.go:201", "targeting index for pricing.per_user_overrides built", { entries: int(r, 1800000, 2300000) });
  // basket-gateway: Go slog, flag lookups inline with requests
  const gw = `basket-gateway-${hex(r, 5)}`;
  let deadline = 0;
  poisson(r, start, end, 11 * SEC, (t) => {
    const hurt = t > squeeze + 15 * MIN && chance(r, 0.16);
    const ms = hurt ? between(r, 450, 2600) : between(r, 8, 70);
    if (hurt && deadline < 8 && chance(r, 0.25)) {
      deadline++;
      s.add(
        t,
        {
          time: iso(t),
          level: "WARN",
          msg: "flag evaluation deadline exceeded, serving defaults",
          service: "basket-gateway",
          instance: gw,
          flag_client: "openfeature-go",
          timeout_ms: 500,
        },
        "performance",
      );
      return;
    }
    s.add(
      t,
      {
        time: iso(t),
        level: "INFO",
        msg: "request completed",
        service: "basket-gateway",
        instance: gw,
        method: pick(r, ["GET", "GET", "POST"]),
        path: pick(r, ["/basket", "/basket/items", "/basket/summary", "/basket/promotions"]),
        status: 200,
        duration_ms: round(ms, 2),
      },
      hurt ? "performance" : null,
    );
  });
  return s.build(
    name,
    "A feature-flag service that logs every new key and its rollouts; a per-user override key balloons the evaluation cache and heap rises into the high 90s, seen as INFO shedding/GC lines and slow basket requests",
  );
}

const RACKS_OLD = ["R00", "R01", "R02", "R10", "R11", "R12", "R20", "R21", "R23"];
const loc = (r: () => number, rack: string) => `${rack}-M${int(r, 0, 1)}-N${String(int(r, 0, 15)).padStart(2, "0")}-J${String(int(r, 0, 31)).padStart(2, "0")}`;

export function rasTorusRetrainWeeks(seed: number): Scenario {
  const name = "ras-torus-retrain-weeks";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 3, 3, 0);
  const span = 21 * DAY;
  const end = start + span;
  const probFrom = end - between(r, 3.2, 3.8) * DAY;
  const bad = `R23-M1-N${String(int(r, 0, 15)).padStart(2, "0")}`;
  const slog = (t: number, program: string, severity: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    s.add(
      t,
      {
        timestamp: iso(t),
        host: program === "rasd" ? "bgq-sn1" : pick(r, ["bgq-sn1", "bgq-fen2"]),
        program,
        pid: program === "rasd" ? 4121 : int(r, 2000, 30000),
        facility: "local4",
        severity,
        message,
        ...extra,
      },
      label,
    );
  // rasd: routine RAS vocabulary, new families arrive with rack commissioning and firmware rollouts
  const families: { from: number; gap: number; make: () => [string, string, Record<string, unknown>] }[] = [
    { from: 0, gap: 40, make: () => ["info", `block ${pick(r, RACKS_OLD)}-M${int(r, 0, 1)} booted in ${int(r, 140, 260)}s`, { msg_id: "00040037" }] },
    {
      from: 0,
      gap: 55,
      make: () => ["info", `job ${int(r, 40000, 59999)} completed on block ${pick(r, RACKS_OLD)}-M${int(r, 0, 1)}, exit status 0`, { msg_id: "00040102" }],
    },
    { from: 0, gap: 180, make: () => ["info", `coolant monitor ${pick(r, RACKS_OLD)}-L${int(r, 0, 3)} flow nominal`, { msg_id: "00090201" }] },
    {
      from: 0,
      gap: 300,
      make: () => ["warning", `fan speed deviation on ${pick(r, RACKS_OLD)}-B power module, within tolerance after reset`, { msg_id: "00090105" }],
    },
    { from: 0.2, gap: 240, make: () => ["info", `rack R3${int(r, 0, 1)} power-on self test sequence completed`, { msg_id: "000A0001" }] },
    {
      from: 0.24,
      gap: 260,
      make: () => ["info", `service action SA-${int(r, 1000, 9999)} closed for R3${int(r, 0, 1)}-M${int(r, 0, 1)}`, { msg_id: "000A0010" }],
    },
    { from: 0.33, gap: 200, make: () => ["info", `BQL firmware 2.4.1 loaded link calibration table on ${loc(r, pick(r, RACKS_OLD))}`, { msg_id: "00061000" }] },
    {
      from: 0.41,
      gap: 320,
      make: () => [
        "info",
        `diagnostics bucket ${pick(r, ["memory", "torus", "pcie"])} run ${int(r, 100, 999)} passed on R3${int(r, 0, 1)}`,
        { msg_id: "000B0020" },
      ],
    },
    { from: 0.5, gap: 150, make: () => ["info", `block R3${int(r, 0, 1)}-M${int(r, 0, 1)} booted in ${int(r, 140, 260)}s`, { msg_id: "00040037" }] },
    { from: 0.57, gap: 280, make: () => ["info", `environmental sweep stored ${int(r, 4000, 9000)} sensor readings`, { msg_id: "00090300" }] },
    {
      from: 0.66,
      gap: 360,
      make: () => ["notice", `BQC firmware 1.7.0 staged for ${pick(r, RACKS_OLD)}, activation at next block boot`, { msg_id: "00061020" }],
    },
    { from: 0.72, gap: 330, make: () => ["info", `optical module ${loc(r, pick(r, RACKS_OLD))} power budget re-baselined`, { msg_id: "00061033" }] },
  ];
  for (const f of families)
    poisson(r, start + f.from * span, end, f.gap * MIN, (t) => {
      const [sev, msg, extra] = f.make();
      slog(t, "rasd", sev, msg, extra);
    });
  // other programs on the service nodes
  poisson(r, start, end, 28 * MIN, (t) =>
    slog(
      t,
      "sshd",
      "info",
      `Accepted publickey for ${pick(r, ["svcadm", "rjones", "mkaur", "bgqops"])} from 10.1.${int(r, 0, 9)}.${int(r, 2, 250)} port ${int(r, 30000, 65000)} ssh2`,
    ),
  );
  poisson(r, start, end, 35 * MIN, (t) =>
    slog(t, "mmcs_server", "info", `allocated block ${pick(r, RACKS_OLD)}-M${int(r, 0, 1)} for user ${pick(r, ["cfd", "qcd", "climate", "genomics"])}`),
  );
  // the failing node board
  let retrains = 0;
  let ecc = 0;
  poisson(r, probFrom, end, 2.3 * HOUR, (t) => {
    if (retrains < 36) {
      retrains++;
      slog(
        t,
        "rasd",
        "notice",
        `torus link ${bad} port ${pick(r, ["A1", "B2", "C3", "D1"])} retrained; lane width now 2 of 4`,
        { msg_id: "00061044", location: bad },
        "pattern",
      );
    }
    if (chance(r, 0.45) && ecc < 18) {
      ecc++;
      slog(
        t + between(r, 1, 40) * MIN,
        "rasd",
        "info",
        `DDR correctable error count ${int(r, 1100, 4800)} on ${bad}-J${String(int(r, 4, 11)).padStart(2, "0")} over reporting threshold`,
        { msg_id: "00080014", location: bad },
        "memory",
      );
    }
    if (chance(r, 0.12))
      slog(
        t + between(r, 10, 50) * MIN,
        "mmcs_server",
        "warning",
        `job ${int(r, 50000, 59999)} on block R23-M1 running ${round(between(r, 2.6, 4.1), 1)}x its expected wall time`,
        { location: "R23-M1" },
        "performance",
      );
  });
  for (let i = 0; i < 3; i++) {
    const t = probFrom + between(r, 0.4, 0.98) * (end - probFrom);
    slog(
      t,
      "rasd",
      "crit",
      `node board ${bad} unresponsive; block R23-M1 freed and job ${int(r, 50000, 59999)} terminated`,
      { msg_id: "00062001", location: bad },
      "error",
    );
  }
  return s.build(
    name,
    "Three weeks of sampled BG/Q-style RAS syslog; rack commissioning and firmware rollouts keep adding message families; in the last days one node board's torus links keep retraining and its DIMMs report correctable errors at NOTICE/INFO, ending in board failures",
  );
}
