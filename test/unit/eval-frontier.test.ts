import { frontierScenarios } from "../../eval/frontier/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("frontier", frontierScenarios, { minScenarios: 12, typesInAtLeast: 3, minLines: 2500 });
