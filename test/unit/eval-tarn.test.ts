import { tarnScenarios } from "../../eval/tarn/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten windows written to test one rule from both sides: everyday floods worded as a dependency's
// or a resource's failure, incidents worded as requests turned down, and windows where it is right.
describeScenarioFamily("tarn", tarnScenarios, {
  minScenarios: 10,
  typesInAtLeast: 1,
  minLines: 1500,
  maxLines: 6000,
});
