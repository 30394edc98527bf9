import { describe, expect, it } from 'vitest';
import { CONTROLS, CRITERIA } from '../../../controls/catalog/index.ts';
import { ALL_CHECKS } from '../../../controls/checks/index.ts';
import { controlsListing } from '../../../controls/report/controls-listing.ts';
import { renderControlsText } from '../../../controls/report/render-controls-text.ts';
import { wrap } from '../../../controls/report/text-layout.ts';
import { TEST_CHECKS, TEST_CONTROLS, TEST_CRITERIA } from '../period/fakes.ts';

const catalog = { criteria: CRITERIA, controls: CONTROLS, checks: ALL_CHECKS };

describe('controlsListing', () => {
  it('lists all 61 criteria with their controls and a coverage that adds up', () => {
    const listing = controlsListing(catalog);
    expect(listing.criteria).toHaveLength(61);
    const c = listing.counts.coverage;
    expect(c.automated + c.mixed + c.manual + c.none).toBe(61);
    for (const criterion of listing.criteria) {
      for (const id of criterion.controlIds)
        expect(listing.controls.find((k) => k.id === id)!.criteria).toContain(criterion.id);
    }
    expect(JSON.parse(JSON.stringify(listing))).toEqual(listing);
  });

  it('computes coverage from the controls given', () => {
    const listing = controlsListing({
      criteria: TEST_CRITERIA,
      controls: TEST_CONTROLS,
      checks: TEST_CHECKS,
    });
    expect(Object.fromEntries(listing.criteria.map((c) => [c.id, c.coverage]))).toEqual({
      'CC1.1': 'manual',
      'CC6.1': 'automated',
      'CC7.1': 'none',
      'CC8.1': 'automated',
      'A1.2': 'automated',
      'C1.1': 'none',
    });
    expect(listing.counts.coverage).toEqual({ automated: 3, mixed: 0, manual: 1, none: 2 });
  });
});

describe('renderControlsText', () => {
  it('shows every criterion id once as a row, with its coverage, within the width', () => {
    const text = renderControlsText(catalog, { width: 80 });
    for (const c of CRITERIA)
      expect(text).toMatch(
        new RegExp(`^  ${c.id.replace('.', '\\.')} +(automated|auto\\+docs|documents|NO CONTROL) `, 'm'),
      );
    expect(text.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(text).toContain('61 criteria, 43 controls, 61 automated checks');
  });

  it('marks a criterion without any control', () => {
    const text = renderControlsText(
      { criteria: TEST_CRITERIA, controls: TEST_CONTROLS, checks: TEST_CHECKS },
      { width: 100 },
    );
    expect(text).toMatch(/CC7\.1 +NO CONTROL +Detect configuration changes/);
    expect(text).toMatch(/DP-01 +Buckets protected \[automated; continuous\]/);
    expect(text).toContain('checks: s3.bucket-versioning, s3.bucket-not-public-read');
  });
});

describe('wrap', () => {
  it('wraps at word boundaries with a hanging indent and hard-breaks long tokens', () => {
    expect(wrap('aaa bbb ccc ddd', 9, 0, 2)).toEqual(['aaa bbb', '  ccc ddd']);
    const long = wrap(`x ${'y'.repeat(25)}`, 12, 0, 0);
    expect(long.every((l) => l.length <= 12)).toBe(true);
    expect(long.join('').replace(/ /g, '')).toBe(`x${'y'.repeat(25)}`);
  });
});
