/**
 * The PDF token and object syntax (ISO 32000-1, 7.2-7.3), over a Buffer, for the two things the
 * verifier reads: the objects of index.pdf and the operators of its page content streams. Every
 * token consumes at least one byte and every container is capped, so hostile input cannot make it
 * loop or grow without bound.
 */

export class PdfSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSyntaxError';
  }
}

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export type PdfValue = null | boolean | number | Buffer | PdfName | PdfRef | PdfValue[] | PdfDict;
export type PdfDict = Map<string, PdfValue>;

/** Containers larger than these are not something our renderer writes. */
const MAX_ARRAY_ITEMS = 20_000;
const MAX_DICT_ENTRIES = 1_000;

/** A count of values shared by every lexer that builds objects kept in memory; parsing stops when it runs out. */
export class ValueBudget {
  constructor(public left: number) {}

  spend(): void {
    if (--this.left < 0) throw new PdfSyntaxError('more objects than any binder PDF holds');
  }
}
const MAX_DEPTH = 32;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

type Token =
  | { kind: 'value'; value: PdfValue }
  | { kind: 'keyword'; word: string }
  | { kind: 'open-array' }
  | { kind: 'close-array' }
  | { kind: 'open-dict' }
  | { kind: 'close-dict' };

export class PdfLexer {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    private readonly budget: ValueBudget | null = null,
    readonly end = buf.length,
  ) {}

  skipSpace(): void {
    while (this.pos < this.end) {
      const c = this.buf[this.pos]!;
      if (WHITESPACE.has(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < this.end && this.buf[this.pos] !== 0x0a && this.buf[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.end;
  }

  /** The next token, or null at the end. */
  token(): Token | null {
    this.skipSpace();
    if (this.pos >= this.end) return null;
    const c = this.buf[this.pos]!;
    if (c === 0x28) return { kind: 'value', value: this.literalString() };
    if (c === 0x3c) {
      if (this.buf[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return { kind: 'open-dict' };
      }
      return { kind: 'value', value: this.hexString() };
    }
    if (c === 0x3e) {
      if (this.buf[this.pos + 1] !== 0x3e) throw new PdfSyntaxError(`stray ">" at byte ${this.pos}`);
      this.pos += 2;
      return { kind: 'close-dict' };
    }
    if (c === 0x5b) {
      this.pos++;
      return { kind: 'open-array' };
    }
    if (c === 0x5d) {
      this.pos++;
      return { kind: 'close-array' };
    }
    if (c === 0x2f) {
      this.pos++;
      return { kind: 'value', value: new PdfName(this.name(this.regularRun())) };
    }
    if (c === 0x29 || c === 0x7b || c === 0x7d) {
      this.pos++;
      return { kind: 'keyword', word: String.fromCharCode(c) };
    }
    const word = this.regularRun();
    if (NUMBER.test(word)) return { kind: 'value', value: Number(word) };
    if (word === 'true' || word === 'false') return { kind: 'value', value: word === 'true' };
    if (word === 'null') return { kind: 'value', value: null };
    return { kind: 'keyword', word };
  }

  /** One value (a number followed by `gen R` is a reference); throws on anything else. */
  value(depth = 0): PdfValue {
    const t = this.token();
    if (t === null) throw new PdfSyntaxError('unexpected end of data');
    return this.valueFrom(t, depth);
  }

  valueFrom(t: Token, depth: number): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError(`objects nested more than ${MAX_DEPTH} deep`);
    this.budget?.spend();
    switch (t.kind) {
      case 'value':
        if (typeof t.value === 'number' && Number.isInteger(t.value) && t.value >= 0) return this.maybeRef(t.value);
        return t.value;
      case 'open-array': {
        const items: PdfValue[] = [];
        for (;;) {
          const n = this.token();
          if (n === null) throw new PdfSyntaxError('unterminated array');
          if (n.kind === 'close-array') return items;
          if (items.length >= MAX_ARRAY_ITEMS) throw new PdfSyntaxError(`array of more than ${MAX_ARRAY_ITEMS} items`);
          items.push(this.valueFrom(n, depth + 1));
        }
      }
      case 'open-dict': {
        const dict: PdfDict = new Map();
        for (;;) {
          const k = this.token();
          if (k === null) throw new PdfSyntaxError('unterminated dictionary');
          if (k.kind === 'close-dict') return dict;
          if (k.kind !== 'value' || !(k.value instanceof PdfName)) throw new PdfSyntaxError(`dictionary key is not a name at byte ${this.pos}`);
          if (dict.size >= MAX_DICT_ENTRIES) throw new PdfSyntaxError(`dictionary of more than ${MAX_DICT_ENTRIES} entries`);
          dict.set(k.value.name, this.value(depth + 1));
        }
      }
      default:
        throw new PdfSyntaxError(`unexpected ${t.kind === 'keyword' ? `"${t.word}"` : t.kind} at byte ${this.pos}`);
    }
  }

  /** After a non-negative integer: `gen R` makes it a reference, anything else is left unread. */
  private maybeRef(num: number): PdfValue {
    const save = this.pos;
    const gen = this.token();
    if (gen?.kind === 'value' && typeof gen.value === 'number' && Number.isInteger(gen.value)) {
      const r = this.token();
      if (r?.kind === 'keyword' && r.word === 'R') return new PdfRef(num, gen.value);
    }
    this.pos = save;
    return num;
  }

  /** Expects the keyword `word` next. */
  expectKeyword(word: string): void {
    const t = this.token();
    if (t?.kind !== 'keyword' || t.word !== word) throw new PdfSyntaxError(`expected "${word}" at byte ${this.pos}`);
  }

  private regularRun(): string {
    const start = this.pos;
    while (this.pos < this.end && !WHITESPACE.has(this.buf[this.pos]!) && !DELIMITERS.has(this.buf[this.pos]!)) this.pos++;
    if (this.pos === start) {
      // A lone delimiter we do not handle: consume it so the caller always makes progress.
      this.pos++;
      return String.fromCharCode(this.buf[start]!);
    }
    return this.buf.toString('latin1', start, this.pos);
  }

  private name(raw: string): string {
    return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }

  /** A literal string; the decoded bytes go into a buffer no larger than the source text, so memory stays external and bounded. */
  private literalString(): Buffer {
    const out = Buffer.allocUnsafe(this.stringEnd() - this.pos);
    let n = 0;
    let depth = 0;
    this.pos++; // (
    while (this.pos < this.end) {
      const c = this.buf[this.pos++]!;
      if (c === 0x5c) {
        const e = this.buf[this.pos++];
        if (e === undefined) break;
        const simple = ESCAPES.get(e);
        if (simple !== undefined) out[n++] = simple;
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && this.buf[this.pos]! >= 0x30 && this.buf[this.pos]! <= 0x37; i++) v = v * 8 + (this.buf[this.pos++]! - 0x30);
          out[n++] = v & 0xff;
        } else if (e === 0x0d) {
          if (this.buf[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out[n++] = e;
      } else if (c === 0x28) {
        depth++;
        out[n++] = c;
      } else if (c === 0x29) {
        if (depth === 0) return Buffer.from(out.subarray(0, n));
        depth--;
        out[n++] = c;
      } else out[n++] = c;
    }
    throw new PdfSyntaxError('unterminated string');
  }

  /** Where the literal string starting at pos ends (after its closing parenthesis), without decoding it. */
  private stringEnd(): number {
    let depth = 0;
    for (let i = this.pos + 1; i < this.end; i++) {
      const c = this.buf[i]!;
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && depth-- === 0) return i + 1;
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private hexString(): Buffer {
    const close = this.buf.indexOf(0x3e, this.pos);
    if (close < 0 || close >= this.end) throw new PdfSyntaxError('unterminated hex string');
    const out = Buffer.allocUnsafe(Math.ceil((close - this.pos) / 2));
    let n = 0;
    let high = -1;
    for (let i = this.pos + 1; i < close; i++) {
      const c = this.buf[i]!;
      if (WHITESPACE.has(c)) continue;
      const v = HEX_VALUE[c] ?? -1;
      if (v < 0) throw new PdfSyntaxError(`"${String.fromCharCode(c)}" in a hex string at byte ${i}`);
      if (high < 0) high = v;
      else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high << 4;
    this.pos = close + 1;
    return Buffer.from(out.subarray(0, n));
  }
}

const ESCAPES = new Map([
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
  [0x62, 0x08],
  [0x66, 0x0c],
  [0x28, 0x28],
  [0x29, 0x29],
  [0x5c, 0x5c],
]);

const HEX_VALUE: Record<number, number> = {};
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

export function isName(v: PdfValue | undefined, name?: string): v is PdfName {
  return v instanceof PdfName && (name === undefined || v.name === name);
}

export function isDict(v: PdfValue | undefined): v is PdfDict {
  return v instanceof Map;
}
