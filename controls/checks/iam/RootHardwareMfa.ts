/**
 * Fails the root user's credential row when root has MFA but it is a virtual device (the account's
 * rootVirtualMfaSerials non-empty) (aws-evidence #15); not applicable when root has no MFA
 * (iam.root-mfa fails then) and for every other user's row.
 */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';

export const RootHardwareMfa = defineCheck({
  id: 'iam.root-hardware-mfa',
  fails:
    'root has MFA but it is a virtual device (account.rootVirtualMfaSerials non-empty) (#15); N/A if no MFA',
  control: 'AC-02',
  title: 'The root user uses a hardware MFA device',
  rationale:
    'A virtual MFA lives on a phone or laptop that can be cloned, lost or compromised with the password; a hardware key keeps the root login tied to one physical object held in custody.',
  criteria: ['CC6.6'],
  severity: 'medium',
  settingsRead: [],
  note: 'Judged on the root row of the credential report (mfa_active), reading the account\'s IAM settings for the virtual MFA devices assigned to root (ListVirtualMFADevices). "Virtual" means a virtual MFA device is assigned to root; a FIDO security key and a hardware TOTP token pass, and so does a passkey synced to a phone or a cloud keychain, which is not a hardware device. Does not see how the device is kept (custody, who holds it) or a root whose credentials were removed by centralized root access management in AWS Organizations (no MFA: not applicable).',
  remediation: {
    change:
      'Register a FIDO security key or a hardware TOTP token for the root user, then remove the virtual MFA device; keep the hardware device in custody.',
    console:
      'Sign in as the root user > account name menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device, then Remove the virtual device',
    cli: [
      'aws iam list-virtual-mfa-devices --assignment-status Assigned',
      "# the root user's MFA devices are changed by signing in as root in the console: the root user should have no access keys to run the CLI with",
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: ['aws.iam.account'],
  timeDependent: false,
  evaluate(row, ctx) {
    const label = credentialsLabel(row);
    if (!row.isRoot) return { outcome: 'not-applicable', reason: `${label}: not the root user` };
    if (!row.mfaActive)
      return { outcome: 'not-applicable', reason: `${label}: root has no MFA (iam.root-mfa)` };
    const account = ctx.index.ofType('aws.iam.account')[0];
    if (!account)
      return {
        outcome: 'not-applicable',
        reason: `${label}: the account's IAM settings are not in the snapshot`,
      };
    if (account.rootVirtualMfaSerials.length > 0)
      return {
        outcome: 'fail',
        reason: `${label}: root MFA is virtual (${account.rootVirtualMfaSerials.join(', ')})`,
      };
    return { outcome: 'pass', reason: `${label}: root MFA active, no virtual device assigned to root` };
  },
});
