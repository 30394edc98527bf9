/** Fails a bucket whose versioning status is not Enabled (aws-evidence #31). */
import { defineCheck } from '../../check.ts';

export const BucketVersioning = defineCheck({
  id: 's3.bucket-versioning',
  fails: 'versioning status is not Enabled (#31)',
  control: 'AV-01',
  title: 'Buckets have versioning enabled',
  rationale:
    'Versioning keeps prior versions of every object, so an overwrite or delete (accidental or malicious) can be recovered.',
  criteria: ['CC7.4', 'A1.2', 'C1.2', 'PI1.5'],
  severity: 'medium',
  settingsRead: [],
  note: 'Suspended and never-enabled both fail. Does not judge MFA delete, lifecycle expiry of old versions (s3.bucket-versioned-lifecycle), or whether a bucket needs versions at all (scratch data, caches, log destinations whose objects are never overwritten fail too: document them or enable it).',
  remediation: {
    change:
      'Enable versioning on the bucket (then add a lifecycle rule that expires old versions); document buckets that need no versions.',
    console: 'S3 > Buckets > <bucket> > Properties > Bucket Versioning > Edit > Enable',
    cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const status = bucket.versioning.status;
    return {
      outcome: status === 'Enabled' ? 'pass' : 'fail',
      reason: `bucket ${bucket.name}: versioning ${status === 'Never' ? 'never enabled' : status}`,
    };
  },
});
