import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../config.js";
import { ERROR_POLICY, errorPolicy, serverFaultCause, type DeadLetterReason } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { unwrap, type Detector, type Outcome } from "../pipeline/detector.js";
import type { Valkey } from "../valkey/client.js";
import { explainFailure } from "../valkey/connection-errors.js";
import { skippedLogFields } from "../contract/detect-response.js";
import type { Keys } from "../valkey/keys.js";
import { eventParser, fieldsToObject, type IncidentEvent } from "../contract/incident-event.js";
import { buildResultEvent, type NoLogsResult, type ResultOutcome } from "../contract/result-event.js";
import { incidentPageUrl, withViewUrl } from "../contract/view-url.js";
import { answerJson } from "../contract/rendered-answer.js";
import { deadLetterAndAck, publishAndAck, renewLease } from "./scripts.js";

/**
 * The consumer-group loop: own pending entries first, then new ones; stale entries of dead
 * consumers are claimed with XAUTOCLAIM; every event ends in exactly one result entry or one
 * dead-letter entry (see scripts.ts), and is acknowledged in the same atomic step. A failed
 * attempt is retried by the consumer that holds the event, with backoff: a server fault without
 * spending a delivery, a fault of the event by reading it again from its own pending list.
 */

export type ConsumerConfig = Pick<
  Config,
  | "CONSUMER_GROUP"
  | "CONSUMER_NAME"
  | "CONSUMER_CONCURRENCY"
  | "CONSUMER_BATCH_SIZE"
  | "CONSUMER_START_FROM"
  | "CONSUMER_BLOCK_MS"
  | "CLAIM_IDLE_MS"
  | "CLAIM_INTERVAL_MS"
  | "MAX_DELIVERIES"
  | "RETRY_BACKOFF_MS"
  | "RETRY_BACKOFF_MAX_MS"
  | "ANOMALY_STREAM_MAXLEN"
  | "RESULT_TTL_SECONDS"
  | "PROCESSED_MARKER_TTL_SECONDS"
  | "NO_LOGS_RETRIES"
  | "NO_LOGS_RETRY_DELAY_MS"
  | "SHUTDOWN_TIMEOUT_MS"
  | "VALKEY_COMMAND_TIMEOUT_MS"
  | "DEFAULT_TIME_WINDOW_HOURS"
  | "DEFAULT_CONFIDENCE_THRESHOLD"
  | "PUBLIC_URL"
>;

export interface ConsumerDeps {
  config: ConsumerConfig;
  valkey: Valkey;
  /** Makes the dedicated connection for blocking reads (called again after a watchdog reset). */
  createBlockingClient: () => Valkey;
  detector: Detector;
  keys: Keys;
  metrics: Metrics;
  logger: Logger;
}

type Entry = [id: string, fields: string[] | null];

interface Delivery {
  id: string;
  fields: string[];
  deliveries: number;
  /** The result once detected: a retry after a failed publish does not detect again. */
  outcome?: ResultOutcome;
}

/**
 * How far back a group created at start-up with CONSUMER_START_FROM=new begins: events a
 * producer wrote shortly before the group existed are still delivered.
 */
export const START_LOOKBACK_MS = 15 * 60_000;

/** What an event is before detection: one to detect, or one to dead-letter straight away. */
type Screened = { kind: "detect"; event: IncidentEvent } | { kind: "dead"; reason: DeadLetterReason; error: string };

/** How often a consumer refreshes its heartbeat key, and how long one refresh lasts. */
export const HEARTBEAT_MS = 2000;
export const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_MS;

export class StreamConsumer {
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly lastError = new Map<string, string>();
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private blocking: Valkey | undefined;
  private loop: Promise<void> | undefined;
  private monitorTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private claimCursor = "0-0";
  private lastClaimAt = 0;
  private lastProcessedAt = Date.now();
  private readonly parse;
  private readonly log: Logger;

