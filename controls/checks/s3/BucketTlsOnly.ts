/** Fails a bucket whose policy has no Deny of s3:* (or *) under Condition Bool aws:SecureTransport false (aws-evidence #29). */
import { defineCheck } from '../../check.ts';
import { describeStatement } from '../../policy/statements.ts';
import { insecureTransportDenials } from '../../policy/deniesInsecureTransport.ts';

export const BucketTlsOnly = defineCheck({
  id: 's3.bucket-tls-only',
  fails: 'bucket policy has no Deny with Condition Bool aws:SecureTransport false covering s3:* or * (#29)',
  control: 'DP-01',
  title: 'Bucket policies refuse requests without TLS',
  rationale:
    'Without a Deny on aws:SecureTransport false, clients can read and write the bucket over plain HTTP, exposing data and credentials-signed requests in transit.',
  criteria: ['CC6.1', 'CC6.2', 'CC6.7'],
  severity: 'medium',
  settingsRead: [],
  note: "As defined, only the Deny's actions and condition are read, not its Principal or Resource. Does not see a bucket served as a static website on the S3 website endpoint, which speaks only HTTP (it fails: put CloudFront in front and add the Deny), conditions on s3:TlsVersion (which do not refuse plain HTTP), or SCPs and VPC endpoint policies that refuse HTTP elsewhere.",
  remediation: {
    change:
      'Add to the bucket policy a Deny of s3:* to Principal "*" on the bucket and its objects with Condition Bool aws:SecureTransport false, keeping the existing statements.',
    console: 'S3 > Buckets > <bucket> > Permissions > Bucket policy > Edit',
    cli: [
      'aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > policy.json  # no policy yet: start from {"Version":"2012-10-17","Statement":[]}',
      '# add to Statement: {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:<partition>:s3:::<bucket>","arn:<partition>:s3:::<bucket>/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}',
      'aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json',
    ].join('\n'),
  },
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate(bucket) {
    const label = `bucket ${bucket.name}`;
    if (bucket.policy === null)
      return { outcome: 'fail', reason: `${label}: no bucket policy, so no Deny of insecure transport` };
    const denials = insecureTransportDenials(bucket.policy);
    if (denials.length === 0)
      return { outcome: 'fail', reason: `${label}: policy has no Deny of s3:* on aws:SecureTransport false` };
    return {
      outcome: 'pass',
      reason: `${label}: policy ${describeStatement(denials[0]!)} denies requests without TLS`,
    };
  },
});
