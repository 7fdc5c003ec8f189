import { brookScenarios } from "../../eval/brook/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to break the lived-with-failure rule where a steady failure that says it retried, fell back or turned the input down is the incident, and windows where it is right.
describeScenarioFamily("brook", brookScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