  constructor(private readonly deps: ConsumerDeps) {
    this.parse = eventParser({
      timeWindowHours: deps.config.DEFAULT_TIME_WINDOW_HOURS,
      confidenceThreshold: deps.config.DEFAULT_CONFIDENCE_THRESHOLD,
    });
    this.log = deps.logger.child({ component: "consumer", consumer: deps.config.CONSUMER_NAME });
    // Every event waiting out a backoff listens for close(): up to CONSUMER_CONCURRENCY of them.
    setMaxListeners(deps.config.CONSUMER_CONCURRENCY + 10, this.stopping.signal);
  }

  /** Creates the group if needed and starts the loop; resolves once the group exists. */
  async start(): Promise<void> {
    await this.ensureGroup("start");
    this.blocking = this.newBlockingClient();
    this.deps.metrics.stream.consumerUp.set(1);
    this.loop = this.run();
    this.monitorTimer = setInterval(() => void this.monitor(), 5000);
    this.monitorTimer.unref();
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.deps.config.CLAIM_IDLE_MS / 3)));
    this.leaseTimer.unref();
    await this.heartbeat(HEARTBEAT_TTL_MS);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(HEARTBEAT_TTL_MS), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
    void this.monitor();
    this.log.info(
      { stream: this.deps.keys.incidentStream, group: this.deps.config.CONSUMER_GROUP, concurrency: this.deps.config.CONSUMER_CONCURRENCY },
      "consumer started",
    );
  }

  /** Stops reading, lets in-flight events finish (bounded), leaves the rest pending. Idempotent. */
  close(): Promise<void> {
    this.closed ??= this.doClose();
    return this.closed;
  }

  private async doClose(): Promise<void> {
    this.closing = true;
    this.stopping.abort();
    this.wake?.();
    // Interrupts a blocked XREADGROUP; anything it had delivered stays pending for a restart.
    this.blocking?.disconnect();
    await this.loop?.catch(() => {});
    const drained = Promise.allSettled([...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), this.deps.config.SHUTDOWN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.log.warn({ in_flight: this.inFlight.size }, "shutdown timeout: unfinished events stay pending for other consumers");
    clearInterval(this.monitorTimer);
    clearInterval(this.leaseTimer);
    clearInterval(this.heartbeatTimer);
    // An expiry in the past removes the key at once (the ACL has no DEL): a stopped consumer is
    // not taken for a live one.
    await this.heartbeat(0);
    this.deps.metrics.stream.consumerUp.set(0);
    this.deps.metrics.stream.inFlight.set(0);
    this.log.info("consumer stopped");
  }

  /** Refreshes this consumer's heartbeat key (keys.ts) to expire in `ttlMs`; 0 removes it. */
  private async heartbeat(ttlMs: number): Promise<void> {
    const { keys, config, valkey } = this.deps;
    const key = keys.consumerHeartbeat(config.CONSUMER_GROUP, config.CONSUMER_NAME);
    try {
      if (ttlMs > 0) await valkey.set(key, String(Date.now()), "PX", ttlMs);
      else await valkey.set(key, "stopped", "PXAT", 1);
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, "heartbeat failed");
    }
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private newBlockingClient(): Valkey {
    const c = this.deps.createBlockingClient();
    c.on("error", (err: Error) => {
      if (!this.closing) this.log.debug({ err: err.message }, "blocking connection error");
    });
    return c;
  }

  /**
   * Creates the group when it is missing. At start-up with CONSUMER_START_FROM=new it starts
   * START_LOOKBACK_MS back rather than at `$`: after a restart that lost the server's data, a
   * producer may have written before this process came up, and `$` would skip those events
   * without a trace. A group that vanishes while the consumer runs is recreated at the start of
   * the stream: everything in it was written after the loss and none of it was delivered.
   * Entries already processed (a stale replica) are caught by their idempotency markers.
   */
  private async ensureGroup(why: "start" | "recreate"): Promise<boolean> {
    const { valkey, keys, config } = this.deps;
    const from = why === "recreate" || config.CONSUMER_START_FROM === "beginning" ? "0" : `${Math.max(0, Date.now() - START_LOOKBACK_MS)}-0`;
    try {
      await valkey.xgroup("CREATE", keys.incidentStream, config.CONSUMER_GROUP, from, "MKSTREAM");
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes("BUSYGROUP")) throw err;
      return false;
    }
    this.log.info({ stream: keys.incidentStream, group: config.CONSUMER_GROUP, from }, "consumer group created");
    return true;
  }

  /** NOGROUP while running: the stream or the group was deleted, or the server lost its data. */
  private async recreateGroup(): Promise<void> {
    const { keys, config, metrics } = this.deps;
    const created = await this.ensureGroup("recreate");
    this.claimCursor = "0-0";
    if (!created) return; // another consumer recreated it first
    metrics.stream.groupRecreated.inc();
    this.log.error(
      { stream: keys.incidentStream, group: config.CONSUMER_GROUP },
      "the consumer group had vanished (stream deleted or the server lost its data) and was recreated at the start of the stream; events pending before the loss, and their results, may be gone",
    );
  }

  private async run(): Promise<void> {
    let ownPendingFrom: string | undefined = "0-0";
    let failures = 0;
    while (!this.closing) {
      try {
        await this.waitForSlot();
        if (this.closing) break;
        const free = Math.min(this.deps.config.CONSUMER_CONCURRENCY - this.inFlight.size, this.deps.config.CONSUMER_BATCH_SIZE);
        if (ownPendingFrom !== undefined) {
          // A restarted consumer first finishes what it had been given before it stopped.
          const entries = await this.readGroup(this.deps.valkey, free, ownPendingFrom, 0);
          if (entries.length === 0) ownPendingFrom = undefined;
          else {
            ownPendingFrom = entries[entries.length - 1]![0];
            await this.dispatchWithCounts(entries);
          }
          continue;
        }
        if (Date.now() - this.lastClaimAt >= this.deps.config.CLAIM_INTERVAL_MS) {
          this.lastClaimAt = Date.now();
          await this.claimStale(free);
          continue;
        }
        const entries = await this.readNew(free);
        failures = 0;
        if (entries.length > 0) this.dispatch(entries.map(([id, fields]) => ({ id, fields: fields ?? [], deliveries: 1 })));
      } catch (caught) {
        if (this.closing) break;
        let err = caught;
        if (err instanceof Error && err.message.includes("NOGROUP")) {
          try {
            await this.recreateGroup();
            continue;
          } catch (e) {
            err = e;
          }
        }
        const cause = serverFaultCause(err);
        const problem = cause === "CONNECTION" ? explainFailure(this.deps.valkey, err) : undefined;
        this.log.warn(
          { err: (err as Error).message, cause },
          problem
            ? `${problem.message}; consumer retrying`
            : cause !== undefined
              ? "Valkey cannot serve the consumer now; retrying with backoff"
              : "consumer loop error; retrying",
        );
        // Capped as ioredis caps its reconnects: reading resumes soon after the server is back.
        await this.pause(Math.min(this.backoff(++failures), 2000));
      }
    }
  }

  private async readGroup(client: Valkey, count: number, from: string, blockMs: number | undefined): Promise<Entry[]> {
    const { keys, config } = this.deps;
    const args: (string | number)[] = ["GROUP", config.CONSUMER_GROUP, config.CONSUMER_NAME, "COUNT", count];
    if (blockMs !== undefined && blockMs > 0) args.push("BLOCK", blockMs);
    args.push("STREAMS", keys.incidentStream, from);
    const reply = (await (client as unknown as { xreadgroup: (...a: (string | number)[]) => Promise<unknown> }).xreadgroup(...args)) as
      | [stream: string, entries: Entry[]][]
      | null;
    return reply?.[0]?.[1] ?? [];
  }

  /**
   * Bounded blocking read on the dedicated connection. A watchdog replaces the connection when a
   * read outlives its BLOCK by far: ioredis can leave a blocking command hanging across a
   * reconnect.
   */
  private async readNew(count: number): Promise<Entry[]> {
    const { config } = this.deps;
    const client = this.blocking!;
    const limit = config.CONSUMER_BLOCK_MS + config.VALKEY_COMMAND_TIMEOUT_MS + 1000;
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`blocking read did not return within ${limit} ms`)), limit);
    });
    try {
      return await Promise.race([this.readGroup(client, count, ">", config.CONSUMER_BLOCK_MS), watchdog]);
    } catch (err) {
      if (!this.closing && (err as Error).message.startsWith("blocking read did not return")) {
        this.log.warn({ limit_ms: limit }, "blocking read hung; replacing its connection");
        client.disconnect();
        this.blocking = this.newBlockingClient();
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Takes over entries idle longer than CLAIM_IDLE_MS (their consumer died or is stuck). */
  private async claimStale(count: number): Promise<void> {
    const { valkey, keys, config } = this.deps;
    const reply = (await valkey.xautoclaim(
      keys.incidentStream,
      config.CONSUMER_GROUP,
      config.CONSUMER_NAME,
      config.CLAIM_IDLE_MS,
      this.claimCursor,
      "COUNT",
      count,
    )) as unknown as [cursor: string, entries: Entry[], deleted?: string[]];
    this.claimCursor = reply[0];
    const deleted = reply[2] ?? [];
    if (deleted.length > 0) {
      // XAUTOCLAIM already removed them from the PEL; count so an operator can see trimming.
      this.deps.metrics.stream.deletedPending.inc(deleted.length);
      this.log.warn({ ids: deleted.slice(0, 10), count: deleted.length }, "pending entries were deleted or trimmed from the stream before processing");
    }
    const entries = reply[1].filter(([id]) => !this.inFlight.has(id));
    if (entries.length > 0) {
      this.log.info({ count: entries.length }, "claimed stale pending entries");
      await this.dispatchWithCounts(entries);
    }
  }

  private async dispatchWithCounts(entries: Entry[]): Promise<void> {
    const { valkey, keys, config } = this.deps;
    const first = entries[0]![0];
    const last = entries[entries.length - 1]![0];
    const pending = (await valkey.xpending(keys.incidentStream, config.CONSUMER_GROUP, first, last, entries.length * 2 + 10, config.CONSUMER_NAME)) as [
      id: string,
      consumer: string,
      idle: number,
      deliveries: number,
    ][];
    const counts = new Map(pending.map(([id, , , n]) => [id, Number(n)]));
    const batch: Delivery[] = [];
    for (const [id, fields] of entries) {
      if (fields === null) {
        // Own pending entry whose stream entry is gone: nothing to process, acknowledge it.
        await valkey.xack(keys.incidentStream, config.CONSUMER_GROUP, id);
        this.deps.metrics.stream.deletedPending.inc();
        continue;
      }
      if (!this.inFlight.has(id)) batch.push({ id, fields, deliveries: counts.get(id) ?? 1 });
    }
    if (batch.length > 0) this.dispatch(batch);
  }

  /**
   * Starts a batch: events that can be detected share one pipeline run (one LangGraph invoke
   * and overlapping reads); then each event is finished on its own, so one failure leaves only
   * that event pending.
   */
  private dispatch(batch: Delivery[]): void {
    this.deps.metrics.stream.batchSize.observe(batch.length);
    const screened = batch.map((d) => this.screen(d));
    const requests: IncidentEvent["request"][] = [];
    const slot = screened.map((s) => (s.kind === "detect" ? requests.push(s.event.request) - 1 : -1));
    const run = requests.length > 0 ? this.deps.detector.runBatch(requests, "stream") : Promise.resolve([]);
    run.catch(() => {}); // awaited by each event below; this only marks it handled
    batch.forEach((d, i) => {
      const first = slot[i]! >= 0 ? run.then((outcomes) => outcomes[slot[i]!]!) : undefined;
      this.track(d, this.handle(d, screened[i]!, first));
    });
  }

  private track(d: Delivery, work: Promise<void>): void {
    const task = this.retrying(d, work)
      .catch((err: unknown) => this.log.error({ stream_event_id: d.id, err: (err as Error).message }, "retrying an event failed; it stays pending"))
      .finally(() => {
        this.inFlight.delete(d.id);
        this.deps.metrics.stream.inFlight.set(this.inFlight.size);
        this.wake?.();
      });
    this.inFlight.set(d.id, task);
    this.deps.metrics.stream.inFlight.set(this.inFlight.size);
  }

  /**
   * Awaits an attempt; while it fails, retries it here with backoff, the event staying in
   * flight (its lease renewed, so nobody claims it from a live consumer). A server fault is
   * retried as it is, without spending a delivery. A fault of the event is retried by reading
   * the entry again from this consumer's pending list (XREADGROUP with an id, which counts a
   * delivery), so MAX_DELIVERIES ends it. On close the event stays pending.
   */
  private async retrying(first: Delivery, work: Promise<void>): Promise<void> {
    const metrics = this.deps.metrics.stream;
    let d: Delivery | undefined = first;
    let attempt = work;
    for (let n = 1; ; n++) {
      try {
        await attempt;
        return;
      } catch (err) {
        if (this.closing || d === undefined) return;
        const message = (err as Error).message;
        const cause = serverFaultCause(err);
        const wait = this.backoff(n);
        this.lastError.set(d.id, message);
        metrics.failed.inc();
        const log = this.log.child({ stream_event_id: d.id });
        if (cause !== undefined) {
          metrics.serverFaultWaits.inc({ cause });
          log.warn(
            { err: message, cause, retry_in_ms: wait, deliveries: d.deliveries },
            "Valkey cannot take this event now; retrying it without spending a delivery",
          );
        } else {
          log.warn({ err: message, retry_in_ms: wait, deliveries: d.deliveries }, "event failed; retrying it (one more delivery)");
        }
        await this.pause(wait);
        if (this.closing) return;
        const current: Delivery = d;
        if (cause !== undefined) {
          attempt = this.handle(current, this.screen(current), undefined);
        } else {
          attempt = this.rereadOwn(current.id).then((again) => {
            d = again;
            return again === undefined ? undefined : this.handle(again, this.screen(again), undefined);
          });
        }
      }
    }
  }

  /**
   * This consumer's pending entry `id` read again (its delivery count raised), or undefined when
   * it is no longer ours (acknowledged, or claimed by another consumer meanwhile).
   */
  private async rereadOwn(id: string): Promise<Delivery | undefined> {
    const { valkey, keys, config } = this.deps;
    const [entry] = await this.readGroup(valkey, 1, idBefore(id), undefined);
    if (entry === undefined || entry[0] !== id) return undefined;
    if (entry[1] === null) {
      // Trimmed or deleted from the stream meanwhile: nothing left to process.
      await valkey.xack(keys.incidentStream, config.CONSUMER_GROUP, id);
      this.deps.metrics.stream.deletedPending.inc();
      return undefined;
    }
    const pending = (await valkey.xpending(keys.incidentStream, config.CONSUMER_GROUP, id, id, 1, config.CONSUMER_NAME)) as [
      id: string,
      consumer: string,
      idle: number,
      deliveries: number,
    ][];
    return { id, fields: entry[1], deliveries: Number(pending[0]?.[3] ?? 1) };
  }

  /** Exponential backoff with jitter: RETRY_BACKOFF_MS doubled per failure, at most RETRY_BACKOFF_MAX_MS. */
  private backoff(failures: number): number {
    const { RETRY_BACKOFF_MS: base, RETRY_BACKOFF_MAX_MS: cap } = this.deps.config;
    const ms = Math.min(cap, base * 2 ** Math.min(failures - 1, 20));
    return Math.round(ms * (0.75 + Math.random() * 0.5));
  }

  private screen({ id, fields, deliveries }: Delivery): Screened {
    const { config } = this.deps;
    if (deliveries > config.MAX_DELIVERIES) {
      const last = this.lastError.get(id);
      return {
        kind: "dead",
        reason: "max_deliveries",
        error: `delivered ${deliveries} times (MAX_DELIVERIES=${config.MAX_DELIVERIES}) without a result${last ? `; last error: ${last}` : ""}`,
      };
    }
    const parsed = this.parse(fields);
    return parsed.ok ? { kind: "detect", event: parsed.event } : { kind: "dead", reason: ERROR_POLICY.VALIDATION.stream.reason, error: parsed.reason };
  }

  private async handle(d: Delivery, screened: Screened, first: Promise<Outcome> | undefined): Promise<void> {
    const { id, fields, deliveries } = d;
    const { metrics, config } = this.deps;
    const t0 = performance.now();
    metrics.stream.received.inc();
    if (screened.kind === "dead") {
      await this.deadLetter(id, fields, deliveries, screened.reason, screened.error);
      return;
    }
    const { event } = screened;
    const log = this.log.child({ stream_event_id: id, incident_id: event.request.incident_id });
    let outcome = d.outcome;
    try {
      outcome ??= await this.detect(event, first);
    } catch (err) {
      const { stream } = errorPolicy(err);
      if (stream.action === "dead_letter") {
        await this.deadLetter(id, fields, deliveries, stream.reason, (err as Error).message);
        return;
      }
      throw err;
    }
    if (outcome === undefined) return; // shutting down during a no-logs wait: stays pending
    const incidentId = event.request.incident_id;
    const viewUrl = config.PUBLIC_URL === undefined ? undefined : incidentPageUrl(config.PUBLIC_URL, incidentId);
    if (outcome.status === "ok") outcome = { status: "ok", response: withViewUrl(outcome.response, config.PUBLIC_URL) };
    d.outcome = outcome;
    const result = buildResultEvent({
      sourceEventId: id,
      incidentId,
      createdAt: event.createdAt,
      consumer: config.CONSUMER_NAME,
      outcome,
      viewUrl,
    });
    const { keys } = this.deps;
    const out = await this.writing(
      publishAndAck(
        this.deps.valkey,
        {
          incidentStream: keys.incidentStream,
          anomalyStream: keys.anomalyStream,
          marker: keys.processedMarker(id),
          latest: keys.latestResult(event.request.incident_id),
        },
        {
          group: config.CONSUMER_GROUP,
          eventId: id,
          maxLen: config.ANOMALY_STREAM_MAXLEN,
          markerTtl: config.PROCESSED_MARKER_TTL_SECONDS,
          latestTtl: config.RESULT_TTL_SECONDS,
          latestField: "result",
          // The event carries a bounded answer; GET /anomalies/:incident_id reads the whole one.
          latest: outcome.status === "ok" ? answerJson(outcome.response) : undefined,
          fields: result,
        },
      ),
    );
    this.lastError.delete(id);
    this.lastProcessedAt = Date.now();
    const seconds = (performance.now() - t0) / 1000;
    if (!out.published) {
      metrics.stream.duplicates.inc();
      log.info({ result_id: out.id }, "event was already published by an earlier delivery; acknowledged without a second result");
      return;
    }
    metrics.stream.processed.inc({ status: outcome.status });
    metrics.stream.duration.observe(seconds);
    metrics.stream.resultDelay.observe(resultDelaySeconds(id, event.createdAt, Date.now()));
    log.info(
      {
        result_id: out.id,
        status: outcome.status,
        anomalies_detected: Number(result.anomalies_detected),
        processed_logs: outcome.status === "ok" ? outcome.response.processed_logs : 0,
        ...(outcome.status === "ok" ? skippedLogFields(outcome.response) : {}),
        duration_ms: Math.round(seconds * 100000) / 100,
      },
      "incident processed",
    );
  }

  /** Runs detection; an incident without logs yet is retried a few times before `no_logs`. */
  private async detect(event: IncidentEvent, first: Promise<Outcome> | undefined): Promise<ResultOutcome | undefined> {
    const { config, detector, keys } = this.deps;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = attempt === 0 && first !== undefined ? unwrap(await first) : await detector.run(event.request, "stream");
        return { status: "ok" as const, response };
      } catch (err) {
        if (errorPolicy(err).stream.action !== "no_logs") throw err;
        if (attempt >= config.NO_LOGS_RETRIES) {
          const result: NoLogsResult = {
            incident_id: event.request.incident_id,
            anomalies_detected: 0,
            anomalies: [],
            processed_logs: 0,
            analysis_timestamp: new Date().toISOString(),
            logs_key: keys.incidentLogs(event.request.incident_id),
            message: (err as Error).message,
          };
          return { status: "no_logs" as const, result };
        }
        await this.pause(config.NO_LOGS_RETRY_DELAY_MS);
        if (this.closing) return undefined;
      }
    }
  }

  private async deadLetter(id: string, fields: string[], deliveries: number, reason: DeadLetterReason, error: string): Promise<void> {
    const { keys, config, metrics } = this.deps;
    const incidentId = fieldsToObject(fields).incident_id;
    const out = await this.writing(
      deadLetterAndAck(
        this.deps.valkey,
        { incidentStream: keys.incidentStream, deadLetterStream: keys.deadLetterStream, marker: keys.processedMarker(id) },
        {
          group: config.CONSUMER_GROUP,
          eventId: id,
          markerTtl: config.PROCESSED_MARKER_TTL_SECONDS,
          fields: {
            source_event_id: id,
            source_stream: keys.incidentStream,
            reason,
            error,
            deliveries: String(deliveries),
            original: JSON.stringify(fields),
            ...(incidentId !== undefined ? { incident_id: incidentId } : {}),
            dead_lettered_at: new Date().toISOString(),
            consumer: config.CONSUMER_NAME,
          },
        },
      ),
    );
    this.lastError.delete(id);
    if (out.published) {
      metrics.stream.deadLettered.inc({ reason });
      this.log.warn({ stream_event_id: id, reason, error, dlq_id: out.id }, "event dead-lettered");
    } else metrics.stream.duplicates.inc();
  }

  /** A publish or dead-letter step: its server faults (not connection loss, which /health sees) mark writes as failing. */
  private async writing<T>(write: Promise<T>): Promise<T> {
    const writes = this.deps.metrics.valkeyWrites;
    try {
      const out = await write;
      writes.succeeded();
      return out;
    } catch (err) {
      const cause = serverFaultCause(err);
      if (cause !== undefined && cause !== "CONNECTION") writes.failed(cause, (err as Error).message);
      throw err;
    }
  }

  private waitForSlot(): Promise<void> {
    if (this.inFlight.size < this.deps.config.CONSUMER_CONCURRENCY || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** A delay that close() cuts short. */
  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => {});
  }

  /**
   * While an event is processed its entry's idle time is reset every CLAIM_IDLE_MS / 3, so a
   * slow detection is not claimed by others (or by us, which would count a delivery). Only a
   * stalled or cut-off consumer's entries go idle long enough to be claimed.
   */
  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const { valkey, keys, config } = this.deps;
    try {
      await renewLease(valkey, keys.incidentStream, config.CONSUMER_GROUP, config.CONSUMER_NAME, [...this.inFlight.keys()]);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, "renewing leases of in-flight events failed");
    }
  }

  private async monitor(): Promise<void> {
    const { valkey, keys, config, metrics } = this.deps;
    metrics.stream.lastProcessedAge.set((Date.now() - this.lastProcessedAt) / 1000);
    try {
      const groups = (await valkey.xinfo("GROUPS", keys.incidentStream)) as unknown[][];
      for (const g of groups) {
        const info: Record<string, unknown> = {};
        for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
        if (info.name !== config.CONSUMER_GROUP) continue;
        metrics.stream.pending.set(Number(info.pending ?? 0));
        if (info.lag !== null && info.lag !== undefined) metrics.stream.lag.set(Number(info.lag));
      }
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, "XINFO GROUPS failed");
    }
  }
}

/**
 * Seconds from an incident's creation to now: its created_at when that is a readable time, else
 * the time in its stream entry id (when the producer added it). Never negative (clock skew).
 */
export function resultDelaySeconds(entryId: string, createdAt: string | undefined, nowMs: number): number {
  const stated = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  const created = Number.isFinite(stated) ? stated : Number(entryId.slice(0, entryId.indexOf("-")));
  return Number.isFinite(created) ? Math.max(0, (nowMs - created) / 1000) : 0;
}

/** The stream id just before `id`: XREADGROUP from it returns `id` first. */
export function idBefore(id: string): string {
  const [ms = "0", seq = "0"] = id.split("-");
  if (seq !== "0") return `${ms}-${BigInt(seq) - 1n}`;
  return ms === "0" ? "0-0" : `${BigInt(ms) - 1n}-18446744073709551615`;
}
