/**
 * The period evaluation as text a compliance lead can read in a terminal (`binder evaluate`):
 * the period, each source's expected vs collected runs with every gap, each in-scope criterion
 * with its status, how it is evidenced, pass rate and exceptions, then the open exceptions (each
 * with what to change) and the closed ones with resource and dates. Deterministic for a given
 * evaluation and options.
 */
import type { CheckException, CriterionSummary, PeriodEvaluation } from '../../model/evaluation.ts';
import { remediationFor } from '../remediation.ts';
import { daysText, observedText, percent, plural, utcMinute } from './format.ts';
import { TextWriter, type TextOptions, type Tone } from './text-layout.ts';

const STATUS_TONE: Record<CriterionSummary['status'], Tone> = {
  effective: 'good',
  exceptions: 'bad',
  'not-tested': 'warn',
  manual: 'dim',
  'out-of-scope': 'dim',
};

const STATUS_LABEL: Record<CriterionSummary['status'], string> = {
  effective: 'EFFECTIVE',
  exceptions: 'EXCEPTIONS',
  'not-tested': 'NOT TESTED',
  manual: 'MANUAL',
  'out-of-scope': 'OUT OF SCOPE',
};

const EVIDENCE_LABEL: Record<CriterionSummary['coverage'], string> = {
  automated: 'automated',
  mixed: 'automated + documents',
  manual: 'documents',
  none: 'no control',
};

export function renderEvaluationText(evaluation: PeriodEvaluation, options: TextOptions = {}): string {
  const w = new TextWriter(options);
  const e = evaluation;

  w.line(w.paint(`SOC 2 Type II evaluation: ${e.organization}`, 'bold'));
  w.line(`System: ${e.system}`);
  w.line(`Period: ${e.period.from} to ${e.period.to} (UTC, both days included)`);
  w.line(
    `Evidence as of ${utcMinute(e.evaluatedAsOf)}; categories: ${e.categories.join(', ')}; ${e.tool.name} ${e.tool.version}`,
  );
  w.line(
    `${plural(e.snapshots.length, 'snapshot')} evaluated; ${plural(e.stats.checkEvaluations, 'check evaluation')} run, ` +
      `${e.stats.resultsReused.toLocaleString('en-US')} unchanged results reused`,
  );

  w.blank();
  w.line(w.paint('Sources and collection coverage', 'bold'));
  for (const c of e.coverage) {
    const source = e.sources.find((s) => s.name === c.source);
    const rate = c.expectedRuns === 0 ? null : c.successfulRuns / c.expectedRuns;
    const tone: Tone = c.gaps.length === 0 ? 'good' : 'warn';
    w.columns(
      `${c.source}${source?.accountId ? ` (${source.accountId})` : ''}: `,
      `${c.successfulRuns} of ${c.expectedRuns} expected runs collected (${percent(rate)}), ${plural(c.gaps.length, 'gap')}` +
        (c.offScheduleCount > 0 ? `, ${plural(c.offScheduleCount, 'off-schedule snapshot')} (evaluated, fill no slot)` : ''),
      tone,
      2,
    );
    for (const g of c.gaps) {
      w.columns(
        `${utcMinute(g.slot)}  ${g.kind.padEnd(8)} `,
        g.reason ?? (g.kind === 'missing' ? 'no run recorded' : ''),
        g.kind === 'missing' ? 'warn' : 'bad',
        4,
      );
    }
    for (const o of c.offSchedule) {
      w.columns(`${utcMinute(o.capturedAt)}  off-schedule `, `snapshot ${o.snapshotId}: ${o.reason}`, 'warn', 4);
    }
  }

  const inScope = e.criteria.filter((c) => c.inScope);
  const outOfScope = e.criteria.filter((c) => !c.inScope);
  w.blank();
  w.line(w.paint(`Criteria in scope (${inScope.length})`, 'bold'));
  const idWidth = Math.max(6, ...inScope.map((c) => c.criterionId.length + 2));
  for (const c of inScope) {
    const lead = `${c.criterionId.padEnd(idWidth)}${STATUS_LABEL[c.status].padEnd(12)} `;
    const rate = c.passRate === null ? '' : `, pass rate ${percent(c.passRate)}`;
    const exceptions =
      c.openExceptions + c.closedExceptions > 0
        ? `, exceptions ${c.openExceptions} open / ${c.closedExceptions} closed${c.acceptedExceptions ? ` / ${c.acceptedExceptions} accepted` : ''}`
        : c.acceptedExceptions
          ? `, ${c.acceptedExceptions} accepted deviations`
          : '';
    w.columns(
      lead,
      `${c.title} [${EVIDENCE_LABEL[c.coverage]}${rate}${exceptions}]`,
      STATUS_TONE[c.status],
      2,
    );
    if (c.controlIds.length > 0)
      w.line(`controls: ${c.controlIds.join(', ')}`, 2 + lead.length, 2 + lead.length, 'dim');
  }
  if (outOfScope.length > 0) {
    w.line(
      `Out of scope (${outOfScope.length}): ${outOfScope.map((c) => c.criterionId).join(', ')}`,
      2,
      4,
      'dim',
    );
  }
  const counts = countStatuses(inScope);
  w.line(`Summary: ${counts}`, 2, 4);

  const all = e.checks.flatMap((c) => c.exceptions);
  const open = all.filter((x) => x.open).sort(byFirstSeen);
  const closed = all.filter((x) => !x.open).sort(byFirstSeen);
  w.blank();
  w.line(w.paint(`Open exceptions (${open.length})`, 'bold'));
  if (open.length === 0) w.line('none', 2);
  for (const x of open) exceptionLines(w, x, e);
  w.blank();
  w.line(w.paint(`Closed exceptions (${closed.length})`, 'bold'));
  if (closed.length === 0) w.line('none', 2);
  for (const x of closed) exceptionLines(w, x, e);

  const disabled = e.checks.filter((c) => c.disabled);
  if (disabled.length > 0) {
    w.blank();
    w.line(
      `Disabled by configuration (checks.disabled): ${disabled.map((c) => c.checkId).join(', ')}`,
      0,
      2,
      'warn',
    );
  }

  w.blank();
  const drift = e.driftSummary;
  const kinds = { added: drift.added, removed: drift.removed, changed: drift.changed + drift.activityOnly };
  w.line(
    `Configuration changes in the period: ${plural(drift.entries, 'change')} ` +
      `(${kinds.added} added, ${kinds.removed} removed, ${kinds.changed} changed)`,
  );
  return w.toString();
}

