/**
 * Fails an answering region with no recorder that is recording and whose last status is not
 * Failure. Not applicable for a refused region.
 */
import { defineCheck } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';

export const RecorderRecording = defineCheck({
  id: 'config.recorder-recording',
  fails:
    'an answering region with no recorder that is recording and whose last status is not Failure; N/A for a refused region',
  control: 'CM-03',
  title: 'AWS Config is recording',
  rationale:
    'A stopped or failing recorder stops the configuration history: changes made while it is off are not recorded, so weakening changes go undetected and cannot be sampled as change evidence.',
  criteria: ['CC7.1', 'CC7.2', 'CC8.1'],
  severity: 'high',
  settingsRead: [],
  note: 'Per configured region (aws.config.region, from DescribeConfigurationRecorderStatus). Passes when some recorder has recording true and a last status other than Failure (Pending, Success, or none reported yet). Does not judge what the recorder records (config.recorder-all-resources), whether the delivery channel works, or gaps between two snapshots. Not applicable for a region not enabled for the account.',
  remediation: {
    change:
      "Start the configuration recorder (create one and a delivery channel first if the region has none); if its last status is Failure, fix what the error code names, usually the recorder's role or the delivery bucket's policy.",
    console: 'AWS Config (region <region>) > Settings > Customer managed recorder > Start recording',
    cli: [
      'aws configservice describe-configuration-recorder-status --region <region>',
      'aws configservice start-configuration-recorder --configuration-recorder-name <recorder> --region <region>',
    ].join('\n'),
  },
  target: 'aws.config.region',
  reads: [],
  timeDependent: false,
  evaluate(region) {
    const refused = refusedRegion(region);
    if (refused) return refused;
    const label = regionLabel(region);
    if (region.recorders.length === 0)
      return { outcome: 'fail', reason: `${label}: no configuration recorder` };
    const ok = region.recorders.find((r) => r.recording && r.lastStatus !== 'Failure');
    if (ok)
      return {
        outcome: 'pass',
        reason: `${label}: recorder ${ok.name} recording, last status ${ok.lastStatus ?? 'none'}`,
      };
    const seen = region.recorders.map((r) =>
      r.recording
        ? `recorder ${r.name}: last status Failure${r.lastErrorCode ? ` (${r.lastErrorCode})` : ''}`
        : `recorder ${r.name}: not recording`,
    );
    return { outcome: 'fail', reason: `${label}: ${seen.join('; ')}` };
  },
});
