import { describe, expect, it } from 'vitest';
import { applyAcceptances, matchesResource, type AcceptedDeviation } from '../../../controls/period/apply-acceptances.ts';
import { evaluatePeriodWith } from '../../../controls/period/evaluate-period-with.ts';
import type { CheckException } from '../../../model/evaluation.ts';
import { TEST_CHECKS, TEST_CONTROLS, TEST_CRITERIA, testConfig } from './fakes.ts';
import { tenDayStore } from './scenarios.ts';

const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T02:05:00.000Z`;
const CAPTURES = [1, 2, 3, 5, 6, 7, 8, 9, 10].map(day);

function exception(first: number, last: number, open = false): CheckException {
  return {
    checkId: 'iam.console-user-mfa',
    source: 'prod',
    resourceType: 'aws.iam.user',
    resourceId: 'arn:aws:iam::111122223333:user/breakglass-1',
    firstSeen: day(first),
    firstSeenSlot: null,
    lastSeen: day(last),
    lastSeenSlot: null,
    fixedAt: open ? null : day(last + 1),
    fixedAtSlot: null,
    open,
    durationDays: last - first + 1,
    reason: 'no MFA',
    firstSnapshotId: `s${first}`,
    lastSnapshotId: `s${last}`,
    fixedSnapshotId: open ? null : `s${last + 1}`,
  };
}

function deviation(from: string, until: string, extra: Partial<AcceptedDeviation> = {}): AcceptedDeviation {
  return {
    ref: 'journal 3',
    checkId: 'iam.console-user-mfa',
    source: null,
    resource: 'arn:aws:iam::111122223333:user/breakglass-*',
    reason: 'break-glass user, MFA device kept in the safe',
    approvedBy: 'CISO',
    recordedBy: 'compliance lead',
    recordedAt: '2026-02-20T10:00:00.000Z',
    from,
    until,
    ...extra,
  };
}

describe('applyAcceptances', () => {
  it('matches an exact id or a glob on the whole id', () => {
    expect(matchesResource('arn:aws:s3:::logs', 'arn:aws:s3:::logs')).toBe(true);
    expect(matchesResource('arn:aws:s3:::logs', 'arn:aws:s3:::logs-2')).toBe(false);
    expect(matchesResource('arn:aws:s3:::logs-*', 'arn:aws:s3:::logs-2')).toBe(true);
    expect(matchesResource('arn:aws:s3:::logs-*', 'x-arn:aws:s3:::logs-2')).toBe(false);
    expect(matchesResource('arn:aws:s3:::a.b*', 'arn:aws:s3:::aXb')).toBe(false); // the dot is literal
  });

  it('marks an exception wholly inside an acceptance as accepted, keeping every date', () => {
    const e = exception(2, 6);
    const out = applyAcceptances(e, [deviation('2026-03-01', '2026-03-31')], CAPTURES);
    expect(out).toMatchObject({ ...e, acceptance: { whole: true, failingSnapshots: 4, acceptedSnapshots: 4, exceptionAgainFrom: null } });
    expect(out.acceptance!.by).toEqual([expect.objectContaining({ approvedBy: 'CISO', until: '2026-03-31', ref: 'journal 3' })]);
  });

  it('makes an exception again from the first failing snapshot after the acceptance ran out', () => {
    const out = applyAcceptances(exception(2, 10, true), [deviation('2026-03-01', '2026-03-06')], CAPTURES);
    expect(out.acceptance).toMatchObject({ whole: false, failingSnapshots: 8, acceptedSnapshots: 4, exceptionAgainFrom: day(7) });
  });

  it('does not cover failures from before the acceptance started', () => {
    const out = applyAcceptances(exception(1, 6), [deviation('2026-03-05', '2026-03-31')], CAPTURES);
    expect(out.acceptance).toMatchObject({ whole: false, acceptedSnapshots: 2, exceptionAgainFrom: null });
  });

  it('leaves alone an exception of another check, source or resource, or outside every window', () => {
    const e = exception(2, 6);
    expect(applyAcceptances(e, [deviation('2026-03-01', '2026-03-31', { checkId: 'iam.root-mfa' })], CAPTURES)).toBe(e);
    expect(applyAcceptances(e, [deviation('2026-03-01', '2026-03-31', { source: 'staging' })], CAPTURES)).toBe(e);
    expect(applyAcceptances(e, [deviation('2026-03-01', '2026-03-31', { resource: 'arn:aws:iam::111122223333:user/alice' })], CAPTURES)).toBe(e);
    expect(applyAcceptances(e, [deviation('2026-04-01', '2026-04-30')], CAPTURES)).toBe(e);
  });

  it('joins two acceptances that cover the run between them', () => {
    const out = applyAcceptances(exception(2, 8), [deviation('2026-03-06', '2026-03-31', { ref: 'journal 9' }), deviation('2026-03-01', '2026-03-05')], CAPTURES);
    expect(out.acceptance).toMatchObject({ whole: true, acceptedSnapshots: 6 });
    expect(out.acceptance!.by.map((b) => b.ref)).toEqual(['journal 3', 'journal 9']);
  });
});

describe('evaluatePeriodWith with accepted deviations', () => {
  const evaluate = async (acceptances: AcceptedDeviation[]) =>
    evaluatePeriodWith({
      store: await tenDayStore(),
      config: testConfig(),
      from: '2026-03-01',
      to: '2026-03-10',
      checks: TEST_CHECKS,
      criteria: TEST_CRITERIA,
      controls: TEST_CONTROLS,
      acceptances,
    });
  const logsVersioning = (resource: string, from: string, until: string): AcceptedDeviation =>
    deviation(from, until, { checkId: 's3.bucket-versioning', resource });

  it('counts a wholly accepted exception apart from open and closed ones, and still lists it', async () => {
    const before = await evaluate([]);
    const dpBefore = before.controls.find((c) => c.controlId === 'DP-01')!;
    const after = await evaluate([logsVersioning('arn:aws:s3:::logs', '2026-03-01', '2026-03-31')]);
    const dp = after.controls.find((c) => c.controlId === 'DP-01')!;
    expect(dp.closedExceptions).toBe(dpBefore.closedExceptions - 1);
    expect(dp.openExceptions).toBe(dpBefore.openExceptions);
    expect(dp.acceptedExceptions).toBe(1);
    const listed = after.checks.find((c) => c.checkId === 's3.bucket-versioning')!.exceptions.filter((e) => e.resourceId === 'arn:aws:s3:::logs');
    expect(listed).toHaveLength(1);
    expect(listed[0]!.acceptance).toMatchObject({ whole: true });
    expect(after.criteria.find((c) => c.criterionId === 'CC6.1')!.acceptedExceptions).toBeGreaterThanOrEqual(1);
  });

  it('keeps an open exception open when its acceptance expired within the period, from the day after', async () => {
    const after = await evaluate([logsVersioning('arn:aws:s3:::data', '2026-03-01', '2026-03-08')]);
    const data = after.checks.find((c) => c.checkId === 's3.bucket-versioning')!.exceptions.find((e) => e.resourceId === 'arn:aws:s3:::data')!;
    expect(data.open).toBe(true);
    expect(data.acceptance).toMatchObject({ whole: false, exceptionAgainFrom: expect.stringMatching(/^2026-03-09T/) });
    expect(after.controls.find((c) => c.controlId === 'DP-01')!.acceptedExceptions).toBe(0);
  });
});
