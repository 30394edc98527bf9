/** Fails a bucket without server access logging (aws-evidence #30). */
import { defineCheck } from '../../check.ts';

export const BucketAccessLogging = defineCheck({
  id: 's3.bucket-access-logging',
  title: 'Buckets have server access logging',
  rationale:
    'Access logs record who read or changed what; without them an incident on the bucket cannot be investigated.',
  criteria: ['CC6.1', 'CC6.2', 'CC7.2', 'CC7.3', 'A1.2'],
  severity: 'medium',
  settingsRead: [],
  note: 'CloudTrail data events are an alternative this check does not see.',
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    if (!bucket.logging) return { outcome: 'fail', reason: `${label}: server access logging not enabled` };
    return {
      outcome: 'pass',
      reason: `${label}: logs to ${bucket.logging.targetBucket}/${bucket.logging.targetPrefix}`,
    };
  },
});
