import { bayScenarios } from "../../eval/bay/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents where one failure repeats many times, at the service that fails and at its callers.
describeScenarioFamily("bay", bayScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
