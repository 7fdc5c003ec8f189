import { z } from "zod";
import { describeZodError } from "./validation.js";
import { detectRequestSchema, type DetectRequest } from "./detect-request.js";

/**
 * Incident-created events: flat stream fields (`incident_id`, `time_window_hours`, ...) or one
 * JSON field `data` / `payload`. Validated with the REST body's schema; fields the schema does
 * not know (a producer's title, severity, ...) are ignored rather than rejected.
 */

export interface IncidentEvent {
  request: DetectRequest;
  createdAt?: string;
}

export type ParsedEvent = { ok: true; event: IncidentEvent } | { ok: false; reason: string };

const NUMERIC = ["time_window_hours", "confidence_threshold"] as const;

export function fieldsToObject(fields: string[]): Record<string, string> {
  const obj: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) obj[fields[i]!] = fields[i + 1]!;
  return obj;
}

export function eventParser(defaults: { timeWindowHours: number; confidenceThreshold: number }) {
  const schema = detectRequestSchema(defaults)
    .strip()
    .extend({
      created_at: z.string({ error: "must be a string" }).max(64).optional(),
    });
  return (fields: string[]): ParsedEvent => {
    const flat = fieldsToObject(fields);
    let input: Record<string, unknown>;
    const json = flat.data ?? flat.payload;
    if (json !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        return { ok: false, reason: `${flat.data !== undefined ? "data" : "payload"}: is not valid JSON` };
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return { ok: false, reason: `${flat.data !== undefined ? "data" : "payload"}: must be a JSON object` };
      }
      input = parsed as Record<string, unknown>;
    } else {
      input = { ...flat };
      // Stream fields are strings; numbers arrive as "24". A non-numeric string stays a string,
      // so zod names the field.
      for (const k of NUMERIC) {
        const v = flat[k];
        if (v !== undefined && v.trim() !== "" && Number.isFinite(Number(v))) input[k] = Number(v);
      }
    }
    const r = schema.safeParse(input);
    if (!r.success) return { ok: false, reason: describeZodError(r.error, input).message };
    const { created_at, ...request } = r.data;
    return { ok: true, event: { request, createdAt: created_at } };
  };
}
