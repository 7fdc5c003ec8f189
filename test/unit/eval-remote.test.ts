import { remoteScenarios } from "../../eval/remote/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("remote", remoteScenarios, { minScenarios: 20, typesInAtLeast: 4 });
