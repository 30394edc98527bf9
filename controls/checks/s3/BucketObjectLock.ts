/** Fails a bucket without Object Lock enabled (aws-evidence #32). */
import { defineCheck } from '../../check.ts';

export const BucketObjectLock = defineCheck({
  id: 's3.bucket-object-lock',
  fails: 'Object Lock not enabled (#32)',
  control: 'DP-03',
  title: 'Buckets have Object Lock enabled',
  rationale:
    'Object Lock keeps objects from being deleted or overwritten for a retention period (write-once), protecting records from tampering and ransomware.',
  criteria: ['CC6.1', 'C1.1', 'PI1.5'],
  severity: 'low',
  settingsRead: [],
  note: 'Expected to fail for many ordinary buckets; it matters for buckets that hold records. Passes on Object Lock enabled, with or without a default retention. Does not judge the retention mode (GOVERNANCE can be bypassed by a privileged principal), per-object retention or legal holds, or whether the bucket needs write-once storage at all (scratch, website content, caches fail too). A server access log destination cannot have a default retention period, so for such a bucket enabled without default retention is the best that is possible.',
  remediation: {
    change:
      'For a bucket that holds records, enable versioning and then Object Lock with a default retention (neither can be turned off afterwards); document ordinary buckets that do not need write-once storage.',
    console: 'S3 > Buckets > <bucket> > Properties > Object Lock > Edit > Enable',
    cli: [
      'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
      `aws s3api put-object-lock-configuration --bucket <bucket> --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":<retention-days>}}}'`,
    ].join('\n'),
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    const lock = bucket.objectLock;
    if (!lock || !lock.enabled) return { outcome: 'fail', reason: `${label}: Object Lock not enabled` };
    const r = lock.defaultRetention;
    const retention = r
      ? `, default ${r.mode} ${r.days !== null ? `${r.days} days` : `${r.years ?? '?'} years`}`
      : ', no default retention';
    return { outcome: 'pass', reason: `${label}: Object Lock enabled${retention}` };
  },
});
