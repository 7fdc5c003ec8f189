/**
 * Log templates mined as logs stream in: a Drain-style fixed-depth parse tree (He et al.,
 * "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017), written here.
 *
 * A message is tokenised once on whitespace; a token holding a digit is masked (numbers, ids,
 * IPs, hex, durations, paths with ids), so "GET /users/42 200 in 45ms" and
 * "GET /users/7 200 in 61ms" share a leaf before any similarity is computed. The tree routes by
 * service, then token count, then the first token (a masked token routes to the wildcard child,
 * and so does a new token once a node has MAX_CHILDREN children; Drain's depth 3 -- routing
 * on a second token too splits "Shard a relocated" from "Shard b relocated" for good). In the leaf, the log
 * joins the template with the highest share of equal tokens when it reaches SIMILARITY (ties:
 * the template with more wildcards), and the positions that differ become wildcards; otherwise
 * it starts a new template. Per log: one scan of the message, three map lookups, and a
 * comparison of token arrays with the few templates of its leaf; and most logs not even that: a
 * skeleton (the masked token sequence) seen before maps straight to its template through a
 * hash computed in the same single scan, without slicing tokens. Templates are capped
 * (MAX_TEMPLATES, MAX_PER_LEAF); past a cap a log joins its leaf's closest template, or the
 * overflow template when the leaf is empty.
 */
import { PairIds } from "../pair-ids.js";
import { tableOf } from "../../logs/from-records.js";
import type { LogRecord } from "../../logs/log-record.js";
import { LogTable } from "../../logs/log-table.js";
import { skeletonKey } from "../features/message-shapes.js";

/** A token that held a digit. Equal to itself (two masked tokens match), rendered as "<*>". */
const MASK = "<#>";
/** A position that differed between logs of one template. */
const WILD = "<*>";
/** Tokens compared per log; the rest of a longer message (a stack trace) is not compared. */
export const MAX_TOKENS = 40;
/** Children per token node before new tokens share the wildcard child (Drain's maxChild). */
const MAX_CHILDREN = 100;
/** Share of equal tokens to join a template (Drain's st; Drain3 uses 0.4). */
export const SIMILARITY = 0.5;
export const MAX_TEMPLATES = 5000;
/** Token levels of the tree below the length level. */
const ROUTE_TOKENS = 1;
const MAX_PER_LEAF = 64;
export const OVERFLOW_TEMPLATE = "<unclustered>";

interface TokenNode {
  children: Map<string, TokenNode>;
  /** Template ids in a leaf (nodes at the last token level). */
  templates: number[];
}

const newNode = (): TokenNode => ({ children: new Map(), templates: [] });

/** The child for `key`, created while the node has room, else the wildcard child. */
function childOf(node: TokenNode, key: string): TokenNode {
  let child = node.children.get(key);
  if (child !== undefined) return child;
  if (key !== WILD && node.children.size >= MAX_CHILDREN) return childOf(node, WILD);
  child = newNode();
  node.children.set(key, child);
  return child;
}

export interface TemplateTable {
  /** Template id per row. */
  templateOf: Int32Array;
  /** Number of templates; ids are 0..count-1 in order of first appearance. */
  count: number;
  /** Occurrences per template. */
  occurrences: Int32Array;
  /** Row of the first occurrence per template. */
  firstRow: Int32Array;
  /** Template text per id, wildcards as "<*>". */
  text(id: number): string;
  /** True when every message of the template is the same text (no variable token). */
  isConstant(id: number): boolean;
  /**
   * Per template of lines carrying an exception, the template of the same text mined from its
   * service's lines of the same class without one (-1: none), when some line carried an exception.
   */
  plainTwin?: Int32Array;
  /** 1 for a template mined from lines that carry an exception, when some line carried one. */
  withException?: Uint8Array;
  /** The exception type a template's lines name, when they were mined apart by it (undefined: none). */
  exceptionType?: (string | undefined)[];
}

/** Whitespace tokens of a message, digits masked, at most MAX_TOKENS; `length` is the full count. */
export function tokenize(message: string, out: string[]): number {
  out.length = 0;
  let total = 0;
  let start = -1;
  let digit = false;
  const n = message.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? message.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (start >= 0) {
        if (total < MAX_TOKENS) out.push(digit ? MASK : message.slice(start, i));
        total++;
        start = -1;
        digit = false;
      }
    } else {
      if (start < 0) start = i;
      if (c >= 48 && c <= 57) digit = true;
    }
  }
  return total;
}

