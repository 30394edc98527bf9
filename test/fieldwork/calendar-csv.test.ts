import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isoWeekOf, quarterEndDay, quarterOf } from '../../fieldwork/calendar.ts';
import { toCsv } from '../../fieldwork/population-csv.ts';

describe('calendar units', () => {
  it('names ISO weeks across year ends and quarters with their last day', () => {
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53'); // a Friday: the last week of 2026
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01'); // a Monday in the week of 2025's first Thursday
    expect(isoWeekOf('2026-03-15')).toBe('2026-W11');
    expect([quarterOf('2026-03-31'), quarterOf('2026-04-01'), quarterOf('2026-12-31')]).toEqual(['2026-Q1', '2026-Q2', '2026-Q4']);
    expect([quarterEndDay('2026-Q1'), quarterEndDay('2026-Q4')]).toEqual(['2026-03-31', '2026-12-31']);
  });
});

describe('toCsv', () => {
  it('quotes what csv-parse would misread (a "#", quotes, commas, line breaks) and round-trips', () => {
    const rows = [
      { key: '#1 not a comment', list: ['a', 'b, c'], quote: 'say "hi"', empty: null, n: 3, multi: 'one\ntwo' },
      { key: 'plain', list: [], quote: '', empty: null, n: 0, multi: 'x#y' },
    ];
    const csv = toCsv(['a header line', 'another'], ['key', 'list', 'quote', 'empty', 'n', 'multi'], rows);
    expect(csv.startsWith('# a header line\r\n# another\r\nkey,list,quote,empty,n,multi\r\n')).toBe(true);
    expect(parse(csv, { comment: '#', columns: true })).toEqual([
      { key: '#1 not a comment', list: 'a; b, c', quote: 'say "hi"', empty: '', n: '3', multi: 'one\ntwo' },
      { key: 'plain', list: '', quote: '', empty: '', n: '0', multi: 'x#y' },
    ]);
  });
});
