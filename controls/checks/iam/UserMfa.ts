/**
 * Fails a non-root credential-report row with mfa_active false, API-only users included
 * (aws-evidence #17); not applicable to a user with no credential in the report at all (no console
 * password, no active access key, no active signing certificate).
 */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';
import { activeKeys } from './activeKeys.ts';

export const UserMfa = defineCheck({
  id: 'iam.user-mfa',
  fails: 'any non-root user has mfa_active false (#17)',
  control: 'AC-02',
  title: 'Every user has MFA',
  rationale:
    'MFA on every user, API-only ones included, lets policies require MFA for sensitive actions and makes a stolen password or key alone insufficient for those.',
  criteria: ['CC6.6'],
  severity: 'medium',
  settingsRead: [],
  note: 'A user with no console password, no active access key and no active signing certificate cannot authenticate, so MFA protects nothing: not applicable. An API-only user with a key still fails, as defined, although automation seldom uses MFA; iam.console-user-mfa is the check that matters for people. Does not see SSH keys and service-specific credentials (CodeCommit, Keyspaces), which the credential report does not list, nor whether any policy actually requires MFA (aws:MultiFactorAuthPresent). The root row is judged by iam.root-mfa.',
  remediation: {
    change:
      'Assign an MFA device to the user; for an API-only user, replace the access key with a role, or document why it has no MFA.',
    console:
      'IAM > Users > <user> > Security credentials > Multi-factor authentication (MFA) > Assign MFA device',
    cli: [
      'aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile <user>-mfa.png --bootstrap-method QRCodePNG',
      '# scan the QR code with the authenticator app, then enter two consecutive codes:',
      'aws iam enable-mfa-device --user-name <user> --serial-number arn:<partition>:iam::<account-id>:mfa/<user> --authentication-code1 <code-1> --authentication-code2 <code-2>',
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: false,
  evaluate(row) {
    const label = credentialsLabel(row);
    if (row.isRoot) return { outcome: 'not-applicable', reason: `${label}: judged by iam.root-mfa` };
    if (row.mfaActive) return { outcome: 'pass', reason: `${label}: mfa_active true` };
    if (
      row.passwordEnabled !== true &&
      activeKeys(row).length === 0 &&
      !row.cert1Active &&
      !row.cert2Active
    ) {
      return {
        outcome: 'not-applicable',
        reason: `${label}: no console password, active access key or signing certificate, so nothing for MFA to protect`,
      };
    }
    return { outcome: 'fail', reason: `${label}: mfa_active false` };
  },
});
