import { abroadScenarios } from "../../eval/abroad/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("abroad", abroadScenarios, { minScenarios: 20, typesInAtLeast: 4 });
