/**
 * One control's section: what it is, its checks with the thresholds used, results across the period
 * (chart), its exceptions with dates, coverage, and the evidence files behind it with their hashes.
 */
import type { CheckException, CheckSummary, ControlSummary } from '../../model/evaluation.ts';
import { fixedSnapshot } from '../cite-snapshots.ts';
import { countsPerDay, drawPassFailChart } from './chart.ts';
import type { IndexPdfInput } from './index-input.ts';
import { COLOR, heading, keyValues, observedAt, paragraph, pct, utcDay, type Doc } from './layout.ts';
import { drawOpenRemediations } from './remediation-block.ts';
import { exceptionNotes } from './fieldwork-section.ts';
import { drawTable, type Cell } from './table.ts';

/** Longer reasons are cut in the PDF; the CSV keeps them whole. */
const MAX_REASON = 300;

const STATUS_TEXT: Record<ControlSummary['status'], [string, string]> = {
  effective: ['Operated effectively: no exceptions in the period', COLOR.pass],
  exceptions: ['Exceptions found in the period', COLOR.fail],
  'not-tested': ['Not tested by automated checks in this binder', COLOR.warn],
  manual: ['Evidenced by manual documents', COLOR.manual],
};

export function drawControlSection(doc: Doc, input: IndexPdfInput, control: ControlSummary, dest: string): void {
  const ev = input.evaluation;
  heading(doc, `${control.controlId}  ${control.title}`, 2, dest);
  paragraph(doc, control.description, { size: 9.5 });
  const [statusText, statusColor] = STATUS_TEXT[control.status];
  keyValues(
    doc,
    [
      ['Criteria', control.criteria.join(', ')],
      ['Frequency', control.frequency],
      ['Evidenced by', control.evidencedBy.join(', ')],
      ['Status', statusText, 'bold', statusColor],
      ['Pass rate', pct(control.passRate)],
      ['Exceptions', `${control.openExceptions} open, ${control.closedExceptions} closed${control.acceptedExceptions ? `, ${control.acceptedExceptions} accepted deviations (listed below, not counted as exceptions)` : ''}`],
    ],
    95,
    9,
  );

  const checks = control.checkIds
    .map((id) => ev.checks.find((c) => c.checkId === id))
    .filter((c): c is CheckSummary => c !== undefined);
  const missing = control.checkIds.filter((id) => !ev.checks.some((c) => c.checkId === id));

  if (checks.length) {
    heading(doc, 'Results across the period', 3);
    const gapDays = new Set(ev.coverage.flatMap((c) => c.gaps.map((g) => utcDay(g.slot))));
    drawPassFailChart(doc, ev.period, countsPerDay(checks.filter((c) => !c.disabled).flatMap((c) => c.tallies)), gapDays);

    heading(doc, 'Checks', 3);
    drawTable(doc, {
      columns: [
        { header: 'Check', width: 3.0 },
        { header: 'Severity', width: 0.75 },
        { header: 'Settings used', width: 1.8 },
        { header: 'Pass rate', width: 0.8, align: 'right' },
        { header: 'Exceptions open / closed', width: 1.1, align: 'right' },
      ],
      rows: checks.map((c): Cell[] => [
        { text: c.checkId, font: 'mono', sub: [c.title, c.note ? `Note: ${c.note}` : null].filter(Boolean).join('. ') },
        { text: c.severity, color: c.severity === 'critical' || c.severity === 'high' ? COLOR.fail : COLOR.text },
        Object.keys(c.settings).length ? Object.entries(c.settings).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n') : 'none',
        c.disabled ? { text: 'disabled', color: COLOR.faint } : pct(c.passRate),
        c.disabled ? '-' : `${c.exceptions.filter((e) => e.open).length} / ${c.exceptions.filter((e) => !e.open).length}`,
      ]),
      rowFill: (i) => (checks[i]!.disabled ? COLOR.gap : i % 2 ? COLOR.zebra : null),
    });
    if (missing.length) paragraph(doc, `Checks named by this control but absent from the evaluation: ${missing.join(', ')}.`, { size: 8.5, color: COLOR.fail });

    const exceptions = checks.flatMap((c) => c.exceptions).sort(compareExceptions);
    heading(doc, `Exceptions (${exceptions.length})`, 3);
    if (exceptions.length) {
      drawTable(doc, {
        columns: [
          { header: 'Check', width: 1.35 },
          { header: 'Source', width: 0.6 },
          { header: 'Resource and first failure', width: 2.7 },
          { header: 'Observed (capture time, slot beside)', width: 2.7 },
          { header: 'Days', width: 0.65, align: 'right' },
        ],
        fontSize: 7.5,
        rows: exceptions.map((e): Cell[] => [
          e.checkId,
          e.source,
          {
            text: e.resourceId,
            sub: [e.reason.length > MAX_REASON ? `${e.reason.slice(0, MAX_REASON)}... (full text in evidence/exceptions.csv)` : e.reason, ...exceptionNotes(e, input.journal)].join('\n'),
          },
          exceptionTimes(e),
          e.acceptance?.whole
            ? { text: String(e.durationDays), color: COLOR.manual, sub: 'accepted' }
            : e.open
              ? { text: String(e.durationDays), font: 'bold', color: COLOR.fail, sub: 'open' }
              : String(e.durationDays),
        ]),
      });
      drawOpenRemediations(doc, checks, compareExceptions);
    } else {
      paragraph(doc, 'No check of this control failed on any resource in any snapshot of the period.', { size: 9, color: COLOR.pass });
    }

    heading(doc, 'Coverage', 3);
    paragraph(
      doc,
      ev.coverage
        .map(
        (c) =>
          `${c.source}: ${c.successfulRuns} of ${c.expectedRuns} expected runs evaluated` +
          (c.gaps.length ? ` (${c.gaps.length} gap${c.gaps.length > 1 ? 's' : ''}: ${c.gaps.map((g) => `${utcDay(g.slot)} ${g.kind}`).join(', ')})` : '') +
          (c.offScheduleCount ? `; ${c.offScheduleCount} off-schedule snapshot${c.offScheduleCount > 1 ? 's' : ''}, evaluated but counted in no slot` : ''),
      )
        .join('\n'),
      { size: 8.5 },
    );

    drawEvidenceReferences(doc, input, control, exceptions);
  } else if (control.evidencedBy.includes('change-records')) {
    heading(doc, 'Change records', 3);
    paragraph(
      doc,
      `${ev.driftSummary.entries} configuration changes were recorded between consecutive snapshots in the period; they are summarised in ` +
        '"Change log" and listed in full in evidence/change-log.json.',
      { size: 9 },
    );
  }
  drawControlPopulations(doc, input, control);
  if (control.evidencedBy.includes('manual')) {
    const forControl = (criteria: readonly string[]) => criteria.some((c) => control.criteria.includes(c));
    const docs = input.manualEvidence.filter((m) => forControl(m.criteria));
    const problems = input.documentProblems.filter((p) => forControl(p.criteria));
    heading(doc, 'Manual evidence', 3);
    if (docs.length) {
      drawTable(doc, {
        columns: [
          { header: 'Document', width: 2.4 },
          { header: 'In effect', width: 1.1 },
          { header: 'File / SHA-256', width: 3.1 },
        ],
        rows: docs.map((m): Cell[] => [
          { text: m.title, sub: 'journalSeq' in m.from ? `attached by ${m.from.attachedBy} on ${m.from.attachedAt.slice(0, 10)} (journal entry ${m.from.journalSeq})` : 'from the manualEvidence folder' },
          m.standing === 'expired-during-period'
            ? { text: `from ${m.effectiveDate}`, sub: `EXPIRED ${m.expires} within the period`, color: COLOR.warn }
            : { text: `from ${m.effectiveDate}`, ...(m.expires ? { sub: `until ${m.expires}` } : {}) },
          { text: m.path, sub: m.sha256, subFont: 'mono' },
        ]),
      });
    }
    for (const p of problems) paragraph(doc, `${p.title}: ${p.detail}; it does not evidence this period.`, { size: 8.5, color: COLOR.warn });
    const expired = docs.filter((m) => m.standing === 'expired-during-period');
    if (!docs.length) {
      paragraph(doc, 'MISSING: no document in effect in the period was attached for this control (`binder attach`); it must be provided to the auditor separately.', {
        size: 9,
        color: COLOR.warn,
      });
    } else if (expired.length === docs.length) {
      paragraph(doc, 'Every document for this control expired within the period: none is in effect at its end.', { size: 8.5, color: COLOR.warn });
    }
  }
}

