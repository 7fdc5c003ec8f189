import { fellScenarios } from "../../eval/fell/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("fell", fellScenarios, {
  minScenarios: 10,
  typesInAtLeast: 2,
  minLines: 300,
  maxLines: 8000,
  allNormal: ["greenhouse-climate-quiet-day"],
});
