import { describe, expect, it } from "vitest";
import { detect } from "../../../src/detection/detect.js";
import { NOT_USEFUL_WEIGHT } from "../../../src/detection/feedback.js";
import { templateId } from "../../../src/detection/findings.js";
import type { FeedbackRules, VerdictRule } from "../../../src/detection/types.js";
import type { LogRecord } from "../../../src/logs/log-record.js";
import { calmIncident, log, reindex } from "./log-fixtures.js";

/** A calm incident with a database timeout in user-service and an OOM in order-service. */
function incident(): LogRecord[] {
  const base = calmIncident(150);
  base.splice(40, 0, log("ERROR", "Database connection timeout after 30s", "user-service"));
  base.splice(90, 0, log("ERROR", "java.lang.OutOfMemoryError: Java heap space", "order-service"));
  return reindex(base);
}

const THRESHOLD = 0.7;
const run = (feedback?: FeedbackRules) => detect(incident(), { confidenceThreshold: THRESHOLD, feedback });
const none: FeedbackRules = { suppressions: [], verdicts: [] };
const verdict = (v: Partial<VerdictRule> & Pick<VerdictRule, "verdict" | "service" | "templateId" | "anomalyType">): VerdictRule => ({
  incidentId: "INC-1",
  by: "alice",
  at: "2026-12-01T10:00:00.000Z",
  ...v,
});

describe("feedback in detection", () => {
  const before = run();
  const timeout = before.findings.find((f) => f.service === "user-service" && f.anomalyType === "performance")!;
  const oom = before.findings.find((f) => f.anomalyType === "memory")!;

  it("the incident has the two findings the rules refer to", () => {
    expect(timeout).toBeDefined();
    expect(oom).toBeDefined();
    expect(before.suppressed).toBeUndefined();
  });

  it("without rules nothing changes but an empty suppressed list", () => {
    const out = run(none);
    expect(out.findings.map((f) => f.id)).toEqual(before.findings.map((f) => f.id));
    expect(out.detectedCount).toBe(before.detectedCount);
    expect(out.suppressed).toEqual([]);
  });

  it("a suppression takes out its finding only, with its id and reason, and the counts follow", () => {
    const out = run({
      suppressions: [{ id: "s_1", match: { service: "user-service", template_id: timeout.templateId }, reason: "db migration tonight" }],
      verdicts: [],
    });
    expect(out.findings.map((f) => f.id)).not.toContain(timeout.id);
    expect(out.findings.map((f) => f.id)).toContain(oom.id);
    expect(out.anomalies.some((a) => a.findingId === timeout.id)).toBe(false);
    expect(out.detectedCount).toBe(before.detectedCount - timeout.count);
    expect(out.summary!.byType.performance).toBe(before.summary!.byType.performance - timeout.count);
    expect(out.suppressed).toHaveLength(1);
    const s = out.suppressed![0]!;
    expect(s).toMatchObject({ id: timeout.id, count: timeout.count, why: { by: "suppression", suppressionId: "s_1", reason: "db migration tonight" } });
  });

  it("every given part of the match must hold: another service, type or message leaves the finding alone", () => {
    for (const match of [
      { service: "order-service", template_id: timeout.templateId },
      { service: "user-service", template_id: timeout.templateId, anomaly_type: "error" as const },
      { service: "user-service", message: "no such words" },
    ]) {
      const out = run({ suppressions: [{ id: "s", match, reason: "r" }], verdicts: [] });
      expect(out.findings.map((f) => f.id)).toContain(timeout.id);
      expect(out.suppressed).toEqual([]);
    }
    const bySubstring = run({
      suppressions: [{ id: "s", match: { service: "user-service", message: "CONNECTION TIMEOUT" } }].map((s) => ({ ...s, reason: "r" })),
      verdicts: [],
    });
    expect(bySubstring.findings.map((f) => f.id)).not.toContain(timeout.id);
  });

  it("expected takes out a template's lines as routine, but not a line whose response time, a type the verdict did not cover, is anomalous", () => {
    const out = run({
      suppressions: [],
      verdicts: [
        verdict({ verdict: "expected", service: "order-service", templateId: oom.templateId, anomalyType: "memory" }),
        verdict({ verdict: "expected", service: "user-service", templateId: timeout.templateId, anomalyType: "pattern" }),
      ],
    });
    expect(out.findings.map((f) => f.id)).not.toContain(oom.id);
    expect(out.suppressed!.map((s) => [s.id, s.why.by])).toEqual([[oom.id, "expected"]]);
    expect(out.suppressed![0]!.why.reason).toMatch(/^expected for order-service: marked expected by alice on INC-1/);
    // The timeout's 30 s is far outside user-service's response times: routine text, anomalous number.
    expect(out.findings.map((f) => f.id)).toContain(timeout.id);
    const asPerformance = run({
      suppressions: [],
      verdicts: [verdict({ verdict: "expected", service: "user-service", templateId: timeout.templateId, anomalyType: "performance" })],
    });
    expect(asPerformance.findings.map((f) => f.id)).not.toContain(timeout.id);
  });

  it("not_useful lowers the weight of that service's template and type: weak lines go, strong ones stay with a reason", () => {
    const out = run({
      suppressions: [],
      verdicts: [verdict({ verdict: "not_useful", service: "user-service", templateId: timeout.templateId, anomalyType: "performance" })],
    });
    const kept = out.findings.find((f) => f.id === timeout.id);
    if (timeout.maxConfidence * NOT_USEFUL_WEIGHT >= THRESHOLD) {
      expect(kept!.maxConfidence).toBeCloseTo(timeout.maxConfidence * NOT_USEFUL_WEIGHT, 10);
      expect(kept!.reasons.at(-1)).toMatch(/^weight lowered to 0.75x/);
    } else {
      expect(kept).toBeUndefined();
      expect(out.suppressed!.map((s) => [s.id, s.why.by])).toEqual([[timeout.id, "not_useful"]]);
    }
    // Another type of the same service is untouched.
    expect(out.findings.find((f) => f.id === oom.id)!.maxConfidence).toBe(oom.maxConfidence);
  });

  it("confirmed marks later findings of the template, and expected does not hide them", () => {
    const out = run({
      suppressions: [],
      verdicts: [verdict({ verdict: "confirmed", service: "order-service", templateId: oom.templateId, anomalyType: "memory", incidentId: "INC-123" })],
    });
    const f = out.findings.find((x) => x.id === oom.id)!;
    expect(f.confirmed?.incidentId).toBe("INC-123");
    expect(f.reasons[0]).toMatch(/^confirmed as a problem in INC-123 by alice/);
    expect(out.anomalies.find((a) => a.findingId === oom.id)!.reasons[0]).toMatch(/^confirmed as a problem in INC-123/);
    expect(templateId(f.template)).toBe(oom.templateId);
  });
});
