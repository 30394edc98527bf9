/** Fails a non-root user with a console password (password_enabled true) and mfa_active false (aws-evidence #16). */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';

export const ConsoleUserMfa = defineCheck({
  id: 'iam.console-user-mfa',
  fails: 'a non-root user with password_enabled true has mfa_active false (#16)',
  control: 'AC-02',
  title: 'Users who can sign in to the console have MFA',
  rationale: 'A console login protected by a password alone falls to phishing, reuse or guessing.',
  criteria: ['CC3.2', 'CC6.1', 'CC6.6'],
  severity: 'high',
  settingsRead: [],
  note: 'password_enabled and mfa_active come from the credential report (up to 4 hours old). Does not see sign-in through an identity provider (federated people are not IAM users and are not judged), whether the MFA device is virtual or hardware, or policies that deny actions without MFA. The root row is judged by iam.root-mfa.',
  remediation: {
    change:
      'Remove the console password if the user does not need the console; otherwise assign an MFA device to the user (a security key or an authenticator app).',
    console:
      'IAM > Users > <user> > Security credentials > Multi-factor authentication (MFA) > Assign MFA device (or Console sign-in > Manage console access > Disable)',
    cli: [
      'aws iam delete-login-profile --user-name <user>',
      '# or keep the password and assign a virtual MFA device:',
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
    if (row.passwordEnabled !== true)
      return { outcome: 'not-applicable', reason: `${label}: no console password` };
    return row.mfaActive
      ? { outcome: 'pass', reason: `${label}: console password with MFA` }
      : { outcome: 'fail', reason: `${label}: console password enabled, mfa_active false` };
  },
});
