import { describe, expect, it } from 'vitest';
import {
  ESCALATION_COMBINATIONS,
  escalationCombinations,
} from '../../../controls/policy/privilegeEscalation.ts';
import { allow, deny, doc } from '../fixtures.ts';

const names = (policy: ReturnType<typeof doc>) => escalationCombinations(policy).map((c) => c.name);

describe('escalationCombinations', () => {
  it.each([
    ['iam:CreatePolicyVersion', doc(allow('iam:CreatePolicyVersion')), 'CreatePolicyVersion'],
    ['iam:SetDefaultPolicyVersion', doc(allow('iam:SetDefaultPolicyVersion')), 'SetDefaultPolicyVersion'],
    ['iam:AttachUserPolicy', doc(allow('iam:AttachUserPolicy')), 'AttachUserPolicy'],
    ['iam:PutRolePolicy', doc(allow('iam:PutRolePolicy')), 'PutRolePolicy'],
    ['iam:CreateAccessKey', doc(allow('iam:CreateAccessKey')), 'CreateAccessKey'],
    ['iam:UpdateLoginProfile', doc(allow('iam:UpdateLoginProfile')), 'UpdateLoginProfile'],
    ['iam:UpdateAssumeRolePolicy', doc(allow('iam:UpdateAssumeRolePolicy')), 'UpdateAssumeRolePolicy'],
    [
      'PassRole + lambda:CreateFunction',
      doc(allow(['iam:PassRole', 'lambda:CreateFunction'])),
      'PassRole+Lambda',
    ],
    [
      'PassRole on one role + ec2:RunInstances',
      doc(allow('iam:PassRole', 'arn:aws:iam::1:role/admin'), allow('ec2:RunInstances')),
      'PassRole+EC2',
    ],
    [
      'PassRole + cloudformation:CreateStack',
      doc(allow(['iam:PassRole', 'cloudformation:CreateStack'])),
      'PassRole+CloudFormation',
    ],
    [
      'PassRole + glue:CreateDevEndpoint',
      doc(allow(['iam:PassRole', 'glue:CreateDevEndpoint'])),
      'PassRole+Glue',
    ],
    ['sts:AssumeRole on "*"', doc(allow('sts:AssumeRole', '*')), 'AssumeAnyRole'],
    ['iam:* through a wildcard', doc(allow('iam:*')), 'CreatePolicyVersion'],
  ])('finds %s', (_label, policy, expected) => {
    expect(names(policy)).toContain(expected);
  });

  it.each([
    ['read-only IAM', doc(allow(['iam:Get*', 'iam:List*']))],
    ['PassRole alone', doc(allow('iam:PassRole'))],
    ['lambda:CreateFunction alone', doc(allow('lambda:CreateFunction'))],
    ['sts:AssumeRole on one role', doc(allow('sts:AssumeRole', 'arn:aws:iam::1:role/ci'))],
    ['iam:* with iam:* denied', doc(allow('iam:*'), deny('iam:*'))],
  ])('finds nothing in %s', (_label, policy) => {
    expect(names(policy)).toEqual([]);
  });

  it('finds every combination in an admin policy', () => {
    expect(names(doc(allow('*')))).toHaveLength(ESCALATION_COMBINATIONS.length);
  });
});

describe('delegated permission management (iam:PermissionsBoundary)', () => {
  const boundary = 'arn:aws:iam::123456789012:policy/DevBoundary';
  const confined = allow(['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:AttachUserPolicy', 'iam:PutUserPolicy'], '*', {
    Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } },
  });

  it('does not count attaching or writing policies only on targets that carry a named boundary', () => {
    expect(names(doc(confined))).toEqual([]);
  });
  it.each([
    ['the boundary can be deleted', doc(confined, allow('iam:DeleteRolePermissionsBoundary'))],
    ['any boundary can be set', doc(confined, allow('iam:PutUserPermissionsBoundary'))],
  ])('counts them again when %s', (_label, policy) => {
    expect(names(policy)).toEqual(['AttachUserPolicy', 'AttachRolePolicy', 'PutUserPolicy', 'PutRolePolicy']);
  });
  it('still counts a boundary condition that admits anything, or a negated one', () => {
    const loose = (condition: Record<string, unknown>) => doc(allow('iam:AttachRolePolicy', '*', { Condition: condition }));
    expect(names(loose({ StringLike: { 'iam:PermissionsBoundary': '*' } }))).toEqual(['AttachRolePolicy']);
    expect(names(loose({ StringNotEquals: { 'iam:PermissionsBoundary': boundary } }))).toEqual(['AttachRolePolicy']);
  });
  it('does not confine actions the condition cannot apply to (groups have no boundary)', () => {
    const group = doc(allow('iam:AttachGroupPolicy', '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } }));
    expect(names(group)).toEqual(['AttachGroupPolicy']);
  });
});
