import type { Config } from "../config.js";
import type { FeedbackRequest, VerdictRecord } from "../contract/feedback.js";
import type { DetectResponse } from "../contract/detect-response.js";
import type { AnomalyType, Verdict, VerdictRule } from "../detection/types.js";
import { ServiceError, asUnavailable } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";

/**
 * Verdicts on findings of published results. Each is appended to FEEDBACK_STREAM (who, when,
 * what) and kept per service: one `expected`/`confirmed` per template (the latest wins) and one
 * `not_useful` per template and type. Detection reads them for the services of an incident
 * (src/detection/feedback.ts says what each does).
 */

export type VerdictSettings = Pick<Config, "VERDICT_TTL_DAYS" | "FEEDBACK_STREAM_MAXLEN">;

/** Called after a verdict is stored: where the per-service memory learns from it. */
export type VerdictListener = (record: VerdictRecord) => Promise<void>;

/** What a verdict is given on: one finding of a stored result. */
interface Target {
  finding_id: string;
  service: string;
  template_id: string;
  template: string;
  anomaly_type: string;
}

/** The finding a request points at, by finding_id or by the log_index of one of its lines. */
export function resolveTarget(result: DetectResponse, req: Pick<FeedbackRequest, "finding_id" | "log_index">): Target | string {
  const groups: Target[] = [...result.findings, ...(result.suppressed ?? [])];
  if (req.finding_id !== undefined) {
    return groups.find((f) => f.finding_id === req.finding_id) ?? `finding_id: ${req.finding_id} is not a finding of incident ${result.incident_id}'s result`;
  }
  const i = req.log_index!;
  const line = result.anomalies.find((a) => a.log_index === i);
  const byEnds = [...result.findings, ...(result.suppressed ?? [])].find((f) => f.log_index === i || f.last_log_index === i);
  const id = line?.finding_id ?? byEnds?.finding_id;
  const target = id === undefined ? undefined : groups.find((f) => f.finding_id === id);
  return target ?? `log_index: ${i} is not a listed anomalous line of incident ${result.incident_id}'s result; give its finding_id instead`;
}

const fieldOf = (verdict: string, templateId: string, type: string): string => (verdict === "not_useful" ? `n:${templateId}:${type}` : `t:${templateId}`);

export class VerdictStore {
  constructor(
    private readonly valkey: Valkey,
    private readonly keys: Keys,
    private readonly settings: VerdictSettings,
    private readonly log?: Logger,
    private readonly listeners: VerdictListener[] = [],
  ) {}

  /** Stores a verdict on a finding of the incident's latest result. */
  async give(incidentId: string, req: FeedbackRequest, now = Date.now()): Promise<VerdictRecord> {
    const key = this.keys.latestResult(incidentId);
    let raw: string | null;
    try {
      raw = await this.valkey.get(key);
    } catch (err) {
      throw asUnavailable(err);
    }
    if (raw === null) {
      throw new ServiceError(
        "NOT_FOUND",
        `no result stored for incident ${incidentId} (key ${key}): a verdict refers to a published result (GET /anomalies/${incidentId})`,
        {
          key,
        },
      );
    }
    const target = resolveTarget(JSON.parse(raw) as DetectResponse, req);
    if (typeof target === "string") throw new ServiceError("NOT_FOUND", target, { field: req.finding_id !== undefined ? "finding_id" : "log_index" });
    const by = (req.by ?? req.created_by)!;
    const at = new Date(now).toISOString();
    const fields: Record<string, string> = {
      kind: "verdict",
      incident_id: incidentId,
      finding_id: target.finding_id,
      service: target.service,
      template_id: target.template_id,
      template: target.template,
      anomaly_type: target.anomaly_type,
      verdict: req.verdict,
      by,
      at,
    };
    if (req.note !== undefined) fields.note = req.note;
    try {
      const maxlen = this.settings.FEEDBACK_STREAM_MAXLEN;
      const flat = Object.entries(fields).flat();
      const feedbackId = (
        maxlen > 0
          ? await this.valkey.xadd(this.keys.feedbackStream, "MAXLEN", "~", maxlen, "*", ...flat)
          : await this.valkey.xadd(this.keys.feedbackStream, "*", ...flat)
      )!;
      const { kind: _kind, ...rest } = fields;
      const record = { feedback_id: feedbackId, ...rest } as VerdictRecord;
      const vkey = this.keys.verdicts(target.service);
      await this.valkey.hset(vkey, fieldOf(req.verdict, target.template_id, target.anomaly_type), JSON.stringify(record));
      await this.valkey.expire(vkey, this.settings.VERDICT_TTL_DAYS * 86_400);
      this.log?.info(
        { feedback_id: feedbackId, incident_id: incidentId, finding_id: target.finding_id, service: target.service, verdict: req.verdict, by },
        "verdict recorded",
      );
      for (const listener of this.listeners) await listener(record);
      return record;
    } catch (err) {
      throw asUnavailable(err);
    }
  }

  /** The verdicts of these services, as detection applies them. */
  async forServices(services: readonly string[]): Promise<VerdictRule[]> {
    const hashes = await Promise.all(services.map((s) => this.valkey.hgetall(this.keys.verdicts(s))));
    const out: VerdictRule[] = [];
    for (const hash of hashes) {
      for (const raw of Object.values(hash)) {
        try {
          out.push(toVerdictRule(JSON.parse(raw) as VerdictRecord));
        } catch {
          // A value this version cannot read (written by hand or by a later version) is passed over.
        }
      }
    }
    return out;
  }
}

export function toVerdictRule(r: VerdictRecord): VerdictRule {
  const rule: VerdictRule = {
    verdict: r.verdict as Verdict,
    service: r.service,
    templateId: r.template_id,
    anomalyType: r.anomaly_type as AnomalyType,
    incidentId: r.incident_id,
    by: r.by,
    at: r.at,
  };
  if (r.note !== undefined) rule.note = r.note;
  return rule;
}
