/**
 * Fails a bucket whose default encryption is not aws:kms or aws:kms:dsse (aws-evidence #28); not
 * applicable to an Elastic Load Balancing access-log bucket on SSE-S3, the only encryption ELB log
 * delivery supports.
 */
import { defineCheck } from '../../check.ts';
import { receivesLoadBalancerLogs } from './logDelivery.ts';

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

export const BucketKmsEncryption = defineCheck({
  id: 's3.bucket-kms-encryption',
  fails: 'default encryption is not aws:kms or aws:kms:dsse (#28)',
  control: 'DP-01',
  title: 'Buckets are encrypted with KMS keys by default',
  rationale:
    'With SSE-KMS, reading data also needs permission on the key, key use is logged in CloudTrail and the key can be disabled; SSE-S3 gives none of these.',
  criteria: ['PI1.4'],
  severity: 'medium',
  settingsRead: [],
  note: 'Reads the default encryption rule only. A bucket that receives Elastic Load Balancing access logs (its policy grants s3:PutObject to logdelivery.elasticloadbalancing.amazonaws.com) and uses SSE-S3 is not applicable: ELB log delivery supports only SSE-S3. S3 server access log buckets are judged like any other: their delivery works with SSE-KMS under a customer managed key whose key policy admits logging.s3.amazonaws.com, not with the AWS managed aws/s3 key. Does not judge which key is used (AWS managed or customer managed), its key policy or rotation, objects written with their own encryption headers, or whether a bucket key is on.',
  remediation: {
    change:
      "Change the bucket's default encryption to SSE-KMS (aws:kms) with a customer-managed key and the bucket key on; objects already stored keep their encryption until rewritten.",
    console:
      'S3 > Buckets > <bucket> > Properties > Default encryption > Edit > Server-side encryption with AWS Key Management Service keys (SSE-KMS)',
    cli: `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<kms-key-arn>"},"BucketKeyEnabled":true}]}'`,
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    const rules = bucket.encryption ?? [];
    if (rules.length === 0) return { outcome: 'fail', reason: `${label}: no default encryption` };
    const kms = rules.find((r) => KMS.has(r.sseAlgorithm));
    if (kms)
      return {
        outcome: 'pass',
        reason: `${label}: default encryption ${kms.sseAlgorithm}${kms.kmsMasterKeyId ? ` with ${kms.kmsMasterKeyId}` : ''}`,
      };
    const seen = rules.map((r) => r.sseAlgorithm).join(', ');
    if (rules.every((r) => r.sseAlgorithm === 'AES256') && receivesLoadBalancerLogs(bucket)) {
      return {
        outcome: 'not-applicable',
        reason: `${label}: default encryption ${seen} on a load balancer access-log bucket, where ELB supports only SSE-S3`,
      };
    }
    return { outcome: 'fail', reason: `${label}: default encryption ${seen}, not KMS` };
  },
});
