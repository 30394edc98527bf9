/** Fails a user, group or role that has any inline policy (aws-evidence #2), judged per principal. */
import { defineCheck } from '../../check.ts';
import { principalLabel } from '../principalLabel.ts';

export const NoInlinePolicies = defineCheck({
  id: 'iam.no-inline-policies',
  title: 'No inline policies on users, groups or roles',
  rationale:
    'Inline policies live inside one principal, cannot be reused or reviewed as a unit and vanish with it; managed policies keep permissions versioned and reviewable.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: null,
  target: 'aws.iam.user',
  alsoTargets: ['aws.iam.group', 'aws.iam.role'],
  reads: [],
  timeDependent: false,
  evaluate(principal) {
    const label = principalLabel(principal);
    if (principal.inlinePolicies.length === 0)
      return { outcome: 'pass', reason: `${label}: no inline policy` };
    const names = principal.inlinePolicies.map((p) => p.name).join(', ');
    return { outcome: 'fail', reason: `${label}: inline policies ${names}` };
  },
});
