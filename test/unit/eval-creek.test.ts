import { creekScenarios } from "../../eval/creek/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to break the low-rate rule where a low rate is not slow work (small jobs, an idle source, a configured cap, small files, ramp-ups), and windows where it is right.
describeScenarioFamily("creek", creekScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
