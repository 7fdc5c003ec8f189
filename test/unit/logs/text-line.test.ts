import { describe, expect, it } from "vitest";
import { normalizeLog } from "../../../src/logs/normalize.js";
import { BROKEN_JSON, entryValue, textLog } from "../../../src/logs/text-line.js";

/** A stored entry's text, read as the service reads it. */
function read(text: string) {
  const value = entryValue(text);
  if (value === BROKEN_JSON) throw new Error("broken JSON");
  const r = normalizeLog(value, 0);
  if (!r.ok) throw new Error(r.reason);
  return r.record;
}

describe("entries that are not JSON objects", () => {
  it("reads JSON as JSON, a text line as a log, and skips only what opens as an object and does not parse", () => {
    expect(entryValue('{"message":"m"}')).toEqual({ message: "m" });
    expect(entryValue('{"level": "error", "mess')).toBe(BROKEN_JSON);
    expect(entryValue("  {not json")).toBe(BROKEN_JSON);
    expect(entryValue("")).toBe(BROKEN_JSON);
    expect(entryValue(" \n")).toBe(BROKEN_JSON);
    expect(entryValue("\u00ff\u00fe\u0000")).toBe(BROKEN_JSON);
    expect(read("2026-02-21 08:01:02 \u001b[31mERROR\u001b[0m disk full\t(sda1)")).toMatchObject({ message: "ERROR disk full\t(sda1)", level: "ERROR" });
    // JSON that is not an object is still what it is (normalize skips it, with its reason).
    expect(entryValue("[1,2]")).toEqual([1, 2]);
    expect(entryValue("[2026-02-21 08:01:02,345] INFO [GroupCoordinator 1]: Member left")).toEqual({
      timestamp: Date.parse("2026-02-21T08:01:02.345"),
      message: "INFO [GroupCoordinator 1]: Member left",
    });
    expect(read("connection refused\n")).toMatchObject({ message: "connection refused", level: "INFO", service: "unknown" });
    expect(read("connection refused").timestampMs).toBeNaN();
  });

  it("reads the time, level, program and host of syslog's two formats", () => {
    const rfc5424 = read('<187>1 2026-02-19T04:12:09.331Z api-3 payments 4121 - [meta x="1"] \ufeffcharge failed: card_declined');
    // Priority 187 = facility 23 * 8 + severity 3 (error).
    expect(rfc5424).toMatchObject({ message: "charge failed: card_declined", level: "ERROR", service: "payments", instance: "api-3" });
    expect(rfc5424.timestampMs).toBe(Date.parse("2026-02-19T04:12:09.331Z"));
    const nil = read("<14>1 - - - - - - no fields at all");
    expect(nil).toMatchObject({ message: "no fields at all", level: "INFO", service: "unknown" });
    const bsd = read("Feb 19 04:13:27 worker-07 kernel: [4821132.118230] Out of memory: Killed process 23114 (java)");
    expect(bsd).toMatchObject({ message: "[4821132.118230] Out of memory: Killed process 23114 (java)", service: "kernel", instance: "worker-07" });
    expect(new Date(bsd.timestampMs).toISOString().slice(4)).toBe("-02-19T04:13:27.000Z");
    expect(read("<28>Mar  3 10:00:01 db-1 postgres[881]: connection reset").level).toBe("WARNING");
  });

  it("puts a stamp without a year in the year that makes it at most a day ahead of now", () => {
    const now = new Date();
    const tomorrow = new Date(now.getTime() + 2 * 86_400_000);
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][tomorrow.getUTCMonth()];
    const day = String(tomorrow.getUTCDate()).padStart(2, " ");
    const r = read(`${month} ${day} 00:00:00 h sshd[1]: accepted`);
    expect(new Date(r.timestampMs).getUTCFullYear()).toBe(tomorrow.getUTCFullYear() - 1);
  });

  it("reads the stamps other producers open their lines with, and keeps the rest as the message", () => {
    expect(read("2026-02-20T11:24:30.000Z fail: Microsoft.EntityFrameworkCore.Database.Command[20102] Failed executing DbCommand")).toMatchObject({
      level: "ERROR",
      message: "fail: Microsoft.EntityFrameworkCore.Database.Command[20102] Failed executing DbCommand",
      timestampMs: Date.parse("2026-02-20T11:24:30.000Z"),
    });
    expect(read("2026/01/14 08:26:10 [WARN] upstream auth unhealthy")).toMatchObject({ level: "WARNING", message: "[WARN] upstream auth unhealthy" });
    expect(read("2026/01/14 08:26:10 [WARN] upstream auth unhealthy").timestampMs).toBe(Date.parse("2026-01-14T08:26:10"));
    expect(read("[2026-02-21T08:01:02.345+0000][info][gc] GC(12) Pause Young 212M->48M(1024M) 7.1ms")).toMatchObject({
      timestampMs: Date.parse("2026-02-21T08:01:02.345Z"),
      message: "[info][gc] GC(12) Pause Young 212M->48M(1024M) 7.1ms",
    });
    expect(read("E0214 08:00:01.123456    1 reflector.go:138] watch of *v1.Pod ended")).toMatchObject({ level: "ERROR", message: "watch of *v1.Pod ended" });
    expect(read("E, [2026-02-21T08:27:03.512345 #1] ERROR -- : Net::ReadTimeout")).toMatchObject({
      level: "ERROR",
      message: "Net::ReadTimeout",
      timestampMs: Date.parse("2026-02-21T08:27:03.512345"),
    });
    expect(read("[Sat Feb 21 08:26:01.123456 2026] [proxy_http:error] [pid 2231] AH01102: error reading status line")).toMatchObject({
      level: "ERROR",
      message: "[proxy_http:error] [pid 2231] AH01102: error reading status line",
      timestampMs: Date.parse("2026-02-21T08:26:01.123"),
    });
    // An access line stays whole: its request and status are the line (a 5xx is an ERROR).
    const access = '10.0.0.4 - - [21/Feb/2026:08:20:11 +0100] "GET /api/cart HTTP/1.1" 502 157 "-" "curl/8"';
    expect(read(access)).toMatchObject({ message: access, level: "ERROR", timestampMs: Date.parse("2026-02-21T07:20:11Z") });
    // A stamp that is not a date is no stamp: the line is kept whole, untimed.
    const bad = read("2026-13-45 99:00:00 ERROR disk full");
    expect(bad).toMatchObject({ message: "2026-13-45 99:00:00 ERROR disk full", level: "ERROR" });
    expect(bad.timestampMs).toBeNaN();
  });

  it("reads a container runtime's line, and the application's JSON log inside it", () => {
    const text = read("2026-02-10T14:05:00.123456789Z stderr F panic: runtime error: index out of range");
    expect(text).toMatchObject({ message: "panic: runtime error: index out of range", timestampMs: Date.parse("2026-02-10T14:05:00.123Z") });
    const json = read('2026-02-10T14:05:00.123456789Z stdout F {"severity":"ERROR","message":"missing DATABASE_URL","service":"config-loader"}');
    expect(json).toMatchObject({ message: "missing DATABASE_URL", level: "ERROR", service: "config-loader" });
    expect(json.timestampMs).toBe(Date.parse("2026-02-10T14:05:00.123Z"));
  });

  it("reads logfmt as its fields, quoted values unescaped; prose with an '=' stays text", () => {
    const r = read('time="2026-02-21T08:13:07Z" level=warning msg="cache \\"eu\\" slow" duration=1.5s component=cache');
    expect(r).toMatchObject({
      message: 'cache "eu" slow',
      level: "WARNING",
      service: "cache",
      responseTimeMs: 1500,
      timestampMs: Date.parse("2026-02-21T08:13:07Z"),
    });
    expect(textLog("level=info no message here")).toEqual({ message: "level=info no message here" });
    expect(textLog('msg=unterminated "quote')).toEqual({ message: 'msg=unterminated "quote' });
  });
});
