import { heathScenarios } from "../../eval/heath/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("heath", heathScenarios, {
  minScenarios: 12,
  typesInAtLeast: 2,
  minLines: 300,
  maxLines: 8000,
  allNormal: ["tide-gauge-quiet-day"],
});
