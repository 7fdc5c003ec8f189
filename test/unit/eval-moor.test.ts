import { moorScenarios } from "../../eval/moor/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("moor", moorScenarios, {
  minScenarios: 12,
  typesInAtLeast: 2,
  minLines: 300,
  maxLines: 8000,
  allNormal: ["tolling-gantries-quiet-day"],
});
