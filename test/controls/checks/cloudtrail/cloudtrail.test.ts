/** CloudTrail checks: region coverage (basic vs advanced selectors, shadow trails) and per-trail settings. */
import { describe, expect, it } from 'vitest';
import { MultiRegionTrail } from '../../../../controls/checks/cloudtrail/MultiRegionTrail.ts';
import { RegionManagementEventsLogged } from '../../../../controls/checks/cloudtrail/RegionManagementEventsLogged.ts';
import { TrailBucketNotPublic } from '../../../../controls/checks/cloudtrail/TrailBucketNotPublic.ts';
import { TrailBucketProtected } from '../../../../controls/checks/cloudtrail/TrailBucketProtected.ts';
import { TrailCloudWatchLogs } from '../../../../controls/checks/cloudtrail/TrailCloudWatchLogs.ts';
import { TrailDeliveryOk } from '../../../../controls/checks/cloudtrail/TrailDeliveryOk.ts';
import { TrailKmsEncryption } from '../../../../controls/checks/cloudtrail/TrailKmsEncryption.ts';
import { TrailLogFileValidation } from '../../../../controls/checks/cloudtrail/TrailLogFileValidation.ts';
import { TrailLogging } from '../../../../controls/checks/cloudtrail/TrailLogging.ts';
import { BucketNotPublicRead } from '../../../../controls/checks/s3/BucketNotPublicRead.ts';
import type { Resource } from '../../../../model/resources.ts';
import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  accountBpa,
  bpa,
  bucket,
  doc,
  grant,
  judge,
} from '../../fixtures.ts';
import {
  MANAGEMENT_ADVANCED,
  OPT_IN_REFUSAL,
  advanced,
  basic,
  ctRegion,
  field,
  status,
  trail,
} from './builders.ts';

const coverage = (others: Resource[], region = ctRegion()) =>
  judge(RegionManagementEventsLogged, region, { others });
const multi = (others: Resource[], region = ctRegion()) => judge(MultiRegionTrail, region, { others });

