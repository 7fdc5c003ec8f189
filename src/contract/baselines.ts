import { z } from "zod";
import { incidentIdSchema } from "./detect-request.js";

/** POST /baselines/learn and GET /baselines/:service (docs/memory.md). */

export const learnRequestSchema = z.object({
  incident_id: incidentIdSchema.describe("The incident whose logs (at INCIDENT_LOGS_KEY) are declared normal"),
  time_window_hours: z.number().positive().max(8784).optional().describe("Window read back from the newest log; default DEFAULT_TIME_WINDOW_HOURS"),
});
export type LearnRequest = z.infer<typeof learnRequestSchema>;

export const learnResponseSchema = z.object({
  incident_id: z.string(),
  processed_logs: z.number().int(),
  skipped_logs: z.number().int(),
  services: z
    .array(
      z.object({
        service: z.string(),
        logs: z.number().int(),
        templates: z.number().int(),
        learned: z.boolean().describe("false when this incident was learnt before (it counts once)"),
      }),
    )
    .describe("What each service learnt"),
});
export type LearnResponse = z.infer<typeof learnResponseSchema>;

const quantilesSchema = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  samples: z.number().describe("Decayed count of the values behind the quantiles"),
});

export const baselineViewSchema = z.object({
  service: z.string(),
  incidents: z.number().int().describe("Incidents learnt (primed ones included)"),
  primed: z.number().int().describe("Incidents learnt from logs declared normal"),
  baseline: z.enum(["history", "incident"]).describe("What the next incident of the service is judged against"),
  first_learnt: z.string().describe("When the oldest incident still remembered was learnt"),
  last_update: z.string(),
  weight: z.number().describe("Decayed count of the incidents (half-life MEMORY_HALF_LIFE_DAYS)"),
  response_time_ms: quantilesSchema,
  memory_pct: quantilesSchema,
  level_mix: z.record(z.string(), z.number()).describe("Share of lines per level, decayed"),
  lines_per_minute: z.number(),
  templates: z
    .array(
      z.object({
        template_id: z.string(),
        template: z.string(),
        incidents: z.number().int(),
        weight: z.number(),
        last_seen: z.string(),
        flagged_incidents: z.number().int().describe("Incidents in which some of its lines were flagged"),
        lines: z.number().int(),
        severe_lines: z
          .number()
          .int()
          .nullable()
          .describe("Of its lines, those at ERROR or worse; null for a template remembered before the memory counted them"),
        severe_share: z.number().nullable().describe("severe_lines as a share of its lines (0 to 1, 4 decimals); null likewise"),
        routine: z.boolean(),
        confirmed: z.boolean(),
        expected: z.boolean(),
        response_time_ms: quantilesSchema.optional(),
        memory_pct: quantilesSchema.optional(),
      }),
    )
    .describe("Templates, most incidents first"),
});
export type BaselineView = z.infer<typeof baselineViewSchema>;
