/** IAM checks on how users, groups, roles and policies relate. */
import { describe, expect, it } from 'vitest';
import { CustomerPolicyAttached } from '../../../../controls/checks/iam/CustomerPolicyAttached.ts';
import { CustomerPolicyAttachedToRole } from '../../../../controls/checks/iam/CustomerPolicyAttachedToRole.ts';
import { GroupHasMembers } from '../../../../controls/checks/iam/GroupHasMembers.ts';
import { UserInGroup } from '../../../../controls/checks/iam/UserInGroup.ts';
import { UserPermissionsBoundary } from '../../../../controls/checks/iam/UserPermissionsBoundary.ts';
import { group, judge, managedPolicy, role, user } from '../../fixtures.ts';

describe('iam.user-in-group', () => {
  it('fails a user in no group', () => {
    expect(judge(UserInGroup, user({ groups: [] }))).toEqual({
      outcome: 'fail',
      reason: 'user alice: in no group',
    });
  });
  it('passes a user in a group', () => {
    expect(judge(UserInGroup, user()).outcome).toBe('pass');
  });
});

describe('iam.group-has-members', () => {
  it('fails a group no user belongs to that still holds a policy', () => {
    const held = group({ name: 'empty', attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] });
    expect(judge(GroupHasMembers, held, { others: [user()] })).toEqual({
      outcome: 'fail',
      reason: 'group empty: no member, holds managed ReadOnlyAccess',
    });
  });
  it('passes a group with a member, read from the users in the snapshot', () => {
    expect(judge(GroupHasMembers, group(), { others: [user(), user({ name: 'bob' })] }).reason).toBe(
      'group developers: 2 member(s)',
    );
  });
});

describe('iam.customer-policy-attached-to-role', () => {
  const policy = managedPolicy({ name: 'Deploy' });
  it('passes when a role in the snapshot has it attached', () => {
    const r = role({ attachedPolicies: [{ arn: policy.id, name: policy.name }] });
    expect(judge(CustomerPolicyAttachedToRole, policy, { others: [r] })).toEqual({
      outcome: 'pass',
      reason: 'policy Deploy: attached to role deploy',
    });
  });
  it('fails when only users or groups use it', () => {
    expect(judge(CustomerPolicyAttachedToRole, policy, { others: [role()] }).outcome).toBe('fail');
  });
  it('is not applicable to a policy used only as a permissions boundary: a boundary grants nothing', () => {
    const boundary = managedPolicy({ name: 'DevBoundary', attachmentCount: 0, permissionsBoundaryUsageCount: 3 });
    expect(judge(CustomerPolicyAttachedToRole, boundary, { others: [role()] })).toEqual({
      outcome: 'not-applicable',
      reason: 'policy DevBoundary: used only as a permissions boundary (3), which grants nothing',
    });
  });
  it('still fails a boundary policy that is also attached to users but no role', () => {
    const both = managedPolicy({ attachmentCount: 2, permissionsBoundaryUsageCount: 3 });
    expect(judge(CustomerPolicyAttachedToRole, both, { others: [role()] }).outcome).toBe('fail');
  });
  it('is not applicable to AWS-managed policies', () => {
    expect(judge(CustomerPolicyAttachedToRole, managedPolicy({ isAwsManaged: true })).outcome).toBe(
      'not-applicable',
    );
  });
});

describe('iam.customer-policy-attached', () => {
  it.each([
    [0, 0, 'fail'],
    [1, 0, 'pass'],
    [0, 1, 'pass'],
  ] as const)(
    'attachments %s, boundary uses %s -> %s',
    (attachmentCount, permissionsBoundaryUsageCount, outcome) => {
      expect(
        judge(CustomerPolicyAttached, managedPolicy({ attachmentCount, permissionsBoundaryUsageCount }))
          .outcome,
      ).toBe(outcome);
    },
  );
  it('is not applicable to AWS-managed policies', () => {
    expect(
      judge(CustomerPolicyAttached, managedPolicy({ isAwsManaged: true, attachmentCount: 0 })).outcome,
    ).toBe('not-applicable');
  });
});

describe('iam.user-permissions-boundary', () => {
  it('is not applicable while requirePermissionsBoundary is false (the default)', () => {
    expect(judge(UserPermissionsBoundary, user()).outcome).toBe('not-applicable');
  });
  it('fails a user without a boundary when required', () => {
    expect(
      judge(UserPermissionsBoundary, user(), { settings: { requirePermissionsBoundary: true } }),
    ).toEqual({
      outcome: 'fail',
      reason: 'user alice: no permissions boundary',
    });
  });
  it('passes a user with a boundary when required', () => {
    const u = user({ permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/Boundary' });
    expect(
      judge(UserPermissionsBoundary, u, { settings: { requirePermissionsBoundary: true } }).outcome,
    ).toBe('pass');
  });
});