/** Distinct skeletons remembered per miner; past this, new skeletons go through the tree. */
const MAX_CACHED_SKELETONS = 100_000;

/** A streaming miner: feed messages in log order with `add`, read the table at the end. */
export class TemplateMiner {
  private readonly roots = new Map<string, Map<number, TokenNode>>();
  /** Per service: skeleton key -> template id, so a repeated skeleton skips the tree. */
  private readonly cache = new Map<string, Map<number, number>>();
  private cached = 0;
  private readonly tokens: string[][] = [];
  private readonly counts: number[] = [];
  private readonly firsts: number[] = [];
  /** Template id per row added, grown by doubling past the rows announced to the constructor. */
  private ids: Int32Array;
  private rows = 0;
  /** Whether some message of the template was longer than MAX_TOKENS (its tail was not compared). */
  private readonly truncated: boolean[] = [];
  private readonly scratch: string[] = [];
  private overflow = -1;

  /** `rows`: how many messages will be added, when known (a larger count only costs a copy). */
  constructor(rows = 1024) {
    this.ids = new Int32Array(Math.max(1, rows));
  }

  /**
   * Template id of this message (its row is the number of messages added before it). `key` is
   * skeletonKey(message) when the caller has it already.
   */
  add(service: string, message: string, key = skeletonKey(message)): number {
    const row = this.rows;
    let known = this.cache.get(service);
    if (known === undefined) {
      known = new Map();
      this.cache.set(service, known);
    }
    let id = known.get(key);
    if (id === undefined) {
      const toks = this.scratch;
      const total = tokenize(message, toks);
      id = this.match(service, total, toks, row);
      if (total > MAX_TOKENS) this.truncated[id] = true;
      if (this.cached < MAX_CACHED_SKELETONS) {
        known.set(key, id);
        this.cached++;
      }
    }
    this.counts[id] = this.counts[id]! + 1;
    this.push(id);
    return id;
  }

  private push(id: number): void {
    if (this.rows === this.ids.length) {
      const grown = new Int32Array(2 * this.ids.length);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.rows++] = id;
  }

  /** Whether `add` remembers skeletons still: a repeated one then always gets the same id. */
  get remembering(): boolean {
    return this.cached < MAX_CACHED_SKELETONS;
  }

  /** Adds a message whose template id an earlier `add` of the same service and skeleton gave. */
  repeat(id: number): void {
    this.counts[id] = this.counts[id]! + 1;
    this.push(id);
  }

