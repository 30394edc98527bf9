import { describe, expect, it } from 'vitest';
import { CONTROLS, CRITERIA } from '../../../controls/catalog/index.ts';
import { ALL_CHECKS } from '../../../controls/checks/index.ts';
import { evaluatePeriod } from '../../../controls/period/evaluate-period.ts';
import { PeriodEvaluation } from '../../../model/evaluation.ts';
import { testConfig } from './fakes.ts';
import { tenDayStore } from './scenarios.ts';

describe('evaluatePeriod (wired to the registered checks and catalog)', () => {
  it('runs every registered check and summarizes all criteria and controls', async () => {
    const e = await evaluatePeriod({
      store: await tenDayStore(),
      config: testConfig(),
      from: '2026-03-01',
      to: '2026-03-10',
    });
    expect(() => PeriodEvaluation.parse(e)).not.toThrow();
    expect(e.checks.map((c) => c.checkId)).toEqual(ALL_CHECKS.map((c) => c.id).sort());
    expect(e.criteria).toHaveLength(CRITERIA.length);
    expect(e.controls).toHaveLength(CONTROLS.length);
    // The scenario's versioning failures show up through the real check too.
    const versioning = e.checks.find((c) => c.checkId === 's3.bucket-versioning')!;
    expect(versioning.exceptions.map((x) => [x.resourceId, x.firstSeen.slice(0, 10), x.open])).toEqual([
      ['arn:aws:s3:::tmp', '2026-03-01', false],
      ['arn:aws:s3:::logs', '2026-03-03', false],
      ['arn:aws:s3:::data', '2026-03-08', true],
    ]);
  });
});
