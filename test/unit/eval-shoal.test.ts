import { shoalScenarios } from "../../eval/shoal/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten incidents written to break the rules on a value or a length a message rarely has, and four where they are right.
describeScenarioFamily("shoal", shoalScenarios, {
  minScenarios: 10,
  typesInAtLeast: 3,
  minLines: 2000,
  maxLines: 6000,
});
