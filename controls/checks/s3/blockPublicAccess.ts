/**
 * Block Public Access as it applies to one bucket: a setting is on when it is on at the bucket or
 * at the account level. Only two settings neutralise what already exists: ignorePublicAcls makes S3
 * ignore public ACL grants, restrictPublicBuckets confines a public policy to AWS services and the
 * owner account. (blockPublicAcls / blockPublicPolicy only refuse new public grants.)
 */
import type { S3Bucket } from '../../../model/resources.ts';
import type { CheckContext } from '../../check.ts';

export interface Neutraliser {
  on: boolean;
  /** Where it is set, for reasons: "bucket", "account" or "bucket and account". */
  where: string | null;
}

function combine(bucketOn: boolean, accountOn: boolean): Neutraliser {
  if (bucketOn && accountOn) return { on: true, where: 'bucket and account' };
  if (bucketOn) return { on: true, where: 'bucket' };
  if (accountOn) return { on: true, where: 'account' };
  return { on: false, where: null };
}

export function effectiveBlock(
  bucket: S3Bucket,
  ctx: CheckContext,
): {
  ignorePublicAcls: Neutraliser;
  restrictPublicBuckets: Neutraliser;
} {
  const account = ctx.index.single('aws.s3.account-public-access-block')?.config ?? null;
  const own = bucket.publicAccessBlock;
  return {
    ignorePublicAcls: combine(own?.ignorePublicAcls ?? false, account?.ignorePublicAcls ?? false),
    restrictPublicBuckets: combine(
      own?.restrictPublicBuckets ?? false,
      account?.restrictPublicBuckets ?? false,
    ),
  };
}
