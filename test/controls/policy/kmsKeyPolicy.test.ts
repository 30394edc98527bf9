import { describe, expect, it } from 'vitest';
import { isKmsLimitingCondition, publicKmsStatements } from '../../../controls/policy/kmsKeyPolicy.ts';
import { allowsWildcardPrincipal, isLimitingCondition } from '../../../controls/policy/wildcardPrincipal.ts';
import { doc } from '../fixtures.ts';

const test = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });

describe('isKmsLimitingCondition', () => {
  it('accepts kms:CallerAccount with a concrete account and kms:ViaService with a service', () => {
    expect(isKmsLimitingCondition(test('StringEquals', 'kms:CallerAccount', '111122223333'))).toBe(true);
    expect(isKmsLimitingCondition(test('StringEquals', 'KMS:CALLERACCOUNT', '111122223333'))).toBe(true);
    expect(isKmsLimitingCondition(test('StringLike', 'kms:ViaService', 'rds.*.amazonaws.com'))).toBe(true);
    expect(
      isKmsLimitingCondition(
        test('ForAnyValue:StringEquals', 'kms:ViaService', 'ec2.us-east-1.amazonaws.com'),
      ),
    ).toBe(true);
  });

  it('refuses wildcard values, negated operators, IfExists and partial accounts', () => {
    expect(isKmsLimitingCondition(test('StringLike', 'kms:CallerAccount', '*'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringLike', 'kms:CallerAccount', '1111*'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringLike', 'kms:ViaService', '*'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringNotEquals', 'kms:CallerAccount', '111122223333'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringEqualsIfExists', 'kms:CallerAccount', '111122223333'))).toBe(
      false,
    );
    expect(isKmsLimitingCondition(test('StringEquals', 'kms:CallerAccount'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringEquals', 'kms:EncryptionContext:app', 'x'))).toBe(false);
  });

  it('does not count network conditions (not accounts, organisations or services)', () => {
    expect(isKmsLimitingCondition(test('IpAddress', 'aws:SourceIp', '203.0.113.0/24'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringEquals', 'aws:SourceVpce', 'vpce-1a2b'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringEquals', 'aws:SourceVpc', 'vpc-1a2b'))).toBe(false);
    expect(isLimitingCondition(test('IpAddress', 'aws:SourceIp', '203.0.113.0/24'))).toBe(true);
  });

  it('keeps the account, organisation and service keys of the bucket-policy reading', () => {
    expect(isKmsLimitingCondition(test('StringEquals', 'aws:SourceAccount', '111122223333'))).toBe(true);
    expect(
      isKmsLimitingCondition(test('ArnLike', 'aws:SourceArn', 'arn:aws:cloudtrail:*:111122223333:trail/*')),
    ).toBe(true);
    expect(isKmsLimitingCondition(test('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/x'))).toBe(false);
    expect(isKmsLimitingCondition(test('StringEquals', 'aws:PrincipalOrgID', '*'))).toBe(false);
  });

  it('keeps the bucket-policy keys', () => {
    expect(isKmsLimitingCondition(test('StringEquals', 'aws:PrincipalOrgID', 'o-abc'))).toBe(true);
  });

  it('leaves the bucket-policy reading unchanged: kms keys do not limit there', () => {
    expect(isLimitingCondition(test('StringEquals', 'kms:CallerAccount', '111122223333'))).toBe(false);
    const policy = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } },
    });
    expect(allowsWildcardPrincipal(policy)).toBe(true);
  });
});

describe('publicKmsStatements', () => {
  const open = (extra: Record<string, unknown> = {}) => ({
    Effect: 'Allow',
    Principal: '*',
    Action: 'kms:*',
    Resource: '*',
    ...extra,
  });

  it('finds an unconditioned Allow of kms:* or * to everyone', () => {
    expect(publicKmsStatements(doc(open())).map((s) => s.index)).toEqual([0]);
    expect(publicKmsStatements(doc(open({ Action: '*', Principal: { AWS: ['*'] } }))).length).toBe(1);
  });

  it('ignores named principals, partial actions, Deny and limited statements', () => {
    expect(publicKmsStatements(doc(open({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })))).toEqual(
      [],
    );
    expect(publicKmsStatements(doc(open({ Action: 'kms:Decrypt' })))).toEqual([]);
    expect(publicKmsStatements(doc(open({ Effect: 'Deny' })))).toEqual([]);
    expect(
      publicKmsStatements(
        doc(open({ Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } })),
      ),
    ).toEqual([]);
    expect(publicKmsStatements(null)).toEqual([]);
  });

  it('counts a NotAction that leaves kms:* in, not one that takes some of it out', () => {
    expect(
      publicKmsStatements(doc({ Effect: 'Allow', Principal: '*', NotAction: 's3:*', Resource: '*' })).length,
    ).toBe(1);
    expect(
      publicKmsStatements(doc({ Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' })),
    ).toEqual([]);
  });
});
