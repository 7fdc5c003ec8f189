import { straitScenarios } from "../../eval/strait/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to break the exception-split rule with everyday look-alikes, and windows where it is right.
describeScenarioFamily("strait", straitScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
