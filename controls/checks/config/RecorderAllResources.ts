/**
 * Fails an answering region with no configuration recorder recording all supported resource types
 * (allSupported, or recordingStrategy ALL_SUPPORTED_RESOURCE_TYPES). Not applicable for a refused region.
 */
import { defineCheck } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';

export const RecorderAllResources = defineCheck({
  id: 'config.recorder-all-resources',
  fails:
    'an answering region with no configuration recorder recording all supported resource types (allSupported, or recordingStrategy ALL_SUPPORTED_RESOURCE_TYPES); N/A for a refused region',
  control: 'CM-03',
  title: 'AWS Config records every supported resource type',
  rationale:
    'A recorder limited to chosen resource types leaves every other type without a configuration history, so a weakening change to it is neither detected nor available as change evidence.',
  criteria: ['CC7.1', 'CC8.1'],
  severity: 'medium',
  settingsRead: [],
  note: "Per configured region (aws.config.region, from DescribeConfigurationRecorders). Passes when some recorder has recordingGroup.allSupported true or recordingStrategy.useOnly ALL_SUPPORTED_RESOURCE_TYPES, whether or not it is recording (config.recorder-recording judges that). Does not judge includeGlobalResourceTypes (IAM is recorded in one region only by design), exclusions under a different strategy, the recorder's role, or retention. Not applicable for a region not enabled for the account.",
  remediation: {
    change:
      'Set the configuration recorder to record all supported resource types (global resource types such as IAM in one region only).',
    console:
      'AWS Config (region <region>) > Settings > Customer managed recorder > Edit > Recording strategy > All resource types with customizable overrides',
    cli: [
      'aws configservice describe-configuration-recorders --region <region>',
      'aws configservice put-configuration-recorder --configuration-recorder name=<recorder>,roleARN=<config-role-arn> --recording-group allSupported=true,includeGlobalResourceTypes=false --region <region>',
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
    const all = region.recorders.find(
      (r) => r.allSupported || r.recordingStrategy === 'ALL_SUPPORTED_RESOURCE_TYPES',
    );
    if (all)
      return {
        outcome: 'pass',
        reason: `${label}: recorder ${all.name} records all supported resource types`,
      };
    const seen = region.recorders.map(
      (r) =>
        `recorder ${r.name}: allSupported false, strategy ${r.recordingStrategy ?? 'none'}, ${r.resourceTypes.length} resource types`,
    );
    return { outcome: 'fail', reason: `${label}: ${seen.join('; ')}` };
  },
});
