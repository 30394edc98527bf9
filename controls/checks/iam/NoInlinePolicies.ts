/**
 * Fails a user, group or role that has any inline policy (aws-evidence #2), judged per principal;
 * service-linked roles and IAM Identity Center roles are not applicable.
 */
import { defineCheck } from '../../check.ts';
import { principalLabel } from '../principalLabel.ts';
import { isIdentityCenterRole, isServiceLinkedRole } from './isAwsOwnedRole.ts';

export const NoInlinePolicies = defineCheck({
  id: 'iam.no-inline-policies',
  fails: 'a user, group or role has an inline policy (#2); judged per principal',
  control: 'AC-01',
  title: 'No inline policies on users, groups or roles',
  rationale:
    'Inline policies live inside one principal, cannot be reused or reviewed as a unit and vanish with it; managed policies keep permissions versioned and reviewable.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: 'Not applicable to service-linked roles (path /aws-service-role/: AWS writes their policies and IAM refuses edits) and to roles IAM Identity Center provisions (path /aws-reserved/sso.amazonaws.com/: the inline policy comes from the permission set, versioned and reviewed in Identity Center, which binder does not collect). Inline policies on other service roles (Lambda, ECS, CI) fail: that is the finding. Does not judge what the inline policies allow (iam.inline-policy-no-admin and iam.inline-policy-no-privesc do).',
  remediation: {
    change:
      "Move the inline policy's permissions into a customer-managed policy attached to the principal (for a user, to its group), then delete the inline policy.",
    console:
      'IAM > Users, User groups or Roles > <principal-name> > Permissions > select the inline policy > Remove (after creating the managed policy under Policies > Create policy)',
    cli: [
      'aws iam list-<principal-kind>-policies --<principal-kind>-name <principal-name>',
      'aws iam get-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-name <policy-name>',
      'aws iam create-policy --policy-name <managed-policy-name> --policy-document file://<policy-document>.json',
      'aws iam attach-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-arn <managed-policy-arn>',
      'aws iam delete-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-name <policy-name>',
    ].join('\n'),
  },
  target: 'aws.iam.user',
  alsoTargets: ['aws.iam.group', 'aws.iam.role'],
  reads: [],
  timeDependent: false,
  evaluate(principal) {
    const label = principalLabel(principal);
    if (principal.inlinePolicies.length === 0)
      return { outcome: 'pass', reason: `${label}: no inline policy` };
    if (isServiceLinkedRole(principal))
      return {
        outcome: 'not-applicable',
        reason: `${label}: service-linked role (path ${principal.path}), its policies are written by AWS`,
      };
    if (isIdentityCenterRole(principal)) {
      return {
        outcome: 'not-applicable',
        reason: `${label}: provisioned by IAM Identity Center (path ${principal.path}), its inline policy is managed in the permission set`,
      };
    }
    const names = principal.inlinePolicies.map((p) => p.name).join(', ');
    return { outcome: 'fail', reason: `${label}: inline policies ${names}` };
  },
});
