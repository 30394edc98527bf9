import { describe, expect, it } from 'vitest';
import {
  CONTROLS,
  CRITERIA,
  controlsFor,
  coverageOf,
  criteriaInScope,
  criterionById,
  type Control,
} from '../../../controls/catalog/index.ts';
import { checkById } from '../../../controls/checks/index.ts';
import { ALL_CHECK_IDS } from '../../../controls/checks/index.ts';

describe('CRITERIA', () => {
  it('holds the 61 criteria: CC 33, A 3, C 2, PI 5, P 18', () => {
    expect(CRITERIA).toHaveLength(61);
    const count = (prefix: RegExp) => CRITERIA.filter((c) => prefix.test(c.id)).length;
    expect(count(/^CC/)).toBe(33);
    expect(count(/^A\d/)).toBe(3);
    expect(count(/^C\d/)).toBe(2);
    expect(count(/^PI/)).toBe(5);
    expect(count(/^P\d/)).toBe(18);
  });

  it('has unique ids, each in the category its prefix names', () => {
    expect(new Set(CRITERIA.map((c) => c.id)).size).toBe(61);
    const byPrefix: Record<string, string> = {
      CC: 'security',
      A: 'availability',
      C: 'confidentiality',
      PI: 'processing-integrity',
      P: 'privacy',
    };
    for (const c of CRITERIA) {
      expect(c.category, c.id).toBe(byPrefix[c.id.match(/^[A-Z]+/)![0]]);
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.group.length).toBeGreaterThan(3);
    }
  });
});

describe('CONTROLS', () => {
  it('have unique ids and reference only existing criteria and check ids', () => {
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
    const criteria = new Set(CRITERIA.map((c) => c.id));
    const checks = new Set<string>(ALL_CHECK_IDS);
    for (const control of CONTROLS) {
      expect(control.criteria.length, control.id).toBeGreaterThan(0);
      for (const id of control.criteria) expect(criteria.has(id), `${control.id} -> ${id}`).toBe(true);
      for (const id of control.checkIds) expect(checks.has(id), `${control.id} -> ${id}`).toBe(true);
    }
  });

  it('cover every one of the 61 criteria', () => {
    for (const c of CRITERIA) expect(coverageOf(c.id), c.id).not.toBe('none');
  });

  it('are consistent about how they are evidenced', () => {
    for (const control of CONTROLS) {
      const automated = control.evidencedBy.includes('automated');
      expect(automated, `${control.id}: automated iff it has checks`).toBe(control.checkIds.length > 0);
      if (control.evidencedBy.includes('manual'))
        expect(control.manualEvidence?.length, control.id).toBeGreaterThan(0);
    }
  });

  it('list on each automated control every criterion its checks support', () => {
    for (const control of CONTROLS) {
      for (const id of control.checkIds) {
        for (const criterion of checkById(id)!.criteria)
          expect(control.criteria, `${control.id} / ${id}`).toContain(criterion);
      }
    }
  });

  it('record drift between snapshots for CC7.1 and CC8.1', () => {
    for (const id of ['CC7.1', 'CC8.1']) {
      expect(
        controlsFor(id).some((c) => c.evidencedBy.includes('change-records')),
        id,
      ).toBe(true);
    }
  });

  it('expect signed acknowledgements of the code of conduct for CC1.1', () => {
    expect(
      controlsFor('CC1.1')
        .flatMap((c) => c.manualEvidence ?? [])
        .join(' '),
    ).toMatch(/acknowledgement/i);
  });
});

describe('criteriaInScope', () => {
  it('always includes security', () => {
    expect(criteriaInScope([]).map((c) => c.id)).toHaveLength(33);
  });
  it('adds the chosen categories', () => {
    expect(criteriaInScope(['availability', 'confidentiality'])).toHaveLength(38);
    expect(
      criteriaInScope(['security', 'availability', 'confidentiality', 'processing-integrity', 'privacy']),
    ).toHaveLength(61);
  });
});

describe('coverageOf', () => {
  it.each([
    ['CC6.1', 'mixed'], // checks plus quarterly access reviews
    ['CC6.7', 'automated'], // TLS-only bucket policies
    ['CC1.1', 'manual'], // code of conduct
    ['CC7.1', 'mixed'], // drift records plus vulnerability scans
    ['PI1.4', 'mixed'],
    ['P3.2', 'manual'],
    ['X9.9', 'none'],
  ])('%s is %s', (id, expected) => {
    expect(coverageOf(id)).toBe(expected);
  });

  it('counts change records as system evidence', () => {
    const only: Control[] = [
      {
        id: 'T',
        title: 't',
        description: 'd',
        criteria: ['CC8.1'],
        frequency: 'daily',
        evidencedBy: ['change-records'],
        checkIds: [],
      },
    ];
    expect(coverageOf('CC8.1', only)).toBe('automated');
  });

  it('looks criteria up by id', () => {
    expect(criterionById('A1.2')?.category).toBe('availability');
    expect(controlsFor('A1.3').map((c) => c.id)).toEqual(['BC-01']);
  });
});
