import { farawayScenarios } from "../../eval/faraway/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("faraway", farawayScenarios, { minScenarios: 14, typesInAtLeast: 3, minLines: 1500 });
