import type { FeedbackSource } from "../pipeline/nodes.js";
import { toRule, type SuppressionStore } from "./suppressions.js";
import type { VerdictStore } from "./verdicts.js";

/** The pipeline's feedback: the suppressions in force and the verdicts of the incident's services. */
export function valkeyFeedbackSource(suppressions: SuppressionStore, verdicts: VerdictStore): FeedbackSource {
  return {
    async rules(services) {
      const [active, given] = await Promise.all([suppressions.active(), verdicts.forServices(services)]);
      return { suppressions: active.map(toRule), verdicts: given };
    },
  };
}
