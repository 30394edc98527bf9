/** Fails a user, group or role with an inline policy allowing "*" on "*" (aws-evidence #5); service-linked roles are not applicable. */
import { defineCheck } from '../../check.ts';
import { isFullAdmin } from '../../policy/isFullAdmin.ts';
import { principalLabel } from '../principalLabel.ts';
import { isServiceLinkedRole } from './isAwsOwnedRole.ts';

export const InlinePolicyNoAdmin = defineCheck({
  id: 'iam.inline-policy-no-admin',
  fails: 'an inline policy allows "*" on "*" (#5); judged per principal',
  control: 'AC-01',
  title: 'Inline policies do not grant full administrator access',
  rationale:
    'An inline "*" on "*" grant makes the principal an administrator outside any reusable, reviewed policy, where access reviews of managed policies will not see it.',
  criteria: ['CC1.3', 'CC6.3'],
  severity: 'high',
  settingsRead: [],
  note: 'Not applicable to principals without inline policies and to service-linked roles (AWS writes their policies; IAM refuses edits). An Allow of "*" on "*" counts whatever its Condition and whatever Deny sits beside it. Does not judge what the principal can actually do (its permissions boundary, SCPs, managed policies: iam.customer-policy-no-admin and iam.aws-policy-no-admin-attached judge those), nor whether an admin grant is an approved break-glass: document that as an exception.',
  remediation: {
    change:
      'Delete the inline policy that allows "*" on "*" and grant the principal a reviewed managed policy with only the access it needs.',
    console:
      'IAM > Users, User groups or Roles > <principal-name> > Permissions > select the inline policy > Remove',
    cli: [
      'aws iam list-<principal-kind>-policies --<principal-kind>-name <principal-name>',
      'aws iam delete-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-name <policy-name>',
      'aws iam attach-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-arn <least-privilege-policy-arn>',
    ].join('\n'),
  },
  target: 'aws.iam.user',
  alsoTargets: ['aws.iam.group', 'aws.iam.role'],
  reads: [],
  timeDependent: false,
  evaluate(principal) {
    const label = principalLabel(principal);
    if (principal.inlinePolicies.length === 0)
      return { outcome: 'not-applicable', reason: `${label}: no inline policy` };
    if (isServiceLinkedRole(principal))
      return {
        outcome: 'not-applicable',
        reason: `${label}: service-linked role (path ${principal.path}), its policies are written by AWS`,
      };
    const admin = principal.inlinePolicies.filter((p) => isFullAdmin(p.document)).map((p) => p.name);
    if (admin.length === 0)
      return { outcome: 'pass', reason: `${label}: no inline policy allows "*" on "*"` };
    return { outcome: 'fail', reason: `${label}: inline policy ${admin.join(', ')} allows "*" on "*"` };
  },
});
