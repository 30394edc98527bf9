import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../collectors/aws/aws-call-error.ts';
import { failureReason, newRunId, redactSecrets } from '../../collectors/collect-run.ts';
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

describe('redactSecrets by shape (for credentials nobody registered)', () => {
  it('masks access key ids, secret keys with / or +, and long session tokens', () => {
    const { accessKeyId } = generateFakeCredentials();
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; // AWS's documented example shape
    const token = `IQoJb3JpZ2luX2VjE${'AbCd1234+/'.repeat(12)}==`;
    const text = redactSecrets(`key ${accessKeyId} secret=${secretKey} token=${token}.`);
    expect(text).toBe('key [redacted-key-id] secret=[redacted] token=[redacted].');
  });

  it('leaves our identifiers whole: snapshot ids, run ids, ARNs, request ids, digests', () => {
    const ids = [
      'prod01/20260301T020000Z/20260301T020312Z-1a2b3c4d', // its first 40 characters are one base64 run
      'sandbox/20260301T020000Z/20260301T020312Z-1a2b3c4d',
      newRunId(new Date('2026-03-01T02:00:05Z')),
      'arn:aws:iam::123456789012:role/service-role/BinderCollectorRoleForEvidence',
      'arn:aws:s3:::acme-soc2-evidence/binder/objects/sha256',
      '4f2c8a1e-7b3d-4e5f-9a6b-0c1d2e3f4a5b',
      'Yd6PSJxJFQeTYJ/3dDO7miqJfVMXXW0S2Hijo3WFs4bz6oe2QCVXasxXLZdMfASd/uR+CQbMZS8=', // S3 x-amz-id-2
      createHashLike(64),
      createHashLike(40),
      `objects/${createHashLike(64)}/${createHashLike(64)}`,
    ];
    for (const id of ids) expect(redactSecrets(`snapshot ${id} failed`), id).toBe(`snapshot ${id} failed`);
  });
});

function createHashLike(length: number): string {
  return randomBytes(length).toString('hex').slice(0, length);
}

describe('newRunId', () => {
  it('starts with the compact UTC time and is unique', () => {
    const now = new Date('2026-03-01T02:00:05.123Z');
    const a = newRunId(now);
    expect(a).toMatch(/^20260301T020005Z-[0-9a-f]{8}$/);
    expect(newRunId(now)).not.toBe(a);
  });
});
