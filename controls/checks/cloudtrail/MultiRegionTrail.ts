/**
 * Fails an answering region where no multi-region trail is logging with read and write management
 * events. Not applicable for a refused region.
 */
import { defineCheck } from '../../check.ts';
import { judgeCoverage } from './coverage.ts';

export const MultiRegionTrail = defineCheck({
  id: 'cloudtrail.multi-region-trail',
  fails:
    'an answering region where no multi-region trail is logging with read and write management events; per aws.cloudtrail.region; N/A for a refused region',
  control: 'MO-03',
  title: 'A multi-region CloudTrail trail records management events',
  rationale:
    'A multi-region trail records activity in every region, including regions nobody expected to be used, so an attacker cannot act unrecorded by choosing an unwatched region; per-region trails leave gaps whenever a region is added or a trail is missed.',
  criteria: ['CC7.2', 'CC8.1'],
  severity: 'medium',
  settingsRead: [],
  note: 'Per configured region (aws.cloudtrail.region). Passes when some trail in the snapshot (aws.cloudtrail.trail, of any owner: an organization trail counts) has isMultiRegionTrail true, status.isLogging true and a selector recording read and write management events (a basic selector ReadWriteType All with IncludeManagementEvents, or an advanced selector on eventCategory Management with no readOnly field selector). A single-region trail homed in the region does not count here (it does for cloudtrail.region-management-events-logged). Does not judge includeGlobalServiceEvents, excluded event sources, data events or delivery. Not applicable for a region not enabled for the account.',
  remediation: {
    change:
      "Create a multi-region trail (or make an existing trail multi-region) recording all read and write management events, and start it logging; its bucket's policy must let cloudtrail.amazonaws.com write.",
    console:
      'CloudTrail > Trails > Create trail (a trail created in the console is multi-region; an existing single-region trail is made multi-region with the CLI)',
    cli: [
      'aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation --region <region>',
      '# or, for an existing trail: aws cloudtrail update-trail --name <trail> --is-multi-region-trail --region <region>',
      `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]' --region <region>`,
      'aws cloudtrail start-logging --name <trail> --region <region>',
    ].join('\n'),
  },
  target: 'aws.cloudtrail.region',
  reads: ['aws.cloudtrail.trail'],
  timeDependent: false,
  evaluate(region, ctx) {
    return judgeCoverage(region, ctx, { multiRegionOnly: true });
  },
});
