/**
 * Tables for the PDF: columns sized as fractions of the text width, every cell wrapped inside its
 * column (long tokens such as ARNs break anywhere), rows never split across pages, and the header
 * row repeated at the top of every page the table continues on.
 */
import { bottom, COLOR, contentWidth, FONT, left, setFont, type Doc, type FontKey } from './layout.ts';

export interface Column {
  header: string;
  /** Share of the text width; shares are normalised to sum 1. */
  width: number;
  align?: 'left' | 'right' | 'center';
  font?: FontKey;
}

/** A cell: plain text, or text with a colour/font and an optional smaller muted line under it. */
export type Cell = string | { text: string; font?: FontKey; color?: string; sub?: string; subFont?: FontKey };

export interface TableOptions {
  columns: readonly Column[];
  rows: readonly (readonly Cell[])[];
  fontSize?: number;
  padding?: number;
  /** Background per row (e.g. greyed disabled checks); default alternates light stripes. */
  rowFill?: (rowIndex: number) => string | null;
}

interface Measured {
  text: string;
  font: FontKey;
  color: string;
  sub: string | null;
  subFont: FontKey;
  mainHeight: number;
  height: number;
}

export function drawTable(doc: Doc, options: TableOptions): void {
  const size = options.fontSize ?? 8;
  const subSize = size - 1;
  const pad = options.padding ?? 3.5;
  const x0 = left(doc);
  const total = options.columns.reduce((n, c) => n + c.width, 0);
  const widths = options.columns.map((c) => (c.width / total) * contentWidth(doc));
  const xs = widths.map((_, i) => x0 + widths.slice(0, i).reduce((n, w) => n + w, 0));
  const tableWidth = contentWidth(doc);

  const measure = (cell: Cell, col: number): Measured => {
    const c = typeof cell === 'string' ? { text: cell } : cell;
    const font = c.font ?? options.columns[col]!.font ?? 'regular';
    const w = widths[col]! - 2 * pad;
    doc.font(FONT[font]).fontSize(size);
    const text = c.text === '' ? ' ' : c.text;
    const mainHeight = doc.heightOfString(text, { width: w });
    let height = mainHeight;
    const subFont = c.subFont ?? 'regular';
    if (c.sub) {
      doc.font(FONT[subFont]).fontSize(subSize);
      height += 1.5 + doc.heightOfString(c.sub, { width: w });
    }
    return { text, font, color: c.color ?? COLOR.text, sub: c.sub ?? null, subFont, mainHeight, height };
  };

  const headerCells = options.columns.map((c, i) => ({ ...measure({ text: c.header, font: 'bold' }, i) }));
  const headerHeight = Math.max(...headerCells.map((c) => c.height)) + 2 * pad;

  const drawHeader = () => {
    const y = doc.y;
    doc.rect(x0, y, tableWidth, headerHeight).fill(COLOR.headerBg);
    headerCells.forEach((c, i) => {
      setFont(doc, 'bold', size, COLOR.accent);
      doc.text(c.text, xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: options.columns[i]!.align ?? 'left' });
    });
    doc.moveTo(x0, y + headerHeight).lineTo(x0 + tableWidth, y + headerHeight).lineWidth(0.6).strokeColor(COLOR.accent).stroke();
    doc.y = y + headerHeight;
  };

  const usable = bottom(doc) - doc.page.margins.top - headerHeight;
  // Header plus the first row must fit, or the table starts on the next page.
  const firstRow = options.rows[0];
  const firstHeight = firstRow ? Math.max(...firstRow.map((c, i) => measure(c, i).height)) + 2 * pad : 0;
  if (doc.y + headerHeight + Math.min(firstHeight, usable) > bottom(doc)) doc.addPage();
  drawHeader();

  options.rows.forEach((row, r) => {
    let cells = row.map((c, i) => measure(c, i));
    let rowHeight = Math.max(...cells.map((c) => c.height)) + 2 * pad;
    if (rowHeight > usable) {
      // A row taller than a page is cut to fit; the full text stays in the evidence files.
      cells = cells.map((c) => ({ ...c, sub: null, height: Math.min(c.mainHeight, usable - 2 * pad - size) }));
      rowHeight = usable;
    }
    if (doc.y + rowHeight > bottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    const fill = options.rowFill ? options.rowFill(r) : r % 2 === 1 ? COLOR.zebra : null;
    if (fill) doc.rect(x0, y, tableWidth, rowHeight).fill(fill);
    cells.forEach((c, i) => {
      const w = widths[i]! - 2 * pad;
      const align = options.columns[i]!.align ?? 'left';
      setFont(doc, c.font, size, c.color);
      doc.text(c.text, xs[i]! + pad, y + pad, { width: w, align, height: c.height, ellipsis: c.height < c.mainHeight });
      if (c.sub) {
        setFont(doc, c.subFont, subSize, COLOR.muted);
        doc.text(c.sub, xs[i]! + pad, y + pad + c.mainHeight + 1.5, { width: w, align });
      }
    });
    doc.moveTo(x0, y + rowHeight).lineTo(x0 + tableWidth, y + rowHeight).lineWidth(0.3).strokeColor(COLOR.rule).stroke();
    doc.y = y + rowHeight;
  });
  if (options.rows.length === 0) {
    setFont(doc, 'italic', size, COLOR.muted);
    const y = doc.y;
    doc.text('(none)', x0 + pad, y + pad, { width: tableWidth - 2 * pad });
    doc.y = y + size + 2 * pad + 2;
  }
  doc.x = x0;
  doc.y += 8;
}
