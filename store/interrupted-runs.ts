/**
 * Runs that started and never finished. A run writes a `started` ledger entry before anything
 * else, so a process killed at any later step (kill -9, power cut, OOM) leaves a start without a
 * finish. The next collect appends an `interrupted` entry for each such run whose process is gone
 * (same host, pid not alive) or whose deadline has passed. A snapshot record the dead run left
 * behind is named in that entry and is not evidence: nothing signed vouches for it.
 */
import { snapshotIdOf } from './snapshot-keys.ts';
import type { EvidenceStore, LedgerEntry } from './types.ts';

export interface InterruptedRunsContext {
  host: string;
  now: Date;
  /** The run doing the recording, named in the reason. */
  recordedBy: string;
  isAlive?: (pid: number) => boolean;
}

/** Started entries without a finish entry, in seq order. */
export function unfinishedRuns(ledger: readonly LedgerEntry[]): LedgerEntry[] {
  const finished = new Set(ledger.filter((e) => e.status !== 'started' && e.startedSeq !== null).map((e) => e.startedSeq));
  return ledger.filter((e) => e.status === 'started' && !finished.has(e.seq));
}

export async function recordInterruptedRuns(store: EvidenceStore, ctx: InterruptedRunsContext): Promise<LedgerEntry[]> {
  const isAlive = ctx.isAlive ?? processIsAlive;
  const appended: LedgerEntry[] = [];
  for (const run of unfinishedRuns(await store.readLedger({ evenIfDamaged: true }))) {
    const pastDeadline = run.deadline !== null && Date.parse(run.deadline) < ctx.now.getTime();
    const deadHere = run.host === ctx.host && run.pid !== null && !isAlive(run.pid);
    if (!pastDeadline && !deadHere) continue; // may still be running (here or on another host)
    const id = snapshotIdOf(run.source, run.scheduledFor, run.runId);
    const leftRecord = await store.snapshotExists(id);
    const why = deadHere ? `its process ${run.pid} on ${run.host} is gone` : `its deadline ${run.deadline} passed`;
    appended.push(
      await store.appendLedger({
        runId: run.runId,
        source: run.source,
        scheduledFor: run.scheduledFor,
        startedAt: run.startedAt,
        finishedAt: ctx.now.toISOString(),
        status: 'interrupted',
        reason:
          `run ${run.runId} started at ${run.startedAt} and ended without recording a result (killed or crashed: ${why}); recorded by run ${ctx.recordedBy}` +
          (leftRecord ? `; the snapshot record ${id} it left is not evidence` : ''),
        snapshotId: leftRecord ? id : null,
        snapshotSha256: null,
        startedSeq: run.seq,
        host: null,
        pid: null,
        deadline: null,
      }),
    );
  }
  return appended;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
