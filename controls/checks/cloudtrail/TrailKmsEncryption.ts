/** Fails a trail with no kmsKeyId (log files encrypted with SSE-S3 only). */
import { defineCheck } from '../../check.ts';
import { trailLabel } from './coverage.ts';

export const TrailKmsEncryption = defineCheck({
  id: 'cloudtrail.trail-kms-encryption',
  fails: 'a trail with no kmsKeyId (log files encrypted with SSE-S3 only)',
  control: 'MO-03',
  title: 'CloudTrail log files are encrypted with a KMS key',
  rationale:
    'With a KMS key, reading the logs needs decrypt permission on the key as well as read access to the bucket, and every decryption is itself logged; with SSE-S3 alone anyone who can read the bucket can read the audit record.',
  criteria: ['CC6.1', 'CC7.2'],
  severity: 'medium',
  settingsRead: [],
  note: "KmsKeyId from DescribeTrails, per trail; an empty value counts as none. Does not judge the key itself (its policy, rotation or state: the kms.* checks judge keys in the snapshot) or the bucket's default encryption.",
  remediation: {
    change:
      "Encrypt the trail's log files with a customer-managed KMS key whose key policy lets cloudtrail.amazonaws.com use it (kms:GenerateDataKey*) and lets the log readers decrypt.",
    console: 'CloudTrail > Trails > <trail> > General details > Edit > Log file SSE-KMS encryption > Enabled',
    cli: 'aws cloudtrail update-trail --name <trail> --kms-key-id <kms-key-arn> --region <region>',
  },
  target: 'aws.cloudtrail.trail',
  reads: [],
  timeDependent: false,
  evaluate(trail) {
    const label = trailLabel(trail);
    return trail.kmsKeyId
      ? { outcome: 'pass', reason: `${label}: encrypted with KMS key ${trail.kmsKeyId}` }
      : { outcome: 'fail', reason: `${label}: no kmsKeyId (SSE-S3 only)` };
  },
});
