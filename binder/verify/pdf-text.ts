/**
 * The text a page content stream shows, one line per BT ... ET text object (PDFKit writes each
 * line of text as one). Only strings in fonts that decode reliably (standard fonts, WinAnsi) and
 * drawn visibly (not text render mode 3 or 7, not a size under 1pt) count; others are skipped, so
 * text a reader would not see cannot stand in for the seal.
 */
import { PdfLexer, PdfName, PdfSyntaxError, type PdfValue } from './pdf-lexer.ts';

/** Beyond this a line is cut: no seal line is that long. */
const MAX_LINE_CHARS = 4096;
const MAX_OPERANDS = 64;

/** WinAnsiEncoding where it differs from Latin-1 (0x80-0x9f). */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '\u20ac', 0x82: '\u201a', 0x83: '\u0192', 0x84: '\u201e', 0x85: '\u2026', 0x86: '\u2020', 0x87: '\u2021', 0x88: '\u02c6',
  0x89: '\u2030', 0x8a: '\u0160', 0x8b: '\u2039', 0x8c: '\u0152', 0x8e: '\u017d', 0x91: '\u2018', 0x92: '\u2019', 0x93: '\u201c',
  0x94: '\u201d', 0x95: '\u2022', 0x96: '\u2013', 0x97: '\u2014', 0x98: '\u02dc', 0x99: '\u2122', 0x9a: '\u0161', 0x9b: '\u203a',
  0x9c: '\u0153', 0x9e: '\u017e', 0x9f: '\u0178',
};

export function decodeWinAnsi(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) s += b >= 0x80 && b <= 0x9f ? (WIN_ANSI_HIGH[b] ?? '\ufffd') : String.fromCharCode(b);
  return s;
}

/** Calls `onLine` with the visible text of each text object of `content`, in stream order. */
export function forEachTextLine(content: Buffer, readableFonts: ReadonlySet<string>, onLine: (line: string) => void): void {
  const lexer = new PdfLexer(content);
  const operands: PdfValue[] = [];
  let line: string | null = null;
  let fontReadable = false;
  let fontSize = 0;
  let renderMode = 0;
  const show = (v: PdfValue | undefined) => {
    if (line === null || !fontReadable || fontSize < 1 || renderMode === 3 || renderMode === 7) return;
    const parts = Array.isArray(v) ? v : [v];
    for (const p of parts) if (Buffer.isBuffer(p) && line.length < MAX_LINE_CHARS) line += decodeWinAnsi(p).slice(0, MAX_LINE_CHARS - line.length);
  };
  for (;;) {
    const t = lexer.token();
    if (t === null) break;
    if (t.kind !== 'keyword') {
      if (operands.length >= MAX_OPERANDS) throw new PdfSyntaxError(`more than ${MAX_OPERANDS} operands for one operator`);
      operands.push(lexer.valueFrom(t, 0));
      continue;
    }
    switch (t.word) {
      case 'BT':
        line = '';
        break;
      case 'ET':
        if (line) onLine(line);
        line = null;
        break;
      case 'Tf': {
        const [font, size] = operands.slice(-2);
        fontReadable = font instanceof PdfName && readableFonts.has(font.name);
        fontSize = typeof size === 'number' ? Math.abs(size) : 0;
        break;
      }
      case 'Tr':
        renderMode = typeof operands.at(-1) === 'number' ? (operands.at(-1) as number) : 0;
        break;
      case 'Tj':
      case "'":
      case '"':
      case 'TJ':
        show(operands.at(-1));
        break;
      case 'BI':
        skipInlineImage(lexer);
        break;
      default:
        break;
    }
    operands.length = 0;
  }
}

/** Inline image data is binary: skip from ID to the EI that follows whitespace. */
function skipInlineImage(lexer: PdfLexer): void {
  const id = lexer.buf.indexOf(' ID', lexer.pos, 'latin1');
  if (id < 0) throw new PdfSyntaxError('inline image without ID');
  const ei = lexer.buf.indexOf('EI', id + 4, 'latin1');
  if (ei < 0) throw new PdfSyntaxError('inline image without EI');
  lexer.pos = ei + 2;
}
