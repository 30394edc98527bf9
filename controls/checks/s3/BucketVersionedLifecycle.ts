/** Fails a bucket with versioning Enabled but no Enabled lifecycle rule; N/A when versioning is not Enabled (aws-evidence #34). */
import { defineCheck } from '../../check.ts';

export const BucketVersionedLifecycle = defineCheck({
  id: 's3.bucket-versioned-lifecycle',
  fails: 'versioning Enabled but no Enabled lifecycle rule (#34); N/A when versioning not enabled',
  control: 'DP-03',
  title: 'Versioned buckets have an enabled lifecycle rule',
  rationale:
    'Without lifecycle rules a versioned bucket keeps every old version forever: confidential data meant to be disposed of remains recoverable.',
  criteria: ['C1.1'],
  severity: 'low',
  settingsRead: [],
  note: 'Not applicable unless versioning is Enabled (a Suspended bucket keeps its old versions, but is judged by s3.bucket-versioning). Does not judge whether any Enabled rule expires noncurrent versions (a rule that only transitions current objects counts), nor Object Lock retention that keeps old versions on purpose.',
  remediation: {
    change:
      "Add an Enabled lifecycle rule that expires noncurrent versions after the retention period; the command replaces the bucket's lifecycle rules, so include any existing ones.",
    console:
      'S3 > Buckets > <bucket> > Management > Lifecycle rules > Create lifecycle rule > Permanently delete noncurrent versions of objects',
    cli: `aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration '{"Rules":[{"ID":"expire-noncurrent","Status":"Enabled","Filter":{"Prefix":""},"NoncurrentVersionExpiration":{"NoncurrentDays":<retention-days>}}]}'`,
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    if (bucket.versioning.status !== 'Enabled') {
      return { outcome: 'not-applicable', reason: `${label}: versioning ${bucket.versioning.status}` };
    }
    const enabled = (bucket.lifecycleRules ?? []).filter((r) => r.status === 'Enabled');
    if (enabled.length === 0)
      return { outcome: 'fail', reason: `${label}: versioning Enabled, no Enabled lifecycle rule` };
    return {
      outcome: 'pass',
      reason: `${label}: versioning Enabled, ${enabled.length} Enabled lifecycle rule(s)`,
    };
  },
});
