/**
 * Privilege changes of existing principals in the period: a managed policy attached or detached
 * (users, groups, roles), an inline policy put, changed or deleted, a user added to or removed from
 * a group. One row per change. Principals created or deleted are the joiners and leavers (their
 * access is listed there), not privilege changes.
 */
import { z } from 'zod';
import { same } from '../../controls/period/diff-resources.ts';
import type { IamGroup, IamRole, IamUser } from '../../model/resources.ts';
import { dayOf } from '../calendar.ts';
import { changeColumns, changeSteps } from '../change-steps.ts';
import { ChangeRowBase, type PeriodPopulationDefinition } from '../population-types.ts';

export const PrivilegeChangeKind = z.enum([
  'group-member-added',
  'group-member-removed',
  'policy-attached',
  'policy-detached',
  'inline-policy-added',
  'inline-policy-changed',
  'inline-policy-removed',
]);
export type PrivilegeChangeKind = z.infer<typeof PrivilegeChangeKind>;

export const PrivilegeChangeRow = ChangeRowBase.extend({
  principalType: z.enum(['user', 'group', 'role']),
  principalName: z.string(),
  change: PrivilegeChangeKind,
  /** The group name, the managed policy's ARN or the inline policy's name. */
  target: z.string(),
});
export type PrivilegeChangeRow = z.infer<typeof PrivilegeChangeRow>;

type Principal = IamUser | IamGroup | IamRole;
const PRINCIPAL_TYPES = { 'aws.iam.user': 'user', 'aws.iam.group': 'group', 'aws.iam.role': 'role' } as const;

function isPrincipal(r: { type: string } | null): r is Principal {
  return r !== null && r.type in PRINCIPAL_TYPES;
}

/** What changed in one principal's privileges, in a stable order. */
export function privilegeDiff(before: Principal, after: Principal): { change: PrivilegeChangeKind; target: string }[] {
  const out: { change: PrivilegeChangeKind; target: string }[] = [];
  const diffSets = (b: readonly string[], a: readonly string[], added: PrivilegeChangeKind, removed: PrivilegeChangeKind) => {
    const bs = new Set(b);
    const as = new Set(a);
    for (const x of [...as].sort()) if (!bs.has(x)) out.push({ change: added, target: x });
    for (const x of [...bs].sort()) if (!as.has(x)) out.push({ change: removed, target: x });
  };
  if (before.type === 'aws.iam.user' && after.type === 'aws.iam.user') diffSets(before.groups, after.groups, 'group-member-added', 'group-member-removed');
  diffSets(before.attachedPolicies.map((p) => p.arn), after.attachedPolicies.map((p) => p.arn), 'policy-attached', 'policy-detached');
  const inlineBefore = new Map(before.inlinePolicies.map((p) => [p.name, p.document]));
  const inlineAfter = new Map(after.inlinePolicies.map((p) => [p.name, p.document]));
  diffSets([...inlineBefore.keys()], [...inlineAfter.keys()], 'inline-policy-added', 'inline-policy-removed');
  for (const [name, doc] of [...inlineAfter].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (inlineBefore.has(name) && !same(inlineBefore.get(name), doc)) out.push({ change: 'inline-policy-changed', target: name });
  }
  return out;
}

export const privilegeChanges: PeriodPopulationDefinition<PrivilegeChangeRow> = {
  name: 'privilege-changes',
  description: 'managed policies attached to or detached from users, groups and roles, inline policies put or deleted, and group membership changes in the period',
  criteria: ['CC6.3', 'CC8.1'],
  takes: 'period',
  evidence: 'change',
  row: PrivilegeChangeRow,
  columns: ['key', 'day', 'principalType', 'principalName', 'change', 'target', 'resourceType', 'resourceId', 'snapshotId', 'snapshotSha256', 'previousSnapshotId', 'previousSnapshotSha256'],
  async build({ store, records, previousOf }) {
    const rows: PrivilegeChangeRow[] = [];
    for await (const step of changeSteps(store, records, previousOf)) {
      const day = dayOf(step.snapshot.scheduledFor);
      for (const c of step.changes) {
        if (c.kind !== 'changed' || !isPrincipal(c.before) || !isPrincipal(c.after)) continue;
        const principalType = PRINCIPAL_TYPES[c.after.type];
        for (const d of privilegeDiff(c.before, c.after)) {
          rows.push({
            key: `${day} ${principalType}:${c.after.name} ${d.change} ${d.target}`,
            day,
            principalType,
            principalName: c.after.name,
            change: d.change,
            target: d.target,
            resourceType: c.type,
            resourceId: c.id,
            ...changeColumns(step),
          });
        }
      }
    }
    return { rows };
  },
};
