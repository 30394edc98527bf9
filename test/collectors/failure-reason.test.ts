import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../collectors/aws/aws-call-error.ts';
import { failureReason, newRunId, redactSecrets } from '../../collectors/collect-run.ts';
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
  it('masks anything shaped like a secret key, session token or access key id', () => {
    const { accessKeyId, secretAccessKey: secret } = generateFakeCredentials();
    const text = redactSecrets(`bad ${secret} key ${accessKeyId} token ${'A'.repeat(120)}`);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(accessKeyId);
    expect(text).not.toContain('A'.repeat(120));
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
