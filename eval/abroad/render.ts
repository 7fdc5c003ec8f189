// Writes one event as its producer would: the JSON shapes of pino, python-json-logger, zap,
// logstash-logback-encoder, OpenTelemetry, Kubernetes app logs, nginx, rsyslog, BlueGene RAS
// and a JVM GC log shipped by a log agent.

import type { Ev, Level } from "../blind/types.js";
import { hashString } from "./prng.js";

const PINO: Record<Level, number> = { DEBUG: 20, INFO: 30, WARNING: 40, ERROR: 50, CRITICAL: 60 };
const OTEL_NUM: Record<Level, number> = { DEBUG: 5, INFO: 9, WARNING: 13, ERROR: 17, CRITICAL: 21 };
const OTEL_TXT: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARN", ERROR: "ERROR", CRITICAL: "FATAL" };
const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warn", ERROR: "error", CRITICAL: "fatal" };
const LOGBACK: Record<Level, [string, number]> = {
  DEBUG: ["DEBUG", 10000],
  INFO: ["INFO", 20000],
  WARNING: ["WARN", 30000],
  ERROR: ["ERROR", 40000],
  CRITICAL: ["ERROR", 40000],
};
const SYSLOG: Record<Level, number> = { DEBUG: 7, INFO: 6, WARNING: 4, ERROR: 3, CRITICAL: 2 };
const RAS: Record<Level, string> = { DEBUG: "INFO", INFO: "INFO", WARNING: "WARNING", ERROR: "SEVERE", CRITICAL: "FATAL" };

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** ISO 8601 with an explicit offset and microseconds, as Python's isoformat() and rsyslog write. */
function isoMicro(t: number, micro: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}.${String(t % 1000).padStart(3, "0")}${String(micro % 1000).padStart(3, "0")}+00:00`;
}

function exceptionParts(stack: string): { type: string; message: string } {
  const first = stack.split("\n")[0] ?? stack;
  const py = stack.trim().split("\n").pop() ?? "";
  if (first.startsWith("Traceback")) {
    const i = py.indexOf(":");
    return i > 0 ? { type: py.slice(0, i), message: py.slice(i + 1).trim() } : { type: py, message: "" };
  }
  const i = first.indexOf(":");
  return i > 0 ? { type: first.slice(0, i).trim(), message: first.slice(i + 1).trim() } : { type: first.trim(), message: "" };
}

function pid(ev: Ev): number {
  return 1 + (hashString(`${ev.svc}/${ev.inst ?? ""}`) % 32000);
}

/** A stable pseudo value from the message, for callers and thread names. */
function h(s: string, mod: number): number {
  return hashString(s) % mod;
}

export function render(ev: Ev): Record<string, unknown> {
  const f = { ...(ev.f ?? {}) };
  const lvl = ev.level;
  switch (ev.prod) {
    case "pino": {
      const out: Record<string, unknown> = {
        level: ev.rawLevel !== undefined ? Number(ev.rawLevel) : PINO[lvl],
        time: ev.t,
        pid: pid(ev),
        hostname: ev.inst ?? `${ev.svc}-0`,
        service: ev.svc,
        ...f,
      };
      if (ev.stack !== undefined) out.err = { ...exceptionParts(ev.stack), stack: ev.stack };
      out.msg = ev.msg;
      return out;
    }
    case "python": {
      const out: Record<string, unknown> = {
        timestamp: isoMicro(ev.t, h(ev.msg, 1000)),
        levelname: ev.rawLevel ?? lvl,
        name: ev.logger ?? ev.svc.replace(/-/g, "_"),
        message: ev.msg,
        service: ev.svc,
        ...f,
      };
      if (ev.inst !== undefined) out.hostname = ev.inst;
      if (ev.stack !== undefined) out.exc_info = ev.stack;
      return out;
    }
    case "zap": {
      const logger = ev.logger ?? ev.svc;
      const out: Record<string, unknown> = {
        level: ev.rawLevel ?? ZAP[lvl],
        ts: ev.t / 1000,
        logger,
        caller: `${logger.split(".")[0]}/${["server", "handler", "client", "store", "worker"][h(ev.msg, 5)]}.go:${40 + h(ev.msg, 400)}`,
        msg: ev.msg,
        service: ev.svc,
        ...f,
      };
      if (ev.inst !== undefined) out.pod = ev.inst;
      if (ev.stack !== undefined) out.stacktrace = ev.stack;
      return out;
    }
    case "logback": {
      const [name, value] = LOGBACK[lvl];
      const out: Record<string, unknown> = {
        "@timestamp": iso(ev.t).replace("Z", "+00:00"),
        "@version": "1",
        message: ev.msg,
        logger_name: ev.logger ?? `com.example.${ev.svc.replace(/-/g, "")}.Application`,
        thread_name: f.thread_name ?? `http-nio-8080-exec-${1 + h(`${ev.msg}${ev.t}`, 200)}`,
        level: ev.rawLevel ?? name,
        level_value: value,
        app: ev.svc,
        ...f,
      };
      if (ev.inst !== undefined) out.HOSTNAME = ev.inst;
      if (ev.stack !== undefined) out.stack_trace = ev.stack;
      return out;
    }
    case "otel": {
      const { trace_id, span_id, ...attrs } = f;
      const out: Record<string, unknown> = {
        timestamp: iso(ev.t),
        observed_timestamp: iso(ev.t + 1 + h(ev.msg, 40)),
        severity_text: ev.rawLevel ?? OTEL_TXT[lvl],
        severity_number: OTEL_NUM[lvl],
        body: ev.msg,
      };
      if (ev.rawLevel === "") delete out.severity_text;
      if (trace_id !== undefined) out.trace_id = trace_id;
      if (span_id !== undefined) out.span_id = span_id;
      if (ev.stack !== undefined) {
        const p = exceptionParts(ev.stack);
        attrs["exception.type"] = p.type;
        attrs["exception.message"] = p.message;
        attrs["exception.stacktrace"] = ev.stack;
      }
      out.attributes = attrs;
      out.resource = { "service.name": ev.svc, "host.name": ev.inst ?? `${ev.svc}-host`, "deployment.environment": "production" };
      return out;
    }
    case "k8s": {
      const { ns, ...rest } = f;
      const out: Record<string, unknown> = {
        time: iso(ev.t),
        level: (ev.rawLevel ?? ZAP[lvl]).replace("fatal", "critical"),
        msg: ev.msg,
        app: ev.svc,
        "k8s.namespace.name": ns ?? "prod",
        "k8s.pod.name": ev.inst ?? `${ev.svc}-0`,
        ...rest,
      };
      if (ev.stack !== undefined) out.stacktrace = ev.stack;
      return out;
    }
    case "docker-nginx": {
      if (f.request !== undefined) return { time: iso(ev.t).replace("Z", "+00:00"), ...f, app: ev.svc };
      return {
        time: iso(ev.t).replace("Z", "+00:00"),
        level: ev.rawLevel ?? lvl.toLowerCase().replace("warning", "warn"),
        message: ev.msg,
        app: ev.svc,
        ...f,
      };
    }
    case "syslog": {
      const sev = ev.rawLevel !== undefined ? Number(ev.rawLevel) : SYSLOG[lvl];
      return {
        timestamp: isoMicro(ev.t, h(`${ev.msg}${ev.t}`, 1000)),
        host: ev.inst ?? "localhost",
        app: ev.svc,
        programname: ev.svc,
        procid: f.procid ?? (ev.svc === "kernel" ? "-" : String(pid(ev))),
        facility: f.facility ?? "daemon",
        severity: sev,
        message: ev.msg,
      };
    }
    case "ras": {
      const d = new Date(ev.t);
      const p = (n: number, w = 2) => String(n).padStart(w, "0");
      const eventTime = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${p(h(ev.msg + ev.t, 1000), 3)}`;
      return {
        timestamp: Math.floor(ev.t / 1000),
        date: `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}`,
        location: ev.inst ?? "NULL",
        event_time: eventTime,
        type: "RAS",
        component: ev.svc,
        severity: ev.rawLevel ?? RAS[lvl],
        message: ev.msg,
      };
    }
    case "gclog": {
      const tag = ev.logger ?? "gc";
      const stamp = iso(ev.t).replace("Z", "+0000");
      return {
        "@timestamp": iso(ev.t),
        host: ev.inst ?? ev.svc,
        service: ev.svc,
        "log.file.path": "/var/log/app/gc.log",
        message: `[${stamp}][${(ev.rawLevel ?? lvl).toLowerCase().replace("warning", "warning")}][${tag}] ${ev.msg}`,
        ...f,
      };
    }
    default: {
      const out: Record<string, unknown> = { timestamp: iso(ev.t), level: ev.rawLevel ?? lvl, service: ev.svc, message: ev.msg, ...f };
      if (ev.inst !== undefined) out.host = ev.inst;
      if (ev.logger !== undefined) out.logger = ev.logger;
      if (ev.stack !== undefined) out.stack_trace = ev.stack;
      return out;
    }
  }
}
