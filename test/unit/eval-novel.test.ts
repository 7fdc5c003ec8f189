import { novelScenarios } from "../../eval/novel/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("novel", novelScenarios, { minScenarios: 14, typesInAtLeast: 3 });
