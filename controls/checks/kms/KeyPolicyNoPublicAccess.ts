/**
 * Fails a customer-managed key whose policy has an Allow of kms:* or * to a wildcard principal
 * without a condition limiting it to accounts, organisations or calling services.
 */
import { defineCheck } from '../../check.ts';
import { publicKmsStatements } from '../../policy/kmsKeyPolicy.ts';
import { describeStatement } from '../../policy/statements.ts';
import { keyLabel } from './keyLabel.ts';

export const KeyPolicyNoPublicAccess = defineCheck({
  id: 'kms.key-policy-no-public-access',
  fails:
    "a customer-managed key's policy has an Allow of kms:* or * to a wildcard principal without a condition limiting it to accounts, organisations or calling services",
  control: 'DP-04',
  title: 'KMS key policies do not open keys to everyone',
  rationale:
    'A key policy granting every KMS action to any principal lets any AWS account use the key to decrypt data protected by it, and to change or schedule the deletion of the key itself.',
  criteria: ['CC6.1', 'CC6.7'],
  severity: 'critical',
  settingsRead: [],
  note: 'The key policy named default (GetKeyPolicy), customer-managed keys only; AWS-managed keys (whose policies AWS writes) and keys whose policy was not collected are not applicable. A statement fails when it is an Allow covering all of kms:* (Action kms:* or *, or a NotAction naming no kms action) to Principal "*", {"AWS": "*"} or a NotPrincipal, and no condition limits it to accounts, organisations or calling services (controls/policy/kmsKeyPolicy.ts): aws:SourceAccount, aws:SourceOwner, aws:PrincipalAccount, aws:PrincipalArn with a concrete account, kms:CallerAccount (a 12-digit account), aws:SourceOrgID, aws:SourceOrgPaths, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceArn or kms:ViaService, with a positive operator (StringEquals, StringLike, ArnEquals, ArnLike; not StringNotEquals or ...IfExists) and concrete values. Network conditions (aws:SourceIp, aws:SourceVpc, aws:SourceVpce) do not count: the definition names accounts, organisations and services. Does not judge an Allow of only some KMS actions (kms:Decrypt alone) to everyone, grants (CreateGrant), IAM policies that use the key, or cross-account access to named accounts.',
  remediation: {
    change:
      'Replace Principal "*" in the statement allowing kms:* with the account or the roles that need the key, or add a condition on kms:CallerAccount or aws:PrincipalOrgID.',
    console: 'KMS (region <region>) > Customer managed keys > <key-id> > Key policy > Edit',
    cli: [
      'aws kms get-key-policy --key-id <key-id> --policy-name default --query Policy --output text --region <region>',
      'aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://<fixed-key-policy>.json --region <region>',
    ].join('\n'),
  },
  target: 'aws.kms.key',
  reads: [],
  timeDependent: false,
  evaluate(key) {
    const label = keyLabel(key);
    if (key.keyManager !== 'CUSTOMER')
      return { outcome: 'not-applicable', reason: `${label}: AWS-managed, policy not judged` };
    if (key.policy === null)
      return { outcome: 'not-applicable', reason: `${label}: key policy not collected` };
    const open = publicKmsStatements(key.policy);
    if (open.length === 0)
      return {
        outcome: 'pass',
        reason: `${label}: no Allow of kms:* to a wildcard principal without a limiting condition`,
      };
    return {
      outcome: 'fail',
      reason: `${label}: ${open.map(describeStatement).join(', ')} allow${open.length === 1 ? 's' : ''} kms:* to any principal without a limiting condition`,
    };
  },
});