describe('cloudtrail.region-management-events-logged', () => {
  it('passes a region reached by a logging multi-region trail with a basic All selector', () => {
    expect(coverage([trail()])).toEqual({
      outcome: 'pass',
      reason:
        'region us-east-1: trail org-audit (multi-region) is logging; basic selector 1: ReadWriteType All with management events',
    });
  });

  it('passes a region where a single-region trail is homed, and not another region', () => {
    const local = trail({ name: 'west', homeRegion: 'us-west-2', isMultiRegionTrail: false });
    expect(coverage([local], ctRegion('us-west-2')).outcome).toBe('pass');
    expect(coverage([local], ctRegion('eu-west-1'))).toEqual({
      outcome: 'fail',
      reason: 'region eu-west-1: no trail (multi-region or homed here) reaches the region',
    });
  });

  it('fails a region without any trail', () => {
    expect(coverage([]).outcome).toBe('fail');
  });

  it('fails when the only trail reaching the region is not logging', () => {
    expect(coverage([trail({ status: status({ isLogging: false }) })])).toEqual({
      outcome: 'fail',
      reason:
        'region us-east-1: no trail (multi-region or homed here) is logging read and write management events: trail org-audit (multi-region) not logging',
    });
  });

  it('fails a WriteOnly basic selector, and a ReadOnly plus a WriteOnly selector (no single selector records both)', () => {
    const writeOnly = trail({ eventSelectors: [basic({ readWriteType: 'WriteOnly' })] });
    expect(coverage([writeOnly])).toEqual({
      outcome: 'fail',
      reason:
        'region us-east-1: no trail (multi-region or homed here) is logging read and write management events: trail org-audit (multi-region) does not record read and write management events (basic selector 1: ReadWriteType WriteOnly with management events)',
    });
    const split = trail({
      eventSelectors: [basic({ readWriteType: 'ReadOnly' }), basic({ readWriteType: 'WriteOnly' })],
    });
    expect(coverage([split]).outcome).toBe('fail');
  });

  it('fails a basic All selector that excludes management events (data events only)', () => {
    const dataOnly = trail({
      eventSelectors: [basic({ includeManagementEvents: false, dataResourceTypes: ['AWS::S3::Object'] })],
    });
    expect(coverage([dataOnly]).reason).toContain('basic selector 1: no management events');
  });

  it('passes a basic All selector that excludes some event sources (not judged)', () => {
    const t = trail({ eventSelectors: [basic({ excludeManagementEventSources: ['kms.amazonaws.com'] })] });
    expect(coverage([t]).outcome).toBe('pass');
  });

  it('passes an advanced selector on eventCategory Management with no readOnly filter', () => {
    const t = trail({ eventSelectors: [], advancedEventSelectors: [MANAGEMENT_ADVANCED] });
    expect(coverage([t])).toEqual({
      outcome: 'pass',
      reason:
        'region us-east-1: trail org-audit (multi-region) is logging; advanced selector "Management events": eventCategory Management, no readOnly filter',
    });
  });

  it('fails an advanced management selector filtered on readOnly, and one on data events only', () => {
    const writes = trail({
      eventSelectors: [],
      advancedEventSelectors: [
        advanced(
          null,
          field('eventCategory', { equals: ['Management'] }),
          field('readOnly', { equals: ['false'] }),
        ),
      ],
    });
    expect(coverage([writes]).reason).toContain(
      'advanced selector 1: eventCategory Management filtered on readOnly false',
    );
    expect(coverage([writes]).outcome).toBe('fail');
    const data = trail({
      eventSelectors: [],
      advancedEventSelectors: [
        advanced(
          'S3 data',
          field('eventCategory', { equals: ['Data'] }),
          field('resources.type', { equals: ['AWS::S3::Object'] }),
        ),
      ],
    });
    expect(coverage([data]).reason).toContain('advanced selector "S3 data": not eventCategory Management');
  });

  it('fails a trail with no selector at all', () => {
    expect(coverage([trail({ eventSelectors: [] })]).reason).toContain('(no event selector)');
  });

  it('passes when any one of several trails covers the region', () => {
    const stopped = trail({ name: 'old', status: status({ isLogging: false }) });
    const local = trail({ name: 'local', isMultiRegionTrail: false });
    expect(coverage([stopped, local]).reason).toBe(
      'region us-east-1: trail local (us-east-1) is logging; basic selector 1: ReadWriteType All with management events',
    );
  });

  it('counts a shadow multi-region organization trail owned by another account', () => {
    const org = trail({
      name: 'org',
      ownerAccountId: '999999999999',
      isOrganizationTrail: true,
      homeRegion: 'eu-west-1',
    });
    const region = ctRegion('us-east-1', { trailArns: [org.id] });
    expect(coverage([org], region)).toEqual({
      outcome: 'pass',
      reason:
        'region us-east-1: trail org (multi-region, owner 999999999999) is logging; basic selector 1: ReadWriteType All with management events',
    });
  });

  it('does not count a trail listed in the region but absent from the snapshot (status unknown)', () => {
    const region = ctRegion('us-east-1', {
      trailArns: ['arn:aws:cloudtrail:eu-west-1:999999999999:trail/org'],
    });
    expect(coverage([], region).outcome).toBe('fail');
  });

  it('is not applicable for a region not enabled for the account, naming the error code', () => {
    expect(coverage([trail()], ctRegion('ap-east-1', { refused: OPT_IN_REFUSAL }))).toEqual({
      outcome: 'not-applicable',
      reason: 'region ap-east-1: not enabled for the account (UnrecognizedClientException)',
    });
  });

  it('declares the trails it reads', () => {
    expect(RegionManagementEventsLogged.reads).toEqual(['aws.cloudtrail.trail']);
    expect(RegionManagementEventsLogged.timeDependent).toBe(false);
  });
});

describe('cloudtrail.multi-region-trail', () => {
  it('passes with a logging multi-region trail recording management events', () => {
    expect(multi([trail()]).outcome).toBe('pass');
  });

  it('fails with only a single-region trail homed in the region', () => {
    expect(multi([trail({ isMultiRegionTrail: false })])).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: no multi-region trail reaches the region',
    });
  });

  it('fails a multi-region trail that is stopped or records writes only', () => {
    expect(multi([trail({ status: status({ isLogging: false }) })]).outcome).toBe('fail');
    expect(multi([trail({ eventSelectors: [basic({ readWriteType: 'WriteOnly' })] })]).reason).toContain(
      'no multi-region trail is logging read and write management events',
    );
  });

  it('counts a multi-region trail homed in another region and owned by another account', () => {
    const org = trail({ homeRegion: 'eu-west-1', ownerAccountId: '999999999999', isOrganizationTrail: true });
    expect(multi([org], ctRegion('sa-east-1')).outcome).toBe('pass');
  });

  it('is not applicable for a refused region', () => {
    const v = multi(
      [],
      ctRegion('me-south-1', { refused: { errorCode: 'OptInRequired', errorMessage: 'x' } }),
    );
    expect(v).toEqual({
      outcome: 'not-applicable',
      reason: 'region me-south-1: not enabled for the account (OptInRequired)',
    });
  });
});

