/**
 * The trail's S3 bucket, when the snapshot holds it (looked up by name among aws.s3.bucket). An
 * organization trail often writes to a bucket in a separate log-archive account, which this
 * account's snapshot does not hold: then the bucket checks are not applicable.
 */
import type { CloudTrailTrail, S3Bucket } from '../../../model/resources.ts';
import type { CheckContext, Verdict } from '../../check.ts';
import { trailLabel } from './coverage.ts';

/** Buckets by name, built once per snapshot (keyed by the index's own list of buckets). */
const byName = new WeakMap<readonly S3Bucket[], Map<string, S3Bucket>>();

function bucketNamed(buckets: readonly S3Bucket[], name: string): S3Bucket | undefined {
  let map = byName.get(buckets);
  if (!map) {
    map = new Map(buckets.map((b) => [b.name, b]));
    byName.set(buckets, map);
  }
  return map.get(name);
}

/** The bucket, or the not-applicable verdict when the trail names none or it is not in the snapshot. */
export function trailBucket(trail: CloudTrailTrail, ctx: CheckContext): S3Bucket | Verdict {
  const label = trailLabel(trail);
  if (!trail.s3BucketName) return { outcome: 'not-applicable', reason: `${label}: no S3 bucket` };
  const found = bucketNamed(ctx.index.ofType('aws.s3.bucket'), trail.s3BucketName);
  return (
    found ?? {
      outcome: 'not-applicable',
      reason: `${label}: bucket ${trail.s3BucketName} is not in the snapshot`,
    }
  );
}

export function isVerdict(v: S3Bucket | Verdict): v is Verdict {
  return 'outcome' in v;
}
