import { savannaScenarios } from "../../eval/savanna/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("savanna", savannaScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 2000, allNormal: ["quiet-runners"] });
