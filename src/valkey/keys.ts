import type { Config } from "../config.js";

/**
 * Every Valkey key and stream the service touches is named here.
 *
 * Cluster mode: the Lua script that publishes a result, records the idempotency marker and
 * acknowledges the event touches the incident stream, the anomaly stream, the marker and the
 * latest-result key at once, so they must share a hash slot. The marker and latest-result keys
 * are derived from the stream names, so they inherit a hash tag such as `{anomaly}` given in
 * INCIDENT_STREAM / ANOMALY_STREAM; the consumer checks the slots at start-up.
 *
 * The memory across incidents (docs/memory.md) keeps a few keys per service, all under
 * MEMORY_KEY_PREFIX with the service as hash tag (`memory:{checkout}:templates`), so one
 * service's keys share a slot and its learn script is one atomic step; services spread over the
 * cluster. The recent incidents (for similar_incidents) share the tag `{incidents}`.
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
  /**
   * A running consumer's heartbeat, refreshed every few seconds with a short TTL: how the CLI
   * tells a live consumer from a stale name (XINFO CONSUMERS' idle does not move while a
   * consumer waits in a blocking read on Redis 7.0).
   */
  consumerHeartbeat(group: string, consumer: string): string;
  /** Memory of a service: hash template id -> JSON record (text, incidents seen, decayed weight, last seen, flags). */
  memoryTemplates(service: string): string;
  /** Memory of a service: sorted set template id -> last seen (ms), for the template cap (least recently seen go first). */
  memoryRecency(service: string): string;
  /** Memory of a service: hash of numeric baselines (histograms, level mix, lines per minute) and counters. */
  memoryBaseline(service: string): string;
  /** Memory of a service: sorted set incident id -> learned at (ms): each incident is learnt once. */
  memoryLearned(service: string): string;
  /** Recent incidents: sorted set incident id -> analysed at (ms), at most MEMORY_RECENT_INCIDENTS. */
  memoryRecent: string;
  /** Recent incidents: hash incident id -> JSON of its findings' service x template pairs. */
  memorySignatures: string;
}

/** A service name as it appears in a hash tag: braces and % escaped, so the tag is the whole name. */
export function tagOf(service: string): string {
  return service.replace(/[{}%]/g, (c) => encodeURIComponent(c));
}

export type KeyConfig = Pick<Config, "INCIDENT_LOGS_KEY" | "INCIDENT_STREAM" | "ANOMALY_STREAM" | "DEAD_LETTER_STREAM"> &
  Partial<Pick<Config, "MEMORY_KEY_PREFIX">>;

export function buildKeys(config: KeyConfig): Keys {
  const template = config.INCIDENT_LOGS_KEY;
  const memory = config.MEMORY_KEY_PREFIX ?? "memory";
  // An empty service name still needs a non-empty tag: {} would hash the whole key.
  const svc = (service: string) => `${memory}:{${service === "" ? "%00" : tagOf(service)}}`;
  return {
    incidentLogs: (id) => template.split("{incident_id}").join(id),
    incidentStream: config.INCIDENT_STREAM,
    anomalyStream: config.ANOMALY_STREAM,
    deadLetterStream: config.DEAD_LETTER_STREAM,
    processedMarker: (eventId) => `${config.INCIDENT_STREAM}:processed:${eventId}`,
    latestResult: (id) => `${config.ANOMALY_STREAM}:latest:${id}`,
    consumerHeartbeat: (group, consumer) => `${config.INCIDENT_STREAM}:alive:${group}:${consumer}`,
    memoryTemplates: (service) => `${svc(service)}:templates`,
    memoryRecency: (service) => `${svc(service)}:recency`,
    memoryBaseline: (service) => `${svc(service)}:baseline`,
    memoryLearned: (service) => `${svc(service)}:learned`,
    memoryRecent: `${memory}:{incidents}:recent`,
    memorySignatures: `${memory}:{incidents}:signatures`,
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

/** CRC16-XMODEM of the hash tag mod 16384: the slot Valkey Cluster assigns a key. */
export function hashSlot(key: string): number {
  const bytes = Buffer.from(hashTagOf(key));
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/**
 * The keys one publish-and-acknowledge script touches. In cluster mode they must share a slot;
 * returns a message naming the keys when they do not.
 */
export function checkSameSlot(keys: Keys): string | undefined {
  const touched = {
    INCIDENT_STREAM: keys.incidentStream,
    ANOMALY_STREAM: keys.anomalyStream,
    DEAD_LETTER_STREAM: keys.deadLetterStream,
    "processed marker": keys.processedMarker("0-0"),
    "latest result": keys.latestResult("example"),
  };
  const slots = new Set(Object.values(touched).map(hashSlot));
  if (slots.size === 1) return undefined;
  const list = Object.entries(touched)
    .map(([k, v]) => `${k}=${v} (slot ${hashSlot(v)})`)
    .join(", ");
  return (
    `cluster mode needs the streams and marker keys in one hash slot, but ${list}. ` +
    "Give INCIDENT_STREAM, ANOMALY_STREAM and DEAD_LETTER_STREAM the same hash tag, " +
    "e.g. {anomaly}:incidents:created, {anomaly}:anomalies:detected, {anomaly}:incidents:created:dlq"
  );
}
