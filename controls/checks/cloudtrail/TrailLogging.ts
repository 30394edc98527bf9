/** Fails a trail whose status.isLogging is false. */
import { defineCheck } from '../../check.ts';
import { showTime } from '../age.ts';
import { trailLabel } from './coverage.ts';

export const TrailLogging = defineCheck({
  id: 'cloudtrail.trail-logging',
  fails: 'a trail whose status.isLogging is false',
  control: 'MO-03',
  title: 'CloudTrail trails are logging',
  rationale:
    'A trail that has been stopped records nothing: stopping logging is a classic step to hide activity, and a stopped trail leaves the period without an audit record.',
  criteria: ['CC7.2', 'CC8.1'],
  severity: 'high',
  settingsRead: [],
  note: 'status.isLogging from GetTrailStatus, per trail in the snapshot (organization trails of another owner included). Does not judge what the trail records (its selectors), whether delivery succeeds, or a trail that was stopped and restarted between two snapshots.',
  remediation: {
    change:
      'Start the trail logging again, and find out from its StopLogging event who stopped it and why (an organization trail is changed from the management account).',
    console: 'CloudTrail > Trails > <trail> > Start logging',
    cli: [
      'aws cloudtrail start-logging --name <trail> --region <region>',
      'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=StopLogging --region <region>',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.trail',
  reads: [],
  timeDependent: false,
  evaluate(trail) {
    const label = trailLabel(trail);
    if (trail.status.isLogging) return { outcome: 'pass', reason: `${label}: logging` };
    const since = trail.status.stopLoggingTime ? ` (stopped ${showTime(trail.status.stopLoggingTime)})` : '';
    return { outcome: 'fail', reason: `${label}: isLogging false${since}` };
  },
});
