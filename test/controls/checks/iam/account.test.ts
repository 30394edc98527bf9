/** IAM checks on the account resource: password policy, root MFA kind, server certificates. */
import { describe, expect, it } from 'vitest';
import { NoServerCertificates } from '../../../../controls/checks/iam/NoServerCertificates.ts';
import { PasswordPolicyStrong } from '../../../../controls/checks/iam/PasswordPolicyStrong.ts';
import { RootHardwareMfa } from '../../../../controls/checks/iam/RootHardwareMfa.ts';
import { account, credentials, judge, passwordPolicy, rootCredentials } from '../../fixtures.ts';

describe('iam.password-policy-strong', () => {
  it('passes a policy exactly at every threshold', () => {
    expect(judge(PasswordPolicyStrong, account()).outcome).toBe('pass');
  });

  it('fails when no password policy is set', () => {
    expect(judge(PasswordPolicyStrong, account({ passwordPolicy: null }))).toEqual({
      outcome: 'fail',
      reason: 'account 123456789012: no password policy set',
    });
  });

  it.each([
    ['length 13', { minimumPasswordLength: 13 }, 'minimum length 13 < 14'],
    ['length unset', { minimumPasswordLength: null }, 'minimum length unset < 14'],
    ['reuse 23', { passwordReusePrevention: 23 }, 'reuse prevention 23 < 24'],
    ['reuse unset', { passwordReusePrevention: null }, 'reuse prevention unset < 24'],
    ['symbols off', { requireSymbols: false }, 'symbols not required'],
    ['numbers off', { requireNumbers: false }, 'numbers not required'],
    ['uppercase off', { requireUppercaseCharacters: false }, 'uppercase not required'],
    ['lowercase off', { requireLowercaseCharacters: false }, 'lowercase not required'],
    ['max age 91', { maxPasswordAge: 91 }, 'maximum age 91 > 90'],
    ['no max age', { maxPasswordAge: null, expirePasswords: false }, 'no maximum age (limit 90)'],
  ])('fails with %s', (_label, over, expected) => {
    const v = judge(PasswordPolicyStrong, account({ passwordPolicy: passwordPolicy(over) }));
    expect(v.outcome).toBe('fail');
    expect(v.reason).toContain(expected);
  });

  it('lists every deficiency at once', () => {
    const v = judge(
      PasswordPolicyStrong,
      account({ passwordPolicy: passwordPolicy({ minimumPasswordLength: 8, requireSymbols: false }) }),
    );
    expect(v.reason).toBe(
      'account 123456789012: password policy minimum length 8 < 14, symbols not required',
    );
  });

  it('reads thresholds from settings', () => {
    const weak = account({
      passwordPolicy: passwordPolicy({
        minimumPasswordLength: 12,
        passwordReusePrevention: 5,
        maxPasswordAge: 180,
      }),
    });
    const settings = { minPasswordLength: 12, passwordReusePrevention: 5, maxPasswordAgeDays: 180 };
    expect(judge(PasswordPolicyStrong, weak, { settings }).outcome).toBe('pass');
  });
});

describe('iam.root-hardware-mfa', () => {
  const virtual = account({ rootVirtualMfaSerials: ['arn:aws:iam::123456789012:mfa/root-account-mfa-device'] });
  it('fails the root row when root MFA is a virtual device', () => {
    expect(judge(RootHardwareMfa, rootCredentials(), { others: [virtual] })).toEqual({
      outcome: 'fail',
      reason: 'root user: root MFA is virtual (arn:aws:iam::123456789012:mfa/root-account-mfa-device)',
    });
  });
  it('is reported against the root user, not the account settings', () => {
    expect(RootHardwareMfa.target).toBe('aws.iam.credentials');
    expect(RootHardwareMfa.reads).toEqual(['aws.iam.account']);
  });
  it('passes when root has MFA and no virtual device', () => {
    expect(judge(RootHardwareMfa, rootCredentials(), { others: [account(), credentials()] }).outcome).toBe('pass');
  });
  it('is not applicable when root has no MFA', () => {
    expect(judge(RootHardwareMfa, rootCredentials({ mfaActive: false }), { others: [virtual] }).outcome).toBe('not-applicable');
  });
  it('is not applicable to any other user, whatever the account says', () => {
    expect(judge(RootHardwareMfa, credentials(), { others: [virtual] })).toMatchObject({ outcome: 'not-applicable', reason: expect.stringContaining('not the root user') });
  });
  it('is not applicable when the account settings are not in the snapshot', () => {
    expect(judge(RootHardwareMfa, rootCredentials(), { others: [] }).outcome).toBe('not-applicable');
  });
});

describe('iam.no-server-certificates', () => {
  it.each([
    [0, 'pass'],
    [2, 'fail'],
    [null, 'not-applicable'],
  ] as const)('count %s -> %s', (count, outcome) => {
    expect(judge(NoServerCertificates, account({ serverCertificateCount: count })).outcome).toBe(outcome);
  });
});
