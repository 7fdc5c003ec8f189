import { estuaryScenarios } from "../../eval/estuary/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

describeScenarioFamily("estuary", estuaryScenarios, {
  minScenarios: 12,
  typesInAtLeast: 2,
  minLines: 300,
  maxLines: 8000,
  arrivalOrder: ["grid-scada-gps-loss-clock-drift"],
  allNormal: ["met-office-ingest-quiet-day"],
});
