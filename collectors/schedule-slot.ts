/**
 * The schedule slot a run fills: the latest occurrence of the config's cron expression (in its
 * timezone) at or before "now". A run at 02:07 for "0 2 * * *" fills the 02:00 slot.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleConfig } from '../config/schema.ts';

export class ScheduleError extends Error {
  constructor(
    readonly cron: string,
    detail: string,
  ) {
    super(`schedule.cron "${cron}": ${detail}`);
    this.name = 'ScheduleError';
  }
}

export function scheduleSlotAt(schedule: Pick<ScheduleConfig, 'cron' | 'timezone'>, now: Date): Date {
  try {
    // +1 ms so an instant exactly on a slot belongs to that slot (prev() is strictly earlier).
    const expr = CronExpressionParser.parse(schedule.cron, {
      currentDate: new Date(now.getTime() + 1),
      tz: schedule.timezone,
    });
    return expr.prev().toDate();
  } catch (err) {
    throw new ScheduleError(schedule.cron, (err as Error).message);
  }
}
