import { fieldScenarios } from "../../eval/field/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("field", fieldScenarios, { minScenarios: 12, typesInAtLeast: 4 });
