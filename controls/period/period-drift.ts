/**
 * The change log of an evaluated period, streamed: every drift entry in change-log order
 * (compareDrift), read from the store again one snapshot at a time, so memory holds one snapshot
 * per source and one capture time's changes, never the year. The evaluation counted the same
 * entries (walk-source.ts is shared); the binder checks the counts agree.
 */
import type { DriftEntry, PeriodEvaluation } from '../../model/evaluation.ts';
import type { EvidenceStore, SnapshotRecord } from '../../store/types.ts';
import { compareDrift, driftOf } from './drift-of.ts';
import { PeriodEvaluationError } from './period-evaluation-error.ts';
import { periodRange } from './period-range.ts';
import { byObservation, walkSource } from './walk-source.ts';

export type DriftEvidence = Pick<EvidenceStore, 'listSnapshots' | 'loadSnapshot' | 'loadChanges'>;

interface Batch {
  atMs: number;
  entries: DriftEntry[];
}

/** One source's drift, one snapshot at a time (capture times ascending). */
async function* sourceBatches(store: DriftEvidence, records: readonly SnapshotRecord[], slotOf: ReadonlyMap<string, string | null>): AsyncGenerator<Batch> {
  for await (const { rec, drift } of walkSource(store, records)) {
    if (!drift || drift.changes.length === 0) continue;
    yield { atMs: Date.parse(rec.capturedAt), entries: driftOf(drift.changes, rec, slotOf.get(rec.id) ?? null, drift.previousId) };
  }
}

export async function* periodDrift(store: DriftEvidence, evaluation: Pick<PeriodEvaluation, 'period' | 'snapshots'>): AsyncGenerator<DriftEntry> {
  const range = periodRange(evaluation.period.from, evaluation.period.to);
  const slotOf = new Map(evaluation.snapshots.map((s) => [s.snapshotId, s.slot]));
  const listed = await store.listSnapshots({ from: range.start, to: range.end });
  const records = listed.filter((r) => slotOf.has(r.id));
  if (records.length !== slotOf.size) {
    throw new PeriodEvaluationError(`the store lists ${records.length} of the ${slotOf.size} snapshots the evaluation of ${range.from} .. ${range.to} used`, 'snapshots');
  }
  const bySource = new Map<string, SnapshotRecord[]>();
  for (const r of records) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);

  // Merge the sources by capture time; entries of one capture time are sorted together.
  const heads: { it: AsyncGenerator<Batch>; next: Batch | null }[] = [];
  for (const source of [...bySource.keys()].sort()) {
    const it = sourceBatches(store, bySource.get(source)!.sort(byObservation), slotOf);
    const first = await it.next();
    heads.push({ it, next: first.done ? null : first.value });
  }
  for (;;) {
    let atMs = Infinity;
    for (const h of heads) if (h.next && h.next.atMs < atMs) atMs = h.next.atMs;
    if (atMs === Infinity) return;
    const group: DriftEntry[] = [];
    for (const h of heads) {
      while (h.next && h.next.atMs === atMs) {
        group.push(...h.next.entries);
        const n = await h.it.next();
        h.next = n.done ? null : n.value;
      }
    }
    yield* group.sort(compareDrift);
  }
}
