/** Fails a customer-managed policy that is attached to no role (aws-evidence #21). */
import { defineCheck } from '../../check.ts';

export const CustomerPolicyAttachedToRole = defineCheck({
  id: 'iam.customer-policy-attached-to-role',
  title: 'Customer-managed policies are attached to roles',
  rationale:
    'Access should be granted through roles; a customer policy no role uses is either granted to users and groups directly or unused.',
  criteria: ['CC1.3', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: "Reads the roles' attached policies in the same snapshot.",
  target: 'aws.iam.policy',
  reads: ['aws.iam.role'],
  timeDependent: false,
  evaluate(policy, ctx) {
    if (policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: AWS-managed` };
    const roles = ctx.index.rolesAttaching(policy.id);
    if (roles.length === 0) return { outcome: 'fail', reason: `policy ${policy.name}: attached to no role` };
    return {
      outcome: 'pass',
      reason: `policy ${policy.name}: attached to role ${roles.slice(0, 5).join(', ')}${roles.length > 5 ? ` and ${roles.length - 5} more` : ''}`,
    };
  },
});
