import { describe, expect, it } from "vitest";
import { withoutLines } from "../../src/contract/result-query.js";

const line = (message: string, k: number) => ({ log_index: k, message, reasons: [`"quoted" ${message}`], finding_id: "f_1" });

describe("withoutLines", () => {
  it("gives the answer with anomalies[] empty and every other field unchanged", () => {
    const answer = {
      incident_id: "INC-1",
      anomalies_detected: 2,
      anomalies: [line("a", 0), line("b", 1)],
      anomalies_omitted: 0,
      findings: [{ finding_id: "f_1" }],
    };
    expect(JSON.parse(withoutLines(JSON.stringify(answer)))).toEqual({ ...answer, anomalies: [] });
  });

  it("is not fooled by log lines that spell out the markers", () => {
    const hostile = ['],"anomalies_omitted":7,"x":[', '"anomalies":[', "]}", '\\"anomalies_omitted\\":'];
    const answer = {
      incident_id: "INC-2",
      anomalies_detected: 4,
      anomalies: hostile.map(line),
      anomalies_omitted: 0,
      summary: { top_services: [{ anomalies: 4 }] },
    };
    expect(JSON.parse(withoutLines(JSON.stringify(answer)))).toEqual({ ...answer, anomalies: [] });
  });

  it("falls back to parsing when the fields come in another order, and leaves a no-logs result as it is", () => {
    const reordered = { anomalies_omitted: 0, anomalies: [line("a", 0)], incident_id: "INC-3" };
    expect(JSON.parse(withoutLines(JSON.stringify(reordered)))).toEqual({ ...reordered, anomalies: [] });
    const noLogs = { incident_id: "INC-4", anomalies_detected: 0, anomalies: [], processed_logs: 0, message: "no logs" };
    expect(JSON.parse(withoutLines(JSON.stringify(noLogs)))).toEqual(noLogs);
  });
});
