import { createHash } from "node:crypto";
import { BROKEN_JSON, entryValue } from "../../logs/text-line.js";
import path from "node:path";
import type { Config } from "../../config.js";
import { incidentIdSchema } from "../../contract/detect-request.js";
import type { BaselineView } from "../../contract/baselines.js";
import { primeFromLogs } from "../../memory/prime.js";
import { MemoryStore } from "../../memory/store.js";
import { baselineView } from "../../memory/view.js";
import { memoryLogSource } from "../../pipeline/sources.js";
import { buildKeys } from "../../valkey/keys.js";
import type { Valkey } from "../../valkey/client.js";
import { VALKEY_OPTIONS, parseCommandArgs, stringFlag } from "../args.js";
import { cliConfig, withValkey } from "../connect.js";
import { CliError, EXIT, usageError, type CliIo, type ExitCode } from "../io.js";
import { readLogFile } from "../read-logs.js";
import { plural } from "../render.js";
import type { Command } from "./command.js";

const LEARN_USAGE = `Usage: anomaly-detect learn [options] FILE --service SERVICE

Teaches the service's memory across incidents (docs/memory.md) from a file of logs you declare
normal, say yesterday's healthy hour (JSON lines or one JSON array; "-" reads standard input).
Nothing is flagged: every template in it becomes expected for SERVICE, and SERVICE's next
incident is judged against it. Learning the same file twice counts once.

Options:
  --service S        the service the logs belong to (their own service field is overridden)
  --incident-id ID   the id it is learnt under (default: learn: + the file's name and a hash of
                     its contents)
  --json             print what was learnt as JSON
  --url URL          Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help         show this help

Example:
  anomaly-detect learn healthy-hour.jsonl --service checkout
`;

const BASELINE_USAGE = `Usage: anomaly-detect baseline [options] SERVICE

Shows what the memory across incidents holds of SERVICE (docs/memory.md): incidents learnt,
last update, response-time and memory quantiles, level mix, lines per minute, and its templates
with their ids, incidents seen, flags and the share of their lines at ERROR or worse, most seen
first.

Options:
  --json        the whole view as JSON (as GET /baselines/SERVICE answers)
  --top N       templates listed (default 20; --json lists all)
  --url URL     Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help    show this help
`;

/** The store over a connection; exit 2 when the settings turn the memory off. */
function storeFor(config: Config, valkey: Valkey): MemoryStore {
  if (config.MEMORY === "off") throw usageError("the memory across incidents is off (MEMORY=off): unset MEMORY or set it to on");
  return new MemoryStore(valkey, buildKeys(config), { ...config, MEMORY_CACHE_MS: 0 });
}

async function learn(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("learn", argv, {
    ...VALKEY_OPTIONS,
    service: { type: "string" },
    "incident-id": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.stdout.write(LEARN_USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1)
    throw usageError(`learn takes one FILE, got ${positionals.length} arguments.\nRun "anomaly-detect learn --help" for the options.`);
  const service = stringFlag(values, "service");
  if (service === undefined || service.trim() === "") throw usageError("learn needs --service SERVICE: the service the logs belong to");
  const config = cliConfig(io, stringFlag(values, "url"));
  const file = await readLogFile(positionals[0]!, io);
  const hash = createHash("sha256");
  for (const e of file.entries) hash.update(typeof e === "string" ? e : JSON.stringify(e)).update("\n");
  const incidentId = stringFlag(values, "incident-id") ?? `learn:${path.basename(file.label)}:${hash.digest("hex").slice(0, 12)}`;
  const checked = incidentIdSchema.safeParse(incidentId);
  if (!checked.success) throw usageError(`--incident-id: ${checked.error.issues[0]?.message ?? "invalid"}`);
  // Every entry is the service's: its own service field is overridden.
  const entries = file.entries.map((e) => {
    const value = typeof e === "string" ? entryValue(e) : e;
    if (value === BROKEN_JSON) return e;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>), service } : value;
  });
  const read = await memoryLogSource(file.label, entries).read({ incident_id: incidentId, time_window_hours: 8784, confidence_threshold: 1 });
  if (read.logs.length === 0) throw new CliError(EXIT.FAILED, `no readable logs in ${file.label} (${plural(read.skipped, "entry", "entries")} skipped)`);
  const services = await withValkey(config, (valkey) => primeFromLogs(storeFor(config, valkey), incidentId, read.logs));
  const out = { incident_id: incidentId, processed_logs: read.logs.length, skipped_logs: read.skipped, services };
  if (values.json) io.stdout.write(`${JSON.stringify(out)}\n`);
  else
    for (const s of services)
      io.stdout.write(
        s.learned
          ? `learnt ${plural(s.logs, "log")} and ${plural(s.templates, "template")} of ${s.service} as normal (incident id ${incidentId})\n`
          : `${s.service} already learnt ${incidentId}: counted once, nothing changed\n`,
      );
  return EXIT.OK;
}

