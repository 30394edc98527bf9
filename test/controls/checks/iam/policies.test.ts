/** IAM checks that read policy documents and attachments. */
import { describe, expect, it } from 'vitest';
import { AwsPolicyNoAdminAttached } from '../../../../controls/checks/iam/AwsPolicyNoAdminAttached.ts';
import { CustomerPolicyNoAdmin } from '../../../../controls/checks/iam/CustomerPolicyNoAdmin.ts';
import { CustomerPolicyNoCloudTrailAll } from '../../../../controls/checks/iam/CustomerPolicyNoCloudTrailAll.ts';
import { InlinePolicyNoAdmin } from '../../../../controls/checks/iam/InlinePolicyNoAdmin.ts';
import { InlinePolicyNoPrivilegeEscalation } from '../../../../controls/checks/iam/InlinePolicyNoPrivilegeEscalation.ts';
import { NoBedrockFullAccessOnRoles } from '../../../../controls/checks/iam/NoBedrockFullAccessOnRoles.ts';
import { NoInlinePolicies } from '../../../../controls/checks/iam/NoInlinePolicies.ts';
import { NoMarketplaceSubscribeAll } from '../../../../controls/checks/iam/NoMarketplaceSubscribeAll.ts';
import { UserNoAttachedPolicies } from '../../../../controls/checks/iam/UserNoAttachedPolicies.ts';
import {
  ADMIN,
  READ_ONLY,
  allow,
  deny,
  doc,
  group,
  judge,
  managedPolicy,
  role,
  user,
} from '../../fixtures.ts';

const inline = (name: string, document = READ_ONLY) => ({ name, document });

describe('iam.user-no-attached-policies', () => {
  it('passes a user with permissions only through groups', () => {
    expect(judge(UserNoAttachedPolicies, user()).outcome).toBe('pass');
  });
  it('fails a user with a managed policy attached directly, naming it', () => {
    const v = judge(
      UserNoAttachedPolicies,
      user({ attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] }),
    );
    expect(v).toEqual({
      outcome: 'fail',
      reason: 'user alice: policies attached directly: managed ReadOnlyAccess',
    });
  });
  it('fails a user with only an inline policy', () => {
    expect(judge(UserNoAttachedPolicies, user({ inlinePolicies: [inline('own')] })).reason).toContain(
      'inline own',
    );
  });
});

describe('iam.no-inline-policies', () => {
  it('judges users, groups and roles', () => {
    expect(NoInlinePolicies.alsoTargets).toEqual(['aws.iam.group', 'aws.iam.role']);
  });
  it.each([
    ['user', user({ inlinePolicies: [inline('p1')] }), 'user alice: inline policies p1'],
    [
      'group',
      group({ inlinePolicies: [inline('p1'), inline('p2')] }),
      'group developers: inline policies p1, p2',
    ],
    ['role', role({ inlinePolicies: [inline('p1')] }), 'role deploy: inline policies p1'],
  ])('fails a %s with an inline policy', (_kind, principal, reason) => {
    expect(judge(NoInlinePolicies, principal)).toEqual({ outcome: 'fail', reason });
  });
  it.each([
    ['user', user()],
    ['group', group()],
    ['role', role()],
  ])('passes a %s without inline policies', (_k, p) => {
    expect(judge(NoInlinePolicies, p).outcome).toBe('pass');
  });
});

describe('iam.customer-policy-no-admin', () => {
  it.each([
    ['Action "*" on "*"', ADMIN, 'fail'],
    ['Action ["*"] as a list', doc(allow(['*'], ['*'])), 'fail'],
    [
      'NotAction ["iam:*"] (broad, not full admin)',
      doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }),
      'pass',
    ],
    [
      'NotAction added back by another Allow',
      doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, allow('iam:*')),
      'fail',
    ],
    ['"*" on NotResource', doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::x' }), 'pass'],
    ['s3:* only', doc(allow('s3:*')), 'pass'],
  ])('%s -> %s', (_label, document, outcome) => {
    expect(judge(CustomerPolicyNoAdmin, managedPolicy({ document })).outcome).toBe(outcome);
  });
  it('names the statement in the reason', () => {
    const v = judge(
      CustomerPolicyNoAdmin,
      managedPolicy({ name: 'Ops', document: doc(allow('s3:*'), { Sid: 'All', ...allow('*') }) }),
    );
    expect(v.reason).toBe('policy Ops: statement 2 (Sid All) allows "*" on "*" (attached 1 times)');
  });
  it('is not applicable to AWS-managed policies', () => {
    expect(judge(CustomerPolicyNoAdmin, managedPolicy({ isAwsManaged: true, document: ADMIN })).outcome).toBe(
      'not-applicable',
    );
  });
});

