/** Fails a trail with no cloudWatchLogsLogGroupArn. */
import { defineCheck } from '../../check.ts';
import { trailLabel } from './coverage.ts';

export const TrailCloudWatchLogs = defineCheck({
  id: 'cloudtrail.trail-cloudwatch-logs',
  fails: 'a trail with no cloudWatchLogsLogGroupArn (its events reach no alarm or metric filter)',
  control: 'MO-03',
  title: 'CloudTrail events are sent to CloudWatch Logs',
  rationale:
    'Events that reach CloudWatch Logs can drive metric filters and alarms (root sign-in, policy changes, stopped trails) so security events are noticed when they happen; log files in a bucket alone are only read after the fact.',
  criteria: ['CC7.2', 'CC7.3'],
  severity: 'medium',
  settingsRead: [],
  note: 'CloudWatchLogsLogGroupArn from DescribeTrails, per trail; an empty value counts as none. Does not judge whether any metric filter or alarm exists on the log group, whether anyone answers the alarms, or other routes to a SIEM (EventBridge, S3 event notifications).',
  remediation: {
    change:
      "Send the trail's events to a CloudWatch Logs log group, with a role CloudTrail assumes to write to it (logs:CreateLogStream, logs:PutLogEvents), then add metric filters and alarms.",
    console: 'CloudTrail > Trails > <trail> > CloudWatch Logs > Edit > Enabled',
    cli: [
      'aws logs create-log-group --log-group-name <log-group> --region <region>',
      'aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn arn:<partition>:logs:<region>:<account-id>:log-group:<log-group>:* --cloud-watch-logs-role-arn <cloudtrail-logs-role-arn> --region <region>',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.trail',
  reads: [],
  timeDependent: false,
  evaluate(trail) {
    const label = trailLabel(trail);
    return trail.cloudWatchLogsLogGroupArn
      ? { outcome: 'pass', reason: `${label}: delivers to ${trail.cloudWatchLogsLogGroupArn}` }
      : { outcome: 'fail', reason: `${label}: no cloudWatchLogsLogGroupArn` };
  },
});
