import { describe, expect, it } from 'vitest';
import { managementEventsReading } from '../../../controls/policy/trailManagementEvents.ts';
import type { CloudTrailTrail } from '../../../model/resources.ts';
import { ALL_MANAGEMENT, advanced, basic, field } from '../checks/cloudtrail/builders.ts';

const read = (
  eventSelectors: CloudTrailTrail['eventSelectors'],
  advancedEventSelectors: CloudTrailTrail['advancedEventSelectors'] = [],
) => managementEventsReading({ eventSelectors, advancedEventSelectors });

describe('managementEventsReading', () => {
  it('accepts a basic selector ReadWriteType All with management events', () => {
    expect(read([ALL_MANAGEMENT])).toEqual({
      readAndWrite: true,
      how: 'basic selector 1: ReadWriteType All with management events',
    });
  });

  it('finds the qualifying basic selector among others', () => {
    expect(read([basic({ includeManagementEvents: false }), ALL_MANAGEMENT]).how).toBe(
      'basic selector 2: ReadWriteType All with management events',
    );
  });

  it.each([
    ['ReadOnly', [basic({ readWriteType: 'ReadOnly' })]],
    ['WriteOnly', [basic({ readWriteType: 'WriteOnly' })]],
    ['ReadOnly + WriteOnly', [basic({ readWriteType: 'ReadOnly' }), basic({ readWriteType: 'WriteOnly' })]],
    ['All without management events', [basic({ includeManagementEvents: false })]],
    ['none', []],
  ])('refuses basic selectors %s', (_label, selectors) => {
    expect(read(selectors).readAndWrite).toBe(false);
  });

  it('accepts an advanced selector on eventCategory Management with other filters but no readOnly', () => {
    const s = advanced(
      null,
      field('eventCategory', { equals: ['Management'] }),
      field('eventSource', { notEquals: ['kms.amazonaws.com'] }),
    );
    expect(read([], [s])).toEqual({
      readAndWrite: true,
      how: 'advanced selector 1: eventCategory Management, no readOnly filter',
    });
  });

  it.each([
    ['readOnly equals true', field('readOnly', { equals: ['true'] }), 'filtered on readOnly true'],
    ['readOnly equals false', field('readOnly', { equals: ['false'] }), 'filtered on readOnly false'],
    ['readOnly notEquals true', field('readOnly', { notEquals: ['true'] }), 'filtered on readOnly not true'],
  ])('refuses an advanced management selector with %s', (_label, readOnly, text) => {
    const s = advanced('mgmt', field('eventCategory', { equals: ['Management'] }), readOnly);
    expect(read([], [s])).toEqual({
      readAndWrite: false,
      how: `advanced selector "mgmt": eventCategory Management ${text}`,
    });
  });

  it('refuses two advanced selectors that split read and write', () => {
    const half = (v: string) =>
      advanced(null, field('eventCategory', { equals: ['Management'] }), field('readOnly', { equals: [v] }));
    expect(read([], [half('true'), half('false')]).readAndWrite).toBe(false);
  });

  it('refuses eventCategory Management given only as notEquals, and data-event selectors', () => {
    expect(
      read([], [advanced(null, field('eventCategory', { notEquals: ['Management'] }))]).readAndWrite,
    ).toBe(false);
    expect(read([], [advanced(null, field('eventCategory', { equals: ['Data'] }))]).how).toBe(
      'advanced selector 1: not eventCategory Management',
    );
  });

  it('compares field names exactly', () => {
    expect(read([], [advanced(null, field('EventCategory', { equals: ['Management'] }))]).readAndWrite).toBe(
      false,
    );
  });
});
