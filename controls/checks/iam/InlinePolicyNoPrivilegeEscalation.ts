/** Fails a user, group or role with an inline policy allowing a privilege-escalation combination (aws-evidence #6); service-linked roles are not applicable. */
import { defineCheck } from '../../check.ts';
import { escalationCombinations } from '../../policy/privilegeEscalation.ts';
import { principalLabel } from '../principalLabel.ts';
import { isServiceLinkedRole } from './isAwsOwnedRole.ts';

export const InlinePolicyNoPrivilegeEscalation = defineCheck({
  id: 'iam.inline-policy-no-privesc',
  fails: 'an inline policy allows a privilege-escalation action set (#6); judged per principal',
  control: 'AC-05',
  title: 'Inline policies hold no privilege-escalation combinations',
  rationale:
    'Some permissions (iam:CreatePolicyVersion, iam:PassRole with compute creation, attaching policies, creating keys for others...) let a principal grant itself more access than intended; this is a fraud and misuse risk.',
  criteria: ['CC3.3'],
  severity: 'high',
  settingsRead: [],
  note: 'Each inline policy is judged on its own; combinations are listed in controls/policy/privilegeEscalation.ts. Attaching or writing user and role policies under a Condition that the target carries a named permissions boundary (iam:PermissionsBoundary, the delegation pattern AWS documents) is not counted, unless the same policy can delete a boundary or set one freely. Not applicable to principals without inline policies and to service-linked roles (AWS writes their policies; IAM refuses edits). Does not judge what the boundary named in such a condition allows, combinations spread over several policies or over managed policies, whether the role passed or the policy rewritten is more powerful than the holder, or limits outside the document (permissions boundary, SCPs).',
  remediation: {
    change:
      'Remove from the inline policy the actions of the escalation combination named in the reason (or limit them to named resources, or to targets carrying a permissions boundary through an iam:PermissionsBoundary condition).',
    console:
      'IAM > Users, User groups or Roles > <principal-name> > Permissions > select the inline policy > Edit > JSON > Save changes',
    cli: [
      'aws iam get-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-name <policy-name>',
      'aws iam put-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-name <policy-name> --policy-document file://<fixed-policy>.json',
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
    const found = principal.inlinePolicies.flatMap((p) => {
      const combos = escalationCombinations(p.document);
      return combos.length > 0 ? [`${p.name} (${combos.map((c) => c.name).join(', ')})`] : [];
    });
    if (found.length === 0)
      return { outcome: 'pass', reason: `${label}: no escalation combination in inline policies` };
    return {
      outcome: 'fail',
      reason: `${label}: inline policy ${found.join('; ')} allows privilege escalation`,
    };
  },
});
