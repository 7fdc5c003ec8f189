import { expect, it } from "vitest";
import { tundraScenarios } from "../../eval/tundra/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// A small incident (under 300 lines) is one of the family's styles; one scenario is stored in
// arrival order, with a service whose clock runs minutes behind.
describeScenarioFamily("tundra", tundraScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 80, arrivalOrder: ["clock-skew-psp-timeouts"] });

it("stores the clock-skew scenario in arrival order: some of its times go back by minutes", () => {
  for (const seed of [1, 2024]) {
    const sc = tundraScenarios(seed).find((s) => s.name === "clock-skew-psp-timeouts")!;
    const times = sc.logs.map((e) => Date.parse(String(e.timestamp ?? e.time ?? e["@timestamp"] ?? "")) || Number(e.time ?? e.ts));
    let back = 0;
    for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]! - 60_000) back++;
    expect(back, `seed ${seed}`).toBeGreaterThan(0);
  }
});
