import { deltaScenarios } from "../../eval/delta/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("delta", deltaScenarios, {
  minScenarios: 12,
  typesInAtLeast: 2,
  minLines: 300,
  maxLines: 8000,
  allNormal: ["research-cluster-quiet-day"],
});
