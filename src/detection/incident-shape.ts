/**
 * The incident's shape in time, computed once detection has decided which lines are anomalous:
 * the timeline, the onset and the ranking of suspected root services, in one pass over the
 * detected rows each (the timeline's line counts are the only pass over every row).
 */
import type { LogTable } from "../logs/log-table.js";
import { findOnset } from "./onset.js";
import { rankRootServices } from "./root-services.js";
import type { TemplateTable } from "./templates/templates.js";
import { buildTimeline } from "./timeline.js";
import type { DetectionSummary, Finding } from "./types.js";

export interface ShapeInputs {
  logs: LogTable;
  /** Clearly anomalous rows, in row order. */
  rows: Int32Array;
  findings: readonly Finding[];
  templates: TemplateTable;
}

export function incidentShape(s: ShapeInputs): Pick<DetectionSummary, "onset" | "suspectedRoots" | "timeline"> {
  const { logs, rows, templates } = s;
  const timeline = buildTimeline(logs, rows, templates.firstRow);
  const onset = findOnset(logs, timeline, rows, templates);
  const findingsOf = new Map<string, number>();
  for (const f of s.findings) findingsOf.set(f.service, (findingsOf.get(f.service) ?? 0) + 1);
  const suspectedRoots = rankRootServices({ logs, timeline, onset, rows, findingsOf, traceOf: logs.hasTraceIds ? (row) => logs.traceId(row) : undefined });
  return {
    onset: onset === undefined ? undefined : { ...onset, template: templates.text(templates.templateOf[onset.row]!) },
    suspectedRoots,
    timeline,
  };
}
