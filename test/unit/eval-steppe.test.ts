import { steppeScenarios } from "../../eval/steppe/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("steppe", steppeScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 2000 });
