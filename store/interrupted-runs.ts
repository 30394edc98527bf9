/**
 * Runs that started and never finished. A run writes a `started` ledger entry before anything
 * else, so a process killed at any later step (kill -9, power cut, OOM) leaves a start without a
 * finish. The next collect appends an `interrupted` entry for each such run whose process is gone
 * (same host, pid not alive) or whose deadline has passed. A snapshot record the dead run left
 * behind is named in that entry and is not evidence: nothing signed vouches for it.
 */
import { processIsAlive } from './process-alive.ts';
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

/** The longest a run can be open: collection.timeoutMinutes is at most 24 h, plus an hour for clocks that disagree. */
const MAX_OPEN_MS = 25 * 3_600_000;

/**
 * The tail of the ledger that can hold unfinished runs, read from the newest back. Every run
 * records the dead runs before it appends its own start, leaving only runs that may still be alive,
 * whose deadline had not passed: they started at most MAX_OPEN_MS before it. So the scan stops
 * once it is that far before the newest start, and a year of entries is not read at every run.
 */
export async function ledgerTail(store: EvidenceStore): Promise<LedgerEntry[]> {
  const tail: LedgerEntry[] = [];
  let newestStart: number | null = null;
  for await (const e of store.ledgerFromNewest()) {
    const startedMs = Date.parse(e.startedAt);
    if (newestStart !== null && startedMs < newestStart - MAX_OPEN_MS) break;
    tail.push(e);
    if (e.status === 'started' && newestStart === null) newestStart = startedMs;
  }
  return tail.reverse();
}

export async function recordInterruptedRuns(store: EvidenceStore, ctx: InterruptedRunsContext): Promise<LedgerEntry[]> {
  const isAlive = ctx.isAlive ?? processIsAlive;
  const appended: LedgerEntry[] = [];
  for (const run of unfinishedRuns(await ledgerTail(store))) {
    const pastDeadline = run.deadline !== null && Date.parse(run.deadline) < ctx.now.getTime();
    const deadHere = run.host === ctx.host && run.pid !== null && !isAlive(run.pid);
    if (!pastDeadline && !deadHere) continue; // may still be running (here or on another host)
    // Two collectors starting at once both see the dead run: only the first records it.
    if (!(await store.claimOnce(`interrupted-${run.seq}`, ctx.recordedBy))) continue;
    const id = snapshotIdOf(run.source, run.scheduledFor, run.runId);
    const leftRecord = await store.snapshotExists(id);
    const why = deadHere ? `its process ${run.pid} on ${run.host} is gone` : `its deadline ${run.deadline} passed`;
    appended.push(
      await store.appendLedger({
        runId: run.runId,
        source: run.source,
        scheduledFor: run.scheduledFor,
        ...(run.offSchedule ? { offSchedule: true } : {}),
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

