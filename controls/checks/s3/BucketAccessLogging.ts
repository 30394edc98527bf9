/**
 * Fails a bucket without server access logging (aws-evidence #30); not applicable to a bucket that
 * is itself a server access log destination and logs nowhere.
 */
import { defineCheck } from '../../check.ts';
import { receivesServerAccessLogs } from './logDelivery.ts';

export const BucketAccessLogging = defineCheck({
  id: 's3.bucket-access-logging',
  fails: 'server access logging not enabled (#30)',
  control: 'MO-01',
  title: 'Buckets have server access logging',
  rationale:
    'Access logs record who read or changed what; without them an incident on the bucket cannot be investigated.',
  criteria: ['CC6.1', 'CC6.2', 'CC7.2', 'CC7.3', 'A1.2'],
  severity: 'medium',
  settingsRead: [],
  note: 'A bucket that receives server access logs (its policy grants s3:PutObject to logging.s3.amazonaws.com, or its ACL grants the LogDelivery group) and logs nowhere is not applicable: logging a log bucket into itself makes an endless loop of logs about logs, which AWS advises against, and a chain of log buckets has to end somewhere. A log bucket that does log (to itself or elsewhere) passes. Does not judge CloudTrail data events (the alternative for reads and writes of a log bucket), whether the target bucket exists, is in the same account or receives anything, or the target prefix.',
  remediation: {
    change:
      'Enable server access logging into a separate log bucket whose policy lets logging.s3.amazonaws.com write to it.',
    console: 'S3 > Buckets > <bucket> > Properties > Server access logging > Edit > Enable',
    cli: `aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}'`,
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    if (bucket.logging) {
      return {
        outcome: 'pass',
        reason: `${label}: logs to ${bucket.logging.targetBucket}/${bucket.logging.targetPrefix}`,
      };
    }
    if (receivesServerAccessLogs(bucket)) {
      return {
        outcome: 'not-applicable',
        reason: `${label}: a server access log destination with no logging of its own (logging it into itself would loop)`,
      };
    }
    return { outcome: 'fail', reason: `${label}: server access logging not enabled` };
  },
});
