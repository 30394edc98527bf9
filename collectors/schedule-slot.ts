/** The schedule slot at or before an instant; the rules live in schedule/slot-rules.ts. */
import type { ScheduleConfig } from '../config/schema.ts';
import { latestSlotAtOrBefore } from '../schedule/slot-rules.ts';

export { ScheduleError } from '../schedule/slot-rules.ts';

export function scheduleSlotAt(schedule: Pick<ScheduleConfig, 'cron' | 'timezone'>, now: Date): Date {
  return latestSlotAtOrBefore(schedule, now);
}
