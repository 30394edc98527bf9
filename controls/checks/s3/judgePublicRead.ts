/**
 * The reading of s3.bucket-not-public-read, shared with cloudtrail.trail-bucket-not-public so a
 * trail's bucket is judged exactly as any other bucket: readable by AllUsers/AuthenticatedUsers
 * through its ACL (unless ignorePublicAcls at bucket or account level) or public through its policy
 * (unless restrictPublicBuckets at bucket or account level). Reads aws.s3.account-public-access-block.
 *
 * The policy is binder's reading of the document (controls/policy/wildcardPrincipal.ts), the one
 * policy reader; S3's GetBucketPolicyStatus is not asked. Only statements that allow a read
 * (s3:Get*, s3:List*, or a wildcard covering them) count: a policy open only to s3:PutObject is
 * public write (s3.bucket-not-public-write), not public read.
 */
import type { S3Bucket } from '../../../model/resources.ts';
import type { CheckContext, Verdict } from '../../check.ts';
import { touchesAction } from '../../policy/allows.ts';
import { describeStatement } from '../../policy/statements.ts';
import { wildcardPrincipalStatements } from '../../policy/wildcardPrincipal.ts';
import { effectiveBlock } from './blockPublicAccess.ts';
import { publicGrants } from './publicGrants.ts';

const READ_ACTIONS = ['s3:Get*', 's3:List*'];

export function judgePublicRead(bucket: S3Bucket, ctx: CheckContext): Verdict {
  const block = effectiveBlock(bucket, ctx);
  const label = `bucket ${bucket.name}`;
  const exposures: string[] = [];
  const neutralised: string[] = [];
  const grants = publicGrants(bucket, ['READ', 'FULL_CONTROL']);
  if (grants.length > 0) {
    if (block.ignorePublicAcls.on)
      neutralised.push(
        `ACL ${grants.join(', ')} ignored (ignorePublicAcls at ${block.ignorePublicAcls.where})`,
      );
    else exposures.push(`ACL grants ${grants.join(', ')}`);
  }
  const readers = wildcardPrincipalStatements(bucket.policy).filter((st) =>
    READ_ACTIONS.some((a) => touchesAction(st, a)),
  );
  if (readers.length > 0) {
    const which = `policy ${readers.map(describeStatement).join(', ')} allows s3:Get*/List* to "*"`;
    if (block.restrictPublicBuckets.on) {
      neutralised.push(
        `${which}, restricted (restrictPublicBuckets at ${block.restrictPublicBuckets.where})`,
      );
    } else exposures.push(which);
  }
  if (exposures.length > 0) return { outcome: 'fail', reason: `${label}: ${exposures.join('; ')}` };
  if (neutralised.length > 0) return { outcome: 'pass', reason: `${label}: ${neutralised.join('; ')}` };
  return { outcome: 'pass', reason: `${label}: no public ACL grant, policy not public` };
}
