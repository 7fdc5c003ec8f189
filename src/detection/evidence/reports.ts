/**
 * A failure reported over several lines. A worker writes "fail", then the exception's context as
 * JSON, its class and message, and its backtrace, each its own entry, one service within a few
 * milliseconds; a shipper splits a multi-line traceback the same way. The line that names the
 * failure is judged on its own (an error evidence of at least REPORT_ANCHOR_EVIDENCE); the others
 * say little alone, and the same lines around a routine failure stay routine. So a line of
 * failure (WARNING or worse, or an error word) that its service wrote within REPORT_SPAN_MS of a
 * confident failure takes REPORT_SHARE of that line's confidence, as part of its report. Only
 * stamps finer than a second say "the same moment": with whole seconds (a syslog), the lines of
 * one second are not one report.
 */
import type { Evidence } from "./evidence.js";

const REPORT_SPAN_MS = 5;
const REPORT_SHARE = 0.95;
const REPORT_ANCHOR_EVIDENCE = 0.7;
/** Lines looked at on each side of a report's anchor, in log order. */
const REPORT_NEIGHBOURS = 12;

export interface ReportInputs {
  n: number;
  timestampMs: ArrayLike<number>;
  serviceOf: ArrayLike<number>;
  levelSeverity: ArrayLike<number>;
  errorKeywords: ArrayLike<number>;
  evidence: Evidence;
  /** Each line's own confidence. */
  confidence: ArrayLike<number>;
  /** Whether a line is a frame of a stack trace (part of the report at any level). */
  isFrame?: (row: number) => boolean;
}

/**
 * Per line, the confidence it takes from a report it belongs to (0 when none) and the anchor
 * line it took it from (-1 when none).
 */
export function reportCompanions(r: ReportInputs): { confidence: Float64Array; anchor: Int32Array } {
  const { n, timestampMs: ts } = r;
  const confidence = new Float64Array(n);
  const anchor = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) {
    const memoryFailure = r.evidence.memory[a]! >= REPORT_ANCHOR_EVIDENCE && (r.levelSeverity[a]! >= 4 || r.errorKeywords[a]! > 0);
    if (!(r.evidence.error[a]! >= REPORT_ANCHOR_EVIDENCE) && !memoryFailure) continue;
    const ta = ts[a]!;
    if (!Number.isFinite(ta) || ta % 1000 === 0) continue;
    const lift = REPORT_SHARE * r.confidence[a]!;
    const end = Math.min(n, a + REPORT_NEIGHBOURS + 1);
    for (let row = Math.max(0, a - REPORT_NEIGHBOURS); row < end; row++) {
      if (row === a || r.serviceOf[row] !== r.serviceOf[a] || !(Math.abs(ts[row]! - ta) <= REPORT_SPAN_MS)) continue;
      if (!(r.levelSeverity[row]! >= 3 || r.errorKeywords[row]! > 0 || r.isFrame?.(row))) continue;
      if (lift > confidence[row]!) {
        confidence[row] = lift;
        anchor[row] = a;
      }
    }
  }
  return { confidence, anchor };
}
