/** Fails an AWS-managed policy granting "*" on "*" (AdministratorAccess) that is attached (aws-evidence #4). */
import { defineCheck } from '../../check.ts';
import { isFullAdmin } from '../../policy/isFullAdmin.ts';

export const AwsPolicyNoAdminAttached = defineCheck({
  id: 'iam.aws-policy-no-admin-attached',
  title: 'AWS-managed full-administrator policies are not attached',
  rationale:
    'Attaching AdministratorAccess (or another AWS-managed "*" on "*" policy) gives unrestricted access to the account; administrators should use narrower, reviewed roles.',
  criteria: ['CC1.3', 'CC6.3'],
  severity: 'high',
  settingsRead: [],
  note: null,
  target: 'aws.iam.policy',
  reads: [],
  timeDependent: false,
  evaluate(policy) {
    if (!policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: customer-managed` };
    if (!isFullAdmin(policy.document))
      return { outcome: 'pass', reason: `policy ${policy.name}: does not grant "*" on "*"` };
    if (policy.attachmentCount === 0) {
      return { outcome: 'pass', reason: `policy ${policy.name}: grants "*" on "*" but is not attached` };
    }
    return {
      outcome: 'fail',
      reason: `policy ${policy.name}: grants "*" on "*" and is attached ${policy.attachmentCount} times`,
    };
  },
});
