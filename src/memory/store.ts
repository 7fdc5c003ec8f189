/**
 * The memory across incidents in Valkey (docs/memory.md): per service its templates, numeric
 * baselines and the incidents it learnt; and the recent incidents' findings, for similar
 * incidents. Writes go through the scripts (scripts.ts), one atomic step per service; reads are
 * plain HGETALL/ZRANGE, cached MEMORY_CACHE_MS so a burst of incidents of one service reads its
 * history once.
 */
import type { Config } from "../config.js";
import type { Histogram } from "../detection/history/histogram.js";
import type { DetectionHistory, ServiceHistory, TemplateHistory } from "../detection/history/history.js";
import type { ServiceLesson } from "../detection/history/lessons.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";
import { learnScriptRun, markScriptRun, recordIncidentRun, type ServiceKeys } from "./scripts.js";

export type MemorySettings = Pick<
  Config,
  "MEMORY_HALF_LIFE_DAYS" | "MEMORY_ROUTINE_INCIDENTS" | "MEMORY_MAX_TEMPLATES" | "MEMORY_RECENT_INCIDENTS" | "MEMORY_TTL_DAYS" | "MEMORY_CACHE_MS"
>;

/** Incident ids kept per service so that a redelivered incident is not learnt twice. */
export const LEARNED_IDS_KEPT = 1000;
/** Similar incidents named per answer. */
export const SIMILAR_MAX = 3;
const DAY_MS = 86_400_000;

export interface SimilarIncident {
  incident_id: string;
  similarity: number;
  analysed_at: string;
}

interface TemplateRecord {
  text: string;
  n: number;
  w: number;
  at: number;
  last?: number;
  f?: number;
  lines?: number;
  s?: number;
  sl?: number;
  c?: number;
  e?: number;
  rt?: Histogram;
  mem?: Histogram;
}

/** A histogram from Lua's cjson: an empty one may come back as an empty array. */
const histogram = (v: unknown): Histogram => (v && typeof v === "object" && !Array.isArray(v) ? (v as Histogram) : {});

function scaled(h: Histogram, f: number): Histogram {
  const out: Histogram = {};
  for (const [k, v] of Object.entries(h)) out[k] = v * f;
  return out;
}

/** The pair a finding adds to an incident's signature: service and template id. */
export const signaturePair = (service: string, templateId: string): string => `${service}\u0000${templateId}`;

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

export class MemoryStore {
  private readonly cache = new Map<string, { at: number; history: ServiceHistory | undefined }>();
  private recent: { at: number; incidents: Map<string, { atMs: number; pairs: Set<string> }> } | undefined;

  constructor(
    private readonly valkey: Valkey,
    private readonly keys: Keys,
    private readonly s: MemorySettings,
    private readonly now: () => number = Date.now,
  ) {}

  get routineIncidents(): number {
    return this.s.MEMORY_ROUTINE_INCIDENTS;
  }

  private serviceKeys(service: string): ServiceKeys {
    const k = this.keys;
    return { templates: k.memoryTemplates(service), recency: k.memoryRecency(service), baseline: k.memoryBaseline(service), learned: k.memoryLearned(service) };
  }

  private decay(at: number, nowMs: number): number {
    const age = nowMs - at;
    return age <= 0 ? 1 : 0.5 ** (age / (this.s.MEMORY_HALF_LIFE_DAYS * DAY_MS));
  }

