/**
 * The top-level fields a reader wants, straight from a JSON object's text: no object, and no
 * string or number for the fields it does not want (most of a log's keys), where JSON.parse
 * builds them all to be thrown away.
 *
 * The scanner reads an object of plain keys, and validates the whole text as JSON.parse would
 * (strings, escapes, numbers, literals, whitespace, nested values it skips). The value of a
 * wanted key that is an object or an array, and of a key the caller wants parsed (`nested`), is
 * parsed from its own text by JSON.parse, once validated. Anything else it gives up on, and says
 * why: the caller then parses the text with JSON.parse, which decides (and throws on what is not
 * JSON). Giving up is always safe; only what it accepts must be exactly what JSON.parse would
 * have given.
 */

/** The fields were read. */
export const SCAN_OK = 0;
/** The fields were read, and `nested` holds the values of the keys wanted parsed. */
export const SCAN_NESTED = 1;
/** Not a JSON object, or not JSON at all: JSON.parse decides. */
export const SCAN_INVALID = 2;
/** A raw control character (below U+0020) somewhere: not JSON inside a string, and rare between tokens. */
export const SCAN_CONTROL = 3;
/** A key written with escapes. */
export const SCAN_ESCAPED_KEY = 4;
/** A wanted key written twice (JSON.parse keeps the last value). */
export const SCAN_DUPLICATE = 5;
/** Nested deeper than MAX_DEPTH. */
export const SCAN_DEEP = 6;

export const SCAN_OUTCOMES = ["ok", "ok, with nested keys", "invalid or not an object", "control character", "escaped key", "duplicate key", "deep nesting"];

/** Deeper values are left to JSON.parse: the skipping stack stays small. */
const MAX_DEPTH = 256;
/** Keys longer than this are never wanted (the longest alias has 25 characters). */
const MAX_KEY = 48;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** What nestedEnd returns for a value nested deeper than MAX_DEPTH. */
const TOO_DEEP = -2;
/** No wanted key. */
const NONE = -0x7fffffff;

/** A character below U+0020 (the class is every UTF-16 code unit but those). */
const CONTROL_RE = /[^\u0020-\uffff]/;

/**
 * Fills `values` and `ranks` as a pass over the parsed object's own keys would: `codes` gives
 * each wanted key's `slot * 16 + rank`; a slot keeps the value of its lowest-ranked key whose
 * value is not null nor "" (undefined and 16 when none). A key of code -1 - i is wanted parsed:
 * its value goes to nested[i] (the last one when written twice, as JSON.parse keeps it), and the
 * scan returns SCAN_NESTED. Returns SCAN_OK or SCAN_NESTED, or why it gave up (values are then
 * meaningless).
 */
