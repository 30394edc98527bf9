/** Fails a logging trail whose status.latestDeliveryError is set. Not applicable when not logging. */
import { defineCheck } from '../../check.ts';
import { trailLabel } from './coverage.ts';

export const TrailDeliveryOk = defineCheck({
  id: 'cloudtrail.trail-delivery-ok',
  fails: 'a logging trail whose status.latestDeliveryError is set (CloudTrail cannot write to its bucket)',
  control: 'MO-03',
  title: 'CloudTrail delivers its log files',
  rationale:
    'A trail that cannot write to its bucket (a changed bucket policy, a disabled KMS key) looks enabled but loses the audit record; the delivery error is the only sign of it.',
  criteria: ['CC7.2'],
  severity: 'high',
  settingsRead: [],
  note: 'status.latestDeliveryError from GetTrailStatus, per trail; an empty string counts as no error. Not applicable to a trail that is not logging (cloudtrail.trail-logging judges that). CloudTrail keeps the latest error until a delivery succeeds, so this reflects the last attempt, not the whole period; CloudWatch Logs delivery errors are not read.',
  remediation: {
    change:
      'Fix what the delivery error names: usually the bucket policy must allow cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject, or the KMS key policy must let CloudTrail use the key; or point the trail at a working bucket.',
    console:
      'CloudTrail > Trails > <trail> > General details > Edit (storage location, log file SSE-KMS encryption)',
    cli: [
      'aws cloudtrail get-trail-status --name <trail> --region <region>',
      'aws s3api put-bucket-policy --bucket <bucket> --policy file://<cloudtrail-bucket-policy>.json',
      '# or point the trail at another bucket:',
      'aws cloudtrail update-trail --name <trail> --s3-bucket-name <working-bucket> --region <region>',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.trail',
  reads: [],
  timeDependent: false,
  evaluate(trail) {
    const label = trailLabel(trail);
    if (!trail.status.isLogging) return { outcome: 'not-applicable', reason: `${label}: not logging` };
    const error = trail.status.latestDeliveryError;
    return error
      ? { outcome: 'fail', reason: `${label}: latestDeliveryError ${error}` }
      : { outcome: 'pass', reason: `${label}: no delivery error` };
  },
});
