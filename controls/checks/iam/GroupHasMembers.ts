/** Fails a group with no member user that holds a policy (aws-evidence #20); an empty group that grants nothing is not applicable. */
import { defineCheck } from '../../check.ts';

export const GroupHasMembers = defineCheck({
  id: 'iam.group-has-members',
  fails: 'a group has no member user (#20)',
  control: 'AC-04',
  title: 'Every group has members',
  rationale:
    'Empty groups are unused grants waiting to be reused: adding a user silently gives them whatever the group still holds.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: 'Members are read from the users in the same snapshot. An empty group with no managed and no inline policy holds no grant to hand out (a placeholder, or a group kept for a process): not applicable. An empty group that holds policies fails even when it exists on purpose (a break-glass group filled only in an emergency): document it as an exception. Does not judge what the policies grant, or groups referenced elsewhere (policy conditions, an identity provider).',
  remediation: {
    change:
      'Delete the empty group (detach its managed policies and delete its inline policies first), or add the users who need it; a group kept empty on purpose (break-glass) is documented as an exception.',
    console: 'IAM > User groups > <group> > Delete (or Users > Add users)',
    cli: [
      'aws iam list-attached-group-policies --group-name <group>',
      'aws iam detach-group-policy --group-name <group> --policy-arn <policy-arn>',
      'aws iam list-group-policies --group-name <group>',
      'aws iam delete-group-policy --group-name <group> --policy-name <policy-name>',
      'aws iam delete-group --group-name <group>',
    ].join('\n'),
  },
  target: 'aws.iam.group',
  reads: ['aws.iam.user'],
  timeDependent: false,
  evaluate(group, ctx) {
    const members = ctx.index.groupMembers(group.name);
    if (members.length > 0)
      return { outcome: 'pass', reason: `group ${group.name}: ${members.length} member(s)` };
    if (group.attachedPolicies.length === 0 && group.inlinePolicies.length === 0) {
      return { outcome: 'not-applicable', reason: `group ${group.name}: no member, and no policy to grant` };
    }
    const held = [
      ...group.attachedPolicies.map((p) => `managed ${p.name}`),
      ...group.inlinePolicies.map((p) => `inline ${p.name}`),
    ];
    return { outcome: 'fail', reason: `group ${group.name}: no member, holds ${held.join(', ')}` };
  },
});