export function fieldScanner(codes: ReadonlyMap<string, number>, values: unknown[], ranks: number[], nested: unknown[]): (text: string) => number {
  // Wanted keys by length and first character, so a key is looked up without making a string
  // of it: those of shape `at` are names[from[at]] .. names[from[at + 1] - 1].
  const shapeOf = (name: string): number => name.length * 128 + name.charCodeAt(0);
  const sorted = [...codes].sort((x, y) => shapeOf(x[0]) - shapeOf(y[0]));
  const names = sorted.map(([name]) => name);
  const nameCodes = Int32Array.from(sorted, ([, code]) => code);
  const from = new Int32Array((MAX_KEY + 1) * 128 + 1);
  for (const name of names) {
    if (name.length === 0 || name.length > MAX_KEY || name.charCodeAt(0) >= 128)
      throw new Error(`fieldScanner: key ${JSON.stringify(name)} is not a short ASCII key`);
    from[shapeOf(name) + 1]!++;
  }
  for (let i = 1; i < from.length; i++) from[i]! += from[i - 1]!;
  const slots = values.length;
  /** Per code, the last text it was seen in (seen twice in one is a duplicate key). */
  const seenIn = new Float64Array(Math.max(0, ...codes.values()) + 1);
  let texts = 0;
  /** Per depth of a skipped value, whether it is an object. */
  const isObject = new Uint8Array(MAX_DEPTH);

  /** The first backslash at or after where the helpers below stopped reading (-1: none). */
  let backslash = -1;
  /** Whether `nested` holds values (of this text, or of the last one until it is cleared). */
  let hasNested = false;

  /**
   * The closing quote of the string of `s` whose first character is at `a` (a string with
   * escapes, validated), or -1 when it is not a valid string. Moves `backslash` past it.
   */
  function stringEnd(s: string, a: number): number {
    let q = s.indexOf('"', a);
    if (q < 0) return -1;
    if (backslash >= 0 && backslash < a) backslash = s.indexOf("\\", a);
    while (backslash >= 0 && backslash < q) {
      const e = s.charCodeAt(backslash + 1);
      let after = backslash + 2;
      if (e === 117 /* u */) {
        if (!hex(s.charCodeAt(backslash + 2)) || !hex(s.charCodeAt(backslash + 3)) || !hex(s.charCodeAt(backslash + 4)) || !hex(s.charCodeAt(backslash + 5)))
          return -1;
        after = backslash + 6;
      } else if (!(e === QUOTE || e === BACKSLASH || e === 47 /* / */ || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) return -1;
      backslash = s.indexOf("\\", after);
      if (q < after) {
        q = s.indexOf('"', after);
        if (q < 0) return -1;
      }
    }
    return q;
  }

  /** The end of the string, number or literal at `p`, or -1. */
  function scalarEnd(s: string, p: number): number {
    const c = s.charCodeAt(p);
    if (c === QUOTE) {
      const q = stringEnd(s, p + 1);
      return q < 0 ? -1 : q + 1;
    }
    if (c === 116) return s.startsWith("true", p) ? p + 4 : -1;
    if (c === 102) return s.startsWith("false", p) ? p + 5 : -1;
    if (c === 110) return s.startsWith("null", p) ? p + 4 : -1;
    return numberEnd(s, p);
  }

  /** After an object's `{` or `,` and its whitespace: past the key, the colon and the whitespace after it, or -1. */
  function memberKey(s: string, p: number): number {
    if (s.charCodeAt(p) !== QUOTE) return -1;
    const q = stringEnd(s, p + 1);
    if (q < 0) return -1;
    p = space(s, q + 1);
    return s.charCodeAt(p) === COLON ? space(s, p + 1) : -1;
  }

  /** The end of the object or array at `p`, validated; -1 when it is not JSON, TOO_DEEP when nested deeper than MAX_DEPTH. */
  function nestedEnd(s: string, p: number): number {
    let depth = 0;
    for (;;) {
      // At the start of a value.
      const c = s.charCodeAt(p);
      if (c === LBRACE || c === LBRACKET) {
        if (depth === MAX_DEPTH) return TOO_DEEP;
        const obj = c === LBRACE;
        isObject[depth++] = obj ? 1 : 0;
        p = space(s, p + 1);
        if (s.charCodeAt(p) === (obj ? RBRACE : RBRACKET)) {
          p++;
          depth--;
        } else {
          if (obj) p = memberKey(s, p);
          if (p < 0) return -1;
          continue;
        }
      } else {
        p = scalarEnd(s, p);
        if (p < 0) return -1;
      }
      // After a value: close what it ends, or go on to the next.
      for (;;) {
        if (depth === 0) return p;
        p = space(s, p);
        const d = s.charCodeAt(p);
        const obj = isObject[depth - 1] === 1;
        if (d === COMMA) {
          p = space(s, p + 1);
          if (obj) p = memberKey(s, p);
          if (p < 0) return -1;
          break;
        }
        if (d !== (obj ? RBRACE : RBRACKET)) return -1;
        p++;
        depth--;
      }
    }
  }

  return function scan(s: string): number {
    texts++;
    for (let i = 0; i < slots; i++) {
      values[i] = undefined;
      ranks[i] = 16;
    }
    if (hasNested) {
      nested.fill(undefined);
      hasNested = false;
    }
    if (CONTROL_RE.test(s)) return SCAN_CONTROL;
    backslash = s.indexOf("\\");
    let p = space(s, 0);
    if (s.charCodeAt(p) !== LBRACE) return SCAN_INVALID;
    p = space(s, p + 1);
    let c = s.charCodeAt(p);
    if (c === RBRACE) return space(s, p + 1) === s.length ? SCAN_OK : SCAN_INVALID;
    let outcome = SCAN_OK;
    for (;;) {
      // At a key.
      if (c !== QUOTE) return SCAN_INVALID;
      const a = p + 1;
      let q = s.indexOf('"', a);
      if (q < 0) return SCAN_INVALID;
      if (backslash >= 0 && backslash < q) return SCAN_ESCAPED_KEY;
      let code = NONE;
      const len = q - a;
      const first = s.charCodeAt(a);
      if (len <= MAX_KEY && first < 128) {
        const at = len * 128 + first;
        // Character by character: startsWith is a call TurboFan does not inline.
        for (let i = from[at]!, end = from[at + 1]!; i < end; i++) {
          const name = names[i]!;
          let j = 1;
          while (j < len && s.charCodeAt(a + j) === name.charCodeAt(j)) j++;
          if (j === len) {
            code = nameCodes[i]!;
            break;
          }
        }
      }
      p = q + 1;
      c = s.charCodeAt(p);
      if (c !== COLON) {
        p = space(s, p);
        if (s.charCodeAt(p) !== COLON) return SCAN_INVALID;
      }
      // Whitespace is rare: one test when there is none (no control character is left but whitespace).
      c = s.charCodeAt(++p);
      if (c <= 32) {
        p = space(s, p);
        c = s.charCodeAt(p);
      }
      // At its value.
      if (code === NONE) {
        if (c === QUOTE) {
          q = s.indexOf('"', p + 1);
          if (q < 0) return SCAN_INVALID;
          if (backslash >= 0 && backslash < q) q = stringEnd(s, p + 1);
          if (q < 0) return SCAN_INVALID;
          p = q + 1;
        } else if (c === LBRACE || c === LBRACKET) {
          p = nestedEnd(s, p);
          if (p < 0) return p === TOO_DEEP ? SCAN_DEEP : SCAN_INVALID;
        } else {
          p = scalarEnd(s, p);
          if (p < 0) return SCAN_INVALID;
        }
      } else if (code < 0) {
        // Wanted parsed: validated, then parsed from its own text.
        const e = c === LBRACE || c === LBRACKET ? nestedEnd(s, p) : scalarEnd(s, p);
        if (e < 0) return e === TOO_DEEP ? SCAN_DEEP : SCAN_INVALID;
        nested[-1 - code] = JSON.parse(s.slice(p, e));
        hasNested = true;
        outcome = SCAN_NESTED;
        p = e;
      } else {
        let v: unknown;
        if (c === QUOTE) {
          q = s.indexOf('"', p + 1);
          if (q < 0) return SCAN_INVALID;
          if (backslash >= 0 && backslash < q) {
            q = stringEnd(s, p + 1);
            if (q < 0) return SCAN_INVALID;
            v = JSON.parse(s.slice(p, q + 1));
          } else v = s.slice(p + 1, q);
          p = q + 1;
        } else if (c === LBRACE || c === LBRACKET) {
          const e = nestedEnd(s, p);
          if (e < 0) return e === TOO_DEEP ? SCAN_DEEP : SCAN_INVALID;
          v = JSON.parse(s.slice(p, e));
          p = e;
        } else {
          const e = scalarEnd(s, p);
          if (e < 0) return SCAN_INVALID;
          v = c === 116 ? true : c === 102 ? false : c === 110 ? null : numberValue(s, p, e);
          p = e;
        }
        if (seenIn[code] === texts) return SCAN_DUPLICATE;
        seenIn[code] = texts;
        const slot = code >> 4;
        if ((code & 15) < ranks[slot]! && v !== null && v !== "") {
          values[slot] = v;
          ranks[slot] = code & 15;
        }
      }
      // After the value.
      c = s.charCodeAt(p);
      if (c !== COMMA && c !== RBRACE) {
        p = space(s, p);
        c = s.charCodeAt(p);
      }
      if (c === COMMA) {
        c = s.charCodeAt(++p);
        if (c <= 32) {
          p = space(s, p);
          c = s.charCodeAt(p);
        }
        continue;
      }
      if (c !== RBRACE) return SCAN_INVALID;
      return space(s, p + 1) === s.length ? outcome : SCAN_INVALID;
    }
  };
}

function space(s: string, p: number): number {
  let c = s.charCodeAt(p);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
  return p;
}

function hex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The end of the number starting at `p` (JSON's grammar), or -1. */
function numberEnd(s: string, p: number): number {
  let c = s.charCodeAt(p);
  if (c === MINUS) c = s.charCodeAt(++p);
  if (c === ZERO) c = s.charCodeAt(++p);
  else if (c > ZERO && c <= NINE) {
    do c = s.charCodeAt(++p);
    while (c >= ZERO && c <= NINE);
  } else return -1;
  if (c === DOT) {
    c = s.charCodeAt(++p);
    if (!(c >= ZERO && c <= NINE)) return -1;
    do c = s.charCodeAt(++p);
    while (c >= ZERO && c <= NINE);
  }
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++p);
    if (c === 43 || c === MINUS) c = s.charCodeAt(++p);
    if (!(c >= ZERO && c <= NINE)) return -1;
    do c = s.charCodeAt(++p);
    while (c >= ZERO && c <= NINE);
  }
  return p;
}

/** The value of the number [p, end) of `s` (valid by JSON's grammar), as JSON.parse reads it. */
function numberValue(s: string, p: number, end: number): number {
  const negative = s.charCodeAt(p) === MINUS;
  let i = negative ? p + 1 : p;
  // Up to 15 digits and nothing else: their value is exact.
  if (end - i > 15) return Number(s.slice(p, end));
  let v = 0;
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return Number(s.slice(p, end));
    v = v * 10 + d;
  }
  return negative ? -v : v;
}
