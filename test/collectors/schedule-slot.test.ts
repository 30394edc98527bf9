import { describe, expect, it } from 'vitest';
import { ScheduleError, scheduleSlotAt } from '../../collectors/schedule-slot.ts';

describe('scheduleSlotAt', () => {
  it('truncates a run to the latest daily slot at or before it', () => {
    expect(
      scheduleSlotAt({ cron: '0 2 * * *', timezone: 'UTC' }, new Date('2026-03-01T02:07:00Z')).toISOString(),
    ).toBe('2026-03-01T02:00:00.000Z');
    expect(
      scheduleSlotAt({ cron: '0 2 * * *', timezone: 'UTC' }, new Date('2026-03-01T01:59:00Z')).toISOString(),
    ).toBe('2026-02-28T02:00:00.000Z');
  });
  it('keeps an instant exactly on a slot in that slot', () => {
    expect(
      scheduleSlotAt({ cron: '0 2 * * *', timezone: 'UTC' }, new Date('2026-03-01T02:00:00Z')).toISOString(),
    ).toBe('2026-03-01T02:00:00.000Z');
  });
  it('reads the cron expression in the configured timezone', () => {
    // 02:00 in New York in March 2026 (EST before DST on March 8) is 07:00 UTC.
    expect(
      scheduleSlotAt(
        { cron: '0 2 * * *', timezone: 'America/New_York' },
        new Date('2026-03-02T08:00:00Z'),
      ).toISOString(),
    ).toBe('2026-03-02T07:00:00.000Z');
  });
  it('names the bad expression', () => {
    expect(() => scheduleSlotAt({ cron: 'every day', timezone: 'UTC' }, new Date())).toThrowError(
      ScheduleError,
    );
  });
});
