/**
 * The machine-readable evidence files of the binder, rendered to deterministic bytes:
 * canonical-pretty JSON (sorted keys, two-space indent, trailing newline) and RFC 4180 CSV.
 */
import { canonicalPrettyJson } from './canonical-pretty-json.ts';
import type { CheckException, DriftEntry, PeriodEvaluation } from '../model/evaluation.ts';
import type { JournalEntry } from '../store/journal-types.ts';
import { exceptionKey } from '../fieldwork/exception-key.ts';
import { streamedPrettyJson } from './streamed-json.ts';
import { remediationFor } from '../controls/remediation.ts';

export { canonicalPrettyJson };

/** The evaluation as written into the binder: the run's duration is zeroed so rebuilds give the same bytes. */
export function reproducibleEvaluation(evaluation: PeriodEvaluation): PeriodEvaluation {
  return { ...evaluation, stats: { ...evaluation.stats, durationMs: 0 } };
}

export function evaluationJson(evaluation: PeriodEvaluation): string {
  return canonicalPrettyJson(reproducibleEvaluation(evaluation));
}

export function checkResultsJson(evaluation: PeriodEvaluation): string {
  return canonicalPrettyJson({
    schema: 'binder.check-results/v1',
    period: evaluation.period,
    evaluatedAsOf: evaluation.evaluatedAsOf,
    settings: evaluation.settings,
    checks: evaluation.checks,
  });
}

export function coverageJson(evaluation: PeriodEvaluation): string {
  return canonicalPrettyJson({
    schema: 'binder.coverage/v1',
    period: evaluation.period,
    coverage: evaluation.coverage,
  });
}

/**
 * evidence/change-log.json, in chunks: every drift entry of the period (in change-log order, as
 * periodDrift streams them from the store), never held whole.
 */
export function changeLogChunks(evaluation: PeriodEvaluation, entries: AsyncIterable<DriftEntry>): AsyncGenerator<string> {
  return streamedPrettyJson({ schema: 'binder.change-log/v1', period: evaluation.period }, 'entries', entries);
}

const EXCEPTION_COLUMNS = [
  'checkId',
  'controlIds',
  'criteria',
  'severity',
  'source',
  'resourceType',
  'resourceId',
  'firstSeen',
  'lastSeen',
  'fixedAt',
  'open',
  'durationDays',
  'reason',
  'firstSnapshotId',
  'lastSnapshotId',
  'remediationChange',
  'remediationConsole',
  'remediationCli',
  'exceptionKey',
  'accepted',
  'acceptedBy',
  'acceptedUntil',
  'acceptanceReason',
  'exceptionAgainFrom',
  'managementResponse',
  'respondedBy',
  'respondedAt',
  'remediatedAt',
] as const;

/**
 * One row per exception, sorted by (firstSeen, checkId, source, resourceId). The remediation
 * columns are the check's, filled for the resource (controls/remediation.ts); the CLI cell keeps
 * its line breaks (quoted, as RFC 4180 allows).
 */
export function exceptionsCsv(evaluation: PeriodEvaluation, journal: readonly JournalEntry[] = []): string {
  // The latest response to each key (the journal is in seq order; later answers stand beside earlier ones there).
  const responses = new Map<string, Extract<JournalEntry, { kind: 'response' }>>();
  for (const e of journal) if (e.kind === 'response') responses.set(e.response.exceptionKey, e);
  const rows: (string | number | boolean | null)[][] = [];
  for (const check of evaluation.checks) {
    const controls = evaluation.controls.filter((c) => c.checkIds.includes(check.checkId)).map((c) => c.controlId);
    for (const ex of check.exceptions) {
      const fix = remediationFor(check.remediation, ex, check.settings);
      rows.push([
        ex.checkId,
        controls.join(' '),
        check.criteria.join(' '),
        check.severity,
        ex.source,
        ex.resourceType,
        ex.resourceId,
        ex.firstSeen,
        ex.lastSeen,
        ex.fixedAt,
        ex.open,
        ex.durationDays,
        ex.reason,
        ex.firstSnapshotId,
        ex.lastSnapshotId,
        fix.change,
        fix.console,
        fix.cli,
        ...fieldworkCells(ex, responses),
      ]);
    }
  }
  const key = (r: (typeof rows)[number]) => [r[7], r[0], r[4], r[6]].map(String);
  rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
  return [EXCEPTION_COLUMNS as readonly string[], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function fieldworkCells(ex: CheckException, responses: ReadonlyMap<string, Extract<JournalEntry, { kind: 'response' }>>): (string | boolean | null)[] {
  const key = exceptionKey(ex);
  const a = ex.acceptance;
  const r = responses.get(key);
  return [
    key,
    a ? (a.whole ? 'whole' : 'partly') : null,
    a ? a.by.map((b) => `${b.approvedBy} (recorded ${b.recordedAt.slice(0, 10)})`).join('; ') : null,
    a ? a.by.map((b) => b.until).join('; ') : null,
    a ? a.by.map((b) => b.reason).join('; ') : null,
    a?.exceptionAgainFrom ?? null,
    r ? r.response.text : null,
    r ? r.recordedBy : null,
    r ? r.recordedAt : null,
    r ? r.response.remediatedAt : null,
  ];
}

/** RFC 4180 quoting; text cells that a spreadsheet would run as a formula get a leading apostrophe. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
