/** Fails a bucket with no Enabled replication rule (aws-evidence #35). */
import { defineCheck } from '../../check.ts';

export const BucketReplication = defineCheck({
  id: 's3.bucket-replication',
  title: 'Buckets are replicated',
  rationale:
    'Replication keeps a copy of the data in another bucket (usually another region), so a regional outage or a destroyed bucket does not lose it.',
  criteria: ['CC7.4', 'A1.2'],
  severity: 'low',
  settingsRead: [],
  note: "Same-region and cross-region replication both count: the configuration does not say the destination's region.",
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    const enabled = (bucket.replication?.rules ?? []).filter((r) => r.status === 'Enabled');
    if (enabled.length === 0) {
      return {
        outcome: 'fail',
        reason: `${label}: ${bucket.replication ? 'no Enabled replication rule' : 'replication not configured'}`,
      };
    }
    return {
      outcome: 'pass',
      reason: `${label}: replicates to ${[...new Set(enabled.map((r) => r.destinationBucket))].join(', ')}`,
    };
  },
});
