/**
 * Which full snapshots the binder carries: per source the first and last of the period, and every
 * snapshot where an exception opened (firstSnapshotId) or closed (fixedSnapshotId). Each
 * citation says why, so the manifest and PDF can point from an exception to its evidence file.
 */
import type { CheckException, PeriodEvaluation, SnapshotRef } from '../model/evaluation.ts';
import { EVIDENCE_DIR } from './manifest.ts';

export interface Citation {
  ref: SnapshotRef;
  /** Path of the snapshot file inside the ZIP. */
  path: string;
  reasons: string[];
}

export class CitationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CitationError';
  }
}

/** Citations sorted by (source, scheduledFor, snapshotId); paths unique. */
export function citeSnapshots(evaluation: PeriodEvaluation): Citation[] {
  const byId = new Map(evaluation.snapshots.map((s) => [s.snapshotId, s]));
  const cited = new Map<string, Set<string>>();
  const cite = (id: string, reason: string) => {
    if (!byId.has(id)) throw new CitationError(`evaluation cites snapshot ${id} (${reason}) but evaluation.snapshots has no such entry`);
    let reasons = cited.get(id);
    if (!reasons) cited.set(id, (reasons = new Set()));
    reasons.add(reason);
  };
  const sorted = [...evaluation.snapshots].sort(compareRefs);
  for (const source of new Set(sorted.map((s) => s.source))) {
    const mine = sorted.filter((s) => s.source === source);
    cite(mine[0]!.snapshotId, 'first snapshot of the period');
    cite(mine[mine.length - 1]!.snapshotId, 'last snapshot of the period');
  }
  for (const check of evaluation.checks) {
    for (const ex of check.exceptions) {
      cite(ex.firstSnapshotId, `exception opened: ${ex.checkId} ${ex.resourceId}`);
      if (ex.fixedSnapshotId !== null) cite(ex.fixedSnapshotId, `exception fixed: ${ex.checkId} ${ex.resourceId}`);
    }
  }
  const citations = [...cited.entries()].map(([id, reasons]) => ({ ref: byId.get(id)!, reasons: [...reasons].sort(), path: '' }));
  citations.sort((a, b) => compareRefs(a.ref, b.ref));
  const used = new Set<string>();
  for (const c of citations) {
    const base = `${EVIDENCE_DIR}snapshots/${safeSegment(c.ref.source)}/${fileStamp(c.ref.scheduledFor)}`;
    // Two runs for one slot (a retry) get the snapshot hash appended to stay apart.
    c.path = used.has(`${base}.json`) ? `${base}-${c.ref.snapshotSha256.slice(0, 12)}.json` : `${base}.json`;
    used.add(c.path);
  }
  return citations;
}

/** The snapshot an exception was fixed in (for PDF references): by its id, never by a time. */
export function fixedSnapshot(evaluation: PeriodEvaluation, exception: Pick<CheckException, 'fixedSnapshotId'>): SnapshotRef | undefined {
  if (exception.fixedSnapshotId === null) return undefined;
  return evaluation.snapshots.find((s) => s.snapshotId === exception.fixedSnapshotId);
}

function compareRefs(a: SnapshotRef, b: SnapshotRef): number {
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  const ta = Date.parse(a.scheduledFor);
  const tb = Date.parse(b.scheduledFor);
  if (ta !== tb) return ta - tb;
  return a.snapshotId < b.snapshotId ? -1 : a.snapshotId > b.snapshotId ? 1 : 0;
}

/** 2026-03-01T02:00:00.000Z -> 20260301T020000Z (no colons: safe on every file system). */
export function fileStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** A path segment of letters, digits, dot, dash and underscore only. */
export function safeSegment(text: string): string {
  const s = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s.length ? s : '_';
}