  private match(service: string, total: number, toks: string[], row: number): number {
    let byLength = this.roots.get(service);
    if (byLength === undefined) {
      byLength = new Map();
      this.roots.set(service, byLength);
    }
    const lengthKey = Math.min(total, MAX_TOKENS + 1);
    let node: TokenNode | undefined = byLength.get(lengthKey);
    if (node === undefined) {
      node = newNode();
      byLength.set(lengthKey, node);
    }
    for (let level = 0; level < ROUTE_TOKENS && level < toks.length; level++) {
      const t = toks[level]!;
      const key = t === MASK ? WILD : t;
      node = childOf(node, key);
    }
    const leaf = node.templates;
    let best = -1;
    let bestSim = -1;
    let bestWild = -1;
    for (let k = 0; k < leaf.length; k++) {
      const id = leaf[k]!;
      const tpl = this.tokens[id]!;
      let equal = 0;
      let wild = 0;
      for (let i = 0; i < tpl.length; i++) {
        const a = tpl[i]!;
        if (a === WILD) wild++;
        else if (a === toks[i]) equal++;
      }
      const sim = tpl.length === 0 ? 1 : equal / tpl.length;
      if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
        best = id;
        bestSim = sim;
        bestWild = wild;
      }
    }
    if (best >= 0 && (bestSim >= SIMILARITY || leaf.length >= MAX_PER_LEAF || this.tokens.length >= MAX_TEMPLATES)) {
      const tpl = this.tokens[best]!;
      for (let i = 0; i < tpl.length; i++) if (tpl[i] !== WILD && tpl[i] !== toks[i]) tpl[i] = WILD;
      return best;
    }
    if (this.tokens.length >= MAX_TEMPLATES) return this.overflowId(row);
    const id = this.tokens.length;
    this.tokens.push(toks.slice());
    this.counts.push(0);
    this.firsts.push(row);
    leaf.push(id);
    return id;
  }

  private overflowId(row: number): number {
    if (this.overflow < 0) {
      this.overflow = this.tokens.length;
      this.tokens.push([OVERFLOW_TEMPLATE]);
      this.counts.push(0);
      this.firsts.push(row);
    }
    return this.overflow;
  }

  table(): TemplateTable {
    const tokens = this.tokens;
    const texts: (string | undefined)[] = new Array<string | undefined>(tokens.length);
    const truncated = this.truncated;
    const overflow = this.overflow;
    return {
      templateOf: this.rows === this.ids.length ? this.ids : this.ids.slice(0, this.rows),
      count: tokens.length,
      occurrences: Int32Array.from(this.counts),
      firstRow: Int32Array.from(this.firsts),
      text(id: number): string {
        let s = texts[id];
        if (s === undefined) {
          const t = tokens[id];
          s = t === undefined ? "" : t.map((x) => (x === MASK ? WILD : x)).join(" ");
          texts[id] = s;
        }
        return s;
      },
      isConstant(id: number): boolean {
        const t = tokens[id];
        if (t === undefined || id === overflow || truncated[id]) return false;
        for (const x of t) if (x === MASK || x === WILD) return false;
        return true;
      },
    };
  }
}

/** Skeleton keys computed with the message shapes: of row i, skeleton[shapeOf[i]]. */
export interface KnownSkeletons {
  shapeOf: Int32Array;
  skeleton: Float64Array;
}

/** Severity from which a line is a failure (ERROR, CRITICAL): its message is a kind of its own. */
export const FAILURE_SEVERITY = 4;
const WARNING_SEVERITY = 3;

/** Miner key suffixes: a line's class (INFO and below, WARNING, ERROR and worse), then the same with an exception. */
const CLASSES = ["", "\u0000warning", "\u0000failure", "\u0000exception", "\u0000warning\u0000exception", "\u0000failure\u0000exception"];

/**
 * Templates of a batch of logs, in order. A message a service writes at INFO and, now, at ERROR
 * (an access logger's "POST /orders completed 500 in 3 ms" beside its 200s, a step that
 * usually succeeds) is two kinds of line: the failing one is judged on its own (new, bursting,
 * routine or not), not as part of the everyday one. Both keep the same text, and so the same
 * template_id. So is a message that now carries an exception where it usually carries none, and
 * one exception type from another: zap's `logger.Warn("webhook delivery failed, will retry",
 * zap.Error(err))` is a partner's routine 429 without an error and a refused connection with
 * one. Those keep the message's text too; the memory and the findings name them by it with their
 * exception (history.ts rememberedText).
 */
