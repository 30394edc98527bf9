/**
 * Fails a bucket whose policy has an Allow to Principal "*" (or {"AWS": "*"}) not limited by a
 * condition on aws:SourceAccount, SourceArn, SourceOrgID, PrincipalOrgID, PrincipalAccount,
 * SourceIp, SourceVpc, SourceVpce, s3:DataAccessPointAccount, DataAccessPointArn (and the few more
 * listed in controls/policy/wildcardPrincipal.ts)
 * (aws-evidence #25).
 */
import { defineCheck } from '../../check.ts';
import { describeStatement } from '../../policy/statements.ts';
import { wildcardPrincipalStatements } from '../../policy/wildcardPrincipal.ts';

export const BucketPolicyNoWildcardPrincipal = defineCheck({
  id: 's3.bucket-policy-no-wildcard-principal',
  fails:
    'bucket policy Allow with Principal "*" (or AWS "*") without a condition on aws:SourceAccount/SourceArn/SourceOrgID/PrincipalOrgID/PrincipalAccount/SourceIp/SourceVpc/SourceVpce (#25)',
  control: 'DP-02',
  title: 'Bucket policies do not allow any principal without a limiting condition',
  rationale:
    'An Allow to "*" with no account, organisation, network or ARN condition opens the granted actions to every AWS identity and anonymous caller.',
  criteria: ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6'],
  severity: 'high',
  settingsRead: [],
  note: 'A bucket without a policy passes. Block Public Access is not considered: the grant in the policy is the finding. Only Allow statements count (a Deny to "*", such as the TLS-only statement, is fine); an Allow with NotPrincipal counts as a wildcard. A condition limits the wildcard only when it names concrete values of one of the keys in controls/policy/wildcardPrincipal.ts (source account, ARN, organisation, IP, VPC or VPC endpoint, or the account or ARN of the access point the request came through, the documented way to delegate access control to access points). Does not judge conditions on other keys (aws:PrincipalTag, aws:userid), whether a named account is trusted, or access point policies.',
  remediation: {
    change:
      'Replace Principal "*" in the Allow statement with the accounts or roles that need access, or add a condition that limits it (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce).',
    console: 'S3 > Buckets > <bucket> > Permissions > Bucket policy > Edit',
    cli: [
      'aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text',
      'aws s3api put-bucket-policy --bucket <bucket> --policy file://<fixed-policy>.json',
    ].join('\n'),
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    if (bucket.policy === null) return { outcome: 'pass', reason: `${label}: no bucket policy` };
    const open = wildcardPrincipalStatements(bucket.policy);
    if (open.length === 0)
      return { outcome: 'pass', reason: `${label}: no unconditioned wildcard principal in policy` };
    return {
      outcome: 'fail',
      reason: `${label}: policy ${open.map(describeStatement).join(', ')} allows Principal "*" without a limiting condition`,
    };
  },
});
