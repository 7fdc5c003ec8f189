import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { failOnFlag, requestFromFlags } from "../../src/cli/args.js";
import { incidentIdFromFile } from "../../src/cli/commands/analyze.js";
import { demoIncidentLogs } from "../../src/cli/demo-incident.js";
import { originalFields } from "../../src/cli/commands/dlq.js";
import { streamIds, timeEntries } from "../../src/cli/commands/load.js";
import { CliError, EXIT, type CliIo } from "../../src/cli/io.js";
import { readLogFile } from "../../src/cli/read-logs.js";
import { COMMANDS, runCli } from "../../src/cli/run.js";
import { sparkline } from "../../src/cli/incident-shape.js";
import { renderResultEntry } from "../../src/cli/render.js";
import { columnWidths, cut, renderTable } from "../../src/cli/table.js";

/** Runs the CLI in this process with collected output; no Valkey is involved here. */
async function cli(args: string[], stdin = "") {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    env: { ENVIRONMENT: "test" },
    signal: new AbortController().signal,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function ioWith(stdin: string): CliIo {
  return { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from([Buffer.from(stdin)]), signal: new AbortController().signal };
}

const log = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    timestamp: new Date(Date.UTC(2025, 8, 19, 7, i)).toISOString(),
    level: "INFO",
    service: "api",
    message: `GET /x/${i} 200 in ${40 + (i % 5)}ms`,
    ...extra,
  });

