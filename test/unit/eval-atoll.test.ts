import { atollScenarios } from "../../eval/atoll/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Ten incidents in the kinds an outside evaluation uses, one of them a healthy window.
describeScenarioFamily("atoll", atollScenarios, {
  minScenarios: 10,
  typesInAtLeast: 3,
  minLines: 2000,
  maxLines: 6000,
  allNormal: ["atoll-quiet-rack-syslog"],
});
