/**
 * Table of contents. Its length is known before the sections are drawn (one line per entry), so its
 * pages are reserved up front and filled in at the end, once every section's page is known.
 */
import { COLOR, contentWidth, fitText, left, MARGINS, setFont, type Doc } from './layout.ts';

export interface TocEntry {
  title: string;
  level: 1 | 2;
  /** Named destination of the section. */
  dest: string;
}

const LINE = 15;
const TITLE_SPACE = 40;

export function tocPageCount(doc: Doc, entries: readonly TocEntry[]): number {
  const usable = doc.page.height - MARGINS.top - MARGINS.bottom;
  const firstPage = Math.floor((usable - TITLE_SPACE) / LINE);
  const otherPages = Math.floor(usable / LINE);
  if (entries.length <= firstPage) return 1;
  return 1 + Math.ceil((entries.length - firstPage) / otherPages);
}

/** Draws the TOC onto the reserved pages starting at `firstPage` (0-based buffered index). */
export function drawToc(doc: Doc, entries: readonly TocEntry[], pageOf: ReadonlyMap<string, number>, firstPage: number): void {
  let page = firstPage;
  doc.switchToPage(page);
  const x = left(doc);
  const w = contentWidth(doc);
  let y = MARGINS.top;
  setFont(doc, 'bold', 17, COLOR.accent).text('Contents', x, y, { width: w });
  doc.moveTo(x, y + 22).lineTo(x + w, y + 22).lineWidth(0.8).strokeColor(COLOR.accent).stroke();
  y += TITLE_SPACE;
  const limit = doc.page.height - MARGINS.bottom - LINE;
  for (const entry of entries) {
    if (y > limit) {
      doc.switchToPage(++page);
      y = MARGINS.top;
    }
    const number = String((pageOf.get(entry.dest) ?? 0) + 1);
    const indent = entry.level === 1 ? 0 : 16;
    const font = entry.level === 1 ? 'bold' : 'regular';
    const size = entry.level === 1 ? 10 : 9.5;
    setFont(doc, font, size, COLOR.text);
    const numberW = 30;
    const title = fitText(doc, entry.title, w - indent - numberW - 16);
    const titleW = doc.widthOfString(title);
    doc.text(title, x + indent, y, { lineBreak: false, goTo: entry.dest });
    // Dot leader between title and page number.
    const dotsFrom = x + indent + titleW + 6;
    const dotsTo = x + w - numberW - 4;
    if (dotsTo > dotsFrom) {
      setFont(doc, 'regular', size, COLOR.faint);
      const dot = doc.widthOfString('. ');
      const n = Math.floor((dotsTo - dotsFrom) / dot);
      doc.text('. '.repeat(Math.max(n, 0)), dotsTo - n * dot, y, { lineBreak: false });
    }
    setFont(doc, font, size, COLOR.text).text(number, x + w - numberW, y, { width: numberW, align: 'right', lineBreak: false, goTo: entry.dest });
    y += LINE;
  }
}
