// How different real producers spell one log line (see LOG-FORMAT.md).
// Keys of Ev.f starting with "_" are producer hints (thread, node, namespace, caller) and are not written as-is.

import { hashSeed, type Rng } from "./random.js";
import { epochMicro, epochSec, isoMs, isoNano, isoOffset, isoSec } from "./time.js";
import type { Ev, Level, ProducerName } from "./types.js";

type Out = Record<string, unknown>;
type Producer = (ev: Ev, r: Rng) => Out;

const PINO: Record<Level, number> = { DEBUG: 20, INFO: 30, WARNING: 40, ERROR: 50, CRITICAL: 60 };
const SYSLOG: Record<Level, number> = { DEBUG: 7, INFO: 6, WARNING: 4, ERROR: 3, CRITICAL: 2 };
const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warn", ERROR: "error", CRITICAL: "fatal" };
const LOGBACK: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARN", ERROR: "ERROR", CRITICAL: "ERROR" };
const LOGBACK_VALUE: Record<string, number> = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };
const OTEL: Record<Level, [string, number]> = {
  DEBUG: ["DEBUG", 5],
  INFO: ["INFO", 9],
  WARNING: ["WARN", 13],
  ERROR: ["ERROR", 17],
  CRITICAL: ["FATAL", 21],
};
const LOGRUS: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARNING: "warning", ERROR: "error", CRITICAL: "fatal" };
const RAS: Record<Level, string> = { DEBUG: "INFO", INFO: "INFO", WARNING: "WARNING", ERROR: "ERROR", CRITICAL: "FATAL" };

/** Split producer hints (`_x`) from the fields that are written. */
function split(ev: Ev): { fields: Out; hints: Out } {
  const fields: Out = {};
  const hints: Out = {};
  for (const [k, v] of Object.entries(ev.f ?? {})) {
    if (k.startsWith("_")) hints[k.slice(1)] = v;
    else fields[k] = v;
  }
  return { fields, hints };
}

const stableInt = (s: string, mod: number): number => hashSeed(7, s) % mod;
const pidOf = (svc: string, inst?: string): number => 1 + stableInt(`${svc}/${inst ?? ""}`, 32000);

export function nodeOf(pod: string): string {
  const h = hashSeed(11, pod.replace(/-[a-z0-9]{5}$/, ""));
  return `ip-10-0-${h % 32}-${(h >>> 8) % 250}.eu-west-1.compute.internal`;
}

function stringifyNumbers(o: Out): Out {
  const out: Out = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === "number" ? String(v) : v;
  return out;
}

const canonical: Producer = (ev) => {
  const { fields } = split(ev);
  const o: Out = { timestamp: isoMs(ev.t), level: ev.rawLevel ?? ev.level, message: ev.msg, service: ev.svc };
  if (ev.inst) o.host = ev.inst;
  Object.assign(o, fields);
  if (ev.stack) o.stack = ev.stack;
  return o;
};

const pino: Producer = (ev) => {
  const { fields } = split(ev);
  const o: Out = { level: PINO[ev.level], time: ev.t, pid: pidOf(ev.svc, ev.inst), hostname: ev.inst ?? `${ev.svc}-0`, service: ev.svc };
  Object.assign(o, fields);
  if (ev.stack) {
    const first = ev.stack.split("\n")[0] ?? "Error";
    o.err = { type: first.split(":")[0], message: first.slice(first.indexOf(":") + 1).trim(), stack: ev.stack };
  }
  o.msg = ev.msg;
  return o;
};

const python: Producer = (ev) => {
  const { fields } = split(ev);
  const o: Out = {
    "@timestamp": isoOffset(ev.t, 0, true),
    levelname: ev.rawLevel ?? ev.level,
    name: ev.logger ?? ev.svc.replace(/-/g, "_"),
    message: ev.msg,
    app: ev.svc,
    process: pidOf(ev.svc, ev.inst),
  };
  if (ev.inst) o.hostname = ev.inst;
  Object.assign(o, fields);
  if (ev.stack) o.exc_info = ev.stack;
  return o;
};

const zap: Producer = (ev) => {
  const { fields, hints } = split(ev);
  const o: Out = {
    level: ev.rawLevel ?? ZAP[ev.level],
    ts: epochSec(ev.t),
    caller: (hints.caller as string | undefined) ?? `${ev.svc.split("-")[0]}/handler.go:${40 + stableInt(ev.msg.slice(0, 12), 300)}`,
    msg: ev.msg,
    service: ev.svc,
  };
  Object.assign(o, stringifyNumbers(fields));
  if (ev.stack) o.stacktrace = ev.stack;
  return o;
};