describe('iam.aws-policy-no-admin-attached', () => {
  const adminAccess = (attachmentCount: number) =>
    managedPolicy({ name: 'AdministratorAccess', isAwsManaged: true, document: ADMIN, attachmentCount });
  it('fails AdministratorAccess while attached', () => {
    expect(judge(AwsPolicyNoAdminAttached, adminAccess(3))).toEqual({
      outcome: 'fail',
      reason: 'policy AdministratorAccess: grants "*" on "*" and is attached 3 times',
    });
  });
  it('passes AdministratorAccess with attachment count 0', () => {
    expect(judge(AwsPolicyNoAdminAttached, adminAccess(0)).outcome).toBe('pass');
  });
  it('passes an attached AWS-managed policy that is not admin', () => {
    expect(
      judge(AwsPolicyNoAdminAttached, managedPolicy({ isAwsManaged: true, attachmentCount: 5 })).outcome,
    ).toBe('pass');
  });
  it('is not applicable to customer-managed policies', () => {
    expect(judge(AwsPolicyNoAdminAttached, managedPolicy({ document: ADMIN })).outcome).toBe(
      'not-applicable',
    );
  });
});

describe('iam.inline-policy-no-admin', () => {
  it('fails a role whose inline policy allows "*" on "*"', () => {
    expect(
      judge(InlinePolicyNoAdmin, role({ inlinePolicies: [inline('ok'), inline('god', ADMIN)] })),
    ).toEqual({
      outcome: 'fail',
      reason: 'role deploy: inline policy god allows "*" on "*"',
    });
  });
  it('passes a group whose inline policies are narrow', () => {
    expect(judge(InlinePolicyNoAdmin, group({ inlinePolicies: [inline('ok')] })).outcome).toBe('pass');
  });
  it('is not applicable without inline policies', () => {
    expect(judge(InlinePolicyNoAdmin, user()).outcome).toBe('not-applicable');
  });
});

describe('iam.inline-policy-no-privesc', () => {
  it('fails a user whose inline policy combines iam:PassRole and lambda:CreateFunction', () => {
    const v = judge(
      InlinePolicyNoPrivilegeEscalation,
      user({ inlinePolicies: [inline('deployer', doc(allow(['iam:PassRole', 'lambda:CreateFunction'])))] }),
    );
    expect(v).toEqual({
      outcome: 'fail',
      reason: 'user alice: inline policy deployer (PassRole+Lambda) allows privilege escalation',
    });
  });
  it('fails iam:CreatePolicyVersion given as a string', () => {
    expect(
      judge(
        InlinePolicyNoPrivilegeEscalation,
        role({ inlinePolicies: [inline('p', doc(allow('iam:CreatePolicyVersion')))] }),
      ).outcome,
    ).toBe('fail');
  });
  it('passes when the halves of a combination sit in different inline policies (judged per policy)', () => {
    const r = role({
      inlinePolicies: [
        inline('a', doc(allow('iam:PassRole'))),
        inline('b', doc(allow('lambda:CreateFunction'))),
      ],
    });
    expect(judge(InlinePolicyNoPrivilegeEscalation, r).outcome).toBe('pass');
  });
  it('is not applicable without inline policies', () => {
    expect(judge(InlinePolicyNoPrivilegeEscalation, group()).outcome).toBe('not-applicable');
  });
});

