import { hinterlandScenarios } from "../../eval/hinterland/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("hinterland", hinterlandScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 2500 });
