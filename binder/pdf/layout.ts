/**
 * Page geometry, fonts, colours and small drawing helpers shared by every PDF section. Text is only
 * ever placed inside the margins; helpers move to a new page before something would cross the
 * bottom margin instead of letting pdfkit break pages on its own.
 */
import type PDFDocument from 'pdfkit';

export type Doc = InstanceType<typeof PDFDocument>;

export const PAGE_SIZE = 'A4';
export const MARGINS = { top: 62, bottom: 58, left: 50, right: 50 } as const;

/** The 14 standard PDF fonts: nothing to embed, identical bytes on every machine. */
export const FONT = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  mono: 'Courier',
  monoBold: 'Courier-Bold',
} as const;
export type FontKey = keyof typeof FONT;

export const COLOR = {
  text: '#1b1f24',
  muted: '#5b6570',
  faint: '#8a949e',
  rule: '#c7ced6',
  headerBg: '#e6ebf1',
  zebra: '#f6f8fa',
  accent: '#1f3a5f',
  pass: '#2e7d32',
  passLight: '#a5d6a7',
  fail: '#c62828',
  failLight: '#ffcdd2',
  warn: '#b26a00',
  gap: '#d5d9de',
  manual: '#1565c0',
} as const;

export function left(doc: Doc): number {
  return doc.page.margins.left;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

export function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

export function setFont(doc: Doc, font: FontKey, size: number, color: string = COLOR.text): Doc {
  return doc.font(FONT[font]).fontSize(size).fillColor(color);
}

/** Section heading; level 1 starts a new page. `dest` is the named destination TOC links point to. */
export function heading(doc: Doc, text: string, level: 1 | 2 | 3, dest?: string): void {
  const size = level === 1 ? 17 : level === 2 ? 12.5 : 10.5;
  if (level === 1 && doc.y > doc.page.margins.top + 1) doc.addPage();
  // Keep a heading with at least a few lines of what follows it.
  ensureSpace(doc, size * 1.4 + 60);
  if (level !== 1) doc.y += level === 2 ? 10 : 6;
  if (dest) doc.addNamedDestination(dest, 'XYZ', null, doc.y, null);
  setFont(doc, 'bold', size, level === 3 ? COLOR.text : COLOR.accent);
  doc.text(text, left(doc), doc.y, { width: contentWidth(doc) });
  if (level === 1) {
    const y = doc.y + 2;
    doc.moveTo(left(doc), y).lineTo(left(doc) + contentWidth(doc), y).lineWidth(0.8).strokeColor(COLOR.accent).stroke();
    doc.y = y + 8;
  } else {
    doc.y += 3;
  }
}

export function paragraph(doc: Doc, text: string, options: { font?: FontKey; size?: number; color?: string; gap?: number } = {}): void {
  const size = options.size ?? 9.5;
  setFont(doc, options.font ?? 'regular', size, options.color ?? COLOR.text);
  const h = doc.heightOfString(text, { width: contentWidth(doc) });
  ensureSpace(doc, Math.min(h, 3 * size * 1.25));
  doc.text(text, left(doc), doc.y, { width: contentWidth(doc), lineGap: 1.5 });
  doc.y += options.gap ?? 5;
}

/** Label/value lines with the labels in a column; values wrap within their column. */
export function keyValues(doc: Doc, pairs: readonly (readonly [string, string, FontKey?, string?])[], labelWidth = 130, size = 9.5): void {
  const x = left(doc);
  const valueWidth = contentWidth(doc) - labelWidth;
  for (const [label, value, font, color] of pairs) {
    setFont(doc, font ?? 'regular', size);
    const h = Math.max(doc.heightOfString(value, { width: valueWidth }), size * 1.2);
    ensureSpace(doc, h + 3);
    const y = doc.y;
    setFont(doc, 'bold', size, COLOR.muted).text(label, x, y, { width: labelWidth - 8 });
    setFont(doc, font ?? 'regular', size, color ?? COLOR.text).text(value, x + labelWidth, y, { width: valueWidth });
    doc.y = y + h + 3;
  }
  doc.x = x;
}

/** Bulleted list. */
export function bullets(doc: Doc, items: readonly string[], size = 9.5): void {
  const x = left(doc);
  const indent = 12;
  for (const item of items) {
    setFont(doc, 'regular', size);
    const h = doc.heightOfString(item, { width: contentWidth(doc) - indent });
    ensureSpace(doc, h + 2);
    const y = doc.y;
    doc.text('\u2022', x + 2, y);
    doc.text(item, x + indent, y, { width: contentWidth(doc) - indent });
    doc.y = y + h + 2;
  }
  doc.x = x;
}

/**
 * A block of monospaced lines (commands), on a tinted background, kept on one page when it fits.
 * Long lines wrap at spaces only (pdfkit would also break after a hyphen, splitting "-qix" or
 * "--strict"), continuation lines indented, each line drawn without further wrapping.
 */
export function codeBlock(doc: Doc, lines: readonly string[], size = 8): void {
  const x = left(doc);
  const w = contentWidth(doc);
  setFont(doc, 'mono', size);
  const rows = lines.flatMap((l) => wrapAtSpaces(doc, l, w - 12));
  const lineHeight = doc.currentLineHeight(true) + 1;
  const h = rows.length * lineHeight + 10;
  ensureSpace(doc, Math.min(h, bottom(doc) - doc.page.margins.top));
  let y = doc.y;
  doc.rect(x, y, w, Math.min(h, bottom(doc) - y)).fill(COLOR.zebra);
  y += 5;
  for (const row of rows) {
    if (y + lineHeight > bottom(doc)) {
      doc.addPage();
      y = doc.y;
    }
    setFont(doc, 'mono', size).text(row, x + 6, y, { lineBreak: false });
    y += lineHeight;
  }
  doc.y = y + 11;
  doc.x = x;
}

/** Splits a line into rows no wider than `width`, at spaces, hard-cutting a word wider than a row. */
function wrapAtSpaces(doc: Doc, line: string, width: number): string[] {
  const rows: string[] = [];
  const indent = '  ';
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (doc.widthOfString(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') rows.push(current);
    current = `${rows.length ? indent : ''}${word}`;
    while (doc.widthOfString(current) > width) {
      let cut = current.length - 1;
      while (cut > 1 && doc.widthOfString(current.slice(0, cut)) > width) cut--;
      rows.push(current.slice(0, cut));
      current = `${indent}${current.slice(cut)}`;
    }
  }
  rows.push(current);
  return rows;
}

/** Draws running headers and "Page X of Y" footers on every buffered page. */
export function stampPages(doc: Doc, header: { left: string; right: string }, footerLeft: string, unsigned: boolean): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the margins must not make pdfkit start a new page.
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: saved.left, right: saved.right };
    const x = saved.left;
    const w = doc.page.width - saved.left - saved.right;
    if (i > range.start) {
      setFont(doc, 'regular', 7.5, COLOR.muted);
      doc.text(header.left, x, 30, { width: w * 0.62, lineBreak: false });
      doc.text(header.right, x + w * 0.62, 30, { width: w * 0.38, align: 'right', lineBreak: false });
      doc.moveTo(x, 42).lineTo(x + w, 42).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    }
    const fy = doc.page.height - 38;
    doc.moveTo(x, fy - 6).lineTo(x + w, fy - 6).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    setFont(doc, unsigned ? 'bold' : 'regular', 7.5, unsigned ? COLOR.fail : COLOR.muted);
    doc.text(footerLeft, x, fy, { width: w * 0.7, lineBreak: false });
    setFont(doc, 'regular', 7.5, COLOR.muted);
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, x + w * 0.7, fy, { width: w * 0.3, align: 'right', lineBreak: false });
    doc.page.margins = saved;
  }
}

/** Shortens text with an ellipsis until it fits `width` in the current font. */
export function fitText(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}...`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}...`;
}

export function pct(rate: number | null, digits = 2): string {
  if (rate === null) return 'n/a';
  if (rate < 1 && rate > 0.99995) return '>99.99%';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** 2026-03-01T02:00:00.000Z -> "2026-03-01 02:00" (UTC everywhere in the binder). */
export function utcMinute(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A time of observation (a snapshot's capture time) with the schedule slot it stands for beside
 * it: "2026-03-01 18:21 UTC (slot 02:00)"; the slot's day is named when it is another day, and an
 * off-schedule snapshot (no slot) says so.
 */
export function observedAt(capturedAt: string, slot: string | null): string {
  const when = `${utcMinute(capturedAt)} UTC`;
  if (slot === null) return `${when} (off-schedule)`;
  const s = utcMinute(slot);
  return `${when} (slot ${utcDay(slot) === utcDay(capturedAt) ? s.slice(11) : s})`;
}

export function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}
