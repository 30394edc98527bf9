/** Fails a user that belongs to no group (aws-evidence #19). */
import { defineCheck } from '../../check.ts';

export const UserInGroup = defineCheck({
  id: 'iam.user-in-group',
  title: 'Every user belongs to a group',
  rationale:
    'Group membership is how access is granted by role; a user outside every group has access assigned ad hoc, or none and should not exist.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: null,
  target: 'aws.iam.user',
  reads: [],
  timeDependent: false,
  evaluate(user) {
    if (user.groups.length === 0) return { outcome: 'fail', reason: `user ${user.name}: in no group` };
    return { outcome: 'pass', reason: `user ${user.name}: in ${user.groups.join(', ')}` };
  },
});
