/**
 * Reads index.pdf's structure the way a viewer does, strictly and within limits: the last
 * cross-reference table, the trailer, objects by their recorded offsets, the page tree in order,
 * each page's fonts and (Flate-decoded, bounded) content. Anything our renderer would not write
 * (incremental updates, encryption, cross-reference streams, other filters) is a PdfSyntaxError:
 * the verifier then reports index.pdf as not the binder's PDF rather than guessing what it shows.
 */
import { inflateSync } from 'node:zlib';
import { isDict, isName, PdfLexer, PdfName, PdfRef, PdfSyntaxError, ValueBudget, type PdfDict, type PdfValue } from './pdf-lexer.ts';

/**
 * Objects and values kept in memory, at most. A binder PDF of a thousand pages has some ten thousand
 * objects; content streams are read as bytes and not counted here.
 */
const MAX_OBJECTS = 200_000;
const MAX_VALUES = 1_000_000;

export interface PdfReadLimits {
  /** Largest decoded stream. */
  maxStreamBytes: number;
  /** Largest total of decoded stream bytes for the whole document. */
  maxInflatedBytes: number;
  maxPages: number;
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly raw: Buffer,
  ) {}
}

type PdfObject = PdfValue | PdfStream;

export interface PdfPage {
  /** Resource names of fonts whose text decodes reliably (standard 14 fonts in WinAnsiEncoding). */
  readableFonts: Set<string>;
  /** Fonts that do not (embedded, re-encoded, symbolic): what they show cannot be read back. */
  otherFonts: string[];
  /** Names of external objects (images, forms) the page can draw; the binder renderer draws none. */
  xobjects: string[];
  contents: PdfStream[];
}

/** The standard fonts whose glyphs for WinAnsi codes every viewer draws the same way. */
const STANDARD_TEXT_FONTS = new Set([
  'Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique',
  'Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique',
  'Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic',
]);

export class PdfDocument {
  private readonly cache = new Map<number, PdfObject>();
  private readonly parsing = new Set<number>();
  private readonly values = new ValueBudget(MAX_VALUES);
  private inflated = 0;

  private constructor(
    private readonly bytes: Buffer,
    private readonly offsets: Map<number, number>,
    readonly trailer: PdfDict,
    private readonly limits: PdfReadLimits,
  ) {}

