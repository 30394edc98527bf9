/**
 * How to fix a control's open exceptions, under its exceptions table: per check, what to change and
 * where in the console once, then each open exception's resource with its AWS CLI commands filled
 * in (controls/remediation.ts), in monospace. A check with many open exceptions shows the first
 * few; evidence/exceptions.csv has every one's commands.
 */
import { remediationFor } from '../../controls/remediation.ts';
import type { CheckException, CheckSummary } from '../../model/evaluation.ts';
import { codeBlock, COLOR, contentWidth, ensureSpace, heading, left, setFont, type Doc } from './layout.ts';

/** Open exceptions per check shown with their commands; the rest are counted. */
export const SHOWN_PER_CHECK = 5;

export function drawOpenRemediations(
  doc: Doc,
  checks: readonly CheckSummary[],
  compare: (a: CheckException, b: CheckException) => number,
): void {
  const withOpen = checks
    .map((check) => ({ check, open: check.exceptions.filter((e) => e.open).sort(compare) }))
    .filter((c) => c.open.length > 0);
  if (withOpen.length === 0) return;
  const total = withOpen.reduce((n, c) => n + c.open.length, 0);
  heading(doc, `How to fix the open exceptions (${total})`, 3);
  for (const { check, open } of withOpen) {
    const first = remediationFor(check.remediation, open[0]!, check.settings);
    // The check's line and its console path stay with the first commands on one page.
    ensureSpace(doc, 60);
    line(doc, `${check.checkId}: ${first.change}`, 'bold', 8.5, COLOR.text);
    // One resource: its own console path; several: the path with its placeholders.
    line(
      doc,
      `Console: ${open.length === 1 ? first.console : check.remediation.console}`,
      'regular',
      8,
      COLOR.muted,
    );
    for (const e of open.slice(0, SHOWN_PER_CHECK)) {
      const fix = remediationFor(check.remediation, e, check.settings);
      line(doc, e.resourceId, 'regular', 7.5, COLOR.muted);
      codeBlock(doc, fix.cli.split('\n'), 7);
      doc.y -= 5; // codeBlock leaves room for a paragraph; resources of one check sit closer
    }
    const more = open.length - SHOWN_PER_CHECK;
    if (more > 0)
      line(
        doc,
        `and ${more} more open exception${more === 1 ? '' : 's'} of ${check.checkId}: the commands for each are in evidence/exceptions.csv (remediationCli).`,
        'italic',
        7.5,
        COLOR.muted,
      );
    doc.y += 4;
  }
}

function line(
  doc: Doc,
  text: string,
  font: 'regular' | 'bold' | 'italic',
  size: number,
  color: string,
): void {
  setFont(doc, font, size, color);
  const h = doc.heightOfString(text, { width: contentWidth(doc) });
  ensureSpace(doc, h + 2);
  doc.text(text, left(doc), doc.y, { width: contentWidth(doc), lineGap: 1 });
  doc.y += 2;
}
