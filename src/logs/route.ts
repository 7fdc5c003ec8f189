/**
 * A request's route as a structured field names it (`path`, `http.route`, `url.path`, ...),
 * reduced to its shape: the query string dropped, a path segment that is an id (a uuid, a
 * Stripe-like `ch_3Nk2...`, a long hex) masked whole, and every other run of digits masked, so
 * `/v1/accounts/306194/entries` and `/v1/accounts/5/entries` are one route. A route written as
 * a template (`/v1/orders/{id}`, OpenTelemetry's `http.route`) keeps its placeholders. A version
 * segment's digits are masked too (`/v1/` and `/v2/` are one route): fewer, larger baselines.
 *
 * Shapes are written into one buffer and interned by a hash of it (RouteShapes), so a row whose
 * route has a shape seen before allocates nothing: most rows of an access log.
 */

/** Longer routes are not a route (a payload, a query copied whole): no operation is named by them. */
export const MAX_ROUTE_CHARS = 256;
/** A segment of letters, digits, `-` and `_` this long that holds a digit is an id, masked whole. */
const ID_SEGMENT_CHARS = 8;

/** The shape being built: a mask (3 characters) replaces at least one, so 3x the longest route is room enough. */
const shape = new Uint16Array(3 * MAX_ROUTE_CHARS);

const OTHER = 0;
/** Letters, `-` and `_`: with digits, the characters of an id segment. */
const ID_LETTER = 1;
const DIGIT = 2;
const SLASH = 3;
/** `?` and `#`: the query or fragment, not part of the route. */
const END = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
  CLASS[c] = c >= 48 && c <= 57 ? DIGIT : letter ? ID_LETTER : c === 47 ? SLASH : c === 63 || c === 35 ? END : OTHER;
}

/** Writes `<*>` at w; the position after it. */
function mask(w: number): number {
  shape[w] = 60;
  shape[w + 1] = 42;
  shape[w + 2] = 62;
  return w + 3;
}

/**
 * Writes raw's shape into `shape` in one pass (digit runs masked as they come; a segment found to
 * be an id when it ends is rewound and masked whole): its length, or 0 for an empty or overlong
 * route.
 */
function shapeOf(raw: string): number {
  const n = raw.length;
  let w = 0;
  // The current segment: where its shape starts, where it starts in raw, whether it holds a
  // digit, whether it is all id characters, whether the last character was a digit.
  let segment = 0;
  let from = 0;
  let digit = false;
  let id = true;
  let inDigits = false;
  let i = 0;
  for (; i < n; i++) {
    if (i > MAX_ROUTE_CHARS) return 0;
    const c = raw.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : OTHER;
    if (k === DIGIT) {
      if (!inDigits) w = mask(w);
      digit = inDigits = true;
      continue;
    }
    inDigits = false;
    if (k === SLASH || k === END) {
      if (digit && id && i - from >= ID_SEGMENT_CHARS) w = mask(segment);
      if (k === END) return w;
      shape[w++] = c;
      segment = w;
      from = i + 1;
      digit = false;
      id = true;
      continue;
    }
    if (k === OTHER) id = false;
    shape[w++] = c;
  }
  if (i > MAX_ROUTE_CHARS) return 0;
  if (digit && id && i - from >= ID_SEGMENT_CHARS) w = mask(segment);
  return w;
}

/** The shape of a route, or undefined for an empty or overlong one. */
export function routeShape(raw: string): string | undefined {
  const n = shapeOf(raw);
  return n === 0 ? undefined : String.fromCharCode(...shape.subarray(0, n));
}

/** Route shapes numbered by first appearance; a route whose shape is known costs no allocation. */
export class RouteShapes {
  readonly names: string[] = [];
  private readonly byHash = new Map<number, number>();
  /** Chains shapes whose hashes are equal, from byHash's first. */
  private next: number[] = [];

  /** The id of raw's shape, new ones appended; -1 for an empty or overlong route. */
  id(raw: string): number {
    const n = shapeOf(raw);
    if (n === 0) return -1;
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < n; k++) h = Math.imul(h ^ shape[k]!, 0x01000193);
    // A small integer key: V8 keeps it unboxed.
    h = (h ^ (h >>> 15)) & 0x3fffffff;
    let id = this.byHash.get(h) ?? -1;
    while (id >= 0 && !this.matches(id, n)) id = this.next[id]!;
    if (id >= 0) return id;
    id = this.names.length;
    this.names.push(String.fromCharCode(...shape.subarray(0, n)));
    this.next.push(this.byHash.get(h) ?? -1);
    this.byHash.set(h, id);
    return id;
  }

  get size(): number {
    return this.names.length;
  }

  private matches(id: number, n: number): boolean {
    const s = this.names[id]!;
    if (s.length !== n) return false;
    for (let k = 0; k < n; k++) if (s.charCodeAt(k) !== shape[k]) return false;
    return true;
  }
}
