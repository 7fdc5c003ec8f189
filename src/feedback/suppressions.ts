import { randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { parseUntil, type Suppression, type SuppressionRequest } from "../contract/feedback.js";
import type { SuppressionRule } from "../detection/types.js";
import { ServiceError, asUnavailable } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";

/**
 * Suppressions in Valkey. Each one in force is a key with its expiry as TTL, so an expired one
 * disappears by itself and its finding comes back; an index (id -> expiry) and the records let
 * GET /suppressions also show those that ended within SUPPRESSION_HISTORY_HOURS. Creating and
 * deleting are scripts, so the cap on suppressions in force holds under concurrent requests.
 */

// KEYS: index, records, live key. ARGV: id, record JSON, expiry ms ('+inf' = permanent), ttl ms
// (0 = none), now ms, history ms, cap.
// Ended suppressions older than the history are pruned first (a bounded number per call).
const CREATE = `
local now = tonumber(ARGV[5])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[6])), 'LIMIT', 0, 500)
if #old > 0 then
  redis.call('ZREM', KEYS[1], unpack(old))
  redis.call('HDEL', KEYS[2], unpack(old))
end
local active = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
if active >= tonumber(ARGV[7]) then
  return {0, active}
end
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4])
else
  redis.call('SET', KEYS[3], ARGV[2])
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return {1, active + 1}
`;

// KEYS: index, records, live key. ARGV: id, record JSON with deleted_at, now ms.
// Only a suppression in force can be deleted; it then counts as ended now.
const DELETE = `
if not redis.call('GETDEL', KEYS[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

export type SuppressionSettings = Pick<Config, "MAX_ACTIVE_SUPPRESSIONS" | "SUPPRESSION_HISTORY_HOURS" | "FEEDBACK_STREAM_MAXLEN">;

export interface SuppressionList {
  active: Suppression[];
  ended: (Suppression & { status: "expired" | "deleted" })[];
  max_active: number;
}

const parse = (raw: string | null | undefined): Suppression | undefined => {
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as Suppression;
  } catch {
    return undefined;
  }
};

export function toRule(s: Suppression): SuppressionRule {
  return { id: s.id, match: s.match as SuppressionRule["match"], reason: s.reason };
}

export class SuppressionStore {
  constructor(
    private readonly valkey: Valkey,
    private readonly keys: Keys,
    private readonly settings: SuppressionSettings,
    private readonly log?: Logger,
  ) {}

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw asUnavailable(err);
    }
  }

  /** Creates a suppression; 409 (CONFLICT) at the cap. */
  async create(req: SuppressionRequest, now = Date.now()): Promise<Suppression> {
    let expiresAt: number | undefined;
    if (req.until !== undefined) {
      const at = parseUntil(req.until, now);
      if (typeof at === "string") throw new ServiceError("VALIDATION", `until: ${at}`, { field: "until" });
      expiresAt = at;
    }
    const id = `s_${randomBytes(8).toString("hex")}`;
    const record: Suppression = {
      id,
      match: req.match as Suppression["match"],
      until: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
      reason: req.reason,
      created_by: req.created_by,
      created_at: new Date(now).toISOString(),
    };
    const json = JSON.stringify(record);
    const [ok, active] = (await this.call(() =>
      this.valkey.eval(
        CREATE,
        3,
        this.keys.suppressionIndex,
        this.keys.suppressionRecords,
        this.keys.suppression(id),
        id,
        json,
        expiresAt === undefined ? "+inf" : String(expiresAt),
        String(expiresAt === undefined ? 0 : expiresAt - now),
        String(now),
        String(Math.round(this.settings.SUPPRESSION_HISTORY_HOURS * 3_600_000)),
        String(this.settings.MAX_ACTIVE_SUPPRESSIONS),
      ),
    )) as [number, number];
    if (ok !== 1) {
      throw new ServiceError(
        "CONFLICT",
        `${active} suppressions are in force, the most MAX_ACTIVE_SUPPRESSIONS allows: delete one (DELETE /suppressions/:id) or let one expire first`,
        { field: "match" },
      );
    }
    this.log?.info(
      { suppression_id: id, match: record.match, until: record.until, reason: record.reason, created_by: record.created_by },
      "suppression created",
    );
    await this.audit("suppression_created", record, record.created_by);
    return record;
  }

  /** Ends a suppression in force; 404 when there is none with that id. */
  async remove(id: string, by: string, now = Date.now()): Promise<Suppression> {
    const record = parse(await this.call(() => this.valkey.get(this.keys.suppression(id))));
    if (!record) throw new ServiceError("NOT_FOUND", `no suppression ${id} in force (it may have expired or been deleted already: GET /suppressions)`);
    const ended: Suppression = { ...record, deleted_at: new Date(now).toISOString(), deleted_by: by };
    const done = await this.call(() =>
      this.valkey.eval(DELETE, 3, this.keys.suppressionIndex, this.keys.suppressionRecords, this.keys.suppression(id), id, JSON.stringify(ended), String(now)),
    );
    if (done !== 1) throw new ServiceError("NOT_FOUND", `no suppression ${id} in force (it expired meanwhile)`);
    this.log?.info({ suppression_id: id, match: record.match, deleted_by: by }, "suppression deleted");
    await this.audit("suppression_deleted", ended, by);
    return ended;
  }

  /** Those in force now, and those that ended within SUPPRESSION_HISTORY_HOURS. */
  async list(now = Date.now()): Promise<SuppressionList> {
    const since = now - this.settings.SUPPRESSION_HISTORY_HOURS * 3_600_000;
    const ids = await this.call(() => this.valkey.zrangebyscore(this.keys.suppressionIndex, since, "+inf"));
    if (ids.length === 0) return { active: [], ended: [], max_active: this.settings.MAX_ACTIVE_SUPPRESSIONS };
    const [records, live] = await this.call(() =>
      Promise.all([this.valkey.hmget(this.keys.suppressionRecords, ...ids), this.valkey.mget(...ids.map((id) => this.keys.suppression(id)))]),
    );
    const active: Suppression[] = [];
    const ended: SuppressionList["ended"] = [];
    ids.forEach((_, k) => {
      const inForce = parse(live[k]);
      if (inForce) {
        active.push(inForce);
        return;
      }
      const r = parse(records[k]);
      if (r) ended.push({ ...r, status: r.deleted_at ? "deleted" : "expired" });
    });
    const endedAt = (s: Suppression) => Date.parse(s.deleted_at ?? s.until ?? "") || 0;
    ended.sort((a, b) => endedAt(b) - endedAt(a));
    return { active, ended, max_active: this.settings.MAX_ACTIVE_SUPPRESSIONS };
  }

  /** The suppressions in force: their keys, which expire by themselves, decide. */
  async active(now = Date.now()): Promise<Suppression[]> {
    const ids = await this.valkey.zrangebyscore(this.keys.suppressionIndex, `(${now}`, "+inf");
    if (ids.length === 0) return [];
    const live = await this.valkey.mget(...ids.map((id) => this.keys.suppression(id)));
    return live.map(parse).filter((s): s is Suppression => s !== undefined);
  }

  /** Suppressions in force by the index (for the gauge; the keys' TTLs may end one a moment sooner). */
  countActive(now = Date.now()): Promise<number> {
    return this.valkey.zcount(this.keys.suppressionIndex, `(${now}`, "+inf");
  }

  private async audit(kind: string, s: Suppression, by: string): Promise<void> {
    const fields = ["kind", kind, "suppression_id", s.id, "by", by, "at", new Date().toISOString(), "suppression", JSON.stringify(s)];
    const maxlen = this.settings.FEEDBACK_STREAM_MAXLEN;
    await this.call(() =>
      maxlen > 0
        ? this.valkey.xadd(this.keys.feedbackStream, "MAXLEN", "~", maxlen, "*", ...fields)
        : this.valkey.xadd(this.keys.feedbackStream, "*", ...fields),
    );
  }
}
