/**
 * Does a trail record management events, both read and write? Read from its event selectors as
 * GetEventSelectors returned them (a trail has basic or advanced selectors, not both; both are
 * read here):
 * - a basic selector with ReadWriteType "All" and IncludeManagementEvents true. A ReadOnly and a
 *   WriteOnly selector side by side do not count (no single selector records both); the
 *   ExcludeManagementEventSources list (e.g. kms.amazonaws.com) is not judged;
 * - an advanced selector with a field selector on "eventCategory" whose Equals holds "Management",
 *   and no field selector on "readOnly" at all (readOnly equals true or false halves the events).
 *   Its other field selectors (eventSource, ...) are not judged. Field names compare exactly, as
 *   CloudTrail spells them.
 */
import type { CloudTrailTrail } from '../../model/resources.ts';

type Selectors = Pick<CloudTrailTrail, 'eventSelectors' | 'advancedEventSelectors'>;

export interface ManagementEventsReading {
  /** True when one selector records read and write management events. */
  readAndWrite: boolean;
  /** Which selector does it, or what the selectors record instead, for reasons. */
  how: string;
}

type Advanced = CloudTrailTrail['advancedEventSelectors'][number];

function isManagementCategory(selector: Advanced): boolean {
  return selector.fieldSelectors.some((f) => f.field === 'eventCategory' && f.equals.includes('Management'));
}

function hasReadOnlyFilter(selector: Advanced): boolean {
  return selector.fieldSelectors.some((f) => f.field === 'readOnly');
}

function advancedLabel(selector: Advanced, index: number): string {
  return selector.name ? `advanced selector "${selector.name}"` : `advanced selector ${index + 1}`;
}

export function managementEventsReading(trail: Selectors): ManagementEventsReading {
  const basic = trail.eventSelectors.findIndex((s) => s.readWriteType === 'All' && s.includeManagementEvents);
  if (basic >= 0)
    return {
      readAndWrite: true,
      how: `basic selector ${basic + 1}: ReadWriteType All with management events`,
    };
  const advanced = trail.advancedEventSelectors.findIndex(
    (s) => isManagementCategory(s) && !hasReadOnlyFilter(s),
  );
  if (advanced >= 0)
    return {
      readAndWrite: true,
      how: `${advancedLabel(trail.advancedEventSelectors[advanced]!, advanced)}: eventCategory Management, no readOnly filter`,
    };
  const seen: string[] = [];
  trail.eventSelectors.forEach((s, i) => {
    seen.push(
      s.includeManagementEvents
        ? `basic selector ${i + 1}: ReadWriteType ${s.readWriteType} with management events`
        : `basic selector ${i + 1}: no management events`,
    );
  });
  trail.advancedEventSelectors.forEach((s, i) => {
    const label = advancedLabel(s, i);
    if (!isManagementCategory(s)) seen.push(`${label}: not eventCategory Management`);
    else {
      const filter = s.fieldSelectors.find((f) => f.field === 'readOnly')!;
      const values = [...filter.equals, ...filter.notEquals.map((v) => `not ${v}`)];
      seen.push(`${label}: eventCategory Management filtered on readOnly ${values.join(', ') || '(set)'}`);
    }
  });
  return {
    readAndWrite: false,
    how: seen.length > 0 ? seen.join('; ') : 'no event selector',
  };
}
