/**
 * The real logs kept outside the project (docs/evaluation.md, "Real logs outside the project"):
 * Loghub's BGL_2k, Thunderbird_2k, HPC_2k, Proxifier_2k and Mac_2k, converted to JSON lines as
 * a producer would write them and run through the same pipeline as the eval, at the default
 * threshold. The raw files are not in the repository; download them from the Loghub repository
 * (https://github.com/logpai/loghub, `<System>/<System>_2k.log`) into one directory.
 *
 *   npm run eval:outside -- DIR            the table of docs/evaluation.md
 *   npm run eval:outside -- DIR --write    also writes DIR/<name>.jsonl (and .labels) as converted
 *
 * BGL and Thunderbird label each line in their first column ("-" for none); the others carry no
 * labels, and only their flagged share is printed.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_THRESHOLD, runPipeline } from "./evaluate.js";

export interface ConvertedLog {
  entries: Record<string, unknown>[];
  /** Per entry, whether the log's own first column labels it an alert; undefined when the log has no labels. */
  alerts?: boolean[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** BGL: label, epoch, date, node, fine time, node, type, component, level, message. The component is the service. */
export function convertBgl(text: string): ConvertedLog {
  const entries: Record<string, unknown>[] = [];
  const alerts: boolean[] = [];
  for (const line of lines(text)) {
    const f = fields(line, 9);
    const m = /^(\d{4})-(\d\d)-(\d\d)-(\d\d)\.(\d\d)\.(\d\d)\.(\d{3})/.exec(f[4] ?? "");
    if (!m) throw new Error(`BGL line without a fine timestamp: ${line.slice(0, 80)}`);
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
    entries.push({ timestamp: iso(ms), service: f[7]!.toLowerCase(), level: f[8], message: f[9] ?? "", host: f[3] });
    alerts.push(f[0] !== "-");
  }
  return { entries, alerts };
}

/** Thunderbird: label, epoch, date, host, month, day, time, host/host, program[pid]: message. The program (without its pid) is the service; no level. */
export function convertThunderbird(text: string): ConvertedLog {
  const entries: Record<string, unknown>[] = [];
  const alerts: boolean[] = [];
  for (const line of lines(text)) {
    const f = fields(line, 8);
    const rest = f[8] ?? "";
    const m = /^(\S+?)(?:\[\d+\])?:\s?(.*)$/.exec(rest);
    entries.push({ timestamp: iso(Number(f[1]) * 1000), service: m ? m[1] : "unknown", host: f[3], message: m ? m[2] : rest });
    alerts.push(f[0] !== "-");
  }
  return { entries, alerts };
}

/** HPC: log id, node, component, state, epoch, flag, message. The component is the service; no level. */
export function convertHpc(text: string): ConvertedLog {
  const entries = lines(text).map((line) => {
    const f = fields(line, 6);
    return { timestamp: iso(Number(f[4]) * 1000), service: f[2], host: f[1], state: f[3], message: f[6] ?? "" };
  });
  return { entries };
}

/** Proxifier: "[MM.DD HH:MM:SS] program - message", one service, the program a field; the year assumed (2016). */
export function convertProxifier(text: string): ConvertedLog {
  const entries = lines(text).map((line) => {
    const m = /^\[(\d+)\.(\d+) (\d+):(\d+):(\d+)\] (\S+(?: \*64)?) - (.*)$/.exec(line);
    if (!m) throw new Error(`Proxifier line not understood: ${line.slice(0, 80)}`);
    const ms = Date.UTC(2016, +m[1]! - 1, +m[2]!, +m[3]!, +m[4]!, +m[5]!);
    return { timestamp: iso(ms), service: "proxifier", program: m[6], message: m[7] };
  });
  return { entries };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Mac: "Mon D HH:MM:SS host process[pid]: message", the process (without its pid) the service; the year assumed (2017). */
export function convertMac(text: string): ConvertedLog {
  const entries: Record<string, unknown>[] = [];
  for (const line of lines(text)) {
    const m = /^(\w{3})\s+(\d+) (\d+):(\d+):(\d+) (\S+) (.+?)(?:\[\d+\])?(?: \(\S+\))?: (.*)$/.exec(line);
    // A line the syslog layout does not hold (a continuation) stays a message of its own.
    if (!m) {
      const last = entries.at(-1);
      entries.push({ timestamp: last?.timestamp ?? iso(Date.UTC(2017, 0, 1)), service: last?.service ?? "unknown", message: line });
      continue;
    }
    const ms = Date.UTC(2017, MONTHS.indexOf(m[1]!), +m[2]!, +m[3]!, +m[4]!, +m[5]!);
    entries.push({ timestamp: iso(ms), service: m[7], host: m[6], message: m[8] });
  }
  return { entries };
}

export const OUTSIDE_LOGS = [
  { name: "BGL_2k", convert: convertBgl },
  { name: "Thunderbird_2k", convert: convertThunderbird },
  { name: "HPC_2k", convert: convertHpc },
  { name: "Proxifier_2k", convert: convertProxifier },
  { name: "Mac_2k", convert: convertMac },
] as const;

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "");
}

/** The first `n` space-separated fields (runs of spaces count as one, as in the raw logs) and the rest of the line as field n. */
function fields(line: string, n: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < n) {
    while (line[i] === " ") i++;
    const end = line.indexOf(" ", i);
    if (end < 0) {
      out.push(line.slice(i));
      return out;
    }
    out.push(line.slice(i, end));
    i = end + 1;
  }
  while (line[i] === " ") i++;
  out.push(line.slice(i));
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  if (dir === undefined) throw new Error("usage: npm run eval:outside -- DIR [--write]  (DIR holds Loghub's <System>_2k.log files)");
  console.log(`| log | lines | flagged | precision | recall | F1 |\n| --- | --- | --- | --- | --- | --- |`);
  for (const log of OUTSIDE_LOGS) {
    const file = path.join(dir, `${log.name}.log`);
    if (!existsSync(file)) {
      console.log(`| ${log.name} | not in ${dir} | | | | |`);
      continue;
    }
    const { entries, alerts } = log.convert(readFileSync(file, "utf8"));
    if (args.includes("--write")) {
      writeFileSync(path.join(dir, `${log.name}.jsonl`), `${entries.map((e) => JSON.stringify(e)).join("\n")}\n`);
      if (alerts) writeFileSync(path.join(dir, `${log.name}.labels`), `${alerts.map((a) => (a ? 1 : 0)).join("\n")}\n`);
    }
    const res = await runPipeline(log.name, entries, DEFAULT_THRESHOLD);
    const flagged = new Set(res.anomalies.map((a) => a.log_index));
    const share = `${flagged.size} (${((100 * flagged.size) / entries.length).toFixed(1)} %)`;
    const positives = alerts?.filter(Boolean).length ?? 0;
    if (!alerts || positives === 0) {
      console.log(`| ${log.name} | ${entries.length} | ${share} | - | - | - |`);
      continue;
    }
    const tp = [...flagged].filter((i) => alerts[i]).length;
    const p = flagged.size ? tp / flagged.size : 0;
    const r = tp / positives;
    const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
    console.log(`| ${log.name} | ${entries.length} (${positives} alerts) | ${share} | ${p.toFixed(3)} | ${r.toFixed(3)} | ${f1.toFixed(3)} |`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
