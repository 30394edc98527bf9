/** S3 public-access checks, with Block Public Access at bucket and account level. */
import { describe, expect, it } from 'vitest';
import { AccountPublicAccessBlock } from '../../../../controls/checks/s3/AccountPublicAccessBlock.ts';
import { BucketNotPublicRead } from '../../../../controls/checks/s3/BucketNotPublicRead.ts';
import { BucketNotPublicWrite } from '../../../../controls/checks/s3/BucketNotPublicWrite.ts';
import { BucketPolicyNoWildcardPrincipal } from '../../../../controls/checks/s3/BucketPolicyNoWildcardPrincipal.ts';
import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  accountBpa,
  bpa,
  bucket,
  doc,
  grant,
  judge,
} from '../../fixtures.ts';

const aclWith = (...grants: ReturnType<typeof grant>[]) => ({ ownerId: 'owner', grants });
const publicReadPolicy = doc({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::site/*',
});
const publicPutPolicy = doc({
  Sid: 'Drop',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['s3:PutObject'],
  Resource: 'arn:aws:s3:::site/*',
});

describe('s3.bucket-not-public-read', () => {
  it('passes a private bucket', () => {
    expect(judge(BucketNotPublicRead, bucket()).outcome).toBe('pass');
  });

  it.each([
    ['AllUsers READ', grant(ALL_USERS, 'READ')],
    ['AuthenticatedUsers READ', grant(AUTHENTICATED_USERS, 'READ')],
    ['AllUsers FULL_CONTROL', grant(ALL_USERS, 'FULL_CONTROL')],
  ])('fails an ACL granting %s', (label, g) => {
    expect(judge(BucketNotPublicRead, bucket({ name: 'site', acl: aclWith(g) }))).toEqual({
      outcome: 'fail',
      reason: `bucket site: ACL grants ${label}`,
    });
  });

  it('passes an ACL granting only WRITE to AllUsers (the write check judges that)', () => {
    expect(judge(BucketNotPublicRead, bucket({ acl: aclWith(grant(ALL_USERS, 'WRITE')) })).outcome).toBe(
      'pass',
    );
  });

  it('fails a bucket whose policy lets anyone read, naming the statement', () => {
    const v = judge(BucketNotPublicRead, bucket({ name: 'site', policy: publicReadPolicy }));
    expect(v.outcome).toBe('fail');
    expect(v.reason).toMatch(/^bucket site: policy .* allows s3:Get\*\/List\* to "\*"$/);
  });

  it('does not call a policy open only to writes public read (the write check fails it)', () => {
    const writeOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::site/*' }] };
    expect(judge(BucketNotPublicRead, bucket({ name: 'site', policy: writeOnly })).outcome).toBe('pass');
    expect(judge(BucketNotPublicWrite, bucket({ name: 'site', policy: writeOnly })).outcome).toBe('fail');
  });

  it.each([['s3:*'], ['*'], ['s3:List*'], ['s3:GetObjectVersion']])('counts a statement allowing %s as read', (action) => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: action, Resource: '*' }] };
    expect(judge(BucketNotPublicRead, bucket({ policy })).outcome).toBe('fail');
  });

  it('ignores a stored policyStatusIsPublic of older snapshots (binder never asks S3 for it)', () => {
    expect(judge(BucketNotPublicRead, bucket({ policy: null, policyStatusIsPublic: true })).outcome).toBe('pass');
  });

  it.each([
    ['bucket-level ignorePublicAcls', { publicAccessBlock: bpa({ ignorePublicAcls: true }) }, [], 'bucket'],
    ['account-level ignorePublicAcls', {}, [accountBpa(bpa({ ignorePublicAcls: true }))], 'account'],
  ])('passes a public ACL neutralised by %s', (_label, over, others, where) => {
    const v = judge(
      BucketNotPublicRead,
      bucket({ name: 'site', acl: aclWith(grant(ALL_USERS, 'READ')), ...over }),
      { others },
    );
    expect(v).toEqual({
      outcome: 'pass',
      reason: `bucket site: ACL AllUsers READ ignored (ignorePublicAcls at ${where})`,
    });
  });

  it.each([
    ['bucket-level restrictPublicBuckets', { publicAccessBlock: bpa({ restrictPublicBuckets: true }) }, []],
    ['account-level restrictPublicBuckets', {}, [accountBpa(bpa({ restrictPublicBuckets: true }))]],
  ])('passes a public policy neutralised by %s', (_label, over, others) => {
    const v = judge(
      BucketNotPublicRead,
      bucket({ policy: publicReadPolicy, ...over }),
      { others },
    );
    expect(v.outcome).toBe('pass');
  });

  it('still fails a public ACL when only blockPublicAcls / blockPublicPolicy / restrictPublicBuckets are on', () => {
    const b = bucket({
      acl: aclWith(grant(ALL_USERS, 'READ')),
      publicAccessBlock: bpa({ blockPublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    });
    expect(judge(BucketNotPublicRead, b).outcome).toBe('fail');
  });

  it('still fails a public policy when only ignorePublicAcls is on at account level', () => {
    const b = bucket({ policy: publicReadPolicy });
    expect(
      judge(BucketNotPublicRead, b, { others: [accountBpa(bpa({ ignorePublicAcls: true }))] }).outcome,
    ).toBe('fail');
  });

  it('treats an account resource without configuration as no protection', () => {
    const b = bucket({ acl: aclWith(grant(ALL_USERS, 'READ')) });
    expect(judge(BucketNotPublicRead, b, { others: [accountBpa(null)] }).outcome).toBe('fail');
  });
});

describe('s3.bucket-not-public-write', () => {
  it('passes a private bucket', () => {
    expect(judge(BucketNotPublicWrite, bucket()).outcome).toBe('pass');
  });

  it.each([
    ['AllUsers WRITE', grant(ALL_USERS, 'WRITE')],
    ['AuthenticatedUsers WRITE_ACP', grant(AUTHENTICATED_USERS, 'WRITE_ACP')],
    ['AllUsers FULL_CONTROL', grant(ALL_USERS, 'FULL_CONTROL')],
  ])('fails an ACL granting %s', (label, g) => {
    expect(judge(BucketNotPublicWrite, bucket({ name: 'site', acl: aclWith(g) })).reason).toBe(
      `bucket site: ACL grants ${label}`,
    );
  });

  it('passes a public READ ACL', () => {
    expect(judge(BucketNotPublicWrite, bucket({ acl: aclWith(grant(ALL_USERS, 'READ')) })).outcome).toBe(
      'pass',
    );
  });

  it.each([
    ['s3:PutObject as a list', publicPutPolicy, 'fail'],
    [
      's3:DeleteObject as a string',
      doc({ Effect: 'Allow', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }),
      'fail',
    ],
    ['s3:*', doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }), 'fail'],
    ['"*"', doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), 'fail'],
    [
      'NotAction s3:Get* (allows everything else)',
      doc({ Effect: 'Allow', Principal: '*', NotAction: 's3:Get*', Resource: '*' }),
      'fail',
    ],
    ['s3:GetObject only', publicReadPolicy, 'pass'],
    [
      's3:PutObject limited by aws:PrincipalOrgID',
      doc({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      }),
      'pass',
    ],
    [
      's3:PutObject to a named account',
      doc({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 's3:PutObject',
        Resource: '*',
      }),
      'pass',
    ],
  ])('policy allowing %s to "*" -> %s', (_label, policy, outcome) => {
    expect(
      judge(BucketNotPublicWrite, bucket({ policy })).outcome,
    ).toBe(outcome);
  });

  it('names the statement in the reason', () => {
    expect(judge(BucketNotPublicWrite, bucket({ name: 'site', policy: publicPutPolicy })).reason).toBe(
      'bucket site: policy statement 1 (Sid Drop) allows s3:Put*/Delete* to "*"',
    );
  });

  it('passes a public-write ACL and policy neutralised at account level', () => {
    const b = bucket({ acl: aclWith(grant(ALL_USERS, 'WRITE')), policy: publicPutPolicy });
    const v = judge(BucketNotPublicWrite, b, { others: [accountBpa()] });
    expect(v.outcome).toBe('pass');
    expect(v.reason).toContain('ignorePublicAcls at account');
    expect(v.reason).toContain('restrictPublicBuckets at account');
  });

  it('fails when the ACL is neutralised but the policy is not', () => {
    const b = bucket({
      acl: aclWith(grant(ALL_USERS, 'WRITE')),
      policy: publicPutPolicy,
      publicAccessBlock: bpa({ ignorePublicAcls: true }),
    });
    expect(judge(BucketNotPublicWrite, b).outcome).toBe('fail');
  });
});

