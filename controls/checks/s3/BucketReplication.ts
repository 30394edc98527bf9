/**
 * Fails a bucket with no Enabled replication rule (aws-evidence #35); not applicable to a bucket
 * that is itself the replica of another bucket in the snapshot.
 */
import { defineCheck } from '../../check.ts';
import { replicaSources } from './replicaSources.ts';

export const BucketReplication = defineCheck({
  id: 's3.bucket-replication',
  fails: 'no Enabled replication rule (#35)',
  control: 'AV-01',
  title: 'Buckets are replicated',
  rationale:
    'Replication keeps a copy of the data in another bucket (usually another region), so a regional outage or a destroyed bucket does not lose it.',
  criteria: ['CC7.4', 'A1.2'],
  severity: 'low',
  settingsRead: [],
  note: "Same-region and cross-region replication both count: the configuration does not say the destination's region. A bucket that another bucket of the snapshot replicates into (an Enabled rule names it as destination) is not applicable: it is the copy, and replicating the copy again adds nothing. Reads the other buckets of the same snapshot, so a replica whose source lives in another account is not recognised and fails. Does not judge whether the destination exists or receives objects (replication status, metrics), delete-marker or existing-object replication, or backups made another way (AWS Backup).",
  remediation: {
    change:
      'Replicate the bucket to a bucket in another region (versioning must be on in both, with a role S3 can assume); document buckets whose data need not survive a regional loss.',
    console: 'S3 > Buckets > <bucket> > Management > Replication rules > Create replication rule',
    cli: [
      'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
      `aws s3api put-bucket-replication --bucket <bucket> --replication-configuration '{"Role":"<replication-role-arn>","Rules":[{"ID":"replicate-all","Status":"Enabled","Priority":1,"Filter":{"Prefix":""},"DeleteMarkerReplication":{"Status":"Disabled"},"Destination":{"Bucket":"arn:<partition>:s3:::<destination-bucket>"}}]}'`,
    ].join('\n'),
  },
  target: 'aws.s3.bucket',
  reads: ['aws.s3.bucket'],
  timeDependent: false,
  evaluate(bucket, ctx) {
    const label = `bucket ${bucket.name}`;
    const enabled = (bucket.replication?.rules ?? []).filter((r) => r.status === 'Enabled');
    if (enabled.length > 0) {
      return {
        outcome: 'pass',
        reason: `${label}: replicates to ${[...new Set(enabled.map((r) => r.destinationBucket))].join(', ')}`,
      };
    }
    const sources = replicaSources(ctx.index, bucket.id);
    if (sources.length > 0) {
      return {
        outcome: 'not-applicable',
        reason: `${label}: the replica of ${sources.slice(0, 5).join(', ')}${sources.length > 5 ? ` and ${sources.length - 5} more` : ''}`,
      };
    }
    return {
      outcome: 'fail',
      reason: `${label}: ${bucket.replication ? 'no Enabled replication rule' : 'replication not configured'}`,
    };
  },
});
