/** Fails the root credential-report row when mfa_active is false (aws-evidence #14). */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';

export const RootMfa = defineCheck({
  id: 'iam.root-mfa',
  fails: 'root credentials row has mfa_active false (#14)',
  control: 'AC-02',
  title: 'The root user has MFA',
  rationale:
    'Without MFA the root user, which can do anything in the account, is protected by a password alone.',
  criteria: ['CC6.1', 'CC6.6'],
  severity: 'critical',
  settingsRead: [],
  note: "mfa_active comes from the root row of the credential report. Does not see centralized root access management in AWS Organizations (iam:ListOrganizationsFeatures is not collected): a member account whose root credentials were deliberately removed has no password and no MFA and fails here; document it as an exception with the organisation's evidence. Does not see how the MFA device is kept.",
  remediation: {
    change:
      'Assign an MFA device to the root user (a hardware security key, kept in custody); for a member account whose root credentials were removed centrally, document that as an exception.',
    console:
      'Sign in as the root user > account name menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device',
    cli: [
      'aws iam get-account-summary --query SummaryMap.AccountMFAEnabled  # 1 once root has MFA',
      "# root's MFA is assigned by signing in as root in the console: the root user should have no access keys to run the CLI with",
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: false,
  evaluate(row) {
    const label = credentialsLabel(row);
    if (!row.isRoot) return { outcome: 'not-applicable', reason: `${label}: not the root user` };
    return row.mfaActive
      ? { outcome: 'pass', reason: `${label}: mfa_active true` }
      : { outcome: 'fail', reason: `${label}: mfa_active false` };
  },
});
