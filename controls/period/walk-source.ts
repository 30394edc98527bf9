/**
 * Steps through one source's snapshots of a period in order of observation, keeping its resources
 * up to date from each snapshot's change record. Shared by the evaluation and by the change-log
 * stream (period-drift.ts), so both see exactly the same changes.
 */
import type { EvidenceStore, ResourceChange, SnapshotRecord } from '../../store/types.ts';
import { PeriodEvaluationError } from './period-evaluation-error.ts';
import { ResourceState } from './resource-state.ts';

export interface SourceStep {
  rec: SnapshotRecord;
  /** The resources as of `rec` (the same object, updated in place, at every step). */
  state: ResourceState;
  /** Changes since the previous snapshot of the walk; null for the first (evaluate everything). */
  changes: ResourceChange[] | null;
  /** What the change log records for `rec`: its changes and the snapshot they are relative to. */
  drift: { changes: readonly ResourceChange[]; previousId: string | null } | null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** In the order of observation: a late run stored under its slot was still observed after earlier off-schedule runs. */
export function byObservation(a: SnapshotRecord, b: SnapshotRecord): number {
  return (
    Date.parse(a.capturedAt) - Date.parse(b.capturedAt) ||
    Date.parse(a.scheduledFor) - Date.parse(b.scheduledFor) ||
    cmp(a.id, b.id)
  );
}

/** `records`: one source's snapshots, in order of observation (byObservation). */
export async function* walkSource(
  store: Pick<EvidenceStore, 'loadSnapshot' | 'loadChanges'>,
  records: readonly SnapshotRecord[],
): AsyncGenerator<SourceStep> {
  let state = new ResourceState();
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (i === 0) {
      const snapshot = await store.loadSnapshot(rec.id);
      state = new ResourceState(snapshot.resources);
      let drift: SourceStep['drift'] = null;
      if (rec.previousId) {
        // Changes from the snapshot before the period: context for the change log, nothing to evaluate.
        const before = await store.loadChanges(rec.id);
        drift = { changes: before.changes, previousId: before.previous?.id ?? rec.previousId };
      }
      yield { rec, state, changes: null, drift };
      continue;
    }
    const prev = records[i - 1]!;
    const delta = await store.loadChanges(rec.id);
    // When the store's chain skips or reorders snapshots we hold, diff against what we hold.
    const changes = delta.previous?.id === prev.id ? delta.changes : state.changesTo((await store.loadSnapshot(rec.id)).resources);
    state.apply(changes);
    if (state.size !== rec.resourceCount) {
      throw new PeriodEvaluationError(
        `snapshot ${rec.id}: applying its changes to snapshot ${prev.id} gives ${state.size} resources, its record says ${rec.resourceCount}; run \`binder verify\` on the store`,
        rec.id,
      );
    }
    yield { rec, state, changes, drift: { changes, previousId: prev.id } };
  }
}
