import { mereScenarios } from "../../eval/mere/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten windows written to break the main event's own-side rule as narrowed: everyday floods worded
// as a dependency's or a resource's failure, incidents worded as requests turned down, and
// windows where it is right.
describeScenarioFamily("mere", mereScenarios, {
  minScenarios: 10,
  typesInAtLeast: 1,
  minLines: 1500,
  maxLines: 6000,
});
