/** Fails when account-level Block Public Access is not set or any of its four settings is off (aws-evidence #26). */
import { defineCheck } from '../../check.ts';

const SETTINGS = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
] as const;

export const AccountPublicAccessBlock = defineCheck({
  id: 's3.account-public-access-block',
  fails: 'account-level Block Public Access missing or any of the four settings off (#26)',
  control: 'DP-02',
  title: 'Account-level S3 Block Public Access is fully on',
  rationale:
    'With all four account-level settings on, no bucket in the account can be made public by an ACL or policy mistake.',
  criteria: ['CC6.1', 'CC6.2', 'CC6.6'],
  severity: 'high',
  settingsRead: [],
  note: "Reads the account-level setting (S3 Control GetPublicAccessBlock) only; bucket-level settings are judged with each bucket by the public checks. An account that deliberately serves a bucket to the public (a static website on the S3 website endpoint) cannot have all four on and fails: document it as an exception; a website behind CloudFront with origin access control needs none of them off. Does not judge access points' own settings, an organisation-level policy that enforces these settings, or SCPs.",
  remediation: {
    change:
      'Turn on all four account-level Block Public Access settings, after checking that no bucket must stay public (a public website moves behind CloudFront with origin access control).',
    console: 'S3 > Block Public Access settings for this account > Edit > Block all public access',
    cli: 'aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  },
  target: 'aws.s3.account-public-access-block',
  reads: [],
  timeDependent: false,
  evaluate(bpa) {
    const label = `account ${bpa.accountId}`;
    if (!bpa.config) return { outcome: 'fail', reason: `${label}: Block Public Access not configured` };
    const config = bpa.config;
    const off = SETTINGS.filter((k) => !config[k]);
    if (off.length > 0)
      return { outcome: 'fail', reason: `${label}: Block Public Access ${off.join(', ')} off` };
    return { outcome: 'pass', reason: `${label}: all four Block Public Access settings on` };
  },
});
