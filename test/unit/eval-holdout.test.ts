import { holdoutScenarios } from "../../eval/holdout/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("holdout", holdoutScenarios, { minScenarios: 10 });