/** The fieldwork populations (and the binder's samples of them) an auditor tests this control's criteria from. */
function drawControlPopulations(doc: Doc, input: IndexPdfInput, control: ControlSummary): void {
  const populations = input.fieldwork.populations.filter((p) => p.criteria.some((c) => control.criteria.includes(c)));
  if (populations.length === 0) return;
  heading(doc, 'Populations and samples for fieldwork', 3);
  drawTable(doc, {
    columns: [
      { header: 'Population', width: 1.6 },
      { header: 'Rows', width: 0.5, align: 'right' },
      { header: 'Files in this binder', width: 4.5 },
    ],
    fontSize: 7.5,
    rows: populations.map((p): Cell[] => {
      const sample = input.fieldwork.samples.find((s) => s.source === p.source && s.population === p.name);
      return [
        { text: p.name, sub: p.scope },
        String(p.rows),
        { text: p.path, sub: sample ? `sample of ${sample.size}: ${sample.path}` : 'empty: nothing to sample' },
      ];
    }),
  });
}

function drawEvidenceReferences(doc: Doc, input: IndexPdfInput, control: ControlSummary, exceptions: readonly CheckException[]): void {
  const ev = input.evaluation;
  const wanted = new Map<string, Set<string>>();
  const want = (snapshotId: string, why: string) => {
    const c = input.citations.find((x) => x.ref.snapshotId === snapshotId);
    if (!c) return;
    if (!wanted.has(c.path)) wanted.set(c.path, new Set());
    wanted.get(c.path)!.add(why);
  };
  for (const c of input.citations) {
    for (const r of c.reasons) if (r.endsWith('of the period')) want(c.ref.snapshotId, `${c.ref.source}: ${r}`);
  }
  for (const e of exceptions) {
    want(e.firstSnapshotId, `${e.checkId} opened`);
    const fixed = fixedSnapshot(ev, e);
    if (fixed) want(fixed.snapshotId, `${e.checkId} fixed`);
  }
  const fileOf = new Map(input.evidenceFiles.map((f) => [f.path, f]));
  const rows: Cell[][] = [...wanted.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, why]) => [{ text: path, sub: fileOf.get(path)?.sha256 ?? '', subFont: 'mono' }, [...why].sort().join('; ')]);
  for (const path of ['evidence/check-results.json', 'evidence/exceptions.csv']) {
    const f = fileOf.get(path);
    if (f) rows.push([{ text: path, sub: f.sha256, subFont: 'mono' }, `results and exceptions of ${control.checkIds.join(', ')}`]);
  }
  heading(doc, 'Evidence files', 3);
  drawTable(doc, {
    columns: [
      { header: 'File in this binder / SHA-256', width: 3.4 },
      { header: 'Cited for', width: 2.6 },
    ],
    fontSize: 7.5,
    rows,
  });
}

/** First seen, last seen and fixed, each as the capture time with the snapshot's slot beside it. */
function exceptionTimes(e: CheckException): Cell {
  const lines = [`first seen ${observedAt(e.firstSeen, e.firstSeenSlot)}`, `last seen ${observedAt(e.lastSeen, e.lastSeenSlot)}`];
  if (e.fixedAt === null) return { text: lines.join('\n'), sub: 'still failing at the end of the period' };
  return lines.concat(`fixed ${observedAt(e.fixedAt, e.fixedAtSlot)}`).join('\n');
}

function compareExceptions(a: CheckException, b: CheckException): number {
  if (a.firstSeen !== b.firstSeen) return a.firstSeen < b.firstSeen ? -1 : 1;
  if (a.checkId !== b.checkId) return a.checkId < b.checkId ? -1 : 1;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0;
}
