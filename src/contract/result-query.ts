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

const LINES_START = '"anomalies":[';
const LINES_END = '],"anomalies_omitted":';

/**
 * The stored answer's JSON with anomalies[] emptied. A large answer is mostly its lines, so the
 * array is cut out of the text (inside a JSON string a quote is always escaped, so the two
 * markers can only be the keys themselves) and the much smaller rest is parsed to check it;
 * anything unexpected falls back to parsing the whole answer.
 */
export function withoutLines(raw: string): string {
  const start = raw.indexOf(LINES_START);
  const end = start === -1 ? -1 : raw.indexOf(LINES_END, start);
  if (end !== -1) {
    const cut = `${raw.slice(0, start + LINES_START.length)}${raw.slice(end)}`;
    try {
      const parsed = JSON.parse(cut) as { anomalies?: unknown };
      if (Array.isArray(parsed.anomalies) && parsed.anomalies.length === 0) return cut;
    } catch {
      // not the layout expected: parse the whole answer below
    }
  }
  const answer = JSON.parse(raw) as { anomalies?: unknown };
  if (Array.isArray(answer.anomalies)) answer.anomalies = [];
  return JSON.stringify(answer);
}
