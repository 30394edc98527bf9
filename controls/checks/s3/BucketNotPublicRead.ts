/**
 * Fails a bucket readable by AllUsers/AuthenticatedUsers through its ACL (unless ignorePublicAcls
 * is on at bucket or account level) or public through its policy (unless restrictPublicBuckets is
 * on at bucket or account level) (aws-evidence #23).
 */
import { defineCheck } from '../../check.ts';
import { judgePublicRead } from './judgePublicRead.ts';

export const BucketNotPublicRead = defineCheck({
  id: 's3.bucket-not-public-read',
  fails:
    'bucket readable by AllUsers/AuthenticatedUsers via ACL (unless ignorePublicAcls at bucket or account level) or public via policy (unless restrictPublicBuckets at bucket or account level) (#23)',
  control: 'DP-02',
  title: 'Buckets are not publicly readable',
  rationale:
    'A publicly readable bucket discloses its contents to anyone on the internet (or any AWS account holder).',
  criteria: ['CC6.1', 'CC6.2', 'CC6.6'],
  severity: 'critical',
  settingsRead: [],
  note: 'ACL grants READ and FULL_CONTROL count as read (READ_ACP only exposes the ACL). A policy counts when a statement allows a read (s3:Get* or s3:List*, wildcards included) to a wildcard principal without a limiting condition, in binder\'s reading of the policy document (controls/policy/wildcardPrincipal.ts; S3\'s GetBucketPolicyStatus is not asked): Deny statements never make it public, NotPrincipal in an Allow does, and conditions on the source account, ARN, organisation, VPC endpoint or an access point account limit it. A website origin reached through CloudFront origin access control or an origin access identity is not public (its policy names CloudFront, not "*"). Does not judge object ACLs, access points and their policies, a bucket made public on purpose (a public website or data set fails: document it), or who can change the policy.',
  remediation: {
    change:
      'Remove the public ACL grants and the policy statements that allow reads to "*", then turn on Block Public Access for the bucket; serve public content through CloudFront with origin access control.',
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
    return judgePublicRead(bucket, ctx);
  },
});
