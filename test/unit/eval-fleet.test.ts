import { fleetScenarios } from "../../eval/fleet/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("fleet", fleetScenarios, { minScenarios: 10, typesInAtLeast: 2, minLines: 2000 });
