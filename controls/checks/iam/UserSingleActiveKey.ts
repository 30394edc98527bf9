/** Fails a non-root user with two active access keys. */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';
import { activeKeys } from './activeKeys.ts';

export const UserSingleActiveKey = defineCheck({
  id: 'iam.user-single-active-key',
  fails: 'a user has two active access keys (further)',
  control: 'AC-03',
  title: 'No user has two active access keys',
  rationale:
    'Two active keys are needed only during a rotation; left in place they double the exposure and usually mean the old key was never retired.',
  criteria: ['CC6.1', 'CC6.2'],
  severity: 'medium',
  settingsRead: [],
  note: 'The root row is not applicable: any root key fails iam.root-no-access-keys. Two active keys fail at once, also in the middle of a rotation (the new key created, the old one not yet deactivated); a rotation finished before the next snapshot is never seen. Does not judge which key is in use or how old either is (iam.access-key-rotated, iam.access-key-recently-used).',
  remediation: {
    change:
      'Finish the rotation: find which key is still in use (last used date), then deactivate and delete the other one.',
    console:
      'IAM > Users > <user> > Security credentials > Access keys > on the unused key Actions > Deactivate, then Delete',
    cli: [
      'aws iam list-access-keys --user-name <user>',
      'aws iam get-access-key-last-used --access-key-id <access-key-id>',
      'aws iam update-access-key --user-name <user> --access-key-id <old-access-key-id> --status Inactive',
      'aws iam delete-access-key --user-name <user> --access-key-id <old-access-key-id>',
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: false,
  evaluate(row) {
    const label = credentialsLabel(row);
    if (row.isRoot)
      return { outcome: 'not-applicable', reason: `${label}: judged by iam.root-no-access-keys` };
    const count = activeKeys(row).length;
    if (count === 2) return { outcome: 'fail', reason: `${label}: access keys 1 and 2 both active` };
    return { outcome: 'pass', reason: `${label}: ${count} active access key(s)` };
  },
});
