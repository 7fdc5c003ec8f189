/**
 * The answer's `summary`: counts by type, the services and message templates with the most
 * anomalies, the first anomalous log, and how much of the window the baselines came from.
 */
import { asTable, type Logs } from "../logs/from-records.js";
import { earlierRow } from "./findings.js";
import { shapeToJson } from "./shape-json.js";
import { ANOMALY_TYPES, type AnomalyType, type DetectionSummary } from "./types.js";

const TOP = 5;

const zeroByType = (): Record<AnomalyType, number> => ({ performance: 0, memory: 0, error: 0, pattern: 0 });

export interface SummaryInputs {
  logs: Logs;
  /** Every detected line (listed or not): its row and type index (ANOMALY_TYPES), in row order. */
  detected: { rows: Int32Array; type: Uint8Array };
  /** Template id per row, template text, occurrences per template. */
  templateOf?: Int32Array;
  templateText?: (id: number) => string;
  occurrences?: Int32Array;
  baselineLogs: number;
  /** Findings of the detected lines. */
  findings: number;
}

export function buildSummary(s: SummaryInputs): DetectionSummary {
  const byType = zeroByType();
  const services = new Map<string, { anomalies: number; byType: Record<AnomalyType, number>; first: number }>();
  const templates = new Map<number, { anomalies: number; byType: Record<AnomalyType, number>; first: number }>();
  let firstRow: number | undefined;
  let firstType: AnomalyType | undefined;
  const logs = asTable(s.logs);
  const { rows, type } = s.detected;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const anomalyType = ANOMALY_TYPES[type[k]!]!;
    byType[anomalyType]++;
    const service = logs.service(row);
    let sv = services.get(service);
    if (!sv) {
      sv = { anomalies: 0, byType: zeroByType(), first: row };
      services.set(service, sv);
    }
    sv.anomalies++;
    sv.byType[anomalyType]++;
    const id = s.templateOf?.[row];
    if (id !== undefined) {
      let t = templates.get(id);
      if (!t) {
        t = { anomalies: 0, byType: zeroByType(), first: row };
        templates.set(id, t);
      }
      t.anomalies++;
      t.byType[anomalyType]++;
    }
    if (firstRow === undefined || earlierRow(logs.timestampMs, row, firstRow)) {
      firstRow = row;
      firstType = anomalyType;
    }
  }
  const mainType = (c: Record<AnomalyType, number>): AnomalyType => ANOMALY_TYPES.reduce((best, t) => (c[t] > c[best] ? t : best), ANOMALY_TYPES[0]!);
  // Most anomalies first; ties by first appearance, so the order is deterministic.
  const topServices = [...services.entries()]
    .sort((a, b) => b[1].anomalies - a[1].anomalies || a[1].first - b[1].first)
    .slice(0, TOP)
    .map(([service, v]) => ({ service, anomalies: v.anomalies, byType: v.byType }));
  const topTemplates = [...templates.entries()]
    .sort((a, b) => b[1].anomalies - a[1].anomalies || a[1].first - b[1].first)
    .slice(0, TOP)
    .map(([id, v]) => ({
      template: s.templateText?.(id) ?? "",
      service: logs.service(v.first),
      anomalies: v.anomalies,
      occurrences: s.occurrences?.[id] ?? v.anomalies,
      anomalyType: mainType(v.byType),
    }));
  return { byType, topServices, topTemplates, firstAnomalyRow: firstRow, firstAnomalyType: firstType, baselineLogs: s.baselineLogs, findings: s.findings };
}

const EMPTY: DetectionSummary = {
  byType: zeroByType(),
  topServices: [],
  topTemplates: [],
  firstAnomalyRow: undefined,
  firstAnomalyType: undefined,
  baselineLogs: 0,
  findings: 0,
};

/** The wire shape (snake_case) of a summary, rows resolved to the stored logs. */
export function summaryToJson(summary: DetectionSummary | undefined, logs: Logs) {
  const s = summary ?? EMPTY;
  const first = s.firstAnomalyRow === undefined ? undefined : asTable(logs).record(s.firstAnomalyRow);
  return {
    by_type: s.byType,
    top_services: s.topServices.map((x) => ({ service: x.service, anomalies: x.anomalies, by_type: x.byType })),
    top_templates: s.topTemplates.map((x) => ({
      template: x.template,
      service: x.service,
      anomalies: x.anomalies,
      occurrences: x.occurrences,
      anomaly_type: x.anomalyType,
    })),
    first_anomaly: first
      ? { log_index: first.index, timestamp: first.timestamp, service: first.service, anomaly_type: s.firstAnomalyType ?? "pattern", message: first.message }
      : null,
    baseline_logs: s.baselineLogs,
    findings: s.findings,
    ...shapeToJson(s, asTable(logs)),
  };
}