function renderView(v: BaselineView, top: number): string {
  const q = (x: { p50: number | null; p95: number | null; samples: number }, unit: string) =>
    x.p50 === null ? "none" : `p50 ${x.p50} ${unit}, p95 ${x.p95} ${unit} (${x.samples} samples)`;
  const lines = [
    `${v.service}: ${plural(v.incidents, "incident")} learnt (${v.primed} primed), judged against its ${v.baseline === "history" ? "history" : "incidents alone (too little history)"}`,
    `  since ${v.first_learnt}, last update ${v.last_update}, weight ${v.weight}`,
    `  response time: ${q(v.response_time_ms, "ms")}`,
    `  memory:        ${q(v.memory_pct, "%")}`,
    `  levels:        ${
      Object.entries(v.level_mix)
        .map(([k, x]) => `${k} ${(100 * x).toFixed(1)}%`)
        .join(", ") || "none"
    }; ${v.lines_per_minute} lines/min`,
    `  templates (${v.templates.length}${v.templates.length > top ? `, the ${top} most seen` : ""}):`,
  ];
  for (const t of v.templates.slice(0, top)) {
    const flags = [
      t.routine ? "routine" : "",
      t.confirmed ? "confirmed" : "",
      t.expected ? "expected" : "",
      t.flagged_incidents ? `flagged in ${t.flagged_incidents}` : "",
      t.severe_share ? `${(100 * t.severe_share).toFixed(1)}% at ERROR or worse` : "",
    ]
      .filter(Boolean)
      .join(", ");
    lines.push(`    ${t.template_id}  ${String(t.incidents).padStart(4)} incidents  ${t.template.slice(0, 80)}${flags ? `  [${flags}]` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

async function baseline(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("baseline", argv, { ...VALKEY_OPTIONS, json: { type: "boolean" }, top: { type: "string" } });
  if (values.help) {
    io.stdout.write(BASELINE_USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1)
    throw usageError(`baseline takes one SERVICE, got ${positionals.length} arguments.\nRun "anomaly-detect baseline --help" for the options.`);
  const top = Number(stringFlag(values, "top") ?? 20);
  if (!Number.isInteger(top) || top < 1) throw usageError(`--top: expected a whole number of at least 1, got ${stringFlag(values, "top")}`);
  const service = positionals[0]!;
  const config = cliConfig(io, stringFlag(values, "url"));
  const view = await withValkey(config, async (valkey) => {
    const store = storeFor(config, valkey);
    const h = await store.read(service);
    return h && baselineView(h, store.routineIncidents);
  });
  if (!view) throw new CliError(EXIT.FAILED, `no memory of service ${service}: no incident of it was learnt (or it expired after MEMORY_TTL_DAYS)`);
  io.stdout.write(values.json ? `${JSON.stringify(view)}\n` : renderView(view, top));
  return EXIT.OK;
}

export const learnCommand: Command = { name: "learn", summary: "teach the memory across incidents from logs declared normal", usage: LEARN_USAGE, run: learn };
export const baselineCommand: Command = { name: "baseline", summary: "show what the memory holds of a service", usage: BASELINE_USAGE, run: baseline };
