/**
 * Fails a bucket whose ACL grants WRITE/WRITE_ACP/FULL_CONTROL to AllUsers/AuthenticatedUsers
 * (unless ignorePublicAcls at bucket or account level), or whose policy allows s3:Put* or
 * s3:Delete* to an unconditioned wildcard principal (unless restrictPublicBuckets at bucket or
 * account level) (aws-evidence #24).
 */
import { defineCheck } from '../../check.ts';
import { touchesAction } from '../../policy/allows.ts';
import { describeStatement } from '../../policy/statements.ts';
import { wildcardPrincipalStatements } from '../../policy/wildcardPrincipal.ts';
import { effectiveBlock } from './blockPublicAccess.ts';
import { publicGrants } from './publicGrants.ts';

const WRITE_ACTIONS = ['s3:Put*', 's3:Delete*'];

export const BucketNotPublicWrite = defineCheck({
  id: 's3.bucket-not-public-write',
  fails:
    'bucket ACL grants WRITE/WRITE_ACP/FULL_CONTROL to AllUsers/AuthenticatedUsers, or policy allows s3:Put*/Delete* to a wildcard principal, not neutralised by Block Public Access (#24)',
  control: 'DP-02',
  title: 'Buckets are not publicly writable',
  rationale:
    'A publicly writable bucket lets anyone plant, overwrite or delete data: integrity loss, malware hosting and cost.',
  criteria: ['CC6.1', 'CC6.2', 'CC6.6'],
  severity: 'critical',
  settingsRead: [],
  note: "ACL grants WRITE, WRITE_ACP and FULL_CONTROL count. A policy statement counts when it allows s3:Put* or s3:Delete* (wildcards included) to a wildcard principal or through NotPrincipal, not limited by an account, organisation, ARN, IP, VPC or access-point condition (controls/policy/wildcardPrincipal.ts); Deny statements never count. Does not read S3's policy status here (a public policy granting only reads is not public write), object ACLs, access points, or other write-like actions (s3:RestoreObject, s3:ReplicateObject).",
  remediation: {
    change:
      'Remove the ACL grants of WRITE, WRITE_ACP or FULL_CONTROL to everyone and the policy statements that allow s3:Put* or s3:Delete* to "*", then turn on Block Public Access for the bucket.',
    console:
      'S3 > Buckets > <bucket> > Permissions > Bucket policy > Edit, and Block public access (bucket settings) > Edit > Block all public access',
    cli: [
      'aws s3api put-bucket-acl --bucket <bucket> --acl private',
      'aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text',
      'aws s3api put-bucket-policy --bucket <bucket> --policy file://<policy-without-public-statements>.json',
      'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    ].join('\n'),
  },
  target: 'aws.s3.bucket',
  reads: ['aws.s3.account-public-access-block'],
  timeDependent: false,
  evaluate(bucket, ctx) {
    const block = effectiveBlock(bucket, ctx);
    const label = `bucket ${bucket.name}`;
    const exposures: string[] = [];
    const neutralised: string[] = [];
    const grants = publicGrants(bucket, ['WRITE', 'WRITE_ACP', 'FULL_CONTROL']);
    if (grants.length > 0) {
      if (block.ignorePublicAcls.on)
        neutralised.push(
          `ACL ${grants.join(', ')} ignored (ignorePublicAcls at ${block.ignorePublicAcls.where})`,
        );
      else exposures.push(`ACL grants ${grants.join(', ')}`);
    }
    const writers = wildcardPrincipalStatements(bucket.policy).filter((s) =>
      WRITE_ACTIONS.some((a) => touchesAction(s, a)),
    );
    if (writers.length > 0) {
      const which = `policy ${writers.map(describeStatement).join(', ')} allows s3:Put*/Delete* to "*"`;
      if (block.restrictPublicBuckets.on)
        neutralised.push(
          `${which}, restricted (restrictPublicBuckets at ${block.restrictPublicBuckets.where})`,
        );
      else exposures.push(which);
    }
    if (exposures.length > 0) return { outcome: 'fail', reason: `${label}: ${exposures.join('; ')}` };
    if (neutralised.length > 0) return { outcome: 'pass', reason: `${label}: ${neutralised.join('; ')}` };
    return { outcome: 'pass', reason: `${label}: no public write grant in ACL or policy` };
  },
});
