/** S3 configuration checks: encryption, TLS, logging, versioning, lock, lifecycle, replication, events. */
import { describe, expect, it } from 'vitest';
import { BucketAccessLogging } from '../../../../controls/checks/s3/BucketAccessLogging.ts';
import { BucketDefaultEncryption } from '../../../../controls/checks/s3/BucketDefaultEncryption.ts';
import { BucketEventNotifications } from '../../../../controls/checks/s3/BucketEventNotifications.ts';
import { BucketKmsEncryption } from '../../../../controls/checks/s3/BucketKmsEncryption.ts';
import { BucketLifecycle } from '../../../../controls/checks/s3/BucketLifecycle.ts';
import { BucketObjectLock } from '../../../../controls/checks/s3/BucketObjectLock.ts';
import { BucketReplication } from '../../../../controls/checks/s3/BucketReplication.ts';
import { BucketTlsOnly } from '../../../../controls/checks/s3/BucketTlsOnly.ts';
import { BucketVersionedLifecycle } from '../../../../controls/checks/s3/BucketVersionedLifecycle.ts';
import { BucketVersioning } from '../../../../controls/checks/s3/BucketVersioning.ts';
import { bucket, doc, judge } from '../../fixtures.ts';

const sse = (sseAlgorithm: string) => [{ sseAlgorithm, kmsMasterKeyId: null, bucketKeyEnabled: false }];

describe('s3.bucket-default-encryption', () => {
  it.each([
    ['SSE-S3', sse('AES256'), 'pass'],
    ['SSE-KMS', sse('aws:kms'), 'pass'],
    ['no configuration', null, 'fail'],
    ['an empty rule list', [], 'fail'],
  ] as const)('%s -> %s', (_label, encryption, outcome) => {
    expect(
      judge(BucketDefaultEncryption, bucket({ encryption: encryption === null ? null : [...encryption] }))
        .outcome,
    ).toBe(outcome);
  });
  it('says it almost never fails', () => {
    expect(BucketDefaultEncryption.note).toMatch(/January 2023/);
  });
});

describe('s3.bucket-kms-encryption', () => {
  it.each([
    ['aws:kms', sse('aws:kms'), 'pass'],
    ['aws:kms:dsse', sse('aws:kms:dsse'), 'pass'],
    ['AES256', sse('AES256'), 'fail'],
    ['none', null, 'fail'],
  ] as const)('%s -> %s', (_label, encryption, outcome) => {
    expect(
      judge(BucketKmsEncryption, bucket({ encryption: encryption === null ? null : [...encryption] }))
        .outcome,
    ).toBe(outcome);
  });
  it('names the algorithm seen', () => {
    expect(judge(BucketKmsEncryption, bucket({ name: 'logs', encryption: sse('AES256') })).reason).toBe(
      'bucket logs: default encryption AES256, not KMS',
    );
  });
});

describe('s3.bucket-tls-only', () => {
  it('passes the default TLS-only Deny', () => {
    expect(judge(BucketTlsOnly, bucket({ name: 'records' })).reason).toBe(
      'bucket records: policy statement 1 (Sid TlsOnly) denies requests without TLS',
    );
  });
  it('fails without a policy', () => {
    expect(judge(BucketTlsOnly, bucket({ policy: null })).outcome).toBe('fail');
  });
  it.each([
    [
      'a Deny of s3:GetObject only',
      doc({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ],
    ['an unconditional Deny', doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })],
  ])('fails with %s', (_label, policy) => {
    expect(judge(BucketTlsOnly, bucket({ policy })).outcome).toBe('fail');
  });
});

describe('s3.bucket-access-logging', () => {
  it('passes with logging, naming the target', () => {
    expect(judge(BucketAccessLogging, bucket({ name: 'data' })).reason).toBe(
      'bucket data: logs to access-logs/data/',
    );
  });
  it('fails without logging', () => {
    expect(judge(BucketAccessLogging, bucket({ name: 'data', logging: null }))).toEqual({
      outcome: 'fail',
      reason: 'bucket data: server access logging not enabled',
    });
  });
});