describe('cloudtrail.trail-logging', () => {
  it('passes a logging trail', () => {
    expect(judge(TrailLogging, trail())).toEqual({
      outcome: 'pass',
      reason: 'trail org-audit (multi-region): logging',
    });
  });
  it('fails a stopped trail, naming when it stopped', () => {
    expect(
      judge(
        TrailLogging,
        trail({ status: status({ isLogging: false, stopLoggingTime: '2026-05-10T08:00:00Z' }) }),
      ),
    ).toEqual({
      outcome: 'fail',
      reason: 'trail org-audit (multi-region): isLogging false (stopped 2026-05-10T08:00:00Z)',
    });
    expect(judge(TrailLogging, trail({ status: status({ isLogging: false }) })).reason).toBe(
      'trail org-audit (multi-region): isLogging false',
    );
  });
});

describe('cloudtrail.trail-log-file-validation', () => {
  it('passes validation on and fails it off', () => {
    expect(judge(TrailLogFileValidation, trail()).outcome).toBe('pass');
    expect(
      judge(TrailLogFileValidation, trail({ isMultiRegionTrail: false, logFileValidationEnabled: false })),
    ).toEqual({
      outcome: 'fail',
      reason: 'trail org-audit (us-east-1): logFileValidationEnabled false',
    });
  });
});

describe('cloudtrail.trail-kms-encryption', () => {
  it('passes a KMS key and fails SSE-S3 only', () => {
    expect(judge(TrailKmsEncryption, trail()).reason).toBe(
      'trail org-audit (multi-region): encrypted with KMS key arn:aws:kms:us-east-1:123456789012:key/1111-2222',
    );
    expect(judge(TrailKmsEncryption, trail({ kmsKeyId: null }))).toEqual({
      outcome: 'fail',
      reason: 'trail org-audit (multi-region): no kmsKeyId (SSE-S3 only)',
    });
    expect(judge(TrailKmsEncryption, trail({ kmsKeyId: '' })).outcome).toBe('fail');
  });
});

describe('cloudtrail.trail-delivery-ok', () => {
  it('passes a logging trail without delivery error', () => {
    expect(judge(TrailDeliveryOk, trail()).outcome).toBe('pass');
    expect(judge(TrailDeliveryOk, trail({ status: status({ latestDeliveryError: '' }) })).outcome).toBe(
      'pass',
    );
  });
  it('fails a logging trail with a delivery error, naming it', () => {
    expect(
      judge(TrailDeliveryOk, trail({ status: status({ latestDeliveryError: 'AccessDenied' }) })),
    ).toEqual({
      outcome: 'fail',
      reason: 'trail org-audit (multi-region): latestDeliveryError AccessDenied',
    });
  });
  it('is not applicable to a trail that is not logging, error or not', () => {
    expect(
      judge(
        TrailDeliveryOk,
        trail({ status: status({ isLogging: false, latestDeliveryError: 'NoSuchBucket' }) }),
      ),
    ).toEqual({ outcome: 'not-applicable', reason: 'trail org-audit (multi-region): not logging' });
  });
});

describe('cloudtrail.trail-cloudwatch-logs', () => {
  it('passes a trail with a log group and fails one without', () => {
    expect(judge(TrailCloudWatchLogs, trail()).outcome).toBe('pass');
    expect(judge(TrailCloudWatchLogs, trail({ cloudWatchLogsLogGroupArn: null }))).toEqual({
      outcome: 'fail',
      reason: 'trail org-audit (multi-region): no cloudWatchLogsLogGroupArn',
    });
    expect(judge(TrailCloudWatchLogs, trail({ cloudWatchLogsLogGroupArn: '' })).outcome).toBe('fail');
  });
});

