/**
 * The collection runs the schedule expected in a period: every cron occurrence (in the schedule's
 * timezone) between the period's first and last instant, as UTC ISO strings in time order.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleConfig } from '../../config/schema.ts';
import { PeriodEvaluationError } from './period-evaluation-error.ts';
import type { PeriodRange } from './period-range.ts';

/** A guard against a schedule like "* * * * *" over a year silently producing half a million slots. */
const MAX_SLOTS = 100_000;

export function expectedSlots(
  schedule: Pick<ScheduleConfig, 'cron' | 'timezone'>,
  period: Pick<PeriodRange, 'start' | 'end'>,
  /** Slots after this instant have not come due yet and are not expected. */
  until?: Date,
): string[] {
  const end = until && until.getTime() < period.end.getTime() ? until : period.end;
  if (end.getTime() < period.start.getTime()) return [];
  let expression;
  try {
    expression = CronExpressionParser.parse(schedule.cron, {
      // next() is strictly after currentDate: start 1 ms early so a slot at 00:00Z of `from` counts.
      currentDate: new Date(period.start.getTime() - 1),
      endDate: end,
      tz: schedule.timezone,
    });
  } catch (err) {
    throw new PeriodEvaluationError(
      `schedule.cron "${schedule.cron}" (timezone ${schedule.timezone}): ${(err as Error).message}`,
      'schedule.cron',
    );
  }
  const slots: string[] = [];
  try {
    while (expression.hasNext()) {
      slots.push(expression.next().toDate().toISOString());
      if (slots.length > MAX_SLOTS) {
        throw new PeriodEvaluationError(
          `schedule.cron "${schedule.cron}" expects more than ${MAX_SLOTS} runs in the period; use a coarser schedule`,
          'schedule.cron',
        );
      }
    }
  } catch (err) {
    if (err instanceof PeriodEvaluationError) throw err;
    throw new PeriodEvaluationError(
      `schedule.timezone "${schedule.timezone}" with cron "${schedule.cron}": ${(err as Error).message}`,
      'schedule.timezone',
    );
  }
  return slots;
}
