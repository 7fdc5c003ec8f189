import { baseTime, between, chance, hex, int, iso, type Label, MIN, pick, poisson, round, rngFor, SEC, Sink } from "./lib.js";
import type { Scenario } from "./types.js";

/** Lines the curriculum adds at a given epoch; each then recurs every epoch after it. */
const CURRICULUM: { epoch: number; lines: ((e: number) => string)[] }[] = [
  { epoch: 0, lines: [(e) => `epoch ${e} val/loss computed over held-out shards`, (e) => `epoch ${e} val/top1 updated`] },
  { epoch: 3, lines: [(e) => `epoch ${e} val/mAP_small tracked for objects under 32px`] },
  { epoch: 6, lines: [(e) => `epoch ${e} mosaic augmentation sampling 4-image tiles`, () => "EMA weights swapped in for evaluation"] },
  { epoch: 9, lines: [(e) => `epoch ${e} multi-scale stage active, input side drawn from 480-800`] },
  { epoch: 12, lines: [() => "label smoothing schedule advanced", (e) => `epoch ${e} val/recall_at_100 tracked`] },
  { epoch: 16, lines: [(e) => `epoch ${e} hard-negative mining pass refreshed the replay pool`] },
  { epoch: 20, lines: [() => "copy-paste augmentation enabled for rare classes", (e) => `epoch ${e} per-class AP table written to run dir`] },
];

export function trainerHostmemPrefetchShrink(seed: number): Scenario {
  const name = "trainer-hostmem-prefetch-shrink";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 5, 12, 20);
  const epochMs = between(r, 21, 24) * MIN;
  const epochs = 30;
  const leakEpoch = 23;
  const killEpoch = 28;
  const end = start + epochs * epochMs;
  const runId = `run-${hex(r, 8)}`;
  const log = (t: number, level: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    s.add(t, { timestamp: iso(t), level, logger: "vision_trainer", message, run_id: runId, rank: 0, ...extra }, label);
  let step = 0;
  let shrink = 0;
  let starve = 0;
  for (let e = 0; e < epochs; e++) {
    const e0 = start + e * epochMs;
    log(e0, "INFO", `starting epoch ${e}`, { epoch: e });
    const leak = e >= leakEpoch && e < killEpoch ? (e - leakEpoch + 1) / (killEpoch - leakEpoch) : 0;
    for (let t = e0 + 20 * SEC; t < e0 + epochMs - 90 * SEC; t += between(r, 18, 26) * SEC) {
      step += 50;
      const slow = leak > 0 && chance(r, 0.2 + leak * 0.5);
      const stepMs = slow ? between(r, 2800, 5200) : between(r, 610, 720);
      log(
        t,
        "INFO",
        "train progress",
        {
          epoch: e,
          step,
          loss: round(between(r, 0.3, 0.5) * Math.exp(-e / 25), 4),
          lr: round(3e-4 * Math.cos((e / epochs) * 1.5), 7),
          step_time_ms: round(stepMs, 1),
        },
        slow ? "performance" : null,
      );
      if (slow && starve < 40 && chance(r, 0.35)) {
        starve++;
        log(
          t + between(r, 1, 8) * SEC,
          "INFO",
          "waited on dataloader before next batch",
          { epoch: e, step, wait_s: round(between(r, 2.4, 4.6), 2) },
          "performance",
        );
      }
    }
    if (leak > 0 && e < killEpoch) {
      for (let i = 0; i < 2 + Math.floor(leak * 3) && shrink < 20; i++) {
        shrink++;
        const pct = 91 + leak * 6 + between(r, -0.5, 0.5);
        log(
          e0 + between(r, 60, epochMs / SEC - 120) * SEC,
          "INFO",
          `host memory ${round(pct, 1)}% used, lowering dataloader prefetch_factor`,
          { epoch: e, prefetch_factor: Math.max(1, 4 - i) },
          "memory",
        );
      }
    }
    const ev = e0 + epochMs - 80 * SEC;
    for (const c of CURRICULUM)
      if (e >= c.epoch) for (const line of c.lines) log(ev + between(r, 0, 60) * SEC, "INFO", line(e), { epoch: e, value: round(r(), 4) });
    log(ev + 70 * SEC, "INFO", `saved checkpoint epoch=${e}`, { epoch: e, path: `s3://ml-runs/${runId}/ckpt/epoch=${e}.ckpt` });
    if (e === killEpoch - 1) {
      const k = ev + 75 * SEC;
      const wpid = int(r, 20000, 40000);
      log(k, "ERROR", `DataLoader worker (pid ${wpid}) is killed by signal: Killed.`, { epoch: e }, "memory");
      log(
        k + 2 * SEC,
        "ERROR",
        "training step raised, tearing down workers",
        {
          epoch: e,
          exc_info: `Traceback (most recent call last):\n  File "/opt/conda/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 1133, in _try_get_data\nRuntimeError: DataLoader worker (pid(s) ${wpid}) exited unexpectedly`,
        },
        "error",
      );
      log(k + 90 * SEC, "INFO", `resuming from checkpoint epoch=${e}`, { epoch: e + 1 });
    }
  }
  // node-agent: slog JSON host samples
  const node = `gpu-node-${int(r, 10, 40)}`;
  for (let t = start + between(r, 0, 30) * SEC; t < end; t += 30 * SEC) {
    const e = Math.floor((t - start) / epochMs);
    const leak = e >= leakEpoch && e < killEpoch ? (t - (start + leakEpoch * epochMs)) / ((killEpoch - leakEpoch) * epochMs) : 0;
    const pct = leak > 0 ? 72 + leak * 26 : between(r, 58, 70);
    s.add(
      t,
      {
        time: iso(t),
        level: "INFO",
        msg: "host sample",
        service: "node-agent",
        host: node,
        mem_used_pct: round(pct, 1),
        gpu_util_pct: round(leak > 0.4 ? between(r, 30, 60) : between(r, 88, 99), 1),
      },
      pct >= 92 ? "memory" : null,
    );
  }
  return s.build(
    name,
    "A detection-model training run whose curriculum adds metric and phase lines every few epochs; host RAM creeps up, INFO lines shrink the dataloader prefetch and report batch waits, steps slow, then a worker is killed",
  );
}

