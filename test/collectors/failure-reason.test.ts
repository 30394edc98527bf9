import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../collectors/aws/aws-call-error.ts';
import { failureReason, newRunId } from '../../collectors/collect-run.ts';
import { CollectionDeadlineError } from '../../collectors/run-bounded.ts';
import { registerSecret } from '../../model/secret-registry.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';

describe('failureReason', () => {
  it('names operation, region, error code and HTTP status', () => {
    const err = new AwsCallError(
      'iam',
      'GetAccountAuthorizationDetails',
      'us-east-1',
      'AccessDenied',
      403,
      'User is not authorized',
    );
    expect(failureReason(err)).toBe(
      'iam:GetAccountAuthorizationDetails in us-east-1 failed with AccessDenied (HTTP 403): User is not authorized',
    );
  });

  it('names the deadline and what was running when it passed', () => {
    expect(failureReason(new CollectionDeadlineError('prod', 30 * 60_000, 'iam:GenerateCredentialReport'))).toBe(
      'CollectionDeadlineError: deadline of 30 minutes passed during iam:GenerateCredentialReport',
    );
  });

  it('masks the credentials in use by value, whatever their shape, also URL-encoded', () => {
    const token = randomBytes(10).toString('hex'); // 20 characters: no shape rule would see it
    const secret = `${randomBytes(6).toString('hex')}/+x`; // short and odd, but registered
    registerSecret(token);
    registerSecret(secret);
    const reason = failureReason(
      new AwsCallError('sts', 'GetCallerIdentity', 'us-east-1', 'InvalidClientTokenId', 403, `token ${token} rejected; signed with ${encodeURIComponent(secret)} (${secret})`),
    );
    expect(reason).not.toContain(token);
    expect(reason).not.toContain(secret);
    expect(reason).not.toContain(encodeURIComponent(secret));
    expect(reason).toBe(
      'sts:GetCallerIdentity in us-east-1 failed with InvalidClientTokenId (HTTP 403): token [redacted] rejected; signed with [redacted] ([redacted])',
    );
  });

  it('ignores values too short to be credentials', () => {
    registerSecret('us-east');
    expect(failureReason(new Error('region us-east-1'))).toBe('Error: region us-east-1');
  });
});

describe('failureReason keeps our identifiers (redaction by meaning, not by length)', () => {
  const snapshotId = 'Europe/20260301T020000Z/20260301T020312Z-1a2b3c4d'; // its first 40 characters are one base64 run
  const arn = 'arn:aws:iam::123456789012:role/service-role/BinderCollectorRoleForEvidenceReadOnly';

  it('in an AWS error message, while a key id and its secret beside it are masked', () => {
    const { accessKeyId, secretAccessKey } = generateFakeCredentials();
    const err = new AwsCallError('s3', 'PutObject', 'eu-west-1', 'AccessDenied', 403, `User: ${arn} may not write ${snapshotId} (signed by ${accessKeyId} ${secretAccessKey})`);
    expect(failureReason(err)).toBe(
      `s3:PutObject in eu-west-1 failed with AccessDenied (HTTP 403): User: ${arn} may not write ${snapshotId} (signed by [redacted-key-id] [redacted])`,
    );
  });

  it('in an error of our own', () => {
    expect(failureReason(new RangeError(`snapshot ${snapshotId} of ${arn} exists`))).toBe(`RangeError: snapshot ${snapshotId} of ${arn} exists`);
  });
});

describe('newRunId', () => {
  it('starts with the compact UTC time and is unique', () => {
    const now = new Date('2026-03-01T02:00:05.123Z');
    const a = newRunId(now);
    expect(a).toMatch(/^20260301T020005Z-[0-9a-f]{8}$/);
    expect(newRunId(now)).not.toBe(a);
  });
});
