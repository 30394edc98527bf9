/** Fails a bucket with no default encryption rule (aws-evidence #27). */
import { defineCheck } from '../../check.ts';

export const BucketDefaultEncryption = defineCheck({
  id: 's3.bucket-default-encryption',
  fails: 'bucket has no default encryption rule (#27; almost never fails since Jan 2023)',
  control: 'DP-01',
  title: 'Buckets have default server-side encryption',
  rationale:
    'Default encryption makes every object encrypted at rest without relying on each writer to ask for it.',
  criteria: ['CC6.1', 'CC6.2', 'PI1.4'],
  severity: 'low',
  settingsRead: [],
  note: 'Almost never fails: since January 2023 AWS applies SSE-S3 to every bucket by default and it cannot be removed. It is kept for completeness and for S3-compatible stores; s3.bucket-kms-encryption is the meaningful check. Does not judge objects written before a rule existed or with their own encryption headers, nor which algorithm is used.',
  remediation: {
    change:
      'Set default encryption on the bucket, preferably SSE-KMS with a customer-managed key and the bucket key on.',
    console: 'S3 > Buckets > <bucket> > Properties > Default encryption > Edit',
    cli: `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<kms-key-arn>"},"BucketKeyEnabled":true}]}'`,
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    const rules = bucket.encryption ?? [];
    if (rules.length === 0) return { outcome: 'fail', reason: `${label}: no default encryption` };
    return {
      outcome: 'pass',
      reason: `${label}: default encryption ${rules.map((r) => r.sseAlgorithm).join(', ')}`,
    };
  },
});