  /** One service's history as of now, undefined when it has none. */
  async read(service: string): Promise<ServiceHistory | undefined> {
    const k = this.serviceKeys(service);
    const [templates, base, oldest] = await Promise.all([
      this.valkey.hgetall(k.templates),
      this.valkey.hgetall(k.baseline),
      this.valkey.zrange(k.learned, "0", "0", "WITHSCORES"),
    ]);
    const incidents = Number(base.incidents ?? 0);
    if (!(incidents > 0) && Object.keys(templates).length === 0) return undefined;
    const nowMs = this.now();
    const f = this.decay(Number(base.at ?? nowMs), nowMs);
    const weight = Number(base.weight ?? 0);
    const list: TemplateHistory[] = [];
    for (const [id, raw] of Object.entries(templates)) {
      let r: TemplateRecord;
      try {
        r = JSON.parse(raw) as TemplateRecord;
      } catch {
        continue;
      }
      const tf = this.decay(Number(r.at), nowMs);
      const t: TemplateHistory = {
        id,
        text: r.text,
        incidents: Number(r.n ?? 0),
        weight: Number(r.w ?? 0) * tf,
        lastSeenMs: Number(r.last ?? r.at),
        confirmed: r.c === 1,
        expected: r.e === 1,
        flagged: Number(r.f ?? 0),
        lines: Number(r.lines ?? 0),
        // Always present, undefined when absent: one object shape for every remembered template,
        // so the code that reads them is not recompiled as templates gain readings.
        severe: undefined,
        rt: undefined,
        mem: undefined,
      };
      if (r.s !== undefined && Number(r.sl) > 0) t.severe = { lines: Number(r.s), of: Number(r.sl) };
      const rt = histogram(r.rt);
      if (Object.keys(rt).length > 0) t.rt = scaled(rt, tf);
      const mem = histogram(r.mem);
      if (Object.keys(mem).length > 0) t.mem = scaled(mem, tf);
      list.push(t);
    }
    const parse = (v: string | undefined): unknown => {
      try {
        return v === undefined ? undefined : JSON.parse(v);
      } catch {
        return undefined;
      }
    };
    const levels = parse(base.levels);
    return {
      service,
      incidents,
      primed: Number(base.primed ?? 0),
      weight: weight * f,
      firstMs: oldest.length >= 2 ? Number(oldest[1]) : nowMs,
      updatedMs: Number(base.at ?? nowMs),
      templates: list,
      rt: scaled(histogram(parse(base.rt)), f),
      mem: scaled(histogram(parse(base.mem)), f),
      levels: Array.isArray(levels) ? levels.map((v) => Number(v) * f) : [0, 0, 0, 0, 0, 0],
      linesPerMinute: weight > 0 ? Number(base.lpm ?? 0) / weight : 0,
    };
  }

  /** The histories of these services (cached MEMORY_CACHE_MS), for detection. */
  async recall(services: readonly string[]): Promise<DetectionHistory> {
    const nowMs = this.now();
    const out: Record<string, ServiceHistory> = {};
    await Promise.all(
      [...new Set(services)].map(async (service) => {
        const hit = this.cache.get(service);
        let history: ServiceHistory | undefined;
        if (hit && nowMs - hit.at < this.s.MEMORY_CACHE_MS) history = hit.history;
        else {
          history = await this.read(service);
          this.cache.set(service, { at: nowMs, history });
        }
        if (history) out[service] = history;
      }),
    );
    return { services: out, routineIncidents: this.s.MEMORY_ROUTINE_INCIDENTS, nowMs };
  }

  /**
   * Merges an incident's lessons into its services' memories, once per incident id: a redelivered
   * incident is not counted twice. `primed`: the logs were declared normal (their templates are
   * expected). Returns the services that learnt now.
   */
  async learn(incidentId: string, lessons: readonly ServiceLesson[], opts: { primed?: boolean } = {}): Promise<string[]> {
    const nowMs = this.now();
    const learnt = await Promise.all(
      lessons.map(async (lesson) => {
        const ok = await learnScriptRun(this.valkey, this.serviceKeys(lesson.service), {
          incidentId,
          nowMs,
          halfLifeMs: this.s.MEMORY_HALF_LIFE_DAYS * DAY_MS,
          maxTemplates: this.s.MEMORY_MAX_TEMPLATES,
          ttlSeconds: this.ttlSeconds(),
          primed: opts.primed === true,
          lesson: JSON.stringify(lesson),
          keepIds: LEARNED_IDS_KEPT,
        });
        // A redelivered incident changed nothing: the cached history stays good.
        if (ok) this.cache.delete(lesson.service);
        return ok ? lesson.service : undefined;
      }),
    );
    return learnt.filter((s): s is string => s !== undefined);
  }

