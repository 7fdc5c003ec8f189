import type { Config } from "../config.js";

/**
 * Every Valkey key and stream the service touches is named here.
 *
 * Cluster mode: the Lua script that publishes a result, records the idempotency marker and
 * acknowledges the event touches the incident stream, the anomaly stream, the marker and the
 * latest-result key at once, so they must share a hash slot. The marker and latest-result keys
 * are derived from the stream names, so they inherit a hash tag such as `{anomaly}` given in
 * INCIDENT_STREAM / ANOMALY_STREAM; the consumer checks the slots at start-up.
 */
export interface Keys {
  /** Incident logs (stream, sorted set or list), from INCIDENT_LOGS_KEY. */
  incidentLogs(incidentId: string): string;
  /** Input stream of incident-created events. */
  incidentStream: string;
  /** Output stream of anomaly results. */
  anomalyStream: string;
  /** Dead-letter stream for events that failed validation or kept failing. */
  deadLetterStream: string;
  /** Marks an input event as handled (its result is published); value = result entry id. */
  processedMarker(eventId: string): string;
  /** Latest result of an incident, with a TTL; served by GET /anomalies/:incident_id. */
  latestResult(incidentId: string): string;
}

export function buildKeys(config: Pick<
  Config,
  "INCIDENT_LOGS_KEY" | "INCIDENT_STREAM" | "ANOMALY_STREAM" | "DEAD_LETTER_STREAM"
>): Keys {
  const template = config.INCIDENT_LOGS_KEY;
  return {
    incidentLogs: (id) => template.split("{incident_id}").join(id),
    incidentStream: config.INCIDENT_STREAM,
    anomalyStream: config.ANOMALY_STREAM,
    deadLetterStream: config.DEAD_LETTER_STREAM,
    processedMarker: (eventId) => `${config.INCIDENT_STREAM}:processed:${eventId}`,
    latestResult: (id) => `${config.ANOMALY_STREAM}:latest:${id}`,
  };
}

/** The hash tag Valkey Cluster hashes for a key: the first non-empty {...}, else the whole key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf("{");
  if (open === -1) return key;
  const close = key.indexOf("}", open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}
