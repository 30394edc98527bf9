/** Fails a bucket with no lifecycle rule at all (aws-evidence #33). */
import { defineCheck } from '../../check.ts';

export const BucketLifecycle = defineCheck({
  id: 's3.bucket-lifecycle',
  fails: 'no lifecycle rule at all (#33)',
  control: 'DP-03',
  title: 'Buckets have lifecycle rules',
  rationale:
    'Lifecycle rules enforce retention and disposal: data is deleted or archived when it is no longer needed, as the retention policy requires.',
  criteria: ['C1.2'],
  severity: 'low',
  settingsRead: [],
  note: 'A Disabled rule still counts as a rule, as defined; s3.bucket-versioned-lifecycle requires an Enabled one. Does not judge what the rules do (expiry, transition, aborting incomplete uploads, their filters), whether they match the retention policy, or Object Lock retention, which a lifecycle rule cannot override.',
  remediation: {
    change:
      "Add a lifecycle rule that expires (or archives) objects after the retention period the data's policy sets.",
    console: 'S3 > Buckets > <bucket> > Management > Lifecycle rules > Create lifecycle rule',
    cli: `aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration '{"Rules":[{"ID":"retention","Status":"Enabled","Filter":{"Prefix":""},"Expiration":{"Days":<retention-days>},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]}'`,
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const rules = bucket.lifecycleRules ?? [];
    const label = `bucket ${bucket.name}`;
    if (rules.length === 0) return { outcome: 'fail', reason: `${label}: no lifecycle rule` };
    const enabled = rules.filter((r) => r.status === 'Enabled').length;
    return { outcome: 'pass', reason: `${label}: ${rules.length} lifecycle rule(s), ${enabled} enabled` };
  },
});
