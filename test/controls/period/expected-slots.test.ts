import { describe, expect, it } from 'vitest';
import { expectedSlots } from '../../../controls/period/expected-slots.ts';
import { periodRange } from '../../../controls/period/period-range.ts';

describe('expectedSlots', () => {
  it('lists a daily slot for every day of the period, both ends included', () => {
    expect(
      expectedSlots({ cron: '0 2 * * *', timezone: 'UTC' }, periodRange('2026-03-01', '2026-03-03')),
    ).toEqual(['2026-03-01T02:00:00.000Z', '2026-03-02T02:00:00.000Z', '2026-03-03T02:00:00.000Z']);
  });

  it('includes a slot at midnight UTC on the first day and at 23:59 on the last', () => {
    expect(
      expectedSlots({ cron: '0 0 * * *', timezone: 'UTC' }, periodRange('2026-03-01', '2026-03-02')),
    ).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z']);
    expect(
      expectedSlots({ cron: '59 23 * * *', timezone: 'UTC' }, periodRange('2026-03-01', '2026-03-01')),
    ).toEqual(['2026-03-01T23:59:00.000Z']);
  });

  it('follows the schedule timezone, including a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29.
    expect(
      expectedSlots(
        { cron: '0 2 * * *', timezone: 'Europe/Berlin' },
        periodRange('2026-03-28', '2026-03-30'),
      ),
    ).toEqual([
      '2026-03-28T01:00:00.000Z',
      // 02:00 does not exist on the 29th in Berlin; cron-parser moves it to 03:00 local = 01:00Z
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
  });

  it('counts weekly schedules', () => {
    expect(
      expectedSlots({ cron: '0 3 * * 1', timezone: 'UTC' }, periodRange('2026-01-01', '2026-01-31')),
    ).toHaveLength(4);
  });

  it('leaves out slots after `until`', () => {
    expect(
      expectedSlots(
        { cron: '0 2 * * *', timezone: 'UTC' },
        periodRange('2026-03-01', '2026-03-31'),
        new Date('2026-03-03T01:59:00Z'),
      ),
    ).toEqual(['2026-03-01T02:00:00.000Z', '2026-03-02T02:00:00.000Z']);
    expect(
      expectedSlots(
        { cron: '0 2 * * *', timezone: 'UTC' },
        periodRange('2026-03-01', '2026-03-31'),
        new Date('2026-02-01T00:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('names the config field of a bad cron expression or timezone', () => {
    expect(() =>
      expectedSlots({ cron: 'every day', timezone: 'UTC' }, periodRange('2026-03-01', '2026-03-02')),
    ).toThrow(/schedule\.cron "every day"/);
    expect(() =>
      expectedSlots({ cron: '0 2 * * *', timezone: 'Mars/Olympus' }, periodRange('2026-03-01', '2026-03-02')),
    ).toThrow(/schedule\.(timezone|cron)/);
  });
});
