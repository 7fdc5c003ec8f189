import { outbackScenarios } from "../../eval/outback/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("outback", outbackScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 2500 });