export function trainerDistillPhaseFeaturestoreTimeouts(seed: number): Scenario {
  const name = "trainer-distill-phase-featurestore-timeouts";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 2, 10, 9);
  const span = 9 * 60 * MIN;
  const end = start + span;
  const burst = start + 0.47 * span + between(r, 0, 15) * MIN;
  const burstEnd = burst + between(r, 12, 18) * MIN;
  const distillAt = start + 0.8 * span;
  const epochMs = 20 * MIN;
  // ranker training: structlog JSON renderer
  const tlog = (t: number, event: string, extra: Record<string, unknown> = {}) =>
    s.add(t, { event, level: "info", logger: "ranker_train", timestamp: iso(t), ...extra });
  const phases: { from: number; lines: string[] }[] = [
    { from: 0, lines: ["eval ndcg_at_10 computed", "eval mrr computed"] },
    { from: 0.15, lines: ["eval calibration ece computed"] },
    { from: 0.3, lines: ["listwise loss term weight annealed", "eval coverage_of_long_tail computed"] },
    { from: 0.55, lines: ["position-bias propensities re-estimated"] },
    { from: 0.8, lines: ["distill teacher logits cached for shard", "distill KL term weight applied", "distill student-teacher agreement measured"] },
  ];
  let step = 0;
  for (let e0 = start; e0 < end - epochMs / 2; e0 += epochMs) {
    const e = Math.round((e0 - start) / epochMs);
    tlog(e0, "epoch started", { epoch: e });
    for (let t = e0 + 15 * SEC; t < e0 + epochMs - 60 * SEC; t += between(r, 25, 35) * SEC) {
      step += 100;
      tlog(t, "train progress", { epoch: e, step, loss: round(between(r, 0.2, 0.3), 4), examples_per_s: int(r, 41000, 46000) });
    }
    for (const p of phases)
      if (e0 >= start + p.from * span) for (const line of p.lines) tlog(e0 + epochMs - between(r, 10, 55) * SEC, line, { epoch: e, value: round(r(), 4) });
  }
  // distillation phase: extra recurring lines inside epochs (benign, new late in the window)
  poisson(r, distillAt, end, 70 * SEC, (t) => tlog(t, "distill teacher batch scored", { shard: int(r, 0, 63), teacher: "ranker-xl-2025-01" }));
  // feature-store: Go slog JSON
  const fsPod = `feature-store-${hex(r, 9)}-${hex(r, 5)}`;
  poisson(r, start, end, 10 * SEC, (t) => {
    const inBurst = t > burst && t < burstEnd;
    if (inBurst && chance(r, 0.45)) {
      s.add(
        t,
        {
          time: iso(t),
          level: "ERROR",
          msg: "online store read failed",
          service: "feature-store",
          pod: fsPod,
          error: "redis: connection pool timeout",
          feature_view: pick(r, ["user_profile_v3", "item_stats_1h", "session_ctx"]),
        },
        "error",
      );
      return;
    }
    const slow = inBurst && chance(r, 0.6);
    s.add(
      t,
      {
        time: iso(t),
        level: "INFO",
        msg: "online features served",
        service: "feature-store",
        pod: fsPod,
        feature_view: pick(r, ["user_profile_v3", "item_stats_1h", "session_ctx"]),
        entities: int(r, 1, 64),
        duration_ms: round(slow ? between(r, 1200, 5000) : between(r, 2, 14), 2),
      },
      slow ? "performance" : null,
    );
  });
  return s.build(
    name,
    "A ranking model's training keeps adding eval lines and enters a distillation phase late with new recurring lines (benign); the feature store's Redis pool runs dry for about 15 minutes: errors and slow reads",
  );
}
