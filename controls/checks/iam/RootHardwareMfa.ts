/**
 * Fails the account when root has MFA but it is a virtual device (account.rootVirtualMfaSerials
 * non-empty) (aws-evidence #15); not applicable when root has no MFA (iam.root-mfa fails then).
 */
import { defineCheck } from '../../check.ts';

export const RootHardwareMfa = defineCheck({
  id: 'iam.root-hardware-mfa',
  title: 'The root user uses a hardware MFA device',
  rationale:
    'A virtual MFA lives on a phone or laptop that can be cloned, lost or compromised with the password; a hardware key keeps the root login tied to one physical object held in custody.',
  criteria: ['CC6.6'],
  severity: 'medium',
  settingsRead: [],
  note: 'Judged on the account resource (same id as the root credential row); reads the root row for mfa_active. "Virtual" means a virtual MFA device (ListVirtualMFADevices) is assigned to root; a FIDO security key and a hardware TOTP token pass, and so does a passkey synced to a phone or a cloud keychain, which is not a hardware device. Does not see how the device is kept (custody, who holds it) or a root whose credentials were removed by centralized root access management in AWS Organizations (no MFA: not applicable).',
  target: 'aws.iam.account',
  reads: ['aws.iam.credentials'],
  timeDependent: false,
  evaluate(account, ctx) {
    const root = ctx.index.ofType('aws.iam.credentials').find((r) => r.isRoot);
    if (!root)
      return {
        outcome: 'not-applicable',
        reason: `account ${account.accountId}: no root row in the credential report`,
      };
    if (!root.mfaActive)
      return { outcome: 'not-applicable', reason: `account ${account.accountId}: root has no MFA` };
    if (account.rootVirtualMfaSerials.length > 0) {
      return {
        outcome: 'fail',
        reason: `account ${account.accountId}: root MFA is virtual (${account.rootVirtualMfaSerials.join(', ')})`,
      };
    }
    return {
      outcome: 'pass',
      reason: `account ${account.accountId}: root MFA active, no virtual device assigned to root`,
    };
  },
});