const logs = (over: Parameters<typeof bucket>[0] = {}) => bucket({ name: 'audit-logs', ...over });
const aclWith = (...grants: ReturnType<typeof grant>[]) => ({ ownerId: 'owner', grants });
const publicPolicy = doc({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::audit-logs/*',
});

describe('cloudtrail.trail-bucket-not-public', () => {
  it('passes a private bucket', () => {
    expect(judge(TrailBucketNotPublic, trail(), { others: [logs()] })).toEqual({
      outcome: 'pass',
      reason: 'trail org-audit (multi-region): bucket audit-logs: no public ACL grant, policy not public',
    });
  });

  it('fails a bucket readable through its ACL or its policy', () => {
    expect(
      judge(TrailBucketNotPublic, trail(), { others: [logs({ acl: aclWith(grant(ALL_USERS, 'READ')) })] }),
    ).toEqual({
      outcome: 'fail',
      reason: 'trail org-audit (multi-region): bucket audit-logs: ACL grants AllUsers READ',
    });
    expect(
      judge(TrailBucketNotPublic, trail(), {
        others: [logs({ policy: publicPolicy, policyStatusIsPublic: null })],
      }).outcome,
    ).toBe('fail');
  });

  it('passes a public grant neutralised by account-level Block Public Access', () => {
    const v = judge(TrailBucketNotPublic, trail(), {
      others: [logs({ acl: aclWith(grant(ALL_USERS, 'READ')) }), accountBpa(bpa(true))],
    });
    expect(v).toEqual({
      outcome: 'pass',
      reason:
        'trail org-audit (multi-region): bucket audit-logs: ACL AllUsers READ ignored (ignorePublicAcls at account)',
    });
  });

  it('judges exactly as s3.bucket-not-public-read', () => {
    const variants = [
      logs(),
      logs({ acl: aclWith(grant(AUTHENTICATED_USERS, 'FULL_CONTROL')) }),
      logs({ acl: aclWith(grant(ALL_USERS, 'WRITE')) }),
      logs({ policy: publicPolicy, policyStatusIsPublic: true }),
      logs({
        policy: publicPolicy,
        policyStatusIsPublic: true,
        publicAccessBlock: bpa({ restrictPublicBuckets: true }),
      }),
      logs({
        policy: doc({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::audit-logs/*',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }),
      }),
    ];
    for (const b of variants) {
      for (const others of [[b], [b, accountBpa(bpa({ ignorePublicAcls: true }))]] as Resource[][]) {
        const expected = judge(BucketNotPublicRead, b, { others: others.filter((o) => o !== b) });
        const got = judge(TrailBucketNotPublic, trail(), { others });
        expect(got.outcome).toBe(expected.outcome);
        expect(got.reason).toBe(`trail org-audit (multi-region): ${expected.reason}`);
      }
    }
  });

  it('is not applicable when the bucket is not in the snapshot or the trail names none', () => {
    expect(judge(TrailBucketNotPublic, trail(), { others: [bucket({ name: 'other' })] })).toEqual({
      outcome: 'not-applicable',
      reason: 'trail org-audit (multi-region): bucket audit-logs is not in the snapshot',
    });
    expect(judge(TrailBucketNotPublic, trail({ s3BucketName: null })).outcome).toBe('not-applicable');
  });

  it('declares the S3 types it reads', () => {
    expect([...TrailBucketNotPublic.reads].sort()).toEqual([
      'aws.s3.account-public-access-block',
      'aws.s3.bucket',
    ]);
  });
});

describe('cloudtrail.trail-bucket-protected', () => {
  const judged = (over: Parameters<typeof bucket>[0]) =>
    judge(TrailBucketProtected, trail(), { others: [logs(over)] });

  it('passes with versioning or Object Lock, either one', () => {
    expect(judged({ objectLock: null })).toEqual({
      outcome: 'pass',
      reason: 'trail org-audit (multi-region): bucket audit-logs: versioning Enabled',
    });
    expect(judged({ versioning: { status: 'Suspended', mfaDelete: 'Disabled' } }).reason).toBe(
      'trail org-audit (multi-region): bucket audit-logs: Object Lock enabled',
    );
    expect(judged({}).reason).toBe(
      'trail org-audit (multi-region): bucket audit-logs: versioning Enabled, Object Lock enabled',
    );
  });

  it('fails with neither', () => {
    expect(judged({ versioning: { status: 'Suspended', mfaDelete: 'Disabled' }, objectLock: null })).toEqual({
      outcome: 'fail',
      reason:
        'trail org-audit (multi-region): bucket audit-logs: versioning Suspended, Object Lock not enabled',
    });
    expect(
      judged({
        versioning: { status: 'Never', mfaDelete: 'Never' },
        objectLock: { enabled: false, defaultRetention: null },
      }).outcome,
    ).toBe('fail');
  });

  it('is not applicable when the bucket is not in the snapshot', () => {
    expect(judge(TrailBucketProtected, trail()).outcome).toBe('not-applicable');
  });
});
