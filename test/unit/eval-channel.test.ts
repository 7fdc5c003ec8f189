import { channelScenarios } from "../../eval/channel/index.js";
import { describeScenarioFamily } from "../helpers/scenario-family.js";

// Eight incidents written to break the client-abort rule where client aborts are the incident (or are not clients at all), and windows where it is right.
describeScenarioFamily("channel", channelScenarios, { minScenarios: 8, typesInAtLeast: 2, minLines: 2000, maxLines: 5000 });
