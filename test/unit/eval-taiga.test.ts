import { taigaScenarios } from "../../eval/taiga/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("taiga", taigaScenarios, { minScenarios: 12, typesInAtLeast: 2, minLines: 2000, allNormal: ["quiet-cluster-journal"] });