function countStatuses(criteria: readonly CriterionSummary[]): string {
  const order: CriterionSummary['status'][] = ['effective', 'exceptions', 'not-tested', 'manual'];
  return order
    .map((s) => [s, criteria.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s === 'exceptions' ? 'with exceptions' : STATUS_LABEL[s].toLowerCase()}`)
    .join(', ');
}

function byFirstSeen(a: CheckException, b: CheckException): number {
  return (
    Date.parse(a.firstSeen) - Date.parse(b.firstSeen) ||
    (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0) ||
    (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0)
  );
}

function exceptionLines(w: TextWriter, x: CheckException, e: PeriodEvaluation): void {
  const check = e.checks.find((c) => c.checkId === x.checkId);
  const severity = check?.severity ?? '';
  w.line(`${x.checkId} [${severity}] ${x.source}: ${x.resourceId}`, 2, 6, x.open ? 'bad' : undefined);
  const when = x.open
    ? `first seen ${observedText(x.firstSeen, x.firstSeenSlot)}, still failing at ${observedText(x.lastSeen, x.lastSeenSlot)} (${daysText(x.durationDays)} so far)`
    : `first seen ${observedText(x.firstSeen, x.firstSeenSlot)}, last seen ${observedText(x.lastSeen, x.lastSeenSlot)}, fixed by ${observedText(x.fixedAt!, x.fixedAtSlot)} (${daysText(x.durationDays)})`;
  w.line(when, 4, 6);
  w.line(x.reason, 4, 6, 'dim');
  const a = x.acceptance;
  if (a) {
    for (const by of a.by) w.line(`accepted by ${by.approvedBy} until ${by.until}: ${by.reason}`, 4, 6, a.whole ? undefined : 'warn');
    if (!a.whole) {
      w.line(
        a.exceptionAgainFrom
          ? `an exception again from ${utcMinute(a.exceptionAgainFrom)}: the acceptance ran out while it still failed`
          : `still an exception: ${a.acceptedSnapshots} of ${a.failingSnapshots} failing snapshots fall inside an acceptance`,
        4,
        6,
        'warn',
      );
    }
  }
  // An open exception says what to change; its commands (which would not survive wrapping to
  // the width) are in the binder's PDF and evidence/exceptions.csv.
  if (!x.open || !check) return;
  w.line(`fix: ${remediationFor(check.remediation, x, check.settings).change}`, 4, 9);
}
