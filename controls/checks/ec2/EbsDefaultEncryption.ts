/** Fails an answering region with EBS encryption by default off. Not applicable for a refused region. */
import { defineCheck } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';

export const EbsDefaultEncryption = defineCheck({
  id: 'ec2.ebs-default-encryption',
  fails: 'an answering region with EBS encryption by default off; N/A for a refused region',
  control: 'DP-04',
  title: 'EBS encryption by default is on in every region',
  rationale:
    'With encryption by default, every new EBS volume and snapshot in the region is encrypted whoever creates it; without it, an unencrypted volume is one forgotten flag away and its data and snapshots are readable by anyone who can copy them.',
  criteria: ['CC6.1', 'CC6.7'],
  severity: 'medium',
  settingsRead: [],
  note: 'Per configured region (aws.ec2.region, from GetEbsEncryptionByDefault and GetEbsDefaultKmsKeyId). Only false fails; a region that answered without the setting (not collected) is not applicable, as is a region not enabled for the account. Does not judge existing volumes and snapshots (created before the setting, they stay as they were), or which key is the default (the AWS-managed aws/ebs key passes).',
  remediation: {
    change:
      'Turn on EBS encryption by default in the region (existing volumes stay as they are: copy their snapshots encrypted to replace them).',
    console:
      'EC2 (region <region>) > Dashboard > Account attributes > Data protection and security > EBS encryption > Manage > Enable',
    cli: 'aws ec2 enable-ebs-encryption-by-default --region <region>',
  },
  target: 'aws.ec2.region',
  reads: [],
  timeDependent: false,
  evaluate(region) {
    const refused = refusedRegion(region);
    if (refused) return refused;
    const label = regionLabel(region);
    if (region.ebsEncryptionByDefault === null)
      return { outcome: 'not-applicable', reason: `${label}: EBS encryption by default not collected` };
    if (!region.ebsEncryptionByDefault)
      return { outcome: 'fail', reason: `${label}: EBS encryption by default off` };
    const key = region.ebsDefaultKmsKeyId ? ` (default key ${region.ebsDefaultKmsKeyId})` : '';
    return { outcome: 'pass', reason: `${label}: EBS encryption by default on${key}` };
  },
});