describe('iam.customer-policy-no-cloudtrail-all', () => {
  it.each([
    ['cloudtrail:*', doc(allow('cloudtrail:*')), 'fail'],
    [
      'cloudtrail:* on one trail',
      doc(allow('cloudtrail:*', 'arn:aws:cloudtrail:us-east-1:1:trail/main')),
      'fail',
    ],
    ['"*" (admin includes CloudTrail)', ADMIN, 'fail'],
    ['"*" with cloudtrail:* denied', doc(allow('*'), deny('cloudtrail:*')), 'pass'],
    ['cloudtrail:Describe* and Get*', doc(allow(['cloudtrail:Describe*', 'cloudtrail:Get*'])), 'pass'],
    ['NotAction cloudtrail:*', doc({ Effect: 'Allow', NotAction: 'cloudtrail:*', Resource: '*' }), 'pass'],
  ])('%s -> %s', (_label, document, outcome) => {
    expect(judge(CustomerPolicyNoCloudTrailAll, managedPolicy({ document })).outcome).toBe(outcome);
  });
  it('is not applicable to AWS-managed policies', () => {
    expect(
      judge(CustomerPolicyNoCloudTrailAll, managedPolicy({ isAwsManaged: true, document: ADMIN })).outcome,
    ).toBe('not-applicable');
  });
});

describe('iam.no-marketplace-subscribe-all', () => {
  const sub = doc(allow('aws-marketplace:Subscribe', '*'));
  it('fails a customer-managed policy allowing Subscribe on "*"', () => {
    expect(judge(NoMarketplaceSubscribeAll, managedPolicy({ name: 'Buy', document: sub }))).toEqual({
      outcome: 'fail',
      reason: 'policy Buy: allows aws-marketplace:Subscribe on "*"',
    });
  });
  it('fails aws-marketplace:* and passes a Subscribe limited to one product', () => {
    expect(
      judge(NoMarketplaceSubscribeAll, managedPolicy({ document: doc(allow('aws-marketplace:*')) })).outcome,
    ).toBe('fail');
    const one = doc(allow('aws-marketplace:Subscribe', 'arn:aws:aws-marketplace::1:product/x'));
    expect(judge(NoMarketplaceSubscribeAll, managedPolicy({ document: one })).outcome).toBe('pass');
  });
  it('fails a role through its inline policy', () => {
    expect(judge(NoMarketplaceSubscribeAll, role({ inlinePolicies: [inline('buy', sub)] })).reason).toBe(
      'role deploy: inline policy buy allows aws-marketplace:Subscribe on "*"',
    );
  });
  it('is not applicable to AWS-managed policies and principals without inline policies', () => {
    expect(
      judge(NoMarketplaceSubscribeAll, managedPolicy({ isAwsManaged: true, document: sub })).outcome,
    ).toBe('not-applicable');
    expect(judge(NoMarketplaceSubscribeAll, user()).outcome).toBe('not-applicable');
  });
});

describe('iam.no-bedrock-full-access-on-roles', () => {
  const bedrock = { arn: 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess', name: 'AmazonBedrockFullAccess' };
  it('fails a workload role with AmazonBedrockFullAccess', () => {
    expect(judge(NoBedrockFullAccessOnRoles, role({ attachedPolicies: [bedrock] }))).toEqual({
      outcome: 'fail',
      reason: 'role deploy: arn:aws:iam::aws:policy/AmazonBedrockFullAccess attached',
    });
  });
  it('passes a role with a customer policy that only shares the name', () => {
    const lookalike = {
      arn: 'arn:aws:iam::123456789012:policy/AmazonBedrockFullAccess',
      name: 'AmazonBedrockFullAccess',
    };
    expect(judge(NoBedrockFullAccessOnRoles, role({ attachedPolicies: [lookalike] })).outcome).toBe('pass');
  });
  it('is not applicable to service-linked roles', () => {
    expect(
      judge(
        NoBedrockFullAccessOnRoles,
        role({ path: '/aws-service-role/bedrock.amazonaws.com/', attachedPolicies: [bedrock] }),
      ).outcome,
    ).toBe('not-applicable');
  });
});
