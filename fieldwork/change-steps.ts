/**
 * A period's change records, one snapshot at a time: each snapshot's changes since the evidence
 * snapshot before it (which may lie before the period: a change is counted in the period of the
 * snapshot that first shows it, so adjacent periods never count it twice). Only the churn is held,
 * never a whole snapshot; the source's first snapshot has no changes (it is the baseline).
 */
import { ResourceState } from '../controls/period/resource-state.ts';
import { hashOf } from '../model/canonical-json.ts';
import type { EvidenceStore, ResourceChange, SnapshotRecord } from '../store/types.ts';

export interface ChangeStep {
  snapshot: SnapshotRecord;
  previous: SnapshotRecord;
  changes: readonly ResourceChange[];
}

/**
 * The changes from snapshot `previousId` to `snapshotId`: the store's own change record when it is
 * relative to `previousId` (always, unless a snapshot that is not evidence lies between them, left
 * by a run that died before its ledger entry); else the difference of the two, loaded whole (rare).
 */
export async function changeRecords(
  store: Pick<EvidenceStore, 'loadChanges' | 'loadSnapshot'>,
  snapshotId: string,
  previousId: string,
): Promise<{ snapshot: SnapshotRecord; changes: readonly ResourceChange[] }> {
  const delta = await store.loadChanges(snapshotId);
  if (delta.previous?.id === previousId) return { snapshot: delta.snapshot, changes: delta.changes };
  const state = new ResourceState((await store.loadSnapshot(previousId)).resources);
  const changes = state.changesTo((await store.loadSnapshot(snapshotId)).resources).map((c) => ({
    ...c,
    beforeSha256: c.before ? hashOf(c.before) : null,
    afterSha256: c.after ? hashOf(c.after) : null,
  }));
  return { snapshot: delta.snapshot, changes };
}

/** `previousOf`: the evidence snapshot of the source before a record (null for its first). */
export async function* changeSteps(
  store: Pick<EvidenceStore, 'loadChanges' | 'loadSnapshot'>,
  records: readonly SnapshotRecord[],
  previousOf: (rec: SnapshotRecord) => SnapshotRecord | null,
): AsyncGenerator<ChangeStep> {
  for (const rec of records) {
    const previous = previousOf(rec);
    if (previous) yield { previous, ...(await changeRecords(store, rec.id, previous.id)) };
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
