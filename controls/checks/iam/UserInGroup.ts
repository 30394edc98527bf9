/** Fails a user that belongs to no group (aws-evidence #19). */
import { defineCheck } from '../../check.ts';

export const UserInGroup = defineCheck({
  id: 'iam.user-in-group',
  fails: 'a user belongs to no group (#19)',
  control: 'AC-04',
  title: 'Every user belongs to a group',
  rationale:
    'Group membership is how access is granted by role; a user outside every group has access assigned ad hoc, or none and should not exist.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: "Reads the user's group list. A user in no group fails also when it exists for one machine purpose (an SMTP user for SES, a legacy integration) or holds no permission at all; such a user should either join a group or be removed. Does not judge what the groups grant, policies attached directly (iam.user-no-attached-policies), or people signing in through an identity provider.",
  remediation: {
    change:
      'Add the user to the group that matches its job (and move its permissions there), or delete the user if it is not needed.',
    console: 'IAM > Users > <user> > Groups > Add user to groups',
    cli: 'aws iam add-user-to-group --group-name <group> --user-name <user>',
  },
  target: 'aws.iam.user',
  reads: [],
  timeDependent: false,
  evaluate(user) {
    if (user.groups.length === 0) return { outcome: 'fail', reason: `user ${user.name}: in no group` };
    return { outcome: 'pass', reason: `user ${user.name}: in ${user.groups.join(', ')}` };
  },
});
