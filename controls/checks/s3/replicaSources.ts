/**
 * Which buckets of the snapshot replicate into a bucket: the sources of an Enabled replication rule
 * whose destination is that bucket's ARN. Built once per snapshot index (a check judges every bucket
 * of a snapshot, and a scan per bucket would be quadratic).
 */
import type { SnapshotIndex } from '../../snapshot-index.ts';

const bySnapshot = new WeakMap<SnapshotIndex, Map<string, string[]>>();

/** Names of the buckets replicating into the bucket with this ARN (empty when none). */
export function replicaSources(index: SnapshotIndex, bucketArn: string): string[] {
  let sources = bySnapshot.get(index);
  if (!sources) {
    sources = new Map();
    for (const b of index.ofType('aws.s3.bucket')) {
      for (const rule of b.replication?.rules ?? []) {
        if (rule.status !== 'Enabled' || rule.destinationBucket === b.id) continue;
        const list = sources.get(rule.destinationBucket);
        if (!list) sources.set(rule.destinationBucket, [b.name]);
        else if (!list.includes(b.name)) list.push(b.name);
      }
    }
    bySnapshot.set(index, sources);
  }
  return sources.get(bucketArn) ?? [];
}
