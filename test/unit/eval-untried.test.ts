import { untriedScenarios } from "../../eval/untried/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("untried", untriedScenarios, { minScenarios: 14, typesInAtLeast: 3 });