describe('s3.bucket-versioning', () => {
  it.each([
    ['Enabled', 'pass', 'versioning Enabled'],
    ['Suspended', 'fail', 'versioning Suspended'],
    ['Never', 'fail', 'versioning never enabled'],
  ] as const)('%s -> %s', (status, outcome, text) => {
    expect(
      judge(BucketVersioning, bucket({ name: 'b', versioning: { status, mfaDelete: 'Disabled' } })),
    ).toEqual({ outcome, reason: `bucket b: ${text}` });
  });
});

describe('s3.bucket-object-lock', () => {
  it.each([
    [
      'enabled with retention',
      { enabled: true, defaultRetention: { mode: 'GOVERNANCE', days: null, years: 1 } },
      'pass',
    ],
    ['enabled without retention', { enabled: true, defaultRetention: null }, 'pass'],
    ['configuration present but disabled', { enabled: false, defaultRetention: null }, 'fail'],
    ['not configured', null, 'fail'],
  ] as const)('%s -> %s', (_label, objectLock, outcome) => {
    expect(
      judge(BucketObjectLock, bucket({ objectLock: objectLock === null ? null : { ...objectLock } })).outcome,
    ).toBe(outcome);
  });
});

describe('s3.bucket-lifecycle', () => {
  it.each([
    ['an Enabled rule', [{ id: 'a', status: 'Enabled' }], 'pass'],
    ['only a Disabled rule (still a rule)', [{ id: 'a', status: 'Disabled' }], 'pass'],
    ['an empty list', [], 'fail'],
    ['no configuration', null, 'fail'],
  ] as const)('%s -> %s', (_label, rules, outcome) => {
    expect(
      judge(BucketLifecycle, bucket({ lifecycleRules: rules === null ? null : rules.map((r) => ({ ...r })) }))
        .outcome,
    ).toBe(outcome);
  });
});

describe('s3.bucket-versioned-lifecycle', () => {
  const disabledRule = [{ id: 'a', status: 'Disabled' as const }];
  it('passes a versioned bucket with an Enabled rule', () => {
    expect(judge(BucketVersionedLifecycle, bucket()).outcome).toBe('pass');
  });
  it.each([
    ['only a Disabled rule', disabledRule],
    ['no lifecycle', null],
  ])('fails a versioned bucket with %s', (_label, lifecycleRules) => {
    expect(judge(BucketVersionedLifecycle, bucket({ name: 'v', lifecycleRules })).reason).toBe(
      'bucket v: versioning Enabled, no Enabled lifecycle rule',
    );
  });
  it.each(['Suspended', 'Never'] as const)('is not applicable when versioning is %s', (status) => {
    expect(
      judge(
        BucketVersionedLifecycle,
        bucket({ versioning: { status, mfaDelete: 'Disabled' }, lifecycleRules: null }),
      ).outcome,
    ).toBe('not-applicable');
  });
});

describe('s3.bucket-replication', () => {
  it('passes with an Enabled rule, naming the destination', () => {
    expect(judge(BucketReplication, bucket({ name: 'r' })).reason).toBe(
      'bucket r: replicates to arn:aws:s3:::r-dr',
    );
  });
  it.each([
    ['not configured', null],
    [
      'only Disabled rules',
      {
        role: 'arn:aws:iam::1:role/rep',
        rules: [{ id: 'x', status: 'Disabled' as const, destinationBucket: 'arn:aws:s3:::y' }],
      },
    ],
  ])('fails when %s', (_label, replication) => {
    expect(judge(BucketReplication, bucket({ replication })).outcome).toBe('fail');
  });
});

describe('s3.bucket-event-notifications', () => {
  const none = { topicCount: 0, queueCount: 0, lambdaCount: 0, eventBridgeEnabled: false };
  it.each([
    ['a topic', { ...none, topicCount: 1 }, 'pass'],
    ['a queue', { ...none, queueCount: 2 }, 'pass'],
    ['a Lambda', { ...none, lambdaCount: 1 }, 'pass'],
    ['EventBridge', { ...none, eventBridgeEnabled: true }, 'pass'],
    ['nothing', none, 'fail'],
  ])('%s -> %s', (_label, notifications, outcome) => {
    expect(judge(BucketEventNotifications, bucket({ notifications })).outcome).toBe(outcome);
  });
});
