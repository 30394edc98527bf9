import { describe, expect, it } from 'vitest';
import { isLimitingCondition, isPolicyPublic } from '../../../collectors/aws/bucket-policy-public.ts';

const allow = (extra: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra }],
});

describe('isPolicyPublic', () => {
  it('is public for an Allow to Principal "*" without condition', () => {
    expect(isPolicyPublic(allow({ Principal: '*' }))).toBe(true);
  });
  it('is public for an Allow to {"AWS": "*"} and to {"AWS": ["*"]}', () => {
    expect(isPolicyPublic(allow({ Principal: { AWS: '*' } }))).toBe(true);
    expect(isPolicyPublic(allow({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }))).toBe(true);
  });
  it('accepts a single statement object (not wrapped in an array)', () => {
    expect(
      isPolicyPublic({ Statement: { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' } }),
    ).toBe(true);
  });
  it('is not public when the wildcard is limited to an organization, account, IP range or VPC endpoint', () => {
    for (const cond of [
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
      { StringEquals: { 'aws:sourcevpce': 'vpce-1a2b3c' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/E1' } },
    ]) {
      expect(isPolicyPublic(allow({ Principal: '*', Condition: cond })), JSON.stringify(cond)).toBe(false);
    }
  });
  it('stays public when the condition does not pin the principal (other key, negation, wildcard value, open CIDR)', () => {
    for (const cond of [
      { Bool: { 'aws:SecureTransport': 'true' } },
      { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      { StringLike: { 'aws:PrincipalOrgID': '*' } },
      { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } },
    ]) {
      expect(isPolicyPublic(allow({ Principal: '*', Condition: cond })), JSON.stringify(cond)).toBe(true);
    }
  });
  it('is not public for a Deny to "*", a named account or a service principal', () => {
    expect(
      isPolicyPublic({
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    ).toBe(false);
    expect(isPolicyPublic(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toBe(false);
    expect(isPolicyPublic(allow({ Principal: { Service: 'logging.s3.amazonaws.com' } }))).toBe(false);
  });
  it('treats a policy without statements as not public', () => {
    expect(isPolicyPublic({ Version: '2012-10-17' })).toBe(false);
  });
});

describe('isLimitingCondition', () => {
  it('ignores malformed condition blocks', () => {
    expect(isLimitingCondition(null)).toBe(false);
    expect(isLimitingCondition({ StringEquals: 'x' })).toBe(false);
  });
});
