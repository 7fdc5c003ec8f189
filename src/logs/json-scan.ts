/**
 * Reads the few fields detection needs straight from a log's JSON bytes, without building a
 * string for the whole line or an object for it: a 100k-log incident is mostly a read and parse
 * of its logs, and most of that was the client decoding each reply into a string and JSON.parse
 * building an object whose other fields nobody reads.
 *
 * The scanner validates the whole document with JSON's grammar, so it accepts exactly what
 * JSON.parse accepts, and reports `false` (the caller then decodes the text and takes the
 * JSON.parse path) for anything it does not read itself: invalid JSON, a document that is not an
 * object, a key with escapes, an object or array as the value of a field it extracts, nesting
 * deeper than MAX_DEPTH. Extracted values are what JSON.parse would give for them (strings with
 * escapes go through JSON.parse), and for a repeated key the last value wins, as in JSON.parse.
 */

/** Nesting the scanner validates itself (deeper documents take the JSON.parse path). */
const MAX_DEPTH = 32;

export interface ScanKeys {
  /** Index of each key of interest, by the key's text. */
  readonly index: ReadonlyMap<string, number>;
}

enum C {
  Quote = 0x22,
  Backslash = 0x5c,
  Colon = 0x3a,
  Comma = 0x2c,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  Minus = 0x2d,
  Plus = 0x2b,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
  LowerE = 0x65,
  UpperE = 0x45,
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Keys of interest are matched on their bytes: a hash of the key's bytes picks candidates, which
 * are then compared byte for byte. No string is built for a key.
 */
class KeyTable {
  private readonly slots: Int32Array;
  private readonly bytes: Uint8Array[];
  private readonly mask: number;
  constructor(readonly keys: readonly string[]) {
    const enc = new TextEncoder();
    this.bytes = keys.map((k) => enc.encode(k));
    let size = 16;
    while (size < keys.length * 4) size <<= 1;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    this.bytes.forEach((b, i) => {
      let at = hashBytes(b, 0, b.length) & this.mask;
      while (this.slots[at] !== -1) at = (at + 1) & this.mask;
      this.slots[at] = i;
    });
  }

  /** Index of the key spelled by buf[from, to), or -1. */
  find(buf: Uint8Array, from: number, to: number, hash: number): number {
    let at = hash & this.mask;
    for (;;) {
      const i = this.slots[at]!;
      if (i === -1) return -1;
      const b = this.bytes[i]!;
      if (b.length === to - from) {
        let same = true;
        for (let j = 0; j < b.length; j++) {
          if (b[j] !== buf[from + j]) {
            same = false;
            break;
          }
        }
        if (same) return i;
      }
      at = (at + 1) & this.mask;
    }
  }
}

/** FNV-1a over bytes [from, to). */
function hashBytes(buf: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * A scanner for one set of keys. `scan` fills `values[i]` with the value of `keys[i]` (undefined
 * when absent) and returns true, or returns false when the document must take the JSON.parse path.
 * One instance is reused from document to document (reading is synchronous).
 */
export class JsonFieldScanner {
  readonly values: unknown[];
  private readonly table: KeyTable;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private end = 0;

  constructor(keys: readonly string[]) {
    this.table = new KeyTable(keys);
    this.values = keys.map(() => undefined);
  }

  scan(buf: Buffer, start = 0, end = buf.length): boolean {
    this.values.fill(undefined);
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.skipSpace();
    if (this.pos >= this.end || buf[this.pos] !== C.OpenBrace) return false;
    if (!this.topObject()) return false;
    this.skipSpace();
    return this.pos === this.end;
  }

  private skipSpace(): void {
    const buf = this.buf;
    while (this.pos < this.end && isSpace(buf[this.pos]!)) this.pos++;
  }

  /** The top-level object, extracting the keys of interest. At `{`. */
  private topObject(): boolean {
    const buf = this.buf;
    this.pos++;
    this.skipSpace();
    if (this.pos < this.end && buf[this.pos] === C.CloseBrace) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (this.pos >= this.end || buf[this.pos] !== C.Quote) return false;
      // The key: plain characters only (a key with escapes takes the JSON.parse path).
      const keyFrom = this.pos + 1;
      let i = keyFrom;
      let h = 0x811c9dc5;
      for (;;) {
        if (i >= this.end) return false;
        const c = buf[i]!;
        if (c === C.Quote) break;
        if (c === C.Backslash || c < 0x20) return false;
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      }
      const slot = this.table.find(buf, keyFrom, i, h >>> 0);
      this.pos = i + 1;
      this.skipSpace();
      if (this.pos >= this.end || buf[this.pos] !== C.Colon) return false;
      this.pos++;
      this.skipSpace();
      if (this.pos >= this.end) return false;
      if (slot >= 0) {
        const v = this.value();
        if (v === INVALID) return false;
        this.values[slot] = v;
      } else if (!this.skipValue(1)) return false;
      this.skipSpace();
      if (this.pos >= this.end) return false;
      const c = buf[this.pos++]!;
      if (c === C.CloseBrace) return true;
      if (c !== C.Comma) return false;
      this.skipSpace();
    }
  }

  /** A scalar value of a key of interest, or INVALID (also for objects and arrays). */
  private value(): unknown {
    const buf = this.buf;
    const c = buf[this.pos]!;
    if (c === C.Quote) return this.stringValue();
    if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) {
      const from = this.pos;
      if (!this.skipNumber()) return INVALID;
      return Number(buf.toString("latin1", from, this.pos));
    }
    if (this.literal("true")) return true;
    if (this.literal("false")) return false;
    if (this.literal("null")) return null;
    return INVALID;
  }

