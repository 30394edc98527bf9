/** Fails a customer-managed policy with attachmentCount 0 and no use as a permissions boundary (aws-evidence #22). */
import { defineCheck } from '../../check.ts';

export const CustomerPolicyAttached = defineCheck({
  id: 'iam.customer-policy-attached',
  fails: 'customer-managed policy with attachmentCount 0 and no boundary use (#22)',
  control: 'AC-04',
  title: 'Customer-managed policies are in use',
  rationale:
    'Unused policies accumulate and can be attached later without review; keeping only policies in use keeps the permission model reviewable.',
  criteria: ['CC1.3'],
  severity: 'low',
  settingsRead: [],
  note: "Uses IAM's own attachment count and permissions-boundary usage count: a policy used only as a boundary is in use and passes. Does not judge what the policy allows, whether the principals it is attached to are themselves used, or references to the policy outside IAM (CloudFormation templates, Identity Center permission sets that name it, which only attach it when assigned).",
  remediation: {
    change:
      'Delete the unused customer-managed policy (its non-default versions first), or attach it where it is meant to be used.',
    console: 'IAM > Policies > <policy> > Delete',
    cli: [
      'aws iam list-policy-versions --policy-arn <policy-arn>',
      'aws iam delete-policy-version --policy-arn <policy-arn> --version-id <non-default-version-id>',
      'aws iam delete-policy --policy-arn <policy-arn>',
    ].join('\n'),
  },
  target: 'aws.iam.policy',
  reads: [],
  timeDependent: false,
  evaluate(policy) {
    if (policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: AWS-managed` };
    if (policy.attachmentCount === 0 && policy.permissionsBoundaryUsageCount === 0) {
      return { outcome: 'fail', reason: `policy ${policy.name}: attachment count 0, boundary use 0` };
    }
    return {
      outcome: 'pass',
      reason: `policy ${policy.name}: attachment count ${policy.attachmentCount}, boundary use ${policy.permissionsBoundaryUsageCount}`,
    };
  },
});
