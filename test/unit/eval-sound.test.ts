import { soundScenarios } from "../../eval/sound/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to break the late-start rule with everyday look-alikes, and windows where it is right.
describeScenarioFamily("sound", soundScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
