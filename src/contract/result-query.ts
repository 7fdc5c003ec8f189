import { z } from "zod";

/**
 * Narrows the lines of a stored answer, so a page shows a large incident without moving every
 * line first: `lines=none` leaves anomalies[] empty, `finding_id` keeps one finding's lines.
 * Everything else (counts, findings, summary) stays the whole answer's.
 */
export const resultQuerySchema = z
  .object({
    lines: z.enum(["all", "none"]).default("all").describe("none: anomalies[] left empty (the counts stay the whole answer's)"),
    finding_id: z.string().min(1).max(100).optional().describe("Only this finding's lines in anomalies[]"),
  })
  .strict();
