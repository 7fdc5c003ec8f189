/**
 * The producers the inlet scenarios write: the channel family's (eval/channel/producers.ts), with
 * ingress-nginx's JSON access log carrying a `message` of the request line and status, and
 * python-json-logger, logrus, and CI job logs (GitLab's trace, GitHub Actions') beside them.
 */
import { isoMicrosOffset, isoMs, isoNanos, isoSec, type KubeMeta, kubeFields, type NginxRequest, nginxJson as channelNginxJson } from "../channel/producers.js";

export * from "../channel/producers.js";

type Fields = Record<string, unknown>;

/** ingress-nginx's JSON access log line (log_format escape=json, with a `message` of the request line and status), written when the request ends. */
export function nginxJson(t: number, r: NginxRequest): Fields {
  const { time, ...rest } = channelNginxJson(t, r);
  return { time, service: "ingress-nginx", message: `${r.method} ${r.uri} HTTP/2.0 ${r.status}`, ...rest };
}

// ── python-json-logger (Python), JsonFormatter(timestamp=True) with static service field ─────
export type PyLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** python-json-logger's line: the format's fields (levelname, name, message), extras, timestamp, exc_info. */
export function pyJson(t: number, service: string, level: PyLevel, logger: string, message: string, extra: Fields = {}, excInfo?: string): Fields {
  const out: Fields = { levelname: level, name: logger, message, ...extra, service, timestamp: isoMicrosOffset(t) };
  if (excInfo !== undefined) out.exc_info = excInfo;
  return out;
}

// ── logrus (Go), JSONFormatter: RFC 3339 in whole seconds ────────────────────────────────────
export type LogrusLevel = "debug" | "info" | "warning" | "error" | "fatal";

export function logrus(t: number, service: string, level: LogrusLevel, msg: string, fields: Fields = {}): Fields {
  return { ...fields, level, msg, service, time: isoSec(t).replace("+00:00", "Z") };
}

// ── CI job logs, one JSON line per output line, as the log forwarder ships them ──────────────
export interface GitlabJob {
  project: string;
  pipelineId: number;
  jobId: number;
  jobName: string;
  stage: string;
  runner: string;
}

/** One line of a GitLab CI job's trace; `section` is the trace section it is printed in. */
export function gitlabTrace(t: number, job: GitlabJob, section: string, msg: string): Fields {
  return {
    time: isoMs(t),
    service: "gitlab-ci",
    project: job.project,
    pipeline_id: job.pipelineId,
    job_id: job.jobId,
    job_name: job.jobName,
    stage: job.stage,
    runner: job.runner,
    section,
    stream: "stdout",
    msg,
  };
}

export interface GhaJob {
  repo: string;
  workflow: string;
  runId: number;
  job: string;
  runner: string;
}

/** One line of a GitHub Actions job log, its step and the runner's timestamp. */
export function ghaLine(t: number, job: GhaJob, step: string, message: string): Fields {
  return {
    timestamp: isoNanos(t),
    service: "github-actions",
    repository: job.repo,
    workflow: job.workflow,
    run_id: job.runId,
    job: job.job,
    runner_name: job.runner,
    step,
    message,
  };
}

/** A raw container line as Fluent Bit ships it with `log` renamed to `message` and the app as `service`. */
export function fluentMessage(t: number, message: string, k8s: KubeMeta, stream: "stdout" | "stderr" = "stdout"): Fields {
  return { time: isoNanos(t), stream, service: k8s.app, message, kubernetes: kubeFields(k8s) };
}
