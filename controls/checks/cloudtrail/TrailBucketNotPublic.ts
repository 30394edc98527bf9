/**
 * Fails a trail whose S3 bucket, when in the snapshot, is readable by everyone through its ACL or
 * policy, with exactly the reading of s3.bucket-not-public-read. Not applicable when the bucket is
 * not in the snapshot.
 */
import { defineCheck } from '../../check.ts';
import { judgePublicRead } from '../s3/judgePublicRead.ts';
import { trailLabel } from './coverage.ts';
import { isVerdict, trailBucket } from './trailBucket.ts';

export const TrailBucketNotPublic = defineCheck({
  id: 'cloudtrail.trail-bucket-not-public',
  fails:
    "the trail's S3 bucket, when in the snapshot, is readable by everyone through its ACL or policy (the reading of s3.bucket-not-public-read); N/A when the bucket is not in the snapshot",
  control: 'MO-03',
  title: "CloudTrail's log bucket is not publicly readable",
  rationale:
    "A public log bucket hands the account's whole activity record (resource names, principals, source addresses) to anyone, which maps the environment for an attacker.",
  criteria: ['CC6.1', 'CC7.2'],
  severity: 'critical',
  settingsRead: [],
  note: "The trail's S3BucketName (DescribeTrails), looked up by name among the snapshot's buckets, judged by the same code as s3.bucket-not-public-read (controls/checks/s3/judgePublicRead.ts): public ACL grants unless ignorePublicAcls at bucket or account level, a public policy unless restrictPublicBuckets. Not applicable when the trail names no bucket or the bucket is not in the snapshot (typically a log-archive bucket in another account). Does not judge the key prefix, object ACLs, or who inside the account can read the logs.",
  remediation: {
    change: `Remove the public ACL grants and the policy statements that allow reads to "*" from the trail's bucket, keeping the statements that let CloudTrail write, and turn on Block Public Access for the bucket.`,
    console:
      "S3 > Buckets > <bucket> (the trail's bucket) > Permissions > Bucket policy > Edit, and Block public access (bucket settings) > Edit > Block all public access",
    cli: [
      "aws cloudtrail describe-trails --trail-name-list <trail> --region <region> --query 'trailList[0].S3BucketName' --output text",
      'aws s3api put-bucket-acl --bucket <bucket> --acl private',
      'aws s3api put-bucket-policy --bucket <bucket> --policy file://<policy-without-public-statements>.json',
      'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.trail',
  reads: ['aws.s3.bucket', 'aws.s3.account-public-access-block'],
  timeDependent: false,
  evaluate(trail, ctx) {
    const found = trailBucket(trail, ctx);
    if (isVerdict(found)) return found;
    const verdict = judgePublicRead(found, ctx);
    return { ...verdict, reason: `${trailLabel(trail)}: ${verdict.reason}` };
  },
});
