/**
 * Which runs the next collect records as interrupted: a start without a finish whose process is
 * gone or whose deadline passed; never a finished run, never a live one; found in the ledger's
 * tail without reading a year of entries.
 */
import { describe, expect, it } from 'vitest';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { ledgerTail, recordInterruptedRuns } from '../../store/interrupted-runs.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import type { EvidenceStore, NewLedgerEntry } from '../../store/types.ts';
import { makeLocalHarness } from './local-harness.ts';

const HOUR = 3_600_000;
const at = (h: number) => new Date(Date.UTC(2026, 5, 1) + h * HOUR).toISOString();

function started(runId: string, h: number, deadlineH: number, pid = 999_999, host = 'collector-1'): NewLedgerEntry {
  return { runId, source: 'prod', scheduledFor: at(h), startedAt: at(h), finishedAt: null, status: 'started', reason: null, snapshotId: null, snapshotSha256: null, startedSeq: null, host, pid, deadline: at(deadlineH) };
}
function finished(runId: string, h: number, startedSeq: number): NewLedgerEntry {
  return { runId, source: 'prod', scheduledFor: at(h), startedAt: at(h), finishedAt: at(h + 0.1), status: 'failed', reason: 'AccessDenied', snapshotId: null, snapshotSha256: null, startedSeq, host: null, pid: null, deadline: null };
}

async function withStore(fn: (store: EvidenceStore) => Promise<void>): Promise<void> {
  const h = await makeLocalHarness();
  try {
    await fn(await initializeEvidenceStore(h.backend, ephemeralLedgerSigner()));
  } finally {
    await h.cleanup();
  }
}

describe('recordInterruptedRuns', () => {
  it('records a dead run and an expired one, leaves finished and live ones alone', async () => {
    await withStore(async (store) => {
      const done = await store.appendLedger(started('r-done', 0, 1));
      await store.appendLedger(finished('r-done', 0, done.seq));
      const dead = await store.appendLedger(started('r-dead', 24, 25, 999_999, 'collector-1'));
      const expired = await store.appendLedger(started('r-expired', 24, 25, process.pid, 'collector-2'));
      await store.appendLedger(started('r-live-elsewhere', 47, 49, 1, 'collector-2'));
      const appended = await recordInterruptedRuns(store, { host: 'collector-1', now: new Date(at(48)), recordedBy: 'test', isAlive: (pid) => pid !== 999_999 });
      expect(appended.map((e) => [e.runId, e.status, e.startedSeq])).toEqual([
        ['r-dead', 'interrupted', dead.seq],
        ['r-expired', 'interrupted', expired.seq],
      ]);
      // Recorded once: a second pass finds nothing more.
      expect(await recordInterruptedRuns(store, { host: 'collector-1', now: new Date(at(48)), recordedBy: 'test', isAlive: () => true })).toEqual([]);
    });
  });

  it('reads only the tail: entries older than a day before the newest start are not read', async () => {
    await withStore(async (store) => {
      for (let d = 0; d < 20; d++) {
        const s = await store.appendLedger(started(`r-${d}`, d * 24, d * 24 + 1));
        await store.appendLedger(finished(`r-${d}`, d * 24, s.seq));
      }
      const tail = await ledgerTail(store);
      expect(tail.length).toBeLessThanOrEqual(6);
      expect(tail[tail.length - 1]!.runId).toBe('r-19');
    });
  });
});
