import { ANOMALY_TYPES } from "../detection/types.js";
import { fieldsToObject } from "../contract/incident-event.js";
import type { IncidentList, IncidentListItem, IncidentListQuery } from "../contract/incident-list.js";
import type { Valkey } from "../valkey/client.js";

/**
 * Recent incidents read back from the result stream, newest first, one per incident (its newest
 * entry). The stream is trimmed to ANOMALY_STREAM_MAXLEN, so this is a recent view, not an archive.
 */

type Entry = [id: string, fields: string[]];

const PAGE = 200;
/** Entries read at most per request: a filter that matches nothing stops here instead of reading the whole stream. */
export const MAX_SCANNED = 5000;

interface ResultJson {
  processed_logs?: number;
  window_start?: string | null;
  window_end?: string | null;
  findings?: Array<{
    finding_id: string;
    service: string;
    anomaly_type: string;
    template: string;
    count: number;
    max_confidence: number;
    first_timestamp: string;
  }>;
  summary?: { top_services?: Array<{ service: string }> };
}

function parseResult(raw: string | undefined): ResultJson {
  if (raw === undefined) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed !== null && typeof parsed === "object" ? (parsed as ResultJson) : {};
  } catch {
    return {};
  }
}

/** One list item from a result stream entry; a field that does not parse reads as empty rather than hiding the incident. */
export function listItem(id: string, f: Record<string, string>): IncidentListItem {
  const result = parseResult(f.result);
  const findings = Array.isArray(result.findings) ? result.findings : [];
  const services = new Set<string>();
  for (const x of findings) services.add(x.service);
  for (const s of result.summary?.top_services ?? []) services.add(s.service);
  const top = findings[0];
  const item: IncidentListItem = {
    incident_id: f.incident_id ?? "",
    status: f.status === "no_logs" ? "no_logs" : "ok",
    result_id: id,
    processed_at: f.processed_at ?? "",
    anomalies_detected: Number(f.anomalies_detected) || 0,
    findings: Number(f.findings) || 0,
    max_confidence: Number(f.max_confidence) || 0,
    anomaly_types: (f.anomaly_types ?? "").split(",").filter((t) => (ANOMALY_TYPES as readonly string[]).includes(t)),
    services: [...services].sort(),
    processed_logs: typeof result.processed_logs === "number" ? result.processed_logs : 0,
    window_start: result.window_start ?? null,
    window_end: result.window_end ?? null,
    top_finding: top
      ? {
          finding_id: top.finding_id,
          service: top.service,
          anomaly_type: top.anomaly_type,
          template: top.template,
          count: top.count,
          max_confidence: top.max_confidence,
          first_timestamp: top.first_timestamp,
        }
      : null,
  };
  if (f.view_url !== undefined) item.view_url = f.view_url;
  return item;
}

export async function recentIncidents(valkey: Valkey, stream: string, query: IncidentListQuery): Promise<IncidentList> {
  const seen = new Set<string>();
  const incidents: IncidentListItem[] = [];
  let end = "+";
  let scanned = 0;
  for (;;) {
    const count = Math.min(PAGE, MAX_SCANNED - scanned);
    const page = (await valkey.xrevrange(stream, end, "-", "COUNT", count)) as Entry[];
    for (const [id, fields] of page) {
      scanned++;
      const f = fieldsToObject(fields);
      const incidentId = f.incident_id;
      if (incidentId === undefined || seen.has(incidentId)) continue;
      seen.add(incidentId);
      const item = listItem(id, f);
      if (query.service !== undefined && !item.services.includes(query.service)) continue;
      incidents.push(item);
      // The rest of the stream is unread unless this was its oldest entry.
      if (incidents.length === query.limit) return { incidents, scanned, complete: page.length < count && id === page[page.length - 1]![0] };
    }
    if (page.length < count) return { incidents, scanned, complete: true };
    if (scanned >= MAX_SCANNED) return { incidents, scanned, complete: false };
    end = `(${page[page.length - 1]![0]}`;
  }
}
