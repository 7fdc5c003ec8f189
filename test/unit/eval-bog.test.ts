import { bogScenarios } from "../../eval/bog/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to test one rule: memory is labelled in one of them only.
describeScenarioFamily("bog", bogScenarios, {
  minScenarios: 8,
  typesInAtLeast: 1,
  minLines: 1500,
  maxLines: 6000,
});
