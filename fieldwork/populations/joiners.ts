/** Users created in the period: each IAM user a snapshot of the period shows for the first time. */
import { z } from 'zod';
import { dayOf } from '../calendar.ts';
import { changeColumns, changeSteps } from '../change-steps.ts';
import { ChangeRowBase, type PeriodPopulationDefinition } from '../population-types.ts';

export const JoinerRow = ChangeRowBase.extend({
  userName: z.string(),
  /** IAM's CreateDate. */
  createDate: z.string(),
  groups: z.array(z.string()),
  attachedPolicies: z.array(z.string()),
  inlinePolicies: z.array(z.string()),
});
export type JoinerRow = z.infer<typeof JoinerRow>;

export const joiners: PeriodPopulationDefinition<JoinerRow> = {
  name: 'joiners',
  description: 'IAM users created in the period: the first snapshot that shows each, with its creation date and initial access',
  criteria: ['CC6.2'],
  takes: 'period',
  evidence: 'change',
  row: JoinerRow,
  columns: ['key', 'day', 'userName', 'createDate', 'groups', 'attachedPolicies', 'inlinePolicies', 'resourceType', 'resourceId', 'snapshotId', 'snapshotSha256', 'previousSnapshotId', 'previousSnapshotSha256'],
  async build({ store, records, previousOf }) {
    const rows: JoinerRow[] = [];
    for await (const step of changeSteps(store, records, previousOf)) {
      const day = dayOf(step.snapshot.scheduledFor);
      for (const c of step.changes) {
        if (c.kind !== 'added' || c.after?.type !== 'aws.iam.user') continue;
        const u = c.after;
        rows.push({
          key: `${day} ${u.name}`,
          day,
          userName: u.name,
          createDate: u.createDate,
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
