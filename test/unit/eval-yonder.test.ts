import { yonderScenarios } from "../../eval/yonder/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("yonder", yonderScenarios, { minScenarios: 12, typesInAtLeast: 3, minLines: 2500 });
