import { z } from "zod";
import { ANOMALY_TYPES } from "../detection/types.js";

/** The answer of GET /anomalies: recent incidents, newest first, as the incident list page shows them. */

const anomalyType = z.enum(ANOMALY_TYPES as unknown as [string, ...string[]]);

export const incidentListQuerySchema = z
  .object({
    service: z.string().min(1).max(200).optional().describe("Only incidents with a finding in this service"),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe("At most this many incidents (1-200, default 50)"),
  })
  .strict();

export const incidentListItemSchema = z.object({
  incident_id: z.string(),
  status: z.enum(["ok", "no_logs"]),
  result_id: z.string().describe("Id of its newest entry on the result stream"),
  processed_at: z.string(),
  anomalies_detected: z.number().int(),
  findings: z.number().int(),
  max_confidence: z.number(),
  anomaly_types: z.array(anomalyType),
  services: z.array(z.string()).describe("Services with findings, from the bounded result the event carries"),
  processed_logs: z.number().int(),
  window_start: z.string().nullable(),
  window_end: z.string().nullable(),
  top_finding: z
    .object({
      finding_id: z.string(),
      service: z.string(),
      anomaly_type: anomalyType,
      template: z.string(),
      count: z.number().int(),
      max_confidence: z.number(),
      first_timestamp: z.string(),
    })
    .nullable()
    .describe("The strongest finding, null when none"),
  view_url: z.string().optional(),
});

export const incidentListSchema = z.object({
  incidents: z.array(incidentListItemSchema).describe("Newest first, one per incident (its newest result)"),
  scanned: z.number().int().describe("Result stream entries read to answer"),
  complete: z.boolean().describe("False when the scan stopped at its bound before reaching the stream's start"),
});

export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;
export type IncidentListItem = z.infer<typeof incidentListItemSchema>;
export type IncidentList = z.infer<typeof incidentListSchema>;
