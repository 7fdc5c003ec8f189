import { z } from "zod";

/**
 * A detection request: the body of POST /detect-anomalies and the fields of an incident-created
 * event (incident-event.ts). An incident id can never address another key: a safe character set and a length limit
 * (no `*`, braces, spaces or control characters).
 */
export const INCIDENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export const incidentIdSchema = z
  .string({ error: "must be a string" })
  .regex(INCIDENT_ID_PATTERN, "must be 1-200 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit");

export function detectRequestSchema(defaults: { timeWindowHours: number; confidenceThreshold: number }) {
  return z.strictObject({
    incident_id: incidentIdSchema,
    time_window_hours: z
      .number({ error: "must be a number" })
      .positive("must be greater than 0")
      .max(24 * 366, "must be at most 8784 (one year)")
      .default(defaults.timeWindowHours),
    confidence_threshold: z
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 1")
      .max(1, "must be between 0 and 1")
      .default(defaults.confidenceThreshold),
  });
}
export type DetectRequest = z.infer<ReturnType<typeof detectRequestSchema>>;
