/** Fails a credential-report row with an active access key last rotated more than settings.accessKeyMaxAgeDays ago (aws-evidence #12). */
import { defineCheck } from '../../check.ts';
import { reportTime } from '../age.ts';
import { judgeKeyAges } from './judgeKeyAges.ts';

export const AccessKeyRotated = defineCheck({
  id: 'iam.access-key-rotated',
  fails:
    'an active access key last rotated more than settings.accessKeyMaxAgeDays (default 90) days ago (#12)',
  control: 'AC-03',
  title: 'Active access keys are rotated',
  rationale:
    'Long-lived keys are more likely to have leaked (repositories, laptops, logs); rotating them bounds how long a leaked key stays useful.',
  criteria: ['CC6.1', 'CC6.2'],
  severity: 'medium',
  settingsRead: ['accessKeyMaxAgeDays'],
  note: "A key without a rotation date in the report cannot be aged and is left out (not applicable if no key can be aged). The rotation date is when the key was created (the credential report's last_rotated), from a report up to 4 hours old. Does not judge whether a key is used, how it is stored (a secrets manager, a CI variable), or whether an old key is legitimately long-lived: every active key over the limit fails.",
  remediation: {
    change:
      'Rotate the key: create a second access key, move every user of the old key to it, then deactivate and delete the old key (or replace the key with a role and temporary credentials).',
    console:
      'IAM > Users > <user> > Security credentials > Access keys > Create access key; then on the old key Actions > Deactivate, then Delete',
    cli: [
      'aws iam create-access-key --user-name <user>',
      '# switch the workloads to the new key, then:',
      'aws iam update-access-key --user-name <user> --access-key-id <old-access-key-id> --status Inactive',
      'aws iam delete-access-key --user-name <user> --access-key-id <old-access-key-id>',
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: true,
  evaluate(row, ctx) {
    return judgeKeyAges(row, ctx, {
      limitDays: ctx.settings.accessKeyMaxAgeDays,
      referenceOf: (key) => {
        const rotated = reportTime(key.lastRotated);
        return rotated === null ? null : { when: rotated, what: 'last rotated' };
      },
      undatedReason: 'active access key has no rotation date',
    });
  },
});
