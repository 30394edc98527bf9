/** Fails a trail with logFileValidationEnabled false. */
import { defineCheck } from '../../check.ts';
import { trailLabel } from './coverage.ts';

export const TrailLogFileValidation = defineCheck({
  id: 'cloudtrail.trail-log-file-validation',
  fails: 'a trail with logFileValidationEnabled false',
  control: 'MO-03',
  title: 'CloudTrail log file validation is enabled',
  rationale:
    'Log file validation makes CloudTrail deliver signed digest files, so anyone can prove later that a log file was not modified or deleted; without it the audit record cannot be shown to be intact.',
  criteria: ['CC7.2'],
  severity: 'medium',
  settingsRead: [],
  note: 'LogFileValidationEnabled from DescribeTrails, per trail. Does not judge whether anyone validates the digests, or whether the trail is logging.',
  remediation: {
    change: 'Enable log file validation on the trail, so CloudTrail delivers signed digest files.',
    console: 'CloudTrail > Trails > <trail> > General details > Edit > Log file validation > Enabled',
    cli: 'aws cloudtrail update-trail --name <trail> --enable-log-file-validation --region <region>',
  },
  target: 'aws.cloudtrail.trail',
  reads: [],
  timeDependent: false,
  evaluate(trail) {
    const label = trailLabel(trail);
    return trail.logFileValidationEnabled
      ? { outcome: 'pass', reason: `${label}: log file validation enabled` }
      : { outcome: 'fail', reason: `${label}: logFileValidationEnabled false` };
  },
});
