/**
 * Fails a credential-report row with an active access key not used within
 * settings.accessKeyUnusedDays, counted from its last use or, if never used, from its last
 * rotation (aws-evidence #10). Root is judged too.
 */
import { defineCheck } from '../../check.ts';
import { reportTime } from '../age.ts';
import { judgeKeyAges } from './judgeKeyAges.ts';

export const AccessKeyRecentlyUsed = defineCheck({
  id: 'iam.access-key-recently-used',
  fails:
    'an active access key not used within settings.accessKeyUnusedDays (default 90) days, counting from last used or, if never used, from last rotated (#10); per credentials row',
  control: 'AC-03',
  title: 'Active access keys have been used recently',
  rationale:
    'An active key nobody uses is standing access without an owner: it should have been deactivated when the need ended (access removal, CC6.2).',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'medium',
  settingsRead: ['accessKeyUnusedDays'],
  note: 'A never-used key is aged from its last rotation. A key with neither date in the report cannot be aged and is left out (not applicable if no key can be aged). Root is judged too. Dates come from the credential report (up to 4 hours old; last use is recorded per key, any region or service). Does not judge whether an idle key is still needed (a quarterly job, a break-glass key): an idle key fails, and an approved one is documented as an exception; nor keys of principals outside IAM users (roles have no keys).',
  remediation: {
    change:
      'Deactivate the idle access key and delete it once nothing has broken; if it is still needed (a rare job, a break-glass key), record its owner and purpose as an exception. A root key is deleted by signing in as the root user.',
    console: 'IAM > Users > <user> > Security credentials > Access keys > Actions > Deactivate, then Delete',
    cli: [
      'aws iam list-access-keys --user-name <user>',
      'aws iam update-access-key --user-name <user> --access-key-id <access-key-id> --status Inactive',
      'aws iam delete-access-key --user-name <user> --access-key-id <access-key-id>',
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: true,
  evaluate(row, ctx) {
    return judgeKeyAges(row, ctx, {
      limitDays: ctx.settings.accessKeyUnusedDays,
      referenceOf: (key) => {
        const used = reportTime(key.lastUsedDate);
        const rotated = reportTime(key.lastRotated);
        if (used !== null) return { when: used, what: 'last used' };
        return rotated === null ? null : { when: rotated, what: 'never used, rotated' };
      },
      undatedReason: 'active access key has no last-used or rotation date',
    });
  },
});
