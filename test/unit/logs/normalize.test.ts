import { describe, expect, it } from "vitest";
import { accessLogRequestMs, levelFromText, normalizeLevel, normalizeLog, parseTimestamp } from "../../../src/logs/normalize.js";

describe("normalizeLevel", () => {
  it.each([
    ["WARN", "WARNING"],
    ["warning", "WARNING"],
    ["Fatal", "CRITICAL"],
    ["SEVERE", "ERROR"],
    ["notice", "INFO"],
    ["emerg", "CRITICAL"],
    ["dpanic", "CRITICAL"],
    ["trace", "DEBUG"],
    [" err ", "ERROR"],
    [50, "ERROR"],
    [30, "INFO"],
    ["3", "ERROR"],
    // Monolog's numeric levels.
    [100, "DEBUG"],
    [200, "INFO"],
    [250, "INFO"],
    [300, "WARNING"],
    [400, "ERROR"],
    [500, "CRITICAL"],
    [600, "CRITICAL"],
    ["something-else", "INFO"],
  ])("%s -> %s", (raw, want) => {
    expect(normalizeLevel(raw)).toBe(want);
  });
});

describe("parseTimestamp", () => {
  const ms = Date.parse("2025-09-19T07:49:29Z");
  it.each([
    ["2025-09-19T07:49:29Z", ms],
    ["2025-09-19T09:49:29+02:00", ms],
    [ms / 1000, ms],
    [String(ms / 1000), ms],
    [ms, ms],
    [String(ms), ms],
    [ms * 1000, ms],
  ])("%s", (raw, want) => {
    expect(parseTimestamp(raw)).toBe(want);
  });
  it("reads ISO 8601 exactly as Date.parse does, edge cases included", () => {
    const edge = [
      "2025-02-30T00:00:00Z",
      "2024-02-29T23:59:59.999Z",
      "2025-13-01T00:00:00Z",
      "2025-00-10T00:00:00Z",
      "2025-01-00T00:00:00Z",
      "2025-01-01T24:00:00Z",
      "2025-01-01T23:60:00Z",
      "2025-01-01T23:59:60Z",
      "0099-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z",
      "2025-01-01T00:00:00.1Z",
      "2025-01-01T00:00:00.123456Z",
      "2025-01-01T00:00:00+02:00",
      "2025-01-01 00:00:00Z",
      "2025-01-01T00:00:0aZ",
      "+002025-01-01T00:00:00Z",
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pad = (v: number, w: number) => String(v).padStart(w, "0");
    const random = Array.from({ length: 2000 }, () => {
      const base = `${pad(1900 + rand(300), 4)}-${pad(rand(14), 2)}-${pad(rand(33), 2)}T${pad(rand(26), 2)}:${pad(rand(61), 2)}:${pad(rand(61), 2)}`;
      return rand(2) ? `${base}Z` : `${base}.${pad(rand(1000), 3)}Z`;
    });
    for (const s of [...edge, ...random]) expect(parseTimestamp(s), s).toBe(Date.parse(s.trim()));
    // Beyond Date.parse: milliseconds after a comma, as Python's logging and log4j write them.
    expect(parseTimestamp("2025-01-01T00:00:00,123Z")).toBe(Date.parse("2025-01-01T00:00:00.123Z"));
    expect(parseTimestamp("2025-01-01 00:00:00,5+02:00")).toBe(Date.parse("2025-01-01 00:00:00.5+02:00"));
    expect(parseTimestamp("2025-01-01 00:00:00,x")).toBeNaN();
  });
  it("reads runs of stamps in one minute (the parser remembers the last minute) as Date.parse does", () => {
    const start = Date.parse("2024-02-29T23:58:00Z");
    const stamps: string[] = [];
    for (let i = 0; i < 400; i++) {
      const iso = new Date(start + i * 997).toISOString();
      stamps.push(iso, iso.replace(/\.\d{3}Z$/, "Z"));
      // Junk sharing the remembered minute must not borrow it.
      if (i % 50 === 0) stamps.push(`${iso.slice(0, 17)}6aZ`, `${iso.slice(0, 17)}00.1x3Z`, `${iso.slice(0, 17)}61Z`, `${iso.slice(0, 16)}x00Z`);
      // A stamp one character away from the remembered minute, at its first character, is another minute.
      if (i % 50 === 1) stamps.push(`1${iso.slice(1)}`, iso);
    }
    for (const s of stamps) expect(parseTimestamp(s), s).toBe(Date.parse(s));
  });
  it("is NaN for junk", () => {
    expect(parseTimestamp("yesterday-ish")).toBeNaN();
    expect(parseTimestamp({})).toBeNaN();
  });
});

describe("normalizeLog", () => {
  it("names a service sent as an object by its name (Elastic ECS), else by its JSON text, whatever keys the object has", () => {
    expect(normalizeLog({ message: "m", service: { name: "order-history", type: "java" } }, 0)).toMatchObject({
      ok: true,
      record: { service: "order-history" },
    });
    const hostile = normalizeLog(JSON.parse('{"message":"m","service":{"toString":1}}'), 0);
    expect(hostile).toMatchObject({ ok: true, record: { service: '{"toString":1}' } });
    const mysql = normalizeLog({ message: "slow query", service: { type: "mysql" } }, 1);
    expect(mysql).toMatchObject({ ok: true, record: { service: '{"type":"mysql"}' } });
    expect(normalizeLog({ message: "m", service: 42 }, 2)).toMatchObject({ ok: true, record: { service: "42" } });
  });

  it("rejects non-objects and messageless entries with a reason", () => {
    expect(normalizeLog(null, 0)).toEqual({ ok: false, reason: "entry is null, not a JSON object" });
    expect(normalizeLog([1], 0)).toMatchObject({ ok: false, reason: expect.stringContaining("array") });
    expect(normalizeLog({ level: "INFO" }, 0)).toMatchObject({ ok: false, reason: expect.stringContaining("no message") });
  });
  it("uses the fallback time when the log has none, and keeps the producer's ISO string", () => {
    const a = normalizeLog({ message: "m" }, 3, 1_700_000_000_000);
    expect(a.ok && a.record.timestamp).toBe("2023-11-14T22:13:20.000Z");
    const b = normalizeLog({ message: "m", timestamp: "2025-09-19T07:49:29Z" }, 3);
    expect(b.ok && b.record.timestamp).toBe("2025-09-19T07:49:29Z");
    expect(b.ok && b.record.service).toBe("unknown");
  });
  it("takes the first alias in the documented order, whatever the order of the fields", () => {
    const r = normalizeLog({ log: "second", message: "first", severity: "error", lvl: "debug", duration: 5, latency_ms: 9, app: "a", service: "" }, 0);
    expect(r.ok && r.record).toMatchObject({ message: "first", level: "ERROR", responseTimeMs: 9, service: "a" });
    const s = normalizeLog({ msg: "", text: "t", constructor: "x", toString: 1 }, 0);
    expect(s.ok && s.record).toMatchObject({ message: "t", level: "INFO", service: "unknown" });
  });
  it("reads an end-to-end time before a step's, in its own unit or milliseconds", () => {
    // A push gateway's line: the provider call took 158 ms, the notification waited 59 s in all.
    const tracing = normalizeLog(
      {
        timestamp: "2024-08-11T09:01:03.395016Z",
        level: "INFO",
        fields: { message: "push delivered", latency: "158.903ms", end_to_end: "2m6.355s" },
        target: "pushgw::fcm",
      },
      0,
    );
    expect(tracing.ok && tracing.record.responseTimeMs).toBeCloseTo(126_355, 3);
    const flat = normalizeLog({ message: "order placed", latency_ms: 40, end_to_end_ms: 2300, service: "checkout" }, 0);
    expect(flat.ok && flat.record.responseTimeMs).toBe(2300);
    const alone = normalizeLog({ message: "order placed", latency_ms: 40, service: "checkout" }, 0);
    expect(alone.ok && alone.record.responseTimeMs).toBe(40);
  });
  it("reads a log the same whatever the key order of the logs before it", () => {
    // Keys remembered by position from one producer must not be read as another's at that position.
    const logs = [
      { message: "disk full", level: "error", service: "db", latency_ms: 12 },
      { level: "warn", service: "api", message: "slow call", latency_ms: 40 },
      { service: "api", latency_ms: 7, message: "ok", level: "info" },
      { message: "disk full", level: "error", service: "db", latency_ms: 12 },
      { msg: "x", lvl: "debug", app: "c", took_ms: 3, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, message: "late" },
      { message: "disk full", level: "error", service: "db", latency_ms: 12 },
    ];
    const alone = logs.map((l, i) => {
      // Each log after one with no keys in common: what it reads on its own.
      normalizeLog({ zz: 1, yy: 2, xx: 3, ww: 4, vv: 5 }, 0);
      return normalizeLog(l, i);
    });
    const inTurn = logs.map((l, i) => normalizeLog(l, i));
    expect(inTurn).toEqual(alone);
    expect(inTurn.map((r) => r.ok && [r.record.message, r.record.level, r.record.service, r.record.responseTimeMs])).toEqual([
      ["disk full", "ERROR", "db", 12],
      ["slow call", "WARNING", "api", 40],
      ["ok", "INFO", "api", 7],
      ["disk full", "ERROR", "db", 12],
      ["late", "DEBUG", "c", 3],
      ["disk full", "ERROR", "db", 12],
    ]);
  });
  it("reads MongoDB's, Elasticsearch's slow log's, hclog's, Serilog's, MySQL's, Kubernetes events' and journald's own JSON", () => {
    const mongo = normalizeLog(
      { t: { $date: "2024-05-01T15:16:17.180+00:00" }, s: "W", c: "COMMAND", id: 51803, ctx: "conn42", msg: "Slow query", attr: { durationMillis: 1520 } },
      0,
    );
    expect(mongo.ok && mongo.record).toMatchObject({
      message: "Slow query",
      level: "WARNING",
      timestampMs: Date.parse("2024-05-01T15:16:17.180Z"),
      responseTimeMs: 1520,
    });
    // Elasticsearch's slow log in its ECS JSON: the time is a string of milliseconds beside "7.6s".
    const slowlog = normalizeLog(
      {
        "@timestamp": "2026-10-28T10:23:27.982Z",
        "log.level": "WARN",
        message: "[products-v13][0]",
        "service.name": "elasticsearch",
        "elasticsearch.slowlog.took": "7.6s",
        "elasticsearch.slowlog.took_millis": "7608",
      },
      0,
    );
    expect(slowlog.ok && slowlog.record).toMatchObject({ level: "WARNING", service: "elasticsearch", responseTimeMs: 7608 });
    const longDate = normalizeLog({ t: { $date: { $numberLong: "1714576577180" } }, s: "E", msg: "x" }, 1);
    expect(longDate.ok && longDate.record).toMatchObject({ level: "ERROR", timestampMs: 1714576577180 });
    const hclog = normalizeLog(
      { "@level": "warn", "@message": "member failed", "@module": "agent.server.serf.lan", "@timestamp": "2024-05-01T15:16:17.180000Z" },
      2,
    );
    expect(hclog.ok && hclog.record).toMatchObject({ message: "member failed", level: "WARNING", service: "agent.server.serf.lan" });
    const serilog = normalizeLog(
      { Timestamp: "2024-05-01T15:16:17.180Z", Level: "Information", MessageTemplate: "Done in {Elapsed} ms", RenderedMessage: "Done in 12 ms" },
      3,
    );
    expect(serilog.ok && serilog.record).toMatchObject({ message: "Done in 12 ms", level: "INFO", timestampMs: Date.parse("2024-05-01T15:16:17.180Z") });
    const clef = normalizeLog({ "@t": "2024-05-01T15:16:17.180Z", "@mt": "Done in {Elapsed} ms", "@l": "Error" }, 4);
    expect(clef.ok && clef.record).toMatchObject({ message: "Done in {Elapsed} ms", level: "ERROR" });
    const mysql = normalizeLog({ prio: 2, time: "2024-05-01T15:16:17.180Z", label: "Warning", msg: "Lock wait timeout exceeded" }, 5);
    expect(mysql.ok && mysql.record.level).toBe("WARNING");
    const event = normalizeLog(
      { type: "Warning", reason: "BackOff", message: "Back-off restarting failed container", lastTimestamp: "2024-05-01T15:16:17Z" },
      6,
    );
    expect(event.ok && event.record).toMatchObject({ level: "WARNING", timestampMs: Date.parse("2024-05-01T15:16:17Z") });
    // journalctl -o json: upper-case fields, the time in microseconds as a string.
    const journal = normalizeLog(
      {
        __REALTIME_TIMESTAMP: "1720310630761057",
        PRIORITY: "3",
        SYSLOG_IDENTIFIER: "kernel",
        MESSAGE: "ata1.00: failed command: READ FPDMA QUEUED",
        _HOSTNAME: "db-2",
      },
      7,
    );
    expect(journal.ok && journal.record).toMatchObject({
      message: "ata1.00: failed command: READ FPDMA QUEUED",
      level: "ERROR",
      service: "kernel",
      timestampMs: 1720310630761.057,
    });
  });

  it("takes `s`, `label` and `type` for a level only when they name one, and `t` for a time only as MongoDB's date", () => {
    const other = normalizeLog({ msg: "[error] upstream timed out", type: "request", label: "checkout", s: "ok", t: 3 }, 0, 1_700_000_000_000);
    // The line's own "[error]" still says its level; the fallback time stands.
    expect(other.ok && other.record).toMatchObject({ level: "ERROR", timestampMs: 1_700_000_000_000 });
    // A letter is a level in MongoDB's `s` only.
    const code = normalizeLog({ msg: "record stored", type: "D", label: "E" }, 1);
    expect(code.ok && code.record.level).toBe("INFO");
  });

  it("reads structlog, OpenTelemetry, ECS, log4j2 and PostgreSQL spellings", () => {
    const structlog = normalizeLog({ event: "rate limit hit", level: "warning", timestamp: "2025-09-19T08:00:00Z", service: "api" }, 0);
    expect(structlog.ok && [structlog.record.message, structlog.record.level]).toEqual(["rate limit hit", "WARNING"]);
    const ecs = normalizeLog(
      { "@timestamp": "2025-09-19T08:00:00Z", "log.level": "error", message: "upstream failed", "service.name": "ingress", event: { dataset: "nginx" } },
      1,
    );
    expect(ecs.ok && [ecs.record.message, ecs.record.level, ecs.record.service]).toEqual(["upstream failed", "ERROR", "ingress"]);
    const log4j2 = normalizeLog({ timeMillis: 1758268800123, level: "INFO", message: "batch done", loggerName: "x" }, 2);
    expect(log4j2.ok && log4j2.record.timestampMs).toBe(1758268800123);
    const pg = normalizeLog({ timestamp: "2025-09-19T08:00:00Z", error_severity: "FATAL", message: "could not write: No space left on device" }, 3);
    expect(pg.ok && pg.record.level).toBe("CRITICAL");
  });

  it("takes a syslog line's program as its service, after every service field", () => {
    const programs = [
      [{ host: "db-01", programname: "snapd", severity: "err", message: "cannot refresh snaps" }, "snapd"], // rsyslog's JSON template
      [{ MESSAGE: "x", message: "oom-kill", SYSLOG_IDENTIFIER: "kernel", PRIORITY: "3" }, "kernel"], // journald
      [{ appname: "sshd", message: "Accepted publickey" }, "sshd"], // RFC 5424's APP-NAME
      [{ app_name: "cron", message: "job started" }, "cron"],
      [{ program: "postfix/smtpd", message: "connect from" }, "postfix/smtpd"], // syslog-ng
      [{ service: "billing", programname: "node", message: "m" }, "billing"],
      // pino's and Bunyan's application name, beside the pid and hostname both write.
      [{ level: 30, time: 1, pid: 1, hostname: "payments-7f9c", name: "payments-api", msg: "m" }, "payments-api"],
      [{ level: 30, pid: 1, hostname: "h", name: "payments-api", service: "billing", msg: "m" }, "billing"],
      // Elsewhere a name is anyone's.
      [{ message: "user signed up", name: "Ada Lovelace" }, "unknown"],
      [{ message: "m", name: "x", pid: 4 }, "unknown"],
      // Rust's tracing-subscriber JSON: the crate of the event's module path.
      [{ timestamp: "2025-10-31T21:18:00.150Z", level: "INFO", fields: { message: "session resumed" }, target: "game_server::session" }, "game_server"],
      [{ level: "WARN", fields: { message: "m" }, target: "relay" }, "relay"],
      [{ level: "WARN", fields: { message: "m" }, target: "relay::io", service: "edge" }, "edge"],
      // Elsewhere a target is anything (a URL the log is about).
      [{ message: "webhook delivered", target: "https://hooks.example.com/x" }, "unknown"],
    ] as const;
    programs.forEach(([raw, service], i) => {
      const r = normalizeLog(raw, i);
      expect(r.ok && r.record.service).toBe(service);
    });
  });

  it("reads a memory fraction as a percentage", () => {
    const r = normalizeLog({ message: "m", memory_usage: 0.93 }, 0);
    expect(r.ok && r.record.memoryPct).toBeCloseTo(93);
  });

  it("reads a 5xx status field as a failed request: ERROR, whatever the access logger's level", () => {
    const level = (raw: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "request completed", level: "info", ...raw }, 0);
      return r.ok ? r.record.level : undefined;
    };
    expect(level({ status: 503 })).toBe("ERROR");
    expect(level({ "http.response.status_code": "502" })).toBe("ERROR");
    expect(level({ res: { statusCode: 500 } })).toBe("ERROR");
    expect(level({ request: { method: "POST", path: "/api/events", status: 500 } })).toBe("ERROR");
    expect(level({ response: { status: 502 } })).toBe("ERROR");
    expect(level({ http: { request: { method: "GET" }, response: { status_code: 503 } } })).toBe("ERROR");
    expect(level({ request: "GET /x HTTP/1.1", status: 200 })).toBe("INFO");
    expect(level({ request: "GET /x HTTP/1.1", response: { status: 200 } })).toBe("INFO");
    expect(level({ status: 429 })).toBe("INFO");
    expect(level({ status: "SERVING" })).toBe("INFO");
    expect(level({ status: 503, level: "fatal" })).toBe("CRITICAL");
  });

  it("reads a DNS query the server failed (SERVFAIL) as an ERROR, from its rcode field or a CoreDNS query line", () => {
    const level = (e: Record<string, unknown>) => {
      const r = normalizeLog({ message: "q", level: "info", ...e }, 0);
      return r.ok ? r.record.level : undefined;
    };
    expect(level({ rcode: "SERVFAIL" })).toBe("ERROR");
    expect(level({ "dns.response_code": "servfail" })).toBe("ERROR");
    expect(level({ rcode: "NOERROR" })).toBe("INFO");
    expect(level({ rcode: "NXDOMAIN" })).toBe("INFO");
    expect(level({ message: '10.244.1.9:60126 - 38361 "A IN s3.amazonaws.com. udp 60 false 512" SERVFAIL qr,rd 47 2.006348s' })).toBe("ERROR");
    expect(level({ message: '10.244.1.9:60126 - 38361 "A IN s3.amazonaws.com. udp 60 false 512" NOERROR qr,rd 47 0.0004s' })).toBe("INFO");
    expect(level({ message: "alert rule SERVFAIL rate above 5% resolved" })).toBe("INFO");
  });

  it("reads the memory percent fields and used/total pairs producers write", () => {
    const redis = normalizeLog({ message: "redis memory", used_memory_pct: 96.5 }, 0);
    expect(redis.ok && redis.record.memoryPct).toBeCloseTo(96.5);
    const node = normalizeLog({ msg: "memory stats", heapUsedMB: 1900, heapTotalMB: 2000, rssMB: 2400 }, 1);
    expect(node.ok && node.record.memoryPct).toBeCloseTo(95);
    const raw = normalizeLog({ msg: "memory stats", heapUsed: 10_000_000, heapTotal: 2_000_000_000 }, 2);
    expect(raw.ok && raw.record.memoryPct).toBeCloseTo(0.5);
    const valkey = normalizeLog({ msg: "info", used_memory: 3_000, maxmemory: 4_000 }, 3);
    expect(valkey.ok && valkey.record.memoryPct).toBeCloseTo(75);
    // A worker's resident set against its container's limit, as memory watchdogs report it.
    const worker = normalizeLog({ event: "worker memory", rss_mb: 3072, limit_mb: 4096 }, 6);
    expect(worker.ok && worker.record.memoryPct).toBeCloseTo(75);
    const rssBytes = normalizeLog({ event: "worker memory", rss_bytes: 1_073_741_824, limit_bytes: 4_294_967_296 }, 7);
    expect(rssBytes.ok && rssBytes.record.memoryPct).toBeCloseTo(25);
    // A resident set alone has nothing to be a share of.
    const alone = normalizeLog({ event: "worker memory", rss_mb: 3686 }, 8);
    expect(alone.ok && alone.record.memoryPct).toBeUndefined();
    // Two halves of different pairs (MB and bytes) are not one reading; a percent field wins.
    const mixed = normalizeLog({ msg: "m", heapUsedMB: 1900, heapTotal: 2_000_000_000 }, 4);
    expect(mixed.ok && mixed.record.memoryPct).toBeUndefined();
    const both = normalizeLog({ msg: "m", memory_pct: 40, heapUsedMB: 1900, heapTotalMB: 2000 }, 5);
    expect(both.ok && both.record.memoryPct).toBe(40);
  });

  it("reads a response time sent as a duration with its unit, as Go and Rust loggers write it", () => {
    const rt = (took: unknown) => {
      const r = normalizeLog({ msg: "apply request took too long", took }, 0);
      return r.ok ? r.record.responseTimeMs : "skipped";
    };
    expect(rt("1233.828889ms")).toBeCloseTo(1233.828889, 6);
    expect(rt("2.661152381s")).toBeCloseTo(2661.152381, 6);
    expect(rt("1m3.5s")).toBe(63_500);
    expect(rt("150µs")).toBeCloseTo(0.15, 9);
    expect(rt("812")).toBe(812);
    expect(rt(15)).toBe(15);
    expect(rt("soon")).toBeUndefined();
    expect(rt("12 parsecs")).toBeUndefined();
  });

  it("reads a response time in the unit its key names, and ISO 8601 durations", () => {
    const rt = (extra: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "served", ...extra }, 0);
      return r.ok ? r.record.responseTimeMs : "skipped";
    };
    expect(rt({ latency_us: 48_210 })).toBeCloseTo(48.21, 9);
    expect(rt({ latency_us: "48210" })).toBeCloseTo(48.21, 9);
    expect(rt({ duration_ns: 11_840_240 })).toBeCloseTo(11.84024, 9);
    expect(rt({ duration_s: 1.5 })).toBe(1500);
    expect(rt({ elapsed_seconds: "0.25" })).toBe(250);
    expect(rt({ durationMs: 42 })).toBe(42);
    // go-grpc-middleware's zap and logrus interceptors: a call's time in ms, as a dotted key.
    expect(rt({ "grpc.code": "OK", "grpc.time_ms": 402.158 })).toBeCloseTo(402.158, 9);
    // A unit in the value wins over the key's.
    expect(rt({ duration_s: "250ms" })).toBe(250);
    expect(rt({ duration: "PT4.89S" })).toBeCloseTo(4890, 9);
    expect(rt({ duration: "PT1M3.5S" })).toBe(63_500);
    expect(rt({ duration: "P1DT2H" })).toBe(26 * 3_600_000);
    expect(rt({ duration: "PT" })).toBeUndefined();
    expect(rt({ duration: "P" })).toBeUndefined();
    // The ms key wins over a unit-suffixed one when a log has both.
    expect(rt({ latency_ms: 7, latency_us: 9000 })).toBe(7);
  });

  it("reads an unsuffixed duration of Go's slog (time, level, msg first) as the nanoseconds slog writes, any other as ms", () => {
    const rt = (log: Record<string, unknown>) => {
      const r = normalizeLog(log, 0);
      return r.ok ? r.record.responseTimeMs : "skipped";
    };
    const t = "2025-06-05T17:32:18.303621468Z";
    expect(rt({ time: t, level: "INFO", msg: "request", elapsed: 71_734_368 })).toBeCloseTo(71.734368, 9);
    expect(rt({ time: t, level: "INFO", source: { file: "main.go", line: 42 }, msg: "request", latency: 2_500_000_000 })).toBe(2500);
    expect(rt({ time: t, level: "INFO", msg: "request", duration: 1_200_000 })).toBeCloseTo(1.2, 9);
    // A unit in the key or the value is the producer's word: slog's order changes nothing then.
    expect(rt({ time: t, level: "INFO", msg: "request", elapsed_ms: 71 })).toBe(71);
    expect(rt({ time: t, level: "INFO", msg: "request", elapsed: "71.7ms" })).toBeCloseTo(71.7, 9);
    // A fraction is not a count of nanoseconds (zerolog writes float ms).
    expect(rt({ time: t, level: "INFO", msg: "request", elapsed: 71.7 })).toBeCloseTo(71.7, 9);
    // Other openings are other producers' (logrus sorts its keys: level, msg, time): ms, as documented.
    expect(rt({ level: "info", msg: "request", time: t, elapsed: 71 })).toBe(71);
    expect(rt({ time: t, msg: "request", level: "INFO", elapsed: 71 })).toBe(71);
    expect(rt({ level: "INFO", time: t, message: "request", elapsed: 71 })).toBe(71);
  });

  it("reads an unsuffixed duration of zap's production encoder (level, ts in epoch seconds, msg first) as the seconds zap writes", () => {
    const rt = (log: Record<string, unknown>) => {
      const r = normalizeLog(log, 0);
      return r.ok ? r.record.responseTimeMs : "skipped";
    };
    // Caddy's access log.
    const caddy = { level: "info", ts: 1646861401.5241024, logger: "http.log.access.log0", msg: "handled request", size: 12, status: 200, duration: 0.000812 };
    expect(rt(caddy)).toBeCloseTo(0.812, 9);
    expect(rt({ level: "info", ts: 1646861401.52, caller: "api/handler.go:88", msg: "served", latency: 2 })).toBe(2000);
    expect(rt({ level: "info", ts: 1646861401.52, logger: "api", caller: "api/handler.go:88", msg: "served", took: 0.25 })).toBe(250);
    // A unit in the key or the value keeps its meaning; an ISO ts is another encoder's (ms).
    expect(rt({ level: "info", ts: 1646861401.52, msg: "served", duration_ms: 12 })).toBe(12);
    expect(rt({ level: "info", ts: 1646861401.52, msg: "served", duration: "12ms" })).toBe(12);
    expect(rt({ level: "info", ts: "2025-06-05T17:32:18Z", msg: "served", duration: 12 })).toBe(12);
    expect(rt({ ts: 1646861401.52, level: "info", msg: "served", duration: 12 })).toBe(12);
  });

  it("reads OpenTelemetry's severity_number on its own scale, and journald's PRIORITY as syslog's", () => {
    const level = (e: Record<string, unknown>) => {
      const r = normalizeLog({ body: "b", ...e }, 0);
      return r.ok ? r.record.level : undefined;
    };
    expect(level({ severity_number: 5 })).toBe("DEBUG");
    expect(level({ severity_number: 9 })).toBe("INFO");
    expect(level({ severity_number: 13 })).toBe("WARNING");
    expect(level({ severity_number: 17 })).toBe("ERROR");
    expect(level({ severity_number: "21" })).toBe("CRITICAL");
    expect(level({ severity_number: 99 })).toBe("INFO");
    expect(level({ severity_number: 17, severity_text: "WARN" })).toBe("WARNING");
    expect(level({ PRIORITY: "3" })).toBe("ERROR");
    expect(level({ PRIORITY: "6" })).toBe("INFO");
  });

  it("reads Elastic ECS nested as Filebeat writes it: log.level, event.duration in nanoseconds", () => {
    const r = normalizeLog(
      { "@timestamp": "2024-04-29T21:35:14.871Z", log: { level: "WARN", logger: "c.x" }, message: "slow", event: { dataset: "x", duration: 2_500_000_000 } },
      0,
    );
    expect(r.ok && r.record.level).toBe("WARNING");
    expect(r.ok && r.record.responseTimeMs).toBe(2500);
    expect(r.ok && r.record.message).toBe("slow");
    // A flattened level wins over the nested one; an object alone is still a message, as before.
    const flat = normalizeLog({ "log.level": "error", log: { level: "info" }, message: "m" }, 0);
    expect(flat.ok && flat.record.level).toBe("ERROR");
    const alone = normalizeLog({ event: { action: "login", outcome: "failure" } }, 0);
    expect(alone.ok && alone.record.message).toBe('{"action":"login","outcome":"failure"}');
    // A raw line without a level field loses its terminal colours, and its level word is read.
    const colours = normalizeLog({ log: "\u001b[31mERROR\u001b[0m disk full\n", stream: "stderr" }, 0);
    expect(colours.ok && colours.record).toMatchObject({ message: "ERROR disk full\n", level: "ERROR" });
    const levelled = normalizeLog({ log: "\u001b[32mok\u001b[0m", level: "info" }, 0);
    expect(levelled.ok && levelled.record.message).toBe("\u001b[32mok\u001b[0m");
    // Docker's json-file `log` string stays the message.
    const docker = normalizeLog({ log: "GET / 200\n", stream: "stdout", time: "2024-04-29T21:35:14.871Z" }, 0);
    expect(docker.ok && docker.record.message).toBe("GET / 200\n");
  });

  it("reads a field one level down, in the containers producers nest them in, when the top level has none", () => {
    const laravel = normalizeLog(
      { message: "GET / 200", level: "INFO", context: { route: "/", status: 503, duration_ms: 1489.8 }, extra: { host: "php-a" } },
      0,
    );
    expect(laravel.ok && laravel.record.responseTimeMs).toBe(1489.8);
    expect(laravel.ok && laravel.record.level).toBe("ERROR");
    const otel = normalizeLog(
      { body: "lookup ok", severity_text: "INFO", resource: { "service.name": "ldap-proxy" }, attributes: { heap_used_pct: 93, trace_id: "t1" } },
      1,
    );
    expect(otel.ok && otel.record.service).toBe("ldap-proxy");
    expect(otel.ok && otel.record.memoryPct).toBe(93);
    expect(otel.ok && otel.record.traceId).toBe("t1");
    // The top level wins; objects that are not containers are not read (a request's own `duration`).
    const top = normalizeLog({ msg: "done", duration_ms: 12, context: { duration_ms: 900 } }, 2);
    expect(top.ok && top.record.responseTimeMs).toBe(12);
    const other = normalizeLog({ msg: "done", job: { duration_ms: 900 } }, 3);
    expect(other.ok && other.record.responseTimeMs).toBeUndefined();
    const notObject = normalizeLog({ msg: "done", context: "web", attributes: [1, 2] }, 4);
    expect(notObject.ok && notObject.record.responseTimeMs).toBeUndefined();
  });

  it("reads memory running out from the fields producers put a line's exception in, as a reading with its words", () => {
    const read = (raw: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "batch failed", level: "error", ...raw }, 0);
      if (!r.ok) throw new Error(r.reason);
      return { words: r.record.memoryWording, pct: r.record.memoryPct };
    };
    // Python's JSON loggers, PyTorch's own exception type.
    expect(read({ exc_type: "torch.cuda.OutOfMemoryError", exc_msg: "CUDA out of memory. Tried to allocate 1.50 GiB" })).toEqual({
      words: "OutOfMemory",
      pct: 100,
    });
    // The type names nothing; its message does.
    expect(read({ exc_type: "RuntimeError", exc_msg: "CUDA out of memory" })).toEqual({ words: "out of memory", pct: 100 });
    // pino's err object, logstash-logback-encoder's stack trace, ECS's flattened error.
    expect(read({ err: { type: "Error", message: "Reached heap limit Allocation failed - JavaScript heap out of memory", stack: "Error: ..." } })).toEqual({
      words: "out of memory",
      pct: 100,
    });
    expect(read({ stack_trace: "java.lang.OutOfMemoryError: GC overhead limit exceeded\n\tat java.util.HashMap.resize" }).words).toBe("OutOfMemory");
    expect(read({ "error.message": "GC overhead limit exceeded" })).toEqual({ words: "GC overhead limit exceeded", pct: 98 });
    // Kubernetes' reason for a container's end.
    expect(read({ msg: "container terminated", reason: "OOMKilled", exit_code: 137 })).toEqual({ words: "OOMKilled", pct: 100 });
    expect(read({ msg: "container terminated", reason: "Completed", exit_code: 0 })).toEqual({ words: undefined, pct: undefined });
    // A Python traceback ends with its exception, however many frames come first.
    const frames = Array.from({ length: 120 }, (_, i) => `  File "/app/batch.py", line ${i}, in step_${i}\n    do_step()`).join("\n");
    expect(frames.length).toBeGreaterThan(5000);
    expect(read({ exc_info: `Traceback (most recent call last):\n${frames}\nMemoryError` }).words).toBe("MemoryError");
    // Other failures are not memory; a memory field the log sends is its reading.
    expect(read({ exc_type: "KeyError", exc_msg: "'user_id'", error: "connection reset by peer" })).toEqual({ words: undefined, pct: undefined });
    expect(read({ exception: "OutOfMemoryError", memory_pct: 71 })).toEqual({ words: "OutOfMemory", pct: 71 });
    expect(read({ error: true, err: null, stack: 12 })).toEqual({ words: undefined, pct: undefined });
  });

  it("reads a timeout from the fields producers put a line's exception in, with its words", () => {
    const read = (raw: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "reserve stock failed", level: "warn", ...raw }, 0);
      if (!r.ok) throw new Error(r.reason);
      return r.record.timeoutWording;
    };
    // zap's error field, gRPC's status as Go spells it; pino's err object; a Java stack trace.
    expect(read({ error: "rpc error: code = DeadlineExceeded desc = context deadline exceeded" })).toBe("DeadlineExceeded");
    expect(read({ err: { type: "TimeoutError", message: "Timeout reading from socket" } })).toBe("Timeout");
    expect(read({ stack_trace: "java.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream" })).toBe("timed out");
    expect(read({ error: "connection reset by peer" })).toBeUndefined();
    expect(read({})).toBeUndefined();
  });

  it("reads the first line of a line's exception, digits masked, as the kind of failure it reports", () => {
    const read = (raw: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "webhook delivery failed, will retry", level: "warn", ...raw }, 0);
      if (!r.ok) throw new Error(r.reason);
      return r.record.exception;
    };
    expect(read({ error: 'Post "https://erp.acme.example/hooks": dial tcp 10.4.0.17:443: connect: connection refused' })).toBe(
      'Post "https://erp.acme.example/hooks": dial tcp #.#.#.#:#: connect: connection refused',
    );
    // A Java stack trace's first line is its exception; pino's err object, its type then message.
    expect(read({ stack_trace: "\n  java.net.ConnectException: Connection refused\n\tat java.net.Socket.connect(Socket.java:609)" })).toBe(
      "java.net.ConnectException: Connection refused",
    );
    expect(read({ err: { type: "TypeError", message: "Cannot read properties of undefined (reading 'id')" } })).toBe("TypeError");
    // Cut to a head, so that one long exception text is not kept per line.
    expect(read({ error: `x${"y".repeat(500)}` })).toHaveLength(120);
    // Empty exception fields say no failure; neither does a log without them.
    expect(read({ error: null, err: {}, stack: "   " })).toBeUndefined();
    expect(read({ error: false })).toBeUndefined();
    expect(read({})).toBeUndefined();
  });

  it("reads an access log in JSON that writes no message as its request line and status", () => {
    const read = (raw: Record<string, unknown>) => {
      const r = normalizeLog({ ts: 1_743_618_038.622, ...raw }, 0);
      return r.ok ? { message: r.record.message, level: r.record.level, ms: r.record.responseTimeMs } : r.reason;
    };
    // nginx's $request and $request_time (seconds); a 5xx is a request the server failed.
    expect(read({ remote_addr: "81.2.3.4", request: "GET /cart HTTP/2.0", status: 504, request_time: 60.001 })).toEqual({
      message: "GET /cart HTTP/2.0 504",
      level: "ERROR",
      ms: 60_001,
    });
    expect(read({ request_method: "POST", request_uri: "/api/login", status: 401, request_time: 0.08 })).toEqual({
      message: "POST /api/login 401",
      level: "INFO",
      ms: 80,
    });
    // A CDN's method, url and time to first byte; no status, no status in the message.
    expect(read({ method: "GET", url: "/v3/video/seg-9.m4s", time_to_first_byte_ms: 14852.46 })).toEqual({
      message: "GET /v3/video/seg-9.m4s",
      level: "INFO",
      ms: 14852.46,
    });
    // A message, when there is one, is the message; a method alone is not a request.
    expect(read({ msg: "cart viewed", request: "GET /cart HTTP/2.0", status: 200 })).toMatchObject({ message: "cart viewed" });
    expect(read({ method: "GET", status: 200 })).toBe(
      "no message field (message, msg, log, text, body, event) and no request (request, or a method and a path)",
    );
    expect(read({ request: { method: "GET" }, url: "/x" })).toMatch(/^no message field/);
    // Envoy's JSON access log: its `response_code`, then what its text format writes after the
    // status (flags, the upstream connection's failure, the status's details) when it says anything.
    expect(
      read({
        method: "POST",
        path: "/v1/authorizations",
        response_code: 503,
        response_flags: "UF",
        upstream_transport_failure_reason: "TLS error: CERTIFICATE_VERIFY_FAILED",
        response_code_details: "upstream_reset_before_response_started{connection_failure}",
        duration: 12,
      }),
    ).toMatchObject({
      message: "POST /v1/authorizations 503 UF TLS error: CERTIFICATE_VERIFY_FAILED upstream_reset_before_response_started{connection_failure}",
      level: "ERROR",
      ms: 12,
    });
    expect(
      read({
        method: "GET",
        path: "/r",
        response_code: 200,
        response_flags: "-",
        upstream_transport_failure_reason: null,
        response_code_details: "via_upstream",
      }),
    ).toMatchObject({
      message: "GET /r 200",
    });
  });

  const route = (raw: Record<string, unknown>): string | undefined => {
    const r = normalizeLog({ msg: "request finished", ...raw }, 0);
    return r.ok ? r.record.route : "skipped";
  };

  it("reads the route a request took from the fields access loggers name it in, the first in the documented order", () => {
    expect(route({ path: "/search/logs", took_ms: 700 })).toBe("/search/logs");
    expect(route({ "http.route": "/v2/products/{id}/price", "url.path": "/v2/products/138842/price" })).toBe("/v<*>/products/{id}/price");
    expect(route({ uri: "/a", route: "/b" })).toBe("/b");
    expect(route({ endpoint: "/e" })).toBe("/e");
    expect(route({ request_path: "/rp" })).toBe("/rp");
    expect(route({ request_uri: "/ru" })).toBe("/ru");
    // ECS's nested url object, pino-http's req object, a plain url.
    expect(route({ url: { path: "/ecs/path", original: "/ecs/path?x=1" } })).toBe("/ecs/path");
    expect(route({ req: { method: "GET", url: "/pino/7?x=1" } })).toBe("/pino/<*>");
    expect(route({ url: "/plain" })).toBe("/plain");
    // One level down, in the containers (OpenTelemetry's attributes), when the top level has none.
    expect(route({ attributes: { "http.route": "/otel/{id}" } })).toBe("/otel/{id}");
    expect(route({ path: "/top", context: { path: "/nested" } })).toBe("/top");
    // Rust's tracing JSON: the message in `fields`, the request in the current `span`.
    const tracing = normalizeLog(
      {
        timestamp: "2025-08-05T09:55:33.192Z",
        level: "INFO",
        fields: { message: "finished processing request", latency_ms: 62 },
        span: { method: "POST", uri: "/v1/sessions/29lEKi49/refresh", name: "request" },
      },
      0,
    );
    expect(tracing.ok && [tracing.record.message, tracing.record.route, tracing.record.responseTimeMs]).toEqual([
      "finished processing request",
      "/v<*>/sessions/<*>/refresh",
      62,
    ]);
    // The task or job a worker ran, last: what was asked for.
    expect(route({ task_name: "exports.tasks.export_csv" })).toBe("exports.tasks.export_csv");
    expect(route({ job_class: "InvoiceMailerJob" })).toBe("InvoiceMailerJob");
    expect(route({ attributes: { "temporal.activity_type": "ScreenTransaction" } })).toBe("ScreenTransaction");
    expect(route({ ActivityType: "ChargeCard", path: "/first" })).toBe("/first");
    // A string only: an object or a number names no route, and the next alias may.
    expect(route({ route: { name: "x" }, path: "/after" })).toBe("/after");
    expect(route({ path: 42 })).toBeUndefined();
    expect(route({ path: "" })).toBeUndefined();
    expect(route({})).toBeUndefined();
  });

  it("joins a cache's answer to the route: a miss goes to the origin, a hit does not", () => {
    expect(route({ url: "/v3/img/p/85168.webp", cache_status: "MISS" })).toBe("/v<*>/img/p/<*>.webp MISS");
    expect(route({ url: "/v3/img/p/85168.webp", cache_status: "HIT" })).toBe("/v<*>/img/p/<*>.webp HIT");
    // nginx's $upstream_cache_status, CloudFront's result type, Varnish's X-Cache ("HIT, MISS"): the first word.
    expect(route({ uri: "/a", upstream_cache_status: "EXPIRED" })).toBe("/a EXPIRED");
    expect(route({ uri: "/a", x_edge_result_type: "RefreshHit" })).toBe("/a REFRESHHIT");
    expect(route({ uri: "/a", x_cache: "hit, miss" })).toBe("/a HIT");
    // No route, no operation to refine; an empty or odd status leaves the route as it is.
    expect(route({ cache_status: "MISS" })).toBeUndefined();
    expect(route({ uri: "/a", cache_status: "" })).toBe("/a");
    expect(route({ uri: "/a", cache_status: "-" })).toBe("/a");
  });

  it("keeps the HTTP status a line reports, whatever its level", () => {
    const status = (raw: Record<string, unknown>): number | undefined => {
      const r = normalizeLog({ msg: "request", ...raw }, 0);
      return r.ok ? r.record.httpStatus : -1;
    };
    expect(status({ status: 401, level: "warn" })).toBe(401);
    expect(status({ status_code: "429" })).toBe(429);
    expect(status({ res: { statusCode: 200 } })).toBe(200);
    expect(status({ "http.response.status_code": 503 })).toBe(503);
    // A SIP proxy's, whose classes are HTTP's; a DNS server's is a word or a small number.
    expect(status({ msg: "REGISTER challenged", response_code: 401 })).toBe(401);
    expect(status({ response_code: "SERVFAIL" })).toBeUndefined();
    expect(status({ response_code: 3 })).toBeUndefined();
    // Not a status: out of range, or not a number.
    for (const v of [42, 700, "n/a", ""]) expect(status({ status: v })).toBeUndefined();
    expect(status({})).toBeUndefined();
    // A raw access line's, from its text.
    const raw = normalizeLog({ log: '10.0.0.7 - - [18/Oct/2025:01:33:27 +0000] "GET /v1/orders HTTP/1.1" 401 53 "-" "curl/8.5"' }, 0);
    expect(raw.ok && [raw.record.httpStatus, raw.record.level]).toEqual([401, "INFO"]);
    const failed = normalizeLog({ log: '10.0.0.7 - - [18/Oct/2025:01:33:27 +0000] "GET /v1/orders HTTP/1.1" 502 53 "-" "curl/8.5"' }, 0);
    expect(failed.ok && [failed.record.httpStatus, failed.record.level]).toEqual([502, "ERROR"]);
    // An access logger's JSON with a level on every line and the status only in its text
    // (gunicorn's access log through a JSON formatter); a status field still wins over the text.
    const json = (level: string, code: number, extra: Record<string, unknown> = {}) =>
      normalizeLog(
        { level, logger: "gunicorn.access", event: `10.0.0.7 - - "POST /v1/fares/quote HTTP/1.1" ${code} 2314 "-" "python-requests/2.32"`, ...extra },
        0,
      );
    const ok = json("info", 200);
    expect(ok.ok && [ok.record.httpStatus, ok.record.level]).toEqual([200, "INFO"]);
    const server = json("info", 500);
    expect(server.ok && [server.record.httpStatus, server.record.level]).toEqual([500, "ERROR"]);
    const field = json("info", 500, { status: 200 });
    expect(field.ok && [field.record.httpStatus, field.record.level]).toEqual([200, "INFO"]);
    // A line that names HTTP elsewhere before its request line; one whose status comes later in
    // its own words (OpenStack's "status: 200") is no access line.
    const second = normalizeLog({ log: 'via HTTP/2 proxy 10.0.0.7 "GET /v1/orders HTTP/2" 503 0 "-" "curl/8.5"' }, 0);
    expect(second.ok && [second.record.httpStatus, second.record.level]).toEqual([503, "ERROR"]);
    const openstack = normalizeLog({ log: '10.11.10.13 "GET /v2/servers/detail HTTP/1.1" status: 500 len: 1918 time: 0.28' }, 0);
    expect(openstack.ok && [openstack.record.httpStatus, openstack.record.level]).toEqual([undefined, "INFO"]);
    // Prose that mentions a request line without its status is no access line.
    const prose = normalizeLog({ level: "info", msg: 'retrying "GET /v1/orders HTTP/1.1" later' }, 0);
    expect(prose.ok && [prose.record.httpStatus, prose.record.level]).toEqual([undefined, "INFO"]);
  });

  it("reads the task a Celery worker's line is about as its route", () => {
    const task = (message: string): string | undefined => {
      const r = normalizeLog({ message, level: "info", logger: "celery.app.trace", timestamp: "2025-06-27T10:21:34.007Z" }, 0);
      return r.ok ? r.record.route : "skipped";
    };
    expect(task("Task exports.tasks.export_csv[b438ea9c-feba-49f7-8e33-f5ba4c7187c2] succeeded in 10.016598s: None")).toBe("exports.tasks.export_csv");
    expect(task("Task exports.tasks.send_receipt[3d222c55-9a16-488e-b35e-13d72fa94a6a] raised unexpected: SMTPRecipientsRefused({})")).toBe(
      "exports.tasks.send_receipt",
    );
    expect(task("Task billing.tasks.sync[5f1c] received")).toBe("billing.tasks.sync");
    // Other lines that start with "Task" name no task.
    expect(task("Task queue drained")).toBeUndefined();
    expect(task("Task [123] done")).toBeUndefined();
    // A route field still comes first.
    const r = normalizeLog({ message: "Task a.b[1234abcd] succeeded in 1.0s: None", path: "/jobs", time: 1 }, 0);
    expect(r.ok && r.record.route).toBe("/jobs");
  });

  it("keeps a used size without its limit as a size in bytes, and only when no percent is read", () => {
    const read = (raw: Record<string, unknown>) => {
      const r = normalizeLog({ message: "m", ...raw }, 0);
      return r.ok ? { bytes: r.record.memoryBytes, pct: r.record.memoryPct } : "skipped";
    };
    expect(read({ rss_bytes: 691018596 })).toEqual({ bytes: 691018596, pct: undefined });
    expect(read({ rss_mb: 512 })).toEqual({ bytes: 512 * 1024 * 1024, pct: undefined });
    expect(read({ heapUsedMB: 1.5 })).toEqual({ bytes: 1.5 * 1024 * 1024, pct: undefined });
    expect(read({ fields: { rss_bytes: 1000 } })).toEqual({ bytes: 1000, pct: undefined });
    // With its limit it is a pressure, not a size; a percent field wins too.
    expect(read({ rss_mb: 512, limit_mb: 1024 })).toEqual({ bytes: undefined, pct: 50 });
    expect(read({ rss_mb: 512, memory_pct: 40 })).toEqual({ bytes: undefined, pct: 40 });
    expect(read({ rss_mb: 0 })).toEqual({ bytes: undefined, pct: undefined });
    expect(read({ rss_mb: "n/a" })).toEqual({ bytes: undefined, pct: undefined });
  });

  it("reads the instance that wrote a log from the fields producers name it in, the first in the documented order", () => {
    const instance = (raw: Record<string, unknown>): string | undefined => {
      const r = normalizeLog({ msg: "tick", ...raw }, 0);
      return r.ok ? r.record.instance : "skipped";
    };
    expect(instance({ hostname: "web-1" })).toBe("web-1");
    expect(instance({ host: "web-2", pod: "api-7f9c-x2" })).toBe("api-7f9c-x2");
    expect(instance({ "k8s.pod.name": "api-1", "host.name": "node-3" })).toBe("api-1");
    expect(instance({ server: "gs-eu-06" })).toBe("gs-eu-06");
    expect(instance({ node: 17 })).toBe("17");
    // journald's host, Serilog's and NLog's machine, an environment's HOSTNAME, WildFly's, ECS's node.
    expect(instance({ _HOSTNAME: "stor-07", _MACHINE_ID: "3f2a" })).toBe("stor-07");
    expect(instance({ fields: { MachineName: "pricing-api-7zl4q" } })).toBe("pricing-api-7zl4q");
    expect(instance({ HOSTNAME: "ledger-5d9f-abcde" })).toBe("ledger-5d9f-abcde");
    expect(instance({ hostName: "wildfly-2" })).toBe("wildfly-2");
    expect(instance({ "service.node.name": "es-data-1" })).toBe("es-data-1");
    expect(instance({ hostname: "web-1", MachineName: "other" })).toBe("web-1");
    // OpenTelemetry's resource attributes, one level down, when the top level names none.
    expect(instance({ resource: { "service.instance.id": "i-0a1b" } })).toBe("i-0a1b");
    // A name only: ECS's host object, an empty string or a page of text name none, and the next alias may.
    expect(instance({ host: { name: "x" }, node: "n-1" })).toBe("n-1");
    expect(instance({ hostname: "" })).toBeUndefined();
    expect(instance({ hostname: "h".repeat(300) })).toBeUndefined();
    expect(instance({})).toBeUndefined();
  });

  it("keeps a route's shape: ids and digit runs masked, the query dropped", () => {
    expect(route({ path: "/v1/accounts/306194/entries" })).toBe(route({ path: "/v1/accounts/5/entries" }));
    expect(route({ path: "/v1/accounts/306194/entries" })).toBe("/v<*>/accounts/<*>/entries");
    expect(route({ path: "/cart/3f2b9c1e-8d4a-4b7e-9a61-0c5d2e7f1a93/items" })).toBe("/cart/<*>/items");
    expect(route({ path: "/v1/charges/ch_3Nk2abcdEFgh" })).toBe("/v<*>/charges/<*>");
    expect(route({ path: "/search?q=abc&page=2" })).toBe("/search");
    expect(route({ endpoint: "http://fraud-score.risk.svc:8080/v3/score" })).toBe("http://fraud-score.risk.svc:<*>/v<*>/score");
    expect(route({ path: `/${"x".repeat(300)}` })).toBeUndefined();
  });
});

