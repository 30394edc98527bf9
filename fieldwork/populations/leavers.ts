/** Users removed in the period: each IAM user a snapshot of the period no longer shows. */
import { z } from 'zod';
import { dayOf } from '../calendar.ts';
import { changeColumns, changeSteps } from '../change-steps.ts';
import { ChangeRowBase, type PeriodPopulationDefinition } from '../population-types.ts';

export const LeaverRow = ChangeRowBase.extend({
  userName: z.string(),
  createDate: z.string(),
  /** The day of the last snapshot that still showed the user. */
  lastSeenDay: z.string(),
  /** The access the user had when last seen. */
  groups: z.array(z.string()),
  attachedPolicies: z.array(z.string()),
  inlinePolicies: z.array(z.string()),
});
export type LeaverRow = z.infer<typeof LeaverRow>;

export const leavers: PeriodPopulationDefinition<LeaverRow> = {
  name: 'leavers',
  description: 'IAM users removed in the period: the first snapshot without each, the last that showed it, and the access it had',
  criteria: ['CC6.2', 'CC6.3'],
  takes: 'period',
  evidence: 'change',
  row: LeaverRow,
  columns: ['key', 'day', 'userName', 'createDate', 'lastSeenDay', 'groups', 'attachedPolicies', 'inlinePolicies', 'resourceType', 'resourceId', 'snapshotId', 'snapshotSha256', 'previousSnapshotId', 'previousSnapshotSha256'],
  async build({ store, records, previousOf }) {
    const rows: LeaverRow[] = [];
    for await (const step of changeSteps(store, records, previousOf)) {
      const day = dayOf(step.snapshot.scheduledFor);
      for (const c of step.changes) {
        if (c.kind !== 'removed' || c.before?.type !== 'aws.iam.user') continue;
        const u = c.before;
        rows.push({
          key: `${day} ${u.name}`,
          day,
          userName: u.name,
          createDate: u.createDate,
          lastSeenDay: dayOf(step.previous.scheduledFor),
          groups: u.groups,
          attachedPolicies: u.attachedPolicies.map((p) => p.arn),
          inlinePolicies: u.inlinePolicies.map((p) => p.name),
          resourceType: c.type,
          resourceId: c.id,
          ...changeColumns(step),
        });
      }
    }
    return { rows };
  },
};
