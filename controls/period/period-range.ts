/** The audit period as instants: whole UTC days, both ends inclusive. */
import { PeriodEvaluationError } from './period-evaluation-error.ts';

export interface PeriodRange {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  /** from at 00:00:00.000Z */
  start: Date;
  /** to at 23:59:59.999Z (inclusive) */
  end: Date;
  /** the day after `to` at 00:00Z: the instant an open exception is measured up to */
  endExclusive: Date;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string, option: 'from' | 'to'): Date {
  const m = DAY.exec(value);
  const date = m ? new Date(`${value}T00:00:00.000Z`) : null;
  // Reject 2026-02-30 and the like: Date rolls them over silently.
  if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new PeriodEvaluationError(
      `period ${option}: expected a calendar day as YYYY-MM-DD, got "${value}"`,
      option,
    );
  }
  return date;
}

export function periodRange(from: string, to: string): PeriodRange {
  const start = parseDay(from, 'from');
  const toStart = parseDay(to, 'to');
  if (toStart.getTime() < start.getTime()) {
    throw new PeriodEvaluationError(`period: "to" (${to}) is before "from" (${from})`, 'to');
  }
  const endExclusive = new Date(toStart.getTime() + 86_400_000);
  return { from, to, start, end: new Date(endExclusive.getTime() - 1), endExclusive };
}
