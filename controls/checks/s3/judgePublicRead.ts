/**
 * The reading of s3.bucket-not-public-read, shared with cloudtrail.trail-bucket-not-public so a
 * trail's bucket is judged exactly as any other bucket: readable by AllUsers/AuthenticatedUsers
 * through its ACL (unless ignorePublicAcls at bucket or account level) or public through its policy
 * (unless restrictPublicBuckets at bucket or account level). Reads aws.s3.account-public-access-block.
 */
import type { S3Bucket } from '../../../model/resources.ts';
import type { CheckContext, Verdict } from '../../check.ts';
import { allowsWildcardPrincipal } from '../../policy/wildcardPrincipal.ts';
import { effectiveBlock } from './blockPublicAccess.ts';
import { publicGrants } from './publicGrants.ts';

export function judgePublicRead(bucket: S3Bucket, ctx: CheckContext): Verdict {
  const block = effectiveBlock(bucket, ctx);
  const label = `bucket ${bucket.name}`;
  const exposures: string[] = [];
  const neutralised: string[] = [];
  const grants = publicGrants(bucket, ['READ', 'FULL_CONTROL']);
  if (grants.length > 0) {
    if (block.ignorePublicAcls.on)
      neutralised.push(`ACL ${grants.join(', ')} ignored (ignorePublicAcls at ${block.ignorePublicAcls.where})`);
    else exposures.push(`ACL grants ${grants.join(', ')}`);
  }
  // S3's own status, or our reading when the status disagrees or is missing: either is exposure.
  const policyPublic =
    bucket.policyStatusIsPublic === true || (bucket.policy !== null && allowsWildcardPrincipal(bucket.policy));
  if (policyPublic) {
    if (block.restrictPublicBuckets.on) {
      neutralised.push(`public policy restricted (restrictPublicBuckets at ${block.restrictPublicBuckets.where})`);
    } else exposures.push('bucket policy is public');
  }
  if (exposures.length > 0) return { outcome: 'fail', reason: `${label}: ${exposures.join('; ')}` };
  if (neutralised.length > 0) return { outcome: 'pass', reason: `${label}: ${neutralised.join('; ')}` };
  return { outcome: 'pass', reason: `${label}: no public ACL grant, policy not public` };
}
