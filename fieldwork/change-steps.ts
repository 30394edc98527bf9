/**
 * A period's change records, one snapshot at a time: each snapshot's changes since the snapshot the
 * store recorded them against (its previous one, which may lie before the period: a change is
 * counted in the period of the snapshot that first shows it, so adjacent periods never count it
 * twice). Only the churn is held, never a whole snapshot; the store's first snapshot has no
 * changes (it is the baseline, not a change).
 */
import type { EvidenceStore, ResourceChange, SnapshotRecord } from '../store/types.ts';

export interface ChangeStep {
  snapshot: SnapshotRecord;
  previous: SnapshotRecord;
  changes: readonly ResourceChange[];
}

export async function* changeSteps(store: Pick<EvidenceStore, 'loadChanges'>, records: readonly SnapshotRecord[]): AsyncGenerator<ChangeStep> {
  for (const rec of records) {
    const delta = await store.loadChanges(rec.id);
    if (!delta.previous) continue;
    yield { snapshot: delta.snapshot, previous: delta.previous, changes: delta.changes };
  }
}

/** The columns a change row takes from its step. */
export function changeColumns(step: ChangeStep): { snapshotId: string; snapshotSha256: string; previousSnapshotId: string; previousSnapshotSha256: string } {
  return {
    snapshotId: step.snapshot.id,
    snapshotSha256: step.snapshot.snapshotSha256,
    previousSnapshotId: step.previous.id,
    previousSnapshotSha256: step.previous.snapshotSha256,
  };
}
