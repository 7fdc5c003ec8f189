import { lagoonScenarios } from "../../eval/lagoon/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("lagoon", lagoonScenarios, {
  minScenarios: 12,
  typesInAtLeast: 2,
  minLines: 300,
  maxLines: 8000,
  allNormal: ["water-utility-quiet-day"],
});