describe("shippers' envelopes and producers' own spellings", () => {
  const read = (e: Record<string, unknown>) => {
    const r = normalizeLog(e, 0);
    if (!r.ok) throw new Error(r.reason);
    return r.record;
  };

  it("reads an application's own JSON log carried as a string in a shipper's envelope", () => {
    // Docker's json-file driver: the app's fields win; its time, level, service and latency are the log's.
    const docker = read({
      log: '{"level":"error","ts":"2026-01-14T08:24:02.117Z","service":"payments-api","msg":"charge failed","duration_ms":342.7}\n',
      stream: "stdout",
      time: "2026-01-14T08:24:09.000000001Z",
    });
    expect(docker).toMatchObject({ message: "charge failed", level: "ERROR", service: "payments-api", responseTimeMs: 342.7 });
    // Both name a time: the application's, not the moment the shipper read the line.
    expect(docker.timestamp).toBe("2026-01-14T08:24:02.117Z");
    // The envelope fills what the app's log lacks (a time, Kubernetes' metadata); its `source` of
    // "stdout" is the stream, not a service.
    const firelens = read({
      source: "stdout",
      time: "2026-02-16T13:48:00.250Z",
      log: '{"level":"WARN","message":"refund slow","durationMs":812}',
      kubernetes: { labels: { app: "payments" }, pod_name: "payments-7d-x2" },
    });
    expect(firelens).toMatchObject({ message: "refund slow", level: "WARNING", service: "payments", instance: "payments-7d-x2", responseTimeMs: 812 });
    expect(firelens.timestampMs).toBe(Date.parse("2026-02-16T13:48:00.250Z"));
    // JSON that is not a log of its own (no message, no request) stays the envelope's message, as do
    // text that only looks like it and a JSON array.
    for (const log of ['{"user":42,"action":"login"}', "{not json}", '{"a":1} trailing']) {
      expect(read({ log, level: "info", service: "s" })).toMatchObject({ message: log, level: "INFO", service: "s" });
    }
  });

  it("names the service from Kubernetes' metadata as Fluent Bit, Fluentd and Vector attach it, and Google Cloud Logging's", () => {
    const k8s = (kubernetes: Record<string, unknown>) => read({ log: "GET /cart 200 87ms", kubernetes }).service;
    expect(k8s({ labels: { "app.kubernetes.io/name": "inventory", app: "x" }, container_name: "c" })).toBe("inventory");
    expect(k8s({ labels: { app: "cart" }, container_name: "c" })).toBe("cart");
    expect(k8s({ pod_labels: { app: "catalog" }, container_name: "c" })).toBe("catalog");
    expect(k8s({ labels: {}, container_name: "notification-worker" })).toBe("notification-worker");
    // A service field of the log's own wins over the metadata.
    expect(read({ msg: "m", service: "own", kubernetes: { labels: { app: "cart" } } }).service).toBe("own");
    expect(read({ log: "m", kubernetes: { pod_name: "cart-7d9f-x2klp" } }).instance).toBe("cart-7d9f-x2klp");
    // Google Cloud Logging: `textPayload`, `jsonPayload`'s own fields, the resource's labels.
    const run = read({
      textPayload: "ENOSPC",
      severity: "ERROR",
      timestamp: "2026-02-15T03:13:02.554107Z",
      resource: { type: "cloud_run_revision", labels: { service_name: "image-resizer" } },
    });
    expect(run).toMatchObject({ message: "ENOSPC", level: "ERROR", service: "image-resizer" });
    const gke = read({
      jsonPayload: { message: "model latency high", latency_ms: 742 },
      severity: "WARNING",
      resource: { type: "k8s_container", labels: { container_name: "recommendation-server" } },
      labels: { "k8s-pod/app": "recommendation" },
    });
    expect(gke).toMatchObject({ message: "model latency high", level: "WARNING", service: "recommendation", responseTimeMs: 742 });
    // A logger's own level under a name the agent does not know: the agent wrote INFO or DEFAULT.
    const own = (severity: string) =>
      read({ jsonPayload: { msg: "disk 93% full", lvl: "warn" }, severity, resource: { labels: { container_name: "db" } } }).level;
    expect(own("INFO")).toBe("WARNING");
    expect(own("DEFAULT")).toBe("WARNING");
    expect(own("ERROR")).toBe("ERROR");
    expect(read({ jsonPayload: { msg: "ok" }, severity: "INFO" }).level).toBe("INFO");
  });

  it("reads OpenTelemetry's OTLP/JSON record and its data model's names", () => {
    const otlp = read({
      timeUnixNano: "1771070405250371000",
      severityNumber: 17,
      body: { stringValue: "Failed to reserve inventory" },
      resource: {
        attributes: [
          { key: "service.version", value: { stringValue: "1" } },
          { key: "service.name", value: { stringValue: "order-service" } },
        ],
      },
    });
    expect(otlp).toMatchObject({ message: "Failed to reserve inventory", level: "ERROR", service: "order-service", timestampMs: 1771070405250 });
    const model = read({ Timestamp: "1771070409700000000", SeverityNumber: 13, Body: "Retrying", Resource: { "service.name": "donut-shop" } });
    expect(model).toMatchObject({ message: "Retrying", level: "WARNING", service: "donut-shop", timestampMs: 1771070409700 });
    expect(read({ body: "b", severityText: "WARN", severityNumber: 17 }).level).toBe("WARNING");
  });

  it("reads an OTLP/JSON record's attributes, a list of keys and typed values, as its fields", () => {
    const record = (attributes: unknown) =>
      read({ timeUnixNano: "1771070405250371000", severityText: "INFO", body: { stringValue: "Hold queue resolver pass complete" }, attributes });
    const otlp = record([
      { key: "holds.examined", value: { intValue: "244" } },
      { key: "duration_ms", value: { doubleValue: 28262.9 } },
      { key: "host.name", value: { stringValue: "circ-02" } },
    ]);
    expect(otlp).toMatchObject({ message: "Hold queue resolver pass complete", responseTimeMs: 28262.9, instance: "circ-02" });
    // int64 as OTLP/JSON writes it, a string.
    expect(record([{ key: "duration_ms", value: { intValue: "1530" } }]).responseTimeMs).toBe(1530);
    // The top level wins; entries that are not key-value pairs are passed over.
    expect(read({ body: { stringValue: "done" }, duration_ms: 12, attributes: [{ key: "duration_ms", value: { doubleValue: 900 } }] }).responseTimeMs).toBe(12);
    expect(record([null, "x", { key: 7 }, { key: "duration_ms" }, { key: "duration_ms", value: {} }]).responseTimeMs).toBeUndefined();
  });

  it("reads .NET's JSON console, Serilog's templates with their values, log4j2's instant, Python's comma stamps and GELF's fields", () => {
    expect(
      read({ Timestamp: "2026-02-20T11:24:00.123Z", LogLevel: "Warning", Category: "C", Message: "Now listening", State: { ElapsedMilliseconds: 37.5 } }),
    ).toMatchObject({
      message: "Now listening",
      level: "WARNING",
    });
    // Serilog's compact JSON without a rendered message: the template, rendered with its values.
    const clef = read({
      "@t": "2026-02-20T11:22:33.445Z",
      "@mt": "HTTP {RequestMethod} {Path} responded {StatusCode} in {Elapsed:0.0000} ms {@Ctx} {{x}}",
      RequestMethod: "GET",
      Path: "/api/orders/42",
      StatusCode: 200,
      Elapsed: 431.2207,
      Ctx: { a: 1 },
      Application: "Orders.Api",
    });
    expect(clef).toMatchObject({ message: "HTTP GET /api/orders/42 responded 200 in 431.2207 ms {@Ctx} {{x}}", service: "Orders.Api" });
    expect(read({ MessageTemplate: "Took {Ms} ms", Properties: { Ms: 12 } }).message).toBe("Took 12 ms");
    // A rendered message is kept as written.
    expect(read({ "@m": "Took {Ms} ms", Ms: 12 }).message).toBe("Took {Ms} ms");
    expect(read({ instant: { epochSecond: 1771588800, nanoOfSecond: 123456000 }, message: "m" }).timestampMs).toBe(1771588800123);
    expect(read({ asctime: "2026-02-21 08:01:12,345", message: "m" }).timestampMs).toBe(Date.parse("2026-02-21T08:01:12.345"));
    const gelf = read({ version: "1.1", host: "h", short_message: "refused", timestamp: 1771463444.512, level: 3, _app: "billing-api", _took_ms: 412 });
    expect(gelf).toMatchObject({ message: "refused", level: "ERROR", service: "billing-api", responseTimeMs: 412, timestampMs: 1771463444512 });
    // Elsewhere a leading "_" is not GELF's.
    expect(read({ msg: "m", _app: "x" }).service).toBe("unknown");
    // A Kubernetes event names its reporter in `source`'s component.
    expect(read({ message: "Back-off", source: { component: "kubelet", host: "node-4" } }).service).toBe("kubelet");
  });

  it("reads .NET's request fields: Serilog's Elapsed, StatusCode and RequestPath, ASP.NET Core's ElapsedMilliseconds, Polly's ExecutionTimeMs", () => {
    // Serilog.AspNetCore's request logging through an Elasticsearch-style formatter (`fields`).
    const serilog = read({
      "@timestamp": "2025-09-12T10:56:39.6517607+00:00",
      level: "Information",
      messageTemplate: "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
      message: 'HTTP "GET" "/api/pricelists/PL-2025090" responded 503 in 1130.3674 ms',
      fields: { Application: "Acme.Pricing.Api", RequestMethod: "GET", RequestPath: "/api/pricelists/PL-2025090", StatusCode: 503, Elapsed: 1130.3674 },
    });
    // A 503 is a request the server failed, whatever level its logger wrote.
    expect(serilog).toMatchObject({ responseTimeMs: 1130.3674, httpStatus: 503, level: "ERROR", route: "/api/pricelists/<*>" });
    // Serilog's own JSON formatter puts them at the top level of `Properties`, compact JSON at the top.
    expect(read({ MessageTemplate: "done", Properties: { StatusCode: 200, Elapsed: 12.5 } })).toMatchObject({ responseTimeMs: 12.5, httpStatus: 200 });
    expect(read({ "@mt": "done", StatusCode: 404, Elapsed: 3 })).toMatchObject({ responseTimeMs: 3, httpStatus: 404, level: "INFO" });
    // Microsoft.Extensions.Logging's JSON console: the hosting log's state, and HttpClient's.
    const hosting = read({
      Timestamp: "2026-05-23T08:01:02.1234560Z",
      LogLevel: "Information",
      Category: "Microsoft.AspNetCore.Hosting.Diagnostics",
      Message: "Request finished HTTP/1.1 GET http://bff/api/trails/41234/map - 200 20111 application/json 2412.5000ms",
      State: { ElapsedMilliseconds: 2412.5, StatusCode: 200, Method: "GET" },
    });
    expect(hosting).toMatchObject({ responseTimeMs: 2412.5, httpStatus: 200 });
    expect(read({ LogLevel: "Warning", Message: "Execution attempt.", State: { Attempt: 0, ExecutionTimeMs: 1501.25 } }).responseTimeMs).toBe(1501.25);
    expect(read({ msg: "done", ElapsedMs: 40 }).responseTimeMs).toBe(40);
    // Amazon API Gateway's access log: responseLatency in ms.
    expect(
      read({ requestId: "r-1", httpMethod: "POST", resourcePath: "/orders", status: "502", responseLatency: 29012, integrationLatency: 29001 }),
    ).toMatchObject({
      message: "POST /orders 502",
      route: "/orders",
      responseTimeMs: 29012,
      httpStatus: 502,
    });
    // The spellings before them still come first; StatusCode ranks with statusCode, before a plain status.
    expect(read({ msg: "m", duration_ms: 7, Elapsed: 900, path: "/a", RequestPath: "/b" })).toMatchObject({ responseTimeMs: 7, route: "/a" });
    expect(read({ msg: "m", statusCode: 502, StatusCode: 500 }).httpStatus).toBe(502);
    expect(read({ msg: "m", status: "ok", StatusCode: 500 }).httpStatus).toBe(500);
  });
});

