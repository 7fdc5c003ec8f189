import { reefScenarios } from "../../eval/reef/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Six incidents written to break the rule on a service whose new messages are its habit, and four where it is right.
describeScenarioFamily("reef", reefScenarios, {
  minScenarios: 10,
  typesInAtLeast: 3,
  minLines: 2000,
  maxLines: 6000,
});
