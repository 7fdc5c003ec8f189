/**
 * poison-message-redelivery: invoice-service publishes one InvoiceEvent with a truncated
 * payload; billing-projector cannot decode it, nacks it, and eventbus redelivers it every few
 * seconds: the same DecodeError with its traceback and the same redelivery line, 30-80 times,
 * until the delivery limit dead-letters it. Other events keep flowing. Meanwhile
 * statement-renderer's heap climbs to its limit while it renders a large statement batch.
 */
import { pino, pyjson, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "poison-message-redelivery";

export function poisonMessageRedelivery(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-05-11", 13);
  const end = start + 2 * HOUR + rng.int(0, 20) * MINUTE;
  const tl = new Timeline(start, end);

  const inv = [0, 1].map(() => ({ name: "invoice-service", hostname: rng.pod("invoice-service"), pid: 1 }));
  const bp = { service: "billing-projector", host: rng.pod("billing-projector") };
  const busPod = `eventbus-${rng.int(0, 2)}`;
  const bus = { service: "eventbus", pod: busPod };
  const queue = "billing.invoice-events";

  // ── normal flow: invoice-service publishes, billing-projector projects ─────────────────────
  let offset = rng.int(1200000, 1900000);
  for (const t of arrivals(rng, start, end, 7.5, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const id = `inv_${rng.alnum(14)}`;
    const kind = rng.weighted([
      ["InvoiceCreated", 5],
      ["InvoicePaid", 4],
      ["InvoiceVoided", 1],
    ] as const);
    tl.add(t, pino(t, rng.pick(inv), "info", "event published", { topic: queue, eventType: kind, invoiceId: id, durationMs: rng.int(2, 9) }));
    const took = rng.logNormal(28, 0.4);
    const d = t + rng.int(20, 120) + Math.round(took);
    offset += 1;
    tl.add(d, pyjson(d, bp, "INFO", "projector.consumer", `projected ${kind} for ${id}`, { delivery_tag: offset, duration_ms: Math.round(took) }));
  }
  for (const t of ticks(rng, start, end, 30 * SECOND, SECOND)) {
    tl.add(t, pino(t, rng.pick(inv), "info", "GET /health 200", { durationMs: rng.int(1, 4) }));
  }

  // ── eventbus: queue stats every minute for each queue ───────────────────────────────────────
  const queues = [queue, "billing.payment-events", "notifications.email"];
  for (const t of ticks(rng, start, end, MINUTE, 2 * SECOND)) {
    let u = t;
    for (const q of queues) {
      u += rng.int(1, 20);
      tl.add(
        u,
        zap(u, "info", "eventbus.stats", "broker/stats.go:88", "queue stats", {
          ...bus,
          queue: q,
          ready: rng.int(0, 12),
          unacked: rng.int(0, 4),
          consumers: q === queue ? 1 : rng.int(2, 3),
          publish_rate: Number(rng.float(0.5, 9).toFixed(2)),
        }),
      );
    }
  }

  // ── the poison message ──────────────────────────────────────────────────────────────────────
  const poisonAt = tl.at(rng.float(0.22, 0.55));
  const poisonId = `inv_${rng.alnum(14)}`;
  const msgId = rng.uuid();
  const limit = rng.int(30, 80);
  const byteAt = rng.int(180, 420);
  tl.add(
    poisonAt,
    pino(poisonAt, inv[0]!, "info", "event published", { topic: queue, eventType: "InvoiceCreated", invoiceId: poisonId, durationMs: rng.int(2, 9) }),
  );
  const traceback = [
    "Traceback (most recent call last):",
    '  File "/app/projector/consumer.py", line 64, in on_message',
    "    event = decode_event(body, headers)",
    '  File "/app/projector/codec.py", line 31, in decode_event',
    "    msg.ParseFromString(body)",
    "google.protobuf.message.DecodeError: Error parsing message with type 'billing.v1.InvoiceEvent'",
  ].join("\n");
  let t = poisonAt + rng.int(30, 200);
  for (let n = 1; n <= limit && t < end; n++) {
    tl.add(
      t,
      pyjson(
        t,
        bp,
        "ERROR",
        "projector.consumer",
        `failed to decode message ${msgId} from ${queue}, nacking (requeue=True)`,
        { message_id: msgId, delivery_count: n, payload_bytes: byteAt },
        traceback,
      ),
      "error",
    );
    if (n < limit) {
      const r = t + rng.int(3, 9) * SECOND + rng.int(0, 999);
      tl.add(
        r,
        zap(r, "warn", "eventbus.delivery", "broker/redeliver.go:141", "message nacked by consumer, redelivering", {
          ...bus,
          queue,
          message_id: msgId,
          delivery_count: n + 1,
          delivery_limit: limit,
          consumer: `billing-projector@${bp.host}`,
        }),
        "error",
      );
      t = r + rng.int(15, 90);
    } else {
      const r = t + rng.int(50, 300);
      tl.add(
        r,
        zap(r, "error", "eventbus.delivery", "broker/redeliver.go:163", "delivery limit reached, message dead-lettered", {
          ...bus,
          queue,
          message_id: msgId,
          delivery_count: n,
          dead_letter_queue: `${queue}.dlq`,
        }),
        "error",
      );
    }
  }

  // ── statement-renderer (Node): a heap watchdog each minute; a large batch fills the heap ───
  const sr = { name: "statement-renderer", hostname: rng.pod("statement-renderer"), pid: 1 };
  const batchAt = tl.at(rng.float(0.5, 0.75));
  const batchEnd = batchAt + rng.int(14, 22) * MINUTE;
  for (const u of ticks(rng, start, end, MINUTE, 3 * SECOND)) {
    let used: number;
    if (u < batchAt || u > batchEnd + 2 * MINUTE) used = rng.float(520, 760);
    else used = Math.min(2020, 700 + ((u - batchAt) / (batchEnd - batchAt)) * 1500 + rng.float(-40, 40));
    const pct = used / 2048;
    const level = pct >= 0.85 ? "warn" : "info";
    tl.add(
      u,
      pino(u, sr, level, pct >= 0.85 ? `heap usage high: ${Math.round(used)}MB of 2048MB` : "heap stats", { heapUsedMB: Math.round(used), heapTotalMB: 2048 }),
      pct >= 0.85 ? "memory" : null,
    );
  }
  for (const u of arrivals(rng, start, end, 1.6)) {
    const inBatch = u >= batchAt && u < batchEnd;
    const took = rng.logNormal(inBatch ? 900 : 420, 0.3);
    tl.add(
      u,
      pino(u, sr, "info", "statement rendered", { accountId: `acc_${rng.alnum(10)}`, pages: rng.int(1, inBatch ? 60 : 6), durationMs: Math.round(took) }),
    );
  }
  tl.add(batchAt, pino(batchAt, sr, "info", "monthly statement batch started", { accounts: rng.int(6000, 9000) }));
  tl.add(batchEnd, pino(batchEnd, sr, "info", "monthly statement batch finished"));

  return tl.build(
    NAME,
    "billing-projector cannot decode one truncated InvoiceEvent and eventbus redelivers it every few seconds, the same DecodeError each time, until the delivery limit dead-letters it; statement-renderer's heap nears its limit during a batch",
  );
}