  static parse(bytes: Buffer, limits: PdfReadLimits): PdfDocument {
    const tail = bytes.toString('latin1', Math.max(0, bytes.length - 1024));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) throw new PdfSyntaxError('no "startxref ... %%EOF" at the end');
    const lexer = new PdfLexer(bytes, Number(m[1]));
    lexer.expectKeyword('xref');
    const offsets = new Map<number, number>();
    const maxEntries = Math.min(MAX_OBJECTS, Math.ceil(bytes.length / 18));
    for (;;) {
      const t = lexer.token();
      if (t?.kind === 'keyword' && t.word === 'trailer') break;
      if (t?.kind !== 'value' || typeof t.value !== 'number') throw new PdfSyntaxError('malformed cross-reference table');
      const first = t.value;
      const count = lexer.value();
      if (typeof count !== 'number' || count < 0 || offsets.size + count > maxEntries) throw new PdfSyntaxError('malformed cross-reference subsection');
      for (let i = 0; i < count; i++) {
        const offset = lexer.value();
        const gen = lexer.value();
        const kind = lexer.token();
        if (typeof offset !== 'number' || typeof gen !== 'number' || kind?.kind !== 'keyword') throw new PdfSyntaxError('malformed cross-reference entry');
        if (kind.word === 'n') offsets.set(first + i, offset);
        else if (kind.word !== 'f') throw new PdfSyntaxError(`cross-reference entry of type "${kind.word}"`);
      }
    }
    const trailer = lexer.value();
    if (!isDict(trailer)) throw new PdfSyntaxError('the trailer is not a dictionary');
    for (const key of ['Prev', 'XRefStm']) if (trailer.has(key)) throw new PdfSyntaxError(`the trailer has /${key}: the PDF was updated after it was written`);
    if (trailer.has('Encrypt')) throw new PdfSyntaxError('the PDF is encrypted');
    return new PdfDocument(bytes, offsets, trailer, limits);
  }

  /** Follows references (a bounded number of hops). */
  resolve(v: PdfObject | undefined): PdfObject | undefined {
    for (let hops = 0; v instanceof PdfRef; hops++) {
      if (hops > 16) throw new PdfSyntaxError('a chain of more than 16 references');
      v = this.object(v.num);
    }
    return v;
  }

  resolveDict(v: PdfObject | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    return isDict(r as PdfValue) ? (r as PdfDict) : undefined;
  }

  /** The document information dictionary, if the trailer names one. */
  info(): PdfDict | undefined {
    return this.resolveDict(this.trailer.get('Info'));
  }

  /** A text string of the information dictionary (UTF-16BE with a BOM, else PDFDocEncoding ~ Latin-1). */
  infoString(key: string): string | undefined {
    const v = this.resolve(this.info()?.get(key));
    if (!Buffer.isBuffer(v)) return undefined;
    if (v[0] === 0xfe && v[1] === 0xff) return Buffer.from(v.subarray(2, 2 + ((v.length - 2) & ~1))).swap16().toString('utf16le');
    return v.toString('latin1');
  }

  /** The pages in order, with inherited resources. */
  pages(): PdfPage[] {
    const catalog = this.resolveDict(this.trailer.get('Root'));
    if (!catalog || !isName(catalog.get('Type'), 'Catalog')) throw new PdfSyntaxError('the trailer /Root is not a catalog');
    const pages: PdfPage[] = [];
    const visited = new Set<PdfDict>();
    const walk = (node: PdfObject | undefined, inherited: PdfDict | undefined, depth: number): void => {
      const dict = this.resolveDict(node);
      if (!dict) throw new PdfSyntaxError('a page tree node is not a dictionary');
      if (visited.has(dict) || depth > 32) throw new PdfSyntaxError('the page tree has a cycle or is too deep');
      visited.add(dict);
      const resources = this.resolveDict(dict.get('Resources')) ?? inherited;
      if (isName(dict.get('Type'), 'Page')) {
        if (pages.length >= this.limits.maxPages) throw new PdfSyntaxError(`more than ${this.limits.maxPages} pages`);
        const fonts = this.fonts(resources);
        const xobjects = [...(this.resolveDict(resources?.get('XObject'))?.keys() ?? [])];
        pages.push({ ...fonts, xobjects, contents: this.contentStreams(dict.get('Contents')) });
        return;
      }
      if (!isName(dict.get('Type'), 'Pages')) throw new PdfSyntaxError('a page tree node is neither /Pages nor /Page');
      const kids = this.resolve(dict.get('Kids'));
      if (!Array.isArray(kids)) throw new PdfSyntaxError('a /Pages node has no /Kids array');
      for (const kid of kids) walk(kid, resources, depth + 1);
    };
    walk(catalog.get('Pages'), undefined, 0);
    return pages;
  }

  /** A stream's decoded bytes (no filter, or FlateDecode without predictors), within the limits. */
  decode(stream: PdfStream): Buffer {
    const filter = this.resolve(stream.dict.get('Filter'));
    const filters: (PdfValue | PdfStream)[] = Array.isArray(filter) ? filter : filter === undefined ? [] : [filter];
    if (stream.dict.has('DecodeParms')) throw new PdfSyntaxError('a stream with /DecodeParms (not written by the binder renderer)');
    const budget = Math.min(this.limits.maxStreamBytes, this.limits.maxInflatedBytes - this.inflated);
    let data = stream.raw;
    if (filters.length > 1 || (filters.length === 1 && !(filters[0] instanceof PdfName && filters[0].name === 'FlateDecode'))) {
      throw new PdfSyntaxError(`a stream filtered with ${filters.map((f) => (f instanceof PdfName ? f.name : '?')).join(', ')} (only FlateDecode is read)`);
    }
    if (filters.length === 1) {
      try {
        data = inflateSync(stream.raw, { maxOutputLength: Math.max(budget, 1) });
      } catch (err) {
        throw new PdfSyntaxError(`a FlateDecode stream does not inflate within ${budget} bytes: ${(err as Error).message}`);
      }
    }
    if (data.length > budget) throw new PdfSyntaxError(`streams larger than the limit of ${this.limits.maxInflatedBytes} bytes in all`);
    this.inflated += data.length;
    return data;
  }

  private object(num: number): PdfObject {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    const offset = this.offsets.get(num);
    if (offset === undefined) return null; // a reference to a missing object is null (ISO 32000-1, 7.3.10)
    if (this.parsing.has(num)) throw new PdfSyntaxError(`object ${num} refers to itself`);
    // Only a stream's /Length makes one object's parse read another: a deep chain is not a PDF of ours.
    if (this.parsing.size >= 4) throw new PdfSyntaxError(`object ${num}: stream lengths nested through more than 4 objects`);
    this.parsing.add(num);
    try {
      const lexer = new PdfLexer(this.bytes, offset, this.values);
      const n = lexer.value();
      const gen = lexer.token();
      lexer.expectKeyword('obj');
      if (n !== num || gen?.kind !== 'value') throw new PdfSyntaxError(`the cross-reference offset of object ${num} does not point at it`);
      const value = lexer.value();
      const next = lexer.token();
      let obj: PdfObject = value;
      if (next?.kind === 'keyword' && next.word === 'stream') {
        if (!isDict(value)) throw new PdfSyntaxError(`object ${num}: a stream without a dictionary`);
        obj = this.streamAt(lexer, value, num);
      } else if (next?.kind !== 'keyword' || next.word !== 'endobj') throw new PdfSyntaxError(`object ${num} does not end with endobj`);
      this.cache.set(num, obj);
      return obj;
    } finally {
      this.parsing.delete(num);
    }
  }

  private streamAt(lexer: PdfLexer, dict: PdfDict, num: number): PdfStream {
    let start = lexer.pos;
    if (this.bytes[start] === 0x0d && this.bytes[start + 1] === 0x0a) start += 2;
    else if (this.bytes[start] === 0x0a) start += 1;
    else throw new PdfSyntaxError(`object ${num}: "stream" not followed by an end of line`);
    const length = this.resolve(dict.get('Length'));
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || start + length > this.bytes.length) {
      throw new PdfSyntaxError(`object ${num}: stream /Length is not a length within the file`);
    }
    lexer.pos = start + length;
    lexer.expectKeyword('endstream');
    return new PdfStream(dict, this.bytes.subarray(start, start + length));
  }

  private contentStreams(v: PdfValue | undefined): PdfStream[] {
    const r = this.resolve(v);
    if (r === undefined || r === null) return [];
    const parts = Array.isArray(r) ? r.map((x) => this.resolve(x)) : [r];
    return parts.map((p) => {
      if (!(p instanceof PdfStream)) throw new PdfSyntaxError('a page /Contents entry is not a stream');
      return p;
    });
  }

  private fonts(resources: PdfDict | undefined): { readableFonts: Set<string>; otherFonts: string[] } {
    const fonts = this.resolveDict(resources?.get('Font'));
    const readableFonts = new Set<string>();
    const otherFonts: string[] = [];
    for (const [name, ref] of fonts ?? []) {
      const f = this.resolveDict(ref);
      const base = f?.get('BaseFont');
      const standard =
        f !== undefined &&
        isName(f.get('Subtype'), 'Type1') &&
        base instanceof PdfName &&
        STANDARD_TEXT_FONTS.has(base.name) &&
        isName(f.get('Encoding'), 'WinAnsiEncoding') &&
        !f.has('FontDescriptor');
      if (standard) readableFonts.add(name);
      else otherFonts.push(`${name} (${base instanceof PdfName ? base.name : 'no BaseFont'})`);
    }
    return { readableFonts, otherFonts };
  }
}
