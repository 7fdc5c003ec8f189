import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prepare } from "../../../src/detection/detect.js";
import { normalizeLog } from "../../../src/logs/normalize.js";
import { BROKEN_JSON, entryValue } from "../../../src/logs/text-line.js";

/**
 * 153 entries as 100-odd producers and shippers store them (Docker, CRI, Fluent Bit, Vector,
 * OpenTelemetry, Google Cloud, AWS, Azure, syslog, .NET, Java, Python, Go, Rust, Node, proxies,
 * databases, Kubernetes), each with what a person reads in it: message, level, time, service,
 * response time. Written without sight of the reader. The reader is held to it: where it reads
 * otherwise, the entry is listed below with why, so a change in what it reads shows here.
 */
interface Case {
  producer: string;
  entry: unknown;
  expect: { message: string | null; level: string | null; time: string | null; service: string | null; response_time_ms: number | null };
}
const cases = readFileSync(new URL("../../fixtures/producer-formats.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Case);

/** Entries that hold something other than one log: a batch (OTLP's resourceLogs, Loki's push body, an Azure envelope), an event of another kind (Sentry, Alertmanager, a Lambda platform report), or an access log whose fields name no request the reader knows (API Gateway, Traefik, Kong, Cloud Run's httpRequest). */
const NOT_READ = [22, 26, 31, 35, 38, 39, 40, 45, 46, 114, 115, 149, 150];
/** Where the reader's service differs: names it does not look for (a Fluentd tag, Docker's `attrs.tag`, Compose labels, a CloudWatch log group, a GELF container name, Heroku's dyno, Spring Boot's console name), a FireLens container name read as the instance, Bunyan's `component` before its `name`, a Splunk source path, a Windows provider. */
const OTHER_SERVICE = [3, 5, 13, 15, 29, 37, 41, 42, 43, 44, 48, 67, 101, 141, 147];
/** Where the level differs: no level word where the author reads one (a kernel OOM kill, an uncaught Java exception, HAProxy's termination flags, Heroku's error codes, an ELB 5xx, CSV columns), or the producer's status word (Datadog's `status`). */
const OTHER_LEVEL = [13, 34, 36, 42, 44, 50, 75, 109, 116, 121, 126, 145];
/** Where the time differs: millisecond stamps inside the line (HAProxy, ALB, MySQL's `# Time:`, Redis, PHP, Celery, Rails tagged lines), an app's own second-precision stamp over its runtime's, Grafana's `t`. */
const OTHER_TIME = [8, 33, 53, 80, 116, 121, 128, 131, 132, 152];

function read(c: Case) {
  const value = entryValue(typeof c.entry === "string" ? c.entry : JSON.stringify(c.entry));
  if (value === BROKEN_JSON) return undefined;
  const r = normalizeLog(value, 0);
  return r.ok ? { record: r.record, features: prepare([r.record], { confidenceThreshold: 0.7 }).features } : undefined;
}

describe("what producers and shippers store, read as a person reads it", () => {
  const got = cases.map(read);
  const where = (pred: (i: number) => boolean) => cases.map((_, i) => i).filter(pred);

  it("reads every entry that is one log", () => {
    expect(where((i) => got[i] === undefined)).toEqual(NOT_READ);
  });

  it("reads the message, level, time and service a person reads, except where listed", () => {
    const read = where((i) => got[i] !== undefined);
    const message = read.filter((i) => {
      const want = cases[i]!.expect.message;
      const have = got[i]!.record.message.trim();
      return want !== null && !have.includes(want) && !(want.includes(have) && have.length > want.length * 0.6);
    });
    // Serilog's {Elapsed:0.0000} is rendered as the value, not in its format; Envoy's request line
    // is written as the other access logs' (method, path, status), not with its protocol.
    expect(message).toEqual([57, 110]);
    const level = read.filter((i) => {
      const want = cases[i]!.expect.level;
      return want !== null && want !== got[i]!.record.level;
    });
    expect(level).toEqual(OTHER_LEVEL.filter((i) => !NOT_READ.includes(i)));
    const time = read.filter((i) => {
      const want = cases[i]!.expect.time;
      const have = got[i]!.record.timestampMs;
      return want !== null && !(Math.abs(Date.parse(want) - have) <= 1);
    });
    expect(time).toEqual(OTHER_TIME);
    const service = read.filter((i) => {
      const want = cases[i]!.expect.service;
      return want !== null && want !== got[i]!.record.service;
    });
    expect(service).toEqual(OTHER_SERVICE);
  });
});
