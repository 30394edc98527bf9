/** Fails a group with no member user (aws-evidence #20). */
import { defineCheck } from '../../check.ts';

export const GroupHasMembers = defineCheck({
  id: 'iam.group-has-members',
  title: 'Every group has members',
  rationale:
    'Empty groups are unused grants waiting to be reused: adding a user silently gives them whatever the group still holds.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: null,
  target: 'aws.iam.group',
  reads: ['aws.iam.user'],
  timeDependent: false,
  evaluate(group, ctx) {
    const members = ctx.index.groupMembers(group.name);
    if (members.length === 0) return { outcome: 'fail', reason: `group ${group.name}: no member` };
    return { outcome: 'pass', reason: `group ${group.name}: ${members.length} member(s)` };
  },
});
