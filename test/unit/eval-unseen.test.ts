import { unseenScenarios } from "../../eval/unseen/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("unseen", unseenScenarios, { minScenarios: 12, typesInAtLeast: 4 });