  private ttlSeconds(): number {
    return Math.max(1, Math.round(this.s.MEMORY_TTL_DAYS * 86_400));
  }

  /** Marks a template of a service as a confirmed problem: it never becomes routine. */
  confirm(service: string, templateId: string, incidentId: string, text = ""): Promise<"updated" | "created"> {
    return this.mark(service, templateId, "confirmed", incidentId, text);
  }

  /** Marks a template of a service as expected (normal): routine from now on, until confirmed. */
  expect(service: string, templateId: string, incidentId: string, text = ""): Promise<"updated" | "created"> {
    return this.mark(service, templateId, "expected", incidentId, text);
  }

  private async mark(service: string, templateId: string, mark: "confirmed" | "expected", incidentId: string, text: string) {
    const k = this.serviceKeys(service);
    const out = await markScriptRun(this.valkey, k, { templateId, mark, nowMs: this.now(), ttlSeconds: this.ttlSeconds(), text, incidentId });
    this.cache.delete(service);
    return out;
  }

  private async recentIncidents(): Promise<Map<string, { atMs: number; pairs: Set<string> }>> {
    const nowMs = this.now();
    if (this.recent && nowMs - this.recent.at < this.s.MEMORY_CACHE_MS) return this.recent.incidents;
    const [ranked, signatures] = await Promise.all([
      this.valkey.zrevrange(this.keys.memoryRecent, 0, -1, "WITHSCORES"),
      this.valkey.hgetall(this.keys.memorySignatures),
    ]);
    const incidents = new Map<string, { atMs: number; pairs: Set<string> }>();
    for (let i = 0; i + 1 < ranked.length; i += 2) {
      const id = ranked[i]!;
      let pairs: string[] = [];
      try {
        pairs = JSON.parse(signatures[id] ?? "[]") as string[];
      } catch {
        // An unreadable signature shares nothing.
      }
      incidents.set(id, { atMs: Number(ranked[i + 1]), pairs: new Set(pairs) });
    }
    this.recent = { at: nowMs, incidents };
    return incidents;
  }

  /** Up to SIMILAR_MAX earlier incidents whose findings' service x template pairs are most alike. */
  async similar(incidentId: string, pairs: readonly string[]): Promise<SimilarIncident[]> {
    const mine = new Set(pairs);
    if (mine.size === 0) return [];
    const scored: SimilarIncident[] = [];
    for (const [id, x] of await this.recentIncidents()) {
      if (id === incidentId) continue;
      const similarity = jaccard(mine, x.pairs);
      if (similarity > 0) scored.push({ incident_id: id, similarity: Math.round(similarity * 1000) / 1000, analysed_at: new Date(x.atMs).toISOString() });
    }
    return scored.sort((a, b) => b.similarity - a.similarity || b.analysed_at.localeCompare(a.analysed_at)).slice(0, SIMILAR_MAX);
  }

  /** Remembers an incident's findings for later similar_incidents (the oldest beyond MEMORY_RECENT_INCIDENTS go). */
  async recordIncident(incidentId: string, pairs: readonly string[]): Promise<void> {
    const nowMs = this.now();
    const unique = [...new Set(pairs)];
    await recordIncidentRun(
      this.valkey,
      { recent: this.keys.memoryRecent, signatures: this.keys.memorySignatures },
      { incidentId, nowMs, keep: this.s.MEMORY_RECENT_INCIDENTS, ttlSeconds: this.ttlSeconds(), signature: JSON.stringify(unique) },
    );
    // This instance sees its own incidents at once, whatever its cache's age.
    this.recent?.incidents.set(incidentId, { atMs: nowMs, pairs: new Set(unique) });
  }
}

/** The memory the settings ask for: undefined when MEMORY=off. */
export function createMemory(config: MemorySettings & Pick<Config, "MEMORY">, valkey: Valkey, keys: Keys): MemoryStore | undefined {
  return config.MEMORY === "on" ? new MemoryStore(valkey, keys, config) : undefined;
}
