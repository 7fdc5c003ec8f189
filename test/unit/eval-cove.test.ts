import { coveScenarios } from "../../eval/cove/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten incidents of unusual INFO lines among look-alikes, three of them decoys (one with no
// anomalous line); all labelled pattern.
describeScenarioFamily("cove", coveScenarios, {
  minScenarios: 10,
  allNormal: ["c09-nightly-recon-id-lists"],
  minLines: 2000,
  maxLines: 6000,
});
