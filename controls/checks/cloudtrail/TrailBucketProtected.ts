/**
 * Fails a trail whose S3 bucket, when in the snapshot, has versioning not Enabled and Object Lock
 * not enabled. Not applicable when the bucket is not in the snapshot.
 */
import { defineCheck } from '../../check.ts';
import { trailLabel } from './coverage.ts';
import { isVerdict, trailBucket } from './trailBucket.ts';

export const TrailBucketProtected = defineCheck({
  id: 'cloudtrail.trail-bucket-protected',
  fails:
    "the trail's S3 bucket, when in the snapshot, has versioning not Enabled and Object Lock not enabled; N/A when the bucket is not in the snapshot",
  control: 'MO-03',
  title: "CloudTrail's log bucket keeps deleted or overwritten logs",
  rationale:
    'Versioning or Object Lock on the log bucket means a log file that is deleted or overwritten (by an intruder covering tracks, or by mistake) can still be recovered, so the audit record survives.',
  criteria: ['CC6.1', 'CC7.2'],
  severity: 'medium',
  settingsRead: [],
  note: "The trail's S3BucketName (DescribeTrails), looked up by name among the snapshot's buckets. Fails only when both are missing: versioning status not Enabled (GetBucketVersioning) and Object Lock not enabled (GetObjectLockConfiguration); either one passes. Not applicable when the trail names no bucket or the bucket is not in the snapshot. Does not judge MFA delete, retention periods, lifecycle rules that expire old versions, or who may delete versions.",
  remediation: {
    change:
      "Enable versioning on the trail's bucket (or Object Lock, for write-once logs), so a deleted or overwritten log file can be recovered.",
    console: "S3 > Buckets > <bucket> (the trail's bucket) > Properties > Bucket Versioning > Edit > Enable",
    cli: [
      "aws cloudtrail describe-trails --trail-name-list <trail> --region <region> --query 'trailList[0].S3BucketName' --output text",
      'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.trail',
  reads: ['aws.s3.bucket'],
  timeDependent: false,
  evaluate(trail, ctx) {
    const found = trailBucket(trail, ctx);
    if (isVerdict(found)) return found;
    const label = `${trailLabel(trail)}: bucket ${found.name}`;
    const versioning = found.versioning.status;
    const lock = found.objectLock?.enabled === true;
    if (versioning === 'Enabled' || lock) {
      const kept = [
        versioning === 'Enabled' ? 'versioning Enabled' : null,
        lock ? 'Object Lock enabled' : null,
      ];
      return { outcome: 'pass', reason: `${label}: ${kept.filter((k) => k !== null).join(', ')}` };
    }
    return {
      outcome: 'fail',
      reason: `${label}: versioning ${versioning}, Object Lock not enabled`,
    };
  },
});