  private stringValue(): unknown {
    const buf = this.buf;
    const from = this.pos;
    let ascii = true;
    let escaped = false;
    let i = from + 1;
    for (;;) {
      if (i >= this.end) return INVALID;
      const c = buf[i]!;
      if (c === C.Quote) break;
      if (c < 0x20) return INVALID;
      if (c >= 0x80) ascii = false;
      else if (c === C.Backslash) {
        const n = this.escapeLength(i);
        if (n === 0) return INVALID;
        escaped = true;
        i += n;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    // Decoded as the whole line would be: the quotes are ASCII, so no UTF-8 sequence spans them.
    if (escaped) return JSON.parse(buf.toString("utf8", from, i + 1));
    return ascii ? buf.toString("latin1", from + 1, i) : buf.toString("utf8", from + 1, i);
  }

  /** Length of the escape sequence at `at` (a backslash), or 0 when it is not a valid one. */
  private escapeLength(at: number): number {
    const buf = this.buf;
    if (at + 1 >= this.end) return 0;
    const e = buf[at + 1]!;
    // " \ / b f n r t
    if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return 2;
    if (e === 0x75 && at + 5 < this.end && isHex(buf[at + 2]!) && isHex(buf[at + 3]!) && isHex(buf[at + 4]!) && isHex(buf[at + 5]!)) return 6;
    return 0;
  }

  private literal(word: string): boolean {
    if (this.pos + word.length > this.end) return false;
    for (let j = 0; j < word.length; j++) if (this.buf[this.pos + j] !== word.charCodeAt(j)) return false;
    this.pos += word.length;
    return true;
  }

  /** JSON's number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  private skipNumber(): boolean {
    const buf = this.buf;
    let i = this.pos;
    if (buf[i] === C.Minus) i++;
    if (i >= this.end) return false;
    if (buf[i] === C.Zero) i++;
    else if (buf[i]! >= 0x31 && buf[i]! <= C.Nine) while (i < this.end && buf[i]! >= C.Zero && buf[i]! <= C.Nine) i++;
    else return false;
    if (i < this.end && buf[i] === C.Dot) {
      i++;
      const d = i;
      while (i < this.end && buf[i]! >= C.Zero && buf[i]! <= C.Nine) i++;
      if (i === d) return false;
    }
    if (i < this.end && (buf[i] === C.LowerE || buf[i] === C.UpperE)) {
      i++;
      if (i < this.end && (buf[i] === C.Plus || buf[i] === C.Minus)) i++;
      const d = i;
      while (i < this.end && buf[i]! >= C.Zero && buf[i]! <= C.Nine) i++;
      if (i === d) return false;
    }
    this.pos = i;
    return true;
  }

  /** Validates and skips any value (of a key nobody reads). */
  private skipValue(depth: number): boolean {
    const buf = this.buf;
    const c = buf[this.pos]!;
    if (c === C.Quote) {
      let i = this.pos + 1;
      for (;;) {
        if (i >= this.end) return false;
        const b = buf[i]!;
        if (b === C.Quote) break;
        if (b < 0x20) return false;
        if (b === C.Backslash) {
          const n = this.escapeLength(i);
          if (n === 0) return false;
          i += n;
        } else i++;
      }
      this.pos = i + 1;
      return true;
    }
    if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) return this.skipNumber();
    if (c === C.OpenBrace || c === C.OpenBracket) {
      if (depth >= MAX_DEPTH) return false;
      const object = c === C.OpenBrace;
      const close = object ? C.CloseBrace : C.CloseBracket;
      this.pos++;
      this.skipSpace();
      if (this.pos < this.end && buf[this.pos] === close) {
        this.pos++;
        return true;
      }
      for (;;) {
        if (this.pos >= this.end) return false;
        if (object) {
          if (buf[this.pos] !== C.Quote || !this.skipValue(depth + 1)) return false;
          this.skipSpace();
          if (this.pos >= this.end || buf[this.pos] !== C.Colon) return false;
          this.pos++;
          this.skipSpace();
          if (this.pos >= this.end) return false;
        }
        if (!this.skipValue(depth + 1)) return false;
        this.skipSpace();
        if (this.pos >= this.end) return false;
        const d = buf[this.pos++]!;
        if (d === close) return true;
        if (d !== C.Comma) return false;
        this.skipSpace();
      }
    }
    return this.literal("true") || this.literal("false") || this.literal("null");
  }
}

const INVALID = Symbol("invalid");
