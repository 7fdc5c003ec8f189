import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { MemoryStore } from "../memory/store.js";
import type { FeedbackSource } from "../pipeline/nodes.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";
import { valkeyFeedbackSource } from "./rules.js";
import { SuppressionStore } from "./suppressions.js";
import { VerdictStore, type VerdictListener } from "./verdicts.js";

export type FeedbackSettings = Pick<Config, "MAX_ACTIVE_SUPPRESSIONS" | "SUPPRESSION_HISTORY_HOURS" | "FEEDBACK_STREAM_MAXLEN" | "VERDICT_TTL_DAYS">;

/** Suppressions, verdicts and the pipeline's view of both, over one Valkey connection. */
export interface Feedback {
  suppressions: SuppressionStore;
  verdicts: VerdictStore;
  source: FeedbackSource;
}

export function createFeedback(valkey: Valkey, keys: Keys, settings: FeedbackSettings, log?: Logger, listeners: VerdictListener[] = []): Feedback {
  const suppressions = new SuppressionStore(valkey, keys, settings, log);
  const verdicts = new VerdictStore(valkey, keys, settings, log, listeners);
  return { suppressions, verdicts, source: valkeyFeedbackSource(suppressions, verdicts) };
}

/** Teaches the per-service memory from verdicts: expected templates become routine, confirmed ones never do. */
export function memoryListener(memory: Pick<MemoryStore, "expect" | "confirm">): VerdictListener {
  return async (r) => {
    if (r.verdict === "expected") await memory.expect(r.service, r.template_id, r.incident_id, r.template);
    else if (r.verdict === "confirmed") await memory.confirm(r.service, r.template_id, r.incident_id, r.template);
  };
}
