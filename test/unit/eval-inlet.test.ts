import { inletScenarios } from "../../eval/inlet/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Six incidents written to break the unfilled-placeholder rule where placeholders are routine text (CI scripts, templates, manifests, format strings), and windows where it is right.
describeScenarioFamily("inlet", inletScenarios, { minScenarios: 6, typesInAtLeast: 1, minLines: 2000, maxLines: 5000 });