export function mineTemplates(
  logs: LogTable | readonly { service: string; message: string; level?: LogRecord["level"]; exception?: string }[],
  known?: KnownSkeletons,
): TemplateTable {
  const t = logs instanceof LogTable ? logs : tableOf(logs.map((l, index) => ({ index, timestampMs: Number.NaN, timestamp: "", level: "INFO", ...l })));
  const { messages, services, serviceOf, severity } = t;
  const miner = new TemplateMiner(t.length);
  // The type of each row's exception (0: none, or a head naming none), for lines with exceptions.
  const types = t.hasExceptions ? exceptionTypes(t) : undefined;
  const perBase = (types?.names.length ?? 0) + 1;
  // Miner key per service, class, whether the line carries an exception, and its type: a number
  // per row, its string made once per key.
  const keyOf = (i: number): number => {
    const sev = severity[i]!;
    const base = CLASSES.length * serviceOf[i]! + (sev >= FAILURE_SEVERITY ? 2 : sev === WARNING_SEVERITY ? 1 : 0) + (t.exception(i) === undefined ? 0 : 3);
    return base * perBase + (types === undefined ? 0 : types.of[i]!);
  };
  const keys: string[] = [];
  const keyName = (k: number): string => {
    let name = keys[k];
    if (name === undefined) {
      const base = Math.floor(k / perBase);
      const type = k % perBase;
      name = `${services[Math.floor(base / CLASSES.length)]}${CLASSES[base % CLASSES.length]}${type === 0 ? "" : `\u0000${types!.names[type - 1]}`}`;
      keys[k] = name;
    }
    return name;
  };
  // A shape has one skeleton, so within one miner key it has one template id once added: rows
  // of a (key, shape) seen before take it from a table instead of the miner's maps.
  const memo = known && new PairIds(services.length * CLASSES.length * perBase, known.skeleton.length);
  for (let i = 0; i < t.length; i++) {
    const k = keyOf(i);
    if (!known) {
      miner.add(keyName(k), messages[i]!);
      continue;
    }
    const shape = known.shapeOf[i]!;
    const seen = memo!.get(k, shape);
    if (seen >= 0) miner.repeat(seen);
    else {
      const remembering = miner.remembering;
      const id = miner.add(keyName(k), messages[i]!, known.skeleton[shape]!);
      if (remembering) memo!.set(k, shape, id);
    }
  }
  const table = miner.table();
  if (t.hasExceptions) {
    const twin = plainTwins(table, (row) => Math.floor(keyOf(row) / perBase));
    table.plainTwin = twin;
    table.withException = Uint8Array.from(twin, (_, id) => (t.exception(table.firstRow[id]!) === undefined ? 0 : 1));
    table.exceptionType = Array.from(twin, (_, id) => {
      const type = types!.of[table.firstRow[id]!]!;
      return type > 0 ? types!.names[type - 1] : undefined;
    });
  }
  return table;
}

/** Exception types told apart per incident; the rest mine with the lines whose head names none. */
const MAX_EXCEPTION_TYPES = 64;
/**
 * An exception head that names its type: a class name, dotted or not, alone or before a colon
 * (`KeyError: 'nordics'`, `java.net.ConnectException: Connection refused`, pino's `TypeError`).
 * Go's `dial tcp ...: connection refused` or `context canceled` names none.
 */
const EXCEPTION_TYPE_RE = /^((?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*)(?::|$)/;

/**
 * Each row's exception type, numbered from 1 by first appearance (0: none). Error trackers group
 * a failure by its exception's type: `MailSendException` for an unknown recipient every hour and
 * `MailAuthenticationException` on every send after a password rotation are two failures of one
 * message.
 */
function exceptionTypes(t: LogTable): { of: Int32Array; names: string[] } {
  const of = new Int32Array(t.length);
  const names: string[] = [];
  const byHead = new Map<string, number>();
  const byName = new Map<string, number>();
  for (let i = 0; i < t.length; i++) {
    const head = t.exception(i);
    if (head === undefined) continue;
    let type = byHead.get(head);
    if (type === undefined) {
      const name = EXCEPTION_TYPE_RE.exec(head)?.[1];
      type = name === undefined ? 0 : (byName.get(name) ?? (names.length < MAX_EXCEPTION_TYPES ? names.push(name) : 0));
      if (name !== undefined && type > 0) byName.set(name, type);
      byHead.set(head, type);
    }
    of[i] = type;
  }
  return { of, names };
}

/** TemplateTable.plainTwin: `baseOf` gives a row's miner key without its exception type; keys with an exception are CLASSES' last three. */
function plainTwins(table: TemplateTable, baseOf: (row: number) => number): Int32Array {
  const twin = new Int32Array(table.count).fill(-1);
  const keys = new Int32Array(table.count);
  const wanted = new Set<number>();
  for (let id = 0; id < table.count; id++) {
    const k = baseOf(table.firstRow[id]!);
    keys[id] = k;
    if (k % CLASSES.length >= 3) wanted.add(k - 3);
  }
  const plain = new Map<string, number>();
  for (let id = 0; id < table.count; id++) if (wanted.has(keys[id]!)) plain.set(`${keys[id]}\u0000${table.text(id)}`, id);
  for (let id = 0; id < table.count; id++) {
    if (keys[id]! % CLASSES.length >= 3) twin[id] = plain.get(`${keys[id]! - 3}\u0000${table.text(id)}`) ?? -1;
  }
  return twin;
}
