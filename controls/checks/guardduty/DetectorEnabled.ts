/** Fails an answering region with no detector whose status is ENABLED. Not applicable for a refused region. */
import { defineCheck } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';

export const DetectorEnabled = defineCheck({
  id: 'guardduty.detector-enabled',
  fails: 'an answering region with no detector whose status is ENABLED; N/A for a refused region',
  control: 'MO-04',
  title: 'GuardDuty is enabled in every region',
  rationale:
    'GuardDuty watches CloudTrail, VPC flow and DNS activity for signs of compromise (leaked credentials in use, crypto-mining, reconnaissance); a region without an enabled detector raises no such finding for anyone to evaluate.',
  criteria: ['CC7.2', 'CC7.3'],
  severity: 'high',
  settingsRead: [],
  note: 'Per configured region (aws.guardduty.region, from ListDetectors and GetDetector). Passes when some detector has status ENABLED. Does not judge which protection plans (features) are on, the finding publishing frequency, whether findings are exported or alerted on, or whether a delegated administrator account sees them. Not applicable for a region not enabled for the account.',
  remediation: {
    change:
      'Enable GuardDuty in the region: create a detector, or re-enable the suspended one (in an organization, the delegated administrator can enable it for every member).',
    console:
      'GuardDuty (region <region>) > Get started > Enable GuardDuty (a suspended detector: Settings > Re-enable GuardDuty)',
    cli: [
      'aws guardduty create-detector --enable --region <region>',
      '# or, for a suspended detector:',
      'aws guardduty update-detector --detector-id <detector-id> --enable --region <region>',
    ].join('\n'),
  },
  target: 'aws.guardduty.region',
  reads: [],
  timeDependent: false,
  evaluate(region) {
    const refused = refusedRegion(region);
    if (refused) return refused;
    const label = regionLabel(region);
    const enabled = region.detectors.find((d) => d.status === 'ENABLED');
    if (enabled) return { outcome: 'pass', reason: `${label}: detector ${enabled.detectorId} ENABLED` };
    if (region.detectors.length === 0) return { outcome: 'fail', reason: `${label}: no detector` };
    return {
      outcome: 'fail',
      reason: `${label}: ${region.detectors.map((d) => `detector ${d.detectorId} ${d.status}`).join(', ')}`,
    };
  },
});
