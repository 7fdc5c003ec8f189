// AWS Lambda's own lines (INIT_START, START, END, REPORT, timeouts, runtime exits) and the
// execution environments behind them: a warm environment serves one invocation at a time, an idle
// one is reclaimed after a while, and a new one starts cold.

import { iso, lambdaEvent } from "./producers.js";
import type { Rng } from "./rng.js";
import { type Label, MIN, round, type Timeline } from "./timeline.js";

export interface LambdaFn {
  name: string;
  runtime: "nodejs20.x" | "python3.12";
  memoryMb: number;
  timeoutS: number;
  region: string;
  xray: boolean;
}

interface Env {
  stream: string;
  busyUntil: number;
  lastUsed: number;
  idleLimit: number;
  dead: boolean;
}

const RUNTIME_VERSION: Record<LambdaFn["runtime"], [string, string]> = {
  "nodejs20.x": ["nodejs:20.v27", "0a3b8d44c5f4f3b5e2e9e4c1d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f"],
  "python3.12": ["python:3.12.v36", "7c1e9a55d2b34f6a8e0c4b2d9f7a1e3c5b8d0f2a4c6e8a0b2d4f6a8c0e2b4d6f"],
};

export class LambdaPool {
  private readonly envs: Env[] = [];

  constructor(
    readonly fn: LambdaFn,
    private readonly rng: Rng,
  ) {}

  /** A free warm environment, or a new cold one. */
  acquire(t: number): { env: Env; cold: boolean } {
    for (const e of this.envs) {
      if (!e.dead && e.busyUntil < t && t - e.lastUsed > e.idleLimit) e.dead = true;
    }
    const free = this.envs.filter((e) => !e.dead && e.busyUntil < t);
    if (free.length > 0) {
      const env = free.reduce((a, b) => (a.lastUsed > b.lastUsed ? a : b));
      return { env, cold: false };
    }
    const d = new Date(t);
    const stream = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/[$LATEST]${this.rng.hex(32)}`;
    const env: Env = { stream, busyUntil: t, lastUsed: t, idleLimit: this.rng.float(5, 25) * MIN, dead: false };
    this.envs.push(env);
    return { env, cold: true };
  }
}

export interface FnLine {
  /** ms after the handler starts */
  at: number;
  level: "INFO" | "WARN" | "ERROR" | "DEBUG";
  text: string;
  label?: Label;
}

export interface Invocation {
  t: number;
  requestId?: string;
  durationMs: number;
  maxMemMb: number;
  lines: FnLine[];
  outcome: "ok" | "error" | "timeout" | "killed";
  /** label of the REPORT line */
  reportLabel?: Label;
  /** label of the timeout / runtime-exit lines */
  faultLabel?: Label;
  /** label of START/END (and INIT_START) */
  platformLabel?: Label;
}

/** Emits one invocation (and its cold start, if any); returns its request id. */
export function invoke(tl: Timeline, rng: Rng, pool: LambdaPool, inv: Invocation): string {
  const fn = pool.fn;
  const { env, cold } = pool.acquire(inv.t);
  const rid = inv.requestId ?? rng.uuid();
  const stream = env.stream;
  const ev = (t: number, msg: string, label: Label) => tl.add(t, (tt) => lambdaEvent(tt, fn.name, stream, msg), label);
  const pl = inv.platformLabel ?? null;
  let t = inv.t;
  let initMs = 0;
  if (cold) {
    initMs = fn.runtime === "nodejs20.x" ? rng.logn(380, 0.25) : rng.logn(620, 0.25);
    const [rv, arn] = RUNTIME_VERSION[fn.runtime];
    ev(t, `INIT_START Runtime Version: ${rv}\tRuntime Version ARN: arn:aws:lambda:${fn.region}::runtime:${arn}`, pl);
    t += initMs;
  }
  ev(t, `START RequestId: ${rid} Version: $LATEST`, pl);
  const lineLabel = (l: FnLine) => l.label ?? null;
  for (const l of inv.lines) {
    if (l.at > inv.durationMs) continue;
    const at = t + 1 + l.at;
    const text = l.text;
    if (fn.runtime === "nodejs20.x") tl.add(at, (tt) => lambdaEvent(tt, fn.name, stream, `${iso(tt)}\t${rid}\t${l.level}\t${text}`), lineLabel(l));
    else tl.add(at, (tt) => lambdaEvent(tt, fn.name, stream, `[${l.level === "WARN" ? "WARNING" : l.level}]\t${iso(tt)}\t${rid}\t${text}`), lineLabel(l));
  }
  const dur = inv.outcome === "timeout" ? fn.timeoutS * 1000 + rng.float(5, 40) : inv.durationMs;
  const endAt = t + dur + 2;
  if (inv.outcome === "timeout") {
    const secs = round(dur / 1000, 2).toFixed(2);
    tl.add(endAt - 1, (tt) => lambdaEvent(tt, fn.name, stream, `${iso(tt)} ${rid} Task timed out after ${secs} seconds`), inv.faultLabel ?? null);
  }
  ev(endAt, `END RequestId: ${rid}`, pl);
  const mem = Math.min(fn.memoryMb, Math.round(inv.maxMemMb));
  let report = `REPORT RequestId: ${rid}\tDuration: ${round(dur, 2).toFixed(2)} ms\tBilled Duration: ${Math.ceil(dur)} ms\tMemory Size: ${fn.memoryMb} MB\tMax Memory Used: ${mem} MB\t`;
  if (cold) report += `Init Duration: ${round(initMs, 2).toFixed(2)} ms\t`;
  if (inv.outcome === "killed") report += "Status: error\tError Type: Runtime.OutOfMemory\t";
  if (inv.outcome === "timeout") report += "Status: timeout\t";
  if (fn.xray) {
    const ts = Math.floor(inv.t / 1000).toString(16);
    report += `\nXRAY TraceId: 1-${ts}-${rng.hex(24)}\tSegmentId: ${rng.hex(16)}\tSampled: true\t`;
  }
  ev(endAt + 1, report, inv.reportLabel ?? null);
  if (inv.outcome === "killed") {
    ev(endAt + 3, `RequestId: ${rid} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`, inv.faultLabel ?? null);
  }
  env.busyUntil = endAt + 5;
  env.lastUsed = endAt;
  if (inv.outcome === "killed" || inv.outcome === "timeout") env.dead = true;
  return rid;
}
