// `npm run dev`: the service's JSON log lines made readable for a person trying things out,
// "12:04:31 INFO  service started  port=8000 valkey=redis://127.0.0.1:6379". Lines that are not
// JSON pass through unchanged. Production keeps JSON (one object per line, for log shippers).
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const LEVEL_WIDTH = 5;
const COLOR = { trace: 90, debug: 90, info: 32, warn: 33, error: 31, fatal: 35 };
const SKIP = new Set(["level", "time", "msg", "pid", "hostname", "service", "environment"]);
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

function value(v) {
  if (typeof v === "string") return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** One JSON log line as text; the line itself when it is not a log object. */
export function prettyLine(line) {
  let o;
  try {
    o = JSON.parse(line);
  } catch {
    return line;
  }
  if (o === null || typeof o !== "object" || typeof o.msg !== "string") return line;
  const time = typeof o.time === "string" ? o.time.slice(11, 19) : "";
  const level = String(o.level ?? "")
    .toUpperCase()
    .padEnd(LEVEL_WIDTH);
  const shown = useColor ? `\u001b[${COLOR[o.level] ?? 0}m${level}\u001b[0m` : level;
  const fields = Object.entries(o)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(" ");
  return `${time} ${shown} ${o.msg}${fields ? `  ${fields}` : ""}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  rl.on("line", (line) => process.stdout.write(`${prettyLine(line)}\n`));
}
