// How each producer writes a line: the field names and spellings of the log layouts the service reads.

import type { Ev, Level } from "../blind/types.js";
import { hashString, type Rng } from "./rng.js";

const PINO: Record<Level, number> = { DEBUG: 20, INFO: 30, WARNING: 40, ERROR: 50, CRITICAL: 60 };
const UPPER: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARNING", ERROR: "ERROR", CRITICAL: "CRITICAL" };
const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warn", ERROR: "error", CRITICAL: "fatal" };
const LOGBACK: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARN", ERROR: "ERROR", CRITICAL: "ERROR" };
const LOGBACK_VALUE: Record<Level, number> = { DEBUG: 10000, INFO: 20000, WARNING: 30000, ERROR: 40000, CRITICAL: 40000 };
const SYSLOG: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warning", ERROR: "err", CRITICAL: "crit" };
const OTEL: Record<Level, [string, number]> = { DEBUG: ["DEBUG", 5], INFO: ["INFO", 9], WARNING: ["WARN", 13], ERROR: ["ERROR", 17], CRITICAL: ["FATAL", 21] };
const K8S: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warning", ERROR: "error", CRITICAL: "fatal" };
const NGINX: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warn", ERROR: "error", CRITICAL: "crit" };

function pidOf(host: string): number {
  return 1000 + (hashString(host) % 30000);
}

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return i < 0 ? s : s.slice(0, i);
}

/** 2025/03/14 09:12:44 as nginx's error log writes its own time. */
function nginxTime(t: number): string {
  return new Date(t).toISOString().slice(0, 19).replace(/-/g, "/").replace("T", " ");
}

export function write(ev: Ev, r: Rng): Record<string, unknown> {
  const f = ev.f ?? {};
  const iso = new Date(ev.t).toISOString();
  const host = ev.inst ?? `${ev.svc}-1`;
  const stack = ev.stack;
  switch (ev.prod) {
    case "pino": {
      const o: Record<string, unknown> = { level: PINO[ev.level], time: ev.t, pid: pidOf(host), hostname: host, service: ev.svc, ...f, msg: ev.msg };
      if (stack !== undefined) {
        const head = firstLine(stack);
        const colon = head.indexOf(":");
        o.err = { type: colon > 0 ? head.slice(0, colon) : "Error", message: colon > 0 ? head.slice(colon + 1).trim() : head, stack };
      }
      return o;
    }
    case "python": {
      const o: Record<string, unknown> = {
        timestamp: iso,
        levelname: ev.rawLevel ?? UPPER[ev.level],
        name: ev.logger ?? ev.svc.replace(/-/g, "_"),
        service: ev.svc,
        process: pidOf(host),
        hostname: host,
        message: ev.msg,
        ...f,
      };
      if (stack !== undefined) o.exc_info = stack;
      return o;
    }
    case "zap": {
      const o: Record<string, unknown> = {
        level: ev.rawLevel ?? ZAP[ev.level],
        ts: ev.t / 1000,
        caller: `${ev.logger ?? "server"}/${ev.logger ?? "handler"}.go:${20 + (hashString(ev.msg.slice(0, 24)) % 380)}`,
        msg: ev.msg,
        service: ev.svc,
        pod: host,
        ...f,
      };
      if (stack !== undefined) o.stacktrace = stack;
      return o;
    }
    case "logback": {
      const o: Record<string, unknown> = {
        "@timestamp": iso,
        "@version": "1",
        message: ev.msg,
        logger_name: ev.logger ?? `com.acme.${ev.svc.replace(/-/g, ".")}.Application`,
        thread_name: typeof f.thread === "string" ? f.thread : `http-nio-8080-exec-${1 + (ev.t % 40)}`,
        level: ev.rawLevel ?? LOGBACK[ev.level],
        level_value: LOGBACK_VALUE[ev.level],
        app: ev.svc,
        host,
        ...f,
      };
      delete o.thread;
      if (stack !== undefined) o.stack_trace = stack;
      return o;
    }
    case "syslog":
      return {
        timestamp: iso,
        host,
        app: ev.svc,
        procid: typeof f.procid === "number" ? f.procid : pidOf(`${host}/${ev.svc}`),
        facility: typeof f.facility === "string" ? f.facility : "daemon",
        severity: ev.rawLevel ?? SYSLOG[ev.level],
        message: ev.msg,
      };
    case "otel": {
      const [text, num] = OTEL[ev.level];
      const attributes: Record<string, unknown> = { ...f };
      if (stack !== undefined) {
        attributes["exception.type"] = firstLine(stack).split(":")[0];
        attributes["exception.stacktrace"] = stack;
      }
      return {
        timestamp: iso,
        severity_text: ev.rawLevel ?? text,
        severity_number: num,
        body: ev.msg,
        trace_id: r.hex(32),
        span_id: r.hex(16),
        resource: { "service.name": ev.svc, "host.name": host, "deployment.environment": "production" },
        attributes,
      };
    }
    case "k8s": {
      const o: Record<string, unknown> = {
        time: iso,
        stream: ev.level === "INFO" || ev.level === "DEBUG" ? "stdout" : "stderr",
        level: ev.rawLevel ?? K8S[ev.level],
        log: ev.msg,
        app: ev.svc,
        kubernetes: {
          namespace_name: typeof f.namespace === "string" ? f.namespace : "prod",
          pod_name: host,
          container_name: ev.svc,
          host: `ip-10-0-${hashString(host) % 8}-${10 + (hashString(host) % 200)}.ec2.internal`,
        },
        ...f,
      };
      delete o.namespace;
      if (stack !== undefined) o.stacktrace = stack;
      return o;
    }
    case "docker-nginx": {
      if (typeof f.request === "string") return { time: iso, app: ev.svc, ...f };
      const pid = 20 + (pidOf(host) % 40);
      return {
        time: iso,
        app: ev.svc,
        stream: "stderr",
        level: ev.rawLevel ?? NGINX[ev.level],
        log: `${nginxTime(ev.t)} [${ev.rawLevel ?? NGINX[ev.level]}] ${pid}#${pid}: *${r.int(10000, 999999)} ${ev.msg}`,
        ...f,
      };
    }
    case "gclog":
      return {
        time: iso,
        app: ev.svc,
        host,
        level: ev.rawLevel ?? ev.level.toLowerCase(),
        tags: "gc",
        log: `[${iso}][${(ev.rawLevel ?? ev.level).toLowerCase()}][gc] ${ev.msg}`,
        ...f,
      };
    case "ras":
      return { timestamp: iso, location: host, component: ev.svc, severity: ev.rawLevel ?? UPPER[ev.level], message: ev.msg, ...f };
    default: {
      const o: Record<string, unknown> = { timestamp: iso, level: ev.rawLevel ?? UPPER[ev.level], service: ev.svc, host, message: ev.msg, ...f };
      if (stack !== undefined) o.stack = stack;
      return o;
    }
  }
}
