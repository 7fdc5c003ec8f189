import { reserveScenarios } from "../../eval/reserve/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("reserve", reserveScenarios, { minScenarios: 14, typesInAtLeast: 3 });
