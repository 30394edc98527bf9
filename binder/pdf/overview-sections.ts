/** The period-wide sections: scope, summary per criterion, collection coverage, manual evidence. */
import type { CriterionSummary } from '../../model/evaluation.ts';
import type { IndexPdfInput } from './index-input.ts';
import { bullets, COLOR, heading, keyValues, paragraph, pct, utcDay, utcMinute, type Doc } from './layout.ts';
import { drawTable, type Cell } from './table.ts';

export function drawScope(doc: Doc, input: IndexPdfInput, dest: string): void {
  const ev = input.evaluation;
  heading(doc, 'Scope', 1, dest);
  const inScope = ev.criteria.filter((c) => c.inScope);
  const enabled = ev.checks.filter((c) => !c.disabled);
  keyValues(doc, [
    ['Organization', ev.organization],
    ['System', ev.system],
    ['Period', `${ev.period.from} to ${ev.period.to} (UTC)`],
    ['Categories', ev.categories.join(', ')],
    ['Criteria in scope', `${inScope.length} of ${ev.criteria.length} in the catalog`],
    ['Controls', String(ev.controls.length)],
    ['Automated checks', `${enabled.length} run on every snapshot; ${ev.checks.length - enabled.length} disabled`],
    ['Snapshots evaluated', String(ev.snapshots.length)],
  ]);
  heading(doc, 'Sources', 2);
  drawTable(doc, {
    columns: [
      { header: 'Source', width: 1.2 },
      { header: 'AWS account', width: 1.3, font: 'mono' },
      { header: 'Snapshots', width: 0.9, align: 'right' },
      { header: 'First snapshot captured (UTC)', width: 1.4 },
      { header: 'Last snapshot captured (UTC)', width: 1.4 },
    ],
    rows: ev.sources.map((s) => {
      const mine = ev.snapshots
        .filter((r) => r.source === s.name)
        .map((r) => new Date(r.capturedAt).toISOString())
        .sort();
      return [s.name, s.accountId ?? '-', String(mine.length), mine[0] ? utcMinute(mine[0]) : '-', mine.at(-1) ? utcMinute(mine.at(-1)!) : '-'];
    }),
  });
  const disabled = ev.checks.filter((c) => c.disabled);
  if (disabled.length) {
    heading(doc, 'Checks left out', 2);
    bullets(doc, disabled.map((c) => `${c.checkId}: ${c.title}${c.note ? ` (${c.note})` : ''}`));
  }
  if (Object.keys(ev.settings).length) {
    heading(doc, 'Settings used by the checks', 2);
    keyValues(
      doc,
      Object.keys(ev.settings)
        .sort()
        .map((k) => [k, JSON.stringify(ev.settings[k])] as const),
      170,
      9,
    );
  }
}

const STATUS_COLOR: Record<CriterionSummary['status'], string> = {
  effective: COLOR.pass,
  exceptions: COLOR.fail,
  'not-tested': COLOR.warn,
  manual: COLOR.manual,
  'out-of-scope': COLOR.faint,
};

export function drawCriteriaSummary(doc: Doc, input: IndexPdfInput, dest: string): void {
  const ev = input.evaluation;
  heading(doc, 'Summary by criterion', 1, dest);
  paragraph(
    doc,
    'Status per Trust Services Criterion over the whole period. Pass rate: passing results / (passing + failing) over every ' +
      'snapshot, lowest of the supporting controls. Exceptions are runs of failures of one check on one resource; "open" ' +
      'means still failing in the last snapshot of the period.',
    { size: 8.5, color: COLOR.muted },
  );
  const row = (c: CriterionSummary): Cell[] => [
    { text: c.criterionId, font: 'bold' },
    { text: c.title, sub: c.group },
    { text: c.status, font: 'bold', color: STATUS_COLOR[c.status] },
    { text: c.coverage, sub: c.controlIds.length ? c.controlIds.join(', ') : 'no control' },
    pct(c.passRate),
    { text: String(c.openExceptions), color: c.openExceptions ? COLOR.fail : COLOR.text, font: c.openExceptions ? 'bold' : 'regular' },
    String(c.closedExceptions),
  ];
  const columns = [
    { header: 'Criterion', width: 0.75 },
    { header: 'Title', width: 3.2 },
    { header: 'Status', width: 0.95 },
    { header: 'Evidenced by', width: 1.15 },
    { header: 'Pass rate', width: 0.8, align: 'right' as const },
    { header: 'Open exc.', width: 0.6, align: 'right' as const },
    { header: 'Closed exc.', width: 0.65, align: 'right' as const },
  ];
  drawTable(doc, { columns, rows: ev.criteria.filter((c) => c.inScope).map(row), fontSize: 8 });
  const out = ev.criteria.filter((c) => !c.inScope);
  if (out.length) {
    paragraph(doc, `Out of scope (${out.length}): ${out.map((c) => c.criterionId).join(', ')}.`, { size: 8.5, color: COLOR.muted });
  }
  heading(doc, 'Controls', 2);
  drawTable(doc, {
    columns: [
      { header: 'Control', width: 0.8 },
      { header: 'Title', width: 2.8 },
      { header: 'Criteria', width: 1.2 },
      { header: 'Status', width: 0.95 },
      { header: 'Pass rate', width: 0.8, align: 'right' },
      { header: 'Open / closed', width: 0.9, align: 'right' },
    ],
    rows: ev.controls.map((c) => [
      { text: c.controlId, font: 'bold' },
      { text: c.title, sub: `${c.frequency}; ${c.evidencedBy.join(', ')}` },
      c.criteria.join(', '),
      { text: c.status, font: 'bold', color: STATUS_COLOR[c.status] },
      pct(c.passRate),
      `${c.openExceptions} / ${c.closedExceptions}`,
    ]),
  });
}

