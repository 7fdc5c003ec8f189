/**
 * `--only pairs --against DIR`: this build beside another (a built checkout in DIR: a worktree of
 * the previous release, say), one request to each in turn, the order alternating. On a VM whose
 * speed moves by 2x within minutes, two runs of the headline an hour apart say more about the
 * machine than about the code; the two requests of a pair see the same minute, so the median of
 * the pairs' differences is what the code changed.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Redis } from "ioredis";
import { detectOnce, storeIncident } from "./e2e.js";
import { startService, type Service } from "./service.js";
import { log, median, round } from "./util.js";

export interface PairsRow {
  n: number;
  pairs: number;
  this_p50_ms: number;
  other_p50_ms: number;
  this_cpu_p50_ms: number;
  other_cpu_p50_ms: number;
  /** Median over pairs of this build's time minus the other's, and of their ratio. */
  diff_p50_ms: number;
  ratio_p50: number;
}

export interface PairsResult {
  against: string;
  rows: PairsRow[];
}

/** One request to `s`, once it is idle: its wall time and the process's CPU until idle again. */
async function timed(s: Service, n: number): Promise<{ ms: number; cpu: number }> {
  await s.settled();
  const c0 = s.cpuMs();
  const t = performance.now();
  await detectOnce(s.url, n);
  const ms = performance.now() - t;
  await s.settled();
  return { ms, cpu: s.cpuMs() - c0 };
}

export async function benchPairs(r: Redis, valkeyUrl: string, against: string, quick: boolean): Promise<PairsResult> {
  const other = path.resolve(against);
  if (!existsSync(path.join(other, "dist/main.js"))) throw new Error(`--against ${against}: no dist/main.js there (build that checkout first)`);
  const plan = quick
    ? [
        { n: 100_000, warmup: 2, pairs: 6 },
        { n: 1_000_000, warmup: 1, pairs: 2 },
      ]
    : [
        { n: 100_000, warmup: 4, pairs: 40 },
        { n: 1_000_000, warmup: 2, pairs: 10 },
      ];
  const env = { VALKEY_URL: valkeyUrl, MODE: "api" };
  const rows: PairsRow[] = [];
  for (const { n, warmup, pairs } of plan) {
    await storeIncident(r, n);
    const a: { ms: number; cpu: number }[] = [];
    const b: { ms: number; cpu: number }[] = [];
    // Two legs, the two services started in one order and then the other: the one started
    // second was favoured by up to 15 ms a request at 100k logs on an AMD EPYC VM, whichever build
    // it ran, and the legs cancel that.
    for (const leg of [0, 1]) {
      const started: Service[] = [];
      try {
        for (const root of leg === 0 ? [undefined, other] : [other, undefined]) started.push(await startService(env, [], root));
        const [mine, theirs] = leg === 0 ? started : [started[1]!, started[0]!];
        for (let i = 0; i < warmup; i++) for (const s of [mine!, theirs!]) await detectOnce(s.url, n);
        const legPairs = leg === 0 ? Math.ceil(pairs / 2) : Math.floor(pairs / 2);
        for (let i = 0; i < legPairs; i++) {
          log(`pairs: ${n} logs, leg ${leg + 1} of 2, pair ${i + 1} of ${legPairs}`);
          if (i % 2 === 0) {
            a.push(await timed(mine!, n));
            b.push(await timed(theirs!, n));
          } else {
            b.push(await timed(theirs!, n));
            a.push(await timed(mine!, n));
          }
        }
      } finally {
        await Promise.all(started.map((s) => s.stop()));
      }
    }
    rows.push({
      n,
      pairs,
      this_p50_ms: round(median(a.map((x) => x.ms))),
      other_p50_ms: round(median(b.map((x) => x.ms))),
      this_cpu_p50_ms: median(a.map((x) => x.cpu)),
      other_cpu_p50_ms: median(b.map((x) => x.cpu)),
      diff_p50_ms: round(median(a.map((x, i) => x.ms - b[i]!.ms))),
      ratio_p50: round(median(a.map((x, i) => x.ms / b[i]!.ms)), 3),
    });
  }
  return { against: other, rows };
}
