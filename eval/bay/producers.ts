/** The sound family's producers, and Go's slog, Envoy's access log and the others the bay scenarios add. */
import { fnv1a } from "./rng.js";
import { fluentKubernetes, isoMicrosZ, isoMs, type KubeMeta } from "../isthmus/producers.js";

export * from "../sound/producers.js";

type Fields = Record<string, unknown>;

// ── Go log/slog JSONHandler ──────────────────────────────────────────────────────────────────
export type SlogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** `slog.New(slog.NewJSONHandler(os.Stdout, nil))`: time (ms), level, msg, then the attributes. */
export function slog(t: number, level: SlogLevel, msg: string, attrs: Fields = {}): Fields {
  return { time: isoMs(t), level, msg, ...attrs };
}

// ── Envoy (Istio sidecar) JSON access log, shipped by Fluent Bit with Kubernetes metadata ───
export interface EnvoyRequest {
  method: string;
  path: string;
  authority: string;
  code: number;
  flags?: string; // "-" when none
  details?: string; // response_code_details
  failure?: string; // upstream_transport_failure_reason
  durationMs: number;
  upstreamHost?: string;
  upstreamCluster: string;
  requestId: string;
  userAgent?: string;
}

/** Envoy stamps a request with its start; the line is stored at that stamp. */
export function envoy(t: number, r: EnvoyRequest, k8s: KubeMeta): Fields {
  return {
    start_time: isoMs(t),
    method: r.method,
    path: r.path,
    protocol: "HTTP/1.1",
    response_code: r.code,
    response_flags: r.flags ?? "-",
    response_code_details: r.details ?? "via_upstream",
    upstream_transport_failure_reason: r.failure ?? "-",
    bytes_received: r.method === "GET" ? 0 : 180 + (fnv1a(r.requestId) % 900),
    bytes_sent: r.code < 300 ? 400 + (fnv1a(r.requestId) % 9000) : 91,
    duration: Math.round(r.durationMs),
    upstream_service_time: r.code < 500 || r.flags === "-" ? String(Math.max(0, Math.round(r.durationMs) - 1)) : "-",
    x_forwarded_for: "-",
    user_agent: r.userAgent ?? "Go-http-client/1.1",
    request_id: r.requestId,
    authority: r.authority,
    upstream_host: r.upstreamHost ?? "-",
    upstream_cluster: r.upstreamCluster,
    kubernetes: {
      pod_name: k8s.pod,
      namespace_name: k8s.namespace,
      container_name: k8s.container,
      host: k8s.host,
      labels: { app: k8s.app },
    },
  };
}

// ── structlog JSONRenderer (Python) ──────────────────────────────────────────────────────────
export function structlog(t: number, level: "debug" | "info" | "warning" | "error" | "critical", event: string, fields: Fields = {}): Fields {
  return { event, ...fields, level, timestamp: isoMicrosZ(t) };
}

// ── OpenTelemetry logs, OTLP/JSON as the collector's file exporter writes one record ─────────
export function otlp(t: number, service: string, instance: string, severityNumber: number, body: string, attrs: Record<string, string | number> = {}): Fields {
  return {
    timeUnixNano: `${t}000000`,
    observedTimeUnixNano: `${t + 3}000000`,
    severityNumber,
    body: { stringValue: body },
    attributes: Object.entries(attrs).map(([key, v]) => ({
      key,
      value: typeof v === "number" ? (Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v }) : { stringValue: v },
    })),
    resource: {
      attributes: [
        { key: "service.name", value: { stringValue: service } },
        { key: "service.instance.id", value: { stringValue: instance } },
      ],
    },
  };
}

// ── PostgreSQL jsonlog (log_destination = 'jsonlog') ─────────────────────────────────────────
/** One jsonlog record, shipped by Fluent Bit with the pod's Kubernetes metadata. */
export function pgjson(t: number, k8s: KubeMeta, pid: number, severity: "LOG" | "ERROR" | "FATAL" | "WARNING", message: string, extra: Fields = {}): Fields {
  const ts = `${new Date(t).toISOString().slice(0, 23).replace("T", " ")} UTC`;
  return {
    timestamp: ts,
    pid,
    ...extra,
    error_severity: severity,
    message,
    backend_type: extra.user === undefined ? "checkpointer" : "client backend",
    kubernetes: fluentKubernetes(k8s),
  };
}
