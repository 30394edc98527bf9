/**
 * IAM resources used legitimately in ways a naive reading of the checks misjudges: a policy that is
 * only a permissions boundary, service-linked and Identity Center roles, a user with no credential,
 * an empty group that grants nothing. Each case also shows the neighbouring case that still fails.
 */
import { describe, expect, it } from 'vitest';
import { CustomerPolicyNoAdmin } from '../../../../controls/checks/iam/CustomerPolicyNoAdmin.ts';
import { CustomerPolicyNoCloudTrailAll } from '../../../../controls/checks/iam/CustomerPolicyNoCloudTrailAll.ts';
import { GroupHasMembers } from '../../../../controls/checks/iam/GroupHasMembers.ts';
import { InlinePolicyNoAdmin } from '../../../../controls/checks/iam/InlinePolicyNoAdmin.ts';
import { InlinePolicyNoPrivilegeEscalation } from '../../../../controls/checks/iam/InlinePolicyNoPrivilegeEscalation.ts';
import { NoInlinePolicies } from '../../../../controls/checks/iam/NoInlinePolicies.ts';
import { NoMarketplaceSubscribeAll } from '../../../../controls/checks/iam/NoMarketplaceSubscribeAll.ts';
import { UserMfa } from '../../../../controls/checks/iam/UserMfa.ts';
import { ADMIN, NO_KEY, allow, credentials, deny, doc, group, judge, managedPolicy, role, user } from '../../fixtures.ts';

/** The usual shape of a boundary: allow everything, then take away with Deny statements. */
const BOUNDARY = doc(allow('*', '*'), deny(['iam:*', 'organizations:*'], '*'));

describe('a customer policy used only as a permissions boundary grants nothing', () => {
  const boundary = managedPolicy({ name: 'DevBoundary', document: BOUNDARY, attachmentCount: 0, permissionsBoundaryUsageCount: 4 });
  const reason = 'policy DevBoundary: used only as a permissions boundary (4), which grants nothing';

  it.each([
    ['iam.customer-policy-no-admin', CustomerPolicyNoAdmin],
    ['iam.customer-policy-no-cloudtrail-all', CustomerPolicyNoCloudTrailAll],
    ['iam.no-marketplace-subscribe-all', NoMarketplaceSubscribeAll],
  ] as const)('is not applicable to %s', (_id, check) => {
    expect(judge(check as typeof CustomerPolicyNoAdmin, boundary)).toEqual({ outcome: 'not-applicable', reason });
  });

  it.each([
    ['also attached to a user', { attachmentCount: 1, permissionsBoundaryUsageCount: 4 }],
    ['attached to nothing at all (one attach away from a grant)', { attachmentCount: 0, permissionsBoundaryUsageCount: 0 }],
  ])('still fails the same document %s', (_label, counts) => {
    const p = managedPolicy({ name: 'DevBoundary', document: BOUNDARY, ...counts });
    expect(judge(CustomerPolicyNoAdmin, p).outcome).toBe('fail');
    expect(judge(CustomerPolicyNoCloudTrailAll, p).outcome).toBe('fail');
    expect(judge(NoMarketplaceSubscribeAll, p).outcome).toBe('fail');
  });
});

describe('service-linked roles: AWS writes their policies', () => {
  const slr = role({
    name: 'AWSServiceRoleForExample',
    path: '/aws-service-role/example.amazonaws.com/',
    inlinePolicies: [{ name: 'ExampleServicePolicy', document: doc(allow(['iam:PassRole', 'ec2:RunInstances', 'aws-marketplace:Subscribe'], '*'), allow('*', '*')) }],
  });

  it.each([
    ['iam.no-inline-policies', NoInlinePolicies],
    ['iam.inline-policy-no-admin', InlinePolicyNoAdmin],
    ['iam.inline-policy-no-privesc', InlinePolicyNoPrivilegeEscalation],
    ['iam.no-marketplace-subscribe-all', NoMarketplaceSubscribeAll],
  ] as const)('are not applicable to %s', (_id, check) => {
    expect(judge(check as typeof NoInlinePolicies, slr)).toEqual({
      outcome: 'not-applicable',
      reason: 'role AWSServiceRoleForExample: service-linked role (path /aws-service-role/example.amazonaws.com/), its policies are written by AWS',
    });
  });

  it('a service role of our own (a Lambda execution role) with the same inline policy still fails', () => {
    const own = { ...slr, name: 'app-lambda', path: '/service-role/' };
    for (const check of [NoInlinePolicies, InlinePolicyNoAdmin, InlinePolicyNoPrivilegeEscalation, NoMarketplaceSubscribeAll]) {
      expect(judge(check as typeof NoInlinePolicies, own).outcome).toBe('fail');
    }
  });
});

describe('IAM Identity Center roles: the inline policy is the permission set', () => {
  const sso = role({
    name: 'AWSReservedSSO_Admins_0123456789abcdef',
    path: '/aws-reserved/sso.amazonaws.com/',
    inlinePolicies: [{ name: 'AwsSSOInlinePolicy', document: ADMIN }],
  });
  it('is not applicable to iam.no-inline-policies', () => {
    expect(judge(NoInlinePolicies, sso)).toEqual({
      outcome: 'not-applicable',
      reason: 'role AWSReservedSSO_Admins_0123456789abcdef: provisioned by IAM Identity Center (path /aws-reserved/sso.amazonaws.com/), its inline policy is managed in the permission set',
    });
  });
  it('still fails what the inline policy grants: admin access through a permission set is admin access', () => {
    expect(judge(InlinePolicyNoAdmin, sso).outcome).toBe('fail');
  });
});

describe('iam.user-mfa on a user with no credential at all', () => {
  it('is not applicable: no password, no active key, no signing certificate, nothing for MFA to protect', () => {
    const none = credentials({ user: 'placeholder', passwordEnabled: false, mfaActive: false, accessKey1: NO_KEY });
    expect(judge(UserMfa, none)).toEqual({
      outcome: 'not-applicable',
      reason: 'user placeholder: no console password, active access key or signing certificate, so nothing for MFA to protect',
    });
  });
  it.each([
    ['an active access key', { accessKey1: credentials().accessKey1 }],
    ['an active signing certificate', { accessKey1: NO_KEY, cert1Active: true }],
    ['a console password', { accessKey1: NO_KEY, passwordEnabled: true }],
  ])('still fails a user without MFA who has %s', (_label, over) => {
    const row = credentials({ passwordEnabled: false, mfaActive: false, ...over });
    expect(judge(UserMfa, row).outcome).toBe('fail');
  });
});

describe('iam.group-has-members on an empty group that grants nothing', () => {
  it('is not applicable: there is no grant waiting to be handed out', () => {
    expect(judge(GroupHasMembers, group({ name: 'placeholder' }), { others: [user()] })).toEqual({
      outcome: 'not-applicable',
      reason: 'group placeholder: no member, and no policy to grant',
    });
  });
  it('still fails an empty group with only an inline policy', () => {
    const g = group({ name: 'break-glass', inlinePolicies: [{ name: 'admin', document: ADMIN }] });
    expect(judge(GroupHasMembers, g, { others: [user()] })).toEqual({
      outcome: 'fail',
      reason: 'group break-glass: no member, holds inline admin',
    });
  });
});
