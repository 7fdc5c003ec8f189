import { distantScenarios } from "../../eval/distant/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("distant", distantScenarios, { minScenarios: 20, typesInAtLeast: 4 });
