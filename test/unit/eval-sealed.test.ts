import { sealedScenarios } from "../../eval/sealed/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("sealed", sealedScenarios, { minScenarios: 12, typesInAtLeast: 4 });
