/** GuardDuty checks: detectors per region, and high findings triaged in time (stableUntil). */
import { describe, expect, it } from 'vitest';
import { DetectorEnabled } from '../../../../controls/checks/guardduty/DetectorEnabled.ts';
import { HighFindingsTriaged } from '../../../../controls/checks/guardduty/HighFindingsTriaged.ts';
import {
  GuardDutyRegion,
  regionResourceId,
  type GuardDutyDetector,
  type GuardDutyFinding,
} from '../../../../model/resources.ts';
import { ACCOUNT, AS_OF, daysAgo, judge } from '../../fixtures.ts';

type Over<T> = Partial<Omit<T, 'type'>>;
const DAY = 86_400_000;

function finding(over: Partial<GuardDutyFinding> = {}): GuardDutyFinding {
  return {
    id: 'f1',
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    severity: 8,
    title: 'SSH brute force',
    resourceType: 'Instance',
    createdAt: daysAgo(2),
    updatedAt: daysAgo(0.5),
    ...over,
  };
}

function detector(over: Partial<GuardDutyDetector> = {}): GuardDutyDetector {
  return {
    detectorId: 'd-1',
    status: 'ENABLED',
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    features: [{ name: 'S3_DATA_EVENTS', status: 'ENABLED' }],
    openHighSeverityFindings: [],
    ...over,
  };
}

function region(over: Over<GuardDutyRegion> = {}): GuardDutyRegion {
  const name = over.region ?? 'us-east-1';
  return GuardDutyRegion.parse({
    type: 'aws.guardduty.region',
    id: regionResourceId('aws', 'guardduty', name, ACCOUNT),
    region: name,
    accountId: ACCOUNT,
    refused: null,
    detectors: [detector()],
    ...over,
  });
}

const withFindings = (...findings: GuardDutyFinding[]) =>
  region({ detectors: [detector({ openHighSeverityFindings: findings })] });
const refused = region({
  region: 'af-south-1',
  refused: { errorCode: 'AuthFailure', errorMessage: 'x' },
  detectors: [],
});

describe('guardduty.detector-enabled', () => {
  it('passes an enabled detector', () => {
    expect(judge(DetectorEnabled, region())).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: detector d-1 ENABLED',
    });
  });
  it('passes when one of several detectors is enabled', () => {
    const v = judge(
      DetectorEnabled,
      region({ detectors: [detector({ detectorId: 'd-0', status: 'DISABLED' }), detector()] }),
    );
    expect(v.outcome).toBe('pass');
  });
  it('fails no detector or a suspended one', () => {
    expect(judge(DetectorEnabled, region({ detectors: [] }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: no detector',
    });
    expect(judge(DetectorEnabled, region({ detectors: [detector({ status: 'DISABLED' })] }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: detector d-1 DISABLED',
    });
  });
  it('is not applicable for a refused region', () => {
    expect(judge(DetectorEnabled, refused)).toEqual({
      outcome: 'not-applicable',
      reason: 'region af-south-1: not enabled for the account (AuthFailure)',
    });
  });
});

describe('guardduty.high-findings-triaged', () => {
  it('is time-dependent and reads findingTriageDays', () => {
    expect(HighFindingsTriaged.timeDependent).toBe(true);
    expect(HighFindingsTriaged.settingsRead).toEqual(['findingTriageDays']);
  });

  it('passes a region with no open high finding, for ever', () => {
    expect(judge(HighFindingsTriaged, region())).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: no open finding of severity 7 or more',
      stableUntil: Infinity,
    });
    expect(judge(HighFindingsTriaged, region({ detectors: [] })).outcome).toBe('pass');
  });

  it('passes a finding younger than the limit, stable until it turns too old', () => {
    const created = daysAgo(2);
    const v = judge(HighFindingsTriaged, withFindings(finding({ createdAt: created })));
    expect(v).toEqual({
      outcome: 'pass',
      reason: `region us-east-1: 1 open finding within the limit, oldest finding f1 (UnauthorizedAccess:EC2/SSHBruteForce, severity 8) created 2026-05-11, 2 days before 2026-05-13 (limit 7)`,
      stableUntil: Date.parse(created) + 7 * DAY + 1,
    });
  });

  it('passes a finding exactly at the limit and fails it one millisecond later', () => {
    const created = daysAgo(7);
    const r = withFindings(finding({ createdAt: created }));
    const atLimit = judge(HighFindingsTriaged, r);
    expect(atLimit.outcome).toBe('pass');
    expect(atLimit.stableUntil).toBe(AS_OF.getTime() + 1);
    const later = judge(HighFindingsTriaged, r, { asOf: new Date(AS_OF.getTime() + 1) });
    expect(later.outcome).toBe('fail');
    expect(later.stableUntil).toBe(Infinity);
  });

  it('fails a finding open longer than the limit, naming it', () => {
    expect(
      judge(HighFindingsTriaged, withFindings(finding({ id: 'old', severity: 7, createdAt: daysAgo(10.5) }))),
    ).toEqual({
      outcome: 'fail',
      reason:
        'region us-east-1: 1 open finding past the limit: finding old (UnauthorizedAccess:EC2/SSHBruteForce, severity 7) created 2026-05-02T12:00:00Z, 10.5 days before 2026-05-13 (limit 7)',
      stableUntil: Infinity,
    });
  });

  it('reads the limit from settings', () => {
    const r = withFindings(finding({ createdAt: daysAgo(10) }));
    expect(judge(HighFindingsTriaged, r, { settings: { findingTriageDays: 14 } }).outcome).toBe('pass');
    expect(judge(HighFindingsTriaged, r, { settings: { findingTriageDays: 14 } }).stableUntil).toBe(
      Date.parse(daysAgo(10)) + 14 * DAY + 1,
    );
  });

  it('ages from createdAt, not updatedAt', () => {
    const v = judge(
      HighFindingsTriaged,
      withFindings(finding({ createdAt: daysAgo(30), updatedAt: daysAgo(0) })),
    );
    expect(v.outcome).toBe('fail');
  });

  it('leaves out findings below severity 7 even if listed', () => {
    const v = judge(HighFindingsTriaged, withFindings(finding({ severity: 6.9, createdAt: daysAgo(30) })));
    expect(v).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: no open finding of severity 7 or more',
      stableUntil: Infinity,
    });
  });

  it('is stable until the first of several findings turns too old', () => {
    const v = judge(
      HighFindingsTriaged,
      region({
        detectors: [
          detector({ openHighSeverityFindings: [finding({ id: 'a', createdAt: daysAgo(1) })] }),
          detector({
            detectorId: 'd-2',
            openHighSeverityFindings: [finding({ id: 'b', createdAt: daysAgo(5) })],
          }),
        ],
      }),
    );
    expect(v.outcome).toBe('pass');
    expect(v.stableUntil).toBe(Date.parse(daysAgo(5)) + 7 * DAY + 1);
    expect(v.reason).toContain('2 open findings within the limit, oldest finding b');
  });

  it('names at most five failing findings and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => finding({ id: `f${i}`, createdAt: daysAgo(20 + i) }));
    const v = judge(HighFindingsTriaged, withFindings(...many));
    expect(v.reason).toMatch(/^region us-east-1: 7 open findings past the limit: /);
    expect(v.reason).toContain('; and 2 more (limit 7)');
  });

  it('is not applicable for a refused region, for ever', () => {
    expect(judge(HighFindingsTriaged, refused)).toEqual({
      outcome: 'not-applicable',
      reason: 'region af-south-1: not enabled for the account (AuthFailure)',
      stableUntil: Infinity,
    });
  });
});