describe('s3.bucket-policy-no-wildcard-principal', () => {
  it.each([
    ['no policy', null, 'pass'],
    ['the default TLS-only Deny to "*"', undefined, 'pass'],
    ['an Allow to "*"', publicReadPolicy, 'fail'],
    ['an Allow to {"AWS": "*"}', publicPutPolicy, 'fail'],
    [
      'an Allow to "*" limited by aws:SourceVpce',
      doc({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      }),
      'pass',
    ],
    [
      'an Allow to "*" with only a TLS condition',
      doc({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      }),
      'fail',
    ],
    [
      'an Allow to a service',
      doc({
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: '*',
      }),
      'pass',
    ],
  ])('%s -> %s', (_label, policy, outcome) => {
    const b = policy === undefined ? bucket() : bucket({ policy });
    expect(judge(BucketPolicyNoWildcardPrincipal, b).outcome).toBe(outcome);
  });

  it('is not neutralised by Block Public Access (the grant itself is the finding)', () => {
    const b = bucket({ policy: publicReadPolicy, publicAccessBlock: bpa(true) });
    expect(judge(BucketPolicyNoWildcardPrincipal, b, { others: [accountBpa()] }).outcome).toBe('fail');
  });
});

describe('s3.account-public-access-block', () => {
  it('passes with all four settings on', () => {
    expect(judge(AccountPublicAccessBlock, accountBpa())).toEqual({
      outcome: 'pass',
      reason: 'account 123456789012: all four Block Public Access settings on',
    });
  });
  it('fails when not configured', () => {
    expect(judge(AccountPublicAccessBlock, accountBpa(null)).reason).toBe(
      'account 123456789012: Block Public Access not configured',
    );
  });
  it.each(['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const)(
    'fails when %s is off',
    (setting) => {
      const v = judge(AccountPublicAccessBlock, accountBpa({ ...bpa(true), [setting]: false }));
      expect(v).toEqual({
        outcome: 'fail',
        reason: `account 123456789012: Block Public Access ${setting} off`,
      });
    },
  );
});
