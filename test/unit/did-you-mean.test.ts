import { describe, expect, it } from "vitest";
import { closestName, didYouMean, editDistance } from "../../src/did-you-mean.js";

describe("did you mean", () => {
  it("finds the closest name within a third of its length, or the name it begins", () => {
    const fields = ["incident_id", "time_window_hours", "confidence_threshold"];
    expect(closestName("confidence_treshold", fields)).toBe("confidence_threshold");
    expect(closestName("incidentid", fields)).toBe("incident_id");
    expect(closestName("time_window", fields)).toBe("time_window_hours");
    expect(closestName("zzz", fields)).toBeUndefined();
    expect(closestName("--treshold", ["--threshold", "--window-hours", "--json"])).toBe("--threshold");
    expect(closestName("analyse", ["analyze", "load", "publish"])).toBe("analyze");
  });

  it("says nothing when the name is exact or nothing is close", () => {
    expect(didYouMean("load", ["load"])).toBe("");
    expect(didYouMean("qqqqqq", ["load", "watch"])).toBe("");
    expect(didYouMean("wach", ["load", "watch"])).toBe(" (did you mean watch?)");
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("teh", "the")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
