/**
 * Buckets used legitimately in ways a naive reading of the checks misjudges: log destinations,
 * load balancer log buckets on SSE-S3, replicas, access-point delegation, CloudFront origins.
 * Each case also shows the neighbouring case that still fails.
 */
import { describe, expect, it } from 'vitest';
import { BucketAccessLogging } from '../../../../controls/checks/s3/BucketAccessLogging.ts';
import { BucketKmsEncryption } from '../../../../controls/checks/s3/BucketKmsEncryption.ts';
import { BucketNotPublicRead } from '../../../../controls/checks/s3/BucketNotPublicRead.ts';
import { BucketNotPublicWrite } from '../../../../controls/checks/s3/BucketNotPublicWrite.ts';
import { BucketPolicyNoWildcardPrincipal } from '../../../../controls/checks/s3/BucketPolicyNoWildcardPrincipal.ts';
import { BucketReplication } from '../../../../controls/checks/s3/BucketReplication.ts';
import { accountBpa, bpa, bucket, doc, judge } from '../../fixtures.ts';

const sseS3 = [{ sseAlgorithm: 'AES256', kmsMasterKeyId: null, bucketKeyEnabled: false }];
const putFrom = (service: string, name: string) => ({
  Sid: 'LogDelivery',
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 's3:PutObject',
  Resource: `arn:aws:s3:::${name}/*`,
  Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
});

describe('s3.bucket-access-logging on a server access log destination', () => {
  it('is not applicable when its policy admits logging.s3.amazonaws.com and it logs nowhere', () => {
    const logs = bucket({ name: 'access-logs', logging: null, policy: doc(putFrom('logging.s3.amazonaws.com', 'access-logs')) });
    expect(judge(BucketAccessLogging, logs)).toEqual({
      outcome: 'not-applicable',
      reason: 'bucket access-logs: a server access log destination with no logging of its own (logging it into itself would loop)',
    });
  });
  it('is not applicable when its ACL grants the LogDelivery group WRITE (the older way)', () => {
    const acl = {
      ownerId: 'owner',
      grants: [{ granteeType: 'Group' as const, granteeId: null, granteeUri: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' as const }],
    };
    expect(judge(BucketAccessLogging, bucket({ name: 'old-logs', logging: null, policy: null, acl })).outcome).toBe('not-applicable');
  });
  it('still fails a data bucket without logging, and a bucket that only admits another service (CloudTrail)', () => {
    expect(judge(BucketAccessLogging, bucket({ logging: null })).outcome).toBe('fail');
    const trail = bucket({ name: 'trail', logging: null, policy: doc(putFrom('cloudtrail.amazonaws.com', 'trail')) });
    expect(judge(BucketAccessLogging, trail).outcome).toBe('fail');
  });
});

describe('s3.bucket-kms-encryption on a load balancer access-log bucket', () => {
  it('is not applicable on SSE-S3, the only encryption ELB log delivery supports', () => {
    const elb = bucket({ name: 'alb-logs', encryption: sseS3, policy: doc(putFrom('logdelivery.elasticloadbalancing.amazonaws.com', 'alb-logs')) });
    expect(judge(BucketKmsEncryption, elb)).toEqual({
      outcome: 'not-applicable',
      reason: 'bucket alb-logs: default encryption AES256 on a load balancer access-log bucket, where ELB supports only SSE-S3',
    });
  });
  it('still fails an S3 server access log bucket on SSE-S3 (its delivery works with a customer managed KMS key)', () => {
    const logs = bucket({ name: 'access-logs', encryption: sseS3, policy: doc(putFrom('logging.s3.amazonaws.com', 'access-logs')) });
    expect(judge(BucketKmsEncryption, logs).outcome).toBe('fail');
  });
});

describe('s3.bucket-replication on a replica', () => {
  const source = bucket({ name: 'records' }); // replicates to arn:aws:s3:::records-dr
  const replica = bucket({ name: 'records-dr', replication: null });
  it('is not applicable to the bucket another bucket of the snapshot replicates into', () => {
    expect(judge(BucketReplication, replica, { others: [source] })).toEqual({
      outcome: 'not-applicable',
      reason: 'bucket records-dr: the replica of records',
    });
  });
  it('still fails it when the source does not replicate (rule Disabled) or is not in the snapshot', () => {
    const disabled = bucket({ name: 'records', replication: { role: 'arn:aws:iam::123456789012:role/r', rules: [{ id: 'dr', status: 'Disabled', destinationBucket: 'arn:aws:s3:::records-dr' }] } });
    expect(judge(BucketReplication, replica, { others: [disabled] }).outcome).toBe('fail');
    expect(judge(BucketReplication, replica).outcome).toBe('fail');
  });
  it('reads the other buckets, and says so', () => {
    expect(BucketReplication.reads).toContain('aws.s3.bucket');
  });
});

describe('bucket policies that delegate access control to access points', () => {
  const delegating = bucket({
    name: 'shared',
    policy: doc({
      Sid: 'DelegateToAccessPoints',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: '*',
      Resource: ['arn:aws:s3:::shared', 'arn:aws:s3:::shared/*'],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': '123456789012' } },
    }),
  });
  const none = { others: [accountBpa(bpa(false))] };
  it('are not an open wildcard principal, not public read and not public write', () => {
    expect(judge(BucketPolicyNoWildcardPrincipal, delegating).outcome).toBe('pass');
    expect(judge(BucketNotPublicRead, delegating, none).outcome).toBe('pass');
    expect(judge(BucketNotPublicWrite, delegating, none).outcome).toBe('pass');
  });
  it('a CloudFront origin policy (origin access control, limited by aws:SourceArn) is not public either', () => {
    const origin = bucket({
      name: 'site',
      policy: doc({
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/*',
        Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1' } },
      }),
    });
    expect(judge(BucketPolicyNoWildcardPrincipal, origin).outcome).toBe('pass');
    expect(judge(BucketNotPublicRead, origin, none).outcome).toBe('pass');
  });
});
