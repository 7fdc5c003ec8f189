import { foreignScenarios } from "../../eval/foreign/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("foreign", foreignScenarios, { minScenarios: 14, typesInAtLeast: 3 });
