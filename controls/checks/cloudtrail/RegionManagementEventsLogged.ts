/**
 * Fails an answering region that no logging trail covers (multi-region, or homed in the region)
 * recording read and write management events. Not applicable for a refused region.
 */
import { defineCheck } from '../../check.ts';
import { judgeCoverage } from './coverage.ts';

export const RegionManagementEventsLogged = defineCheck({
  id: 'cloudtrail.region-management-events-logged',
  fails:
    'an answering region that no logging trail covers (multi-region, or in its home region) recording management events both read and write (a basic selector ReadWriteType All with IncludeManagementEvents, or an advanced selector on eventCategory Management with no readOnly filter); per aws.cloudtrail.region; N/A for a refused region',
  control: 'MO-03',
  title: 'Every region records management events in CloudTrail',
  rationale:
    'Without a logging trail recording read and write management events, API activity in the region (who created, changed or deleted what) leaves no audit record, so security events there cannot be detected or investigated.',
  criteria: ['CC7.2', 'CC8.1'],
  severity: 'high',
  settingsRead: [],
  note: "Per configured region (aws.cloudtrail.region, from DescribeTrails with shadow trails); the trails are the snapshot's aws.cloudtrail.trail resources (DescribeTrails, GetTrailStatus, GetEventSelectors). A trail covers a region when it is multi-region or homed there, and it counts when status.isLogging is true and one selector records read and write management events: a basic selector ReadWriteType All with IncludeManagementEvents, or an advanced selector with eventCategory equals Management and no readOnly field selector (a ReadOnly plus a WriteOnly selector do not count). Trails of any owner count (an organization trail of the management account covers member accounts); a trail listed in the region but not in the snapshot does not. Does not judge excluded management event sources, the other field selectors of an advanced selector, data events, whether the logs reach their bucket (cloudtrail.trail-delivery-ok) or how long they are kept. Not applicable for a region not enabled for the account.",
  remediation: {
    change:
      'Make a logging trail cover the region with read and write management events: fix the selectors of the trail that covers it (put-event-selectors replaces them all: keep its data event selectors), or create a multi-region trail, and start it logging.',
    console: 'CloudTrail > Trails > <trail> > Management events > Edit > API activity: Read and Write',
    cli: [
      `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]' --region <region>`,
      'aws cloudtrail start-logging --name <trail> --region <region>',
      '# a region no trail covers: aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --region <region>',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.region',
  reads: ['aws.cloudtrail.trail'],
  timeDependent: false,
  evaluate(region, ctx) {
    return judgeCoverage(region, ctx, { multiRegionOnly: false });
  },
});
