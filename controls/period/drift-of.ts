/** The drift entries of one snapshot: its resource changes against the snapshot before it, with field-level differences. */
import type { DriftEntry } from '../../model/evaluation.ts';
import type { ResourceChange, SnapshotRecord } from '../../store/types.ts';
import { diffResources } from './diff-resources.ts';

export function driftOf(
  changes: readonly ResourceChange[],
  at: SnapshotRecord,
  slot: string | null,
  previousId: string | null,
): DriftEntry[] {
  return changes.map((c) => ({
    source: at.source,
    snapshotId: at.id,
    at: at.capturedAt, // when the change was observed
    slot,
    previousSnapshotId: previousId,
    resourceType: c.type,
    resourceId: c.id,
    kind: c.kind,
    fields: c.kind === 'changed' ? diffResources(c.before, c.after) : [],
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of the change log: capture time, then source, resource type, resource id, snapshot. */
export function compareDrift(a: DriftEntry, b: DriftEntry): number {
  return (
    Date.parse(a.at) - Date.parse(b.at) ||
    cmp(a.source, b.source) ||
    cmp(a.resourceType, b.resourceType) ||
    cmp(a.resourceId, b.resourceId) ||
    cmp(a.snapshotId, b.snapshotId)
  );
}