describe("raw lines without a level field", () => {
  it.each([
    ["2025/10/18 01:33:27 [error] 31#31: *123 upstream timed out (110: Connection timed out)", "ERROR"],
    ["2025/10/18 01:33:27 [warn] 31#31: an upstream response is buffered to a temporary file", "WARNING"],
    ["2025-10-18 01:33:27,123 WARN [main] o.a.h.Client: retrying", "WARNING"],
    ["2025-10-18 01:33:27 FATAL kernel: out of memory", "CRITICAL"],
    ['10.0.0.1 - - [18/Oct/2025:01:33:27 +0000] "GET /api/x HTTP/1.1" 502 150 "-" "curl/8.0"', "ERROR"],
    ['10.0.0.1 - - [18/Oct/2025:01:33:27 +0000] "GET /api/x HTTP/1.1" 404 150 "-" "curl/8.0"', "INFO"],
    ["user logged in; info: nothing unusual", "INFO"],
    ["an error word in prose is not a level", "INFO"],
  ])("reads the level of %j as %s", (message, level) => {
    expect(levelFromText(message)).toBe(level);
    const r = normalizeLog({ log: message, time: "2025-10-18T01:33:27Z" }, 0);
    expect(r.ok && r.record.level).toBe(level);
  });

  it("keeps a level field over the text", () => {
    const r = normalizeLog({ log: "[error] boom", level: "info", time: "2025-10-18T01:33:27Z" }, 0);
    expect(r.ok && r.record.level).toBe("INFO");
  });

  it("reads Envoy's and Istio's default access format: %DURATION% in ms after the bytes", () => {
    const line =
      '[2024-11-21T16:31:10.169Z] "GET /api/v1/cart/22294d8d HTTP/1.1" 200 - via_upstream - "-" 0 1965 119 118 "-" "Mozilla/5.0" "1fa68b77" "shop.example.com" "10.1.193.142:8080"';
    const r = normalizeLog({ message: line }, 0);
    expect(r.ok && r.record.responseTimeMs).toBe(119);
    const overflow =
      '[2024-11-21T16:31:10.169Z] "POST /v1/reservations HTTP/1.1" 503 UO upstream_reset_before_response_started{overflow} - "-" 0 81 0 - "-" "checkout/2.14.1"';
    const o = normalizeLog({ message: overflow }, 0);
    expect(o.ok && o.record.responseTimeMs).toBe(0);
    expect(o.ok && o.record.level).toBe("ERROR");
  });

  it("reads ingress-nginx's request time (seconds after the request length) as a response time", () => {
    const line =
      '80.47.49.94 - - [18/Oct/2025:01:33:27 +0000] "GET /cart HTTP/1.1" 200 9950 "https://shop/" "AcmeShop/5.11.3" 912 0.039 [shop-frontend-80] [] 10.0.15.34:80 9950 0.038 200 64fb1d5d';
    expect(accessLogRequestMs(line)).toBeCloseTo(39, 9);
    const r = normalizeLog({ log: line, time: "2025-10-18T01:33:27Z" }, 0);
    expect(r.ok && r.record.responseTimeMs).toBeCloseTo(39, 9);
    expect(accessLogRequestMs('1.2.3.4 - - [x] "GET / HTTP/1.1" 200 10 "-" "ua"')).toBeNaN();
    expect(accessLogRequestMs("no access line")).toBeNaN();
  });
});
