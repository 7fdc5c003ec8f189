/** Small helpers shared by the benchmark sections: statistics, formatting, the machine. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of the values. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

/** Runs `f` `warmup` times untimed, then `runs` times; the wall times in ms. */
export async function timeRuns(runs: number, warmup: number, f: () => unknown | Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * `/proc/cpuinfo`'s family and model: a VM often names its processor only "AMD EPYC", and
 * generations of one name run this code at speeds up to 2x apart. Undefined off Linux.
 */
function cpuGeneration(): string | undefined {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const model = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    return family && model ? `family ${family}, model ${model}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What touching a page of new memory costs here, in microseconds: the median of five first
 * touches of 64 MB (a fresh mapping each). On a Firecracker VM whose host backs guest memory
 * lazily it is ten times a bare machine's, and a fresh process's 1M-log incident touches about
 * 200,000 pages (docs/performance.md): it says how much of a run's CPU went to that.
 */
export function pageFaultMicros(): number {
  const PAGE = 4096;
  const bytes = 64 * 1024 * 1024;
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    // A typed array this large is a fresh mapping of zero pages (calloc), touched by the writes.
    const a = new Uint8Array(bytes);
    const t = performance.now();
    for (let i = 0; i < bytes; i += PAGE) a[i] = 1;
    times.push(((performance.now() - t) * 1000) / (bytes / PAGE));
  }
  return round(median(times), 2);
}

const PAGE_REPORTING = "/sys/module/page_reporting/parameters";

/**
 * A VM's kernel may hand memory it frees back to its host (free page reporting, through the
 * virtio balloon): a page handed back costs a host fault again when it is next touched, about
 * 9 µs against 1.3 µs for one the guest has touched before on a Firecracker VM
 * (docs/performance.md), so how much a run gets back depends on these settings. The settings
 * (the parameters of the kernel's page_reporting module; reported_kib, a counter some kernels
 * add, is read apart), or undefined where there are none.
 */
export function pageReporting(): Record<string, string> | undefined {
  try {
    const out: Record<string, string> = {};
    for (const name of readdirSync(PAGE_REPORTING).sort()) {
      if (name === "reported_kib" || name === "passes" || name === "walked") continue;
      out[name] = readFileSync(path.join(PAGE_REPORTING, name), "utf8").trim();
    }
    return out;
  } catch {
    return undefined;
  }
}

/** KiB the guest has handed back to its host since boot, where the kernel counts it. */
export function reportedKib(): number | undefined {
  try {
    const v = Number(readFileSync(path.join(PAGE_REPORTING, "reported_kib"), "utf8"));
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function machine() {
  const cpus = os.cpus();
  const generation = cpuGeneration();
  return {
    cpu: `${cpus[0]?.model ?? "unknown"}${generation ? ` (${generation})` : ""}`,
    page_fault_us: pageFaultMicros(),
    page_reporting: pageReporting(),
    cores: os.availableParallelism(),
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export function loadAverage(): [number, number, number] {
  const [a, b, c] = os.loadavg();
  return [round(a!, 2), round(b!, 2), round(c!, 2)];
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function fmtInt(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "-";
}

export function fmtMs(v: number): string {
  if (!Number.isFinite(v)) return "-";
  return v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
}

export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** A markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
}
