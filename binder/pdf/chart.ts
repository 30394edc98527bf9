/**
 * A small vector chart of results per day across the period: failing results (red) and passing
 * results (green) in two stacked panels on a shared time axis, each scaled to its own maximum so a
 * handful of failures among thousands of passes stays visible. Days with no result (coverage gaps)
 * are shaded grey in both panels.
 */
import type { SnapshotTally } from '../../model/evaluation.ts';
import { COLOR, contentWidth, ensureSpace, left, setFont, type Doc } from './layout.ts';

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface DayCounts {
  pass: number;
  fail: number;
}

/** Sums tallies per UTC day (across checks and sources). */
export function countsPerDay(tallies: readonly SnapshotTally[]): Map<string, DayCounts> {
  const days = new Map<string, DayCounts>();
  for (const t of tallies) {
    const day = new Date(t.scheduledFor).toISOString().slice(0, 10);
    const d = days.get(day) ?? { pass: 0, fail: 0 };
    d.pass += t.pass;
    d.fail += t.fail;
    days.set(day, d);
  }
  return days;
}

export const CHART_HEIGHT = 104;

/** `gapDays`: UTC days on which some source has a coverage gap (shaded even if another source reported). */
export function drawPassFailChart(
  doc: Doc,
  period: { from: string; to: string },
  perDay: Map<string, DayCounts>,
  gapDays: ReadonlySet<string> = new Set(),
): void {
  ensureSpace(doc, CHART_HEIGHT + 6);
  const x0 = left(doc);
  const labelW = 64;
  const plotX = x0 + labelW;
  const plotW = contentWidth(doc) - labelW - 4;
  const panelH = 30;
  const top = doc.y + 4;
  const failY = top;
  const passY = top + panelH + 6;
  const axisY = passY + panelH;

  const start = Date.parse(`${period.from}T00:00:00Z`);
  const end = Date.parse(`${period.to}T00:00:00Z`);
  const dayCount = Math.max(1, Math.round((end - start) / DAY_MS) + 1);
  const barW = plotW / dayCount;
  let maxFail = 0;
  let maxPass = 0;
  for (const d of perDay.values()) {
    maxFail = Math.max(maxFail, d.fail);
    maxPass = Math.max(maxPass, d.pass);
  }
  const failScale = Math.max(maxFail, 1);
  const passScale = Math.max(maxPass, 1);

  // Panel frames.
  for (const y of [failY, passY]) doc.rect(plotX, y, plotW, panelH).lineWidth(0.4).strokeColor(COLOR.rule).stroke();

  for (let i = 0; i < dayCount; i++) {
    const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    const x = plotX + i * barW;
    const d = perDay.get(day);
    const gap = !d || gapDays.has(day);
    if (gap) {
      doc.rect(x, failY, barW, panelH).fill(COLOR.gap);
      doc.rect(x, passY, barW, panelH).fill(COLOR.gap);
    }
    if (!d) continue;
    // Bars touch (a hair of overlap avoids seams); on a gap day the bar is pale: some source is missing.
    const bw = barW + 0.15;
    if (d.fail > 0) {
      const h = Math.max(1.5, (d.fail / failScale) * (panelH - 2));
      doc.rect(x, failY + panelH - h, bw, h).fill(gap ? COLOR.failLight : COLOR.fail);
    }
    if (d.pass > 0) {
      const h = Math.max(1, (d.pass / passScale) * (panelH - 2));
      doc.rect(x, passY + panelH - h, bw, h).fill(gap ? COLOR.passLight : COLOR.pass);
    }
  }

  // Left labels: panel name and its scale.
  setFont(doc, 'bold', 7.5, COLOR.fail).text('Failing', x0, failY + 2, { width: labelW - 6, lineBreak: false });
  setFont(doc, 'regular', 6.5, COLOR.muted).text(`max ${maxFail}/day`, x0, failY + 12, { width: labelW - 6, lineBreak: false });
  setFont(doc, 'bold', 7.5, COLOR.pass).text('Passing', x0, passY + 2, { width: labelW - 6, lineBreak: false });
  setFont(doc, 'regular', 6.5, COLOR.muted).text(`max ${maxPass}/day`, x0, passY + 12, { width: labelW - 6, lineBreak: false });

  // Month ticks on the time axis.
  setFont(doc, 'regular', 6.5, COLOR.muted);
  let lastLabelEnd = -Infinity;
  for (let i = 0; i < dayCount; i++) {
    const date = new Date(start + i * DAY_MS);
    if (date.getUTCDate() !== 1 && i !== 0) continue;
    const x = plotX + i * barW;
    doc.moveTo(x, axisY).lineTo(x, axisY + 3).lineWidth(0.4).strokeColor(COLOR.muted).stroke();
    const label = `${MONTHS[date.getUTCMonth()]}${date.getUTCMonth() === 0 || i === 0 ? ` ${date.getUTCFullYear()}` : ''}`;
    const w = doc.widthOfString(label);
    if (x >= lastLabelEnd + 4 && x + w <= plotX + plotW + 2) {
      doc.text(label, x + 1, axisY + 4, { lineBreak: false });
      lastLabelEnd = x + w;
    }
  }

  // Legend.
  const ly = axisY + 15;
  const legend: [string, string][] = [
    [COLOR.fail, 'failing results'],
    [COLOR.pass, 'passing results'],
    [COLOR.gap, 'coverage gap (pale bar: a source has no snapshot that day)'],
  ];
  let lx = plotX;
  setFont(doc, 'regular', 7, COLOR.muted);
  for (const [color, label] of legend) {
    doc.rect(lx, ly + 1, 7, 7).fill(color);
    setFont(doc, 'regular', 7, COLOR.muted).text(label, lx + 10, ly + 0.5, { lineBreak: false });
    lx += 10 + doc.widthOfString(label) + 14;
  }
  doc.x = x0;
  doc.y = ly + 16;
}
