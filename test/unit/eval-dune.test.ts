import { duneScenarios } from "../../eval/dune/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten incidents in the kinds an outside evaluation uses, each type labelled in two or more.
describeScenarioFamily("dune", duneScenarios, {
  minScenarios: 10,
  typesInAtLeast: 2,
  minLines: 2000,
  maxLines: 6000,
});