describe("cli: help and usage", () => {
  it.each(COMMANDS.map((c) => c.name))("%s --help prints its usage and exits 0", async (name) => {
    const r = await cli([name, "--help"]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.stdout).toMatch(new RegExp(`^Usage: anomaly-detect ${name}`));
    expect((await cli(["help", name])).stdout).toBe(r.stdout);
  });

  it("accepts the British spelling analyse for analyze; the help spells it one way", async () => {
    const r = await cli(["analyse", "-"], `${log(1)}\n${log(2)}\n`);
    expect(r.code, r.stderr).toBe(EXIT.OK);
    expect(r.stdout).toMatch(/stdin: 2 logs analysed/);
    expect((await cli(["help", "analyse"])).stdout).toMatch(/^Usage: anomaly-detect analyze/);
    expect((await cli(["--help"])).stdout).not.toMatch(/\banalyse\b/);
  });

  it("lists the commands and the exit codes; no command is a usage error", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name} `);
    expect(r.stdout).toMatch(/Exit codes: 0 ok; 1 anomalies found \(with --fail-on\); 2 usage error; 3 Valkey unreachable/);
    expect((await cli([])).code).toBe(EXIT.USAGE);
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["analyze"], /analyze takes one FILE/],
    [["analyze", "x.jsonl", "--bogus"], /unknown option --bogus\n.*analyze --help/],
    [["analyze", "x.jsonl", "--treshold", "0.5"], /^anomaly-detect: unknown option --treshold \(did you mean --threshold\?\)\n/],
    [["publish", "INC-1", "--wiat"], /unknown option --wiat \(did you mean --wait\?\)/],
    [["analyz", "x.jsonl"], /unknown command "analyz" \(did you mean analyze\?\)/],
    [["wach"], /unknown command "wach" \(did you mean watch\?\)/],
    [["analyze", "x.jsonl", "--threshold", "2"], /--threshold: must be between 0 and 1/],
    [["analyze", "x.jsonl", "--window-hours", "0"], /--window-hours: must be greater than 0/],
    [["analyze", "x.jsonl", "--threshold", "abc"], /--threshold: must be a number/],
    [["analyze", "/nonexistent/x.jsonl"], /cannot read \/nonexistent\/x.jsonl: no such file/],
    [["load", "bad id", "x.jsonl"], /INCIDENT_ID: must be 1-200 characters/],
    [["load", "INC-1", "x.jsonl", "--as", "hash"], /--as: must be list, stream or zset/],
    [["load", "INC-1", "x.jsonl", "--replace", "--append"], /exclude each other/],
    [["publish", "INC-1", "--fail-on", "any"], /--fail-on needs --wait/],
    [["publish", "INC-1", "--url", "http://x"], /--url: must start with redis:\/\//],
    [["watch", "--from", "yesterday"], /--from: expected/],
    [["watch", "--count", "0"], /--count: must be an integer from 1 up/],
    [["dlq"], /dlq needs a subcommand/],
    [["dlq", "replay"], /needs entry ids .* or --all/],
    [["dlq", "replay", "1-1", "--all"], /ids or --all, not both/],
    [["dlq", "replay", "nope"], /is not a stream entry id/],
    [["dlq", "list", "--reason", "bored"], /--reason: expected one of/],
  ])("%j is a usage error (exit 2) naming the problem", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(message);
  });
});

describe("cli: flags", () => {
  const defaults = { timeWindowHours: 24, confidenceThreshold: 0.7 };
  it("checks --threshold and --window-hours with the API's schema and defaults", () => {
    expect(requestFromFlags("INC-1", {}, defaults)).toEqual({ incident_id: "INC-1", time_window_hours: 24, confidence_threshold: 0.7 });
    expect(requestFromFlags("INC-1", { threshold: "0.9", "window-hours": "48" }, defaults)).toMatchObject({ confidence_threshold: 0.9, time_window_hours: 48 });
    expect(() => requestFromFlags("INC-1", { "window-hours": "9000" }, defaults)).toThrow(/--window-hours: must be at most 8784/);
  });
  it("reads --fail-on as any or a list of types", () => {
    expect([...failOnFlag({ "fail-on": "any" })!]).toEqual(["performance", "memory", "error", "pattern"]);
    expect([...failOnFlag({ "fail-on": "error,memory" })!]).toEqual(["error", "memory"]);
    expect(failOnFlag({})).toBeUndefined();
    expect(() => failOnFlag({ "fail-on": "errors" })).toThrow(CliError);
  });
  it("derives a valid incident id from a file name", () => {
    expect(incidentIdFromFile("/var/log/app logs.jsonl")).toBe("app-logs");
    expect(incidentIdFromFile("-")).toBe("stdin");
    expect(incidentIdFromFile("__.json")).toBe("file");
  });
});

describe("cli: reading log files", () => {
  it("reads JSON lines, skipping blank lines and CRLF, keeping line numbers", async () => {
    const f = await readLogFile("-", ioWith(`\uFEFF${log(1)}\r\n\n  \n${log(2)}\nnot json\n${log(3)}`));
    expect(f.format).toBe("jsonl");
    expect(f.entries).toEqual([log(1), log(2), "not json", log(3)]);
    expect(f.lines).toEqual([1, 4, 5, 6]);
  });
  it("reads one JSON array, also pretty-printed", async () => {
    const items = [JSON.parse(log(1)), JSON.parse(log(2))];
    const f = await readLogFile("-", ioWith(`\n  ${JSON.stringify(items, null, 2)}\n`));
    expect(f.format).toBe("json");
    expect(f.entries).toEqual(items);
    expect(f.lines).toEqual([1, 2]);
  });
  it("reads a JSON array of 200,000 logs (more than a call's arguments can hold)", async () => {
    const items = Array.from({ length: 200_000 }, (_, i) => ({ message: `m${i}` }));
    const f = await readLogFile("-", ioWith(JSON.stringify(items)));
    expect(f.entries.length).toBe(200_000);
    expect(f.entries[199_999]).toEqual({ message: "m199999" });
    expect(f.lines[199_999]).toBe(200_000);
  });
  it("reads a text log whose lines open with a bracket as lines, and the service reads them", async () => {
    const text = "[2026-02-21 08:01:02,345] INFO [GroupCoordinator 1]: Member left\n[2026-02-21 08:01:03,001] ERROR disk full\n";
    const f = await readLogFile("-", ioWith(text));
    expect(f.entries).toEqual(["[2026-02-21 08:01:02,345] INFO [GroupCoordinator 1]: Member left", "[2026-02-21 08:01:03,001] ERROR disk full"]);
    const r = await cli(["analyze", "--json", "--window-hours", "8784", "-"], text);
    expect(JSON.parse(r.stdout)).toMatchObject({ processed_logs: 2, skipped_logs: 0 });
  });
  it("refuses a broken JSON array with a usage error", async () => {
    await expect(readLogFile("-", ioWith('[{"message": 1},'))).rejects.toMatchObject({
      exitCode: EXIT.USAGE,
      message: /starts with "\[" but is not valid JSON/,
    });
  });
});

describe("cli: analyze offline", () => {
  const lines = Array.from({ length: 40 }, (_, i) => log(i));
  lines[25] = log(25, { level: "ERROR", message: "Database connection timeout after 30s" });

  it("prints a row per finding cut to --width, its reasons whole under it, and a summary", async () => {
    const r = await cli(["analyze", "-", "--width", "80"], lines.join("\n"));
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split("\n");
    expect(out[0]).toMatch(/^LOG_INDEX\s+2025-09-19\s+SERVICE\s+TYPE\s+CONF\s+LINES\s+MESSAGE$/);
    const rows = out.slice(0, out.indexOf(""));
    // Line 26 of the input is LOG_INDEX 25, as in the API's answer.
    const at = rows.findIndex((l) => /^\s+25\s+07:25:00\s+api\s+performance\s+1\.000\s+1\s+Database connection/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(rows[at + 1]).toMatch(/^ {11}response time \d+ ms/);
    expect(rows.filter((l) => l.startsWith(" ".repeat(11))).join(" ")).not.toContain("…");
    for (const l of rows) expect(l.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain("LOG_INDEX counts from 0, as the API's log_index: line N of stdin is LOG_INDEX\nN-1.");
    expect(r.stdout).toMatch(/stdin: 40 logs analysed \(isolation_forest\) in the 24 h window/);
    expect(r.stdout).toMatch(/\d+ anomal(y|ies) in \d+ findings? at confidence >= 0.7: (\d+ [a-z]+, )*\d+ performance.*; highest confidence 1\./);
  });

  it("folds identical lines into one row with their count, span and positions; lists skipped entries", async () => {
    const input = Array.from({ length: 300 }, (_, i) => log(i % 60, { timestamp: new Date(Date.UTC(2025, 8, 19, 7, 0, i * 10)).toISOString() }));
    for (let k = 0; k < 30; k++)
      input.splice(
        200 + 3 * k,
        0,
        JSON.stringify({
          timestamp: new Date(Date.UTC(2025, 8, 19, 7, 34, k)).toISOString(),
          level: "ERROR",
          service: "allocator",
          message: "ERROR IN CONTACTING RM.",
        }),
      );
    input.splice(5, 0, '{"garbage', "", JSON.stringify({ message: "x", timestamp: "not a date" }));
    const r = await cli(["analyze", "-", "--width", "120"], input.join("\n"));
    const json = JSON.parse((await cli(["analyze", "--json", "-"], input.join("\n"))).stdout);
    const finding = json.findings.find((f: { service: string }) => f.service === "allocator");
    expect(finding.count).toBe(30);
    // The findings table's rows (the onset and suspected services below it may quote the template too).
    const rows = r.stdout.split("\n").filter((l) => l.includes("ERROR IN CONTACTING RM.") && /^\s+\d+\s+\d\d:/.test(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`^\\s+${finding.log_index}\\s+07:34:00\\s+allocator\\s+error\\s+[\\d.]+\\s+30\\s+ERROR IN CONTACTING RM\\.$`));
    expect(r.stdout).toContain(`30 lines from 2025-09-19 07:34:00 to 2025-09-19 07:34:29 (LOG_INDEX ${finding.log_index} .. ${finding.last_log_index})`);
    // Positions are those of the logs, blank lines not counted (as after "anomaly-detect load"), and the table says so.
    expect(json.skipped_sample.map((x: { log_index: number }) => x.log_index)).toEqual([5, 6]);
    expect(r.stdout).toContain('Skipped:\n  LOG_INDEX 5: entry is not valid JSON: {"garbage\n  LOG_INDEX 6: timestamp "not a date" is not a date');
    expect(r.stdout).toContain("LOG_INDEX counts from 0 among the logs of stdin, blank lines not counted");
  });

  it("--json prints the API's answer; --fail-on decides exit 1", async () => {
    const r = await cli(["analyze", "-", "--json", "--incident-id", "INC-7", "--fail-on", "performance"], lines.join("\n"));
    expect(r.code).toBe(EXIT.ANOMALIES);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ incident_id: "INC-7", processed_logs: 40, key_type: "file", logs_key: "stdin", method: "isolation_forest" });
    expect(body.anomalies).toContainEqual(
      expect.objectContaining({ log_index: 25, anomaly_type: "performance", message: "Database connection timeout after 30s" }),
    );
    expect((await cli(["analyze", "-", "--fail-on", "memory"], lines.join("\n"))).code).toBe(EXIT.OK);
  });

  it("prints the onset, the top suspected services with their reasons, and a sparkline per service", async () => {
    const r = await cli(["analyze", "-", "--width", "100"], lines.join("\n"));
    const out = r.stdout.split("\n");
    expect(out).toContainEqual(expect.stringMatching(/^Onset 07:25:00: api, "Database connection timeout after <\*>"$/));
    expect(out).toContainEqual(expect.stringMatching(/^ {2}only 1 anomalous line, too few for a change in rate: the onset is the first of them/));
    expect(out).toContainEqual("Suspected root services (1 of 1):");
    expect(out).toContainEqual(expect.stringMatching(/^ {2}1\. api {2}score 0\.\d+, 1 finding, from 07:25:00$/));
    expect(out).toContainEqual(expect.stringMatching(/^ {5}- the only service whose anomalies rose at the onset/));
    expect(out).toContainEqual(expect.stringMatching(/^Anomalous lines per 1 min from 07:00:00 to 07:40:00 \(\^ onset\):$/));
    const spark = out.findIndex((l) => l.startsWith("  api  "));
    expect(out[spark]).toBe(`  api  ${"·".repeat(25)}█${"·".repeat(14)}  1`);
    expect(out[spark + 1]).toBe(`       ${" ".repeat(25)}^`);
  });

  it("says so when nothing is readable (exit 4)", async () => {
    const r = await cli(["analyze", "-"], '{"garbage\n{"no": "message"}\n');
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.stderr).toMatch(/no readable logs in stdin: 2 entries/);
  });
});

describe("cli: the demo incident", () => {
  it("types each planted problem as what it is: the OutOfMemoryError with memory_usage 99 as memory", async () => {
    const logs = demoIncidentLogs(Date.parse("2025-09-19T08:00:00Z"));
    const r = await cli(["analyze", "--json", "-"], logs.map((l) => JSON.stringify(l)).join("\n"));
    const answer = JSON.parse(r.stdout) as { anomalies: { log_index: number; anomaly_type: string; reasons: string[] }[] };
    const byIndex = new Map(answer.anomalies.map((a) => [a.log_index, a]));
    expect(byIndex.get(95)?.anomaly_type).toBe("memory");
    expect(byIndex.get(95)?.reasons[0]).toMatch(/^memory usage 99% \(a field of the log\)/);
    expect(byIndex.get(60)?.anomaly_type).toBe("performance");
    expect(byIndex.get(121)?.anomaly_type).toBe("performance");
    expect(byIndex.get(136)?.anomaly_type).toBe("error");
  });
});

describe("cli: load layouts and dead letters", () => {
  it("times entries for stream/zset, giving untimed logs their neighbour's time", () => {
    const t = timeEntries([log(2), JSON.stringify({ message: "no time" }), '{"garbage', log(1)]);
    expect(t.unreadable).toBe(1);
    expect(t.untimed).toBe(1);
    expect(t.items.map((x) => x.ms)).toEqual([Date.UTC(2025, 8, 19, 7, 2), Date.UTC(2025, 8, 19, 7, 2), Date.UTC(2025, 8, 19, 7, 1)]);
    expect(streamIds(t.items).map((x) => x.id)).toEqual([
      `${Date.UTC(2025, 8, 19, 7, 1)}-0`,
      `${Date.UTC(2025, 8, 19, 7, 2)}-0`,
      `${Date.UTC(2025, 8, 19, 7, 2)}-1`,
    ]);
  });
  it("reads a dead letter's original fields, refusing anything else", () => {
    const d = (original: string) => ({ id: "1-1", fields: { original } });
    expect(originalFields(d('["incident_id","INC-1"]'))).toEqual(["incident_id", "INC-1"]);
    for (const bad of ["[]", '["a"]', "[1,2]", "{}", "nope"]) expect(originalFields(d(bad))).toBeUndefined();
  });
});

describe("cli: tables", () => {
  it("gives flexible columns what is left, cut with an ellipsis", () => {
    const cols = [{ header: "A" }, { header: "REASON", flex: 1, min: 5 }, { header: "MESSAGE", flex: 1, min: 5 }];
    const rows = [["1", "r".repeat(50), "m".repeat(50)]];
    expect(columnWidths(cols, rows, 40)).toEqual([1, 17, 17]);
    const lines = renderTable(cols, rows, 40);
    expect(lines[1]).toBe(`1  ${"r".repeat(16)}…  ${"m".repeat(16)}…`);
    // A short column takes only what it needs and hands the rest to the other.
    expect(columnWidths(cols, [["1", "short", "m".repeat(50)]], 40)).toEqual([1, 6, 29]);
  });
  it("keeps one row on one line", () => {
    expect(renderTable([{ header: "X", flex: 1 }], [["a\nb\tc"]], 20)[1]).toBe("a b c");
    expect(cut("héllo wörld", 6)).toBe("héllo…");
  });
});

describe("cli: result entries", () => {
  const base = {
    incident_id: "INC-1",
    status: "ok",
    anomalies_detected: "1",
    anomaly_types: "error",
    max_confidence: "0.9",
    source_event_id: "1-1",
    consumer: "c1",
    processed_at: "2025-09-19T08:00:00.000Z",
  };
  it("renders a result with its anomalies", () => {
    const result = {
      processed_logs: 10,
      logs_key: "k",
      key_type: "list",
      method: "statistical",
      confidence_threshold: 0.7,
      anomalies: [
        { log_index: 3, timestamp: "2025-09-19T07:00:00Z", service: "api", anomaly_type: "error", confidence: 0.9, reasons: ["ERROR level"], message: "boom" },
      ],
    };
    const out = renderResultEntry("2-1", { ...base, result: JSON.stringify(result) }, 100);
    expect(out[0]).toBe("2025-09-19T08:00:00.000Z  INC-1  ok  1 anomaly (error), max confidence 0.9");
    expect(out[1]).toBe("  result 2-1 for event 1-1, by c1; 10 logs from k (list), statistical, threshold 0.7");
    expect(out[3]).toMatch(/^\s+3\s+07:00:00\s+api\s+error\s+0\.900\s+1\s+boom$/);
    expect(out[4]).toMatch(/^ {13}ERROR level$/);
    expect(out[5]).toBe("  LOG_INDEX counts from 0, as the API's log_index: LINDEX k <LOG_INDEX> returns the log.");
  });
  it("renders the onset and suspected services a result event carries, and where the timeline is", () => {
    const summary = {
      onset: {
        timestamp: "2025-09-19T07:35:00Z",
        log_index: 4,
        service: "inventory",
        template: "pool <*> exhausted",
        from_window_start: false,
        reasons: ["rose"],
      },
      suspected_root_services: [
        {
          service: "inventory",
          score: 0.9,
          first_anomaly_at: "2025-09-19T07:35:00Z",
          findings: 1,
          reasons: ["first to deviate, at 07:35:00, 40 s before checkout"],
        },
        { service: "checkout", score: 0.4, first_anomaly_at: "2025-09-19T07:35:40Z", findings: 2, reasons: ["a", "b", "c", "d"] },
      ],
    };
    const result = { processed_logs: 10, logs_key: "k", key_type: "list", method: "statistical", confidence_threshold: 0.7, anomalies: [], summary };
    const out = renderResultEntry("2-1", { ...base, result: JSON.stringify(result) }, 100);
    expect(out.slice(2)).toEqual([
      '  Onset 07:35:00: inventory, "pool <*> exhausted"',
      "    rose",
      "  Suspected root services (2 of 2):",
      "    1. inventory  score 0.90, 1 finding, from 07:35:00",
      "       - first to deviate, at 07:35:00, 40 s before checkout",
      "    2. checkout  score 0.40, 2 findings, from 07:35:40",
      "       - a",
      "       - b",
      "       - c",
      "  (the per-service timeline is in the whole answer: GET /anomalies/<incident_id>)",
    ]);
  });
  it("draws anomalous lines per bucket as bars scaled to the busiest bucket", () => {
    expect(sparkline([0, 1, 2, 4, 8, 0])).toBe("·▁▂▄█·");
    expect(sparkline([0, 0])).toBe("··");
  });
  it("survives entries another producer wrote", () => {
    expect(renderResultEntry("2-1", { ...base, result: "{}" }, 100)[1]).toMatch(/its result is not a detection answer: \{\}/);
    expect(renderResultEntry("2-1", { ...base, result: "nope" }, 100)[1]).toMatch(/not JSON/);
    expect(renderResultEntry("2-1", { result: JSON.stringify({ processed_logs: 1, anomalies: [{}] }), status: "ok" }, 100)).toHaveLength(5);
  });
});
