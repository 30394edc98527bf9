/** Fails any non-root user with mfa_active false, API-only users included (aws-evidence #17). */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';

export const UserMfa = defineCheck({
  id: 'iam.user-mfa',
  title: 'Every user has MFA',
  rationale:
    'MFA on every user, API-only ones included, lets policies require MFA for sensitive actions and makes a stolen password or key alone insufficient for those.',
  criteria: ['CC6.6'],
  severity: 'medium',
  settingsRead: [],
  note: null,
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: false,
  evaluate(row) {
    const label = credentialsLabel(row);
    if (row.isRoot) return { outcome: 'not-applicable', reason: `${label}: judged by iam.root-mfa` };
    return row.mfaActive
      ? { outcome: 'pass', reason: `${label}: mfa_active true` }
      : { outcome: 'fail', reason: `${label}: mfa_active false` };
  },
});
