/** KMS checks: rotation (scope of keys judged), public key policies, keys pending deletion. */
import { describe, expect, it } from 'vitest';
import { KeyNotPendingDeletion } from '../../../../controls/checks/kms/KeyNotPendingDeletion.ts';
import { KeyPolicyNoPublicAccess } from '../../../../controls/checks/kms/KeyPolicyNoPublicAccess.ts';
import { KeyRotation } from '../../../../controls/checks/kms/KeyRotation.ts';
import { KmsKey } from '../../../../model/resources.ts';
import { ACCOUNT, doc, judge } from '../../fixtures.ts';

type Over<T> = Partial<Omit<T, 'type'>>;

const ROOT_ADMIN = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

function kmsKey(over: Over<KmsKey> = {}): KmsKey {
  const keyId = over.keyId ?? '1234abcd-12ab-34cd-56ef-1234567890ab';
  return KmsKey.parse({
    type: 'aws.kms.key',
    id: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`,
    keyId,
    region: 'us-east-1',
    description: 'records',
    keyManager: 'CUSTOMER',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    keyState: 'Enabled',
    origin: 'AWS_KMS',
    multiRegion: false,
    creationDate: '2025-01-01T00:00:00Z',
    deletionDate: null,
    rotationEnabled: true,
    rotationPeriodDays: 365,
    policy: doc(ROOT_ADMIN),
    ...over,
  });
}

const LABEL = 'key 1234abcd-12ab-34cd-56ef-1234567890ab (us-east-1)';
const awsManaged = kmsKey({
  keyManager: 'AWS',
  rotationEnabled: null,
  rotationPeriodDays: null,
  policy: null,
});

describe('kms.key-rotation', () => {
  it('passes a rotating customer-managed symmetric key', () => {
    expect(judge(KeyRotation, kmsKey())).toEqual({
      outcome: 'pass',
      reason: `${LABEL}: rotation enabled every 365 days`,
    });
  });

  it('fails one that does not rotate', () => {
    expect(judge(KeyRotation, kmsKey({ rotationEnabled: false, rotationPeriodDays: null }))).toEqual({
      outcome: 'fail',
      reason: `${LABEL}: rotationEnabled false`,
    });
  });

  it.each([
    ['an AWS-managed key', awsManaged, 'AWS-managed'],
    [
      'an asymmetric key',
      kmsKey({ keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', rotationEnabled: null }),
      'key spec RSA_2048',
    ],
    [
      'an HMAC key',
      kmsKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', rotationEnabled: null }),
      'key spec HMAC_256',
    ],
    ['imported key material', kmsKey({ origin: 'EXTERNAL', rotationEnabled: null }), 'origin EXTERNAL'],
    [
      'a key pending deletion',
      kmsKey({ keyState: 'PendingDeletion', rotationEnabled: false }),
      'state PendingDeletion',
    ],
    ['a disabled key', kmsKey({ keyState: 'Disabled', rotationEnabled: false }), 'state Disabled'],
  ])('is not applicable to %s', (_label, key, why) => {
    expect(judge(KeyRotation, key)).toEqual({
      outcome: 'not-applicable',
      reason: `${LABEL}: ${why}, rotation not judged`,
    });
  });

  it('is not applicable when the rotation status was not collected', () => {
    expect(judge(KeyRotation, kmsKey({ rotationEnabled: null })).reason).toBe(
      `${LABEL}: rotation status not collected`,
    );
  });
});

const everyone = (extra: Record<string, unknown> = {}) => ({
  Sid: 'Open',
  Effect: 'Allow',
  Principal: '*',
  Action: 'kms:*',
  Resource: '*',
  ...extra,
});

describe('kms.key-policy-no-public-access', () => {
  const verdict = (...statements: Record<string, unknown>[]) =>
    judge(KeyPolicyNoPublicAccess, kmsKey({ policy: doc(ROOT_ADMIN, ...statements) }));

  it('passes the default key policy (the account root)', () => {
    expect(verdict().outcome).toBe('pass');
  });

  it.each([
    ['Principal "*" with kms:*', everyone()],
    ['{"AWS": "*"} with "*"', everyone({ Principal: { AWS: '*' }, Action: '*' })],
    ['a list holding kms:*', everyone({ Action: ['kms:Decrypt', 'KMS:*'] })],
    [
      'NotPrincipal',
      {
        Sid: 'Open',
        Effect: 'Allow',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
    [
      'a NotAction naming no kms action',
      { Sid: 'Open', Effect: 'Allow', Principal: '*', NotAction: 'iam:*', Resource: '*' },
    ],
    [
      'a negated condition',
      everyone({ Condition: { StringNotEquals: { 'kms:CallerAccount': '111122223333' } } }),
    ],
    ['a wildcard caller account', everyone({ Condition: { StringLike: { 'kms:CallerAccount': '*' } } })],
    ['a condition on another key', everyone({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })],
    [
      'a network condition only',
      everyone({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
    ],
  ])('fails %s', (_label, statement) => {
    expect(verdict(statement)).toEqual({
      outcome: 'fail',
      reason: `${LABEL}: statement 2 (Sid Open) allows kms:* to any principal without a limiting condition`,
    });
  });

  it.each([
    ['kms:CallerAccount', { StringEquals: { 'kms:CallerAccount': '111122223333' } }],
    ['kms:ViaService', { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }],
    ['kms:ViaService like', { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    ['aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }],
    [
      'both, ForAnyValue',
      { 'ForAnyValue:StringEquals': { 'kms:CallerAccount': ['111122223333', '444455556666'] } },
    ],
  ])('passes a wildcard principal limited by %s', (_label, Condition) => {
    expect(verdict(everyone({ Condition })).outcome).toBe('pass');
  });

  it('passes an Allow of some KMS actions only to everyone (not kms:* or *), and any Deny', () => {
    expect(verdict(everyone({ Action: ['kms:Decrypt', 'kms:DescribeKey'] })).outcome).toBe('pass');
    expect(verdict({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }).outcome).toBe('pass');
  });

  it('names every open statement', () => {
    expect(verdict(everyone(), everyone({ Sid: 'Again' })).reason).toBe(
      `${LABEL}: statement 2 (Sid Open), statement 3 (Sid Again) allow kms:* to any principal without a limiting condition`,
    );
  });

  it('judges customer-managed keys in any state, pending deletion included', () => {
    const key = kmsKey({ keyState: 'PendingDeletion', policy: doc(everyone()) });
    expect(judge(KeyPolicyNoPublicAccess, key).outcome).toBe('fail');
  });

  it('is not applicable to an AWS-managed key or a policy not collected', () => {
    expect(judge(KeyPolicyNoPublicAccess, awsManaged)).toEqual({
      outcome: 'not-applicable',
      reason: `${LABEL}: AWS-managed, policy not judged`,
    });
    expect(judge(KeyPolicyNoPublicAccess, kmsKey({ policy: null })).reason).toBe(
      `${LABEL}: key policy not collected`,
    );
  });
});

describe('kms.key-not-pending-deletion', () => {
  it('passes an enabled or disabled key', () => {
    expect(judge(KeyNotPendingDeletion, kmsKey())).toEqual({
      outcome: 'pass',
      reason: `${LABEL}: state Enabled`,
    });
    expect(judge(KeyNotPendingDeletion, kmsKey({ keyState: 'Disabled' })).outcome).toBe('pass');
  });

  it('fails a key pending deletion, naming the date', () => {
    const key = kmsKey({
      keyState: 'PendingDeletion',
      deletionDate: '2026-06-01T00:00:00Z',
      rotationEnabled: null,
    });
    expect(judge(KeyNotPendingDeletion, key)).toEqual({
      outcome: 'fail',
      reason: `${LABEL}: state PendingDeletion, deletion on 2026-06-01`,
    });
  });

  it('passes PendingReplicaDeletion (only PendingDeletion fails)', () => {
    expect(
      judge(KeyNotPendingDeletion, kmsKey({ keyState: 'PendingReplicaDeletion', multiRegion: true })).outcome,
    ).toBe('pass');
  });

  it('is not applicable to an AWS-managed key', () => {
    expect(judge(KeyNotPendingDeletion, awsManaged)).toEqual({
      outcome: 'not-applicable',
      reason: `${LABEL}: AWS-managed`,
    });
  });
});
