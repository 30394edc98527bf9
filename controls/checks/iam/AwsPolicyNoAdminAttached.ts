/** Fails an AWS-managed policy granting "*" on "*" (AdministratorAccess) that is attached (aws-evidence #4). */
import { defineCheck } from '../../check.ts';
import { isFullAdmin } from '../../policy/isFullAdmin.ts';

export const AwsPolicyNoAdminAttached = defineCheck({
  id: 'iam.aws-policy-no-admin-attached',
  fails:
    'an AWS-managed policy granting "*:*" (AdministratorAccess) is attached (attachmentCount>0) (#4); judged per policy',
  control: 'AC-01',
  title: 'AWS-managed full-administrator policies are not attached',
  rationale:
    'Attaching AdministratorAccess (or another AWS-managed "*" on "*" policy) gives unrestricted access to the account; administrators should use narrower, reviewed roles.',
  criteria: ['CC1.3', 'CC6.3'],
  severity: 'high',
  settingsRead: [],
  note: 'Reads the policy\'s attachment count only, so the reason cannot name who holds it. An attachment to a break-glass role, or to a role IAM Identity Center provisions for an administrator permission set (path /aws-reserved/sso.amazonaws.com/), fails like any other: standing admin access is the finding, to be documented as an exception where approved. Does not judge AWS-managed policies that are broad without being "*" on "*" (PowerUserAccess, IAMFullAccess), Identity Center assignments (not collected), or SCPs that limit the holders.',
  remediation: {
    change:
      'Detach the full-administrator policy from every user, group and role that holds it and grant narrower, reviewed policies instead; an approved break-glass role stays documented as an exception.',
    console: 'IAM > Policies > <policy> > Entities attached > select each entity > Detach',
    cli: [
      'aws iam list-entities-for-policy --policy-arn <policy-arn>',
      'aws iam detach-role-policy --role-name <role> --policy-arn <policy-arn>',
      'aws iam detach-group-policy --group-name <group> --policy-arn <policy-arn>',
      'aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>',
    ].join('\n'),
  },
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
