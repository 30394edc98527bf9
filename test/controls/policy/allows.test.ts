import { describe, expect, it } from 'vitest';
import { allows, allowsOnSomeResource } from '../../../controls/policy/allows.ts';
import { allow, deny, doc } from '../fixtures.ts';

describe('allows', () => {
  it.each([
    ['Action as a string', doc(allow('s3:GetObject')), 's3:GetObject', true],
    ['Action as a list', doc(allow(['s3:PutObject', 's3:GetObject'])), 's3:GetObject', true],
    ['service wildcard', doc(allow('s3:*')), 's3:DeleteBucket', true],
    ['full wildcard', doc(allow('*')), 'iam:PassRole', true],
    ['prefix wildcard', doc(allow('s3:Get*')), 's3:PutObject', false],
    ['question mark', doc(allow('iam:Pass?ole')), 'iam:PassRole', true],
    ['case-insensitive action', doc(allow('IAM:PASSROLE')), 'iam:PassRole', true],
    [
      'NotAction leaves other services allowed',
      doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }),
      's3:*',
      true,
    ],
    [
      'NotAction excludes its own service',
      doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }),
      'iam:CreateUser',
      false,
    ],
    [
      'NotAction partly overlapping a wildcard query',
      doc({ Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' }),
      's3:*',
      false,
    ],
  ])('%s', (_label, policy, action, expected) => {
    expect(allows(policy, action, '*')).toBe(expected);
  });

  it('lets an unconditional Deny win over an Allow', () => {
    expect(allows(doc(allow('*'), deny('iam:*')), 'iam:PassRole')).toBe(false);
    expect(allows(doc(allow('*'), deny('iam:*')), 's3:GetObject')).toBe(true);
  });

  it('does not count a conditional Deny, which may not apply', () => {
    const policy = doc(
      allow('s3:*'),
      deny('s3:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }),
    );
    expect(allows(policy, 's3:GetObject')).toBe(true);
  });

  it('counts a conditional Allow unless told not to', () => {
    const policy = doc(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }));
    expect(allows(policy, 's3:GetObject')).toBe(true);
    expect(allows(policy, 's3:GetObject', '*', { includeConditionalAllows: false })).toBe(false);
  });

  it('a Deny of part of a wildcard query means the whole query is not allowed', () => {
    expect(allows(doc(allow('s3:*'), deny('s3:DeleteBucket')), 's3:*')).toBe(false);
  });

  it('requires the Resource to cover the queried resource', () => {
    const policy = doc(allow('s3:GetObject', 'arn:aws:s3:::data/*'));
    expect(allows(policy, 's3:GetObject', 'arn:aws:s3:::data/file')).toBe(true);
    expect(allows(policy, 's3:GetObject', 'arn:aws:s3:::other/file')).toBe(false);
    expect(allows(policy, 's3:GetObject', '*')).toBe(false);
  });

  it('reads NotResource as everything except the listed resources', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' });
    expect(allows(policy, 's3:GetObject', 'arn:aws:s3:::public/x')).toBe(true);
    expect(allows(policy, 's3:GetObject', 'arn:aws:s3:::secret/x')).toBe(false);
    expect(allows(policy, 's3:GetObject', '*')).toBe(false);
  });

  it('allows nothing for an empty or missing document', () => {
    expect(allows(null, 's3:GetObject')).toBe(false);
    expect(allows(doc(), '*')).toBe(false);
  });
});

describe('allowsOnSomeResource', () => {
  it('counts a grant on one resource', () => {
    expect(
      allowsOnSomeResource(doc(allow('iam:PassRole', 'arn:aws:iam::1:role/admin')), 'iam:PassRole'),
    ).toBe(true);
  });
  it('is cancelled only by an unconditional Deny covering the action on every resource', () => {
    expect(allowsOnSomeResource(doc(allow('iam:*'), deny('iam:PassRole')), 'iam:PassRole')).toBe(false);
    expect(
      allowsOnSomeResource(
        doc(allow('iam:*'), deny('iam:PassRole', 'arn:aws:iam::1:role/x')),
        'iam:PassRole',
      ),
    ).toBe(true);
  });
});
