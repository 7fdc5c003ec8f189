import { offshoreScenarios } from "../../eval/offshore/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("offshore", offshoreScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 2500 });