const logback: Producer = (ev, r) => {
  const { fields, hints } = split(ev);
  const level = ev.rawLevel ?? LOGBACK[ev.level];
  const o: Out = {
    "@timestamp": isoOffset(ev.t, 120),
    "@version": "1",
    message: ev.msg,
    logger_name: ev.logger ?? `com.acme.${ev.svc.replace(/-service$/, "").replace(/-/g, "")}.Application`,
    thread_name: (hints.thread as string | undefined) ?? `http-nio-8080-exec-${r.int(1, 64)}`,
    level,
    level_value: LOGBACK_VALUE[level] ?? 40000,
    application: ev.svc,
  };
  if (ev.inst) o.HOSTNAME = ev.inst;
  Object.assign(o, fields);
  if (ev.stack) o.stack_trace = ev.stack;
  return o;
};

const syslog: Producer = (ev) => {
  const { fields } = split(ev);
  const o: Out = {
    timestamp: isoOffset(ev.t, 0, true),
    host: ev.inst ?? "host-1",
    app: ev.svc,
    pid: pidOf(ev.svc, ev.inst),
    facility: ev.logger ?? "daemon",
    severity: ev.rawLevel !== undefined ? Number(ev.rawLevel) : SYSLOG[ev.level],
    message: ev.msg,
  };
  Object.assign(o, fields);
  return o;
};

const otel: Producer = (ev) => {
  const { fields } = split(ev);
  const [text, num] = OTEL[ev.level];
  const attributes: Out = {};
  let traceId: unknown;
  let spanId: unknown;
  for (const [k, v] of Object.entries(fields)) {
    if (k === "trace_id") traceId = v;
    else if (k === "span_id") spanId = v;
    else attributes[k] = v;
  }
  if (ev.stack) attributes["exception.stacktrace"] = ev.stack;
  if (ev.logger) attributes["code.namespace"] = ev.logger;
  const o: Out = { timestamp: epochMicro(ev.t), severity_text: ev.rawLevel ?? text, severity_number: num, body: ev.msg, service_name: ev.svc };
  if (traceId !== undefined) o.trace_id = traceId;
  if (spanId !== undefined) o.span_id = spanId;
  o.resource = { "service.name": ev.svc, "host.name": ev.inst ?? `${ev.svc}-0`, "telemetry.sdk.name": "opentelemetry" };
  o.attributes = attributes;
  return o;
};

const k8s: Producer = (ev) => {
  const { fields, hints } = split(ev);
  const pod = ev.inst ?? `${ev.svc}-0`;
  const o: Out = {
    time: isoMs(ev.t),
    level: ev.rawLevel ?? LOGRUS[ev.level],
    msg: ev.msg,
    service: ev.svc,
    pod,
    namespace: (hints.ns as string | undefined) ?? "shop",
    node: (hints.node as string | undefined) ?? nodeOf(pod),
    container: ev.svc,
  };
  Object.assign(o, fields);
  if (ev.stack) o.stacktrace = ev.stack;
  return o;
};

/** Raw container stdout captured by the Docker json-file driver; no level field, the line is the log. */
const dockerNginx: Producer = (ev) => {
  const { fields } = split(ev);
  const pod = ev.inst ?? "ingress-nginx-controller-0";
  return {
    log: `${ev.msg}\n`,
    stream: ev.level === "INFO" ? "stdout" : "stderr",
    time: isoNano(ev.t),
    app: ev.svc,
    kubernetes: { pod_name: pod, namespace_name: "ingress-nginx", container_name: "controller", host: nodeOf(pod) },
    ...fields,
  };
};

/** HPC RAS event record (BlueGene-style): component, location, severity words. */
const ras: Producer = (ev) => {
  const { fields } = split(ev);
  return {
    timestamp: isoSec(ev.t),
    event_type: "RAS",
    component: ev.svc,
    location: ev.inst ?? "R00-M0-N0-C:J02-U01",
    severity: ev.rawLevel ?? RAS[ev.level],
    message: ev.msg,
    ...fields,
  };
};

/** JVM unified GC log line shipped by a file agent; level parsed from the decorator by the pipeline. */
const gclog: Producer = (ev) => {
  const { fields } = split(ev);
  return {
    "@timestamp": isoMs(ev.t),
    level: ev.rawLevel ?? ev.level.toLowerCase(),
    message: ev.msg,
    service: ev.svc,
    host: ev.inst ?? `${ev.svc}-0`,
    log_file: `/var/log/${ev.svc}/gc.log`,
    ...fields,
  };
};

const PRODUCERS: Record<ProducerName, Producer> = {
  canonical,
  pino,
  python,
  zap,
  logback,
  syslog,
  otel,
  k8s,
  "docker-nginx": dockerNginx,
  ras,
  gclog,
};

export function produce(ev: Ev, r: Rng): Out {
  return PRODUCERS[ev.prod](ev, r);
}
