import { marshScenarios } from "../../eval/marsh/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Memory is labelled in one scenario only: the family is weighted to failures already under way.
// Some producers stamp whole seconds or a request's start: their entries step back by up to 1 s.
describeScenarioFamily("marsh", marshScenarios, {
  minScenarios: 10,
  typesInAtLeast: 1,
  minLines: 300,
  maxLines: 8000,
  arrivalOrder: [
    "bikeshare-unlock-lockstore-refused",
    "radar-decoder-shard-crashloop",
    "efiling-stream-full-rejects",
    "wearable-sync-tsdb-disk-full",
    "airquality-lora-mic-noise",
    "birdcount-photo-upload-accessdenied",
  ],
  allNormal: ["language-app-quiet-day"],
});
