/**
 * What a schedule slot is, in one place, for the collector, the scheduler, coverage and status:
 *
 * - the slots are the occurrences of `schedule.cron` in `schedule.timezone` (cron-parser: the same
 *   library computes the slots the scheduler fires at and the slots coverage expects);
 * - a run fills slot S only when it starts at S or within `graceMinutes` after it. A run outside
 *   every grace window (or taken with `collect --off-schedule`) is off-schedule: its snapshot is
 *   evidence like any other, but it fills no slot.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleConfig } from '../config/schema.ts';
import { formatDuration } from './duration.ts';

export type SlotSchedule = Pick<ScheduleConfig, 'cron' | 'timezone'>;

export class ScheduleError extends Error {
  constructor(
    readonly cron: string,
    detail: string,
  ) {
    super(`schedule.cron "${cron}": ${detail}`);
    this.name = 'ScheduleError';
  }
}

function parse(schedule: SlotSchedule, currentDate: Date, endDate?: Date) {
  try {
    return CronExpressionParser.parse(schedule.cron, { currentDate, tz: schedule.timezone, ...(endDate ? { endDate } : {}) });
  } catch (err) {
    throw new ScheduleError(schedule.cron, (err as Error).message);
  }
}

/**
 * The latest slot at or before `t` (a run at 02:07 for "0 2 * * *" is after the 02:00 slot).
 * cron-parser's prev() can skip an occurrence next() yields on a DST day (spring, "30 2 * * *" in
 * Europe/Berlin), so prev() only finds a starting point and next() decides: one calendar for all.
 */
export function latestSlotAtOrBefore(schedule: SlotSchedule, t: Date): Date {
  // +1 ms so an instant exactly on a slot belongs to that slot (prev() is strictly earlier).
  let best = parse(schedule, new Date(t.getTime() + 1)).prev().toDate();
  const forward = parse(schedule, best);
  for (;;) {
    const next = forward.next().toDate();
    if (next.getTime() > t.getTime()) return best;
    best = next;
  }
}

/** The first slot strictly after `t`. */
export function nextSlotAfter(schedule: SlotSchedule, t: Date): Date {
  return parse(schedule, t).next().toDate();
}

/**
 * Slots s with from < s <= to, in time order (next(), the same walk coverage uses); at most
 * `limit`, the newest kept when there are more. A seconds-level cron over a year would be millions
 * of steps, so a long window starts where about 2 × limit slots remain.
 */
export function slotsBetween(schedule: SlotSchedule, from: Date, to: Date, limit = 100_000): Date[] {
  if (to.getTime() <= from.getTime()) return [];
  let start = from;
  const probe = parse(schedule, from);
  const step = -(probe.next().toDate().getTime() - probe.next().toDate().getTime());
  if (step > 0 && (to.getTime() - from.getTime()) / step > limit * 2) start = new Date(to.getTime() - step * limit * 2);
  const expr = parse(schedule, start, to);
  const out: Date[] = [];
  while (expr.hasNext()) out.push(expr.next().toDate());
  return out.length > limit ? out.slice(out.length - limit) : out;
}

export type RunPlacement =
  | { kind: 'slot'; slot: Date; lateMs: number }
  | { kind: 'off-schedule'; latestSlot: Date; lateMs: number; reason: string };

/** Where a run that starts at `startedAt` belongs: the slot it fills, or off-schedule and why. */
export function placeRun(schedule: Pick<ScheduleConfig, 'cron' | 'timezone' | 'graceMinutes'>, startedAt: Date, options: { offSchedule?: boolean } = {}): RunPlacement {
  const latestSlot = latestSlotAtOrBefore(schedule, startedAt);
  const lateMs = startedAt.getTime() - latestSlot.getTime();
  if (options.offSchedule) {
    return { kind: 'off-schedule', latestSlot, lateMs, reason: 'taken on purpose (collect --off-schedule)' };
  }
  if (lateMs <= schedule.graceMinutes * 60_000) return { kind: 'slot', slot: latestSlot, lateMs };
  return {
    kind: 'off-schedule',
    latestSlot,
    lateMs,
    reason: `started ${formatDuration(lateMs)} after the ${latestSlot.toISOString()} slot, outside its ${formatDuration(schedule.graceMinutes * 60_000)} grace time`,
  };
}

/**
 * Whether a stored run fills the slot it names: not off-schedule, and started within the grace
 * time after it. Stores written before off-schedule runs were marked hold late runs under the slot
 * before them; this rule classes those as off-schedule too.
 */
export function fillsNamedSlot(run: { scheduledFor: string; offSchedule?: boolean | undefined }, startedAt: string | null, graceMinutes: number): boolean {
  if (run.offSchedule) return false;
  if (startedAt === null) return true; // no ledger word on when it started: the slot it names is all there is
  const late = Date.parse(startedAt) - Date.parse(run.scheduledFor);
  return late >= 0 && late <= graceMinutes * 60_000;
}

export { formatDuration };
