/**
 * The ledger against the snapshots and against heads recorded elsewhere:
 *  - every success/partial entry names a stored snapshot with the same hash;
 *  - every snapshot record is committed by such an entry; one left by a run that started and never
 *    finished (killed, or still running) is a warning, not evidence; one no run ever started is an error;
 *  - every finish entry names the `started` entry of its own run;
 *  - every recorded head (a binder's) is still in the chain, byte for byte: a cut-off tail fails.
 */
import type { StoredLedgerEntry } from './ledger.ts';
import type { RecordFile } from './record-file.ts';
import type { StoreMarker } from './store-marker.ts';
import type { LedgerHead, StoreProblem, VerifyScope } from './types.ts';

export interface LedgerRunsInput {
  ledger: readonly StoredLedgerEntry[];
  /** sha256 of every ledger key's bytes by seq, damaged ones included. */
  shaBySeq: ReadonlyMap<number, string>;
  records: ReadonlyMap<string, { file: RecordFile; runId: string }>;
  /** Record ids whose key exists, even if the record could not be decoded. */
  recordIds: ReadonlySet<string>;
  marker: StoreMarker | null;
  against: VerifyScope['against'];
}

export function checkLedgerRuns(input: LedgerRunsInput): { problems: StoreProblem[]; unfinishedRuns: string[] } {
  const problems: StoreProblem[] = [];
  const error = (key: string | null, message: string) => problems.push({ severity: 'error', key, message });
  const started = new Map<number, StoredLedgerEntry>();
  const finished = new Set<number>();
  const committed = new Set<string>();
  const interruptedSnapshots = new Set<string>();

  for (const l of input.ledger) if (l.entry.status === 'started') started.set(l.entry.seq, l);
  for (const l of input.ledger) {
    const { entry } = l;
    if (entry.status === 'started') continue;
    if (entry.startedSeq !== null) {
      const s = started.get(entry.startedSeq);
      if (!s || s.entry.runId !== entry.runId) error(l.key, `ledger entry ${entry.seq} finishes run ${entry.runId}, but entry ${entry.startedSeq} is not that run's start`);
      else if (finished.has(entry.startedSeq)) error(l.key, `ledger entry ${entry.seq} finishes run ${entry.runId} a second time`);
      finished.add(entry.startedSeq);
    }
    if (entry.status === 'interrupted') {
      if (entry.snapshotId) interruptedSnapshots.add(entry.snapshotId);
      continue;
    }
    if ((entry.status === 'success' || entry.status === 'partial') && entry.snapshotId === null) {
      error(l.key, `ledger entry ${entry.seq} (run ${entry.runId}) is a ${entry.status} without a snapshot id`);
      continue;
    }
    if (entry.snapshotId === null) continue;
    const rec = input.records.get(entry.snapshotId);
    if (!rec) {
      if (!input.recordIds.has(entry.snapshotId)) error(l.key, `ledger entry ${entry.seq} (run ${entry.runId}) names snapshot ${entry.snapshotId}, which is not in the store`);
    } else if (entry.snapshotSha256 !== rec.file.record.snapshotSha256) {
      error(l.key, `ledger entry ${entry.seq} says snapshot ${entry.snapshotId} has sha256 ${entry.snapshotSha256}, its record says ${rec.file.record.snapshotSha256}`);
    } else {
      committed.add(entry.snapshotId);
    }
  }

  const unfinished = [...started.values()].filter((s) => !finished.has(s.entry.seq));
  const unfinishedRuns = new Set(unfinished.map((s) => s.entry.runId));
  for (const s of unfinished) {
    const e = s.entry;
    problems.push({
      severity: 'warning',
      key: s.key,
      message: `run ${e.runId} (${e.source}, host ${e.host ?? '?'} pid ${e.pid ?? '?'}) started at ${e.startedAt} and has not finished: still running, or killed (the next collect records it as interrupted once ${e.deadline ?? 'its deadline'} has passed or its process is gone)`,
    });
  }
  for (const [id, rec] of input.records) {
    if (committed.has(id)) continue;
    if (interruptedSnapshots.has(id)) continue; // recorded as left by an interrupted run: not evidence
    if (unfinishedRuns.has(rec.runId)) {
      problems.push({ severity: 'warning', key: rec.file.record.recordKey, message: `snapshot ${id} was stored by run ${rec.runId}, which has not finished; it is not evidence unless that run records it` });
      continue;
    }
    error(rec.file.record.recordKey, `snapshot ${id} has no ledger entry (no run recorded it, or its entry was removed)`);
  }

  for (const head of input.against ?? []) problems.push(...checkHead(head, input));
  return { problems, unfinishedRuns: [...unfinishedRuns].sort() };
}

function checkHead(head: LedgerHead & { label: string }, input: LedgerRunsInput): StoreProblem[] {
  const out: StoreProblem[] = [];
  const error = (message: string) => out.push({ severity: 'error', key: null, message: `${head.label}: ${message}` });
  if (input.marker && head.storeId !== input.marker.storeId) {
    error(`was built from store ${head.storeId}, this is store ${input.marker.storeId}`);
    return out;
  }
  const keys = new Set(input.marker?.ledgerKeys.map((k) => k.fingerprint) ?? []);
  for (const fp of head.keyFingerprints) if (!keys.has(fp)) error(`recorded ledger key ${fp}, which this store's marker does not list (marker replaced?)`);
  if (head.headSeq === 0) return out;
  const sha = input.shaBySeq.get(head.headSeq);
  const last = Math.max(0, ...input.shaBySeq.keys());
  if (sha === undefined) {
    error(`recorded ledger head ${head.headSeq}, but the store's ledger ends at ${last}: entries were cut off after the binder was built`);
  } else if (sha !== head.headSha256) {
    error(`recorded ledger entry ${head.headSeq} with sha256 ${head.headSha256}, the store's hashes to ${sha}: the chain was rewritten`);
  }
  return out;
}
