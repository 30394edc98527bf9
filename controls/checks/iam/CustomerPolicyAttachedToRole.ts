/** Fails a customer-managed policy that grants access but is attached to no role (aws-evidence #21). */
import { defineCheck } from '../../check.ts';
import { isOnlyABoundary, onlyABoundaryReason } from './isOnlyABoundary.ts';

export const CustomerPolicyAttachedToRole = defineCheck({
  id: 'iam.customer-policy-attached-to-role',
  fails: 'customer-managed policy not attached to any role (#21)',
  control: 'AC-04',
  title: 'Customer-managed policies are attached to roles',
  rationale:
    'Access should be granted through roles; a customer policy no role uses is either granted to users and groups directly or unused.',
  criteria: ['CC1.3', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: "Reads the roles' attached policies in the same snapshot. A policy used only as a permissions boundary (attached to no principal) is not applicable: a boundary limits access and grants none, and is never attached to a role. An unused policy fails here and under iam.customer-policy-attached. A policy granted to users or groups only fails, as defined, also when a group is how the organisation grants access to people. Does not judge what the policy allows.",
  remediation: {
    change:
      'Grant the policy through a role: attach it to the role that needs it and detach it from users and groups, or delete it if nothing uses it.',
    console:
      'IAM > Policies > <policy> > Entities attached > Attach (choose the role), then Detach the users and groups',
    cli: [
      'aws iam attach-role-policy --role-name <role> --policy-arn <policy-arn>',
      'aws iam list-entities-for-policy --policy-arn <policy-arn>',
      'aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>',
      'aws iam detach-group-policy --group-name <group> --policy-arn <policy-arn>',
    ].join('\n'),
  },
  target: 'aws.iam.policy',
  reads: ['aws.iam.role'],
  timeDependent: false,
  evaluate(policy, ctx) {
    if (policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: AWS-managed` };
    if (isOnlyABoundary(policy)) return { outcome: 'not-applicable', reason: onlyABoundaryReason(policy) };
    const roles = ctx.index.rolesAttaching(policy.id);
    if (roles.length === 0) return { outcome: 'fail', reason: `policy ${policy.name}: attached to no role` };
    return {
      outcome: 'pass',
      reason: `policy ${policy.name}: attached to role ${roles.slice(0, 5).join(', ')}${roles.length > 5 ? ` and ${roles.length - 5} more` : ''}`,
    };
  },
});
