/** Fails a bucket whose default encryption is not aws:kms or aws:kms:dsse (aws-evidence #28). */
import { defineCheck } from '../../check.ts';

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

export const BucketKmsEncryption = defineCheck({
  id: 's3.bucket-kms-encryption',
  title: 'Buckets are encrypted with KMS keys by default',
  rationale:
    'With SSE-KMS, reading data also needs permission on the key, key use is logged in CloudTrail and the key can be disabled; SSE-S3 gives none of these.',
  criteria: ['PI1.4'],
  severity: 'medium',
  settingsRead: [],
  note: null,
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
    return {
      outcome: 'fail',
      reason: `${label}: default encryption ${rules.map((r) => r.sseAlgorithm).join(', ')}, not KMS`,
    };
  },
});
