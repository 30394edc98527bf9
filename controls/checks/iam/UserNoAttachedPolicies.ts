/** Fails a user with any managed policy attached directly or any inline policy (aws-evidence #1). */
import { defineCheck } from '../../check.ts';

export const UserNoAttachedPolicies = defineCheck({
  id: 'iam.user-no-attached-policies',
  fails: 'user has a managed policy attached directly or any inline policy (aws-evidence #1)',
  control: 'AC-01',
  title: 'Users get permissions through groups or roles, not directly',
  rationale:
    'Permissions attached straight to a user bypass the role/group model the access reviews rely on, so the user can hold access nobody reviews with the role it belongs to.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'medium',
  settingsRead: [],
  note: 'A permissions boundary is not an attached policy and does not fail the user. Every directly attached managed policy and every inline policy fails, AWS-managed ones too (IAMUserChangePassword, an SES sending policy on an SMTP user). Does not judge what the policies allow, nor roles (their policies are attached directly by design).',
  remediation: {
    change:
      "Grant the user's access through a group: add the user to a group holding the policies, then detach the managed policies from the user and delete its inline policies.",
    console:
      'IAM > Users > <user> > Permissions > select each policy > Remove (after Groups > Add user to groups)',
    cli: [
      'aws iam add-user-to-group --group-name <group> --user-name <user>',
      'aws iam list-attached-user-policies --user-name <user>',
      'aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>',
      'aws iam list-user-policies --user-name <user>',
      'aws iam delete-user-policy --user-name <user> --policy-name <policy-name>',
    ].join('\n'),
  },
  target: 'aws.iam.user',
  reads: [],
  timeDependent: false,
  evaluate(user) {
    const names = [
      ...user.attachedPolicies.map((p) => `managed ${p.name}`),
      ...user.inlinePolicies.map((p) => `inline ${p.name}`),
    ];
    if (names.length === 0)
      return { outcome: 'pass', reason: `user ${user.name}: no policy attached directly` };
    return { outcome: 'fail', reason: `user ${user.name}: policies attached directly: ${names.join(', ')}` };
  },
});