export function drawCoverage(doc: Doc, input: IndexPdfInput, dest: string): void {
  const ev = input.evaluation;
  heading(doc, 'Collection coverage', 1, dest);
  paragraph(
    doc,
    'Expected runs follow the collection schedule over the period. A slot counts as collected only when a run started ' +
      'within the schedule\'s grace time after it produced a complete snapshot, and each slot counts once; every slot without ' +
      'one is a gap, listed below. Off-schedule snapshots (taken on purpose, started outside every grace time, or a second ' +
      'snapshot of a filled slot) are evidence like any other and were evaluated, but fill no slot; they are listed with why. ' +
      'Times are UTC; a snapshot\'s time of observation is its capture time.',
    { size: 8.5, color: COLOR.muted },
  );
  drawTable(doc, {
    columns: [
      { header: 'Source', width: 1.2 },
      { header: 'Expected runs', width: 1, align: 'right' },
      { header: 'Successful', width: 1, align: 'right' },
      { header: 'Coverage', width: 1, align: 'right' },
      { header: 'Gaps', width: 0.8, align: 'right' },
      { header: 'Off-schedule snapshots', width: 1, align: 'right' },
    ],
    rows: ev.coverage.map((c) => [
      c.source,
      String(c.expectedRuns),
      String(c.successfulRuns),
      pct(c.expectedRuns ? c.successfulRuns / c.expectedRuns : null, 1),
      { text: String(c.gaps.length), color: c.gaps.length ? COLOR.fail : COLOR.text },
      { text: String(c.offScheduleCount), color: c.offScheduleCount ? COLOR.warn : COLOR.text },
    ]),
  });
  const gaps = ev.coverage.flatMap((c) => c.gaps).sort((a, b) => (a.slot === b.slot ? (a.source < b.source ? -1 : 1) : a.slot < b.slot ? -1 : 1));
  heading(doc, 'Gaps', 2);
  drawTable(doc, {
    columns: [
      { header: 'Source', width: 1 },
      { header: 'Expected slot (UTC)', width: 1.4 },
      { header: 'Kind', width: 0.8 },
      { header: 'Reason', width: 4.2 },
    ],
    rows: gaps.map((g) => [g.source, utcMinute(g.slot), { text: g.kind, color: COLOR.fail }, g.reason ?? 'no run recorded for this slot']),
  });
  const off = ev.coverage
    .flatMap((c) => c.offSchedule.map((o) => ({ source: c.source, ...o })))
    .sort((a, b) => Date.parse(a.capturedAt) - Date.parse(b.capturedAt) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  heading(doc, `Off-schedule snapshots (${off.length})`, 2);
  if (off.length === 0) {
    paragraph(doc, 'Every snapshot of the period filled a slot of the schedule.', { size: 8.5, color: COLOR.muted });
    return;
  }
  drawTable(doc, {
    columns: [
      { header: 'Source', width: 0.8 },
      { header: 'Snapshot', width: 1.95 },
      { header: 'Started / captured (UTC)', width: 1.5 },
      { header: 'Why it fills no slot', width: 3.1 },
    ],
    fontSize: 7.5,
    rows: off.map((o): Cell[] => [
      o.source,
      { text: o.snapshotId, sub: o.runId ? `run ${o.runId}` : undefined },
      { text: `started ${utcMinute(o.startedAt ?? o.scheduledFor)}`, sub: `captured ${utcMinute(o.capturedAt)}` },
      { text: o.reason, color: o.kind === 'on-purpose' ? COLOR.text : COLOR.warn },
    ]),
  });
}

export function drawManualEvidence(doc: Doc, input: IndexPdfInput, dest: string): void {
  heading(doc, 'Manual evidence', 1, dest);
  paragraph(doc, 'Documents supplied by management, indexed by criterion with the date each took effect.', { size: 8.5, color: COLOR.muted });
  const rows = [...input.manualEvidence]
    .sort((a, b) => (a.criteria[0] === b.criteria[0] ? (a.path < b.path ? -1 : 1) : (a.criteria[0] ?? '') < (b.criteria[0] ?? '') ? -1 : 1))
    .map((m): Cell[] => [
      m.criteria.join(', '),
      { text: m.title, sub: [m.description, m.sourceUrl].filter(Boolean).join(' | ') || undefined },
      utcDay(`${m.effectiveDate}T00:00:00Z`),
      { text: m.path, sub: m.sha256, subFont: 'mono' },
    ]);
  drawTable(doc, {
    columns: [
      { header: 'Criteria', width: 0.9 },
      { header: 'Document', width: 2.4 },
      { header: 'Effective', width: 0.9 },
      { header: 'File / SHA-256', width: 3.2 },
    ],
    rows,
  });
}
