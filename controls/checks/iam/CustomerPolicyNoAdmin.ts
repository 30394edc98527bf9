/** Fails a customer-managed policy with an Allow of Action "*" on Resource "*" (aws-evidence #3). */
import { defineCheck } from '../../check.ts';
import { describeStatement } from '../../policy/statements.ts';
import { fullAdminStatements } from '../../policy/isFullAdmin.ts';

export const CustomerPolicyNoAdmin = defineCheck({
  id: 'iam.customer-policy-no-admin',
  title: 'Customer-managed policies do not grant full administrator access',
  rationale:
    'A policy allowing every action on every resource makes whoever holds it an administrator, defeating least privilege and segregation of duties.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'high',
  settingsRead: [],
  note: 'An Allow with NotAction (everything except some actions) is not counted unless other statements add the excluded actions back; see controls/policy/isFullAdmin.ts.',
  target: 'aws.iam.policy',
  reads: [],
  timeDependent: false,
  evaluate(policy) {
    if (policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: AWS-managed` };
    const admin = fullAdminStatements(policy.document);
    if (admin.length === 0)
      return { outcome: 'pass', reason: `policy ${policy.name}: no Allow of "*" on "*"` };
    return {
      outcome: 'fail',
      reason: `policy ${policy.name}: ${admin.map(describeStatement).join(', ')} allows "*" on "*" (attached ${policy.attachmentCount} times)`,
    };
  },
});
