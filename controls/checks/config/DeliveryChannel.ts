/** Fails an answering region with no delivery channel naming an S3 bucket. Not applicable for a refused region. */
import { defineCheck } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';

export const DeliveryChannel = defineCheck({
  id: 'config.delivery-channel',
  fails: 'an answering region with no delivery channel naming an S3 bucket; N/A for a refused region',
  control: 'CM-03',
  title: 'AWS Config delivers its history to S3',
  rationale:
    'The delivery channel writes configuration snapshots and history files to a bucket; without one the history lives only in the service and cannot be kept as independent change evidence.',
  criteria: ['CC7.1', 'CC8.1'],
  severity: 'medium',
  settingsRead: [],
  note: "Per configured region (aws.config.region, from DescribeDeliveryChannels). Passes when some delivery channel has a non-empty s3BucketName. Does not judge whether delivery succeeds, the bucket's own protection, the SNS topic or the snapshot delivery frequency. Not applicable for a region not enabled for the account.",
  remediation: {
    change:
      'Create a delivery channel naming an S3 bucket whose policy lets AWS Config write to it (the region needs a configuration recorder first).',
    console: 'AWS Config (region <region>) > Settings > Edit > Delivery method > Amazon S3 bucket',
    cli: 'aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=<config-bucket> --region <region>',
  },
  target: 'aws.config.region',
  reads: [],
  timeDependent: false,
  evaluate(region) {
    const refused = refusedRegion(region);
    if (refused) return refused;
    const label = regionLabel(region);
    const channel = region.deliveryChannels.find((c) => c.s3BucketName);
    if (channel)
      return {
        outcome: 'pass',
        reason: `${label}: delivery channel ${channel.name} to bucket ${channel.s3BucketName}`,
      };
    if (region.deliveryChannels.length === 0)
      return { outcome: 'fail', reason: `${label}: no delivery channel` };
    return {
      outcome: 'fail',
      reason: `${label}: no delivery channel names an S3 bucket (${region.deliveryChannels.map((c) => c.name).join(', ')})`,
    };
  },
});
