/**
 * Every configuration change of the period (CC8.1): one row per changed resource per snapshot,
 * from the store's change records between consecutive snapshots, with the field paths that changed.
 */
import { z } from 'zod';
import { diffResources } from '../../controls/period/diff-resources.ts';
import { dayOf } from '../calendar.ts';
import { changeColumns, changeSteps } from '../change-steps.ts';
import { ChangeRowBase, type PeriodPopulationDefinition } from '../population-types.ts';

export const ConfigChangeRow = ChangeRowBase.extend({
  change: z.enum(['added', 'removed', 'changed']),
  /** Field paths that differ (diff-resources.ts); `(resource)` for a resource added or removed. */
  changedPaths: z.array(z.string()),
  beforeSha256: z.string().nullable(),
  afterSha256: z.string().nullable(),
});
export type ConfigChangeRow = z.infer<typeof ConfigChangeRow>;

export const configChanges: PeriodPopulationDefinition<ConfigChangeRow> = {
  name: 'config-changes',
  description: 'every configuration change in the period (CC8.1): one row per changed resource per snapshot, with the changed field paths and the two snapshots compared',
  criteria: ['CC8.1'],
  takes: 'period',
  evidence: 'change',
  row: ConfigChangeRow,
  columns: ['key', 'day', 'resourceType', 'resourceId', 'change', 'changedPaths', 'beforeSha256', 'afterSha256', 'snapshotId', 'snapshotSha256', 'previousSnapshotId', 'previousSnapshotSha256'],
  async build({ store, records, previousOf }) {
    const rows: ConfigChangeRow[] = [];
    for await (const step of changeSteps(store, records, previousOf)) {
      const day = dayOf(step.snapshot.scheduledFor);
      for (const c of step.changes) {
        rows.push({
          key: `${day} ${c.type} ${c.id}`,
          day,
          resourceType: c.type,
          resourceId: c.id,
          change: c.kind,
          changedPaths: c.kind === 'changed' ? diffResources(c.before, c.after).map((f) => f.path) : ['(resource)'],
          beforeSha256: c.beforeSha256,
          afterSha256: c.afterSha256,
          ...changeColumns(step),
        });
      }
    }
    return { rows };
  },
};
