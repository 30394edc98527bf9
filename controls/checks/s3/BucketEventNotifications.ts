/** Fails a bucket with no event notification: no topic, queue, Lambda or EventBridge (aws-evidence #36). */
import { defineCheck } from '../../check.ts';

export const BucketEventNotifications = defineCheck({
  id: 's3.bucket-event-notifications',
  fails: 'no event notification (topic, queue, lambda or EventBridge) (#36)',
  control: 'MO-01',
  title: 'Buckets send event notifications',
  rationale:
    'Notifications let monitoring react to object changes (uploads, deletions) as they happen, instead of finding them later.',
  criteria: ['CC7.3'],
  severity: 'low',
  settingsRead: [],
  note: 'Counts SNS topics, SQS queues, Lambda functions and EventBridge delivery as configured on the bucket. Fails also for buckets where per-object events are noise (log destinations, replicas, static website content) if nothing is configured: document those. Does not judge which events are sent (a prefix or event-type filter may cover almost nothing), whether anyone consumes them (EventBridge delivery without a rule reaches nobody), or monitoring done another way (CloudTrail data events, Macie, GuardDuty S3 protection).',
  remediation: {
    change:
      "Send the bucket's events to EventBridge (or to an SNS topic, SQS queue or Lambda function) with a rule someone watches; document buckets whose events are noise. The command replaces the bucket's notification configuration.",
    console: 'S3 > Buckets > <bucket> > Properties > Amazon EventBridge > Edit > On',
    cli: `aws s3api put-bucket-notification-configuration --bucket <bucket> --notification-configuration '{"EventBridgeConfiguration":{}}'`,
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const n = bucket.notifications;
    const label = `bucket ${bucket.name}`;
    const parts = [
      n.topicCount > 0 ? `${n.topicCount} topic(s)` : null,
      n.queueCount > 0 ? `${n.queueCount} queue(s)` : null,
      n.lambdaCount > 0 ? `${n.lambdaCount} Lambda function(s)` : null,
      n.eventBridgeEnabled ? 'EventBridge' : null,
    ].filter((p): p is string => p !== null);
    if (parts.length === 0) return { outcome: 'fail', reason: `${label}: no event notification configured` };
    return { outcome: 'pass', reason: `${label}: notifies ${parts.join(', ')}` };
  },
});
