import { fenScenarios } from "../../eval/fen/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten windows in which one failure-looking message fills a quarter to two thirds of the lines:
// everyday in five, the incident in the other five.
describeScenarioFamily("fen", fenScenarios, {
  minScenarios: 10,
  typesInAtLeast: 1,
  minLines: 1500,
  maxLines: 6000,
});
