/**
 * Whether a bucket is a destination that AWS log delivery writes to, read from the bucket's own
 * policy and ACL (what grants the delivery), so no other bucket needs to be read:
 * - S3 server access logs: an Allow of s3:PutObject to the service principal logging.s3.amazonaws.com,
 *   or (the older way) an ACL grant of WRITE or FULL_CONTROL to the LogDelivery group;
 * - Elastic Load Balancing access logs: an Allow of s3:PutObject to
 *   logdelivery.elasticloadbalancing.amazonaws.com. (The older grant to each region's ELB account,
 *   e.g. arn:aws:iam::127311923021:root, is not recognised.)
 */
import type { S3Bucket } from '../../../model/resources.ts';
import { touchesAction } from '../../policy/allows.ts';
import { normaliseStatements } from '../../policy/statements.ts';

const LOG_DELIVERY_GROUP = /\/groups\/s3\/LogDelivery$/;

function grantsPutToService(bucket: S3Bucket, service: string): boolean {
  return normaliseStatements(bucket.policy).some(
    (s) =>
      s.effect === 'Allow' &&
      (s.principal?.service ?? []).some((p) => p.toLowerCase() === service) &&
      touchesAction(s, 's3:PutObject'),
  );
}

/** True when S3 server access log delivery is granted on this bucket. */
export function receivesServerAccessLogs(bucket: S3Bucket): boolean {
  if (grantsPutToService(bucket, 'logging.s3.amazonaws.com')) return true;
  return bucket.acl.grants.some(
    (g) =>
      g.granteeType === 'Group' &&
      g.granteeUri !== null &&
      LOG_DELIVERY_GROUP.test(g.granteeUri) &&
      (g.permission === 'WRITE' || g.permission === 'FULL_CONTROL'),
  );
}

/** True when Elastic Load Balancing access log delivery is granted on this bucket. */
export function receivesLoadBalancerLogs(bucket: S3Bucket): boolean {
  return grantsPutToService(bucket, 'logdelivery.elasticloadbalancing.amazonaws.com');
}
