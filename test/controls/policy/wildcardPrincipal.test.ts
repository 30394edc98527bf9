import { describe, expect, it } from 'vitest';
import { allowsWildcardPrincipal, isLimitingCondition } from '../../../controls/policy/wildcardPrincipal.ts';
import { doc } from '../fixtures.ts';

const publicGet = (principal: unknown, condition?: Record<string, unknown>) =>
  doc({
    Effect: 'Allow',
    Principal: principal,
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/*',
    ...(condition ? { Condition: condition } : {}),
  });

describe('allowsWildcardPrincipal', () => {
  it.each([
    ['Principal "*"', publicGet('*'), true],
    ['{"AWS": "*"}', publicGet({ AWS: '*' }), true],
    ['{"AWS": [account, "*"]}', publicGet({ AWS: ['arn:aws:iam::111122223333:root', '*'] }), true],
    ['a named account', publicGet({ AWS: 'arn:aws:iam::111122223333:root' }), false],
    ['a service principal', publicGet({ Service: 'logging.s3.amazonaws.com' }), false],
    [
      'Allow with NotPrincipal (everyone except)',
      doc({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::1:root' }, Action: 's3:*', Resource: '*' }),
      true,
    ],
    ['a Deny to "*"', doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), false],
  ])('%s: %s', (_label, policy, expected) => {
    expect(allowsWildcardPrincipal(policy)).toBe(expected);
  });

  it.each([
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['aws:SourceArn', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/*' } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-abc' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': ['111122223333'] } }],
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:SourceVpc', { StringEquals: { 'aws:SourceVpc': 'vpc-1' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }],
    ['aws:SourceOwner', { StringEquals: { 'aws:SourceOwner': '111122223333' } }],
    [
      'aws:PrincipalArn with a concrete account',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } },
    ],
    ['a key in another case', { StringEquals: { 'AWS:PRINCIPALORGID': 'o-abc' } }],
    ['ForAnyValue:StringEquals', { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } }],
  ])('is limited by %s', (_label, condition) => {
    expect(allowsWildcardPrincipal(publicGet('*', condition))).toBe(false);
  });

  it.each([
    ['an unrelated key', { Bool: { 'aws:SecureTransport': 'true' } }],
    ['a negated operator', { StringNotEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['an IfExists operator', { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }],
    [
      'ForAllValues (true when the key is absent)',
      { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } },
    ],
    ['a "*" value', { StringLike: { 'aws:SourceAccount': '*' } }],
    ['0.0.0.0/0', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }],
    ['aws:PrincipalArn with any account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } }],
    [
      's3:DataAccessPointArn with any account',
      { ArnLike: { 's3:DataAccessPointArn': 'arn:aws:s3:*:*:accesspoint/*' } },
    ],
  ])('is not limited by %s', (_label, condition) => {
    expect(allowsWildcardPrincipal(publicGet('*', condition))).toBe(true);
  });

  it.each([
    ['s3:DataAccessPointAccount (access control delegated to the account\'s access points)', { StringEquals: { 's3:DataAccessPointAccount': '123456789012' } }],
    ['s3:DataAccessPointArn naming one access point', { ArnEquals: { 's3:DataAccessPointArn': 'arn:aws:s3:us-east-1:123456789012:accesspoint/analytics' } }],
  ])('is limited by %s', (_label, condition) => {
    expect(allowsWildcardPrincipal(publicGet('*', condition))).toBe(false);
  });

  it('judges one condition test at a time', () => {
    expect(isLimitingCondition({ operator: 'StringEquals', key: 'aws:SourceAccount', values: [] })).toBe(
      false,
    );
    expect(
      isLimitingCondition({ operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '::/0'] }),
    ).toBe(false);
  });
});
