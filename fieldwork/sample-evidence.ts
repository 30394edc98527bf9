/**
 * The evidence behind sampled rows, read from the store: for a snapshot row, the resource(s) with
 * its id in that snapshot (the excerpt), for a change row, the change record and the two snapshots
 * it compares. Each snapshot or change record is loaded once, whatever the number of rows citing it.
 */
import type { ResourceType } from '../model/resources.ts';
import type { EvidenceStore, ResourceChange } from '../store/types.ts';
import { changeRecords } from './change-steps.ts';
import type { Population, PopulationRow } from './population-types.ts';
import type { SampleEvidence } from './sample-types.ts';

type Need = { row: PopulationRow; put: (e: SampleEvidence) => void };

export async function gatherEvidence(
  store: Pick<EvidenceStore, 'loadSnapshot' | 'loadChanges'>,
  population: Pick<Population, 'evidence'>,
  excerptTypes: readonly ResourceType[] | undefined,
  needs: readonly Need[],
): Promise<void> {
  // Change rows are grouped by the pair of snapshots they compare, snapshot rows by their snapshot.
  const groupOf = (row: PopulationRow) => (population.evidence === 'change' ? `${row.snapshotId}\u0000${String(row.previousSnapshotId)}` : row.snapshotId);
  const groups = new Map<string, Need[]>();
  for (const n of needs) groups.set(groupOf(n.row), [...(groups.get(groupOf(n.row)) ?? []), n]);
  // In the order the snapshots were taken (ids sort by time within a source): the store rebuilds
  // each state from the one cached before it, so a sample costs one pass over the period, not a
  // replay from the checkpoint per sampled day.
  for (const [, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { snapshotId } = group[0]!.row;
    if (population.evidence === 'snapshot') {
      const snapshot = await store.loadSnapshot(snapshotId); // rebuilt and proved against its hash
      for (const { row, put } of group) {
        const types = new Set<string>(excerptTypes ?? [row.resourceType]);
        const resources = snapshot.resources.filter((r) => r.id === row.resourceId && types.has(r.type));
        if (resources.length === 0) throw new Error(`snapshot ${snapshotId} holds no ${row.resourceType} ${row.resourceId} (row ${row.key})`);
        put({ kind: 'snapshot-excerpt', snapshotId, snapshotSha256: row.snapshotSha256, capturedAt: snapshot.provenance.finishedAt, resources });
      }
    } else {
      const previousId = String(group[0]!.row.previousSnapshotId);
      const delta = await changeRecords(store, snapshotId, previousId);
      const byKey = new Map<string, ResourceChange>(delta.changes.map((c) => [`${c.type}\u0000${c.id}`, c]));
      for (const { row, put } of group) {
        const c = byKey.get(`${row.resourceType}\u0000${row.resourceId}`);
        if (!c) throw new Error(`snapshot ${snapshotId} records no change of ${row.resourceType} ${row.resourceId} since ${previousId} (row ${row.key})`);
        put({
          kind: 'change-record',
          snapshotId,
          snapshotSha256: delta.snapshot.snapshotSha256,
          previousSnapshotId: previousId,
          previousSnapshotSha256: String(row.previousSnapshotSha256),
          change: { kind: c.kind, type: c.type, id: c.id, before: c.before, after: c.after, beforeSha256: c.beforeSha256, afterSha256: c.afterSha256 },
        });
      }
    }
  }
}
