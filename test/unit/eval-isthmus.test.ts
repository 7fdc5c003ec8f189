import { isthmusScenarios } from "../../eval/isthmus/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to break two rules with everyday look-alikes, and windows where they are right.
describeScenarioFamily("isthmus", isthmusScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
