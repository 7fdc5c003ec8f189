import { unchartedScenarios } from "../../eval/uncharted/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("uncharted", unchartedScenarios, { minScenarios: 16, typesInAtLeast: 3 });
